"""One authority's figures: disclosures by year and month, outcome, exemption and topic shares,
and the median time to respond in working days, with what the register says about it.

Counts come from a search filtered to the authority (the facet counts `/api/search` and
`disclosure-search stats --by` give), so every page, export and command agrees. Only the
response time needs the records store: the index keeps the response date but not the date
the request was received.
"""

from __future__ import annotations

import re
import statistics
import threading
from collections import Counter
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from datetime import date, timedelta
from pathlib import Path
from typing import Any, TypeVar

from disclosure_search.authority_info import AuthorityInfo, find_authority_info
from disclosure_search.authority_register import slugify
from disclosure_search.errors import NotFoundError
from disclosure_search.models import SearchQuery
from disclosure_search.search import NOT_STATED, SearchIndex
from disclosure_search.workdays import working_days

# (value, number of disclosures), in the order a page shows them.
Counts = tuple[tuple[str, int], ...]
# A date received before FOI logs were kept, or a response taking longer than this, is a
# misread date (a letter's '15/09/0025'), not a response time: left out of the median.
EARLIEST_RECEIVED = date(1990, 1, 1)
LONGEST_RESPONSE = timedelta(days=731)
# A time series spanning more periods than this holds a misread date: not filled with zeros.
MAX_PERIODS = 600
_PERIOD = re.compile(r"(\d{1,4})(?:-(\d{2}))?")
T = TypeVar("T")


@dataclass(frozen=True)
class ResponseTime:
    """One disclosure's dates and the working days between them."""

    doc_id: str
    received: date
    answered: date
    working_days: int


@dataclass(frozen=True)
class AuthorityStats:
    """An authority's figures; shares are of its disclosures (a response relying on two
    exemptions counts once for each, so exemption shares may add up to more than 1)."""

    info: AuthorityInfo
    slug: str
    disclosures: int
    by_year: Counts
    by_month: Counts
    outcomes: Counts
    exemptions: Counts
    topics: Counts
    response_times: tuple[ResponseTime, ...]

    @property
    def median_working_days(self) -> float | None:
        """The median working days to respond, over disclosures with both dates known."""
        return median_days(self.response_times)

    def share(self, count: int) -> float:
        """`count` as a share of this authority's disclosures (0 when it has none)."""
        return count / self.disclosures if self.disclosures else 0.0

    def to_json(self) -> dict[str, Any]:
        """The JSON shape of /authority/<slug>.json."""

        def rows(counts: Counts, key: str) -> list[dict[str, Any]]:
            return [{key: v, "disclosures": n, "share": round(self.share(n), 4)} for v, n in counts]

        return {
            "authority": self.info.name,
            "slug": self.slug,
            "category": self.info.category or None,
            "identifiers": list(self.info.identifiers),
            "register_url_name": self.info.url_name or None,
            "nation": self.info.nation,
            "disclosures": self.disclosures,
            "by_year": [{"year": y, "disclosures": n} for y, n in self.by_year],
            "by_month": [{"month": m, "disclosures": n} for m, n in self.by_month],
            "outcomes": rows(self.outcomes, "outcome"),
            "exemptions": rows(self.exemptions, "exemption"),
            "topics": rows(self.topics, "topic"),
            "median_working_days": self.median_working_days,
            "response_times": [
                {
                    "doc_id": t.doc_id,
                    "received": t.received.isoformat(),
                    "date": t.answered.isoformat(),
                    "working_days": t.working_days,
                }
                for t in self.response_times
            ],
        }


def median_days(times: Iterable[ResponseTime]) -> float | None:
    """The median working days of some response times; None for none."""
    days = [t.working_days for t in times]
    return float(statistics.median(days)) if days else None


def time_response(
    doc_id: str, received: date | None, answered: date | None, nation: str
) -> ResponseTime | None:
    """The working days a disclosure took, when both its dates are known and plausible:
    received from EARLIEST_RECEIVED on, answered on or after it and within LONGEST_RESPONSE."""
    if received is None or answered is None or received < EARLIEST_RECEIVED:
        return None
    if not received <= answered <= received + LONGEST_RESPONSE:
        return None
    days = working_days(received, answered, nation)
    return None if days is None else ResponseTime(doc_id, received, answered, days)


_kept_lock = threading.Lock()
_kept: dict[tuple[Path, str], tuple[int, Any]] = {}


def per_generation(index: SearchIndex, build: Callable[[SearchIndex], T]) -> T:
    """`build(index)`, kept until an ingest changes the index generation."""
    key = (index.settings.index_dir, build.__qualname__)
    generation = index.generation()
    with _kept_lock:
        kept = _kept.get(key)
        if kept and kept[0] == generation:
            return kept[1]
    value = build(index)
    with _kept_lock:
        _kept[key] = (generation, value)
    return value


def _read_slugs(index: SearchIndex) -> dict[str, str]:
    slugs: dict[str, str] = {}
    for name, _ in index.breakdown("authority"):
        if name != NOT_STATED and (slug := slugify(name)):
            slugs.setdefault(slug, name)
    return slugs


def find_authority_name(index: SearchIndex, slug: str) -> str:
    """The indexed authority whose slug this is, or NotFoundError (two names with one slug:
    the one with more disclosures, which breakdown lists first)."""
    name = per_generation(index, _read_slugs).get(slug)
    if name is None:
        raise NotFoundError(f"No authority at {slug!r}: see /authorities for every authority.")
    return name


def _read_received(index: SearchIndex) -> dict[str, date | None]:
    dates: dict[str, date | None] = {}
    for doc_id, _ in index.list_disclosures():
        try:
            dates[doc_id] = index.disclosure(doc_id).received
        except NotFoundError:  # indexed by an ingest whose record has since gone
            dates[doc_id] = None
    return dates


def received_dates(index: SearchIndex) -> dict[str, date | None]:
    """doc_id -> date received, for every disclosure, read from the records once per index
    generation. (The index does not keep the date received; were it a column, this would go.)"""
    return per_generation(index, _read_received)


def read_authority_stats(index: SearchIndex, name: str) -> AuthorityStats:
    """Every figure for one authority (its exact indexed name), or NotFoundError."""
    results = index.search(SearchQuery(authority=name, limit=1), facets=True)
    if not results.total:
        raise NotFoundError(f"No disclosures from {name!r}.")
    info = find_authority_info(name)
    hits = list(index.iter_hits(SearchQuery(authority=name)))
    received = received_dates(index)
    times = [time_response(h.doc_id, received.get(h.doc_id), h.date, info.nation) for h in hits]
    facets = results.facets
    return AuthorityStats(
        info=info,
        slug=slugify(name),
        disclosures=results.total,
        by_year=fill_periods(facets.get("year", ())),
        by_month=count_months(hit.date for hit in hits),
        outcomes=facets.get("outcome", ()),
        exemptions=facets.get("exemption", ()),
        topics=facets.get("topic", ()),
        response_times=tuple(sorted((t for t in times if t), key=lambda t: t.answered)),
    )


def fill_periods(rows: Iterable[tuple[str, int]]) -> Counts:
    """(period, count) rows of years ('2024') or of months ('2024-03'), oldest first, with
    the periods between the first and the last that have none as 0: a chart of time must
    show its gaps. Labels that are no period ('(not stated)') are left out; a span of more
    than MAX_PERIODS (a misread date in it) is sorted, not filled."""
    counts: Counter[int] = Counter()
    monthly = False
    for label, count in rows:
        if match := _PERIOD.fullmatch(label):
            monthly = match[2] is not None
            counts[int(match[1]) * 12 + int(match[2]) - 1 if monthly else int(match[1])] += count
    if not counts:
        return ()
    first, last = min(counts), max(counts)
    steps = range(first, last + 1) if last - first < MAX_PERIODS else sorted(counts)
    return tuple((period_label(n, monthly), counts[n]) for n in steps)


def period_label(n: int, monthly: bool) -> str:
    """The label of fill_periods' period number `n` (a year, or year * 12 + month - 1)."""
    return f"{n // 12:04d}-{n % 12 + 1:02d}" if monthly else str(n)


def count_months(days: Iterable[date | None]) -> Counts:
    """Disclosures per 'YYYY-MM', oldest first, with the months between that have none (a
    chart of months must show the gaps); undated disclosures are left out."""
    return fill_periods((f"{d.year:04d}-{d.month:02d}", 1) for d in days if d)
