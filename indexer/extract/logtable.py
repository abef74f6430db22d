"""Disclosure-log tables: find the header by its column names, turn each row into a LogRow.

Shared by the CSV, XLSX, HTML and JSON readers, so a log is recognised the same way whatever
file it comes in. Detection is by column names only, never by file name.
"""

from __future__ import annotations

import csv
import re
from collections.abc import Sequence
from dataclasses import dataclass

from indexer.extract.result import LogRow

_DATE_WORDS = {"date", "dated", "received", "issued", "published", "updated", "answered", "rec"}
_LATE_DATE_WORDS = {"decision", "response", "responded", "issued", "published", "answered"}
_LATE_DATE_WORDS |= {"reply", "closed", "completed", "sent", "released", "updated", "disclosed"}
_REF_WORDS = {"ref", "reference", "refno", "reference_no", "ourref"}
_REF_QUALIFIERS = {"foi", "request", "case", "eir", "log"}
_LINK_WORDS = {"link", "links", "url", "href", "pdf"}
_OUTCOME_WORDS = {"decision", "outcome", "result", "status", "disclosed"}
_AUTHORITY_WORDS = {"authority", "body", "organisation", "organization", "council", "agency"}
_AUTHORITY_WORDS |= {"department"}
_TITLE_WORDS = {"title", "subject", "topic", "heading"}
_DESCRIPTION_WORDS = {"request", "requests", "requested", "description", "summary", "details"}
_DESCRIPTION_WORDS |= {"question", "questions", "query", "particulars", "information"}
_FIELDS = ("reference", "date", "title", "description", "outcome", "authority", "link")


@dataclass(frozen=True)
class Header:
    """Which column holds each LogRow field, and the header cells as printed."""

    cells: tuple[str, ...]
    columns: dict[str, int]


def header_words(cell: str) -> list[str]:
    """Lower-case words of a header cell: "DecisionDate" and "Decision_Date" -> decision, date."""
    spaced = re.sub(r"(?<=[a-z])(?=[A-Z])", " ", cell)
    return re.findall(r"[a-z0-9]+", spaced.lower().replace("_", " "))


def classify_header(cell: str) -> tuple[str, int] | None:
    """The LogRow field a column header names, with a priority among rival columns."""
    words = header_words(cell)
    if not words or len(words) > 6 or any(w.isdigit() for w in words) or ":" in cell:
        return None
    found = set(words)
    if found & _DATE_WORDS or (len(words) > 1 and words[-1] == "at"):
        rank = 3 if found & _LATE_DATE_WORDS else 2 if words == ["date"] else 1
        return "date", rank
    if found & _REF_WORDS or ({"number", "id", "no"} & found and found & _REF_QUALIFIERS):
        return "reference", 1
    if "id" in found:
        return None  # a database id column ("body_id", "wdtk_id") is not a name or a title
    if found & _LINK_WORDS:
        return "link", 1
    if found & _OUTCOME_WORDS:
        return "outcome", 1 if "status" in found else 2
    if found & _AUTHORITY_WORDS:
        return "authority", 1
    if found & _TITLE_WORDS:
        return "title", 1
    if found & _DESCRIPTION_WORDS:
        return "description", 1
    return None


def parse_header(cells: Sequence[str]) -> Header | None:
    """A Header if these cells name a log table: a title or request column plus one other field."""
    cells = tuple(str(c or "").strip() for c in cells)
    if sum(1 for c in cells if c) < 2 or any(len(c) > 60 for c in cells):
        return None
    best: dict[str, tuple[int, int]] = {}
    for index, cell in enumerate(cells):
        found = classify_header(cell)
        if found and (found[0] not in best or found[1] > best[found[0]][0]):
            best[found[0]] = (found[1], index)
    columns = {name: index for name, (_, index) in best.items()}
    if not ({"title", "description"} & columns.keys()):
        return None
    if not ({"date", "reference", "outcome", "authority", "link"} & columns.keys()):
        return None
    if "title" not in columns:
        columns["title"] = columns.pop("description")
    return Header(cells, columns)


def looks_like_log_header(cells: Sequence[str]) -> bool:
    """True if these cells are the header row of a disclosure log."""
    return parse_header(cells) is not None


def find_header(rows: Sequence[Sequence[str]], scan: int = 10) -> tuple[int, Header] | None:
    """The index and Header of the first log-table header among the first `scan` rows."""
    for index, row in enumerate(rows[:scan]):
        header = parse_header(row)
        if header:
            return index, header
    return None


def split_csv_line(line: str) -> list[str]:
    """Cells of one delimited line, guessing the delimiter among comma, semicolon and tab."""
    delimiter = csv_delimiter(line)
    return next(csv.reader([line], delimiter=delimiter), [])


def csv_delimiter(line: str) -> str:
    """The most frequent of comma, semicolon and tab in a header line (comma on a tie)."""
    return max((",", ";", "\t"), key=line.count)


def make_row(header: Header, cells: Sequence[str], link: str | None = None) -> LogRow | None:
    """One LogRow from a data row's cells (as printed), or None for an empty or repeated header."""
    cells = [str(c).strip() if c is not None else "" for c in cells]
    if not any(cells) or tuple(cells[: len(header.cells)]) == header.cells:
        return None
    values = {}
    for name in _FIELDS:
        index = header.columns.get(name)
        value = cells[index] if index is not None and index < len(cells) else ""
        values[name] = value or None
    if link and not values["link"]:
        values["link"] = link
    text = row_text(header.cells, cells)
    return LogRow(text=text, **values)


def row_text(names: Sequence[str], cells: Sequence[str]) -> str:
    """The searchable text of a row: one "Column: value" line per non-empty cell.

    Web addresses are left out: the row's link is kept as its own field, and a URL's path
    words would only make noise in searches and snippets."""
    lines = []
    for index, cell in enumerate(cells):
        if not cell or re.match(r"https?://\S+$", cell):
            continue
        name = names[index] if index < len(names) and names[index] else ""
        # Data keys ("last_updated_at") read as column headings ("Last updated at").
        name = name.replace("_", " ").strip()
        name = name[:1].upper() + name[1:]
        lines.append(f"{name}: {cell}" if name else cell)
    return "\n".join(lines)


_FUSED_TAIL = re.compile(
    r",\s*((?:part[- ]?)?grant(?:ed)?(?: in (?:full|part))?|refus(?:e|ed|al)|withdrawn"
    r"|transferred|released|not held|no records?(?: held)?)"
    r"\s*(?:,\s*(\d{1,2}/\d{1,2}/\d{2,4}))?\s*$",
    re.I,
)
_DATE_VALUE = re.compile(r"^\d{1,4}[/.-]\d{1,2}[/.-]\d{1,4}")


def merge_broken_rows(rows: Sequence[Sequence[str]], header: Header) -> list[list[str]]:
    """Rejoin records that a PDF-to-CSV conversion split over several lines.

    A line continues the record above unless it starts like a record (a reference-like first
    value and a second value, or a full row with a date). Its cells were split at commas that
    belonged to the text, so they are joined with ", " onto the request text. A decision fused
    onto the end of the request ("...calls.,Refused") is moved back to its column.
    """
    merged: list[list[str]] = []
    for cells in rows:
        cells = [str(c or "").strip() for c in cells]
        if not any(cells):
            continue
        if merged and not _starts_record(cells, header):
            _append_text(merged[-1], cells, header)
        else:
            merged.append(cells)
    for record in merged:
        _split_fused_tail(record, header)
    return merged


def _starts_record(cells: list[str], header: Header) -> bool:
    width = len(header.cells)
    ref_col = header.columns.get("reference")
    date_col = header.columns.get("date")
    if ref_col is None:
        return len(cells) >= width - 1
    ref = cells[ref_col] if ref_col < len(cells) else ""
    if _looks_like_reference(ref) and sum(1 for c in cells if c) >= 2:
        return True
    if date_col is not None and len(cells) >= width:
        return bool(_DATE_VALUE.match(cells[date_col]))
    return False


def _looks_like_reference(value: str) -> bool:
    """True for values like FOI/P050/2017, 18/005, FOI 1306/25: short, digits, no plain words."""
    if not 0 < len(value) <= 30 or value.count(" ") > 2 or not any(c.isdigit() for c in value):
        return False
    return all(
        any(c.isdigit() for c in token) or token.isupper() or len(token) <= 3
        for token in value.split()
    )


def _text_column(header: Header) -> int:
    return header.columns.get("description", header.columns["title"])


def _append_text(record: list[str], cells: list[str], header: Header) -> None:
    column = _text_column(header)
    record.extend([""] * (column + 1 - len(record)))
    extra = ", ".join(c for c in cells if c)
    record[column] = f"{record[column]}\n{extra}" if record[column] else extra


def _split_fused_tail(record: list[str], header: Header) -> None:
    outcome_col = header.columns.get("outcome")
    column = _text_column(header)
    if outcome_col is None or column >= len(record):
        return
    if outcome_col < len(record) and record[outcome_col]:
        return
    match = _FUSED_TAIL.search(record[column])
    if not match:
        return
    record.extend([""] * (max(header.columns.values()) + 1 - len(record)))
    record[column] = record[column][: match.start()].rstrip()
    record[outcome_col] = match.group(1)
    date_col = header.columns.get("date")
    if match.group(2) and date_col is not None and not record[date_col]:
        record[date_col] = match.group(2)
