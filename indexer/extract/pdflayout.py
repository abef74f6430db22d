"""Where the words and ruled lines sit on a PDF page, from pdfminer's layout.

Table readers need positions, not running text: each word keeps its box (in points from
the top-left corner, so y grows down the page) and each horizontal rule its height and span.
Also what both PDF engines (pdfminer here, PDFium in pdfium.py) share: when a page is a table
read row by row, and how page text is tidied.
"""

from __future__ import annotations

import bisect
import re
from collections.abc import Iterator, Sequence
from dataclasses import dataclass

from pdfminer.layout import (
    LTChar,
    LTCurve,
    LTFigure,
    LTPage,
    LTRect,
    LTTextBox,
    LTTextLineHorizontal,
)

Rule = tuple[float, float, float]  # a horizontal rule: y, x0, x1
TABLE_ROWS = 3  # a page with this many rows of 3+ cells holds a table: read it row by row
CELL_SEPARATOR = " | "
_UNREADABLE = re.compile(r"\(cid:\d+\)|[\ufffd\x00-\x08\x0b\x0c\x0e-\x1f]")


@dataclass(frozen=True, slots=True)  # slots: a long PDF holds many thousands of words
class Word:
    """A word on a page, in points from the top-left corner."""

    x0: float
    x1: float
    top: float
    bottom: float
    text: str


@dataclass(frozen=True)
class Layout:
    """What the table reader needs of one page: its words and its horizontal rules (y, x0, x1)."""

    words: tuple[Word, ...]
    rules: tuple[Rule, ...]


@dataclass
class Line:
    """Words on one visual line, left to right."""

    top: float
    bottom: float
    words: list[Word]


def read_layout(page: LTPage) -> Layout:
    """The words and horizontal rules of a pdfminer page, top-down coordinates."""
    words: list[Word] = []
    rules: list[Rule] = []
    for item in walk_layout(page):
        if isinstance(item, LTTextLineHorizontal):
            words.extend(_line_words(item, page.y1))
        elif isinstance(item, LTCurve):
            rules.extend(_rules(item, page.y1))
    return Layout(tuple(words), tuple(rules))


def walk_layout(item: object) -> Iterator[object]:
    """Layout objects under `item` in reading order, down to text lines (not their characters)."""
    stack = [item]
    while stack:
        current = stack.pop()
        yield current
        if isinstance(current, LTPage | LTFigure | LTTextBox):
            stack.extend(reversed(list(current)))


def pdf_char_text(text: str) -> str:
    """pdfminer's text with the one unmapped code we can name: WinAnsi 127, shown as a bullet
    (PDF 1.7 Annex D; ReportLab writes "•" so), which pdfminer leaves as "(cid:127)"."""
    return text.replace("(cid:127)", "•")


def tidy_text(text: str) -> str:
    """Page text with unmapped bullets named, line ends trimmed and blank runs kept to one."""
    text = pdf_char_text(text)
    lines = [line.rstrip() for line in text.replace("\r", "\n").split("\n")]
    return re.sub(r"\n{3,}", "\n\n", "\n".join(lines)).strip()


def garbled(text: str) -> bool:
    """True when most of the text is unreadable: pdfminer's "(cid:N)" codes for a font without
    a Unicode map, or the replacement and control characters PDFium gives for one."""
    unreadable = sum(7 if m.group().startswith("(") else 1 for m in _UNREADABLE.finditer(text))
    return unreadable > len(text) / 2


def table_text(rows: Sequence[Sequence[str]]) -> str | None:
    """The page as rows of cells joined by CELL_SEPARATOR if it holds a table, else None."""
    if sum(1 for row in rows if len(row) >= 3) < TABLE_ROWS:
        return None
    return "\n".join(CELL_SEPARATOR.join(row) for row in rows)


def _line_words(line: LTTextLineHorizontal, height: float) -> list[Word]:
    """Words split at the spaces pdfminer read or inserted; each keeps its own left and right."""
    words, chars, x0, x1 = [], [], 0.0, 0.0
    for item in [*line, None]:
        if isinstance(item, LTChar) and not item.get_text().isspace():
            x0 = item.x0 if not chars else x0
            chars.append(pdf_char_text(item.get_text()))
            x1 = item.x1
        elif chars:
            words.append(Word(x0, x1, height - line.y1, height - line.y0, "".join(chars)))
            chars = []
    return words


def _rules(curve: LTCurve, height: float) -> list[Rule]:
    """Horizontal rules drawn by a line or a thin box, or the top and bottom of a stroked box."""
    if curve.height <= 2 and curve.width >= 10:
        return [(height - (curve.y0 + curve.y1) / 2, curve.x0, curve.x1)]
    if isinstance(curve, LTRect) and curve.stroke and curve.width >= 10:
        return [(height - curve.y1, curve.x0, curve.x1), (height - curve.y0, curve.x0, curve.x1)]
    return []


def visual_lines(words: Sequence[Word]) -> list[Line]:
    """Words grouped into visual lines, top to bottom, each line's words left to right."""
    lines: list[Line] = []
    for word in sorted(words, key=lambda w: (w.top, w.x0)):
        middle, height = (word.top + word.bottom) / 2, word.bottom - word.top
        for line in reversed(lines[-3:]):
            if abs((line.top + line.bottom) / 2 - middle) < min(line.bottom - line.top, height) / 2:
                line.words.append(word)
                break
        else:
            lines.append(Line(word.top, word.bottom, [word]))
    for line in lines:
        line.words.sort(key=lambda w: w.x0)
    return lines


def bands(lines: list[Line], rules: Sequence[Rule]) -> list[list[Line]]:
    """Runs of lines set as one paragraph or cell: close together, with no rule between."""
    runs: list[list[Line]] = []
    ys = sorted(y for y, _, _ in rules)
    for line in lines:
        if runs:
            last = runs[-1][-1]
            gap = line.top - last.bottom
            ruled = bisect.bisect(ys, last.bottom - 1) != bisect.bisect(ys, line.top + 1)
            if gap < 0.5 * min(last.bottom - last.top, line.bottom - line.top) and not ruled:
                runs[-1].append(line)
                continue
        runs.append([line])
    return runs


def merge_cells(band: list[Line]) -> list[Word]:
    """The cells of a header band: words close on a line, then pieces overlapping across lines."""
    pieces: list[list[Word]] = []
    for line in band:
        limit = 0.8 * (line.bottom - line.top)
        for word in line.words:
            if pieces and pieces[-1][-1].top == word.top and word.x0 - pieces[-1][-1].x1 < limit:
                pieces[-1].append(word)
            else:
                pieces.append([word])
    pieces.sort(key=lambda piece: piece[0].x0)
    merged: list[list[Word]] = []
    for piece in pieces:
        if merged and piece[0].x0 < max(w.x1 for w in merged[-1]):
            merged[-1].extend(piece)
        else:
            merged.append(list(piece))
    return [_as_word(words) for words in merged]


def _as_word(words: list[Word]) -> Word:
    """One Word standing for several: their box, their text in reading order."""
    ordered = sorted(words, key=lambda w: (w.top, w.x0))
    text = " ".join(w.text for w in ordered)
    left, right = min(w.x0 for w in words), max(w.x1 for w in words)
    return Word(left, right, ordered[0].top, max(w.bottom for w in words), text)
