"""Follow and reuse a search: an Atom feed (newest first, paged), CSV and JSON lines exports."""

from __future__ import annotations

import posixpath
import re
import unicodedata
from collections.abc import Callable, Iterable, Iterator
from datetime import UTC, datetime
from typing import Any
from urllib.parse import quote

from flask import Blueprint, Response, render_template, request, stream_with_context, url_for

from disclosure_search.exports import iter_csv, iter_jsonl
from disclosure_search.models import SearchHit, SearchResults
from web.caching import cached
from web.extension import get_index
from web.params import parse_search, read_form, url_args

bp = Blueprint("feeds", __name__)

FEED_LIMIT = 50
# Characters XML 1.0 forbids; extracted PDF text carries form feeds and other controls.
_NOT_XML = re.compile("[^\x09\x0a\x0d\x20-\ud7ff\ue000-\ufffd\U00010000-\U0010ffff]")


def xml_safe(text: str) -> str:
    """`text` without the characters that would make an XML document ill-formed."""
    return _NOT_XML.sub("", text)


def xml_response(body: str, mimetype: str) -> Response:
    """An XML response, stripped of characters XML cannot carry."""
    return Response(xml_safe(body), mimetype=mimetype)


def download(body: Any, content_type: str, filename: str) -> Response:
    """A file to save rather than show (`body` a string or an iterable of strings); a name
    beyond ASCII is sent as RFC 6266's filename*, with an ASCII fallback."""
    response = Response(body, content_type=content_type)
    plain = unicodedata.normalize("NFKD", filename).encode("ascii", "ignore").decode("ascii")
    stem, suffix = posixpath.splitext(plain)
    if not any(c.isalnum() for c in stem):  # nothing of the name survives in ASCII
        plain = "download" + suffix
    names = {"filename": plain}
    if plain != filename:
        names["filename*"] = "UTF-8''" + quote(filename, safe="")
    response.headers.set("Content-Disposition", "attachment", **names)
    return response


@bp.get("/feed.atom")
@cached
def atom() -> Response:
    """The search as an Atom feed, newest first, FEED_LIMIT entries a page (`limit` to
    change it), with RFC 5005 first/previous/next/last links to page through all of it."""
    # Links repeat what was asked for; the order is always newest first.
    form = {**read_form(request.args), "sort": ""}
    q = parse_search({**form, "sort": "newest", "limit": form["limit"] or str(FEED_LIMIT)})
    results = get_index().search(q)
    body = render_template(
        "atom.xml",
        results=results,
        links=feed_links(form, results),
        feed_id=url_for("feeds.atom", _external=True, **url_args(form)),
        updated=feed_updated(results.hits),
        entry_updated=entry_updated,
        title=describe_search(form),
    )
    return xml_response(body, "application/atom+xml")


FILTER_NAMES = ("authority", "topic", "exemption", "outcome", "format", "request_id")


def describe_search(form: dict[str, str]) -> str:
    """'council · topic: health · from 2024-01-01' for a feed's title."""
    parts = [form["q"]] if form.get("q") else []
    parts += [f"{name.replace('_', ' ')}: {form[name]}" for name in FILTER_NAMES if form.get(name)]
    parts += [
        f"{word} {form[key]}" for key, word in (("from", "from"), ("to", "to")) if form.get(key)
    ]
    return " · ".join(parts) or "all disclosures"


def feed_links(form: dict[str, str], results: SearchResults) -> dict[str, str]:
    """rel -> address for this page of the feed and its neighbours."""

    def page(n: int) -> str:
        return url_for("feeds.atom", _external=True, **url_args(form, n))

    current, last = results.query.page, results.page_count
    links = {"self": page(current), "first": page(1), "last": page(last)}
    if current > 1:
        links["previous"] = page(current - 1)
    if current < last:
        links["next"] = page(current + 1)
    html_args = {k: v for k, v in url_args(form).items() if k not in ("sort", "limit")}
    links["alternate"] = url_for("pages.search", _external=True, **html_args)
    return links


def entry_updated(hit: SearchHit) -> str:
    """An RFC 3339 time for an entry: its response date, else when it was retrieved."""
    if hit.date:
        return f"{hit.date.isoformat()}T00:00:00Z"
    if hit.fetched_at:
        return hit.fetched_at
    return "1970-01-01T00:00:00Z"


def feed_updated(hits: Iterable[SearchHit]) -> str:
    """The feed's time: its newest dated entry, else now."""
    times = [entry_updated(hit) for hit in hits if hit.date]
    return max(times) if times else now_atom()


def now_atom() -> str:
    """Now as an RFC 3339 UTC time: the `updated` of a feed with no dated entry."""
    return datetime.now(UTC).strftime("%Y-%m-%dT%H:%M:%SZ")


@bp.get("/export.csv")
@cached
def export_csv() -> Response:
    """Every match of the search as CSV (one row per disclosure, with its permalink)."""
    return export(iter_csv, "text/csv; charset=utf-8", "csv")


@bp.get("/export.jsonl")
@cached
def export_jsonl() -> Response:
    """Every match of the search as JSON lines (one object per disclosure)."""
    return export(iter_jsonl, "application/x-ndjson; charset=utf-8", "jsonl")


Renderer = Callable[..., Iterator[str]]


def export(render: Renderer, content_type: str, extension: str) -> Response:
    """Every match of the request's search, streamed in one format."""
    q = parse_search(read_form(request.args))
    hits = get_index().iter_hits(q)

    def permalink(hit: SearchHit) -> str:
        return url_for("documents.disclosure", doc_id=hit.doc_id, _external=True)

    # Streamed: a large export starts at once and is never held in memory whole.
    return download(
        stream_with_context(render(hits, permalink)), content_type, f"disclosures.{extension}"
    )
