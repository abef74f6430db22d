"""Word 2007+ (.docx) files: paragraphs and tables in document order, as one part."""

from __future__ import annotations

import io

from docx import Document
from docx.document import Document as DocumentObject
from docx.table import Table
from docx.text.paragraph import Paragraph
from lxml import etree

from disclosure_search.errors import ExtractError
from disclosure_search.models import Part
from indexer.extract.result import Extracted
from indexer.extract.titles import clean_title


def extract_docx(data: bytes) -> Extracted:
    """One "text" part: headers, body paragraphs and table rows (cells joined by " | "), footers."""
    try:
        document = Document(io.BytesIO(data))
    except Exception as exc:  # python-docx raises KeyError, ValueError... on damaged packages
        raise ExtractError(f"corrupt DOCX: {type(exc).__name__}: {exc}") from None
    blocks = _margin_texts(document, "header")
    blocks += [_block_text(item) for item in document.iter_inner_content()]
    blocks += _margin_texts(document, "footer")
    text = "\n".join(block for block in blocks if block.strip()).strip()
    title = clean_title(document.core_properties.title)
    return Extracted(format="docx", parts=(Part(number=1, label="text", text=text),), title=title)


def _block_text(item: Paragraph | Table) -> str:
    if isinstance(item, Paragraph):
        return "\n".join(filter(None, [item.text, *text_boxes(item._element)]))
    return table_text(item)


# Text boxes (letterheads print "Our ref" and the sender's address in them) sit inside a
# paragraph's drawing; a file carries each twice, as DrawingML and as a VML fallback.
_TEXT_BOXES = etree.XPath(
    ".//w:txbxContent[not(ancestor::mc:Fallback) and not(ancestor::w:txbxContent)]",
    namespaces={
        "w": "http://schemas.openxmlformats.org/wordprocessingml/2006/main",
        "mc": "http://schemas.openxmlformats.org/markup-compatibility/2006",
    },
)
_TEXTS = etree.XPath(
    ".//w:p", namespaces={"w": "http://schemas.openxmlformats.org/wordprocessingml/2006/main"}
)
_RUN_TEXT = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}t"


def text_boxes(element: etree._Element) -> list[str]:
    """The text of each text box drawn in a paragraph, one line per paragraph inside it."""
    found = []
    for box in _TEXT_BOXES(element):
        lines = ["".join(t.text or "" for t in p.iter(_RUN_TEXT)) for p in _TEXTS(box)]
        if text := "\n".join(line for line in lines if line.strip()):
            found.append(text)
    return found


def table_text(table: Table) -> str:
    """Each row on one line, cells joined by " | "; a row with multi-line cells (a letterhead
    address block, say) keeps their lines instead, so "Our ref: X" stays a line of its own.
    Each distinct cell is read once: python-docx repeats merged cells.
    """
    lines = []
    for row in table.rows:
        cells: list[str] = []
        seen: set[int] = set()
        for cell in row.cells:
            if id(cell._tc) in seen:
                continue
            seen.add(id(cell._tc))
            text = "\n".join(ln.strip() for ln in cell.text.splitlines() if ln.strip())
            if text:
                cells.append(text)
        if any("\n" in cell for cell in cells):
            lines.extend(cells)
        elif cells:
            lines.append(" | ".join(cells))
    return "\n".join(lines)


def _margin_texts(document: DocumentObject, which: str) -> list[str]:
    """Header or footer texts of all sections, each distinct text once."""
    texts: list[str] = []
    for section in document.sections:
        margin = getattr(section, which)
        if margin.is_linked_to_previous:
            continue
        text = "\n".join(_block_text(item) for item in margin.iter_inner_content()).strip()
        if text and text not in texts:
            texts.append(text)
    return texts
