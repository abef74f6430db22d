"""JSON files: a request thread, a disclosure-log listing, or other data read as text."""

from __future__ import annotations

import json
from typing import Any

from disclosure_search.errors import ExtractError
from disclosure_search.models import Part
from indexer.extract.decode import decode_bytes
from indexer.extract.logtable import make_row, parse_header
from indexer.extract.result import Extracted, LogRow
from indexer.extract.wdtk_json import extract_request_thread, is_request_thread

_KEY_SAMPLE = 50  # records whose keys make up the "header" of a listing


def extract_json(data: bytes) -> Extracted:
    """A thread gives message parts, a listing gives rows (format "json-log"), else one part."""
    try:
        value = json.loads(decode_bytes(data))
    except (ValueError, RecursionError) as exc:
        raise ExtractError(f"corrupt JSON: {exc}") from None
    if is_request_thread(value):
        return extract_request_thread(value)
    rows = listing_rows(value)
    if rows is not None:
        return Extracted(format="json-log", rows=rows)
    text = "\n".join(_leaf_lines(value, ""))
    return Extracted(format="json", parts=(Part(number=1, label="text", text=text),))


def listing_rows(value: Any) -> tuple[LogRow, ...] | None:
    """Rows of a list of records whose keys name log columns (a title and a date, say)."""
    records = _records(value)
    if not records:
        return None
    keys: list[str] = []
    for record in records[:_KEY_SAMPLE]:
        keys.extend(key for key in record if key not in keys)
    header = parse_header(keys)
    if header is None:
        return None
    rows = (make_row(header, [_scalar(record.get(key)) for key in keys]) for record in records)
    return tuple(row for row in rows if row)


def _records(value: Any) -> list[dict[str, Any]] | None:
    """The list of objects in `value`, or in its only list-valued key ({"results": [...]})."""
    if isinstance(value, dict):
        lists = [v for v in value.values() if isinstance(v, list)]
        value = lists[0] if len(lists) == 1 else None
    if isinstance(value, list) and value and all(isinstance(item, dict) for item in value):
        return value
    return None


def _scalar(value: Any) -> str:
    if value is None or isinstance(value, dict):
        return ""
    if isinstance(value, list):
        return ", ".join(str(item) for item in value if not isinstance(item, dict | list))
    return str(value)


def _leaf_lines(value: Any, path: str) -> list[str]:
    """A "path: value" line for every string and number in the data, in document order."""
    if isinstance(value, dict):
        return [line for key, item in value.items() for line in _leaf_lines(item, str(key))]
    if isinstance(value, list):
        return [line for item in value for line in _leaf_lines(item, path)]
    if value is None or value == "":
        return []
    return [f"{path}: {value}" if path else str(value)]
