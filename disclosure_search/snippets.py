"""Snippets that read well: whole matching sentences, never a letter's address block.

A letter's text is cut into units: sentences of its paragraphs, and its short lines (headings,
labels, address lines) each on their own. Units that are letter furniture (letterhead and
address lines before "Dear ...", postcodes, phone numbers, e-mail and web addresses on a line
of their own, "Our ref:" and "Date:" lines, link footnotes) never start or make a snippet. A
snippet is the one or two best units holding the query's words, each starting where its
sentence starts (or, in a very long sentence, a little before the first match, marked "…"),
joined by " … ".

A log-table row is not prose: its snippet lists the row's own fields ("Tags: … · Body id: …"),
leaving out those the hit already shows (title, authority, reference, date).
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass
from typing import Any

from whoosh import highlight

SNIPPET_CHARS = 300
# One fragment of two: long enough for a sentence of a letter, short enough for two to fit.
FRAGMENT_CHARS = 160
# Context kept before the first match when a sentence is too long to show from its start.
LEAD_CHARS = 50
# Prose wrapped to a page fills its lines; a line shorter than this is a heading or label.
SHORT_LINE = 50
# Furniture patterns only apply to lines this short: in a paragraph they are content.
FURNITURE_LINE = 100
# The letterhead is near the top: past this many characters "Dear" opens no address block.
LETTERHEAD_CHARS = 2000
FIELD_SEPARATOR = " · "

_SALUTATION = re.compile(r"\s*Dear\b")
_FURNITURE = [
    re.compile(r"\b[A-Z]{1,2}\d[A-Z\d]?\s?\d[A-Z]{2}\b"),  # UK postcode
    re.compile(r"(?:\+44\s?|\b0)\d{2,4}[\s-]?\d{3,4}[\s-]?\d{3,4}\b"),  # phone number
    re.compile(r"\S+@\S+\.\w+|mailto:|https?://|\bwww\.", re.IGNORECASE),
    re.compile(
        r"^\W*(?:(?:our|your|my)\s+ref(?:erence)?|ref(?:erence)?(?:\s+no\.?)?\s*[:.]"
        r"|date\s*:|(?:tel|telephone|phone|fax|mobile|e-?mail|web(?:site)?|contact)\s*[:.]"
        r"|direct\s+(?:line|dial)|please\s+ask\s+for"
        # The greeting and the sign-off frame the letter; they answer nothing.
        r"|dear\s|yours\s+(?:faithfully|sincerely|truly)|(?:kind|best|warm)?\s*regards\b)",
        re.IGNORECASE,
    ),
]
# Not before a digit: "para. 19", "No. 3244" and "s. 40" end no sentence.
_SENTENCE_END = re.compile(r"(?<=[.!?])[\"'”’)]?\s+(?=[\"'“‘(]?[A-Z])")
_ROW_FIELD = re.compile(r"([^:\n]{1,40}):\s*(.*)")
_WHITESPACE = re.compile(r"\s+")


@dataclass(frozen=True)
class Unit:
    """A sentence, heading or line of `text`: [start, end), and whether it is furniture."""

    start: int
    end: int
    furniture: bool = False


def find_units(text: str, keep: Callable[[int, int], bool] | None = None) -> list[Unit]:
    """The sentences and stand-alone lines of `text`, in order, furniture marked.

    With `keep`, only the units of the blocks (runs of lines between blank lines) for which
    `keep(start, end)` is true: a block is read on its own, so the others are skipped
    without looking at them, and the units found are the same as in a full reading."""
    return list(iter_units(text, keep))


def iter_units(text: str, keep: Callable[[int, int], bool] | None = None) -> Iterator[Unit]:
    """`find_units`, one block at a time."""
    letterhead = starts_with_letterhead(text)
    block: list[tuple[int, str]] = []  # (offset, line) of the block being read
    at_start = letterhead  # whether the block began inside the letterhead
    offset = 0
    for line in text.splitlines(keepends=True):
        if line.strip():
            if not block:
                at_start = letterhead
            block.append((offset, line))
            if letterhead and _SALUTATION.match(line):
                letterhead = False
        elif block:
            yield from block_units(text, block, at_start, keep)
            block = []
        offset += len(line)
    if block:
        yield from block_units(text, block, at_start, keep)


def block_units(
    text: str,
    block: list[tuple[int, str]],
    letterhead: bool,
    keep: Callable[[int, int], bool] | None = None,
) -> list[Unit]:
    """The units of one block of non-blank (offset, line)s; `letterhead` when the block
    starts inside the letter's header."""
    start, end = block[0][0], block[-1][0] + len(block[-1][1].rstrip())
    if keep is not None and not keep(start, end):
        return []
    units: list[Unit] = []
    paragraph: list[tuple[int, int]] = []  # the lines of the paragraph being read
    for offset, line in block:
        end = offset + len(line.rstrip())
        stripped = line.strip()
        if letterhead and _SALUTATION.match(line):
            letterhead = False
        if letterhead or is_furniture_line(stripped):
            units += sentences(text, paragraph)
            paragraph = []
            units.append(Unit(offset, end, furniture=True))
            continue
        paragraph.append((offset + len(line) - len(line.lstrip()), end))
        if len(stripped) < SHORT_LINE:
            units += sentences(text, paragraph)
            paragraph = []
    return units + sentences(text, paragraph)


def starts_with_letterhead(text: str) -> bool:
    """Whether `text` opens with a letter's header block: short lines, then "Dear ..."."""
    head = text[:LETTERHEAD_CHARS]
    found = re.search(r"^\s*Dear\b", head, re.MULTILINE)
    if not found or not head[: found.start()].strip():
        return False
    return all(len(line.strip()) < FURNITURE_LINE for line in head[: found.start()].splitlines())


def is_furniture_line(line: str) -> bool:
    """Whether a stripped line is an address, contact, reference or link line."""
    return len(line) < FURNITURE_LINE and any(p.search(line) for p in _FURNITURE)


def sentences(text: str, lines: list[tuple[int, int]]) -> list[Unit]:
    """The sentences of a paragraph made of `lines` (spans of `text`)."""
    if not lines:
        return []
    start, end = lines[0][0], lines[-1][1]
    units, at = [], start
    for found in _SENTENCE_END.finditer(text, start, end):
        units.append(Unit(at, found.start()))
        at = found.end()
    return units + [Unit(at, end)]


class SentenceFragmenter(highlight.Fragmenter):
    """Whoosh fragmenter: one fragment per non-furniture unit holding a match."""

    def __init__(self, maxchars: int = FRAGMENT_CHARS) -> None:
        self.maxchars = maxchars
        self.charlimit = None

    def fragment_tokens(self, text: str, all_tokens: Iterable[Any]) -> Iterator[Any]:
        matched = [t.copy() for t in all_tokens if t.matched]
        if matched:
            yield from self.fragment_units(text, find_units(text), matched)

    def fragment_units(
        self, text: str, units: Iterable[Unit], matched: list[Any]
    ) -> Iterator[highlight.Fragment]:
        """A fragment for each unit holding one of the `matched` tokens (in text order)."""
        seen: set[str] = set()
        for unit in units:
            inside = [t for t in matched if unit.start <= t.startchar < unit.end]
            said = " ".join(text[unit.start : unit.end].split())[:FRAGMENT_CHARS]
            # A sentence a letter repeats (quoted request, then answer) is shown once.
            if inside and not unit.furniture and said not in seen:
                seen.add(said)
                yield self.fit(text, unit, inside)

    def fit(self, text: str, unit: Unit, matches: list[Any]) -> highlight.Fragment:
        """The unit as a fragment, cut to `maxchars` around its first match if too long."""
        start, end = unit.start, unit.end
        first = matches[0]
        if end - start > self.maxchars:
            if first.endchar - start > self.maxchars - LEAD_CHARS:
                # Never past the match, even in a run of text without spaces.
                start = min(word_start(text, first.startchar - LEAD_CHARS), first.startchar)
            end = min(end, max(word_end(text, start + self.maxchars), first.endchar))
        fragment = highlight.Fragment(
            text, [t for t in matches if start <= t.startchar and t.endchar <= end], start, end
        )
        fragment.cut_start, fragment.cut_end = start > unit.start, end < unit.end
        return fragment


class SentenceScorer(highlight.BasicFragmentScorer):
    """Whoosh's score (matches, times distinct words matched), doubled for a sentence:
    a whole sentence says more than a heading or a signature line with the same words."""

    def __call__(self, fragment: Any) -> float:
        score = super().__call__(fragment)
        return score * 2 if len(fragment) >= SHORT_LINE else score


class SnippetFormatter(highlight.HtmlFormatter):
    """Whoosh's <b class="match termN"> marks, whitespace collapsed, fragments joined by
    " … ", and "…" where a fragment was cut out of a longer sentence."""

    def __init__(self) -> None:
        super().__init__(tagname="b", between=" … ")

    def _text(self, text: str) -> str:
        return highlight.htmlescape(_WHITESPACE.sub(" ", text), quote=False)

    def format(self, fragments: list[Any], replace: bool = False) -> str:
        # Between fragments the separator already says text was left out.
        text = self.between.join(self.format_fragment(f, replace).strip() for f in fragments)
        before = "…" if fragments and getattr(fragments[0], "cut_start", False) else ""
        after = "…" if fragments and getattr(fragments[-1], "cut_end", False) else ""
        return f"{before}{text}{after}"


def plain_excerpt(text: str) -> str:
    """The start of `text` past its letterhead, HTML-escaped, cut at a word near
    SNIPPET_CHARS."""
    start = next((u.start for u in iter_units(text) if not u.furniture), len(text))
    collapsed = " ".join(text[start:].split())
    if len(collapsed) <= SNIPPET_CHARS:
        return highlight.htmlescape(collapsed)
    cut = collapsed[:SNIPPET_CHARS].rsplit(" ", 1)[0]
    return highlight.htmlescape(cut) + "…"


def row_fields(text: str, shown: Iterable[str]) -> str:
    """A log-table row's "Name: value" lines as one line, without empty fields and those
    whose value repeats something already `shown` (title, authority, reference, ISO date)."""
    known = {" ".join(s.lower().split()) for s in shown if s}
    fields: list[list[str]] = []
    for line in text.splitlines():
        found = _ROW_FIELD.fullmatch(line.strip())
        if found:
            fields.append([found.group(1).strip(), found.group(2).strip()])
        elif fields and line.strip():
            fields[-1][1] += " " + line.strip()  # a value that ran onto the next line
    kept = [
        f"{name}: {value}"
        for name, value in fields
        if value and not repeats(" ".join(value.lower().split()), known)
    ]
    return FIELD_SEPARATOR.join(kept) if fields else " ".join(text.split())


def repeats(value: str, known: set[str]) -> bool:
    """Whether a row value says again one of the `known` values (a date counts when the
    value is that date, with or without a time)."""
    return value in known or any(len(k) == 10 and value.startswith(k) for k in known)


def row_snippet(text: str, shown: Iterable[str], terms: Iterable[str], analyzer: Any) -> str:
    """A row's own fields (see `row_fields`), cut near SNIPPET_CHARS, query words marked."""
    line = row_fields(text, shown)
    if len(line) > SNIPPET_CHARS:
        line = line[:SNIPPET_CHARS].rsplit(" ", 1)[0] + "…"
    fragmenter = highlight.WholeFragmenter(charlimit=None)
    marked = highlight.highlight(line, set(terms), analyzer, fragmenter, SnippetFormatter())
    return marked or highlight.htmlescape(line, quote=False)


def word_start(text: str, at: int) -> int:
    """The start of the word at or after `at` (never before 0)."""
    at = max(at, 0)
    found = re.compile(r"\s\S").search(text, at - 1) if at else None
    return found.start() + 1 if found else at


def word_end(text: str, at: int) -> int:
    """The end of the last whole word before `at`."""
    cut = text.rfind(" ", 0, at)
    return cut if cut > 0 else at
