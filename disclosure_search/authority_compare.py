"""Authorities ranked side by side: disclosures, refusal share, median working days to
respond and the exemption relied on most, for everything or one category, topic or year.

One pass over the matching disclosures (the same search the results page runs, so the
counts agree with its facets and with `disclosure-search stats --by authority`); the dates
received come from the records store, read once per index generation and kept.
"""

from __future__ import annotations

from collections import Counter, defaultdict
from collections.abc import Iterable
from dataclasses import asdict, dataclass
from datetime import date
from typing import Any

from disclosure_search.authority_info import find_authority_info
from disclosure_search.authority_register import slugify
from disclosure_search.authority_stats import median_days, received_dates, time_response
from disclosure_search.errors import InvalidQueryError
from disclosure_search.models import SearchHit, SearchQuery
from disclosure_search.search import SearchIndex

REFUSED = "refused"
COLUMNS = (
    "authority",
    "category",
    "disclosures",
    "refusal_share",
    "median_working_days",
    "top_exemption",
)
# Columns a reader expects biggest first when first sorted by them.
DESCENDING_FIRST = {"disclosures", "refusal_share", "median_working_days"}
# The years a comparison may be narrowed to.
MIN_YEAR, MAX_YEAR = 1900, 2100


@dataclass(frozen=True)
class AuthorityRow:
    """One authority's line in the comparison."""

    authority: str
    slug: str
    category: str
    nation: str
    disclosures: int
    refused: int
    refusal_share: float
    timed: int  # disclosures with both dates known
    median_working_days: float | None
    top_exemption: str | None
    top_exemption_count: int

    def to_json(self) -> dict[str, Any]:
        row = asdict(self)
        row["refusal_share"] = round(self.refusal_share, 4)
        return row


@dataclass(frozen=True)
class Filters:
    """What the comparison is narrowed to; None is everything."""

    category: str | None = None
    topic: str | None = None
    year: int | None = None

    def __post_init__(self) -> None:
        if self.year is not None and not MIN_YEAR <= self.year <= MAX_YEAR:
            raise InvalidQueryError(
                f"year must be from {MIN_YEAR} to {MAX_YEAR}, like 2024, not {self.year}."
            )

    def query(self) -> SearchQuery:
        """The search whose matches are compared (category is a register fact, applied after)."""
        if self.year is None:
            return SearchQuery(topic=self.topic)
        first, last = date(self.year, 1, 1), date(self.year, 12, 31)
        return SearchQuery(topic=self.topic, date_from=first, date_to=last)


def compare_authorities(
    index: SearchIndex, filters: Filters = Filters(), sort: str = "disclosures", desc: bool = True
) -> tuple[AuthorityRow, ...]:
    """Every authority with a matching disclosure, sorted by a COLUMNS name; authorities
    lacking the figure (no timed disclosure, no exemption) come last either way."""
    if sort not in COLUMNS:
        raise InvalidQueryError(f"Cannot sort by {sort!r}: choose one of {', '.join(COLUMNS)}.")
    received = received_dates(index)
    by_authority: dict[str, list[SearchHit]] = defaultdict(list)
    for hit in index.iter_hits(filters.query()):
        if hit.authority:
            by_authority[hit.authority].append(hit)
    rows = [build_row(name, hits, received) for name, hits in by_authority.items()]
    return narrow(sort_rows(rows, sort, desc), filters.category)


def narrow(rows: Iterable[AuthorityRow], category: str | None) -> tuple[AuthorityRow, ...]:
    """The rows of one category (all of them for None), in the order given."""
    return tuple(row for row in rows if not category or row.category == category)


def build_row(name: str, hits: list[SearchHit], received: dict[str, date | None]) -> AuthorityRow:
    """One authority's figures from its matching hits."""
    info = find_authority_info(name)
    refused = sum(1 for hit in hits if hit.outcome == REFUSED)
    exemptions = Counter(e for hit in hits for e in hit.exemptions)
    # Most used first; a tie goes to the lower section, as the facets order it.
    top = min(exemptions.items(), key=lambda item: (-item[1], item[0]), default=(None, 0))
    found = (time_response(h.doc_id, received.get(h.doc_id), h.date, info.nation) for h in hits)
    times = [t for t in found if t is not None]
    return AuthorityRow(
        authority=name,
        slug=slugify(name),
        category=info.category,
        nation=info.nation,
        disclosures=len(hits),
        refused=refused,
        refusal_share=refused / len(hits),
        timed=len(times),
        median_working_days=median_days(times),
        top_exemption=top[0],
        top_exemption_count=top[1],
    )


def sort_rows(rows: Iterable[AuthorityRow], sort: str, desc: bool) -> tuple[AuthorityRow, ...]:
    """Rows by one column, ties by name; a missing figure last whichever the direction."""
    rows = list(rows)
    known = [r for r in rows if getattr(r, sort) not in (None, "")]
    missing = [r for r in rows if getattr(r, sort) in (None, "")]
    known.sort(key=lambda r: r.authority)
    known.sort(key=lambda r: getattr(r, sort), reverse=desc)
    missing.sort(key=lambda r: r.authority)
    return (*known, *missing)


def categories(rows: Iterable[AuthorityRow]) -> tuple[str, ...]:
    """The categories present, for a filter menu."""
    return tuple(sorted({r.category for r in rows if r.category}))
