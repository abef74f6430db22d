"""PDF files: one part per page, tables read row by row, scanned pages read by OCR.

A PDF whose pages hold a disclosure-log table gives one LogRow per table row instead.
pdfminer.six reads them by default; DISCLOSURE_SEARCH_PDF_ENGINE=pdfium chooses PDFium
(pypdfium2, optional: `pip install disclosure-search[fast]`), many times faster, which hands
back to pdfminer any file it cannot open and any whose first pages hold a log-table header
(see indexer.extract.pdfium).
"""

from __future__ import annotations

import io
import re
from dataclasses import dataclass
from datetime import date

from pdfminer.converter import PDFPageAggregator
from pdfminer.layout import (
    LAParams,
    LTFigure,
    LTImage,
    LTPage,
    LTTextContainer,
    LTTextLineHorizontal,
)
from pdfminer.pdfdocument import PDFDocument, PDFEncryptionError, PDFPasswordIncorrect
from pdfminer.pdfinterp import PDFPageInterpreter, PDFResourceManager
from pdfminer.pdfpage import PDFPage
from pdfminer.pdfparser import PDFParser
from pdfminer.pdftypes import resolve1
from pdfminer.psexceptions import PSEOF
from pdfminer.utils import decode_text

from disclosure_search.errors import ExtractError
from disclosure_search.models import Part
from indexer.extract.ocr import ocr_missing, ocr_pdf_page
from indexer.extract.pdfium import ENGINE_HINT, pdf_engine, read_pdfium
from indexer.extract.pdflayout import (
    Layout,
    garbled,
    read_layout,
    table_text,
    tidy_text,
    walk_layout,
)
from indexer.extract.pdftable import HEADER_PAGES, find_log_table, has_log_header
from indexer.extract.result import Extracted
from indexer.extract.titles import clean_title

_PDF_DATE = re.compile(r"(?:D:)?(\d{4})(\d{2})?(\d{2})?")


_NO_LAYOUT = Layout((), ())


@dataclass(frozen=True)
class _Page:
    text: str
    has_images: bool
    layout: Layout


def extract_pdf(data: bytes) -> Extracted:
    """One "page N" part per page; title and creation date from the document info.

    A disclosure-log table (found by its column names) gives "pdf-log" rows, and parts only
    for the pages outside the table. A scan that cannot be read because tesseract is missing
    gives its pages with empty text and needs_ocr saying what to install.
    Raises ExtractError for encrypted or corrupt files. With the pdfium engine asked for but
    pypdfium2 missing, pdfminer reads the file and hints["pdf_engine"] says why.
    """
    engine, note = pdf_engine()
    hints: dict[str, str] = {ENGINE_HINT: note} if note else {}
    read = read_pdfium(data) if engine == "pdfium" else None
    if read is not None:
        pages, info = [_Page(text, images, _NO_LAYOUT) for text, images in read[0]], read[1]
    else:
        pages, info = _read(data)
    created = _pdf_date(info.get("CreationDate"))
    if created:
        hints["created"] = created
    title = clean_title(info.get("Title"))
    table = find_log_table([page.layout for page in pages])
    if table is not None:
        kept = [(i + 1, p.text) for i, p in enumerate(pages) if i not in table.pages and p.text]
        parts = tuple(
            Part(number=n, label=f"page {page}", text=text, kind="page", page=page)
            for n, (page, text) in enumerate(kept, start=1)
        )
        return Extracted("pdf-log", parts=parts, title=title, hints=hints, rows=table.rows)
    texts, needs_ocr = _with_ocr(data, pages, hints)
    parts = tuple(
        Part(number=n, label=f"page {n}", text=text, kind="page", page=n)
        for n, text in enumerate(texts, start=1)
    )
    return Extracted(format="pdf", parts=parts, title=title, hints=hints, needs_ocr=needs_ocr)


def _read(data: bytes) -> tuple[list[_Page], dict[str, str]]:
    try:
        document = PDFDocument(PDFParser(io.BytesIO(data)))
        info = _info(document)
        resources = PDFResourceManager()
        device = PDFPageAggregator(resources, laparams=LAParams(all_texts=True))
        interpreter = PDFPageInterpreter(resources, device)
        pages: list[_Page] = []
        keep_layouts = True  # word positions, for a log table; past its first pages only if one
        for page in PDFPage.create_pages(document):
            interpreter.process_page(page)
            pages.append(_page_text(device.get_result(), keep_layouts))
            if len(pages) == HEADER_PAGES:
                keep_layouts = has_log_header([p.layout for p in pages])
    except (PDFPasswordIncorrect, PDFEncryptionError):
        raise ExtractError("encrypted PDF: no password") from None
    except PSEOF:
        raise ExtractError("corrupt PDF: unexpected end of file (truncated?)") from None
    except Exception as exc:  # pdfminer raises anything (KeyError, TypeError...) on broken files
        raise ExtractError(f"corrupt PDF: {type(exc).__name__}: {exc}") from None
    if not pages:
        raise ExtractError("corrupt PDF: no pages found")
    return pages, info


def _info(document: PDFDocument) -> dict[str, str]:
    """The document info strings (Title, CreationDate...), later updates winning."""
    info: dict[str, str] = {}
    for entries in document.info:
        for key, value in entries.items():
            value = resolve1(value)
            if isinstance(value, bytes):
                info[key] = decode_text(value)
            elif isinstance(value, str):
                info[key] = value
    return info


def _pdf_date(value: str | None) -> str | None:
    """A PDF date ("D:20100311152246Z") as an ISO date, or None."""
    match = _PDF_DATE.match(value.strip()) if value else None
    if not match:
        return None
    try:
        return date(int(match[1]), int(match[2] or 1), int(match[3] or 1)).isoformat()
    except ValueError:
        return None


def _page_text(layout: LTPage, keep_layout: bool = True) -> _Page:
    lines = [line for line in walk_layout(layout) if isinstance(line, LTTextLineHorizontal)]
    text = table_text(_rows(lines))
    if text is None:
        text = "".join(box.get_text() for box in layout if isinstance(box, LTTextContainer))
        text += "".join(_figure_text(fig) for fig in layout if isinstance(fig, LTFigure))
    images = any(isinstance(item, LTImage) for item in walk_layout(layout))
    positions = read_layout(layout) if keep_layout else _NO_LAYOUT
    return _Page(text=tidy_text(text), has_images=images, layout=positions)


def _figure_text(figure: LTFigure) -> str:
    return "".join(box.get_text() for box in figure if isinstance(box, LTTextContainer))


def _rows(lines: list[LTTextLineHorizontal]) -> list[list[str]]:
    """Text lines grouped into visual rows (top to bottom), cells left to right."""
    rows: list[tuple[float, float, list[LTTextLineHorizontal]]] = []
    for line in sorted(lines, key=lambda ln: -(ln.y0 + ln.y1) / 2):
        middle = (line.y0 + line.y1) / 2
        if rows and abs(rows[-1][0] - middle) < min(rows[-1][1], line.height) / 2:
            rows[-1][2].append(line)
        else:
            rows.append((middle, line.height, [line]))
    cells = []
    for _, _, members in rows:
        texts = [ln.get_text().strip() for ln in sorted(members, key=lambda ln: ln.x0)]
        cells.append([t for t in texts if t])
    return [row for row in cells if row]


def _with_ocr(
    data: bytes, pages: list[_Page], hints: dict[str, str]
) -> tuple[list[str], str | None]:
    """Page texts, with image-only (or unreadable-font) pages read by OCR where possible, and
    why OCR could not run when it was needed (else None)."""
    texts = [page.text for page in pages]
    scanned = [
        n
        for n, page in enumerate(pages)
        if page.has_images and (not page.text or garbled(page.text))
    ]
    if not scanned:
        return texts, None
    missing = ocr_missing()
    if missing:
        # Keep what text there is (none, for a whole scan): the document is still indexed by
        # its metadata, and the pipeline reports what its missing pages need.
        for n in scanned:
            texts[n] = ""  # "(cid:12)" codes find nothing: better no text than noise
        return texts, missing
    for n in scanned:
        texts[n] = tidy_text(ocr_pdf_page(data, n + 1))
    hints["ocr"] = "tesseract"
    return texts, None
