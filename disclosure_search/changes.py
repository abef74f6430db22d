"""The change log: what each crawl found appeared, changed or disappeared in a source's log.

The crawler (`indexer.changes`) writes it into the crawl ledger's database (`crawl.sqlite`);
this module reads it for the web pages, the feed and the `changes` command, so neither needs
the indexer. The schema lives here, the one place both sides import it from.

    >>> read_changes(settings, ChangeFilter(source="north-tyneside", kind="changed"))
    [Change(id=12, kind='changed', url='https://...', ...), ...]
"""

from __future__ import annotations

import json
import sqlite3
import zlib
from dataclasses import asdict, dataclass
from datetime import date
from typing import Any

from disclosure_search.config import Settings
from disclosure_search.errors import NotFoundError

APPEARED, CHANGED, DISAPPEARED = "appeared", "changed", "disappeared"
KINDS = (APPEARED, CHANGED, DISAPPEARED)

SCHEMA = """
CREATE TABLE IF NOT EXISTS changes (
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    source TEXT NOT NULL,
    url TEXT NOT NULL,
    kind TEXT NOT NULL,              -- appeared | changed | disappeared
    doc_ids TEXT NOT NULL DEFAULT '[]',
    title TEXT,
    crawl_id INTEGER NOT NULL,       -- the run (crawls.id) that found it
    run_started TEXT NOT NULL,
    at TEXT NOT NULL,                -- when it was recorded (UTC, ISO 8601)
    old_sha256 TEXT,
    new_sha256 TEXT,
    detail TEXT,
    UNIQUE (crawl_id, url, kind)     -- a resumed run never records the same change twice
);
CREATE INDEX IF NOT EXISTS changes_at ON changes (at);
CREATE INDEX IF NOT EXISTS changes_source ON changes (source, at);
-- Extracted text of a changed response, before and after, by the original's SHA-256:
-- the diff of a change needs both, and the index keeps only the newest.
CREATE TABLE IF NOT EXISTS change_texts (sha256 TEXT PRIMARY KEY, text BLOB NOT NULL);
"""
# SQLite's largest INTEGER: a larger id is no row (and would overflow the query).
MAX_ID = 2**63 - 1
_COLUMNS = (
    "id, source, url, kind, doc_ids, title, crawl_id, run_started, at, old_sha256,"
    " new_sha256, detail"
)


@dataclass(frozen=True)
class Change:
    """One event: a document URL that appeared in, changed in or disappeared from a log."""

    id: int
    source: str
    url: str
    kind: str
    doc_ids: tuple[str, ...]
    title: str | None
    crawl_id: int
    run_started: str
    at: str
    old_sha256: str | None
    new_sha256: str | None
    detail: str | None = None

    @property
    def doc_id(self) -> str | None:
        """The disclosure the URL holds (the first, for a log table of many)."""
        return self.doc_ids[0] if self.doc_ids else None

    def to_json(self) -> dict[str, Any]:
        """A JSON-ready dict (the JSON API's and the `changes --format json` entries)."""
        data = asdict(self)
        data["doc_ids"] = list(self.doc_ids)
        return data


@dataclass(frozen=True)
class ChangeFilter:
    """Which changes to list: newest first, `limit` from `offset`."""

    source: str | None = None
    kind: str | None = None
    since: date | None = None
    limit: int = 50
    offset: int = 0


def pack_text(text: str) -> bytes:
    return zlib.compress(text.encode("utf-8"))


def _unpack_text(blob: bytes) -> str:
    return zlib.decompress(blob).decode("utf-8")


def _open(settings: Settings) -> sqlite3.Connection | None:
    """The crawl ledger read-only, or None when no crawl ever ran in this home."""
    if not settings.crawl_path.is_file():
        return None
    return sqlite3.connect(f"{settings.crawl_path.resolve().as_uri()}?mode=ro", uri=True)


def _query(settings: Settings, sql: str, params: tuple = ()) -> list[tuple]:
    """Rows of `sql`; none when there is no ledger, or one from before the change log."""
    db = _open(settings)
    if db is None:
        return []
    try:
        return db.execute(sql, params).fetchall()
    except sqlite3.OperationalError as exc:
        if "no such table" in str(exc):
            return []
        raise
    finally:
        db.close()


def _where(wanted: ChangeFilter) -> tuple[str, tuple]:
    clauses, params = [], []
    if wanted.source:
        clauses.append("source = ?")
        params.append(wanted.source)
    if wanted.kind:
        clauses.append("kind = ?")
        params.append(wanted.kind)
    if wanted.since:
        clauses.append("at >= ?")
        params.append(wanted.since.isoformat())
    return (" WHERE " + " AND ".join(clauses) if clauses else ""), tuple(params)


def _to_change(row: tuple) -> Change:
    values = list(row)
    values[4] = tuple(json.loads(values[4] or "[]"))
    return Change(*values)


def read_changes(settings: Settings, wanted: ChangeFilter | None = None) -> list[Change]:
    """The changes `wanted` asks for, newest first."""
    wanted = wanted or ChangeFilter()
    where, params = _where(wanted)
    rows = _query(
        settings,
        f"SELECT {_COLUMNS} FROM changes{where} ORDER BY at DESC, id DESC LIMIT ? OFFSET ?",
        (*params, wanted.limit, wanted.offset),
    )
    return [_to_change(row) for row in rows]


def count_changes(settings: Settings, wanted: ChangeFilter | None = None) -> dict[str, int]:
    """How many changes of each kind match `wanted` (its kind, limit and offset aside)."""
    wanted = wanted or ChangeFilter()
    where, params = _where(ChangeFilter(source=wanted.source, since=wanted.since))
    rows = _query(settings, f"SELECT kind, count(*) FROM changes{where} GROUP BY kind", params)
    counts = dict.fromkeys(KINDS, 0)
    counts.update(dict(rows))
    return counts


def read_change(settings: Settings, change_id: int) -> Change:
    """One change by its id, or NotFoundError (also for an id no row can have)."""
    rows = []
    if 1 <= change_id <= MAX_ID:
        rows = _query(settings, f"SELECT {_COLUMNS} FROM changes WHERE id = ?", (change_id,))
    if not rows:
        raise NotFoundError(f"No change with id {change_id}: see the list at /changes.")
    return _to_change(rows[0])


@dataclass(frozen=True)
class SourceChanges:
    """A source's changes since `since` (all, if None): how many of each kind, the last one."""

    source: str
    counts: dict[str, int]
    last: str


def read_change_sources(settings: Settings, since: date | None = None) -> list[SourceChanges]:
    """Every source with changes (since `since`), by name, with its counts by kind."""
    where, params = _where(ChangeFilter(since=since))
    rows = _query(
        settings,
        f"SELECT source, kind, count(*), max(at) FROM changes{where} GROUP BY source, kind"
        " ORDER BY source",
        params,
    )
    counts: dict[str, dict[str, int]] = {}
    lasts: dict[str, str] = {}
    for source, kind, count, last in rows:
        counts.setdefault(source, dict.fromkeys(KINDS, 0))[kind] = count
        lasts[source] = max(last, lasts.get(source, last))
    return [SourceChanges(source, counts[source], lasts[source]) for source in counts]


def read_change_text(settings: Settings, sha256: str | None) -> str | None:
    """The extracted text kept for the original with this SHA-256, if any."""
    if not sha256:
        return None
    rows = _query(settings, "SELECT text FROM change_texts WHERE sha256 = ?", (sha256,))
    return _unpack_text(rows[0][0]) if rows else None


def read_texts(settings: Settings, change: Change) -> tuple[str, str] | None:
    """The text before and after a change, or None when either was not kept."""
    old = read_change_text(settings, change.old_sha256)
    new = read_change_text(settings, change.new_sha256)
    return (old, new) if old is not None and new is not None else None
