"""The records store: one JSON file per disclosure, the full text the index does not keep."""

from __future__ import annotations

import json
import os
from collections.abc import Iterator
from pathlib import Path

from disclosure_search.config import Settings
from disclosure_search.errors import NotFoundError
from disclosure_search.models import Disclosure


def record_path(settings: Settings, doc_id: str) -> Path:
    if not doc_id or "/" in doc_id or "\\" in doc_id or doc_id.startswith("."):
        raise NotFoundError(f"No disclosure with id {doc_id!r}.")
    return settings.records_dir / f"{doc_id}.json"


# How many renamings a permalink may go through (a file edited again and again).
MAX_ALIAS_HOPS = 20


def read_record(settings: Settings, doc_id: str) -> Disclosure:
    """The stored disclosure, or NotFoundError. An id that was replaced (see `write_alias`)
    gives its successor, whose `doc_id` then differs from the one asked for."""
    asked = doc_id
    for _ in range(MAX_ALIAS_HOPS):
        data = _load(record_path(settings, doc_id), asked)
        if "alias_of" not in data:
            return Disclosure.from_dict(data)
        doc_id = data["alias_of"]
    raise NotFoundError(f"No disclosure with id {asked!r} (too many renamings).")


def _load(path: Path, asked: str) -> dict:
    try:
        return json.loads(path.read_text(encoding="utf-8"))
    except FileNotFoundError:
        raise NotFoundError(f"No disclosure with id {asked!r}.") from None


def write_alias(settings: Settings, old_id: str, new_id: str) -> None:
    """Make `old_id` a permalink to `new_id`: a local file whose bytes changed gets the id of
    its new bytes, and links to the old one must keep working."""
    path = record_path(settings, old_id)
    path.parent.mkdir(parents=True, exist_ok=True)
    tmp = path.with_suffix(".json.tmp")
    tmp.write_text(json.dumps({"alias_of": new_id}), encoding="utf-8")
    os.replace(tmp, path)


def write_record(settings: Settings, disclosure: Disclosure) -> None:
    """Write atomically, so a crash never leaves half a record."""
    path = record_path(settings, disclosure.doc_id)
    tmp = path.with_suffix(".json.tmp")
    text = json.dumps(disclosure.to_dict(), ensure_ascii=False)
    try:
        tmp.write_text(text, encoding="utf-8")
    except FileNotFoundError:  # the first record: its folder is made once, not per record
        path.parent.mkdir(parents=True, exist_ok=True)
        tmp.write_text(text, encoding="utf-8")
    os.replace(tmp, path)


def delete_record(settings: Settings, doc_id: str) -> None:
    record_path(settings, doc_id).unlink(missing_ok=True)


def iter_records(settings: Settings) -> Iterator[Disclosure]:
    """Every stored disclosure, in doc_id order."""
    if not settings.records_dir.is_dir():
        return
    for path in sorted(settings.records_dir.glob("*.json")):
        data = json.loads(path.read_text(encoding="utf-8"))
        if "alias_of" not in data:
            yield Disclosure.from_dict(data)


def delete_records_except(settings: Settings, keep: set[str]) -> int:
    """Delete every record whose id is not in `keep`, except permalinks to successors;
    returns how many went (records a killed ingest wrote but never committed, say)."""
    deleted = 0
    for path in (
        sorted(settings.records_dir.glob("*.json")) if settings.records_dir.is_dir() else ()
    ):
        if path.stem not in keep and "alias_of" not in json.loads(path.read_text("utf-8")):
            path.unlink(missing_ok=True)
            deleted += 1
    return deleted
