"""A letter's header block: the labelled fields above the salutation ('Our ref:', 'Date:').

Letters put their own reference and date in a block of short lines above 'Dear …' (the
letterhead, the addressee, 'Our ref', 'Date'), and sometimes a subject line just below it
('Freedom of Information Request 008'). What a letter says there is about itself; the same
shapes further down (in sentences, in quoted mail, in the answer) may be about other letters.
"""

from __future__ import annotations

import re

# The greeting that ends a header block. 'Tēnā koe' is the New Zealand greeting.
_SALUTATION = re.compile(
    r"^[ \t]*(?:Dear\b|T[eē]n[aā] koe\b|Kia ora\b|To whom it may concern\b)", re.M | re.I
)
BLOCK_CHARS = 1200  # how far above a salutation a header block reaches
SUBJECT_LINES = 2  # subject lines read below the salutation
OPENING_LINES = 4  # a letter without a salutation: its first lines are its heading
# Characters that stand for a space or a dash in extracted text.
_SPACE_LIKE = str.maketrans(  # and a carriage return, so '$' ends CRLF lines too
    {
        c: " "
        for c in "\r\u00a0\u2000\u2001\u2002\u2003\u2004\u2005"
        "\u2006\u2007\u2008\u2009\u200a\u202f\u205f\u3000"
    }
)


def plain(text: str) -> str:
    """`text` with non-breaking and other wide spaces as plain spaces (same length)."""
    return text.translate(_SPACE_LIKE)


def head_spans(text: str) -> list[tuple[int, int]]:
    """(start, end) of every header block in `text`: the document's opening lines, and for
    each salutation the lines above it (back to the previous block) and the subject lines
    just below it."""
    spans = [(0, _after_lines(text, 0, OPENING_LINES))]
    for match in _SALUTATION.finditer(text):
        start = max(spans[-1][1], match.start() - BLOCK_CHARS)
        end = _after_lines(text, match.start(), 1 + SUBJECT_LINES)
        spans.append((min(start, match.start()), end))
    return spans


def in_head(spans: list[tuple[int, int]], offset: int) -> bool:
    """True when `offset` lies in one of the header blocks `spans`."""
    return any(start <= offset < end for start, end in spans)


def first_salutation(text: str) -> int | None:
    """The offset of the first salutation ('Dear …') in `text`, or None."""
    match = _SALUTATION.search(text)
    return match.start() if match else None


def _after_lines(text: str, offset: int, lines: int) -> int:
    """The offset just past `lines` lines starting at `offset`."""
    for _ in range(lines):
        end = text.find("\n", offset)
        if end == -1:
            return len(text)
        offset = end + 1
    return offset
