"""The crawl ledger (SQLite, `crawl.sqlite` in the data home): every URL seen and every run.

A URL row holds what the last fetch said (HTTP status, ETag, Last-Modified, SHA-256, error),
when it was first and last seen, and `crawl_id`: the run that last finished with it. A run
that is killed stays open; the next crawl of the source resumes it and skips every URL whose
`crawl_id` is already that run's, so nothing is fetched twice and nothing is lost.
"""

from __future__ import annotations

from dataclasses import dataclass, replace
from datetime import UTC, datetime, timedelta

from disclosure_search.config import Settings
from indexer.fetch import Fetched
from indexer.state import connect

# An interrupted run older than this starts afresh: its listing pages are too stale to trust.
RESUME_WITHIN = timedelta(days=7)
PENDING = "pending"  # a document's status until its batch is committed and its outcome known

_SCHEMA = """
CREATE TABLE IF NOT EXISTS urls (
    source TEXT NOT NULL,
    url TEXT NOT NULL,
    kind TEXT NOT NULL,              -- listing | log (a listing ingested as a table) | document
    status TEXT NOT NULL,            -- indexed | unchanged | failed | skipped | removed | listing
    http_status INTEGER,
    etag TEXT,
    last_modified TEXT,
    sha256 TEXT,
    first_seen TEXT NOT NULL,
    last_seen TEXT NOT NULL,
    last_new TEXT,                   -- when its content was last new or changed
    error TEXT,
    crawl_id INTEGER,
    final_url TEXT,                  -- where redirects led: relative links resolve against it
    PRIMARY KEY (source, url)
);
CREATE TABLE IF NOT EXISTS crawls (
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    source TEXT NOT NULL,
    started_at TEXT NOT NULL,
    finished_at TEXT,                -- NULL while running, interrupted or stopped
    complete INTEGER NOT NULL DEFAULT 0,
    summary TEXT,
    note TEXT                        -- why it stopped early
);
"""
_URL_COLUMNS = (
    "source, url, kind, status, http_status, etag, last_modified, sha256, first_seen,"
    " last_seen, last_new, error, crawl_id, final_url"
)


def now() -> str:
    return datetime.now(UTC).isoformat(timespec="seconds")


@dataclass(frozen=True)
class UrlState:
    source: str
    url: str
    kind: str
    status: str
    http_status: int | None = None
    etag: str | None = None
    last_modified: str | None = None
    sha256: str | None = None
    first_seen: str = ""
    last_seen: str = ""
    last_new: str | None = None
    error: str | None = None
    crawl_id: int | None = None
    final_url: str | None = None


@dataclass(frozen=True)
class Run:
    """One crawl of one source; `resumed` when it continues an interrupted run."""

    id: int
    source: str
    started_at: str
    resumed: bool = False


@dataclass(frozen=True)
class SourceSummary:
    """What `sources` shows: the last run, the last new item and the URLs now failing."""

    source: str
    last_started: str | None
    last_finished: str | None
    last_summary: str | None
    last_note: str | None
    last_new: str | None
    failures: int


class CrawlLedger:
    """The crawl ledger of one data home. Each write is its own transaction."""

    def __init__(self, settings: Settings) -> None:
        self._db = connect(settings, settings.crawl_path, lambda db: db.executescript(_SCHEMA))

    def __enter__(self) -> CrawlLedger:
        return self

    def __exit__(self, *exc: object) -> None:
        self._db.close()

    def begin(self, source: str) -> Run:
        """The source's interrupted run if there is a recent one, else a new run."""
        row = self._db.execute(
            "SELECT id, started_at FROM crawls WHERE source = ? AND finished_at IS NULL"
            " ORDER BY id DESC LIMIT 1",
            (source,),
        ).fetchone()
        if row and datetime.now(UTC) - datetime.fromisoformat(row[1]) <= RESUME_WITHIN:
            return Run(row[0], source, row[1], resumed=True)
        if row:
            note = f"abandoned: not resumed within {RESUME_WITHIN.days} days"
            self.finish(Run(row[0], source, row[1]), "", complete=False, note=note)
        started = now()
        with self._db:
            cursor = self._db.execute(
                "INSERT INTO crawls (source, started_at) VALUES (?, ?)", (source, started)
            )
        return Run(int(cursor.lastrowid or 0), source, started)

    def finish(self, run: Run, summary: str, complete: bool, note: str | None = None) -> None:
        with self._db:
            self._db.execute(
                "UPDATE crawls SET finished_at = ?, complete = ?, summary = ?, note = ?"
                " WHERE id = ?",
                (now(), int(complete), summary, note, run.id),
            )

    def pause(self, run: Run, summary: str, note: str) -> None:
        """Record why a run stopped early, leaving it open so the next crawl resumes it."""
        with self._db:
            self._db.execute(
                "UPDATE crawls SET summary = ?, note = ? WHERE id = ?", (summary, note, run.id)
            )

    def get(self, source: str, url: str) -> UrlState | None:
        row = self._db.execute(
            f"SELECT {_URL_COLUMNS} FROM urls WHERE source = ? AND url = ?", (source, url)
        ).fetchone()
        return UrlState(*row) if row else None

    def put(self, state: UrlState) -> None:
        """Insert or replace a URL's row, keeping when it was first seen."""
        previous = self.get(state.source, state.url)
        first_seen = previous.first_seen if previous else state.last_seen
        values = (*_values(state)[:8], first_seen, *_values(state)[9:])
        with self._db:
            self._db.execute(
                f"INSERT OR REPLACE INTO urls ({_URL_COLUMNS}) VALUES ({', '.join('?' * 14)})",
                values,
            )

    def unconfirmed(self, source: str, run: Run) -> list[UrlState]:
        """Ingested URLs of the source that this run did not find (candidates for removal)."""
        rows = self._db.execute(
            f"SELECT {_URL_COLUMNS} FROM urls WHERE source = ? AND kind != 'listing'"
            " AND status NOT IN ('removed', 'skipped') AND (crawl_id IS NULL OR crawl_id != ?)",
            (source, run.id),
        ).fetchall()
        return [UrlState(*row) for row in rows]

    def set_status(self, source: str, url: str, status: str) -> None:
        with self._db:
            self._db.execute(
                "UPDATE urls SET status = ? WHERE source = ? AND url = ?", (status, source, url)
            )

    def summary(self, source: str) -> SourceSummary:
        last = self._db.execute(
            "SELECT started_at, finished_at, summary, note FROM crawls WHERE source = ?"
            " ORDER BY id DESC LIMIT 1",
            (source,),
        ).fetchone() or (None, None, None, None)
        last_new, failures = self._db.execute(
            "SELECT MAX(last_new), SUM(status = 'failed') FROM urls WHERE source = ?", (source,)
        ).fetchone()
        return SourceSummary(source, *last, last_new, int(failures or 0))


def next_state(
    previous: UrlState | None,
    source: str,
    url: str,
    kind: str,
    status: str,
    run: Run,
    error: str | None = None,
) -> UrlState:
    """A URL's state seen in `run`, carrying over what a failed or skipped fetch cannot
    replace: the validators and SHA-256 of the copy we hold, when it was last new."""
    keep = previous if previous and previous.status not in ("failed", "skipped") else None
    return UrlState(
        source=source,
        url=url,
        kind=kind,
        status=status,
        etag=keep.etag if keep else None,
        last_modified=keep.last_modified if keep else None,
        sha256=keep.sha256 if keep else None,
        last_seen=now(),
        last_new=previous.last_new if previous else None,
        error=error,
        crawl_id=run.id,
        final_url=keep.final_url if keep else None,
    )


def settle(state: UrlState, fetched: Fetched | None, outcome: str | None) -> UrlState:
    """The state once its batch is committed: the fetch's validators, the ingest outcome
    ("indexed", "unchanged", "failed"; None when nothing was ingested)."""
    if fetched is not None and fetched.not_modified:
        state = replace(state, http_status=304, etag=fetched.etag or state.etag)
    elif fetched is not None:
        etag, modified = fetched.etag, fetched.last_modified
        state = replace(state, http_status=200, etag=etag, last_modified=modified)
    if state.status == PENDING or (state.kind == "log" and outcome):
        state = replace(state, status=outcome if outcome in ("indexed", "failed") else "unchanged")
    if state.status == "indexed":
        state = replace(state, last_new=now())
    return state


def _values(state: UrlState) -> tuple:
    return (
        state.source, state.url, state.kind, state.status, state.http_status, state.etag,
        state.last_modified, state.sha256, state.first_seen, state.last_seen, state.last_new,
        state.error, state.crawl_id, state.final_url,
    )  # fmt: skip
