"""Rich Text Format (.rtf) documents, read with striprtf."""

from __future__ import annotations

import re

from disclosure_search.errors import ExtractError
from disclosure_search.models import Part
from indexer.extract.decode import codepage_codec
from indexer.extract.result import Extracted
from indexer.extract.text import normalise_newlines
from indexer.extract.titles import clean_title

_CODE_PAGE = re.compile(rb"\\ansicpg(\d{1,5})")
_TITLE = re.compile(r"\{\\info\b.*?\{\\title\b ?((?:[^{}\\]|\\.)*)\}", re.S)
_CELL_END = re.compile(r"[ \t]*\|[ \t]*")
_DEFAULT_CODEC = "cp1252"  # RTF's ANSI default, and what Word writes when it says nothing


def extract_rtf(data: bytes) -> Extracted:
    """One "text" part (table cells joined by "|"); title from the {\\info{\\title}} group.

    Raises ExtractError when the file is not RTF that striprtf can read.
    """
    from striprtf.striprtf import rtf_to_text  # only paid for when an RTF file turns up

    found = _CODE_PAGE.search(data[:4096])
    codec = (codepage_codec(int(found[1])) if found else None) or _DEFAULT_CODEC
    # RTF is 7-bit text with escapes; stray 8-bit bytes are in the declared code page.
    source = data.decode(codec, errors="replace")
    try:
        text = rtf_to_text(source, encoding=codec, errors="replace")
        title_match = _TITLE.search(source[:65536])
        title = (
            rtf_to_text(title_match[1], encoding=codec, errors="replace") if title_match else None
        )
    except (ValueError, LookupError, IndexError, RecursionError) as exc:
        raise ExtractError(f"corrupt RTF: {type(exc).__name__}: {exc}") from None
    part = Part(number=1, label="text", text=_tidy(text))
    return Extracted(format="rtf", parts=(part,), title=clean_title(title))


def _tidy(text: str) -> str:
    """Trailing spaces and runs of blank lines gone; striprtf's cell ends ("a|b|") as "a | b"."""
    lines = []
    for line in normalise_newlines(text).split("\n"):
        if "|" in line:
            line = _CELL_END.sub(" | ", line.strip("|"))
        lines.append(line.rstrip())
    return re.sub(r"\n{3,}", "\n\n", "\n".join(lines)).strip()
