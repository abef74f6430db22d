"""A compiled round robin read from the index and written out: CSV, XLSX and JSON, one row
per authority and, per question, its answer, the numbers in it and its status. The web's
downloads and the CLI write through these functions, so both give the same bytes.
"""

from __future__ import annotations

import csv
import io
from collections import Counter
from dataclasses import dataclass
from datetime import date
from typing import Any, BinaryIO, TextIO

from disclosure_search.errors import NotFoundError
from disclosure_search.exports import csv_cell
from disclosure_search.models import SearchQuery
from disclosure_search.roundrobin import (
    CompiledGroup,
    Row,
    compile_group,
    group_title,
    is_generic_title,
)
from disclosure_search.search import SearchIndex

HEADING_CHARS = 70  # a column heading gives the question's start; the full text is in JSON
FIXED = ("authority", "reference", "date", "link")
OTHER = "other questions and answers"
BOM = "\ufeff"


@dataclass(frozen=True)
class GroupSummary:
    """One round-robin group, for listing: its id, request title, answers and the named
    authorities among them (a letter whose authority is not known counts only as an answer)."""

    group_id: str
    title: str
    disclosures: int
    authorities: int


def read_compiled(index: SearchIndex, group_id: str) -> CompiledGroup:
    """The question-by-authority table of a group; NotFoundError for an unknown id."""
    members = index.group_members(group_id)
    if not members:
        raise NotFoundError(
            f"No group of requests with id {group_id!r}: "
            "list them with `disclosure-search group --list`."
        )
    return compile_group(group_id, [index.disclosure(m.doc_id) for m in members])


def list_groups(index: SearchIndex) -> list[GroupSummary]:
    """Every round-robin group, largest first (from the stored fields exports read)."""
    sizes: Counter[str] = Counter()
    titles: dict[str, Counter[str]] = {}
    authorities: dict[str, set[str]] = {}
    for hit in index.iter_hits(SearchQuery(limit=1)):
        if hit.group:
            sizes[hit.group] += 1
            titles.setdefault(hit.group, Counter())[hit.title] += 1
            named = authorities.setdefault(hit.group, set())
            named.update([hit.authority] if hit.authority else [])  # as the group page counts
    return [
        GroupSummary(g, _title(index, g, titles[g]), n, len(authorities[g]))
        for g, n in sorted(sizes.items(), key=lambda item: (-item[1], item[0]))
    ]


def _title(index: SearchIndex, group_id: str, titles: Counter[str]) -> str:
    """The title the group's page shows (`group_title`); only a group whose titles are all
    generic is compiled, for its first question."""
    if all(is_generic_title(t) for t in titles if t):
        return read_compiled(index, group_id).title
    return group_title(list(titles.elements()))


def heading(number: str, question: str) -> str:
    """'Q1: The number of nurses or support workers who support patients regarding…'."""
    text = " ".join(question.split())
    short = text if len(text) <= HEADING_CHARS else text[: HEADING_CHARS - 1].rstrip() + "…"
    return f"Q{number}: {short}"


def table_rows(group: CompiledGroup, base_url: str = "") -> list[list[str]]:
    """The header and one row per authority, every value a string: authority, reference,
    date, link, then per question its answer, numbers and status (and, when any letter
    asked more than the request, the questions no column took)."""
    header = list(FIXED)
    for q in group.questions:
        title = heading(q.number, q.question)
        header += [title, f"Q{q.number} numbers", f"Q{q.number} status"]
    extra = any(row.unmatched for row in group.rows)
    rows = [header + ([OTHER] if extra else [])]
    for row in group.rows:
        values = [row.authority, row.request_id or "", _day(row), base_url + row.link]
        for cell in row.cells:
            values += [cell.answer, "; ".join(cell.numbers), cell.status]
        if extra:
            values.append("\n".join(f"{q.number}. {q.question}\n{q.answer}" for q in row.unmatched))
        rows.append(values)
    return rows


def _day(row: Row) -> str:
    return row.date.isoformat() if row.date else ""


def write_csv(group: CompiledGroup, out: TextIO, base_url: str = "") -> None:
    """The table as CSV (Excel-style quoting, answers keep their line breaks, a cell that
    a spreadsheet would run as a formula defused as the search export does), after a byte
    order mark: without it Excel reads UTF-8 as Windows-1252 and prints "•" and "’" as junk."""
    out.write(BOM)
    writer = csv.writer(out, lineterminator="\r\n")
    writer.writerows([csv_cell(v) for v in row] for row in table_rows(group, base_url))


def csv_text(group: CompiledGroup, base_url: str = "") -> str:
    out = io.StringIO(newline="")
    write_csv(group, out, base_url)
    return out.getvalue()


def write_xlsx(group: CompiledGroup, out: BinaryIO, base_url: str = "") -> None:
    """The table as an XLSX workbook: sheet 'Answers' (the CSV's rows, links clickable,
    header frozen) and sheet 'Questions' (each question in full)."""
    from openpyxl import Workbook  # only downloads need it
    from openpyxl.cell.cell import ILLEGAL_CHARACTERS_RE
    from openpyxl.styles import Alignment, Font
    from openpyxl.utils import get_column_letter

    book = Workbook()
    sheet = book.active
    sheet.title = "Answers"
    for values in table_rows(group, base_url):
        # Control characters from PDF text are not allowed in a workbook.
        sheet.append([ILLEGAL_CHARACTERS_RE.sub("", v) for v in values])
    for cell in sheet[1]:
        cell.font = Font(bold=True)
    link_column = FIXED.index("link") + 1
    date_column = FIXED.index("date")
    for row in sheet.iter_rows(min_row=2):
        for cell in row:
            cell.alignment = Alignment(wrap_text=True, vertical="top")
            if isinstance(cell.value, str) and cell.value.startswith("="):
                cell.data_type = "s"  # text from letters, never a formula
        if row[date_column].value:  # a date cell, so a spreadsheet sorts and filters by it
            row[date_column].value = date.fromisoformat(str(row[date_column].value))
            row[date_column].number_format = "yyyy-mm-dd"
        link = row[link_column - 1]
        if link.value and "://" in str(link.value):
            link.hyperlink = str(link.value)
    sheet.freeze_panes = "B2"
    for column, title in enumerate(sheet[1], start=1):
        # Answers get room to read; numbers, statuses and the fixed columns less.
        wide = str(title.value).startswith("Q") and ":" in str(title.value)
        sheet.column_dimensions[get_column_letter(column)].width = 60 if wide else 24
    questions = book.create_sheet("Questions")
    questions.append(["number", "question"])
    for q in group.questions:
        questions.append([q.number, q.question])
    book.save(out)


def xlsx_bytes(group: CompiledGroup, base_url: str = "") -> bytes:
    out = io.BytesIO()
    write_xlsx(group, out, base_url)
    return out.getvalue()


def to_json(group: CompiledGroup, base_url: str = "") -> dict[str, Any]:
    """Everything in the table, with each cell's page and link: the API/CLI JSON shape."""
    return {
        "group": group.group_id,
        "title": group.title,
        "questions": [{"number": q.number, "question": q.question} for q in group.questions],
        "rows": [
            {
                "authority": row.authority,
                "reference": row.request_id,
                "date": _day(row) or None,
                "link": base_url + row.link,
                "answers": [
                    {
                        "question": q.number,
                        "answer": cell.answer,
                        "numbers": list(cell.numbers),
                        "status": cell.status,
                        "asked_as": cell.asked_as,
                        "page": cell.page,
                        "link": base_url + row.cell_link(cell),
                    }
                    for q, cell in zip(group.questions, row.cells, strict=True)
                ],
                "other": [
                    {"number": q.number, "question": q.question, "answer": q.answer}
                    for q in row.unmatched
                ],
            }
            for row in group.rows
        ],
    }
