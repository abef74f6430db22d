"""Prefix values: dates and ranges, outcomes, exemptions and topics in their indexed forms."""

from __future__ import annotations

import re
from datetime import date

from disclosure_search import exemptions
from disclosure_search.querynodes import DateSpan, Field, Node, Word

PREFIXES = ("authority", "topic", "exemption", "outcome", "format", "id", "date")
_DATE_PART = re.compile(r"(\d{4})(?:-(\d{1,2})(?:-(\d{1,2}))?)?")
_OUTCOME_WORDS = {
    "granted": "granted",
    "full": "granted",
    "released": "granted",
    "disclosed": "granted",
    "partial": "partially granted",
    "partially": "partially granted",
    "partly granted": "partially granted",
    "refusal": "refused",
    "withheld": "refused",
    "notheld": "not held",
    "nothing held": "not held",
}


def parse_field(text: str, start: int, end: int, hints: list[str]) -> Node | None:
    """prefix:value as a Field or DateSpan; an unknown prefix is searched as words."""
    name, value = text.split(":", 1)
    name, value = name.lower(), value.strip('"').strip()
    if name not in PREFIXES:
        if name.isalpha() and name not in ("http", "https"):
            hints.append(
                f"“{name}:” is not a search prefix, so “{text}” was searched as words. "
                f"Prefixes: {', '.join(p + ':' for p in PREFIXES)}."
            )
        return Word(text, start, end)
    if not value:
        hints.append(f"“{name}:” needs a value after it, like {EXAMPLES[name]}; it was ignored.")
        return None
    if name == "date":
        return parse_date_span(value, start, end, hints)
    return Field(name, NORMALISERS.get(name, str.strip)(value), start, end)


EXAMPLES = {
    "authority": 'authority:"Coventry City Council"',
    "topic": "topic:health",
    "exemption": "exemption:s40(2)",
    "outcome": "outcome:refused",
    "format": "format:pdf",
    "id": "id:FOI759201887",
    "date": "date:2024 or date:2024-01-01..2024-06-30",
}


def parse_date_span(value: str, start: int, end: int, hints: list[str]) -> DateSpan | None:
    """date:2024 | date:2024-03 | date:2024-03-01 | A..B with either side left open."""
    first_text, sep, last_text = value.partition("..")
    try:
        first = parse_date_bound(first_text, last=False)
        last = parse_date_bound(last_text, last=True) if sep else parse_date_bound(first_text, True)
    except ValueError:
        hints.append(
            f"“date:{value}” is not a date or range, so it was ignored. Write "
            "date:2024, date:2024-03, date:2024-03-31 or date:2024-01-01..2024-06-30."
        )
        return None
    if first is None and last is None:
        return None
    if first and last and first > last:
        hints.append(f"The dates in “date:{value}” were the wrong way round; they were swapped.")
        first, last = last, first
    return DateSpan(first, last, start, end)


def parse_date_bound(text: str, last: bool) -> date | None:
    """The first (or last) day of a year, month or day written YYYY[-MM[-DD]]; ValueError."""
    if not text:
        return None
    match = _DATE_PART.fullmatch(text)
    if not match:
        raise ValueError(text)
    year, month, day = (int(g) if g else None for g in match.groups())
    if month is None:
        return date(year, 12, 31) if last else date(year, 1, 1)
    if day is None:
        first_day = date(year, month, 1)
        if not last:
            return first_day
        following = date(year + month // 12, month % 12 + 1, 1)
        return date.fromordinal(following.toordinal() - 1)
    return date(year, month, day)


def normalise_outcome(value: str) -> str:
    """'Not-Held' -> 'not held', 'partial' -> 'partially granted'; unknown words kept as typed."""
    folded = " ".join(re.sub(r"[-_]+", " ", value.lower()).split())
    return _OUTCOME_WORDS.get(folded, _OUTCOME_WORDS.get(folded.replace(" ", ""), folded))


def normalise_exemption(value: str) -> str:
    """The indexed form of a typed exemption, by the one shared normaliser: 'Section 40(2)',
    's.40 (2)', '40(2)' -> 's40(2)'; 'r12(4)(b)' -> 'reg12(4)(b)'; 'FOISA s38' -> 'FOISA s38'."""
    return exemptions.normalise_exemption(value)


def normalise_topic(value: str) -> str:
    """ "Children's services" -> 'childrens-services' (the taxonomy's slugs)."""
    folded = re.sub(r"['’]", "", value.lower())
    return "-".join(re.findall(r"[a-z0-9]+", folded))


NORMALISERS = {
    "topic": normalise_topic,
    "exemption": normalise_exemption,
    "outcome": normalise_outcome,
    "format": lambda v: v.strip().lower(),
}
