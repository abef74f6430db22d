"""Dates as UK letters print them, and which one is the letter's own (response) date."""

from __future__ import annotations

import re
from datetime import date

from indexer.metadata.header import first_salutation

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
# Between day, month and year: spaces ('13 Nov 2018', '1st of March'), dashes ('13-Nov-2018'),
# slashes or dots ('13/Nov/18'); a full stop or comma may follow the month ('Sept. 2018').
_DAY_MONTH = r"(?:\s+(?:of\s+)?|[-/.])"
_MONTH_YEAR = r"(?:\.?,?\s+|\.?[-/.])"
# A two-digit year ends the date ('13 Nov 18', '13 Nov 18 10:32'): not '3 May 20 officers'.
_YEAR = r"(\d{4}\b|\d{2}\b(?=\s\d{1,2}:\d\d\b|(?![^\S\r\n]?[\w:/]|[.-]\d)))"
_DMY_WORDS = re.compile(rf"\b(\d{{1,2}}){_ORDINAL}{_DAY_MONTH}{_MONTH}{_MONTH_YEAR}{_YEAR}", re.I)
_MDY_WORDS = re.compile(rf"\b{_MONTH}\.?\s+(\d{{1,2}})(?:st|nd|rd|th)?,?\s+(\d{{4}})\b", re.I)
# '13/11/2018', '13.11.18': the same separator twice. With dashes only a four-digit year
# ('13-11-2018'): references print like '12-05-23'.
_DMY_NUM = re.compile(
    r"\b(\d{1,2})([/.])(\d{1,2})\2(\d{4}|\d{2})\b|\b(\d{1,2})(-)(\d{1,2})-(\d{4})\b"
)
_ISO = re.compile(r"\b(\d{4})-(\d{2})-(\d{2})\b")

# What may stand before a letter's own date on its line: nothing, a label, a weekday.
_LABEL = (
    r"date|dated|sent|date (?:of )?(?:response|reply|letter|issue|responded|sent|issued|released)"
    r"|(?:response|reply|issue|release) date"
)
_DATE_LABEL = re.compile(rf"(?:(?:{_LABEL})\s*:?)?", re.I)
# 'Wednesday 13 November 2018', 'Tues, 13 Nov 18', 'Thu. 13/11/2018'.
_WEEKDAY = re.compile(
    r"\b(?:mon|tues?|wed(?:nes)?|thu(?:rs?)?|fri|sat(?:ur)?|sun)(?:day)?\.?,?\s*$", re.I
)
# 'Date: 13/11/2025    Our ref: ABC', 'Our ref: ABC | Date: 13/11/2025': a labelled date may
# share its line with other fields, set apart by a wide gap, a tab or a table's rule.
_LABELLED = re.compile(rf"(?:^|\t|\s{{2,}}|\|\s*)(?:{_LABEL})\s*:\s*$", re.I)
# Tabs, a wide gap or a rule before a date at the end of a line: a right-aligned letter date,
# or the date cell of a heading ('Leeds City Council | 13 November 2018').
_RIGHT_ALIGNED = re.compile(r"(?:\t|\s{3,}|\|\s*)$")
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
        day, _, month, year = m.groups()[:4] if m.group(1) else m.groups()[4:]
        found += _make(m.start(), year, int(month), day)
    for m in _ISO.finditer(text):
        found += _make(m.start(), m.group(1), int(m.group(2)), m.group(3))
    return sorted(set(found))


def _make(offset: int, year: str, month: int, day: str) -> list[tuple[int, date]]:
    try:
        return [(offset, date(full_year(year), month, int(day)))]
    except ValueError:
        return []


def full_year(printed: str) -> int:
    """A printed year as a number: a two-digit one is this century's unless that would be
    in the future ('18' -> 2018, '99' -> 1999)."""
    year = int(printed)
    if len(printed) > 2:
        return year
    year += 2000
    return year if year <= date.today().year else year - 100


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
    # A date set apart on a line (right-aligned, a table's cell) is the letter's only above
    # the greeting: below it, such a line is a row of the answer's tables.
    greeting = first_salutation(head)
    found = [
        (offset, when)
        for offset, when in find_dates(head)
        if is_dateline(head, offset, right_aligned=greeting is None or offset < greeting)
    ]
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
    before = _WEEKDAY.sub("", before)  # a weekday stands before the date wherever it is
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
