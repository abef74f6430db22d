"""The outcome of a request read from the whole answer, with the deciding phrase.

- partially granted: something is given (an attachment, figures, answered questions) and
  something withheld, redacted or not held; or the response says so ("released in part");
- refused: the request is refused or exempt (cost limit, vexatious, reasonably accessible
  elsewhere, an exemption) and nothing is given; framing such as "Please find below our
  response" gives nothing;
- not held: nothing is held; granted: information is given and nothing kept back;
- unknown when the words decide nothing ("unknown" is better than wrong).
The caller passes the authority's own words in the deciding response (no quoted request, no
later internal review). See `outcome_signals.py` for what each clause says.
"""

from __future__ import annotations

from indexer.metadata.exemptions import find_exemptions
from indexer.metadata.outcome_signals import (
    GRANTED,
    NOT_HELD,
    PARTIAL,
    REFUSED,
    Signal,
    find_signals,
)

__all__ = [
    "GRANTED",
    "NOT_HELD",
    "PARTIAL",
    "REFUSED",
    "UNKNOWN",
    "Signal",
    "decide",
    "find_outcome",
    "find_signals",
    "gives_information",
]

UNKNOWN = "unknown"

# What a thread's requester called the outcome (WhatDoTheyKnow's status), as a last resort.
_STATUS = {
    "successful": GRANTED,
    "partially successful": PARTIAL,
    "refused": REFUSED,
    "rejected": REFUSED,
    "information not held": NOT_HELD,
    "not held": NOT_HELD,
}


def decide(signals: list[Signal]) -> tuple[str, str | None]:
    """(outcome, evidence) from a response's signals; UNKNOWN with None when none decides."""
    first = {s.outcome: s.phrase for s in reversed(signals)}
    if PARTIAL in first:
        return PARTIAL, first[PARTIAL]
    given = next((s.phrase for s in signals if s.outcome == GRANTED and not s.weak), None)
    kept = first.get(REFUSED) or first.get(NOT_HELD)
    if given and kept:
        return PARTIAL, f"{given}; {kept}"
    for outcome in (REFUSED, NOT_HELD):
        if outcome in first:
            return outcome, first[outcome]
    if GRANTED in first:
        return GRANTED, given or first[GRANTED]
    return UNKNOWN, None


def find_outcome(
    text: str,
    answered: int = 0,
    status: str | None = None,
    accepted_redaction: bool = False,
) -> tuple[str, str | None]:
    """(outcome, the phrase that decided it) for a response's own words.

    `answered` counts questions the response answers (information given); `status` is a
    thread's requester-set status, used only when the words decide nothing.
    """
    signals = find_signals(text, accepted_redaction)
    if answered:
        plural = "s" if answered != 1 else ""
        signals.append(Signal(GRANTED, f"{answered} question{plural} answered"))
    # An exemption applied in words no phrase caught ("FoIA 21 Information which is
    # reasonably accessible"): something is refused.
    caught = any(s.outcome in (PARTIAL, REFUSED) for s in signals)
    if not (accepted_redaction or caught) and (applied := find_exemptions(text)):
        signals.append(Signal(REFUSED, f"relies on {', '.join(applied)}"))
    outcome, evidence = decide(signals)
    if outcome == UNKNOWN and status and status.lower() in _STATUS:
        outcome, evidence = _STATUS[status.lower()], f"status: {status}"
    return outcome, evidence


def gives_information(answer: str) -> bool:
    """True for a non-empty answer that neither refuses nor says the information is not held."""
    return bool(answer.strip()) and all(s.outcome == GRANTED for s in find_signals(answer))
