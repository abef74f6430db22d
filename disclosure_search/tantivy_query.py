"""The query language on tantivy: how QueryBuilder's queries are written for tantivy, and the
index vocabulary (terms, their document counts, analyzers) it checks words against.

The builder (querybuild.QueryBuilder) is the same for both engines: it asks `TantivyQueries`
for terms, phrases, AND/OR/NOT, prefixes and date ranges, and `TantivyVocabulary` for the
words of the index, so wildcard caps, field hints and highlighting words are the same.
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import tantivy

from disclosure_search import schema as S
from disclosure_search.analysis import whoosh_schema
from disclosure_search.querybuild import LAST_DAY
from disclosure_search.querynodes import DateSpan
from disclosure_search.spelling import edit_distance

MUST, SHOULD, MUST_NOT = tantivy.Occur.Must, tantivy.Occur.Should, tantivy.Occur.MustNot
# Characters with a meaning in tantivy's regular expressions.
_REGEX_SPECIAL = set(r"\.+*?()|[]{}^$#&-~")


class TantivyQueries:
    """QueryBuilder's query vocabulary (see querybuild.WhooshQueries) for tantivy."""

    def __init__(self, schema: tantivy.Schema) -> None:
        self.schema = schema

    def term(self, field: str, text: str) -> tantivy.Query:
        found = tantivy.Query.term_query(self.schema, field, text)
        # Whoosh's TITLE field_boost: a title word counts as much as three in the text.
        return tantivy.Query.boost_query(found, S.TITLE_BOOST) if field == S.TITLE else found

    def phrase(self, field: str, terms: list[str]) -> tantivy.Query:
        found = tantivy.Query.phrase_query(self.schema, field, terms)
        return tantivy.Query.boost_query(found, S.TITLE_BOOST) if field == S.TITLE else found

    def any_of(self, parts: list[Any]) -> tantivy.Query:
        return tantivy.Query.boolean_query([(SHOULD, p) for p in parts])

    def all_of(self, parts: list[Any]) -> tantivy.Query:
        return tantivy.Query.boolean_query([(MUST, p) for p in parts])

    def not_(self, inner: Any) -> tantivy.Query:
        # A query of only MustNot clauses matches nothing in tantivy: everything but `inner`.
        return tantivy.Query.boolean_query([(MUST, tantivy.Query.all_query()), (MUST_NOT, inner)])

    def prefix(self, field: str, text: str) -> tantivy.Query:
        escaped = "".join("\\" + c if c in _REGEX_SPECIAL else c for c in text)
        return tantivy.Query.regex_query(self.schema, field, escaped + ".*")

    def nothing(self) -> tantivy.Query:
        return tantivy.Query.empty_query()

    def date_range(self, span: DateSpan) -> tantivy.Query:
        return self.day_range(
            span.first.toordinal() if span.first else 1,
            span.last.toordinal() if span.last else LAST_DAY,
        )

    def day_range(self, first: int, last: int) -> tantivy.Query:
        """Disclosures dated from day `first` to day `last` (ordinals, both included):
        undated ones (day 0) are outside every range, as in Whoosh's DateRange."""
        return tantivy.Query.range_query(
            self.schema, S.DAY, tantivy.FieldType.Integer, max(1, first), last
        )

    def filter(self, inner: Any) -> tantivy.Query:
        """`inner` as a filter: it narrows the matches and adds nothing to their scores."""
        return tantivy.Query.const_score_query(inner, 0.0)


class TantivyVocabulary:
    """The index words of one tantivy searcher, in the shape QueryBuilder and the spelling
    corrector read from a Whoosh searcher and its reader (terms as UTF-8 bytes, analyzers
    from the shared Whoosh schema)."""

    def __init__(self, searcher: tantivy.Searcher) -> None:
        self.searcher = searcher
        self.schema = whoosh_schema()

    def reader(self) -> TantivyVocabulary:
        return self

    def doc_frequency(self, field: str, term: str | bytes) -> int:
        """Documents holding `term` (deleted ones may still count, as in Whoosh)."""
        text = term.decode("utf-8") if isinstance(term, bytes) else term
        return self.searcher.doc_freq(field, text)

    def expand_prefix(self, field: str, prefix: str) -> Iterator[bytes]:
        """Index terms of `field` starting with `prefix` (most common first)."""
        for term, _ in self.searcher.terms_with_prefix(field, prefix):
            yield term.encode("utf-8")

    def lexicon(self, field: str) -> Iterator[bytes]:
        """Every index term of `field`, in order."""
        for term, _ in sorted(self.searcher.terms_with_prefix(field, "")):
            yield term.encode("utf-8")

    def terms_within(self, field: str, text: str, maxdist: int, prefix: int = 0) -> list[str]:
        """Index terms at most `maxdist` edits from `text`, sharing its first `prefix` letters."""
        found = self.searcher.terms_with_prefix(field, text[:prefix])
        return [
            term
            for term, _ in found
            if abs(len(term) - len(text)) <= maxdist and edit_distance(term, text) <= maxdist
        ]
