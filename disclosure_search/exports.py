"""Search results as CSV and JSON lines: one shape for `search --format` and /export.*."""

from __future__ import annotations

import csv
import io
import json
from collections.abc import Callable, Iterable, Iterator, Sequence
from typing import Any

from disclosure_search.models import SearchHit

COLUMNS = (
    "doc_id",
    "request_id",
    "title",
    "authority",
    "date",
    "outcome",
    "exemptions",
    "topics",
    "format",
    "source",
    "group",
    "removed",
)
# A cell starting with one of these is run as a formula by spreadsheet programs; the titles
# come from documents we do not control (OWASP "CSV injection").
_FORMULA_START = ("=", "+", "-", "@", "\t", "\r")

UrlFor = Callable[[SearchHit], str]


def hit_row(hit: SearchHit, url_for: UrlFor | None = None) -> dict[str, Any]:
    """A hit as a flat record: lists joined by "; " in CSV, kept as lists in JSON."""
    data = hit.to_json()
    row = {name: data.get(name) for name in COLUMNS}
    if url_for is not None:
        row["url"] = url_for(hit)
    return row


def iter_jsonl(hits: Iterable[SearchHit], url_for: UrlFor | None = None) -> Iterator[str]:
    """One JSON object per line, each ending in a newline."""
    for hit in hits:
        yield json.dumps(hit_row(hit, url_for), ensure_ascii=False) + "\n"


def iter_csv(hits: Iterable[SearchHit], url_for: UrlFor | None = None) -> Iterator[str]:
    """A header line, then one CSV line per hit (streamable)."""
    yield csv_text([*COLUMNS, *(["url"] if url_for else [])], ())
    for hit in hits:
        yield csv_text((), [hit_row(hit, url_for).values()])


def csv_text(header: Sequence[str], rows: Iterable[Iterable[Any]]) -> str:
    """CSV text: the header line (none when empty), then one line per row, every cell
    through csv_cell so no cell can run as a spreadsheet formula."""
    buffer = io.StringIO()
    writer = csv.writer(buffer)
    if header:
        writer.writerow([csv_cell(name) for name in header])
    writer.writerows([csv_cell(value) for value in row] for row in rows)
    return buffer.getvalue()


def csv_cell(value: Any) -> str:
    """A value as CSV text: lists joined, booleans lower case, formulas defused."""
    if value is None:
        return ""
    if isinstance(value, list):
        value = "; ".join(value)
    text = str(value).lower() if isinstance(value, bool) else str(value)
    return "'" + text if text.startswith(_FORMULA_START) else text
