"""What changed in the crawled logs: a filtered list, one change with its text diff, a feed.

- `/changes?source=NAME&kind=changed&since=2025-01-01&page=2`: the list, newest first
- `/changes/<id>`: one change; for a changed response, the diff of its text
- `/changes.atom`, `/changes.json`: the same list as an Atom feed and as JSON
"""

from __future__ import annotations

from dataclasses import asdict, dataclass
from datetime import UTC, datetime
from functools import lru_cache

from flask import Blueprint, Response, jsonify, make_response, render_template, request, url_for

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
from disclosure_search.config import Settings
from disclosure_search.errors import InvalidQueryError
from disclosure_search.models import is_web_address
from disclosure_search.textdiff import MAX_DIFF_LINES, DiffLine, diff_counts, find_diff, split_lines
from web.extension import get_index
from web.feeds import now_atom, xml_response
from web.params import parse_date, parse_int

bp = Blueprint("changes", __name__)
# Only a web address becomes a link: a log's row could name a javascript: or file: one.
bp.add_app_template_test(is_web_address, "web_address")

PAGE_SIZE = 50
FEED_LIMIT = 50
MAX_PAGE = 100_000
# A change is never edited once recorded, so its page may be kept a day.
CHANGE_MAX_AGE = 86_400


def read_filter(limit: int) -> tuple[ChangeFilter, int]:
    """The request's filter (source, kind, since, page) and page number; InvalidQueryError
    (a 400) names a bad value."""
    kind = (request.args.get("kind") or "").strip() or None
    if kind and kind not in KINDS:
        raise InvalidQueryError(f"'kind' must be one of {', '.join(KINDS)}, not {kind!r}.")
    page = parse_int("page", (request.args.get("page") or "").strip(), 1, MAX_PAGE)
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
def change(change_id: int) -> Response:
    """One change: what, where, when, and for a changed response the diff of its text
    (unless a text is over MAX_DIFF_LINES lines: then the two originals to compare)."""
    settings = get_index().settings
    found = read_change(settings, change_id)
    body = render_template(
        "change.html",
        c=found,
        diff=text_change(settings, found, MAX_DIFF_LINES),
        max_lines=MAX_DIFF_LINES,
    )
    response = make_response(body)
    response.headers["Cache-Control"] = f"public, max-age={CHANGE_MAX_AGE}"
    return response


@dataclass(frozen=True)
class TextChange:
    """A changed response's text diff: its lines (None when a side has too many to compare
    here), how many lines each side has, and how many were removed and added."""

    lines: list[DiffLine] | None
    before: int
    after: int
    removed: int = 0
    added: int = 0


@lru_cache(maxsize=32)
def text_change(settings: Settings, found: Change, max_lines: int) -> TextChange | None:
    """The diff of a change's kept texts (no lines when a side has over `max_lines`), None
    when they were not kept. Cached: a change never changes, and a diff of long texts can
    take a good part of a second."""
    texts = read_texts(settings, found)
    if texts is None:
        return None
    before, after = (len(split_lines(text)) for text in texts)
    if max(before, after) > max_lines:
        return TextChange(None, before, after)
    lines = find_diff(*texts)
    return TextChange(lines, before, after, *diff_counts(lines))


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
        total=total, counts=counts, sources=sources, changes=[c.to_json() for c in found]
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
