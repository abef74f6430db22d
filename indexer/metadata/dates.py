"""Dates as UK letters print them, and which one is the response date."""

from __future__ import annotations

import re
from datetime import date

_MONTHS = {
    m: i
    for i, names in enumerate(
        [
            ("jan", "january"),
            ("feb", "february"),
            ("mar", "march"),
            ("apr", "april"),
            ("may",),
            ("jun", "june"),
            ("jul", "july"),
            ("aug", "august"),
            ("sep", "sept", "september"),
            ("oct", "october"),
            ("nov", "november"),
            ("dec", "december"),
        ],
        start=1,
    )
    for m in names
}
_MONTH = (
    r"(jan(?:uary)?|feb(?:ruary)?|mar(?:ch)?|apr(?:il)?|may|june?|july?|aug(?:ust)?"
    r"|sept?(?:ember)?|oct(?:ober)?|nov(?:ember)?|dec(?:ember)?)"
)
_DMY_WORDS = re.compile(
    rf"\b(\d{{1,2}})(?:st|nd|rd|th)?\s+(?:of\s+)?{_MONTH}\.?,?\s+(\d{{4}})\b", re.I
)
_MDY_WORDS = re.compile(rf"\b{_MONTH}\.?\s+(\d{{1,2}})(?:st|nd|rd|th)?,?\s+(\d{{4}})\b", re.I)
_DMY_NUM = re.compile(r"\b(\d{1,2})[/.](\d{1,2})[/.](\d{4}|\d{2})\b")
_ISO = re.compile(r"\b(\d{4})-(\d{2})-(\d{2})\b")

# Words before a date that say it is not the response date.
_NOT_RESPONSE = re.compile(
    r"(received|dated|due|by|before|until|submitted|request(?:ed)? (?:of|on)|on|from|since|"
    r"between|to|and|of|review|acknowledged)\W*$",
    re.I,
)


def find_dates(text: str) -> list[tuple[int, date]]:
    """Every date in `text` with its offset, in order. Numeric dates are day-first (UK)."""
    found: list[tuple[int, date]] = []
    for m in _DMY_WORDS.finditer(text):
        found += _make(m.start(), m.group(3), month_number(m.group(2)), m.group(1))
    for m in _MDY_WORDS.finditer(text):
        found += _make(m.start(), m.group(3), month_number(m.group(1)), m.group(2))
    for m in _DMY_NUM.finditer(text):
        year = m.group(3) if len(m.group(3)) == 4 else f"20{m.group(3)}"
        found += _make(m.start(), year, int(m.group(2)), m.group(1))
    for m in _ISO.finditer(text):
        found += _make(m.start(), m.group(1), int(m.group(2)), m.group(3))
    return sorted(set(found))


def _make(offset: int, year: str, month: int, day: str) -> list[tuple[int, date]]:
    try:
        return [(offset, date(int(year), month, int(day)))]
    except ValueError:
        return []


def month_number(name: str) -> int:
    key = name.lower().rstrip(".")
    return _MONTHS.get(key) or _MONTHS[key[:3]]


def find_response_date(text: str) -> date | None:
    """The letter's own date: a date standing alone or after 'Date:' near the top, else the
    first date not introduced as a received/due/review date."""
    head = text[:3000]
    for offset, when in find_dates(head):
        line_start = head.rfind("\n", 0, offset) + 1
        before = head[line_start:offset].strip()
        line_end = head.find("\n", offset)
        after = head[offset : line_end if line_end != -1 else len(head)]
        if (not before or re.fullmatch(r"(?:date|dated|sent)\s*:?", before, re.I)) and len(
            after.strip()
        ) <= 25:
            return when
    for offset, when in find_dates(text):
        if not _NOT_RESPONSE.search(text[max(0, offset - 30) : offset]):
            return when
    return None
