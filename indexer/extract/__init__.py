"""The extract stage: bytes of any supported format -> text in parts, or log-table rows.

    >>> extract_document(Path("letter.pdf").read_bytes(), "letter.pdf").parts[0].label
    'page 1'

One module per format; `sniff` picks the module from the content, never from the name alone.
"""

from __future__ import annotations

from collections.abc import Callable
from functools import partial

from disclosure_search.errors import ExtractError
from indexer.extract.archive import extract_zip
from indexer.extract.doc import extract_doc
from indexer.extract.docx import extract_docx
from indexer.extract.eml import extract_eml
from indexer.extract.html import extract_html
from indexer.extract.image import extract_image
from indexer.extract.jsonfile import extract_json
from indexer.extract.msg import extract_msg
from indexer.extract.opendocument import extract_ods, extract_odt
from indexer.extract.pdf import extract_pdf
from indexer.extract.result import Extracted, LogRow
from indexer.extract.rtf import extract_rtf
from indexer.extract.sniff import sniff
from indexer.extract.spreadsheet import extract_csv, extract_xlsx
from indexer.extract.text import extract_text
from indexer.extract.xls import extract_xls

__all__ = ["Extracted", "ExtractError", "LogRow", "extract_document", "sniff"]

MAX_DEPTH = 4  # an attachment in a ZIP in an email in an email is as deep as we go

_EXTRACTORS: dict[str, Callable[[bytes], Extracted]] = {
    "pdf": extract_pdf,
    "docx": extract_docx,
    "doc": extract_doc,
    "odt": extract_odt,
    "rtf": extract_rtf,
    "xlsx": extract_xlsx,
    "xls": extract_xls,
    "ods": extract_ods,
    "csv": extract_csv,
    "json": extract_json,
    "html": extract_html,
    "txt": extract_text,
    "image": extract_image,
}
_CONTAINERS = {"eml": extract_eml, "msg": extract_msg, "zip": extract_zip}


def extract_document(data: bytes, filename: str = "") -> Extracted:
    """The text (or log rows) of one file; ExtractError says why a file cannot be read.

    The format is sniffed from the content; `filename` only breaks ties. Errors are
    user-facing: "encrypted PDF: no password", "corrupt PDF: ...", "unsupported format: ...",
    "empty file: ...". A scan that needs OCR where tesseract is missing is no error: it comes
    back with its pages (text empty) and needs_ocr = "needs OCR: install tesseract-ocr",
    so it is indexed by its metadata and reported.
    """
    return _extract(data, filename, 0)


def _extract(data: bytes, filename: str, depth: int) -> Extracted:
    if depth > MAX_DEPTH:
        raise ExtractError(f"nested too deeply: more than {MAX_DEPTH} files within files")
    kind = sniff(data, filename)
    if kind in _CONTAINERS:
        nested = partial(_extract, depth=depth + 1)
        result = _CONTAINERS[kind](data, nested)
    else:
        result = _EXTRACTORS[kind](data)
    if result.needs_ocr:
        return result  # empty for want of OCR, not because the file is
    if not result.rows and not any(part.text.strip() for part in result.parts):
        raise ExtractError(f"empty {result.format}: no text found")
    return result
