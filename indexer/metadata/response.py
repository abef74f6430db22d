"""What one response document says: its reference, dates, authority, title, questions,
exemptions and outcome, each read from the right words.

The authority's own words decide (never the request it quotes). In a request thread the
deciding response is the authority's first substantive reply (acknowledgements, clarification
requests, extensions and apologies are skipped); its date is the response date and its words
give the outcome. Exemptions are gathered from every reply of the authority, internal reviews
included. A regulator's decision notice has no outcome of its own and applies no exemptions.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date

from disclosure_search.models import Question
from indexer.extract.result import Extracted
from indexer.metadata.authority import find_authority
from indexer.metadata.dates import find_foot_date, find_head_date, find_received
from indexer.metadata.exemptions import find_exemptions
from indexer.metadata.guard import read_field
from indexer.metadata.outcome import UNKNOWN, find_outcome, find_signals, gives_information
from indexer.metadata.questions import find_questions, find_thread_questions
from indexer.metadata.refs import find_request_ids
from indexer.metadata.thread import INCOMING, Correspondence, Message, read_correspondence
from indexer.metadata.title import find_title, split_site_title

# An acknowledgement, clarification request, extension or apology: not the response.
_HOLDING = re.compile(
    r"\b(?:has|have) (?:now )?been logged\b|\bwill be carried out by\b"
    r"|\bwe are (?:currently )?processing your request"
    r"|\baim to (?:send|provide) you (?:with )?a response|\bmust respond to you within"
    r"|\bwill be dealt with under\b|\bto clarify your request|\bclarification of your request"
    r"|\bextend(?:ing)? the (?:deadline|time limit|20 working day)"
    r"|\bwill (?:endeavour to )?(?:send|provide) (?:you )?(?:with )?(?:a|your|our) response"
    r"|\bbe in touch with your response|\bnot meeting the deadline"
    r"|\blet us know if you still wish|\bwe are considering your concerns"
    r"|\bautomat(?:ed|ic) (?:response|reply|acknowledg\w+)|\bout of (?:the )?office\b"
    r"|\backnowledge (?:receipt|your request)|\bthis is to acknowledge\b"
    # A delay notice: 'We hope to send a response shortly', 'we need more time to process
    # it ... We will now try to respond to you by 14 August 2019'.
    r"|\b(?:hope|expect|intend) to (?:send|provide|respond)|\bneed (?:more|further) time\b"
    r"|\b(?:try|aim) to respond to you by\b",
    re.I,
)
# A notice is headed so on a line of its own; a reply that cites one ("decision notice
# FS50681336") is still the authority's reply.
_DECISION_NOTICE = re.compile(r"^\s*Decision notice\s*$", re.I | re.M)
_NOTICE_FIELDS = re.compile(r"Public Authority:|Commissioner[’']?s decision", re.I)
# The requester agreed in advance that some details would be redacted.
_ACCEPTS_REDACTION = re.compile(
    r"\baccept\w*\b[^.]{0,80}\bredact|\bredact\w*[^.]{0,80}\baccept", re.I
)
_LATER_PAGE = re.compile(r"\bpage (?:[2-9]|\d{2,})\b")
_PROPERTY_TITLED = {"pdf", "docx", "doc", "odt", "rtf"}  # a title from file properties
HEAD_CHARS = 800  # a letterhead and address block
FOOT_CHARS = 600  # a signature block
LETTER_CHARS = 20000  # a response letter's length: what follows it is the released material


@dataclass(frozen=True)
class ResponseFacts:
    """The metadata one response document states; None or empty where it says nothing."""

    request_ids: tuple[str, ...] = ()
    date: date | None = None
    received: date | None = None
    authority: str | None = None
    title: str | None = None
    questions: tuple[Question, ...] = ()
    exemptions: tuple[str, ...] = ()
    outcome: str = UNKNOWN
    outcome_evidence: str | None = None
    faults: tuple[str, ...] = ()  # fields left empty because their reader failed


def read_response(extracted: Extracted) -> ResponseFacts:
    """The metadata of a response letter, email or request thread. A fault in one field's
    reader leaves that field empty and is listed in `faults` (see indexer.metadata.guard)."""
    faults: list[str] = []
    mail = read_field("text", lambda: read_correspondence(extracted), None, faults)
    if mail is None:
        return ResponseFacts(faults=tuple(faults))
    hints = dict(extracted.hints)
    declared, addressed_to = split_site_title(extracted.title or "")
    if addressed_to:
        hints.setdefault("authority", addressed_to)
    words = mail.authority_text
    notice = read_field("kind", lambda: is_decision_notice(words), False, faults)
    deciding = read_field(
        "response", lambda: deciding_response(mail) if mail.thread else None, None, faults
    )
    questions = (
        ()
        if notice
        else read_field("questions", lambda: find_all_questions(mail, deciding), (), faults)
    )
    outcome, evidence = (
        (UNKNOWN, "a regulator's decision notice")
        if notice
        else read_field(
            "outcome", lambda: decide(mail, deciding, questions, hints), (UNKNOWN, None), faults
        )
    )

    def references() -> tuple[str, ...]:
        refs = find_request_ids(words, mail.quoted_subjects(), mail.original_request)
        return tuple(refs or find_request_ids(declared, exclude=mail.original_request))

    first_question = questions[0].question if questions else ""
    return ResponseFacts(
        request_ids=read_field("request ID", references, (), faults),
        date=read_field("date", lambda: response_date(mail, deciding, hints), None, faults),
        received=read_field("received date", lambda: received_date(mail, deciding), None, faults),
        authority=read_field(
            "authority",
            lambda: find_authority(words, hints, letterheads(mail), mail.request_text),
            None,
            faults,
        ),
        title=read_field("title", lambda: title_of(extracted, words, first_question), None, faults),
        questions=questions,
        exemptions=()
        if notice
        else read_field("exemptions", lambda: find_exemptions(words), (), faults),
        outcome=outcome,
        outcome_evidence=evidence,
        faults=tuple(faults),
    )


def title_of(extracted: Extracted, words: str, first_question: str) -> str | None:
    """The title a page or e-mail declares, else the letter's subject; a document file's
    title property (PDF, Word) counts only when the text states no subject."""
    declared = split_site_title(extracted.title or "")[0] or None
    if extracted.format in _PROPERTY_TITLED:
        return find_title(None, words, first_question, file_title=declared)
    return find_title(declared, words, first_question)


def is_decision_notice(text: str) -> bool:
    """A regulator's decision notice (the ICO's): it decides a complaint, not a request."""
    return bool(_DECISION_NOTICE.search(text[:1500]) and _NOTICE_FIELDS.search(text[:5000]))


def deciding_response(mail: Correspondence) -> Message | None:
    """The authority's first substantive reply in a thread, or None if it only acknowledged."""
    for message in mail.messages:
        if message.direction != INCOMING or not message.own.strip():
            continue
        if not _HOLDING.search(message.own) or find_signals(message.own):
            return message
    return None


def find_all_questions(mail: Correspondence, deciding: Message | None) -> tuple[Question, ...]:
    """A thread's questions from its request, answered from the deciding reply; a letter's
    from the letter itself."""
    if mail.thread:
        return find_thread_questions(mail.original_request, deciding.full if deciding else "")
    return find_questions(mail.authority_text)


def decide(
    mail: Correspondence,
    deciding: Message | None,
    questions: tuple[Question, ...],
    hints: dict[str, str],
) -> tuple[str, str | None]:
    """The outcome of the deciding response (a thread's) or of the whole letter."""
    # A letter's decision is in the letter, not in the documents released after it.
    text = deciding.own if deciding else ("" if mail.thread else mail.authority_text[:LETTER_CHARS])
    # An answer gives information unless it refuses or says the information is not held.
    answered = sum(1 for q in questions if gives_information(q.answer))
    accepted = bool(_ACCEPTS_REDACTION.search(mail.request_text))
    return find_outcome(text, answered, hints.get("status"), accepted)


def response_date(
    mail: Correspondence, deciding: Message | None, hints: dict[str, str]
) -> date | None:
    """A thread's deciding reply's day (None while the authority has only acknowledged or
    asked for more time: the page's latest date is then a holding reply's); else the
    letter's own date (a letter attached to an email is the response, so its date wins over
    the email's); else the email's date."""
    if mail.thread:
        if deciding is None:
            return None
        return deciding.day or find_head_date(deciding.own) or parse_iso(hints.get("date"))
    letters = [m for m in mail.authority_messages if not _LATER_PAGE.search(m.label)]
    for message in letters:
        if when := find_head_date(message.own):
            return when
    if mail.messages and (when := find_foot_date(mail.messages[-1].own)):
        return when
    return parse_iso(hints.get("date"))


def received_date(mail: Correspondence, deciding: Message | None) -> date | None:
    """When the request was received, as the response (or an acknowledgement before it)
    states it; a later internal review's received date is not the request's."""
    if not mail.thread:
        return find_received(mail.authority_text)
    for message in mail.messages:
        if message.direction == INCOMING and (when := find_received(message.own)):
            return when
        if message is deciding:
            break
    return None


def letterheads(mail: Correspondence) -> list[str]:
    """The opening of each letter or reply (where a letterhead names its authority), then
    the close of the last one (its signature block)."""
    letters = mail.authority_messages
    heads = [m.own[:HEAD_CHARS] for m in letters if not _LATER_PAGE.search(m.label)]
    return heads + ([letters[-1].own[-FOOT_CHARS:]] if letters else [])


def parse_iso(value: str | None) -> date | None:
    """An ISO date (or datetime) string's date, or None."""
    try:
        return date.fromisoformat(value[:10]) if value else None
    except ValueError:
        return None
