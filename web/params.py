"""Request arguments -> SearchQuery, with messages that say what is wrong and how to fix it."""

from __future__ import annotations

import re
from collections.abc import Mapping
from datetime import date

from disclosure_search.errors import InvalidQueryError
from disclosure_search.models import SORTS, SearchQuery
from disclosure_search.search import MAX_LIMIT

FIELDS = (
    "q",
    "authority",
    "topic",
    "exemption",
    "outcome",
    "format",
    "from",
    "to",
    "request_id",
    "sort",
    "page",
    "limit",
)
DEFAULT_LIMIT = 10
LIMIT_CHOICES = (10, 20, 50, 100)
# No cap on pages: collection keeps only the matches there are, however deep the page.
MAX_PAGE = 999_999_999

_ISO_DATE = re.compile(r"\d{4}-\d{2}-\d{2}")
_WHOLE_NUMBER = re.compile(r"[0-9]{1,9}")


def read_form(args: Mapping[str, str]) -> dict[str, str]:
    """The search fields as the user sent them (trimmed, "" when absent), to refill the form."""
    return {name: (args.get(name) or "").strip() for name in FIELDS}


def parse_search(form: Mapping[str, str]) -> SearchQuery:
    """The SearchQuery for a form from `read_form`; InvalidQueryError names the bad field."""
    date_from = parse_date("from", form.get("from", ""))
    date_to = parse_date("to", form.get("to", ""))
    if date_from and date_to and date_from > date_to:
        raise InvalidQueryError(
            f"The 'from' date ({date_from}) is after the 'to' date ({date_to}): "
            "swap them, or leave one empty."
        )
    sort = form.get("sort") or None
    if sort is not None and sort not in SORTS:
        raise InvalidQueryError(
            f"'sort' must be one of {', '.join(SORTS)}, not {sort!r}: change it, or remove it "
            "to sort by relevance (newest first when there are no words)."
        )
    return SearchQuery(
        text=form.get("q", ""),
        authority=form.get("authority") or None,
        topic=form.get("topic") or None,
        exemption=form.get("exemption") or None,
        outcome=form.get("outcome") or None,
        format=form.get("format") or None,
        date_from=date_from,
        date_to=date_to,
        request_id=form.get("request_id") or None,
        sort=sort,
        page=parse_int("page", form.get("page", ""), 1, MAX_PAGE),
        limit=parse_int("limit", form.get("limit", ""), DEFAULT_LIMIT, MAX_LIMIT),
    )


def parse_date(name: str, value: str) -> date | None:
    """A YYYY-MM-DD date, None for "", else InvalidQueryError with an example."""
    if not value:
        return None
    try:
        # fromisoformat alone would also take 20240131 and week dates; ask for one form.
        if _ISO_DATE.fullmatch(value):
            return date.fromisoformat(value)
    except ValueError:
        pass
    raise InvalidQueryError(
        f"The '{name}' date {value!r} is not a real date: write it as YYYY-MM-DD, "
        "for example 2024-01-31."
    )


def parse_int(name: str, value: str, default: int, high: int) -> int:
    """A whole number from 1 to `high`; "" gives `default`."""
    if not value:
        return default
    if _WHOLE_NUMBER.fullmatch(value) and 1 <= int(value) <= high:
        return int(value)
    raise InvalidQueryError(
        f"'{name}' must be a whole number from 1 to {high}, not {value!r}: "
        f"change it, or remove it to get {'the first page' if name == 'page' else 'the default'}."
    )


def url_args(form: Mapping[str, str], page: int = 1, **changes: str) -> dict[str, str]:
    """The non-empty fields of `form`, with `changes` ("" removes a field), for a link to
    `page` of that search."""
    merged = {**form, **changes}
    args = {k: v for k, v in merged.items() if v and k != "page"}
    if page > 1:
        args["page"] = str(page)
    return args
