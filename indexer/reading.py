"""What a worker process does with one document: extract its text, read its metadata, then
make its index documents and request signatures.

All of it runs in the worker pool (see indexer.workers), so the main process only writes the
index; each stage's fault stays the document's own, named by its stage.
"""

from __future__ import annotations

import dataclasses
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from disclosure_search.errors import ExtractError
from disclosure_search.models import Disclosure
from indexer.documents import prepare
from indexer.extract import extract_document
from indexer.metadata import build_disclosures
from indexer.similar import Request, request_of
from indexer.store import keep_original


@dataclass(frozen=True)
class Provenance:
    """Where a document came from, as its disclosures record it."""

    shown: str  # the URL, or the local path from the ingested folder
    sha256: str
    fetched_at: str
    local: bool  # local files are identified by their bytes, with `shown` as their location
    hints: tuple[tuple[str, str], ...] = ()  # known from the source; the document wins


@dataclass(frozen=True)
class Read:
    """A document's disclosures, and the note when its text is missing (a scan without OCR).
    `prepared` holds each disclosure's index documents for the engine the reader was asked
    for (None when it was asked for none); `requests`, what grouping needs of each."""

    disclosures: list[Disclosure]
    note: str | None = None
    prepared: list[list[Any]] | None = None
    requests: list[Request] = field(default_factory=list)


@dataclass(frozen=True)
class Failed:
    """Why a document could not be read, and at which stage (extract or metadata)."""

    stage: str
    reason: str


def read_document(
    data: bytes,
    filename: str,
    provenance: Provenance,
    engine: str | None = None,
    original: Path | None = None,
) -> Read | Failed:
    """Keep the document's bytes at `original` (in the raw store), extract and describe it,
    and prepare its index documents for `engine`; never raises."""
    try:
        if original is not None:
            keep_original(original, data)
    except OSError as exc:
        return Failed("store", f"cannot keep the original: {exc.strerror or exc}")
    try:
        extracted = extract_document(data, filename)
    except ExtractError as exc:
        return Failed("extract", str(exc))
    except Exception as exc:  # noqa: BLE001 - any fault in any parser belongs to the document
        return Failed("extract", f"extractor crashed: {type(exc).__name__}: {exc}")
    try:
        extracted = dataclasses.replace(
            extracted, hints={**dict(provenance.hints), **extracted.hints}
        )
        disclosures = build_disclosures(
            extracted, provenance.shown, provenance.sha256, provenance.fetched_at,
            by_content=provenance.local,
        )  # fmt: skip
    except Exception as exc:  # noqa: BLE001 - the same: one document's fault, recorded
        return Failed("metadata", f"{type(exc).__name__}: {exc}")
    if provenance.local:
        disclosures = [dataclasses.replace(d, locations=(provenance.shown,)) for d in disclosures]
    try:
        prepared = [prepare(d, engine) for d in disclosures] if engine else None
        requests = [request_of(d) for d in disclosures]
    except Exception as exc:  # noqa: BLE001 - the same: one document's fault, recorded
        return Failed("index", f"{type(exc).__name__}: {exc}")
    return Read(disclosures, extracted.needs_ocr, prepared, requests)
