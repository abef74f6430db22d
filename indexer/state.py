"""The ingest ledger (SQLite): what each source held when last seen, and what failed."""

from __future__ import annotations

import json
import sqlite3
from collections.abc import Callable, Iterator
from contextlib import contextmanager, nullcontext
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path

from disclosure_search.config import Settings
from disclosure_search.errors import HomeError
from disclosure_search.models import file_name, public_location

FIX_HOME = "choose a data home you can write to with --home DIR (or DISCLOSURE_SEARCH_HOME)."
_SCHEMA = """
CREATE TABLE IF NOT EXISTS sources (
    source TEXT PRIMARY KEY,       -- absolute path or URL: private to the operator
    sha256 TEXT,
    status TEXT NOT NULL,          -- indexed | failed
    stage TEXT,                    -- where it failed: read, extract, metadata, index
    reason TEXT,
    doc_ids TEXT NOT NULL DEFAULT '[]',
    updated_at TEXT NOT NULL,
    shown TEXT,                    -- what readers see: URL, or path relative to the ingest root
    filename TEXT,
    hints TEXT NOT NULL DEFAULT '[]'
);
CREATE INDEX IF NOT EXISTS sources_sha256 ON sources (sha256);
CREATE TABLE IF NOT EXISTS rebuild (
    source TEXT PRIMARY KEY, sha256 TEXT NOT NULL, shown TEXT, filename TEXT, hints TEXT,
    doc_ids TEXT
);
CREATE TABLE IF NOT EXISTS rebuild_phase (phase TEXT NOT NULL);
"""
# Columns added since the first ledgers: (name, declaration) for ALTER TABLE.
_ADDED = (("shown", "TEXT"), ("filename", "TEXT"), ("hints", "TEXT NOT NULL DEFAULT '[]'"))
_COLUMNS = "source, sha256, status, stage, reason, doc_ids, updated_at, shown, filename, hints"


@dataclass(frozen=True)
class Origin:
    """Where a source's bytes came from, as ingest needs it again to rebuild from the raw store:
    the name readers see, the file name (a hint for extraction), and the source's hints."""

    shown: str
    filename: str
    hints: tuple[tuple[str, str], ...] = ()


@dataclass(frozen=True)
class SourceState:
    source: str
    sha256: str | None
    status: str
    stage: str | None
    reason: str | None
    doc_ids: tuple[str, ...]
    updated_at: str
    origin: Origin


def open_state(settings: Settings, schema: str) -> sqlite3.Connection:
    """The data home's state database, with `schema` (CREATE ... IF NOT EXISTS) applied."""
    return connect(settings, settings.state_path, lambda db: db.executescript(schema))


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
        self._db = connect(settings, settings.state_path, _migrate)
        self._batched = False

    def close(self) -> None:
        self._db.close()

    def __enter__(self) -> Ledger:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    def get(self, source: str) -> SourceState | None:
        row = self._db.execute(
            f"SELECT {_COLUMNS} FROM sources WHERE source = ?", (source,)
        ).fetchone()
        return _to_state(row) if row else None

    def twins(self, sha256: str) -> list[SourceState]:
        """Indexed sources holding exactly these bytes, oldest first."""
        rows = self._db.execute(
            f"SELECT {_COLUMNS} FROM sources WHERE sha256 = ? AND status = 'indexed'"
            " ORDER BY updated_at, source",
            (sha256,),
        ).fetchall()
        return [_to_state(row) for row in rows]

    def mark_indexed(
        self, source: str, sha256: str, doc_ids: list[str], origin: Origin | None = None
    ) -> None:
        self._put(source, sha256, "indexed", None, None, doc_ids, origin)

    def mark_failed(
        self,
        source: str,
        sha256: str | None,
        stage: str,
        reason: str,
        doc_ids: list[str],
        origin: Origin | None = None,
    ) -> None:
        self._put(source, sha256, "failed", stage, reason, doc_ids, origin)

    def source_count(self) -> int:
        """How many sources have bytes in the raw store."""
        return self._db.execute("SELECT count(*) FROM sources WHERE sha256 IS NOT NULL").fetchone()[
            0
        ]

    def forget(self, source: str) -> None:
        """Drop a source's row (a file that moved: its bytes now live under another path)."""
        with nullcontext() if self._batched else self._db:
            self._db.execute("DELETE FROM sources WHERE source = ?", (source,))

    def failures(self) -> list[SourceState]:
        rows = self._db.execute(
            f"SELECT {_COLUMNS} FROM sources WHERE status = 'failed' ORDER BY source"
        ).fetchall()
        return [_to_state(row) for row in rows]

    @contextmanager
    def batch(self) -> Iterator[None]:
        """Record many sources in one transaction (one disk sync, not one per source)."""
        with self._db:
            self._batched = True
            try:
                yield
            finally:
                self._batched = False

    def _put(self, source, sha256, status, stage, reason, doc_ids, origin) -> None:  # noqa: ANN001
        now = datetime.now(UTC).isoformat(timespec="seconds")
        origin = origin or Origin(source, "")
        with nullcontext() if self._batched else self._db:
            self._db.execute(
                f"INSERT OR REPLACE INTO sources ({_COLUMNS}) VALUES (?,?,?,?,?,?,?,?,?,?)",
                (source, sha256, status, stage, reason, json.dumps(doc_ids), now,
                 origin.shown, origin.filename, json.dumps(origin.hints)),
            )  # fmt: skip

    # The rebuild queue (see indexer.rebuild): every source with bytes in the raw store.

    def rebuild_phase(self) -> str | None:
        """'queued' or 'cleared' while a rebuild is under way, else None."""
        row = self._db.execute("SELECT phase FROM rebuild_phase").fetchone()
        return row[0] if row else None

    def queue_rebuild(self) -> None:
        """Move every source with stored bytes into the rebuild queue (failures to read a file
        stay listed)."""
        with self._db:
            self._db.execute(
                "INSERT OR REPLACE INTO rebuild SELECT source, sha256, shown, filename, hints,"
                " doc_ids FROM sources WHERE sha256 IS NOT NULL"
            )
            self._db.execute("DELETE FROM sources WHERE sha256 IS NOT NULL")
            self._set_phase("queued")

    def set_rebuild_phase(self, phase: str | None) -> None:
        """Record the rebuild's progress; None ends it and empties the queue."""
        with self._db:
            self._set_phase(phase)
            if phase is None:
                self._db.execute("DELETE FROM rebuild")

    def rebuild_queue(self) -> list[SourceState]:
        """Every queued source (its sha256, doc_ids and origin as they were), by source."""
        rows = self._db.execute(
            "SELECT source, sha256, 'queued', NULL, NULL, doc_ids, '', shown, filename, hints"
            " FROM rebuild ORDER BY source"
        ).fetchall()
        return [_to_state(row) for row in rows]

    def _set_phase(self, phase: str | None) -> None:
        self._db.execute("DELETE FROM rebuild_phase")
        if phase:
            self._db.execute("INSERT INTO rebuild_phase VALUES (?)", (phase,))


def _migrate(db: sqlite3.Connection) -> None:
    """Create the tables, and add the columns that ledgers made by earlier versions lack."""
    db.execute(_SCHEMA.split(";")[0])
    have = {row[1] for row in db.execute("PRAGMA table_info(sources)")}
    for name, declaration in _ADDED:
        if name not in have:
            db.execute(f"ALTER TABLE sources ADD COLUMN {name} {declaration}")
    db.executescript(_SCHEMA)


def _origin(source: str, shown: str | None, filename: str | None, hints: str | None) -> Origin:
    """An Origin from ledger columns; rows from earlier versions fall back on the source."""
    pairs = tuple(tuple(pair) for pair in json.loads(hints or "[]"))
    name = filename or file_name(source)
    return Origin(shown or public_location(source), name, pairs)  # type: ignore[arg-type]


def _to_state(row: tuple) -> SourceState:
    source, sha256, status, stage, reason, doc_ids, updated_at, shown, filename, hints = row
    return SourceState(
        source, sha256, status, stage, reason, tuple(json.loads(doc_ids)), updated_at,
        _origin(source, shown, filename, hints),
    )  # fmt: skip
