"""Disclosure logs published as a PDF table: one LogRow per table row, cells found by position.

The header is recognised by its column names (the test CSV and spreadsheet logs use), among
the words pdfminer places on the first pages. Columns run between the white gutters that
separate the header cells; rows lie between ruled lines where the table has them, else each
starts where the reference (or date) column starts a new value. When the table cannot be
read with confidence, `find_log_table` returns None and the PDF keeps its page parts.
"""

from __future__ import annotations

import bisect
import re
import statistics
from collections.abc import Sequence
from dataclasses import dataclass

from indexer.extract.logtable import Header, make_row, parse_header
from indexer.extract.pdflayout import Layout, Line, Rule, Word, bands, merge_cells, visual_lines
from indexer.extract.result import LogRow

HEADER_PAGES = 3  # the header must be on one of the first pages
_MAX_HEADER_LINES = 4  # a header cell may wrap, but not into a paragraph
_OUTSIDE_WORDS = 40  # words a table page may hold beside the table: a heading, a footer
_BREAK_CHARS = ("-", "/")  # a reference broken over two lines ends with one of these


@dataclass(frozen=True)
class LogTable:
    """The rows of a log table and the (0-based) pages it covers."""

    rows: tuple[LogRow, ...]
    pages: frozenset[int]


def find_log_table(pages: Sequence[Layout]) -> LogTable | None:
    """The log table that starts on one of the first pages, or None if there is none."""
    found = _find_header(pages)
    if found is None:
        return None
    first, header, cells, header_bottom = found
    anchor = header.columns.get("reference", header.columns.get("date", 0))
    records: list[list[str]] = []
    covered = set()
    columns: list[float] = []
    for index in range(first, len(pages)):
        lines = visual_lines(pages[index].words)
        region = _region(lines, header_bottom if index == first else _after_header(lines, header))
        columns = columns or _boundaries(cells, region)
        groups = _groups(region, pages[index].rules, cells, anchor, columns)
        page_records = [_cells(group, columns, len(cells)) for group in groups]
        carried = None
        if index > first and page_records and not page_records[0][anchor]:
            carried = page_records.pop(0)  # the end of a row begun on the page before
        if not _is_table_page(pages[index], region, page_records, anchor, carried):
            if index == first:
                return None
            break  # the table has ended: the rest are ordinary pages
        if carried and records:
            _join(records[-1], carried)
        records.extend(page_records)
        covered.add(index)
    rows = [row for row in (make_row(header, cells) for cells in records) if row]
    if not _confident(records, rows, anchor):
        return None
    return LogTable(tuple(rows), frozenset(covered))


def _is_table_page(
    page: Layout,
    region: list[Line],
    records: list[list[str]],
    anchor: int,
    carried: list[str] | None,
) -> bool:
    """True when the table fills the page (a heading and a footer aside) and its rows have
    anchor values: a letter quoting a small table stays a letter."""
    inside = sum(len(line.words) for line in region)
    if len(page.words) - inside > _OUTSIDE_WORDS + 0.25 * inside:
        return False
    return _anchors_ok(records, anchor, 0.5) or (not records and carried is not None)


def has_log_header(pages: Sequence[Layout]) -> bool:
    """True when one of the first pages holds a log-table header (a cheap first test)."""
    return _find_header(pages) is not None


def _find_header(pages: Sequence[Layout]) -> tuple[int, Header, list[Word], float] | None:
    """(page, header, one merged Word per header cell, bottom of the header) if found."""
    for index, page in enumerate(pages[:HEADER_PAGES]):
        for band in bands(visual_lines(page.words), page.rules):
            if len(band) > _MAX_HEADER_LINES:
                continue
            cells = merge_cells(band)
            header = parse_header([cell.text for cell in cells]) if len(cells) >= 3 else None
            if header is not None:
                return index, header, cells, band[-1].bottom
    return None


def _after_header(lines: list[Line], header: Header) -> float:
    """Where the table resumes on a later page: below a repeated header, else the top."""
    wanted = " ".join(" ".join(header.cells).split())
    for index in range(min(len(lines), 12)):
        for end in range(index + 1, min(index + _MAX_HEADER_LINES, len(lines)) + 1):
            cells = merge_cells(lines[index:end])
            if " ".join(cell.text for cell in cells) == wanted:
                return lines[end - 1].bottom
    return 0.0


def _region(lines: list[Line], start: float) -> list[Line]:
    """The table's lines below `start`, up to the first wide gap (the page footer's)."""
    below = [line for line in lines if line.top >= start]
    if not below:
        return []
    height = statistics.median(line.bottom - line.top for line in below)
    region = below[:1]
    for line in below[1:]:
        if line.top - region[-1].bottom > 3 * height:
            break
        region.append(line)
    return region


def _boundaries(cells: list[Word], region: list[Line]) -> list[float]:
    """x of the gutter between each pair of header cells: the widest strip no word covers."""
    spans = sorted(
        [(c.x0, c.x1) for c in cells] + [(w.x0, w.x1) for ln in region for w in ln.words]
    )
    boundaries = []
    for left, right in zip(cells, cells[1:], strict=False):
        best, width, reach = None, 0.0, left.x0
        for x0, x1 in spans:
            if x0 > reach and min(x0, right.x0 + 1) - reach > width:
                width = min(x0, right.x0 + 1) - reach
                best = (reach + min(x0, right.x0 + 1)) / 2
            reach = max(reach, x1)
            if reach > right.x0:
                break
        fallback = (left.x1 + right.x0) / 2 if left.x1 < right.x0 else right.x0 - 1
        boundaries.append(best if best is not None else fallback)
    return boundaries


def _groups(
    region: list[Line],
    rules: Sequence[Rule],
    cells: list[Word],
    anchor: int,
    columns: list[float],
) -> list[list[Line]]:
    """The region's lines grouped into table rows: by ruled lines, else by the anchor column."""
    if not region:
        return []
    left, right = cells[0].x0, cells[-1].x1
    ys = sorted(
        y
        for y, x0, x1 in rules
        if min(x1, right) - max(x0, left) > 0.5 * (right - left)
        and region[0].top - 2 <= y <= region[-1].bottom + 2
    )
    if len(ys) >= 2:
        groups: dict[int, list[Line]] = {}
        for line in region:
            groups.setdefault(bisect.bisect(ys, (line.top + line.bottom) / 2), []).append(line)
        return list(groups.values())
    result: list[list[Line]] = []
    previous = ""
    for line in region:
        text = " ".join(w.text for w in line.words if _column(w, columns) == anchor)
        if text and not (result and previous.endswith(_BREAK_CHARS)):
            result.append([line])
        elif result:
            result[-1].append(line)
        else:
            result.append([line])  # above the first anchor: carried over from the last page
        previous = text
    return result


def _column(word: Word, columns: list[float]) -> int:
    return bisect.bisect(columns, word.x0)


def _cells(group: list[Line], columns: list[float], width: int) -> list[str]:
    cells = [""] * width
    for line in group:
        for word in line.words:
            index = min(_column(word, columns), width - 1)
            cells[index] = f"{cells[index]} {word.text}" if cells[index] else word.text
    return cells


def _join(record: list[str], more: list[str]) -> None:
    for index, text in enumerate(more):
        if text:
            record[index] = f"{record[index]} {text}" if record[index] else text


_VALUE = re.compile(r"\d")


def _anchors_ok(records: list[list[str]], anchor: int, share: float) -> bool:
    """True when most records have a short anchor value with a digit (a reference or a date)."""
    if not records:
        return False
    good = sum(1 for r in records if _VALUE.search(r[anchor]) and len(r[anchor]) <= 40)
    return good >= share * len(records)


def _confident(records: list[list[str]], rows: list[LogRow], anchor: int) -> bool:
    """Enough rows, nearly all with an anchor value and a title: a table read as a table."""
    if len(rows) < 2 or not _anchors_ok(records, anchor, 0.8):
        return False
    return sum(1 for row in rows if row.title) >= 0.9 * len(rows)
