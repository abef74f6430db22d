"""Find the authority's own request reference in a letter, among the others it quotes."""

from __future__ import annotations

import re
from collections.abc import Iterator

from disclosure_search.refs import normalise_request_id

# A reference value: starts with a letter or digit, contains a digit, may hold / - and one
# space or slash after a short prefix ("FOI 1306/25", "FOI / 2022-23-1202", "01/FOI/25/006753/Z").
_VALUE = r"((?:[A-Z]{2,6}\s?/\s?|[A-Z]{2,6}[ -])?[A-Z0-9][A-Z0-9/\-]*\d[A-Z0-9/\-]*)"

# Labels an authority uses for its own reference ("Our ref:", "Request ID:", "Reference –").
_OWN_LABELS = re.compile(
    r"(?<![Yy]our )\b(?:request\s+id|request\s+number|request\s+ref(?:erence)?|"
    r"our\s+ref(?:erence)?|my\s+ref(?:erence)?|case\s+ref(?:erence)?|foi\s+ref(?:erence)?|"
    r"case\s+number|reference\s+number|reference\s+no\.?|ref(?:erence)?)\b\.?"
    r"\s*(?:number|no\.?)?\s*[:\-–—]?\s*" + _VALUE,
    re.IGNORECASE,
)
_YOUR_LABEL = re.compile(r"\byour\s+ref(?:erence)?\b", re.IGNORECASE)

# Reference shapes recognisable without a label.
# Each ends where the token ends: no reference is a prefix of a longer one.
_END = r"(?![\w/-])"
_SHAPES = [
    re.compile(r"\b((?:FOI|EIR|FOISA|FOIR)\s?/\s?\d[\d-]{3,})" + _END),
    re.compile(r"\b((?:FOI|EIR|FOISA)[ -]?\d{5,})" + _END, re.IGNORECASE),
    re.compile(r"\b(FOI[ -]?\d{3,5}/\d{2})" + _END),
    re.compile(r"\b(FS\d{8})" + _END),
    re.compile(r"\b(IC-\d{5,}-[A-Z0-9]{4})" + _END),
    re.compile(r"\b(F-\d{4}-\d{4,6})" + _END),
]
LABELLED = 3  # a labelled reference outweighs a bare shape seen three times
QUOTED_LABELLED = 2  # a labelled reference in a quoted subject line
SHAPE = 1


def find_request_ids(text: str, subjects: str = "", exclude: str = "") -> list[str]:
    """Authority references in `text`, the likeliest first, as printed.

    A labelled reference ("Our ref:", "Request ID:") outranks a bare shape; the requester's
    own ("Your reference:") is skipped; repeats (in any printed variant) raise a reference's
    rank. `subjects` are quoted subject lines (weaker evidence); references found in
    `exclude` (the original request: the requester's own references) are dropped.
    """
    excluded = {normalise_request_id(v) for v, _, _ in candidates(exclude)}
    scores: dict[str, list] = {}  # normalised -> [printed, score, first offset, labelled]
    for source, label_weight, base in ((text, LABELLED, 0), (subjects, QUOTED_LABELLED, len(text))):
        for value, labelled, offset in candidates(source):
            key = normalise_request_id(value)
            if not key or key in excluded:
                continue
            entry = scores.setdefault(key, [value, 0, base + offset, False])
            if labelled and not entry[3]:
                entry[0], entry[3] = value, True  # print it as its label introduces it
            entry[1] += label_weight if labelled else SHAPE
    ranked = sorted(scores.values(), key=lambda e: (-e[1], e[2]))
    return [entry[0] for entry in ranked]


def candidates(text: str) -> Iterator[tuple[str, bool, int]]:
    """(reference as printed, labelled?, offset) for every reference-like value in `text`."""
    for match in _OWN_LABELS.finditer(text):
        if _YOUR_LABEL.search(text[max(0, match.start() - 6) : match.end()]):
            continue
        value = clean(match.group(1))
        if plausible(value):
            yield value, True, match.start()
    for shape in _SHAPES:
        for match in shape.finditer(text):
            line_start = text.rfind("\n", 0, match.start()) + 1
            if not _YOUR_LABEL.search(text[line_start : match.start()]):
                yield clean(match.group(1)), False, match.start()


def clean(value: str) -> str:
    """One line, single spaces, no trailing separator."""
    return re.sub(r"\s+", " ", value.strip()).rstrip("/-.")


def plausible(value: str) -> bool:
    """A reference has a digit and is not a date, phone number or postcode fragment."""
    digits = sum(c.isdigit() for c in value)
    if digits < 3 or len(value) > 30:
        return False
    if re.fullmatch(r"\d{1,2}/\d{1,2}/\d{2,4}", value):
        return False
    return not re.fullmatch(r"0\d{3,4} ?\d{3,4}", value)
