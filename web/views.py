"""The search pages: home, results (with facets, sort, hints, "did you mean"), and /help."""

from __future__ import annotations

from collections.abc import Mapping
from datetime import date
from typing import Any

from flask import Blueprint, Response, redirect, render_template, request, url_for

from disclosure_search.models import SearchQuery, SearchResults
from disclosure_search.querylang import parse_query
from web.caching import cached
from web.extension import get_index
from web.facets import (
    build_facet_groups,
    build_sort_links,
    find_active_filters,
    search_url,
)
from web.pagination import build_pagination
from web.params import LIMIT_CHOICES, parse_search, read_form, url_args

bp = Blueprint("pages", __name__)

LATEST = 10


@bp.get("/")
@cached
def home() -> str | Response:
    """The search form, index statistics and the latest disclosures; with arguments, a search."""
    form = read_form(request.args)
    if any(form.values()):
        return run_search(form)
    index = get_index()
    # "Latest" means dated: the open-ended range keeps undated disclosures out of the list.
    latest = index.search(SearchQuery(date_to=date.today(), limit=LATEST))
    stats = index.stats()
    return render_template(
        "search.html",
        form=form,
        limit_choices=LIMIT_CHOICES,
        results=latest,
        stats=stats,
        home=True,
        empty=not stats["disclosures"],
    )


@bp.get("/search")
@cached
def search() -> str | Response:
    """Ranked results for the query and filters (newest first with no words); a query that
    names one request (#REF, or a reference alone) goes straight to it."""
    return run_search(read_form(request.args))


def run_search(form: Mapping[str, str]) -> str | Response:
    """Results for a form, or a redirect when the query named one request."""
    q = parse_search(form)
    results = get_index().search(q, facets=True, suggest=True)
    if results.jump_to and q.page == 1:
        return redirect(url_for("documents.disclosure", doc_id=results.jump_to), code=302)
    return render_template("search.html", **results_context(form, results))


def results_context(form: Mapping[str, str], results: SearchResults) -> dict[str, Any]:
    """Everything search.html shows around the hits: links that change this search."""
    q = results.query
    links = url_args(form)
    links.pop("sort", None)  # feeds are newest first whatever the page shows
    return {
        "form": form,
        "limit_choices": LIMIT_CHOICES,
        "results": results,
        "stats": None,
        "home": False,
        # Say how to add disclosures, rather than "nothing matched", when there are none.
        "empty": not results.total and get_index().is_empty(),
        "pagination": build_pagination(form, q.page, results.page_count),
        "facet_groups": build_facet_groups(form, results.facets),
        "active_filters": find_active_filters(form),
        "sort_links": build_sort_links(form, results.sort, bool(parse_query(q.text).words)),
        "did_you_mean": search_url(form, q=results.corrected) if results.corrected else None,
        "feed_url": url_for("feeds.atom", **links),
        "csv_url": url_for("feeds.export_csv", **links),
        "jsonl_url": url_for("feeds.export_jsonl", **links),
        "api_url": url_for("api.search", **url_args(form)),
    }


@bp.get("/help")
@cached
def help_page() -> str:
    """How to search: the query language, facets, feeds, exports and the API."""
    return render_template("help.html")
