"""The JSON API: the same search and disclosure data as the pages, for programs."""

from __future__ import annotations

from typing import Any

from flask import Blueprint, request

from disclosure_search.errors import NotFoundError
from web.caching import cached
from web.extension import get_index
from web.params import parse_search, read_form

bp = Blueprint("api", __name__, url_prefix="/api")


@bp.get("/search")
@cached
def search() -> dict[str, Any]:
    """The same arguments and query language as /search. Shape: {"total", "page",
    "page_count", "limit", "sort", "understood", "hints", "did_you_mean", "jump_to",
    "partial", "facets": {name: [{"value", "count"}]}, "results": [...]}."""
    q = parse_search(read_form(request.args))
    return get_index().search(q, facets=True, suggest=True).to_json()


@bp.get("/disclosure/<doc_id>")
@cached
def disclosure(doc_id: str) -> dict[str, Any]:
    """A disclosure's metadata plus "parts": [{number, label, page, text}]."""
    record = get_index().disclosure(doc_id)
    parts = [
        {"number": p.number, "label": p.label, "page": p.page, "text": p.text} for p in record.parts
    ]
    return {**record.metadata(), "parts": parts}


@bp.get("/group/<group_id>")
@cached
def group(group_id: str) -> dict[str, Any]:
    """The disclosures answering one round-robin request: {"group", "results": [...]}."""
    members = get_index().group_members(group_id)
    if not members:
        raise NotFoundError(f"No group of requests with id {group_id!r}.")
    return {"group": group_id, "results": [hit.to_json() for hit in members]}
