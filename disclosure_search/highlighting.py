"""Highlighting with bounded work: only the blocks of a text that can hold a match are read.

Whoosh's highlighter runs the stemming analyzer over a part's whole text and cuts all of it
into sentences, which costs milliseconds for a letter and most of a second for a long
attachment. Here a regular expression first finds where the query's words can occur: a
word whose stem is a query term starts with that stem less its last letters (the Porter
stemmer only rewrites a word's ending). Only the blocks of lines holding such a place, at
most MAX_BLOCKS of them and about MAX_CHARS in all, are cut into sentences, and only the words
at those places are analysed; the snippet is what Whoosh's highlighter would make of them.
"""

from __future__ import annotations

import bisect
import re
from collections.abc import Iterable
from typing import Any

from whoosh import highlight
from whoosh.analysis import Token

from disclosure_search.analysis import analysis_by
from disclosure_search.snippets import (
    SentenceFragmenter,
    SentenceScorer,
    SnippetFormatter,
    find_units,
)

# Blocks (runs of lines between blank lines) with a possible match that are read, in text
# order: the snippet shows two sentences, and the first blocks hold plenty to choose from.
MAX_BLOCKS = 40
# Characters analysed once a block has been read: a long attachment stops here.
MAX_CHARS = 20_000
# Letters the stemmer may rewrite at the end of a word ("happy" -> "happi").
STEM_SLACK = 2
# Where a token of Whoosh's default tokenizer ([\w*]+(\.?[\w*]+)*) can start: not just
# after a word character or "*" (words keep "*" for wildcards).
TOKEN_START = r"(?<![\w*])"
WORDISH = re.compile(r"[\w*]")


def highlight_text(text: str, terms: Iterable[str], analyzer: Any, top: int = 2) -> str:
    """The `top` best sentences of `text` holding any of `terms` (index terms: stemmed),
    marked and joined as a snippet; "" when none holds one."""
    termset = frozenset(terms)
    places = candidate_places(text, termset)
    if not places:
        return ""
    budget = Budget(places)
    units = find_units(text, budget.keep)
    matched = [
        token
        for start, end in budget.blocks
        for token in matched_tokens(text, places, start, end, termset, analyzer)
    ]
    if not matched:
        return ""
    fragments = SentenceFragmenter().fragment_units(text, units, matched)
    best = highlight.top_fragments(fragments, top, SentenceScorer(), highlight.FIRST)
    return SnippetFormatter().format(best)


def candidate_places(text: str, terms: frozenset[str]) -> list[int]:
    """Where in `text` a word stemming to one of `terms` may start (a superset), in order."""
    stems = sorted({t[: max(1, len(t) - STEM_SLACK)] for t in terms if t}, key=len)
    if not stems:
        return []
    alternatives = "|".join(map(re.escape, stems))
    pattern = re.compile(f"{TOKEN_START}(?:{alternatives})", re.IGNORECASE)
    return [found.start() for found in pattern.finditer(text)]


class Budget:
    """Which blocks to read: those holding a candidate place, until the limits are reached."""

    def __init__(self, places: list[int]) -> None:
        self.places = places
        self.blocks: list[tuple[int, int]] = []
        self.chars = 0

    def keep(self, start: int, end: int) -> bool:
        """Whether to read the block [start, end) (and if so, count it)."""
        if len(self.blocks) >= MAX_BLOCKS or self.chars >= MAX_CHARS:
            return False
        at = bisect.bisect_left(self.places, start)
        if at == len(self.places) or self.places[at] >= end:
            return False
        self.blocks.append((start, end))
        self.chars += end - start
        return True


def matched_tokens(
    text: str, places: list[int], start: int, end: int, terms: frozenset[str], analyzer: Any
) -> list[Any]:
    """The tokens of text[start:end] whose index term is one of `terms`, with offsets in
    `text`. Only the words at candidate `places` are analysed: every such token starts at one
    (see candidate_places), so the rest of the block need not be read."""
    tokenizer = getattr(analyzer, "items", [analyzer])[0]
    analyse = analysis_by(analyzer, keep_stops=True)
    found = []
    for place in places[bisect.bisect_left(places, start) : bisect.bisect_left(places, end)]:
        word = tokenizer.expression.match(text, place) if token_starts(text, place) else None
        if word is None:
            continue
        tokens = analyse(word.group())
        if tokens and tokens[0][0] in terms:
            token = Token(chars=True, text=tokens[0][0], matched=True)
            token.startchar, token.endchar = word.span()
            found.append(token)
    return found


def token_starts(text: str, at: int) -> bool:
    """Whether a token starts at `at` (one of candidate_places): not when a dot joins it to
    the word before ("a.b" is one token)."""
    return not (at >= 2 and text[at - 1] == "." and WORDISH.match(text, at - 2))
