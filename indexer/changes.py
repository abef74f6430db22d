"""Record the change log while crawling: what appeared, changed or disappeared in a log.

The crawler tells the recorder about each document URL it fetched (`note`, before the batch
is ingested, while the index still holds the earlier text), then that the batch is committed
(`commit`), and which URLs a complete run no longer found (`disappeared`). Events go into
the crawl ledger's database (tables created if missing, so older homes keep working); see
`disclosure_search.changes` for the schema and the read side.
"""

from __future__ import annotations

import json
from collections.abc import Iterable
from dataclasses import dataclass

from disclosure_search.changes import APPEARED, CHANGED, DISAPPEARED, SCHEMA, pack_text
from disclosure_search.config import Settings
from disclosure_search.errors import NotFoundError
from disclosure_search.models import Disclosure
from disclosure_search.records import read_record
from indexer.crawlstate import Run, UrlState, now
from indexer.state import Ledger, connect


@dataclass(frozen=True)
class _Noted:
    source: str
    url: str
    kind: str
    old_sha256: str | None
    new_sha256: str | None
    detail: str | None = None


class ChangeRecorder:
    """The change log of one data home, written during a crawl (one transaction a batch)."""

    def __init__(self, settings: Settings, ingested: Ledger) -> None:
        self.settings = settings
        self.ingested = ingested
        self._db = connect(settings, settings.crawl_path, lambda db: db.executescript(SCHEMA))
        self._noted: dict[str, _Noted] = {}

    def __enter__(self) -> ChangeRecorder:
        return self

    def __exit__(self, *exc: object) -> None:
        self._db.close()

    def note(self, state: UrlState, previous: UrlState | None) -> None:
        """A URL about to be ingested with the content `state.sha256`: remember whether it
        is new, back, or changed; for a change, keep the text the index holds now."""
        if state.kind == "listing" or not state.sha256:
            return
        kind, detail = find_kind(state, previous)
        if kind is None:
            return
        old = previous.sha256 if previous else None
        self._noted[state.url] = _Noted(state.source, state.url, kind, old, state.sha256, detail)
        if old and old != state.sha256:
            with self._db:
                self._keep_text(old, self._disclosures(state.url))

    def commit(self, run: Run, outcomes: dict[str, str]) -> None:
        """The batch is committed: record the noted URLs (`outcomes`: url -> indexed,
        unchanged or failed, for those it ingested). New bytes the batch never ingested are
        dropped; the same bytes back in the log (a 304) needed no ingest."""
        noted, self._noted = self._noted, {}
        with self._db:
            for event in noted.values():
                if event.url not in outcomes and event.new_sha256 != event.old_sha256:
                    continue
                disclosures = self._disclosures(event.url)
                if event.old_sha256 and event.new_sha256 != event.old_sha256:
                    self._keep_text(event.new_sha256, disclosures)
                self._insert(run, event, disclosures)

    def disappeared(self, run: Run, gone: Iterable[UrlState]) -> None:
        """URLs a complete run of the source no longer found in its log."""
        with self._db:
            for state in gone:
                if state.kind == "listing" or state.status in ("removed", "skipped"):
                    continue
                event = _Noted(state.source, state.url, DISAPPEARED, state.sha256, None)
                self._insert(run, event, self._disclosures(state.url))

    def _insert(self, run: Run, event: _Noted, disclosures: list[Disclosure]) -> None:
        doc_ids = [d.doc_id for d in disclosures]
        title = disclosures[0].title if len(disclosures) == 1 else None
        self._db.execute(
            "INSERT OR IGNORE INTO changes (source, url, kind, doc_ids, title, crawl_id,"
            " run_started, at, old_sha256, new_sha256, detail)"
            " VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
            (event.source, event.url, event.kind, json.dumps(doc_ids), title, run.id,
             run.started_at, now(), event.old_sha256, event.new_sha256, event.detail),
        )  # fmt: skip

    def _disclosures(self, url: str) -> list[Disclosure]:
        """The disclosures the index holds for a URL now, per the ingest ledger."""
        held = self.ingested.get(url)
        found = []
        for doc_id in held.doc_ids if held else ():
            try:
                found.append(read_record(self.settings, doc_id))
            except NotFoundError:
                continue
        return found

    def _keep_text(self, sha256: str | None, disclosures: list[Disclosure]) -> None:
        """Keep the extracted text of the original `sha256`, if these disclosures are it
        (in the caller's transaction)."""
        if not sha256 or not disclosures or any(d.sha256 != sha256 for d in disclosures):
            return  # the index holds other bytes (a failed extraction, a half-done run)
        text = "\n\n".join(d.text for d in disclosures)
        self._db.execute(
            "INSERT OR IGNORE INTO change_texts (sha256, text) VALUES (?, ?)",
            (sha256, pack_text(text)),
        )


def find_kind(state: UrlState, previous: UrlState | None) -> tuple[str | None, str | None]:
    """(kind, detail) of a fetched document against what the ledger held: appeared (new,
    or back in the log), changed (other bytes), or (None, None) for the same bytes."""
    if previous is None or previous.sha256 is None:
        return APPEARED, None
    if previous.status == "removed":
        detail = "back in the log" if previous.sha256 == state.sha256 else "back, changed"
        return APPEARED, detail
    if previous.sha256 != state.sha256:
        return CHANGED, None
    return None, None
