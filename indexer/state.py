"""The ingest ledger (SQLite): what each source held when last seen, and what failed."""

from __future__ import annotations

import json
import sqlite3
from collections.abc import Callable
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path

from disclosure_search.config import Settings
from disclosure_search.errors import HomeError

FIX_HOME = "choose a data home you can write to with --home DIR (or DISCLOSURE_SEARCH_HOME)."
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
    return connect(settings, settings.state_path, lambda db: db.execute(schema))


def connect(
    settings: Settings, path: Path, apply_schema: Callable[[sqlite3.Connection], object]
) -> sqlite3.Connection:
    """SQLite at `path` in the data home, schema applied; HomeError (naming the file and the
    fix) when the home cannot be created or the file is not a database we can write."""
    try:
        settings.home.mkdir(parents=True, exist_ok=True)
        db = sqlite3.connect(path)
    except (OSError, sqlite3.Error) as exc:
        raise HomeError(f"Cannot open {path} ({exc}): {FIX_HOME}") from exc
    try:
        apply_schema(db)
    except sqlite3.Error as exc:
        db.close()
        raise HomeError(
            f"Cannot use {path} ({exc}): if it is damaged, move it aside and run the command"
            f" again to start a new one; otherwise {FIX_HOME}"
        ) from exc
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
