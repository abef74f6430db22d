"""The JSON API: the same search and disclosure data as the pages, for programs."""

from __future__ import annotations

from typing import Any

from flask import Blueprint, request

from web.extension import get_index
from web.params import parse_search, read_form

bp = Blueprint("api", __name__, url_prefix="/api")


@bp.get("/search")
def search() -> dict[str, Any]:
    """{"total": N, "page", "page_count", "results": [...]} for the same arguments as /search."""
    q = parse_search(read_form(request.args))
    return get_index().search(q).to_json()


@bp.get("/disclosure/<doc_id>")
def disclosure(doc_id: str) -> dict[str, Any]:
    """A disclosure's metadata plus "parts": [{number, label, page, text}]."""
    record = get_index().disclosure(doc_id)
    parts = [
        {"number": p.number, "label": p.label, "page": p.page, "text": p.text} for p in record.parts
    ]
    return {**record.metadata(), "parts": parts}
