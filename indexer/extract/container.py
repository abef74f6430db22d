"""Files inside files (email attachments, ZIP members): extract each and label its parts."""

from __future__ import annotations

from collections.abc import Callable

from disclosure_search.errors import ExtractError
from disclosure_search.models import Part
from indexer.extract.result import Extracted

# How a container extracts a file it holds: extract_document with the nesting depth counted.
Nested = Callable[[bytes, str], Extracted]
_NEEDS_OCR = "needs OCR: "  # how every OCR reason starts (see ocr.ocr_missing)


def member_parts(
    name: str, data: bytes, nested: Nested, number: int, prefix: str = "attachment"
) -> tuple[list[Part], list[str]]:
    """The parts of one contained file, numbered from `number`, and its "path: reason" errors.

    A file that cannot be read still gets a part saying so (the email is not lost with it);
    failures deeper inside it (a bad file in an attached ZIP) come back with their path.
    Labels read "attachment NAME" for a one-part file, "attachment NAME, page 2" otherwise.
    """
    label = f"{prefix} {name}".strip()
    try:
        inner = nested(data, name)
    except ExtractError as exc:
        text = f"[{name} could not be read: {exc}]"
        return [Part(number, label, text, kind="attachment", name=name)], [f"{name}: {exc}"]
    pieces = list(inner.parts) + [
        Part(i, f"row {i}", row.text) for i, row in enumerate(inner.rows, start=1)
    ]
    single = len(pieces) == 1 and pieces[0].page is None
    parts = []
    for offset, piece in enumerate(pieces):
        parts.append(
            Part(
                number=number + offset,
                label=label if single else f"{label}, {piece.label}",
                text=piece.text,
                kind="attachment",
                page=piece.page,
                name=f"{name}/{piece.name}" if piece.name else name,
            )
        )
    errors = [f"{name}/{error}" for error in inner.errors]
    if inner.needs_ocr and not any(inner.needs_ocr in error for error in errors):
        errors.insert(0, f"{name}: {inner.needs_ocr}")  # a scan read without OCR: by name
    return parts, errors


def container_needs_ocr(errors: list[str]) -> str | None:
    """Why a container needs OCR: one of its files is a scan waiting for it (so the whole
    container is reported, and retried, as needing it); None otherwise."""
    for error in errors:
        if _NEEDS_OCR in error:
            return error[error.index(_NEEDS_OCR) :]
    return None
