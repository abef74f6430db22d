"""Facet counts (authority, topic, year, exemption, outcome, format) for a set of matches.

A FacetTable holds every document's facet values, read once per index generation: the
single-valued facets from their sortable columns (never from stored fields), the
multi-valued ones (topics, exemptions) from the term index, whose vocabularies are small.
Counting a result set is then one pass over its document numbers.
"""

from __future__ import annotations

import functools
import tomllib
from collections import Counter
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import date
from itertools import chain
from typing import Any

from disclosure_search import schema as S
from disclosure_search.config import DATA_DIR
from disclosure_search.models import Facets

FACETS = ("authority", "topic", "year", "exemption", "outcome", "format")
COLUMNS = {"authority": S.AUTHORITY, "outcome": S.OUTCOME, "format": S.FORMAT}
TERM_FIELDS = {"topic": S.TOPICS, "exemption": S.EXEMPTIONS}
FACET_LIMIT = 50
_NO_DAY = (0, 2**31 - 1)  # undated disclosures, and part documents, which have no day


@dataclass(frozen=True)
class FacetTable:
    """Per document number: a value (or "") for each single-valued facet, a tuple for each
    multi-valued one."""

    generation: int
    single: dict[str, list[str]]
    multi: dict[str, list[tuple[str, ...]]]


def read_facet_table(reader: Any) -> FacetTable:
    """Every document's facet values (cost: one pass over columns and facet postings)."""
    size = reader.doc_count_all()
    single = {name: list(read_column(reader, field)) for name, field in COLUMNS.items()}
    single["year"] = [year_of(day) for day in read_column(reader, S.DAY)]
    multi: dict[str, list[tuple[str, ...]]] = {}
    for name, field in TERM_FIELDS.items():
        values: list[tuple[str, ...]] = [()] * size
        for term in reader.lexicon(field):
            text = term.decode("utf-8")
            for docnum in reader.postings(field, term).all_ids():
                values[docnum] = (*values[docnum], text)
        multi[name] = values
    return FacetTable(reader.generation(), single, multi)


def read_column(reader: Any, field: str) -> Sequence[Any]:
    """The column of a sortable field, indexed by document number; empty for an empty index
    (Whoosh's reader of an index with no segments has no columns at all)."""
    return reader.column_reader(field) if reader.has_column(field) else ()


def year_of(day: int) -> str:
    """'2024' for a day ordinal; '' for undated disclosures and parts."""
    return "" if day in _NO_DAY else str(date.fromordinal(day).year)


def count_facets(
    table: FacetTable, docnums: Iterable[int], limit: int | None = FACET_LIMIT
) -> Facets:
    """(value, count) per facet, most common first (years newest first), `limit` per facet
    (None: every value)."""
    docnums = list(docnums)
    # map() and Counter count in C: a loop per document and facet costs ten times more.
    counters: dict[str, Counter] = {name: Counter() for name in FACETS}
    for name, values in table.single.items():
        counters[name] = Counter(map(values.__getitem__, docnums))
    for name, many in table.multi.items():
        counters[name] = Counter(chain.from_iterable(map(many.__getitem__, docnums)))
    return rank_facets(counters, limit)


def rank_facets(counters: dict[str, Counter], limit: int | None = FACET_LIMIT) -> Facets:
    """Counts per facet value as (value, count), most common first (years newest first),
    `limit` per facet (None: every value); the empty value is nobody's."""
    facets: Facets = {}
    for name in FACETS:
        counts = counters[name]
        counts.pop("", None)
        if name == "year":
            ranked = sorted(counts.items(), reverse=True)
        else:
            ranked = sorted(counts.items(), key=lambda item: (-item[1], item[0]))
        facets[name] = tuple(ranked[:limit])
    return facets


@functools.cache
def topic_labels() -> dict[str, str]:
    """Topic slug -> the taxonomy's label ("it-systems" -> "IT systems"); {} without one."""
    try:
        with (DATA_DIR / "topics.toml").open("rb") as handle:
            taxonomy = tomllib.load(handle)
    except (OSError, tomllib.TOMLDecodeError):
        return {}
    return {slug: str(t.get("label", slug)) for slug, t in taxonomy.items() if isinstance(t, dict)}
