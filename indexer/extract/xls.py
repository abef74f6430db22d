"""Legacy Excel 97-2003 (.xls, and Excel 5) workbooks, read sheet by sheet with xlrd."""

from __future__ import annotations

import io
import struct

from disclosure_search.errors import ExtractError
from indexer.extract.result import Extracted
from indexer.extract.spreadsheet import cell_text, extract_sheets


def extract_xls(data: bytes) -> Extracted:
    """Log sheets give rows, every other sheet one "sheet NAME" part (as for XLSX).

    Raises ExtractError for encrypted or damaged workbooks.
    """
    return extract_sheets("xls", read_xls(data))


def read_xls(data: bytes) -> list[tuple[str, list[list[str]]]]:
    """(sheet name, rows of cell strings as displayed) for each worksheet, in workbook order."""
    import xlrd  # only paid for when a legacy workbook turns up

    try:
        # on_demand: one sheet in memory at a time; xlrd writes its warnings to `logfile`.
        book = xlrd.open_workbook(file_contents=data, on_demand=True, logfile=io.StringIO())
    except xlrd.XLRDError as exc:
        if "encrypt" in str(exc).lower():
            raise ExtractError("encrypted XLS: no password") from None
        raise ExtractError(f"corrupt XLS: {exc}") from None
    except (xlrd.compdoc.CompDocError, struct.error, EOFError, IndexError, ValueError) as exc:
        raise ExtractError(f"corrupt XLS: {type(exc).__name__}: {exc}") from None
    try:
        sheets = []
        for index in range(book.nsheets):
            sheet = book.sheet_by_index(index)
            rows = [
                [_cell_text(cell, book.datemode) for cell in sheet.row(r)]
                for r in range(sheet.nrows)
            ]
            sheets.append((sheet.name, rows))
            book.unload_sheet(index)
        return sheets
    except (xlrd.XLRDError, struct.error, IndexError, ValueError) as exc:
        raise ExtractError(f"corrupt XLS: {type(exc).__name__}: {exc}") from None
    finally:
        book.release_resources()


def _cell_text(cell: object, datemode: int) -> str:
    """A cell as Excel shows it: dates as ISO, whole numbers without ".0", errors as nothing."""
    import xlrd

    kind, value = cell.ctype, cell.value  # type: ignore[attr-defined]
    if kind == xlrd.XL_CELL_DATE:
        try:
            return cell_text(xlrd.xldate_as_datetime(value, datemode))
        except (xlrd.xldate.XLDateError, OverflowError, ValueError):
            return cell_text(value)
    if kind == xlrd.XL_CELL_BOOLEAN:
        return "TRUE" if value else "FALSE"
    if kind in (xlrd.XL_CELL_ERROR, xlrd.XL_CELL_EMPTY, xlrd.XL_CELL_BLANK):
        return ""
    return cell_text(value)
