"""Dates as UK letters print them, and which one is the letter's own (response) date."""

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
# An ordinal suffix as printed, superscripted ("6^th") or read by OCR ('13" October').
_ORDINAL = r"(?:\s?\^\s?|[\"'”“’]{1,2})?(?:st|nd|rd|th)?"
_DMY_WORDS = re.compile(rf"\b(\d{{1,2}}){_ORDINAL}\s+(?:of\s+)?{_MONTH}\.?,?\s+(\d{{4}})\b", re.I)
_MDY_WORDS = re.compile(rf"\b{_MONTH}\.?\s+(\d{{1,2}})(?:st|nd|rd|th)?,?\s+(\d{{4}})\b", re.I)
_DMY_NUM = re.compile(r"\b(\d{1,2})[/.](\d{1,2})[/.](\d{4}|\d{2})\b")
_ISO = re.compile(r"\b(\d{4})-(\d{2})-(\d{2})\b")

# What may stand before a letter's own date on its line: nothing, a label, a weekday.
_LABEL = (
    r"date|dated|sent|date (?:of )?(?:response|reply|letter|issue|responded|sent|issued|released)"
    r"|(?:response|reply|issue|release) date"
)
_DATE_LABEL = re.compile(
    rf"(?:(?:{_LABEL})\s*:?\s*)?(?:(?:mon|tues|wednes|thurs|fri|satur|sun)day,?)?", re.I
)
# "Date: 13/11/2025    Our ref: ABC": a labelled date may share its line with other fields.
_LABELLED = re.compile(rf"(?:^|\t|\s{{2,}})(?:{_LABEL})\s*:\s*$", re.I)
# Tabs or a wide gap before a date at the end of a line: a right-aligned letter date.
_RIGHT_ALIGNED = re.compile(r"(?:\t|\s{3,})$")
# A label naming another date: the request's, a deadline, a review ('Date received:',
# 'Date of request:', 'Due date:'). A date after it is never the letter's own.
_OTHER_LABEL = re.compile(
    r"\b(?:received|request(?:ed)?|due|deadline|review|expir\w*|birth|incident|logged"
    r"|acknowledged|submitted|extended|original)\b[^:\n]{0,20}:?\s*$",
    re.I,
)
# A label that says the date is the response's own ('Date of response:', 'Response date:').
_RESPONSE_LABEL = re.compile(
    r"\b(?:date (?:of )?(?:response|reply|issue|responded|issued|released)"
    r"|(?:response|reply|issue|release) date)\s*:?\s*$",
    re.I,
)
_RECEIVED = re.compile(r"\breceived(?: by [^.\n]{2,60}?)?(?: on)?(?: the)?\s+(?=\d)", re.I)
HEAD_CHARS = 3000
FOOT_CHARS = 1200


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
    """'Sept', 'september', 'Sep.' -> 9."""
    key = name.lower().rstrip(".")
    return _MONTHS.get(key) or _MONTHS[key[:3]]


def find_letter_date(text: str) -> date | None:
    """The letter's own date: near the top (on a line of its own, after 'Date:' or
    right-aligned), else on a line of its own at the foot. Dates inside sentences (received,
    due, review dates) are never the letter's date."""
    return find_head_date(text) or (find_foot_date(text) if len(text) > HEAD_CHARS else None)


def find_head_date(text: str) -> date | None:
    """A dateline near the top of `text`: one labelled as the response's date first, else
    the first (the letter's date stands above its body)."""
    head = text[:HEAD_CHARS]
    found = [(offset, when) for offset, when in find_dates(head) if is_dateline(head, offset)]
    for offset, when in found:
        if _RESPONSE_LABEL.search(_line_before(head, offset)):
            return when
    return found[0][1] if found else None


def _line_before(text: str, offset: int) -> str:
    """The text of the line holding `offset`, up to `offset`."""
    return text[text.rfind("\n", 0, offset) + 1 : offset]


def find_foot_date(text: str) -> date | None:
    """A date on a line of its own at the foot of `text` (after the signature)."""
    start = max(0, len(text) - FOOT_CHARS)
    for offset, when in reversed(find_dates(text[start:])):
        if is_dateline(text, start + offset, right_aligned=False):
            return when
    return None


def is_dateline(text: str, offset: int, right_aligned: bool = True) -> bool:
    """True when the date at `offset` stands as a dateline rather than inside a sentence."""
    line_start = text.rfind("\n", 0, offset) + 1
    line_end = text.find("\n", offset)
    before = text[line_start:offset]
    after = text[offset : line_end if line_end != -1 else len(text)]
    if _OTHER_LABEL.search(before):
        return False
    if _LABELLED.search(before):
        return True
    if len(after.strip()) > 25:
        return False
    if _DATE_LABEL.fullmatch(before.strip()):
        return True
    return right_aligned and bool(_RIGHT_ALIGNED.search(before)) and len(after.strip()) <= 20


def find_received(text: str) -> date | None:
    """The date the request was received, when the letter states it ('received on 15th
    September 2025', 'which we received on 24/01/2024')."""
    for match in _RECEIVED.finditer(text):
        dates = find_dates(text[match.end() : match.end() + 30])
        if dates and dates[0][0] == 0:
            return dates[0][1]
    return None
