"""CSV and XLSX files, and the sheet-by-sheet reading every workbook format shares.

A disclosure-log table becomes rows, anything else becomes text.
"""

from __future__ import annotations

import csv
import io
import warnings
from collections.abc import Iterable, Sequence
from datetime import date, datetime, time

from disclosure_search.errors import ExtractError
from disclosure_search.models import Part
from indexer.extract.decode import decode_bytes
from indexer.extract.logtable import (
    csv_delimiter,
    find_header,
    make_row,
    merge_broken_rows,
)
from indexer.extract.result import Extracted, LogRow


def extract_csv(data: bytes) -> Extracted:
    """A log table (header found by column names) as rows, else the whole text as one part."""
    text = decode_bytes(data)
    first_line = next((line for line in text.splitlines() if line.strip()), "")
    try:
        rows = list(csv.reader(io.StringIO(text, newline=""), delimiter=csv_delimiter(first_line)))
    except csv.Error:
        rows = []  # not parseable as CSV after all: keep it as text
    log_rows = table_log_rows(rows)
    if log_rows is not None:
        return Extracted(format="csv-log", rows=log_rows)
    return Extracted(format="csv", parts=(Part(number=1, label="text", text=text.strip()),))


def table_log_rows(rows: Sequence[Sequence[str]]) -> tuple[LogRow, ...] | None:
    """The LogRows of a table whose header names log columns, or None if it is not a log."""
    found = find_header(rows)
    if not found:
        return None
    index, header = found
    records = merge_broken_rows(rows[index + 1 :], header)
    return tuple(row for row in (make_row(header, cells) for cells in records) if row)


def extract_xlsx(data: bytes) -> Extracted:
    """Each sheet that is a log table gives rows; every other sheet gives one "sheet" part."""
    return extract_sheets("xlsx", read_xlsx(data))


def extract_sheets(fmt: str, sheets: Sequence[tuple[str, Sequence[Sequence[str]]]]) -> Extracted:
    """A workbook of any kind, sheet by sheet: log sheets give rows, others a "sheet NAME" part.

    `sheets` holds (name, rows of cell strings as displayed); the format is `fmt`, or
    "FMT-log" when any sheet was a disclosure log.
    """
    rows: list[LogRow] = []
    parts: list[Part] = []
    for name, table in sheets:
        log_rows = table_log_rows(table)
        if log_rows is not None:
            rows.extend(log_rows)
            continue
        text = "\n".join(" | ".join(c for c in cells if c) for cells in table if any(cells))
        if text:
            number = len(parts) + 1
            parts.append(Part(number=number, label=f"sheet {name}", text=text, kind="sheet"))
    return Extracted(format=f"{fmt}-log" if rows else fmt, parts=tuple(parts), rows=tuple(rows))


def read_xlsx(data: bytes) -> list[tuple[str, list[list[str]]]]:
    """(sheet name, rows of cell strings as displayed) for each worksheet, in workbook order."""
    from openpyxl import load_workbook  # heavy import, only paid when a workbook turns up

    with warnings.catch_warnings():
        # openpyxl warns about styles and extensions it drops ("no default style", data
        # validation); they do not affect cell values, which are all we read.
        warnings.filterwarnings("ignore", category=UserWarning, module="openpyxl")
        try:
            book = load_workbook(io.BytesIO(data), read_only=True, data_only=True)
        except Exception as exc:  # openpyxl raises KeyError, ValueError... on damaged files
            raise ExtractError(f"corrupt XLSX: {exc}") from None
        try:
            return [(sheet.title, _sheet_rows(sheet.iter_rows(values_only=True))) for sheet in book]
        finally:
            book.close()


def _sheet_rows(rows: Iterable[Sequence[object]]) -> list[list[str]]:
    return [[cell_text(value) for value in row] for row in rows]


def cell_text(value: object) -> str:
    """A cell value as a spreadsheet shows it: dates as ISO, whole numbers without ".0"."""
    if value is None:
        return ""
    if isinstance(value, datetime):
        return value.date().isoformat() if value.time() == time(0) else value.isoformat(" ")
    if isinstance(value, date):
        return value.isoformat()
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return str(value).strip()
