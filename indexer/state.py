"""The ingest ledger (SQLite): what each source held when last seen, and what failed."""

from __future__ import annotations

import json
import sqlite3
from dataclasses import dataclass
from datetime import UTC, datetime

from disclosure_search.config import Settings

_SCHEMA = """
CREATE TABLE IF NOT EXISTS sources (
    source TEXT PRIMARY KEY,
    sha256 TEXT,
    status TEXT NOT NULL,          -- indexed | failed
    stage TEXT,                    -- where it failed: read, extract, metadata, index
    reason TEXT,
    doc_ids TEXT NOT NULL DEFAULT '[]',
    updated_at TEXT NOT NULL
)
"""


@dataclass(frozen=True)
class SourceState:
    source: str
    sha256: str | None
    status: str
    stage: str | None
    reason: str | None
    doc_ids: tuple[str, ...]
    updated_at: str


def open_state(settings: Settings, schema: str) -> sqlite3.Connection:
    """The data home's state database, with `schema` (CREATE ... IF NOT EXISTS) applied."""
    settings.home.mkdir(parents=True, exist_ok=True)
    db = sqlite3.connect(settings.state_path)
    db.execute(schema)
    return db


class Ledger:
    """One row per source (file path or URL). Updated only after the index commit."""

    def __init__(self, settings: Settings) -> None:
        self._db = open_state(settings, _SCHEMA)

    def close(self) -> None:
        self._db.close()

    def __enter__(self) -> Ledger:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    def get(self, source: str) -> SourceState | None:
        row = self._db.execute(
            "SELECT source, sha256, status, stage, reason, doc_ids, updated_at"
            " FROM sources WHERE source = ?",
            (source,),
        ).fetchone()
        return _to_state(row) if row else None

    def mark_indexed(self, source: str, sha256: str, doc_ids: list[str]) -> None:
        self._put(source, sha256, "indexed", None, None, doc_ids)

    def mark_failed(
        self, source: str, sha256: str | None, stage: str, reason: str, doc_ids: list[str]
    ) -> None:
        self._put(source, sha256, "failed", stage, reason, doc_ids)

    def failures(self) -> list[SourceState]:
        rows = self._db.execute(
            "SELECT source, sha256, status, stage, reason, doc_ids, updated_at"
            " FROM sources WHERE status = 'failed' ORDER BY source"
        ).fetchall()
        return [_to_state(row) for row in rows]

    def _put(self, source, sha256, status, stage, reason, doc_ids) -> None:  # noqa: ANN001
        now = datetime.now(UTC).isoformat(timespec="seconds")
        with self._db:
            self._db.execute(
                "INSERT OR REPLACE INTO sources VALUES (?, ?, ?, ?, ?, ?, ?)",
                (source, sha256, status, stage, reason, json.dumps(doc_ids), now),
            )


def _to_state(row: tuple) -> SourceState:
    source, sha256, status, stage, reason, doc_ids, updated_at = row
    return SourceState(
        source, sha256, status, stage, reason, tuple(json.loads(doc_ids)), updated_at
    )
