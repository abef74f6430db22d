"""A document read as correspondence: who wrote each message, when, and in whose words.

Request threads (WhatDoTheyKnow JSON exports and request pages) hold the requester's
messages, the authority's acknowledgements and its answers, each quoting earlier mail. Every
rule that says what the authority decided must read only the authority's own words, so this
module splits a document into messages and each message into its own text and what it quotes.
A letter, an email or a PDF is one "letter" message per part.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date

from indexer.extract.result import Extracted
from indexer.metadata.dates import find_dates

INCOMING = "incoming"  # from the authority
OUTGOING = "outgoing"  # from the requester
LETTER = "letter"  # a single document: the authority's unless it says otherwise
MAIL_FORMATS = {"eml", "msg"}  # an email's body quotes the mail it replies to

# "message 3 (incoming, 2024-03-06)": how the JSON-thread extractor labels its parts.
_JSON_LABEL = re.compile(r"\((?P<dir>incoming|outgoing)(?:, (?P<day>\d{4}-\d{2}-\d{2}))?\)")
# "Despatch Box, 19 June 2017 (incoming)": a message heading in a request page's text.
_PAGE_HEADING = re.compile(
    r"^(?P<who>[^\n]{0,160}?),? (?P<day>\d{1,2} [A-Z][a-z]+ \d{4}) \((?P<dir>incoming|outgoing)\)$",
    re.M,
)
# Where quoted earlier mail starts: a mail header block, an "On ... wrote:" line, '>' lines,
# or the request site's "show quoted sections" marker.
_QUOTE_START = re.compile(
    r"^(?:From: [^\n]+\n(?:Sent|Date|To): |-{2,} ?Original Message ?-{2,}|On [^\n]{5,160} wrote:$"
    r"|>|show quoted sections$)",
    re.M | re.I,
)
# The site's list of the links a mail held ("References / Visible links / 1. http://...").
_LINK_FOOTER = re.compile(r"^References\nVisible links\n", re.M)
# A quoted mail written from the request's own address is the requester's, not the authority's.
_REQUESTER_ADDRESS = re.compile(r"FOI #\d+ email|request-\d+-[0-9a-f]+@", re.I)
_SUBJECT = re.compile(r"^Subject: (?P<s>[^\n]+(?:\n(?!\w+: )[^\n]{1,40}$)?)", re.M)
# Eight words in a row that the requester also wrote are an echo of the request.
ECHO_WORDS = 8


@dataclass(frozen=True)
class Message:
    """One message or letter: `own` is its author's words, `quoted` the earlier mail it quotes."""

    direction: str
    day: date | None
    own: str
    quoted: str = ""
    label: str = ""
    raw: str = ""  # `own` before echoes of the request were removed

    @property
    def full(self) -> str:
        """The author's own words including any echo of the request."""
        return self.raw or self.own


@dataclass(frozen=True)
class Correspondence:
    """The messages of a document in order; `thread` is True for a request thread."""

    messages: tuple[Message, ...]
    thread: bool = False

    @property
    def request_text(self) -> str:
        """The requester's own words (outgoing messages)."""
        return "\n\n".join(m.own for m in self.messages if m.direction == OUTGOING)

    @property
    def original_request(self) -> str:
        """The first outgoing message: the request before any reference was assigned."""
        return next((m.own for m in self.messages if m.direction == OUTGOING), "")

    @property
    def authority_messages(self) -> tuple[Message, ...]:
        """The authority's messages (and letters), in order."""
        return tuple(m for m in self.messages if m.direction != OUTGOING)

    @property
    def authority_text(self) -> str:
        """The authority's own words: quoted mail and echoes of the request removed."""
        return "\n\n".join(m.own for m in self.authority_messages)

    def quoted_subjects(self) -> str:
        """Subject lines of quoted mail: they carry the authority's reference on replies."""
        found = [m.group("s") for msg in self.messages for m in _SUBJECT.finditer(msg.quoted)]
        return "\n".join(found)


def read_correspondence(extracted: Extracted) -> Correspondence:
    """Split an extracted document into messages (a thread) or letters (one per part)."""
    if extracted.format == "wdtk-json":
        messages = [_json_message(p.label, p.text) for p in extracted.parts]
        messages = [m for m in messages if m is not None]
    else:
        text = "\n\n".join(p.text for p in extracted.parts)
        messages = _page_messages(text) if extracted.format == "html" else []
    if any(m.direction == INCOMING for m in messages):
        return Correspondence(tuple(_without_echo(messages)), thread=True)
    letters = []
    mail = extracted.format in MAIL_FORMATS
    for part in extracted.parts:
        own, quoted = split_quoted(part.text) if mail and part.kind == "body" else (part.text, "")
        letters.append(Message(LETTER, None, own, quoted, part.label))
    return Correspondence(tuple(letters))


def split_quoted(text: str) -> tuple[str, str]:
    """(the author's own words, the earlier mail quoted below them)."""
    text = _LINK_FOOTER.split(text, maxsplit=1)[0]
    match = _QUOTE_START.search(text)
    if not match or match.start() == 0:
        return text, ""
    return text[: match.start()].rstrip(), text[match.start() :]


def _json_message(label: str, text: str) -> Message | None:
    match = _JSON_LABEL.search(label)
    if not match:
        return None
    day = date.fromisoformat(match.group("day")) if match.group("day") else None
    own, quoted = split_quoted(text)
    return Message(match.group("dir"), day, own, quoted, label)


def _page_messages(text: str) -> list[Message]:
    """Messages of a request page's text, each starting after its heading line."""
    headings = list(_PAGE_HEADING.finditer(text))
    messages = []
    for n, heading in enumerate(headings):
        end = headings[n + 1].start() if n + 1 < len(headings) else len(text)
        body = _drop_trailing_author(text[heading.end() : end])
        days = find_dates(heading.group("day"))
        own, quoted = split_quoted(body.strip())
        label = f"{heading.group('who')}, {heading.group('day')}"
        messages.append(
            Message(heading.group("dir"), days[0][1] if days else None, own, quoted, label)
        )
    return messages


def _drop_trailing_author(body: str) -> str:
    """A heading may start on the line before ('Despatch Box,'): that line is not the body's."""
    lines = body.rstrip().split("\n")
    if len(lines) > 1 and lines[-1].endswith(",") and len(lines[-1]) < 60:
        lines.pop()
    return "\n".join(lines)


def _without_echo(messages: list[Message]) -> list[Message]:
    """The authority's messages without the passages that repeat the request word for word."""
    requested = " ".join(m.own for m in messages if m.direction == OUTGOING)
    requested += " " + " ".join(_requester_quotes(m.quoted) for m in messages)
    shingles = _shingles(_words(requested))
    if not shingles:
        return messages
    return [
        m
        if m.direction == OUTGOING
        else Message(m.direction, m.day, remove_echo(m.own, shingles), m.quoted, m.label, m.own)
        for m in messages
    ]


def _requester_quotes(quoted: str) -> str:
    """The quoted mails written from the request's own address."""
    blocks = re.split(r"(?m)^(?=From: )", quoted)
    return " ".join(b for b in blocks if _REQUESTER_ADDRESS.search(b.split("\n", 1)[0]))


def remove_echo(text: str, shingles: set[tuple[str, ...]]) -> str:
    """`text` with each run of ECHO_WORDS or more words that also occur in the request
    replaced by a paragraph break (so what surrounds it reads as separate sentences)."""
    tokens = list(re.finditer(r"[\w’']+", text))
    words = [t.group(0).lower() for t in tokens]
    echoed = [False] * len(words)
    for i in range(len(words) - ECHO_WORDS + 1):
        if tuple(words[i : i + ECHO_WORDS]) in shingles:
            echoed[i : i + ECHO_WORDS] = [True] * ECHO_WORDS
    if not any(echoed):
        return text
    kept, last, n = [], 0, 0
    while n < len(tokens):
        if not echoed[n]:
            n += 1
            continue
        end = n
        while end + 1 < len(tokens) and echoed[end + 1]:
            end += 1
        kept.append(text[last : tokens[n].start()] + "\n\n")
        last, n = _after_punctuation(text, tokens[end].end()), end + 1
    kept.append(text[last:])
    return "".join(kept)


def _after_punctuation(text: str, offset: int) -> int:
    """Past the punctuation that closed an echoed passage ('?', ').', ':')."""
    match = re.match(r"[^\w\s]{0,4}", text[offset:])
    return offset + (match.end() if match else 0)


def _words(text: str) -> list[str]:
    return [w.lower() for w in re.findall(r"[\w’']+", text)]


def _shingles(words: list[str]) -> set[tuple[str, ...]]:
    return {tuple(words[i : i + ECHO_WORDS]) for i in range(len(words) - ECHO_WORDS + 1)}
