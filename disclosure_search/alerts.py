"""Alerts: saved searches whose new matches are mailed as digests, daily or weekly.

An alert's query is query-language text, run with the same `SearchIndex.iter_hits` as the
search box, so it means exactly what it means there. Alerts live in the data home's
`alerts.sqlite`, with every doc_id each alert has sent.

What "new" means: a match is new when its doc_id was never sent to that alert. Not "dated
after the last run": a disclosure's date is when the authority answered, and a log ingested
today brings answers from years ago that are news to the subscriber; nor "ingested after the
last run": the ledger of sent ids is exact, survives a re-ingest or rebuild, and never sends
one twice. So the first run sends what matches already (the newest DIGEST_LIMIT listed, the
count of the rest with a link). A disclosure whose file changed gets a new doc_id and is
sent again, as the new version it is. Disclosures marked removed are not sent.

A run records what it sent, and the time, only after the mail went: a failed send leaves the
alert as it was, and the next run sends the same matches.
"""

from __future__ import annotations

import fcntl
import secrets
import sqlite3
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from typing import TYPE_CHECKING

from disclosure_search.config import Settings
from disclosure_search.errors import DisclosureSearchError, NotFoundError
from disclosure_search.models import SearchHit, SearchQuery

if TYPE_CHECKING:
    from disclosure_search.search import SearchIndex

SCHEDULES = {"daily": timedelta(days=1), "weekly": timedelta(weeks=1)}
# A cron job at the same hour each day finds the last run a few seconds less than a day ago.
SLACK = timedelta(hours=1)
DIGEST_LIMIT = 50

SCHEMA = """
CREATE TABLE IF NOT EXISTS alerts (
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    query TEXT NOT NULL,
    email TEXT NOT NULL,
    schedule TEXT NOT NULL,
    token TEXT NOT NULL UNIQUE,
    created_at TEXT NOT NULL,
    last_run TEXT
);
CREATE TABLE IF NOT EXISTS sent (
    alert_id INTEGER NOT NULL,
    doc_id TEXT NOT NULL,
    sent_at TEXT NOT NULL,
    PRIMARY KEY (alert_id, doc_id)
) WITHOUT ROWID;
"""


class AlertRunBusyError(DisclosureSearchError):
    """Another `alerts run` holds the data home's alert lock."""


@dataclass(frozen=True)
class Alert:
    """A saved search: `query` in the query language, mailed to `email` on `schedule`;
    `token` unsubscribes; `last_run` (ISO, UTC) is when it last ran to the end."""

    id: int
    query: str
    email: str
    schedule: str
    token: str
    created_at: str
    last_run: str | None = None
    sent: int = 0

    def due_at(self) -> datetime | None:
        """When the schedule next allows a digest; None when it never ran."""
        if self.last_run is None:
            return None
        return datetime.fromisoformat(self.last_run) + SCHEDULES[self.schedule] - SLACK

    def is_due(self, now: datetime) -> bool:
        due = self.due_at()
        return due is None or now >= due


@dataclass(frozen=True)
class Digest:
    """One alert's new matches: `hits` to list (newest first, at most DIGEST_LIMIT) and
    `new_ids`, every new match, which a sent digest records."""

    alert: Alert
    hits: tuple[SearchHit, ...]
    new_ids: tuple[str, ...]

    @property
    def more(self) -> int:
        """New matches not listed in the mail."""
        return len(self.new_ids) - len(self.hits)


def now_utc() -> datetime:
    return datetime.now(UTC).replace(microsecond=0)


class AlertStore:
    """The alerts database of one data home. Use as a context manager."""

    def __init__(self, settings: Settings) -> None:
        self.settings = settings
        self.path = settings.alerts_path
        self._db: sqlite3.Connection | None = None

    def __enter__(self) -> AlertStore:
        self.path.parent.mkdir(parents=True, exist_ok=True)
        self._db = sqlite3.connect(self.path, timeout=30)
        self._db.row_factory = sqlite3.Row
        self._db.executescript(SCHEMA)
        return self

    def __exit__(self, *exc: object) -> None:
        if self._db is not None:
            self._db.close()
            self._db = None

    @property
    def db(self) -> sqlite3.Connection:
        if self._db is None:
            raise RuntimeError("AlertStore is used outside its `with` block")
        return self._db

    def add(self, query: str, email: str, schedule: str) -> Alert:
        """Save an alert with a fresh unsubscribe token."""
        if schedule not in SCHEDULES:
            raise ValueError(f"schedule must be one of {', '.join(SCHEDULES)}")
        # Hex: a token is typed or pasted as a command argument, and token_urlsafe's can
        # start with "-", which reads as an option.
        token = secrets.token_hex(16)
        with self.db:
            cursor = self.db.execute(
                "INSERT INTO alerts (query, email, schedule, token, created_at)"
                " VALUES (?, ?, ?, ?, ?)",
                (query, email, schedule, token, now_utc().isoformat()),
            )
        return self.get(int(cursor.lastrowid or 0))

    def list(self) -> list[Alert]:
        """Every alert, oldest first, with how many disclosures each has sent."""
        rows = self.db.execute(
            "SELECT a.*, (SELECT COUNT(*) FROM sent s WHERE s.alert_id = a.id) AS sent"
            " FROM alerts a ORDER BY a.id"
        )
        return [Alert(**dict(row)) for row in rows]

    def get(self, alert_id: int) -> Alert:
        found = [alert for alert in self.list() if alert.id == alert_id]
        if not found:
            raise NotFoundError(f"No alert {alert_id}: `disclosure-search alerts list` shows them.")
        return found[0]

    def remove(self, alert_id: int) -> Alert:
        """Delete an alert and its record of what it sent."""
        alert = self.get(alert_id)
        with self.db:
            self.db.execute("DELETE FROM sent WHERE alert_id = ?", (alert_id,))
            self.db.execute("DELETE FROM alerts WHERE id = ?", (alert_id,))
        return alert

    def unsubscribe(self, token: str) -> Alert:
        """Remove the alert this token (from one of its mails) belongs to."""
        row = self.db.execute("SELECT id FROM alerts WHERE token = ?", (token.strip(),)).fetchone()
        if row is None:
            raise NotFoundError(
                "No alert has that unsubscribe token: it was unsubscribed or removed already."
            )
        return self.remove(int(row["id"]))

    def sent_ids(self, alert_id: int) -> set[str]:
        rows = self.db.execute("SELECT doc_id FROM sent WHERE alert_id = ?", (alert_id,))
        return {row[0] for row in rows}

    def record_run(self, alert_id: int, doc_ids: tuple[str, ...], when: datetime) -> None:
        """After a digest went (or nothing was new): remember what was sent, and when, at
        once, so a crash between the two cannot send anything twice or lose it."""
        stamp = when.isoformat()
        with self.db:
            self.db.executemany(
                "INSERT OR IGNORE INTO sent (alert_id, doc_id, sent_at) VALUES (?, ?, ?)",
                [(alert_id, doc_id, stamp) for doc_id in doc_ids],
            )
            self.db.execute("UPDATE alerts SET last_run = ? WHERE id = ?", (stamp, alert_id))


def find_new(index: SearchIndex, alert: Alert, sent: set[str]) -> Digest:
    """The alert's matches not sent before, newest first (removed disclosures left out)."""
    hits = index.iter_hits(SearchQuery(text=alert.query, sort="newest"))
    new = [hit for hit in hits if hit.doc_id not in sent and not hit.removed]
    return Digest(alert, tuple(new[:DIGEST_LIMIT]), tuple(hit.doc_id for hit in new))


@dataclass(frozen=True)
class Outcome:
    """What a run did with one alert: 'sent', 'nothing new', 'not due' or 'failed'."""

    alert: Alert
    status: str
    count: int = 0
    detail: str = ""


def run_alerts(
    store: AlertStore,
    index: SearchIndex,
    send: Callable[[Digest], None],
    force: bool = False,
    now: datetime | None = None,
) -> Iterator[Outcome]:
    """Send each due alert's digest through `send` (each alert, unless `force`, only when
    its schedule allows), yielding what happened to it. `send` raises OSError (smtplib's
    errors included) for a mail that failed: that alert stays as it was and the run goes on.
    Any other error from `send` ends the run, leaving the alerts not yet sent as they were."""
    when = now or now_utc()
    for alert in store.list():
        if not force and not alert.is_due(when):
            yield Outcome(alert, "not due", detail=f"due {alert.due_at():%Y-%m-%d %H:%M} UTC")
            continue
        digest = find_new(index, alert, store.sent_ids(alert.id))
        if digest.new_ids:
            try:
                send(digest)
            except OSError as exc:
                yield Outcome(alert, "failed", detail=str(exc) or type(exc).__name__)
                continue
        store.record_run(alert.id, digest.new_ids, when)
        yield Outcome(alert, "sent" if digest.new_ids else "nothing new", len(digest.new_ids))


@contextmanager
def run_lock(settings: Settings) -> Iterator[None]:
    """One `alerts run` at a time per data home: two cron jobs overlapping must not both
    send the same digest."""
    settings.home.mkdir(parents=True, exist_ok=True)
    with (settings.home / "alerts.lock").open("a") as handle:
        try:
            fcntl.flock(handle, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            raise AlertRunBusyError(
                "Another `disclosure-search alerts run` is still sending: try again later."
            ) from None
        try:
            yield
        finally:
            fcntl.flock(handle, fcntl.LOCK_UN)
