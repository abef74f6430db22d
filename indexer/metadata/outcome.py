"""The outcome of a request inferred from the letter's wording, with the deciding phrase."""

from __future__ import annotations

import re

GRANTED = "granted"
PARTIAL = "partially granted"
REFUSED = "refused"
NOT_HELD = "not held"
UNKNOWN = "unknown"
OUTCOMES = (GRANTED, PARTIAL, REFUSED, NOT_HELD, UNKNOWN)

# Checked in order: the first rule whose phrase appears decides.
_RULES: list[tuple[str, re.Pattern[str]]] = [
    (
        PARTIAL,
        re.compile(
            r"(?:partial(?:ly)? (?:grant|disclos|release|refus)\w*|some of the information"
            r"(?: you (?:have )?requested)? (?:is|has been) (?:withheld|exempt)|"
            r"(?:has|have) been redacted|redacted under|withheld under|part(?:ly)? exempt)",
            re.I,
        ),
    ),
    (
        REFUSED,
        re.compile(
            r"(?:(?:we are|i am) (?:refusing|unable to (?:provide|comply|disclose))|"
            r"(?:is|are) (?:therefore )?refused|refusal notice|"
            r"exceed(?:s|ed)? the (?:appropriate|cost) limit|"
            r"(?:is|are) exempt from disclosure|neither confirm nor deny|vexatious)",
            re.I,
        ),
    ),
    (
        NOT_HELD,
        re.compile(
            r"(?:(?:does|do) not hold (?:the |any |this )?(?:information|recorded|data)|"
            r"information (?:is )?not held|no (?:recorded )?information (?:is )?held|"
            r"holds? no (?:recorded )?information)",
            re.I,
        ),
    ),
    (
        GRANTED,
        re.compile(
            r"(?:please (?:find|see) (?:attached|enclosed|below)|"
            r"the information (?:you )?requested|(?:we|i) (?:can|am able to) (?:confirm|provide)|"
            r"response to your (?:request|questions)|"
            r"(?:is|are) (?:provided|enclosed|attached)|our response is)",
            re.I,
        ),
    ),
]


def find_outcome(text: str) -> tuple[str, str | None]:
    """(outcome, the phrase that decided it), UNKNOWN with None when nothing decides."""
    for outcome, pattern in _RULES:
        match = pattern.search(text)
        if match:
            return outcome, match.group(0)
    return UNKNOWN, None
