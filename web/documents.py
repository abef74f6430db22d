"""One disclosure's page, a round-robin group's table, and request-reference jumps."""

from __future__ import annotations

from flask import Blueprint, Response, redirect, render_template, request, url_for

from disclosure_search.errors import NotFoundError
from disclosure_search.roundrobin import compile_group
from web.caching import cached
from web.citation import build_citation, describe, disclosure_json_ld
from web.extension import get_index

bp = Blueprint("documents", __name__)

SIMILAR = 5


@bp.get("/disclosure/<doc_id>")
@cached
def disclosure(doc_id: str) -> str | Response:
    """Citation, metadata, Q&A and text part by part; `?q=words` marks those words and
    `?part=N` opens that part. This address is the disclosure's permalink; the permalink of
    a local file's earlier bytes redirects (301) to the disclosure that replaced it."""
    index = get_index()
    record = index.disclosure(doc_id)
    if record.doc_id != doc_id:
        target = url_for("documents.disclosure", doc_id=record.doc_id, **request.args)
        return redirect(target, 301)
    original = index.settings.original_path(record.sha256) if record.sha256 else None
    size = original.stat().st_size if original and original.is_file() else None
    permalink = url_for("documents.disclosure", doc_id=doc_id, _external=True)
    original_url = None
    if size is not None:
        original_url = url_for(
            "originals.original", sha256=record.sha256, doc=doc_id, _external=True
        )
    related = index.related(record, top=SIMILAR)
    return render_template(
        "disclosure.html",
        d=record,
        q=(request.args.get("q") or "").strip(),
        matched_part=request.args.get("part", type=int),
        original_size=size,
        permalink=permalink,
        citation=build_citation(record, permalink),
        description=describe(record),
        json_ld=disclosure_json_ld(record, permalink, original_url),
        similar=related.similar,
        group_size=len(related.group),
    )


@bp.get("/group/<group_id>")
@cached
def group(group_id: str) -> str:
    """The same request sent to many authorities: one row per authority's answer, then the
    answers compiled question by question (also as CSV, XLSX and JSON downloads)."""
    index = get_index()
    members = index.group_members(group_id)
    if not members:
        raise NotFoundError(f"No group of requests with id {group_id!r}.")
    authorities = {m.authority for m in members if m.authority}
    compiled = compile_group(group_id, [index.disclosure(m.doc_id) for m in members])
    return render_template(
        "group.html",
        group_id=group_id,
        members=members,
        title=compiled.title,  # as `group --list` and the downloads give it
        authority_count=len(authorities),
        unnamed=sum(not m.authority for m in members),
        compiled=compiled,
    )


@bp.get("/request/<path:ref>")
def find_request(ref: str) -> Response:
    """Jump to the disclosure answering a request reference, however it is written."""
    doc_id = get_index().find_request(ref)
    return redirect(url_for("documents.disclosure", doc_id=doc_id), code=302)
