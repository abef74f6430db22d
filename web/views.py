"""The HTML pages: search (and the home page), one disclosure, and request-reference jumps."""

from __future__ import annotations

from datetime import date

from flask import Blueprint, Response, redirect, render_template, request, url_for

from disclosure_search.models import SearchQuery
from web.extension import get_index
from web.pagination import build_pagination
from web.params import LIMIT_CHOICES, parse_search, read_form

bp = Blueprint("pages", __name__)

LATEST = 10


@bp.get("/")
def home() -> str:
    """The search form, index statistics and the latest disclosures; with arguments, a search."""
    if any(read_form(request.args).values()):
        return search()
    index = get_index()
    # "Latest" means dated: the open-ended range keeps undated disclosures out of the list.
    latest = index.search(SearchQuery(date_to=date.today(), limit=LATEST))
    return render_template(
        "search.html",
        form=read_form({}),
        limit_choices=LIMIT_CHOICES,
        results=latest,
        stats=index.stats(),
        pagination=None,
        home=True,
    )


@bp.get("/search")
def search() -> str:
    """Ranked results for the form's words and filters (newest first with no words)."""
    form = read_form(request.args)
    q = parse_search(form)
    results = get_index().search(q)
    return render_template(
        "search.html",
        form=form,
        limit_choices=LIMIT_CHOICES,
        results=results,
        stats=None,
        pagination=build_pagination(form, q.page, results.page_count),
        home=False,
    )


@bp.get("/disclosure/<doc_id>")
def disclosure(doc_id: str) -> str:
    """Metadata and full text, part by part; `?q=words` marks those words in the text."""
    index = get_index()
    record = index.disclosure(doc_id)
    original = index.settings.original_path(record.sha256) if record.sha256 else None
    size = original.stat().st_size if original and original.is_file() else None
    return render_template(
        "disclosure.html",
        d=record,
        q=(request.args.get("q") or "").strip(),
        matched_part=request.args.get("part", type=int),
        original_size=size,
    )


@bp.get("/request/<path:ref>")
def find_request(ref: str) -> Response:
    """Jump to the disclosure answering a request reference, however it is written."""
    doc_id = get_index().find_request(ref)
    return redirect(url_for("pages.disclosure", doc_id=doc_id), code=302)
