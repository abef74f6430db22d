"""Disclosure logs published as HTML tables: one LogRow per listed request.

A table counts as a log when its header cells name log columns (see logtable). A cell that
lists several requests (<li> entries such as "13/09/2023: Successful - Title (22 requests)")
gives one row per entry, each keeping the row's other columns (e.g. the authority).
"""

from __future__ import annotations

import re
from dataclasses import replace

from bs4 import BeautifulSoup, Tag

from indexer.extract.logtable import Header, find_header, make_row, row_text
from indexer.extract.result import LogRow

_MIN_ROWS = 3  # fewer rows than this is a small table in a letter, not a log
_ENTRY = re.compile(
    r"^\s*(?P<date>\d{1,2}/\d{1,2}/\d{2,4}|\d{4}-\d{2}-\d{2}|\d{1,2} [A-Z][a-z]+ \d{4})"
    r"\s*:?\s*(?P<rest>.*)$",
    re.S,
)
_COUNT_SUFFIX = re.compile(r"\s*\(\d+ requests?\)\s*$")
_GENERIC_LINK = re.compile(r"^(view|download|link|here|more|read more|details|view foi)$", re.I)


def find_log_rows(soup: BeautifulSoup) -> tuple[LogRow, ...]:
    """The rows of the largest log table on the page, or () if no table is a log."""
    best: tuple[LogRow, ...] = ()
    for table in soup.find_all("table"):
        rows = _table_log_rows(table)
        if len(rows) >= _MIN_ROWS and len(rows) > len(best):
            best = rows
    return best


def _table_log_rows(table: Tag) -> tuple[LogRow, ...]:
    trs = [tr for tr in table.find_all("tr") if tr.find_parent("table") is table]
    cells = [tr.find_all(["td", "th"], recursive=False) for tr in trs]
    texts = [[_cell_text(cell) for cell in row] for row in cells]
    found = find_header(texts)
    if not found:
        return ()
    index, header = found
    rows: list[LogRow] = []
    for row_cells, row_texts in zip(cells[index + 1 :], texts[index + 1 :], strict=True):
        rows.extend(_rows_of(header, row_cells, row_texts))
    return tuple(rows)


def _rows_of(header: Header, cells: list[Tag], texts: list[str]) -> list[LogRow]:
    title_col = header.columns["title"]
    entries = cells[title_col].find_all("li") if title_col < len(cells) else []
    base = make_row(header, texts, _first_link(cells, title_col))
    if base is None:
        return []
    if not entries:
        return [base]
    return [_entry_row(base, header, texts, entry) for entry in entries]


def _entry_row(base: LogRow, header: Header, texts: list[str], entry: Tag) -> LogRow:
    """One request listed inside a cell: its own date, status, title and link."""
    text = _entry_text(entry)
    fields: dict[str, str | None] = {"title": text}
    match = _ENTRY.match(text)
    if match:
        fields["date"] = match.group("date")
        rest = match.group("rest").strip()
        status, sep, title = rest.partition(" - ")
        if sep and len(status.split()) <= 5:
            fields["outcome"], rest = status.strip(), title
        fields["title"] = _COUNT_SUFFIX.sub("", rest).strip() or None
    link = entry.find("a", href=True)
    fields["link"] = str(link["href"]) if link else base.link
    own = list(texts)
    own[header.columns["title"]] = text
    return replace(base, **fields, text=row_text(header.cells, own))


def _entry_text(entry: Tag) -> str:
    """An entry's text without generic link words ("View FOI") that say nothing about it."""
    parts = []
    for piece in entry.find_all(string=True):
        anchor = piece.find_parent("a")
        if anchor is not None and _GENERIC_LINK.match(anchor.get_text(" ", strip=True)):
            continue
        parts.append(str(piece))
    return re.sub(r"\s+", " ", "".join(parts)).strip()


def _cell_text(cell: Tag) -> str:
    return re.sub(r"\s+", " ", cell.get_text(" ", strip=True)).strip()


def _first_link(cells: list[Tag], preferred: int) -> str | None:
    ordered = ([cells[preferred]] if preferred < len(cells) else []) + cells
    for cell in ordered:
        anchor = cell.find("a", href=True)
        if anchor:
            return str(anchor["href"])
    return None
