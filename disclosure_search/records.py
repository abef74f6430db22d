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


def read_record(settings: Settings, doc_id: str) -> Disclosure:
    """The stored disclosure, or NotFoundError."""
    path = record_path(settings, doc_id)
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
    except FileNotFoundError:
        raise NotFoundError(f"No disclosure with id {doc_id!r}.") from None
    return Disclosure.from_dict(data)


def write_record(settings: Settings, disclosure: Disclosure) -> None:
    """Write atomically, so a crash never leaves half a record."""
    path = record_path(settings, disclosure.doc_id)
    path.parent.mkdir(parents=True, exist_ok=True)
    tmp = path.with_suffix(".json.tmp")
    tmp.write_text(json.dumps(disclosure.to_dict(), ensure_ascii=False), encoding="utf-8")
    os.replace(tmp, path)


def delete_record(settings: Settings, doc_id: str) -> None:
    record_path(settings, doc_id).unlink(missing_ok=True)


def iter_records(settings: Settings) -> Iterator[Disclosure]:
    """Every stored disclosure, in doc_id order."""
    if not settings.records_dir.is_dir():
        return
    for path in sorted(settings.records_dir.glob("*.json")):
        yield Disclosure.from_dict(json.loads(path.read_text(encoding="utf-8")))
