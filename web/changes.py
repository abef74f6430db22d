"""What changed in the crawled logs: a filtered list, one change with its text diff, a feed.

- `/changes?source=NAME&kind=changed&since=2025-01-01&page=2`: the list, newest first
- `/changes/<id>`: one change; for a changed response, the diff of its text
- `/changes.atom`, `/changes.json`: the same list as an Atom feed and as JSON
"""

from __future__ import annotations

from dataclasses import asdict
from datetime import UTC, datetime

from flask import Blueprint, Response, jsonify, render_template, request, url_for

from disclosure_search.changes import (
    KINDS,
    Change,
    ChangeFilter,
    count_changes,
    read_change,
    read_change_sources,
    read_changes,
    read_texts,
)
from disclosure_search.errors import InvalidQueryError
from disclosure_search.textdiff import diff_counts, find_diff
from web.extension import get_index
from web.feeds import xml_response
from web.params import parse_date

bp = Blueprint("changes", __name__)

PAGE_SIZE = 50
FEED_LIMIT = 50
MAX_PAGE = 100_000


def read_filter(limit: int) -> tuple[ChangeFilter, int]:
    """The request's filter (source, kind, since, page) and page number; InvalidQueryError
    (a 400) names a bad value."""
    kind = (request.args.get("kind") or "").strip() or None
    if kind and kind not in KINDS:
        raise InvalidQueryError(f"'kind' must be one of {', '.join(KINDS)}, not {kind!r}.")
    page_text = (request.args.get("page") or "1").strip()
    if not page_text.isdigit() or not 1 <= int(page_text) <= MAX_PAGE:
        raise InvalidQueryError(f"'page' must be a whole number from 1, not {page_text!r}.")
    page = int(page_text)
    wanted = ChangeFilter(
        source=(request.args.get("source") or "").strip() or None,
        kind=kind,
        since=parse_date("since", (request.args.get("since") or "").strip()),
        limit=limit,
        offset=(page - 1) * limit,
    )
    return wanted, page


def filter_args(wanted: ChangeFilter) -> dict[str, str]:
    """The filter as query arguments, for links that keep it."""
    args = {"source": wanted.source, "kind": wanted.kind}
    args["since"] = wanted.since.isoformat() if wanted.since else None
    return {k: v for k, v in args.items() if v}


@bp.get("/changes")
def changes() -> str:
    """Appeared, changed and disappeared documents, newest first, PAGE_SIZE a page."""
    settings = get_index().settings
    wanted, page = read_filter(PAGE_SIZE)
    counts = count_changes(settings, wanted)
    total = counts[wanted.kind] if wanted.kind else sum(counts.values())
    args = filter_args(wanted)
    more = page * PAGE_SIZE < total
    return render_template(
        "changes.html",
        changes=read_changes(settings, wanted),
        wanted=wanted,
        counts=counts,
        total=total,
        kinds=KINDS,
        sources=read_change_sources(settings, wanted.since),
        previous=url_for("changes.changes", **args, page=page - 1) if page > 1 else None,
        next=url_for("changes.changes", **args, page=page + 1) if more else None,
        args=args,
    )


@bp.get("/changes/<int:change_id>")
def change(change_id: int) -> str:
    """One change: what, where, when, and for a changed response the diff of its text."""
    settings = get_index().settings
    found = read_change(settings, change_id)
    texts = read_texts(settings, found)
    lines = find_diff(*texts) if texts else None
    removed, added = diff_counts(lines) if lines else (0, 0)
    return render_template(
        "change.html", c=found, lines=lines, removed=removed, added=added, texts=texts
    )


@bp.get("/changes.json")
def changes_json() -> Response:
    """The list as JSON: {"total", "counts", "sources", "changes": [...]}, the same filter
    and pages; "sources" counts each source's changes by kind (since `since`)."""
    settings = get_index().settings
    wanted, _ = read_filter(PAGE_SIZE)
    counts = count_changes(settings, wanted)
    total = counts[wanted.kind] if wanted.kind else sum(counts.values())
    found = read_changes(settings, wanted)
    sources = [asdict(s) for s in read_change_sources(settings, wanted.since)]
    return jsonify(
        total=total, counts=counts, sources=sources, changes=[c.to_dict() for c in found]
    )


@bp.get("/changes.atom")
def changes_atom() -> Response:
    """The newest FEED_LIMIT changes (the same filter) as an Atom feed."""
    settings = get_index().settings
    wanted, _ = read_filter(FEED_LIMIT)
    found = read_changes(settings, wanted)
    args = filter_args(wanted)
    body = render_template(
        "changes.xml",
        changes=found,
        feed_id=url_for("changes.changes_atom", _external=True, **args),
        self_url=url_for("changes.changes_atom", _external=True, **args),
        html_url=url_for("changes.changes", _external=True, **args),
        updated=atom_time(found[0].at) if found else now_atom(),
        atom_time=atom_time,
        summary=describe_change,
        title=describe_filter(wanted),
    )
    return xml_response(body, "application/atom+xml")


def atom_time(recorded: str) -> str:
    """An RFC 3339 time in UTC ('2026-12-01T04:52:08Z') from the log's ISO time."""
    when = datetime.fromisoformat(recorded)
    when = when.replace(tzinfo=when.tzinfo or UTC).astimezone(UTC)
    return when.strftime("%Y-%m-%dT%H:%M:%SZ")


def now_atom() -> str:
    return datetime.now(UTC).strftime("%Y-%m-%dT%H:%M:%SZ")


def describe_filter(wanted: ChangeFilter) -> str:
    """'changed · source: north-tyneside' for a title."""
    parts = [wanted.kind] if wanted.kind else []
    parts += [f"source: {wanted.source}"] if wanted.source else []
    parts += [f"since {wanted.since.isoformat()}"] if wanted.since else []
    return " · ".join(parts) or "all changes"


def describe_change(c: Change) -> str:
    """One sentence for a feed entry."""
    what = {
        "appeared": "appeared in",
        "changed": "changed in",
        "disappeared": "disappeared from",
    }[c.kind]
    detail = f" ({c.detail})" if c.detail else ""
    return f"{c.title or c.url} {what} the log of {c.source}{detail}."
