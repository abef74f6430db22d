"""The query-language tree (querylang) -> a query on this index, bounded in size (Whoosh's,
or tantivy's through tantivy_query).

Field values are checked against the index's own vocabulary, so `topic:helth` is answered
with "did you mean health?" rather than silence. Wildcards are expanded here, against the
index words, to at most MAX_EXPANSIONS words each (the most common ones), so `a*` on a
large index costs a bounded Or, not thousands of postings.
"""

from __future__ import annotations

import difflib
import heapq
import re
from datetime import date, datetime, time
from typing import Any

from whoosh import query

from disclosure_search import schema as S
from disclosure_search.models import SearchQuery
from disclosure_search.querynodes import AllOf, DateSpan, Field, Node, Not, Phrase, Word
from disclosure_search.queryvalues import normalise_exemption, normalise_outcome, normalise_topic
from disclosure_search.refs import normalise_request_id
from disclosure_search.synonyms import Idea

MAX_EXPANSIONS = 50
MAX_TOTAL_EXPANSIONS = 300
# Index words looked at for one wildcard, however many start with its prefix.
MAX_SCAN = 5000
MIN_PREFIX = 2
_WILDCARD = re.compile(r"[*?]")

FIELD_NAMES = {
    "topic": (S.TOPICS, "topic"),
    "exemption": (S.EXEMPTIONS, "exemption"),
    "outcome": (S.OUTCOME, "outcome"),
    "format": (S.FORMAT, "format"),
}


class WhooshQueries:
    """How QueryBuilder writes queries for Whoosh (tantivy_query.TantivyQueries writes the
    same for tantivy): the one place the builder names an engine's query classes."""

    def term(self, field: str, text: str) -> query.Query:
        return query.Term(field, text)

    def phrase(self, field: str, terms: list[str]) -> query.Query:
        return query.Phrase(field, terms)

    def any_of(self, parts: list[Any]) -> query.Query:
        return query.Or(parts)

    def all_of(self, parts: list[Any]) -> query.Query:
        return query.And(parts)

    def not_(self, inner: Any) -> query.Query:
        return query.Not(inner)

    def prefix(self, field: str, text: str) -> query.Query:
        return query.Prefix(field, text)

    def nothing(self) -> query.Query:
        return query.NullQuery

    def date_range(self, span: DateSpan) -> query.Query:
        return date_range(span)


WHOOSH = WhooshQueries()


class QueryBuilder:
    """Builds queries for one searcher (Whoosh's, or an engine's given as `queries`);
    collects hints and the words to highlight. The searcher gives the index vocabulary
    (`reader()`: doc_frequency, expand_prefix, lexicon) and the analyzers (`schema`)."""

    def __init__(self, searcher: Any, queries: Any = WHOOSH) -> None:
        self.q = queries
        self.reader = searcher.reader()
        self.schema = searcher.schema
        self.analyzer = self.schema[S.BODY].analyzer
        self.hints: list[str] = []
        self.body_terms: list[str] = []
        self.expansions_left = MAX_TOTAL_EXPANSIONS

    def build(self, node: Node | None, positive: bool = True) -> query.Query | None:
        """The Whoosh query for `node`; None when nothing searchable is left in it."""
        if node is None:
            return None
        if isinstance(node, Word):
            return self.word(node.text, positive)
        if isinstance(node, Phrase):
            return self.text_query(self.analyze(node.text), positive)
        if isinstance(node, Field):
            return self.field(node.name, node.value)
        if isinstance(node, DateSpan):
            return self.q.date_range(node)
        if isinstance(node, Not):
            inner = self.build(node.node, positive=not positive)
            return self.q.not_(inner) if inner is not None else None
        parts = [p for p in (self.build(n, positive) for n in node.nodes) if p is not None]
        if not parts:
            return None
        kind = self.q.all_of if isinstance(node, AllOf) else self.q.any_of
        return parts[0] if len(parts) == 1 else kind(parts)

    def params(self, q: SearchQuery) -> list[query.Query]:
        """The filters given as form fields (facet links and the filter boxes), but dates."""
        fields = [
            ("authority", q.authority),
            ("topic", q.topic and normalise_topic(q.topic)),
            ("exemption", q.exemption and normalise_exemption(q.exemption)),
            ("outcome", q.outcome and normalise_outcome(q.outcome)),
            ("format", q.format and q.format.strip().lower()),
            ("id", q.request_id),
        ]
        # The form's dates are not a query: the collector checks them (see `day_span`).
        return [self.field(name, value.strip()) for name, value in fields if value]

    def analyze(self, text: str) -> list[str]:
        """The index terms for `text` (lower case, stemmed, stop words dropped)."""
        return [token.text for token in self.analyzer(text, mode="query")]

    def word(self, text: str, positive: bool) -> query.Query | None:
        """A typed word: its terms, or its wildcard expansion."""
        if _WILDCARD.search(text):
            return self.wildcard(text, positive)
        return self.text_query(self.analyze(text), positive)

    def text_query(self, terms: list[str], positive: bool) -> query.Query | None:
        """Title or body; several terms (a phrase, or 'covid-19') must be adjacent."""
        if not terms:
            return None
        if positive:
            self.body_terms.extend(terms)
        if len(terms) == 1:
            return self.q.any_of([self.q.term(S.TITLE, terms[0]), self.q.term(S.BODY, terms[0])])
        return self.q.any_of([self.q.phrase(S.TITLE, terms), self.q.phrase(S.BODY, terms)])

    def idea_group(self, idea: Idea) -> tuple[query.Query, frozenset] | None:
        """A plain-word idea as one "should" group: its query over title, text and authority
        name (and every phrase and the metadata its entry lists), with the (field, term)
        pairs whose match means the idea matched. None for words that leave no index term."""
        parts: list[query.Query] = []
        keys: set[tuple[str, str]] = set()
        for text in (idea.text, *idea.alternatives):
            terms = self.analyze(text)
            # Highlight the words typed and one-word synonyms: the single words of a longer
            # synonym ('would not provide') would light up all over the text.
            marked = text == idea.text or len(terms) == 1
            if built := self.text_query(terms, positive=marked):
                parts.append(built)
                keys |= {(f, t) for t in terms for f in (S.TITLE, S.BODY)}
        names = [t.text for t in self.schema[S.AUTHORITY_TEXT].analyzer(idea.text)]
        parts += [self.q.term(S.AUTHORITY_TEXT, n) for n in names]
        keys |= {(S.AUTHORITY_TEXT, n) for n in names}
        for field, value in self.entry_values(idea):
            parts.append(self.q.term(field, value))
            keys.add((field, value))
        if not parts:
            return None
        return (parts[0] if len(parts) == 1 else self.q.any_of(parts)), frozenset(keys)

    def holds_any(self, keys: frozenset) -> bool:
        """Whether any document holds one of a group's (field, term) pairs."""
        return any(self.reader.doc_frequency(field, term) for field, term in keys)

    def entry_values(self, idea: Idea) -> list[tuple[str, str]]:
        """The metadata an idea stands for, as indexed values: an exemption and each of its
        subsections ('s40' -> s40, s40(2)), an outcome."""
        entry = idea.entry
        found: list[tuple[str, str]] = []
        if entry and entry.exemption:
            for term in self.reader.expand_prefix(S.EXEMPTIONS, entry.exemption):
                value = term.decode("utf-8")
                if value == entry.exemption or value.startswith(entry.exemption + "("):
                    found.append((S.EXEMPTIONS, value))
        if entry and entry.outcome:
            found.append((S.OUTCOME, entry.outcome))
        return found

    def wildcard(self, text: str, positive: bool) -> query.Query | None:
        """The most common index words matching `text` (* any letters, ? one letter)."""
        pattern = text.lower().lstrip("*?")
        prefix = _WILDCARD.split(pattern, 1)[0]
        if len(prefix) < MIN_PREFIX:
            self.hints.append(
                f"“{text}” needs at least {MIN_PREFIX} letters before * or ?, so it was left out."
            )
            return None
        if pattern != text.lower():
            self.hints.append(f"A word cannot start with * or ?: “{text}” was read as “{pattern}”.")
        as_written = S.WORDS in self.schema.names()  # indexes made before it: stems only
        matches, crowded = self.expand(pattern, prefix, as_written)
        if crowded:
            self.hints.append(
                f"“{text}” matches too many words; the {len(matches)} most common were "
                "searched. Add letters to narrow it."
            )
        if not matches:
            return self.q.nothing()
        if positive:  # highlighted in the stemmed text
            self.body_terms.extend(t for m in matches for t in self.analyze(m))
        if as_written:
            return self.q.any_of([self.q.term(S.WORDS, t) for t in matches])
        return self.q.any_of([self.q.term(f, t) for t in matches for f in (S.TITLE, S.BODY)])

    def expand(self, pattern: str, prefix: str, as_written: bool) -> tuple[list[str], bool]:
        """(index words matching the pattern, most common first; whether some were dropped):
        words as written where the index has them, else stems (older indexes)."""
        regex = re.compile(".*".join(re.escape(p).replace(r"\?", ".") for p in pattern.split("*")))
        field = S.WORDS if as_written else S.BODY
        stems = {prefix}
        if pattern.endswith("*") and not as_written:
            stems |= set(self.analyze(prefix))
        found: set[str] = set()
        crowded = False
        for start in stems:
            for scanned, term in enumerate(self.reader.expand_prefix(field, start)):
                if scanned >= MAX_SCAN:
                    crowded = True
                    break
                word = term.decode("utf-8")
                if word.startswith(start) and (start != prefix or regex.fullmatch(word)):
                    found.add(word)
        cap = max(0, min(MAX_EXPANSIONS, self.expansions_left))
        frequency = self.reader.doc_frequency
        best = heapq.nlargest(cap, sorted(found), key=lambda w: frequency(field, w))
        self.expansions_left -= len(best)
        return best, crowded or len(found) > len(best)

    def field(self, name: str, value: str) -> query.Query:
        """A prefix filter; values not in the index get a hint naming the close ones."""
        if name == "authority":
            return self.authority(value)
        if name == "id":
            norm = normalise_request_id(value) or ""
            ref = [self.q.term(S.REQUEST_ID_NORM, norm), self.q.term(S.RELATED_NORM, norm)]
            return self.q.any_of(ref)
        fieldname, label = FIELD_NAMES[name]
        self.check_known(fieldname, label, value)
        if name == "exemption":  # s40 means every part of section 40
            return self.q.any_of(
                [self.q.term(fieldname, value), self.q.prefix(fieldname, value + "(")]
            )
        if name == "format":  # html means html pages and html log tables
            return self.q.any_of(
                [self.q.term(fieldname, value), self.q.prefix(fieldname, value + "-")]
            )
        return self.q.term(fieldname, value)

    def authority(self, value: str) -> query.Query:
        """The exact name (a facet link), else all its words (typed: 'coventry')."""
        if self.reader.doc_frequency(S.AUTHORITY, value):
            return self.q.term(S.AUTHORITY, value)
        analyzer = self.schema[S.AUTHORITY_TEXT].analyzer
        words = [self.q.term(S.AUTHORITY_TEXT, t.text) for t in analyzer(value)]
        return self.q.all_of(words) if words else self.q.nothing()

    def check_known(self, fieldname: str, label: str, value: str) -> None:
        """Hint when no indexed value is, or starts like, `value`."""
        known = [t.decode("utf-8") for t in self.reader.lexicon(fieldname)]
        if any(k == value or k.startswith((value + "(", value + "-")) for k in known):
            return
        close = difflib.get_close_matches(value, known, n=3, cutoff=0.6)
        advice = f"did you mean {' or '.join(close)}?" if close else f"{label}s here: "
        if not close:
            advice += ", ".join(known[:15]) + (", …" if len(known) > 15 else "")
        self.hints.append(f"No disclosure has the {label} “{value}”: {advice}")


def date_range(span: DateSpan) -> query.Query:
    """The response-date range of a DateSpan (either end open)."""
    start = datetime.combine(span.first, time.min) if span.first else None
    end = datetime.combine(span.last, time.max) if span.last else None
    return query.DateRange(S.DATE, start, end)


# The largest DAY a dated disclosure can have (parts read back as 2**31 - 1).
LAST_DAY = date.max.toordinal()


def day_span(q: SearchQuery) -> tuple[int, int] | None:
    """The form's response-date range as inclusive DAY ordinals; None without dates.
    Undated disclosures (DAY 0) fall outside any span, as they fall outside a DateRange."""
    if not (q.date_from or q.date_to):
        return None
    first = q.date_from.toordinal() if q.date_from else 1
    return first, q.date_to.toordinal() if q.date_to else LAST_DAY
