"""Find the authority's own request reference in a letter, among the others it quotes.

A letter prints its reference in its header block, after a label ('Our ref: FOI/ 1042',
'Reference Number: FOI 86420', 'FOI ref: | 8050') or as a line of its own ('IR-01-22-34776',
'Freedom of Information/RFI-2240', 'FOI3310 – Concerning housing support'). Those outrank a
labelled reference further down, which outranks a bare reference shape in a sentence: bare
shapes in prose are often another body's (an ICO case) or an earlier request's.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass

from disclosure_search.refs import normalise_request_id
from indexer.metadata.header import head_spans, in_head, plain

# Labels an authority uses for its own reference ('Our ref:', 'Request ID:', 'FOI number').
_LABEL = re.compile(
    r"(?<![Yy]our )(?<![Yy]our  )\b(?:"
    r"(?:our|my|case|file|foi|eir|foisa|oia|rfi|request|information\s+request)\s+ref(?:erence)?"
    r"|(?:foi|eir|oia|request|case)\s+(?:id|number|no\b\.?)|our\s+case|foi\s+request\s+no\b\.?"
    r"|reference\s+(?:number|no\b\.?)|ref(?:erence)?\s+no\b\.?|ref(?:erence)?"
    r")(?:\s+(?:number|no\b\.?))?\b\.?[ \t]*[:\-–—|#]*[ \t]*\|?[ \t]*\n?[ \t]*\(?",
    re.IGNORECASE,
)
# A heading that names the request and then its reference, at the start of a line:
# 'Freedom of Information/RFI-2240', 'Freedom of Information Request 008',
# 'Environmental Information Request - EIR / 1737088'. 'Act 2000' is part of the heading.
_HEADING = re.compile(
    r"^[ \t]*(?:re:?\s*|subject:\s*)?(?:(?:freedom\s+of|environmental)\s+information"
    r"(?:\s+act(?:\s+\d{4})?)?(?:\s+(?:request|regulations?))*|request\s+for\s+information"
    r"|(?:foi|eir)\s+request)[ \t]*[:/\-–—]?[ \t]*",
    re.IGNORECASE | re.MULTILINE,
)
# A reference standing at the start of a header line: capitals, then digits.
_LINE_START = re.compile(
    r"^[ \t]*(?:(?i:re|fwd?|subject)[ \t]*:[ \t]*|(?i:re)[ \t]+)*"
    r"(?=[A-Z]{1,6}(?:[-/_.][A-Z]{1,6}){0,3}[-/_. ]?\d)",
    re.M,
)
# A reference of another kind: 'planning reference 16/03443/DEXRG', 'account ref 1234'.
_OTHER_KIND = re.compile(
    r"\b(?:planning|property|account|application|grid|invoice|contract|tender|order|purchase"
    r"|customer|payment|booking|vehicle|licence|permit|court|claim|tribunal|ico|complaint"
    r"|policy|notice)\s+$",
    re.IGNORECASE,
)
# A header line that is only a number with a slash or dash ('98806/21', '18/019').
_NUMBER_LINE = re.compile(r"^[ \t]*\(?(?=\d[\d/-]*[/-]\d[\d/-]*\)?[ \t]*$)", re.M)
# Words that make a reference in a sentence another request's or another body's: 'the handling
# of FOI 2021-22-3027', 'your previous request FOI 123', 'decision notice FS50681336'.
_OTHER_REQUEST = re.compile(
    r"\b(?:handling\s+of|previous|earlier|original|prior|another|separate|former"
    r"|decision\s+notice|tribunal)\b[^.;:\n]{0,40}$",
    re.IGNORECASE,
)
# A line naming an attached file ('ANU 230105 RiddorInjury 13692C0911 Redacted.pdf').
_FILE_NAME = re.compile(r"\.[A-Za-z]{3,4}\s*$")
_YOUR_LABEL = re.compile(r"\byour\s+(?:ref(?:erence)?|case)\b", re.IGNORECASE)

# The parts of a printed reference: runs of letters and digits joined by '.', '_', '/', '-',
# or a single space ('21 FOI 124', 'SPFT FOI 21/22-007', 'LW/lmw/FOI.67.21').
_ATOM = re.compile(r"[A-Za-z0-9]+(?:[._][A-Za-z0-9]+)*")
_JOIN = re.compile(r"[ \t]?[/\-–—][ \t]?\n?|[ \t]")
_DATE_AHEAD = re.compile(
    r"\d{1,2}(?:st|nd|rd|th)?[ \t]+(?:jan|feb|mar|apr|may|jun|jul|aug|sep|oct|nov|dec)"
    r"|\d{1,2}[/.](?:0?[1-9]|1[0-2])[/.]\d{2,4}\b",
    re.IGNORECASE,
)

# Reference shapes recognisable without a label. Each ends where the token ends.
_END = r"(?![\w/-])"
_SHAPES = [
    re.compile(r"\b((?:FOI|EIR|FOISA|FOIR)\s?/\s?\d[\d-]{3,})" + _END),
    re.compile(r"\b((?:FOI|EIR|FOISA)[ -]?\d{5,})" + _END, re.IGNORECASE),
    re.compile(r"\b(FOI[ -]?\d{3,5}/\d{2})" + _END),
    re.compile(r"\b(F-\d{4}-\d{4,6})" + _END),
]
_POSTCODE = re.compile(r"[A-Z]{1,2}\d[A-Z\d]? ?\d[A-Z]{2}", re.IGNORECASE)
_NOT_REFERENCES = {"DX", "PO", "TEL", "FAX", "NHS", "ISBN", "SI", "CCTV", "COVID"}

HEAD_LABELLED = 6  # a labelled reference in the header block
HEAD_LINE = 5  # a reference heading a header line
LABELLED = 3  # a labelled reference elsewhere outweighs a bare shape seen three times
QUOTED_LABELLED = 2  # a labelled reference in a quoted subject line
SHAPE = 1


@dataclass(frozen=True)
class Candidate:
    """One reference as printed, where it was found, and how much it counts."""

    value: str
    offset: int
    weight: int


def find_request_ids(text: str, subjects: str = "", exclude: str = "") -> list[str]:
    """Authority references in `text`, the likeliest first, as printed.

    A reference in the header block (labelled, or heading a line) outranks one labelled
    elsewhere, which outranks a bare shape; the requester's own ('Your reference:') is
    skipped; repeats (in any printed variant) raise a reference's rank. `subjects` are quoted
    subject lines (weaker evidence); references found in `exclude` (the original request: the
    requester's own references) are dropped.
    """
    excluded = {normalise_request_id(c.value) for c in candidates(exclude, every_ref=True)}
    scores: dict[str, list] = {}  # normalised -> [printed, score, first offset, best weight]
    found = list(candidates(text))
    found += [
        Candidate(c.value, len(text) + c.offset, min(c.weight, QUOTED_LABELLED))
        for c in candidates(subjects, every_line_heads=True)
    ]
    for c in found:
        key = normalise_request_id(c.value)
        if not key or key in excluded:
            continue
        entry = scores.setdefault(key, [c.value, 0, c.offset, 0])
        if c.weight > entry[3]:
            entry[0], entry[3] = c.value, c.weight  # print it as its best evidence does
        entry[1] += c.weight
    ranked = sorted(scores.values(), key=lambda e: (-e[1], e[2]))
    return [entry[0] for entry in ranked]


def candidates(
    text: str, every_line_heads: bool = False, every_ref: bool = False
) -> Iterator[Candidate]:
    """Every reference-like value in `text`, weighted by how it is printed and where
    (`every_line_heads`: `text` is subject lines, each one a header line). References of
    another kind or another request are skipped unless `every_ref` (a request's own)."""
    text = plain(text)
    spans = [(0, len(text))] if every_line_heads else head_spans(text)
    for match in _LABEL.finditer(text):
        if _YOUR_LABEL.search(text[max(0, match.start() - 6) : match.end()]):
            continue
        head = in_head(spans, match.start())
        before = text[line_start(text, match.start()) : match.start()]
        other = _about_another(text, match.start(), head) or _OTHER_KIND.search(before)
        if other and not every_ref:
            continue
        if value := read_value(text, match.end()):
            yield Candidate(value, match.start(), HEAD_LABELLED if head else LABELLED)
    for pattern in (_HEADING, _LINE_START, _NUMBER_LINE):
        for match in pattern.finditer(text):
            if not in_head(spans, match.start()) or _FILE_NAME.search(line_at(text, match.end())):
                continue
            if value := read_value(text, match.end()):
                yield Candidate(value, match.start(), HEAD_LINE)
    for shape in _SHAPES:
        for match in shape.finditer(text):
            if _YOUR_LABEL.search(text[line_start(text, match.start()) : match.start()]):
                continue
            if every_ref or not _about_another(text, match.start()):
                yield Candidate(clean(match.group(1)), match.start(), SHAPE)


def _about_another(text: str, offset: int, head: bool = False) -> bool:
    """True when the sentence before `offset` says the reference is another request's (in a
    header block, only its own line counts: the line above is another field)."""
    start = line_start(text, offset) if head else max(0, offset - 60)
    return bool(_OTHER_REQUEST.search(text[start:offset].replace("\n", " ")))


def read_value(text: str, start: int) -> str | None:
    """The reference printed at `start`: parts joined by separators, up to the last part that
    holds a digit; a word that is neither a code nor a number ends it. None if implausible."""
    end, pos, joined_tight, previous = start, start, False, -1
    while match := _ATOM.match(text, pos):
        part = match.group(0)
        dated = pos > start and not joined_tight and _DATE_AHEAD.match(text, pos)
        if not _is_part(part, joined_tight) or dated:
            break
        if any(c.isdigit() for c in part) or (joined_tight and end == previous):
            end = match.end()  # a code tied on after a number belongs to it ('/Z')
        previous = match.end()
        join = _JOIN.match(text, match.end())
        if not join:
            break
        joined_tight = not any(c.isspace() for c in join.group(0))
        pos = join.end()
    value = clean(text[start:end])
    return value if value and plausible(value) else None


def _is_part(part: str, joined_tight: bool) -> bool:
    """A part of a reference: a number or code with digits, a short capitalised code
    ('FOI', 'SPFT'), or short initials tied on by a slash ('LW/lmw')."""
    if any(c.isdigit() for c in part):
        return True
    return len(part) <= 6 and (part.isupper() or (joined_tight and len(part) <= 4))


def line_start(text: str, offset: int) -> int:
    """The offset where the line holding `offset` starts."""
    return text.rfind("\n", 0, offset) + 1


def line_at(text: str, offset: int) -> str:
    """The line of `text` that holds `offset`."""
    end = text.find("\n", offset)
    return text[line_start(text, offset) : end if end != -1 else len(text)]


def clean(value: str) -> str:
    """One line, single spaces, no trailing separator."""
    return re.sub(r"\s+", " ", value.strip()).rstrip("/-–—._ ")


def plausible(value: str) -> bool:
    """A reference has three digits and is not a date, phone number, year or postcode."""
    digits = sum(c.isdigit() for c in value)
    if digits < 3 or len(value) > 30:
        return False
    if _POSTCODE.fullmatch(value) or value.split()[0].upper() in _NOT_REFERENCES:
        return False
    if re.fullmatch(r"\d{1,2}[/.-]\d{1,2}[/.-]\d{2,4}|\d{4}-\d\d-\d\d|(?:19|20)\d\d", value):
        return False
    return not re.fullmatch(r"0\d{2,4} ?\d{3,4} ?\d{0,4}", value)
