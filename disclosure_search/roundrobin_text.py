"""What a round-robin table needs from one answer's text: the answer without a letter's
furniture (labels, repeated questions, footers, the closing paragraphs) and its status when
the status is the answer ("not held", "refused s12", "withheld under
s40(2)"); the figures it gives are read by roundrobin_numbers. Pure functions on strings: no
index, no Whoosh.
"""

from __future__ import annotations

import functools
import math
import re
from collections import Counter
from collections.abc import Iterable, Sequence

from disclosure_search.exemptions import normalise_exemption, relied_on

MAX_ANSWER_CHARS = 4000
WRAPPED_LINE = 50  # a line this long that stops mid-sentence was wrapped by the layout
SHORT_LINE = 30  # a shorter line that does not end a sentence is a heading
REPRINT_WORDS = 8  # this many words of a question, over whole lines, reprint it
_ENDS = (".", ":", ";", "?", "!")
_ITEM = re.compile(r"\s*(?:[•·\-–*]|\d{1,2}[.)]\s|\(?[a-h]\)\s)")
ANSWERED, NOT_HELD, NO_ANSWER = "answered", "not held", "no answer found"

# Where a letter stops answering: the sign-off and the paragraphs every reply ends with
# (review rights, re-use, the disclosure log, the Commissioner, where to read the Act, caveats,
# surveys). Matched at the start of a line.
_CLOSING = re.compile(
    r"^[ \t]*(?:Yours (?:sincerely|faithfully)|(?:Kind|Best|With kind) regards|Regards,?[ \t]*$"
    r"|If you are (?:not (?:satisfied|happy|content)|unhappy|dissatisfied|concerned)"
    r"|If you feel|Any contact details|Appeals? procedure|Any appeal|Internal review"
    r"|(?:I|We) (?:trust|hope) (?:this|that|the|you|it\b)"
    r"|In the event (?:that )?you (?:pursue|are|remain|wish|decide|have)"
    r"|The full (?:text of the )?Freedom of Information Act"
    r"|Please (?:be aware|note) that (?:although )?(?:this|the|any) information (?:is accurate"
    r"|we provide|(?:you )?(?:provided|supplied))|In line with the Information Commissioner"
    r"|If you (?:have|require) any (?:further |other )?(?:queries|questions|assistance)"
    r"|Should you (?:have|wish|require)|If you wish to (?:make a|request|complain|re-?use)"
    r"|If you remain dissatisfied|Re-?use of (?:public sector )?information|Copyright\b"
    r"|The information (?:supplied|provided) (?:to you )?(?:is|continues)|Exemption\(?s\)?"
    r" which appl|As part of our monitoring|Please (?:contact me|remember to quote|do not "
    r"hesitate)|Further queries|Complaint rights"
    r"|Your right to (?:complain|appeal)|We are a research active|Information Commissioner)",
    re.I | re.M,
)
# Letterhead and footer lines that PDF text puts between answers: the chair and chief
# executive, headquarters, page numbers, phone, fax, e-mail and web lines.
_ROLE = r"(?:(?:Acting |Interim )?Chair(?:man|woman|person)?|Chief Executive|Trust Headquarters"
_ROLE += r"|Head ?(?:office|quarters))"
_FOOTER = re.compile(
    rf"^[ \t]*(?:{_ROLE}(?:[ \t]*:|[ \t]*$)|Page:? \d+(?: of \d+)?[ \t]*$|\d+ of \d+[ \t]*$"
    r"|(?:Tel(?:ephone)?|Phone|Fax|Switchboard)\b[.:]?[ \t]*[+(\d]|(?:E-?mail|Web(?:site)?)[ \t]*:"
    r"|Follow us on|NHS No:|www\.\S+[ \t]*$|[^\n]*\s[-–—] (?:Chair|Chief Executive)[ \t]*$)",
    re.I,
)
_BARE_ROLE = re.compile(rf"{_ROLE}[ \t]*:?", re.I)  # a name follows on the next line
# An address line: a UK postcode in a line that is no sentence ("Wayside House, ..., CV6 6NY").
_POSTCODE = re.compile(r"\b[A-Z]{1,2}\d[A-Z\d]? ?\d[A-Z]{2}\b")
_NAME_LINE = re.compile(r"(?:[A-Z][\w.'’&-]*|and|of|the|NHS)(?: (?:[A-Z][\w.'’&-]*|and|of|the))*")
_LABEL = re.compile(
    r"^\s*(?:our |the trust(?:['’]s)? |trust )?(?:reply|response|answer)s?\s*(?::|-|\.|\n|$)\s*",
    re.I,
)
# The statutory right-to-know paragraph some trusts paste before every answer.
_SECTION_1 = re.compile(
    r"(?:[^\n.]*has reviewed your request[^.]*\.\s*)?Section 1\(1\) of the[^\n]*Act states:"
    r".*?communicated to (?:him|her|them|the applicant)\.?\s*",
    re.I | re.S,
)
# A line holding only punctuation, or only a question's number ("2.", "Q3").
_EMPTY_LINE = re.compile(r"[\W_]*|(?:Q(?:uestion)?\s*)?\d{1,2}[.):]?", re.I)
# How requests ask, so that a request's own notes printed before an answer are left out.
_REQUESTING = re.compile(
    r"^\s*(?:please (?:could|can|would) you|please (?:use|provide|include|break|send|supply"
    r"|list|give)\b|(?:could|can|would) you (?:please )?(?:provide|send|tell|confirm|use|supply"
    r"|list|give|break)\b|i would (?:like|be grateful)|i am requesting)",
    re.I,
)
# A line ending so ("... as seen in the", "...; 01") goes on on the next line.
_UNFINISHED = re.compile(r"(?:\b(?:the|a|an|of|in|to|and|or|for|by|with|as|on)|[(,;/-]|\d)$", re.I)
_BULLET = re.compile(r"[\uf0b7\uf0a7\u2022\u25cf\u25aa]")
_WORD = re.compile(r"[a-z][a-z'’]+")
_STOP_WORDS = """the and for are with that this these those from their they there which while
    who whom what when where your you our have has had was were will would could should can
    may been being into onto than then also any all not but its per such please"""
STOP = frozenset(_STOP_WORDS.split())
_NOT_HELD = re.compile(
    r"\b(?:(?:is|are) not held|not held centrally|no (?:recorded )?(?:information|data|numbers"
    r"|records?) (?:is |are )?held|(?:do|does|did) not (?:hold|record|collect)"
    r"|holds? no (?:recorded )?(?:information|data)|(?:information|data) is not (?:available"
    r"|recorded|collected))\b",
    re.I,
)
_CITATION = re.compile(
    r"\b(?:section|sec\.|s\.|s)\s?(\d{1,2}[A-Z]?(?:\s?\(\w{1,3}\))*)|\bregulation\s?(\d{1,2}"
    r"(?:\s?\(\w{1,3}\))+)",
    re.I,
)
_COST_LIMIT = re.compile(r"exceed(?:s|ed)? the (?:appropriate |cost )(?:time )?limit", re.I)


def words(text: str) -> list[str]:
    """The content words of `text`, lower case (no stop words, none shorter than 3)."""
    return [w for w in _WORD.findall(text.lower()) if len(w) > 2 and w not in STOP]


def word_weights(texts: Sequence[str]) -> dict[str, float]:
    """Inverse document frequency of each word over `texts`: a word every question shares
    ("housing") says less about which question a text answers than one only one has."""
    df = Counter(w for text in texts for w in set(words(text)))
    return {w: math.log((len(texts) + 1) / (n + 0.5)) + 0.1 for w, n in df.items()}


@functools.lru_cache(maxsize=4096)
def word_set(text: str) -> frozenset[str]:
    """`words(text)` as a set, remembered: alignment compares each question many times."""
    return frozenset(words(text))


def similarity(a: str, b: str, weights: dict[str, float]) -> float:
    """Weighted Jaccard of the words of `a` and `b` that occur in `weights` (0..1)."""
    wa = {w for w in word_set(a) if w in weights}
    wb = {w for w in word_set(b) if w in weights}
    union = sum(weights[w] for w in wa | wb)
    return sum(weights[w] for w in wa & wb) / union if union else 0.0


def clean_answer(text: str, question: str, footers: Iterable[str] = ()) -> str:
    """The answer itself: no 'Our reply:' label, no repeat of the question, no letterhead or
    footer lines (`footers`: lines the letter repeats on several pages), no statutory
    boilerplate, nothing from the sign-off on; spaces tidied, lines the layout wrapped joined,
    the letter's own line breaks (headings, lists) kept."""
    text = _BULLET.sub("•", _SECTION_1.sub("", text))
    tidied = [" ".join(line.split()) for line in text.split("\n")]
    lines: list[str] = []
    for tidy, furniture in zip(tidied, _furniture(tidied, footers), strict=True):
        if furniture or _EMPTY_LINE.fullmatch(tidy):
            # A sentence the letterhead interrupted goes on after it; else a paragraph ends.
            if lines and lines[-1] and (len(lines[-1]) < WRAPPED_LINE or lines[-1].endswith(_ENDS)):
                lines.append("")
            continue
        lines.append(tidy)
    text = "\n".join(lines).strip()
    if stop := _CLOSING.search(text):
        text = text[: stop.start()]
    text = _drop_question_echo(_LABEL.sub("", text, count=1), question)
    text = _drop_reprints(text, question)
    text = _LABEL.sub("", text, count=1)
    # A blank line ends a paragraph: no line is joined across it.
    return re.sub(r"\n{2,}", "\n", unwrap(text).strip())[:MAX_ANSWER_CHARS]


def _furniture(lines: Sequence[str], footers: Iterable[str]) -> list[bool]:
    """Which lines are letterhead or footer: lines the letter repeats on several pages
    (`footers`), role, page, phone and web lines, addresses with a postcode, and the name
    under a bare role ('Chair' / 'Charlotte Hitchings') or between two such lines."""
    repeated = {" ".join(f.split()) for f in footers}
    marked = [
        bool(line)
        and (
            bool(_FOOTER.match(line))
            or line in repeated
            or (bool(_POSTCODE.search(line)) and len(line) < 90 and not line.endswith("."))
        )
        for line in lines
    ]
    for i, line in enumerate(lines):
        if marked[i] or not _NAME_LINE.fullmatch(line) or len(line.split()) > 7:
            continue
        after_role = i > 0 and bool(_BARE_ROLE.fullmatch(lines[i - 1]))
        between = 0 < i < len(lines) - 1 and marked[i - 1] and marked[i + 1]
        marked[i] = after_role or between
    return marked


def unwrap(text: str) -> str:
    """Join the lines a PDF wrapped mid-sentence (a long line without closing punctuation,
    followed by one that is no list item or heading); headings and list items stay."""
    out: list[str] = []
    for line in text.split("\n"):
        previous = out[-1] if out else ""
        heading = len(line) < SHORT_LINE and not line.endswith(_ENDS)  # "North Somerset"
        if (
            len(previous) >= WRAPPED_LINE
            and not previous.endswith(_ENDS)
            and not (heading or _ITEM.match(line))
        ):
            joiner = "" if previous.endswith("-") and line[:1].isalpha() else " "
            out[-1] = previous + joiner + line
        else:
            out.append(line)
    return "\n".join(out)


def is_closing(text: str) -> bool:
    """Whether `text` starts the letter's closing paragraphs (review rights, sign-off)."""
    return bool(_CLOSING.match(text.strip()))


def _drop_question_echo(text: str, question: str) -> str:
    """Leading lines that repeat a stretch of the question (a table cell, or a re-quoted
    question split over lines), or go on asking ('Please could you provide the data as a
    .csv'), are not the answer."""
    asked = " " + " ".join(_WORD.findall(question.lower())) + " "
    lines = text.split("\n")
    while lines:
        said = _WORD.findall(lines[0].lower())
        if _REQUESTING.match(lines[0]):
            _drop_request(lines)
        elif not lines[0].strip() or (len(said) >= 2 and f" {' '.join(said)} " in asked):
            lines.pop(0)
        else:
            break
    return "\n".join(lines).strip()


def _drop_reprints(text: str, question: str) -> str:
    """Runs of whole lines that repeat a long stretch of the question, wherever they sit:
    a table's question cell that went on over the page, printed among the answers. (A run
    that goes on from an unfinished sentence is the answer using the question's words.)"""
    asked = " " + " ".join(_WORD.findall(question.lower())) + " "
    lines, kept, i = text.split("\n"), [], 0
    while i < len(lines):
        said: list[str] = []
        end = i
        for j in range(i, len(lines)):
            more = said + _WORD.findall(lines[j].lower())
            if not more or f" {' '.join(more)} " not in asked:
                break
            said = more
            end = j + 1 if len(said) >= REPRINT_WORDS else end
        if end > i and kept and kept[-1].strip() and not kept[-1].endswith(_ENDS):
            end = i  # the answer's own sentence
        kept += [] if end > i else [lines[i]]
        i = max(end, i + 1)
    return "\n".join(kept)


def _drop_request(lines: list[str]) -> None:
    """Drop the request sentence `lines` starts with, across its line wraps."""
    sentence = line = lines.pop(0)
    while lines and (
        _UNFINISHED.search(line)
        or line.endswith(":")
        or sentence.count("(") > sentence.count(")")
        or lines[0].lstrip()[:1].islower()
        or (lines[0].lstrip()[:1].isdigit() and not line.endswith((".", "?")))
    ):
        line = lines.pop(0)
        sentence += " " + line


def find_status(answer: str) -> str:
    """'refused s12' / 'refused s14', 'withheld under s40(2)' (exemptions the answer cites),
    'not held', else 'answered', or 'no answer found' for an empty answer."""
    if not answer.strip():
        return NO_ANSWER
    cited = []
    for match in _CITATION.finditer(answer):
        printed = match.group(0)
        code = normalise_exemption(printed)
        if relied_on("FOIA", code) or relied_on("EIR", code):
            cited.append(code)
    refusals = [c for c in cited if re.match(r"s1[24]\b", c)]
    if refusals or _COST_LIMIT.search(answer):
        return "refused " + (refusals[0].split("(")[0] if refusals else "s12")
    if cited:
        return "withheld under " + ", ".join(dict.fromkeys(cited))
    return NOT_HELD if _NOT_HELD.search(answer) else ANSWERED
