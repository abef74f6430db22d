"""OpenDocument text (.odt) and spreadsheets (.ods): content.xml read with lxml."""

from __future__ import annotations

import dataclasses
import io
import zipfile
import zlib
from datetime import date, datetime

from lxml import etree

from disclosure_search.errors import ExtractError
from disclosure_search.models import Part
from indexer.extract.result import Extracted
from indexer.extract.spreadsheet import cell_text, extract_sheets
from indexer.extract.titles import clean_title

_OASIS = "urn:oasis:names:tc:opendocument:xmlns:"
OFFICE, TEXT, TABLE = (f"{{{_OASIS}{name}:1.0}}" for name in ("office", "text", "table"))
STYLE = f"{{{_OASIS}style:1.0}}"
DC = "{http://purl.org/dc/elements/1.1/}"
MAX_XML_BYTES = 100 * 1024 * 1024  # content.xml uncompressed; beyond this it is a bomb
MAX_REPEAT = 1000  # repeated rows/cells with content; spreadsheets repeat empty cells a million
_SKIP = {f"{OFFICE}annotation", f"{TEXT}tracked-changes", f"{TEXT}note-citation"}
_SKIP |= {f"{TEXT}sequence-decls", f"{OFFICE}forms", f"{TABLE}covered-table-cell"}
_CELLS = (f"{TABLE}table-cell", f"{TABLE}covered-table-cell")
_ROW_GROUPS = {f"{TABLE}table-header-rows", f"{TABLE}table-rows", f"{TABLE}table-row-group"}


def extract_odt(data: bytes) -> Extracted:
    """One "text" part: page headers, paragraphs, lists and table rows in order, page footers."""
    package = _open(data, "ODT")
    body = _xml(package, "content.xml", "ODT").find(f"{OFFICE}body/{OFFICE}text")
    if body is None:
        raise ExtractError("corrupt ODT: content.xml has no text body")
    blocks = _margins(package, "header") + _blocks(body) + _margins(package, "footer")
    text = "\n".join(block for block in blocks if block.strip()).strip()
    part = Part(number=1, label="text", text=text)
    return Extracted(format="odt", parts=(part,), title=_title(package))


def extract_ods(data: bytes) -> Extracted:
    """Log sheets give rows, every other sheet one "sheet NAME" part (as for XLSX)."""
    package = _open(data, "ODS")
    root = _xml(package, "content.xml", "ODS")
    sheets = [
        (table.get(f"{TABLE}name", ""), _sheet_rows(table))
        for table in root.iterfind(f"{OFFICE}body/{OFFICE}spreadsheet/{TABLE}table")
    ]
    result = extract_sheets("ods", sheets)
    return dataclasses.replace(result, title=_title(package))


def _open(data: bytes, kind: str) -> zipfile.ZipFile:
    try:
        package = zipfile.ZipFile(io.BytesIO(data))
    except (zipfile.BadZipFile, ValueError) as exc:
        raise ExtractError(f"corrupt {kind}: {exc}") from None
    # A password-protected package lists how each member is encrypted in its manifest.
    if b"encryption-data" in _member(package, "META-INF/manifest.xml"):
        raise ExtractError(f"encrypted {kind}: no password")
    return package


def _xml(package: zipfile.ZipFile, name: str, kind: str) -> etree._Element:
    """A member parsed without network access or entity expansion; ExtractError if damaged."""
    try:
        if package.getinfo(name).file_size > MAX_XML_BYTES:
            raise ExtractError(f"{kind} too large: {name} over {MAX_XML_BYTES // 2**20} MiB")
        raw = package.read(name)
    except KeyError:
        raise ExtractError(f"corrupt {kind}: no {name}") from None
    except RuntimeError:  # zipfile: "File is encrypted, password required"
        raise ExtractError(f"encrypted {kind}: no password") from None
    except (zipfile.BadZipFile, OSError, EOFError, zlib.error) as exc:
        raise ExtractError(f"corrupt {kind}: {exc}") from None
    parser = etree.XMLParser(resolve_entities=False, no_network=True, huge_tree=True)
    try:
        return etree.fromstring(raw, parser)
    except etree.XMLSyntaxError as exc:
        raise ExtractError(f"corrupt {kind}: {name}: {exc}") from None


def _member(package: zipfile.ZipFile, name: str) -> bytes:
    try:
        return package.read(name)
    except (KeyError, RuntimeError, zipfile.BadZipFile, OSError, EOFError, zlib.error):
        return b""


def _title(package: zipfile.ZipFile) -> str | None:
    raw = _member(package, "meta.xml")
    try:
        root = etree.fromstring(raw, etree.XMLParser(resolve_entities=False, no_network=True))
    except etree.XMLSyntaxError:
        return None
    title = root.find(f"{OFFICE}meta/{DC}title")
    return clean_title(title.text if title is not None else None)


def _margins(package: zipfile.ZipFile, which: str) -> list[str]:
    """Page header or footer texts from styles.xml, each distinct text once."""
    if not _member(package, "styles.xml"):
        return []
    try:
        styles = _xml(package, "styles.xml", "OpenDocument")
    except ExtractError:
        return []  # the body is what matters; damaged page styles lose only the letterhead
    texts: list[str] = []
    for margin in styles.iter(f"{STYLE}{which}", f"{STYLE}{which}-left", f"{STYLE}{which}-first"):
        text = "\n".join(block for block in _blocks(margin) if block.strip())
        if text and text not in texts:
            texts.append(text)
    return texts


def _blocks(element: etree._Element) -> list[str]:
    """Texts of the paragraphs, headings and tables under `element`, lists and sections opened."""
    blocks: list[str] = []
    for child in element:
        if child.tag in (f"{TEXT}p", f"{TEXT}h"):
            blocks.append(_inline(child))
        elif child.tag == f"{TABLE}table":
            blocks.append(_table_text(child))
        elif child.tag not in _SKIP and isinstance(child.tag, str):
            blocks.extend(_blocks(child))  # text:list, list-item, section, index bodies...
    return blocks


def _inline(element: etree._Element) -> str:
    """The text of a paragraph: spans and links opened, ODF's space, tab and break elements."""
    pieces = [element.text or ""]
    for child in element:
        if child.tag == f"{TEXT}s":
            pieces.append(" " * int(child.get(f"{TEXT}c", "1") or 1))
        elif child.tag == f"{TEXT}tab":
            pieces.append("\t")
        elif child.tag == f"{TEXT}line-break":
            pieces.append("\n")
        elif child.tag not in _SKIP and isinstance(child.tag, str):
            pieces.append(_inline(child))  # footnote bodies stay where they are cited
        pieces.append(child.tail or "")
    return "".join(pieces)


def _table_text(table: etree._Element) -> str:
    """Rows on lines, cells joined by " | "; a row with multi-line cells keeps their lines."""
    lines: list[str] = []
    for row in _rows(table):
        cells = [
            "\n".join(ln.strip() for ln in "\n".join(_blocks(cell)).splitlines() if ln.strip())
            for cell in row.iterchildren(f"{TABLE}table-cell")
        ]
        cells = [cell for cell in cells if cell]
        if any("\n" in cell for cell in cells):
            lines.extend(cells)
        elif cells:
            lines.append(" | ".join(cells))
    return "\n".join(lines)


def _rows(table: etree._Element) -> list[etree._Element]:
    """The table's rows in order, header rows and row groups opened (not nested tables)."""
    rows = []
    for child in table:
        if child.tag == f"{TABLE}table-row":
            rows.append(child)
        elif child.tag in _ROW_GROUPS:
            rows.extend(_rows(child))
    return rows


def _sheet_rows(table: etree._Element) -> list[list[str]]:
    """Rows of cell strings: repeats expanded within limits, empty rows and trailing cells gone."""
    rows: list[list[str]] = []
    for row in _rows(table):
        cells: list[str] = []
        pending = 0  # empty cells, written only when a later cell has content
        for cell in row.iterchildren(*_CELLS):
            repeat = int(cell.get(f"{TABLE}number-columns-repeated", "1") or 1)
            value = _cell_value(cell)
            if not value:
                pending += repeat
                continue
            cells.extend([""] * min(pending, MAX_REPEAT))
            cells.extend([value] * min(repeat, MAX_REPEAT))
            pending = 0
        if cells:
            repeat = int(row.get(f"{TABLE}number-rows-repeated", "1") or 1)
            rows.extend([cells] * min(repeat, MAX_REPEAT))
    return rows


def _cell_value(cell: etree._Element) -> str:
    """As XLSX cells read: dates ISO, numbers without a needless ".0", else the shown text."""
    kind = cell.get(f"{OFFICE}value-type")
    try:
        if kind == "date" and cell.get(f"{OFFICE}date-value"):
            value = cell.get(f"{OFFICE}date-value", "")
            return cell_text(
                datetime.fromisoformat(value) if "T" in value else date.fromisoformat(value)
            )
        if kind == "float" and cell.get(f"{OFFICE}value"):
            return cell_text(float(cell.get(f"{OFFICE}value", "")))
    except ValueError:
        pass  # a malformed value attribute: fall back to the text the cell shows
    return "\n".join(_inline(p) for p in cell.iterchildren(f"{TEXT}p", f"{TEXT}h")).strip()
