"""The optional fast PDF engine: page texts read by PDFium (pypdfium2) instead of pdfminer.

Chosen with DISCLOSURE_SEARCH_PDF_ENGINE=pdfium (default "pdfminer", the project's choice).
PDFium gives the same things extract_pdf needs of pdfminer: one text per page (a table read
row by row, cells joined by " | "), whether the page holds images (a scan for OCR), and the
document info. What it cannot give, the caller gets from pdfminer, which reads the whole file:
- a file PDFium cannot open or that lacks its end-of-file marker (pdfminer then gives the
  same user-facing reasons, "encrypted PDF: no password", "corrupt PDF: ...");
- a file whose first pages hold a disclosure-log header (found by pdftable's own test on the
  positions PDFium gives), since the table reader works on pdfminer's word layout.
"""

from __future__ import annotations

import ctypes
import importlib.util
import statistics
from collections.abc import Iterator
from functools import partial
from typing import TYPE_CHECKING

from disclosure_search.config import PDF_ENGINE_VARIABLE, PDF_ENGINES, pdf_engine_wanted
from indexer.extract.pdflayout import (
    TABLE_ROWS,
    Layout,
    Rule,
    Word,
    table_text,
    tidy_text,
    visual_lines,
)
from indexer.extract.pdftable import HEADER_PAGES, has_log_header

if TYPE_CHECKING:  # pypdfium2 is optional: imported where used
    from pypdfium2 import PdfPage, PdfTextPage

ENGINE_HINT = "pdf_engine"  # the hint saying why the engine asked for was not used
_CELL_GAP = 1.0  # a gap wider than this many line heights starts a new cell
_IMAGE = 3  # FPDF_PAGEOBJ_IMAGE
_FORM_DEPTH = 4  # forms within forms searched for images
_SLIVER = 0.5  # a segment less tall than this share of the usual line is a dash or a dot
_CELL_BAND = 0.25  # a cell's text is read between its top and bottom less this share
_EOF_TAIL = 2048  # "%%EOF" must lie this near the end, else the file may be truncated
_SYMBOL_BULLET = "\uf0b7"  # a bullet in the Symbol font's private-use code

PageText = tuple[str, bool]  # a page's text, and whether it holds an image


def pdf_engine() -> tuple[str, str | None]:
    """The engine to use, "pdfminer" or "pdfium", from DISCLOSURE_SEARCH_PDF_ENGINE, and a note
    when the one asked for cannot be used (unknown name, pypdfium2 not installed): then pdfminer.
    """
    wanted = pdf_engine_wanted()
    if wanted not in PDF_ENGINES:
        return "pdfminer", f"pdfminer: unknown {PDF_ENGINE_VARIABLE}={wanted!r}"
    if wanted == "pdfium" and importlib.util.find_spec("pypdfium2") is None:
        return "pdfminer", "pdfminer: pypdfium2 is not installed (pip install pypdfium2)"
    return wanted, None


def read_pdfium(data: bytes) -> tuple[list[PageText], dict[str, str]] | None:
    """(text and has-images of each page, document info strings), or None when pdfminer must
    read this file instead (see the module docstring). Never raises for a bad file."""
    import pypdfium2 as pdfium

    if b"%%EOF" not in data[-_EOF_TAIL:]:
        return None
    try:
        document = pdfium.PdfDocument(data)
    except pdfium.PdfiumError:
        return None
    try:
        if len(document) == 0:
            return None
        pages: list[PageText] = []
        layouts: list[Layout] = []
        for index in range(len(document)):
            page = document[index]
            try:
                text, layout = _read_page(page, with_layout=index < HEADER_PAGES)
            finally:
                page.close()
            pages.append(text)
            layouts.append(layout)
            if index + 1 == min(HEADER_PAGES, len(document)) and has_log_header(layouts):
                return None
        info = document.get_metadata_dict(skip_empty=True)
    except pdfium.PdfiumError:
        return None
    finally:
        document.close()
    return pages, info


def _read_page(page: PdfPage, with_layout: bool) -> tuple[PageText, Layout]:
    """The page's text (rows of cells if it holds a table, else PDFium's reading order), whether
    it holds an image, and (if asked, else empty) its words and rules for the log-header test.

    Cells are found from the boxes alone and read only when the page may hold a table or its
    layout is wanted: reading the text in a box costs a pass over the page's characters.
    """
    height = page.get_height()
    textpage = page.get_textpage()
    try:
        grouped = _cells(_boxes(textpage, height))
        text = None
        rows: list[list[Word]] = []
        if with_layout or sum(1 for row in grouped if len(row) >= 3) >= TABLE_ROWS:
            rows = [[_cell_text(textpage, cell, height) for cell in row] for row in grouped]
            text = table_text([[w.text for w in row if w.text] for row in rows])
        if text is None:
            text = textpage.get_text_range().replace("\r\n", "\n")
    finally:
        textpage.close()
    layout = Layout((), ())
    if with_layout:
        words = tuple(word for row in rows for word in row if word.text)
        layout = Layout(words, tuple(_rules(page, height)))
    text = tidy_text(text.replace(_SYMBOL_BULLET, "•"))
    return (text, any(kind == _IMAGE for kind, _ in _objects(page))), layout


def _boxes(textpage: PdfTextPage, height: float) -> list[Word]:
    """The boxes of the runs of text PDFium sets apart (by font, or by a gap), top-down.

    PDFium's boxes fit the glyphs, so a lone "-" or "." is a sliver: it is given the page's
    usual line height about its middle, to stay on its line.
    """
    boxes = []
    for index in range(textpage.count_rects()):
        left, bottom, right, top = textpage.get_rect(index)
        boxes.append(Word(left, right, height - top, height - bottom, ""))
    usual = statistics.median(w.bottom - w.top for w in boxes) if boxes else 0.0
    return [_at_least(box, usual) for box in boxes]


def _at_least(word: Word, height: float) -> Word:
    if word.bottom - word.top >= _SLIVER * height:
        return word
    middle = (word.top + word.bottom) / 2
    return Word(word.x0, word.x1, middle - height / 2, middle + height / 2, word.text)


def _cells(boxes: list[Word]) -> list[list[list[Word]]]:
    """Boxes grouped into visual rows, and within a row into cells where the gap between two
    boxes is wider than pdfminer's margin (two characters, about a line's height)."""
    rows = []
    for line in visual_lines(boxes):
        cells: list[list[Word]] = []
        for box in line.words:
            last = cells[-1][-1] if cells else None
            size = max(box.bottom - box.top, last.bottom - last.top) if last else 0.0
            if last and box.x0 - last.x1 < _CELL_GAP * size:
                cells[-1].append(box)
            else:
                cells.append([box])
        rows.append(cells)
    return rows


def _cell_text(textpage: PdfTextPage, cell: list[Word], height: float) -> Word:
    """The cell's box, with the text PDFium spaces in the middle band of it (clear of the lines
    above and below) on one line: letter-spaced runs stay words."""
    top, bottom = min(w.top for w in cell), max(w.bottom for w in cell)
    margin = _CELL_BAND * (bottom - top)
    left, right = cell[0].x0, cell[-1].x1
    text = textpage.get_text_bounded(left, height - bottom + margin, right, height - top - margin)
    return Word(left, right, top, bottom, " ".join(text.split()))


def _objects(page: PdfPage) -> Iterator[tuple[int, object]]:
    """(type, handle) of the page's objects, and of those inside its forms, by PDFium's C API
    (pypdfium2's object wrappers cost more than the text)."""
    import pypdfium2.raw as raw

    stack = [(raw.FPDFPage_CountObjects(page.raw), partial(raw.FPDFPage_GetObject, page.raw), 0)]
    while stack:
        count, get, depth = stack.pop()
        for index in range(count):
            handle = get(index)
            kind = raw.FPDFPageObj_GetType(handle)
            yield kind, handle
            if kind == raw.FPDF_PAGEOBJ_FORM and depth < _FORM_DEPTH:
                form = partial(raw.FPDFFormObj_GetObject, handle)
                stack.append((raw.FPDFFormObj_CountObjects(handle), form, depth + 1))


def _rules(page: PdfPage, height: float) -> Iterator[Rule]:
    """Horizontal rules drawn on the page itself: a line or thin box, or the top and bottom of a
    stroked box (inside a form, bounds would need the form's matrix: those are left out)."""
    import pypdfium2.raw as raw

    for index in range(raw.FPDFPage_CountObjects(page.raw)):
        handle = raw.FPDFPage_GetObject(page.raw, index)
        if raw.FPDFPageObj_GetType(handle) != raw.FPDF_PAGEOBJ_PATH:
            continue
        edges = [ctypes.c_float() for _ in range(4)]
        if not raw.FPDFPageObj_GetBounds(handle, *map(ctypes.byref, edges)):
            continue
        left, bottom, right, top = (edge.value for edge in edges)
        if right - left < 10:
            continue
        if top - bottom <= 2:
            yield height - (top + bottom) / 2, left, right
        elif _stroked(handle):
            yield height - top, left, right
            yield height - bottom, left, right


def _stroked(path: object) -> bool:
    import pypdfium2.raw as raw

    fill, stroke = ctypes.c_int(), ctypes.c_int()
    ok = raw.FPDFPath_GetDrawMode(path, ctypes.byref(fill), ctypes.byref(stroke))
    return bool(ok and stroke.value)
