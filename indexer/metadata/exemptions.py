"""Exemptions an authority relies on, normalised: FOIA s40(2), EIR reg12(4)(b), FOISA s38(1)(b)."""

from __future__ import annotations

import re

# FOIA/FOISA exemption sections (12 and 14 are the cost and vexatious limits).
_FOI_SECTIONS = {12, 14, *range(21, 45)}
_SECTION = re.compile(
    r"\b(?:section|sections|s\.?)\s?(?P<num>\d{2})(?P<sub>(?:\s?\(\s?\w{1,3}\s?\)){0,3})",
    re.I,
)
_REGULATION = re.compile(
    r"\b(?:regulation|regulations|reg\.?|r\.?)\s?(?P<num>1[23])(?P<sub>(?:\s?\(\s?\w{1,3}\s?\)){0,3})",
    re.I,
)
# What follows a section number when it is another Act's section, not an exemption.
_OTHER_ACT = re.compile(
    r"^\W{0,3}(?:of|under)\s+the\s+(?!(?:Freedom|Environmental|FOI|Act\b))", re.I
)


def find_exemptions(text: str) -> tuple[str, ...]:
    """Sorted normalised exemptions cited in `text` (which should hold the authority's words)."""
    found: set[str] = set()
    for match in _SECTION.finditer(text):
        if int(match.group("num")) in _FOI_SECTIONS and not _other_act(text, match.end()):
            found.add(f"s{match.group('num')}{_subsections(match.group('sub'))}")
    for match in _REGULATION.finditer(text):
        sub = _subsections(match.group("sub"))
        if match.group("num") == "13" or sub:
            found.add(f"reg{match.group('num')}{sub}")
    return tuple(sorted(found))


def _subsections(raw: str) -> str:
    return "".join(f"({s.strip().lower()})" for s in re.findall(r"\(\s?(\w{1,3})\s?\)", raw))


def _other_act(text: str, end: int) -> bool:
    following = text[end : end + 60]
    return bool(_OTHER_ACT.match(following)) and "Freedom of Information" not in following


def normalise_exemption(printed: str) -> str:
    """'Section 40(2)' -> 's40(2)', 'Regulation 12(4)(b)' -> 'reg12(4)(b)', 's47C' -> 's47c'."""
    match = re.match(
        r"\s*(?P<kind>section|s\.?|regulation|reg\.?|r\.?)\s*(?P<num>\d+[a-z]?)(?P<sub>.*)$",
        printed,
        re.I,
    )
    if not match:
        return printed.strip().lower()
    prefix = "reg" if match.group("kind").lower().startswith("r") else "s"
    return f"{prefix}{match.group('num').lower()}{_subsections(match.group('sub'))}"
