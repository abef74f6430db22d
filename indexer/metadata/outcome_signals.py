"""What each clause of a response says about its outcome, with the words that say it.

A clause says at most one thing (strongest first): that some information is withheld,
redacted or suppressed, or only part of it held (partial); that information is not held; that
a request or part of it is refused or exempt; or that information is given. Giving is strong
when the clause hands something over (an attachment, figures, "I provide the following") and
weak when it only frames or points ("Please find our response below", "I hope this is
helpful", "is publicly available on our website"): weak giving decides only when nothing else
does, so a refusal letter that says "Please find below our response" stays a refusal.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from indexer.metadata.sentences import split_sentences

GRANTED = "granted"
PARTIAL = "partially granted"
REFUSED = "refused"
NOT_HELD = "not held"

_PARTIAL = re.compile(
    r"partial(?:ly)? (?:grant|disclos|release|refus|exempt|withh|success)\w*|part(?:ly)? exempt"
    r"|some of the (?:information|documents?|data)\b[^.]{0,60}"
    r"\b(?:withheld|exempt|redacted|refused)"
    r"|\bsome exempt\b|\bredacted (?:under|in accordance with|pursuant to)\b"
    r"|\bredactions? (?:has|have) been (?:made|applied)"
    r"|\bhold(?:s|ing)? (?:only )?(?:some|part) of (?:the )?information"
    r"|\bsome of the information (?:\w+ ){0,3}(?:is|was|are) held"
    r"|\bsome (?:\w+ )?(?:information|details|data|content|material|names)\b[^.]{0,60}"
    r"\b(?:withheld|redacted|removed)\b"
    r"|\b(?:released|disclosed|provided|redacted|withheld) in part\b"
    # small numbers suppressed so that no one can be identified
    r"|\b(?:numbers?|figures?|counts?) (?:are|is|were) (?:low|small)\b[^.]{0,60}"
    r"(?:<|less than|fewer than|suppress|replac|indicat|shown as|mask)"
    r"|\bsuppress\w*\b[^.]{0,40}\bsmall numbers|\bsmall numbers\b[^.]{0,40}\bsuppress",
    re.I,
)
_NOT_HELD = re.compile(
    r"(?:does|do|did) not (?:currently )?hold (?:the |any |this |that |these |such )?(?:recorded )?"
    r"(?:information|records?|data|documents?|details)"
    r"|(?:does|do|did) not (?:currently )?(?:hold|possess|keep|record|collect|have) "
    r"(?:\w+ ){0,2}?(?:information|data|records|figures|statistics)\b"
    r"|(?:information|data|records?) (?:is|are|was|were) not held(?! centrally)"
    r"|\bnot held\b(?! centrally)"
    r"|\bno (?:recorded )?(?:information|records?|data|numbers|figures|statistics) "
    r"(?:is |are |was |were )?held"
    r"|holds? no (?:recorded )?(?:information|records?|data)"
    r"|we do not have (?:it|this|that|the (?:information|data)|a record|a figure|records?)\b"
    r"|we do not have any (?:information|data|records?|figures|statistics)\b"
    r"|(?:information|data) (?:is|was) not (?:recorded|collected|captured)"
    r"|\b(?:this |the |that )?(?:information|data) (?:is|are) not available\b"
    r"|\b(?:documents?|records?|information|data)(?: \w+){0,2} (?:do|does) not exist",
    re.I,
)
_REFUSED = re.compile(
    r"(?:we are|i am|we have|i have)(?: therefore)? "
    r"(?:refusing|declining|decided to (?:refuse|withhold))"
    r"|\b(?:request|information|access|documents?|disclosure)\b[^.]{0,60}"
    r"\b(?:is|are|be|been) (?:therefore )?refused\b"
    r"|\brefuse (?:your|the|this|these|that) request"
    r"|\bdeclin\w+ to (?:process|comply|provide|disclose)"
    r"|\bunable to (?:provide|disclose|release|supply) (?:you with )?"
    r"(?:this|the|that|these|any|a)? ?(?:information|data|documents?|details|breakdown)\b"
    r"|not (?:be )?able to provide (?:you with )?(?:this|the|that|these|any)? ?information"
    r"|\bcannot (?:provide|disclose|release) (?:a breakdown|this|the|that|these|any)"
    r"|\bexempt (?:from disclosure )?under\b|\bexempt from disclosure\b|\bconditionally exempt\b"
    r"|\bexceed\w* the (?:appropriate|cost|fees?) limit|\bneither confirm nor deny\b"
    r"|\bmanifestly unreasonable\b|\bvexatious\b|\bis a refusal notice\b|\bwithheld under\b"
    r"|\bwithheld in full\b"
    r"|\bnot (?:be )?(?:complying|comply|obliged to comply|required to comply) with "
    r"(?:your|this|the) request"
    r"|\b(?:apply|applying|rely|relying) (?:on )?(?:the )?(?:exemptions?|exceptions?)\b",
    re.I,
)
_GRANTED = re.compile(
    r"(?:please )?(?:find|see|refer to) (?:the )?(?:attached|enclosed|below)"
    r"|please find [^.]{0,60}\bresponse\b[^.]{0,30}\b(?:below|attached|enclosed)"
    r"|(?:can be )?found (?:on|in) the attached|\bin the attached (?:document|file|spreadsheet)"
    r"|\b(?:we|i) have (?:also )?attached\b|\b(?:i|we) (?:attach|enclose)\b"
    r"|\b(?:i|we) (?:provide|supply|release) (?:you with )?(?:the following|a copy|copies|the inf)"
    r"|(?<![a-z])(?:decided|decision has been taken|pleased|happy) to "
    r"(?:disclose|release|provide|attach|supply)"
    r"|access (?:is|has been) granted|disclose[^.]{0,40}\bin full\b|\breleased in full\b"
    r"|information (?:you (?:have )?)?requested (?:is|has been) "
    r"(?:attached|enclosed|provided|set out)"
    r"|\b(?:is|are|has been|have been) (?:provided|supplied|set out|detailed|listed)"
    r"(?: (?:below|above|in the attach\w+|in the table|as well))?\b"
    r"|\b(?:we|i) (?:can|am able to|are able to) provide (?:you with )?(?:the |this |some )?"
    r"(?:information|following|details|figures)"
    r"|\bthe (?:total )?number\b[^.]{0,80}\b(?:is|was|are|were) \d"
    r"|\bplease (?:find|see) (?:below |attached |enclosed )?(?:the |a |our )?(?:requested )?"
    r"(?:information|data|figures|documents?|spreadsheets?|cop(?:y|ies)|table)\b"
    r"(?! commissioner)"
    r"|(?<![a-z])(?:pleased|happy) to (?:confirm|inform|advise|enclose)",
    re.I,
)
# Giving that only frames a reply, closes it or points elsewhere: weak.
_POINTING = re.compile(
    r"(?:hope|trust) (?:that )?(?:you will find )?(?:this|the) (?:information|response)"
    r"|(?:i|we) have addressed (?:these |them |your questions )?below"
    r"|\b(?:is|are) (?:publicly )?available (?:on|at|via|from|here)\b"
    r"|\b(?:is|are|has been|have been) published (?:on|at|in)\b|see the following links?\b"
    r"|\bwe hope this response\b",
    re.I,
)
_FRAMING = re.compile(r"\b(?:response|reply)\b", re.I)
_ATTACHED = re.compile(r"\b(?:attach|enclos)", re.I)
_CONTENT = re.compile(
    r"\b(?:information|data|documents?|spreadsheets?|files?|cop(?:y|ies)|figures"
    r"|polic(?:y|ies)|reports?|tables?|chapters?|pdf|csv)\b",
    re.I,
)
# Figures in a reply (3,500,000; 45%; £70k; 8 FTE): the reply gives information (but a
# cost limit's "18 hours or £450" gives none).
_FIGURE = re.compile(
    r"\b\d{1,3}(?:,\d{3})+\b|\b\d+(?:\.\d+)?\s?%|£\s?\d[\d,.]*\s?(?:k|m|bn|million)?\b"
    r"|\b\d+(?:\.\d+)?\s?(?:FTE|WTE)\b"
)
_COSTS = re.compile(
    r"\blimit\b|\bhours?\b|\bminutes?\b|\bestimat|\bappropriate\b|\bcharge|\bfees? (?:of|for)\b",
    re.I,
)
# Lines that count things: "1 x discharge assistant", "3 X Social Inclusion Workers".
_COUNT_LINE = re.compile(r"^\s*\d+(?:\.\d+)?\s*[xX×]\s+[A-Za-z]", re.M)
# Attachment names that state the outcome ("Response not held.pdf", "For Release.pdf").
_NAME_RULES = [
    (PARTIAL, re.compile(r"\bsome exempt|\bpart(?:ial(?:ly)?)?\b", re.I)),
    (NOT_HELD, re.compile(r"\bnot held\b", re.I)),
    (REFUSED, re.compile(r"\bexempt|\brefus|\bwithheld", re.I)),
    (GRANTED, re.compile(r"\ball information\b|\brelease|\bdisclos", re.I)),
]
_ATTACHMENT = re.compile(r"^Attachment: (.+)$|^(.+\.\w{3,4})\n\d+K\n(?:Download|View)", re.M)
_CONDITIONAL = re.compile(r"\s*(?:if|should)\b", re.I)
_CLAUSE = re.compile(r"[;:]\s+|,?\s*\bhowever\b,?\s*|\s\bbut\b\s")


@dataclass(frozen=True)
class Signal:
    """One thing the response says about the outcome, with the words that say it; a weak
    GRANTED only frames, closes or points."""

    outcome: str
    phrase: str
    weak: bool = False


def find_signals(text: str, accepted_redaction: bool = False) -> list[Signal]:
    """What each clause of `text` says; redactions the requester accepted in advance
    ('I accept the names ... will need to be redacted') do not count."""
    signals: list[Signal] = []
    sentences = split_sentences(text)
    for i, sentence in enumerate(sentences):
        if _CONDITIONAL.match(sentence):
            continue  # rights and offers ("If you are unhappy with our refusal ...") decide nothing
        # A cost estimate's figures ("3,000 files ... would take 750 hours") give nothing.
        estimate = any(_COSTS.search(s) for s in sentences[i : i + 2])
        for clause in _CLAUSE.split(sentence):
            if signal := clause_signal(clause, sentence, accepted_redaction, not estimate):
                signals.append(signal)
    if match := _COUNT_LINE.search(text):
        signals.append(Signal(GRANTED, sentence_phrase(text[match.start() : match.start() + 80])))
    for name in attachment_names(text):
        outcome = next((o for o, p in _NAME_RULES if p.search(name)), None)
        if outcome:
            signals.append(Signal(outcome, f"attachment '{name}'"))
    return signals


def attachment_names(text: str) -> list[str]:
    """Attachment names a thread message lists, with separators read as spaces."""
    names = [m.group(1) or m.group(2) for m in _ATTACHMENT.finditer(text)]
    return [re.sub(r"[_\-]+", " ", n).strip() for n in names]


def clause_signal(
    clause: str, sentence: str, accepted_redaction: bool = False, figures: bool = True
) -> Signal | None:
    """What one clause says, shown with its sentence (`figures`: do its figures give
    information?); None when it says nothing."""
    at = max(sentence.find(clause), 0)  # where the clause starts in its sentence
    for outcome, pattern in ((PARTIAL, _PARTIAL), (NOT_HELD, _NOT_HELD), (REFUSED, _REFUSED)):
        match = pattern.search(clause)
        if match and not (accepted_redaction and "redact" in match.group(0).lower()):
            return Signal(outcome, sentence_phrase(sentence, at + match.start()))
    if match := _POINTING.search(clause):
        return Signal(GRANTED, sentence_phrase(sentence, at + match.start()), weak=True)
    if match := _GRANTED.search(clause):
        framing = bool(_FRAMING.search(clause)) and not _CONTENT.search(clause)
        if framing and _ATTACHED.search(clause):
            return None  # "I have attached our response": the outcome is in the attachment
        return Signal(GRANTED, sentence_phrase(sentence, at + match.start()), weak=framing)
    if figures and (match := _FIGURE.search(clause)):
        return Signal(GRANTED, sentence_phrase(sentence, at + match.start()))
    return None


def sentence_phrase(sentence: str, start: int = 0) -> str:
    """The sentence around a match, shortened to at most 160 characters."""
    sentence = " ".join(sentence.split())
    if len(sentence) <= 160:
        return sentence
    start = max(0, min(start, len(sentence)) - 60)
    return "…" + sentence[start : start + 158].strip() + "…"
