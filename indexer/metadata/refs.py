"""Find the authority's own request reference in a letter, among the others it quotes."""

from __future__ import annotations

import re
from collections import Counter

# A reference value: starts with a letter or digit, contains a digit, may hold / - and one
# space after a short prefix ("FOI 1306/25", "FOI / 2022-23-1202", "01/FOI/25/006753/Z").
_VALUE = r"((?:[A-Z]{2,6}\s?/\s?|[A-Z]{2,6}[ -])?[A-Z0-9][A-Z0-9/\-]*\d[A-Z0-9/\-]*)"

# Labels an authority uses for its own reference, strongest first.
_OWN_LABELS = re.compile(
    r"(?<![Yy]our )\b(?:request\s+id|request\s+number|request\s+ref(?:erence)?|"
    r"our\s+ref(?:erence)?|my\s+ref(?:erence)?|case\s+ref(?:erence)?|foi\s+ref(?:erence)?|"
    r"reference\s+number|reference\s+no\.?|ref(?:erence)?)\s*(?:number|no\.?)?\s*[:\-]?\s*"
    + _VALUE,
    re.IGNORECASE,
)
_YOUR_LABEL = re.compile(r"\byour\s+ref(?:erence)?\b", re.IGNORECASE)

# Reference shapes recognisable without a label.
_SHAPES = [
    re.compile(r"\b((?:FOI|EIR|FOISA|FOIR)\s?/\s?\d[\d-]{3,})\b"),
    re.compile(r"\b(FOI-?\d{6,})\b", re.IGNORECASE),
    re.compile(r"\b(FS\d{8})\b"),
    re.compile(r"\b(IC-\d{5,}-[A-Z0-9]{4})\b"),
    re.compile(r"\b(F-\d{4}-\d{4,6})\b"),
]


def find_request_ids(text: str) -> list[str]:
    """Authority references in `text`, the likeliest first, as printed.

    A labelled reference ("Our ref:", "Request ID:") outranks a bare shape; the requester's
    own ("Your reference:") is skipped; repeats raise a reference's rank.
    """
    scored: Counter[str] = Counter()
    first_seen: dict[str, int] = {}
    for match in _OWN_LABELS.finditer(text):
        if _YOUR_LABEL.search(text[max(0, match.start() - 6) : match.end()]):
            continue
        value = clean(match.group(1))
        if plausible(value):
            scored[value] += 3
            first_seen.setdefault(value, match.start())
    for shape in _SHAPES:
        for match in shape.finditer(text):
            value = clean(match.group(1))
            scored[value] += 1
            first_seen.setdefault(value, match.start())
    return sorted(scored, key=lambda v: (-scored[v], first_seen[v]))


def clean(value: str) -> str:
    value = re.sub(r"\s+", " ", value.strip()).rstrip("/-.")
    return value


def plausible(value: str) -> bool:
    """A reference has a digit and is not a date, phone number or postcode fragment."""
    digits = sum(c.isdigit() for c in value)
    if digits < 3 or len(value) > 30:
        return False
    if re.fullmatch(r"\d{1,2}/\d{1,2}/\d{2,4}", value):
        return False
    return not re.fullmatch(r"0\d{3,4} ?\d{3,4}", value)
