"""Read one metadata field so that a fault in its reader never drops the document.

Metadata readers are heuristics over text nobody has seen before; one may meet a shape it
was not written for. The document is still worth indexing by its text and its other fields,
so the fault leaves that field empty, is logged with the document's source, and is recorded
in `faults` (the disclosure's notes say which fields could not be read).
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from typing import TypeVar

T = TypeVar("T")
FAULT_NOTE = "Metadata not read automatically"
log = logging.getLogger("indexer.metadata")


def read_field(name: str, read: Callable[[], T], empty: T, faults: list[str]) -> T:
    """`read()`, or `empty` when it raises (the fault is logged and appended to `faults`)."""
    try:
        return read()
    except Exception as exc:  # noqa: BLE001 - any reader fault leaves only its field empty
        log.warning("metadata field %r left empty: %s: %s", name, type(exc).__name__, exc)
        faults.append(f"{name} ({type(exc).__name__}: {exc})")
        return empty


def fault_notes(faults: list[str]) -> tuple[str, ...]:
    """The disclosure's note naming the fields a fault left empty (none when none did)."""
    return (f"{FAULT_NOTE}: {'; '.join(faults)}.",) if faults else ()
