"""The collectors a search runs: over disclosures only (parts and questions are passed
over before they are scored), within the form's day span, counting loose word groups.

Which documents are disclosures, and every document's DAY, are read once per index
generation (searchers are kept between searches), so a search checks a match
with a set lookup instead of ANDing its query with kind:disclosure, which costs a skip for
every part and question the words also match.
"""

from __future__ import annotations

import dataclasses
import weakref
from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass
from itertools import chain
from typing import Any

from whoosh import collectors, query

from disclosure_search import schema as S

ONLY_DISCLOSURES = query.Term(S.KIND, S.KIND_DISCLOSURE)


@dataclass(frozen=True)
class Disclosures:
    """What the collectors check a match against: which documents are disclosures (not
    parts or questions), and every document's DAY."""

    docnums: frozenset[int]
    days: list[int]


# Per index object (every searcher of one generation shares it) and generation read.
_DISCLOSURES: weakref.WeakKeyDictionary[Any, dict[Any, Disclosures]] = weakref.WeakKeyDictionary()


def disclosure_docs(searcher: Any) -> Disclosures:
    """The disclosures of the index generation a searcher reads, read once per generation."""
    owner = getattr(searcher, "_ix", None) or searcher  # the index it was opened from
    generation = searcher.reader().generation()
    known = _DISCLOSURES.setdefault(owner, {})
    found = known.get(generation)
    if found is None:
        docnums = frozenset(searcher.docs_for_query(ONLY_DISCLOSURES))
        found = Disclosures(docnums, list(searcher.reader().column_reader(S.DAY)))
        known.clear()  # an index object is read at one generation, now and then two
        known[generation] = found
    return found


class DisclosuresOnly:
    """Collector mixin: a match that is not a disclosure (a part or a question), or is
    outside the day span, is passed over before it is scored."""

    allowed: Disclosures = Disclosures(frozenset(), [])
    days: tuple[int, int] | None = None
    offset: int

    def collect(self, sub_docnum: int) -> Any:
        docnum = self.offset + sub_docnum
        if docnum not in self.allowed.docnums:
            return None
        if self.days and not self.days[0] <= self.allowed.days[docnum] <= self.days[1]:
            return None
        return super().collect(sub_docnum)  # type: ignore[misc]


class SortedDisclosures(DisclosuresOnly, collectors.SortingCollector):
    """Whoosh's SortingCollector over disclosures only."""


class CountingTopCollector(DisclosuresOnly, collectors.TopCollector):
    """The top N by score that also keeps every match, for the exact total and facets.

    With word groups (a loose query: `holders` gives the documents holding each word), a
    document counts only if it holds at least `min_groups` of them, and one holding every
    group ranks above any that does not."""

    def __init__(self, limit: int, holders: Sequence[set[int]] = (), min_groups: int = 0):
        # Block-quality skipping and matcher replacement (which turns an OR into an AND once
        # one word alone cannot reach the top N) would miss matches the total must count.
        super().__init__(limit=limit, usequality=False, replace=0)
        self.groups = holders
        self.min_groups = min_groups
        self.partial_matches = 0

    def _collect(self, global_docnum: int, score: float) -> float:
        if self.groups:
            # Set lookups, not the matcher's matching terms: walking the matcher tree for
            # every match cost more than scoring it.
            held = sum(1 for docs in self.groups if global_docnum in docs)
            if held < self.min_groups:
                return score
            if held < len(self.groups):
                self.partial_matches += 1
            else:
                score += ALL_WORDS_BONUS
        self.docset.add(global_docnum)
        return super()._collect(global_docnum, score)


# Added to the score of a document holding every plain word, so it ranks above all that don't.
ALL_WORDS_BONUS = 1e6


def holding(disclosures: Disclosures, holders: Sequence[set[int]], least: int) -> Disclosures:
    """`disclosures` narrowed to those in at least `least` of the `holders` sets: counted
    with sets beforehand, so that matches holding too few words are never scored."""
    counts = Counter(chain.from_iterable(holders))
    enough = frozenset(n for n, held in counts.items() if held >= least)
    return dataclasses.replace(disclosures, docnums=disclosures.docnums & enough)
