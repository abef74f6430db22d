"""Plain text files, in any encoding."""

from __future__ import annotations

from disclosure_search.models import Part
from indexer.extract.decode import decode_bytes
from indexer.extract.result import Extracted


def extract_text(data: bytes) -> Extracted:
    """One "text" part holding the whole decoded file."""
    text = normalise_newlines(decode_bytes(data)).strip()
    return Extracted(format="txt", parts=(Part(number=1, label="text", text=text),))


def normalise_newlines(text: str) -> str:
    """CRLF and CR line ends as LF, form feeds kept as page breaks."""
    return text.replace("\r\n", "\n").replace("\r", "\n")
