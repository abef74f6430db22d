"""ZIP archives: each member extracted in turn, within limits on count and size."""

from __future__ import annotations

import io
import zipfile
from pathlib import PurePosixPath

from disclosure_search.errors import ExtractError
from disclosure_search.models import Part
from indexer.extract.container import Nested, container_needs_ocr, member_parts
from indexer.extract.result import Extracted

MAX_MEMBERS = 500
MAX_TOTAL_BYTES = 200 * 1024 * 1024  # uncompressed; a zip bomb stops here, not in memory
_JUNK = ("__MACOSX/", ".DS_Store", "Thumbs.db", "desktop.ini")


def extract_zip(data: bytes, nested: Nested) -> Extracted:
    """One or more parts per member file, labelled with the member's path."""
    try:
        archive = zipfile.ZipFile(io.BytesIO(data))
        members = [info for info in archive.infolist() if _is_document(info)]
    except (zipfile.BadZipFile, ValueError) as exc:
        raise ExtractError(f"corrupt ZIP: {exc}") from None
    if len(members) > MAX_MEMBERS:
        raise ExtractError(f"ZIP too large: {len(members)} files (limit {MAX_MEMBERS})")
    if sum(info.file_size for info in members) > MAX_TOTAL_BYTES:
        raise ExtractError(f"ZIP too large: over {MAX_TOTAL_BYTES // 2**20} MiB uncompressed")
    parts: list[Part] = []
    errors: list[str] = []
    for info in members:
        content, error = _read_member(archive, info)
        if error:
            text = f"[{info.filename} could not be read: {error}]"
            number = len(parts) + 1
            parts.append(Part(number, info.filename, text, kind="attachment", name=info.filename))
            errors.append(f"{info.filename}: {error}")
            continue
        found, failures = member_parts(info.filename, content, nested, len(parts) + 1, prefix="")
        parts.extend(found)
        errors.extend(failures)
    return Extracted(
        format="zip",
        parts=tuple(parts),
        needs_ocr=container_needs_ocr(errors),
        errors=tuple(errors),
    )


def _is_document(info: zipfile.ZipInfo) -> bool:
    """Files only, without the resource forks and thumbnails that desktop systems add."""
    name = info.filename
    base = PurePosixPath(name).name
    return not (info.is_dir() or name.startswith(_JUNK) or base.startswith("._") or base in _JUNK)


def _read_member(archive: zipfile.ZipFile, info: zipfile.ZipInfo) -> tuple[bytes, str | None]:
    try:
        with archive.open(info) as member:
            # Read at most the declared size (+1 to notice a lie), never an unbounded stream.
            content = member.read(info.file_size + 1)
    except RuntimeError as exc:  # zipfile's "File is encrypted, password required"
        return b"", f"encrypted ZIP member: {exc}"
    except (zipfile.BadZipFile, OSError, EOFError, ValueError) as exc:
        return b"", f"corrupt ZIP member: {exc}"
    return content, None
