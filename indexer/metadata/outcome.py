"""The outcome of a request inferred from the response's wording, with the deciding phrase.

Each sentence of the response says at most one thing (strongest first): that some information
is withheld or redacted (partial), that the information is not held, that the request is
refused or exempt, or that information is provided. A response that provides information and
also refuses or lacks some of it is partially granted. The caller passes the authority's own
words in the deciding response (no quoted request, no later internal review).
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from indexer.metadata.exemptions import split_sentences

GRANTED = "granted"
PARTIAL = "partially granted"
REFUSED = "refused"
NOT_HELD = "not held"
UNKNOWN = "unknown"

_PARTIAL = re.compile(
    r"partial(?:ly)? (?:grant|disclos|release|refus|exempt|withh|success)\w*|part(?:ly)? exempt"
    r"|some of the (?:information|documents?|data)\b[^.]{0,60}"
    r"\b(?:withheld|exempt|redacted|refused)"
    r"|\bsome exempt\b|\bredacted (?:under|in accordance with|pursuant to)\b"
    r"|\bredactions? (?:has|have) been (?:made|applied)",
    re.I,
)
_NOT_HELD = re.compile(
    r"(?:does|do|did) not (?:currently )?hold (?:the |any |this |that |these |such )?(?:recorded )?"
    r"(?:information|records?|data|documents?|details)"
    r"|(?:information|data|records?) (?:is|are|was|were) not held(?! centrally)"
    r"|\bnot held\b(?! centrally)"
    r"|\bno (?:recorded )?(?:information|records?|data) (?:is |are |was |were )?held"
    r"|holds? no (?:recorded )?(?:information|records?|data)"
    r"|we do not have (?:it|this|that|the (?:information|data)|any|a record|a figure|records?)\b"
    r"|(?:information|data) (?:is|was) not (?:recorded|collected|captured)",
    re.I,
)
_REFUSED = re.compile(
    r"(?:we are|i am|we have|i have)(?: therefore)? "
    r"(?:refusing|declining|decided to (?:refuse|withhold))"
    r"|\b(?:request|information|access|documents?|disclosure)\b[^.]{0,60}"
    r"\b(?:is|are|be|been) (?:therefore )?refused\b"
    r"|\bdeclin\w+ to (?:process|comply|provide|disclose)"
    r"|\bunable to (?:provide|disclose|release|supply) (?:you with )?(?:this|the|that|these|any)? ?"
    r"(?:information|data|documents?|details)\b"
    r"|not (?:be )?able to provide (?:you with )?(?:this|the|that|these|any)? ?information"
    r"|\bcannot (?:provide|disclose|release) (?:a breakdown|this|the|that|these|any)"
    r"|\bexempt (?:from disclosure )?under\b|\bexempt from disclosure\b|\bconditionally exempt\b"
    r"|\bexceed\w* the (?:appropriate|cost|fees?) limit|\bneither confirm nor deny\b"
    r"|\bmanifestly unreasonable\b|\bvexatious\b|\bis a refusal notice\b|\bwithheld under\b"
    r"|\b(?:apply|applying|rely|relying) (?:on )?(?:the )?(?:exemptions?|exceptions?)\b",
    re.I,
)
_GRANTED = re.compile(
    r"please (?:find|see) (?:the )?(?:attached|enclosed|below)"
    r"|please find [^.]{0,60}\bresponse\b[^.]{0,30}\b(?:below|attached|enclosed)"
    r"|(?<![a-z])(?:decided|decision has been taken|pleased|happy) to "
    r"(?:disclose|release|provide|attach|supply)"
    r"|access (?:is|has been) granted|disclose[^.]{0,40}\bin full\b"
    r"|(?:hope|trust) (?:that )?(?:you will find )?(?:this|the) (?:information|response)"
    r"|(?:i|we) have addressed (?:these |them |your questions )?below"
    r"|information (?:you (?:have )?)?requested (?:is|has been) "
    r"(?:attached|enclosed|provided|set out)"
    r"|\b(?:is|are|has been|have been) (?:provided|supplied|set out|detailed|listed) "
    r"(?:below|above|in the attach\w+|in the table)"
    r"|\b(?:we|i) (?:can|am able to|are able to) provide (?:you with )?(?:the |this |some )?"
    r"(?:information|following|details|figures)",
    re.I,
)
_CONDITIONAL = re.compile(r"\s*(?:if|should)\b", re.I)
# Attachment names that state the outcome ("Response not held.pdf", "For Release.pdf").
_NAME_RULES = [
    (PARTIAL, re.compile(r"\bsome exempt|\bpart(?:ial(?:ly)?)?\b", re.I)),
    (NOT_HELD, re.compile(r"\bnot held\b", re.I)),
    (REFUSED, re.compile(r"\bexempt|\brefus|\bwithheld", re.I)),
    (GRANTED, re.compile(r"\ball information\b|\brelease|\bdisclos", re.I)),
]
_ATTACHMENT = re.compile(r"^Attachment: (.+)$|^(.+\.\w{3,4})\n\d+K\n(?:Download|View)", re.M)
# Figures in a reply (3,500,000; £450; 50%): the reply gives information.
_FIGURE = re.compile(r"\b\d{1,3}(?:,\d{3})+\b|£\s?\d|\b\d+(?:\.\d+)?\s?%")
# What a thread's requester called the outcome (WhatDoTheyKnow's status), as a last resort.
_STATUS = {
    "successful": GRANTED,
    "partially successful": PARTIAL,
    "refused": REFUSED,
    "rejected": REFUSED,
    "information not held": NOT_HELD,
    "not held": NOT_HELD,
}


@dataclass(frozen=True)
class Signal:
    """One thing the response says about the outcome, with the words that say it."""

    outcome: str
    phrase: str


def find_signals(text: str, accepted_redaction: bool = False) -> list[Signal]:
    """What each sentence and attachment name of `text` says; redactions the requester
    accepted in advance ('I accept the names ... will need to be redacted') do not count."""
    signals: list[Signal] = []
    for sentence in split_sentences(text):
        if _CONDITIONAL.match(sentence):
            continue  # rights and offers ("If you are unhappy with our refusal ...") decide nothing
        for outcome, pattern in ((PARTIAL, _PARTIAL), (NOT_HELD, _NOT_HELD), (REFUSED, _REFUSED)):
            match = pattern.search(sentence)
            if match and not (accepted_redaction and "redact" in match.group(0).lower()):
                signals.append(Signal(outcome, sentence_phrase(sentence, match)))
                break
        else:
            if match := _GRANTED.search(sentence):
                signals.append(Signal(GRANTED, sentence_phrase(sentence, match)))
    for name in attachment_names(text):
        outcome = next((o for o, p in _NAME_RULES if p.search(name)), None)
        if outcome:
            signals.append(Signal(outcome, f"attachment '{name}'"))
    return signals


def decide(signals: list[Signal]) -> tuple[str, str | None]:
    """(outcome, evidence) from a response's signals; UNKNOWN with None when none decides."""
    first = {s.outcome: s.phrase for s in reversed(signals)}
    if PARTIAL in first:
        return PARTIAL, first[PARTIAL]
    refusal = first.get(REFUSED) or first.get(NOT_HELD)
    if GRANTED in first and refusal:
        return PARTIAL, f"{first[GRANTED]}; {refusal}"
    for outcome in (REFUSED, NOT_HELD, GRANTED):
        if outcome in first:
            return outcome, first[outcome]
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
    outcome, evidence = decide(signals)
    if outcome == UNKNOWN and (figure := _FIGURE.search(text)):
        outcome, evidence = GRANTED, sentence_around(text, figure.start())
    if outcome == UNKNOWN and status and status.lower() in _STATUS:
        outcome, evidence = _STATUS[status.lower()], f"status: {status}"
    return outcome, evidence


def gives_information(answer: str) -> bool:
    """True for a non-empty answer that neither refuses nor says the information is not held."""
    return bool(answer.strip()) and all(s.outcome == GRANTED for s in find_signals(answer))


def attachment_names(text: str) -> list[str]:
    """Attachment names a thread message lists, with separators read as spaces."""
    names = [m.group(1) or m.group(2) for m in _ATTACHMENT.finditer(text)]
    return [re.sub(r"[_\-]+", " ", n).strip() for n in names]


def sentence_phrase(sentence: str, match: re.Match[str]) -> str:
    """The sentence around a match, shortened to at most 160 characters."""
    if len(sentence) <= 160:
        return sentence
    start = max(0, match.start() - 60)
    return "…" + sentence[start : start + 158].strip() + "…"


def sentence_around(text: str, offset: int) -> str:
    """The line or sentence holding `offset`, at most 160 characters."""
    start = max(text.rfind("\n", 0, offset), text.rfind(". ", 0, offset)) + 1
    end = text.find("\n", offset)
    return " ".join(text[start : end if end != -1 else len(text)].split())[:160]
