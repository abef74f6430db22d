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
import unicodedata
from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date
from typing import Any

from disclosure_search.authority_info import AuthorityInfo, find_authority_info
from disclosure_search.errors import NotFoundError
from disclosure_search.models import SearchQuery
from disclosure_search.search import SearchIndex
from disclosure_search.workdays import working_days

# (value, number of disclosures), in the order a page shows them.
Counts = tuple[tuple[str, int], ...]
_NOT_SLUG = re.compile(r"[^a-z0-9]+")


def slugify(name: str) -> str:
    """The authority's address on the site: 'Brighton & Hove City Council' ->
    'brighton-and-hove-city-council'. Accents and apostrophes go ("St Mary's" -> 'st-marys')
    so the slug is stable whichever way a letter spells them."""
    folded = unicodedata.normalize("NFKD", name).encode("ascii", "ignore").decode("ascii")
    folded = folded.lower().replace("&", " and ").replace("'", "")
    return _NOT_SLUG.sub("-", folded.replace("\u2019", "")).strip("-")


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
        days = [t.working_days for t in self.response_times]
        return float(statistics.median(days)) if days else None

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


def time_response(
    doc_id: str, received: date | None, answered: date | None, nation: str
) -> ResponseTime | None:
    """The working days a disclosure took, when both its dates are known and in order."""
    if received is None or answered is None:
        return None
    days = working_days(received, answered, nation)
    return None if days is None else ResponseTime(doc_id, received, answered, days)


def find_authority_name(index: SearchIndex, slug: str) -> str:
    """The indexed authority whose slug this is, or NotFoundError (two names with one slug:
    the one with more disclosures, which breakdown lists first)."""
    for name, _ in index.breakdown("authority"):
        if slugify(name) == slug:
            return name
    raise NotFoundError(f"No authority at {slug!r}: see /authorities for every authority.")


def read_authority_stats(index: SearchIndex, name: str) -> AuthorityStats:
    """Every figure for one authority (its exact indexed name), or NotFoundError."""
    results = index.search(SearchQuery(authority=name, limit=1), facets=True)
    if not results.total:
        raise NotFoundError(f"No disclosures from {name!r}.")
    info = find_authority_info(name)
    hits = list(index.iter_hits(SearchQuery(authority=name)))
    # Only the authority's own records are read, and only for the date received.
    records = (index.disclosure(hit.doc_id) for hit in hits)
    times = [time_response(r.doc_id, r.received, r.date, info.nation) for r in records]
    facets = results.facets
    return AuthorityStats(
        info=info,
        slug=slugify(name),
        disclosures=results.total,
        by_year=tuple(sorted(facets.get("year", ()))),
        by_month=count_months(hit.date for hit in hits),
        outcomes=facets.get("outcome", ()),
        exemptions=facets.get("exemption", ()),
        topics=facets.get("topic", ()),
        response_times=tuple(sorted((t for t in times if t), key=lambda t: t.answered)),
    )


def count_months(days: Iterable[date | None]) -> Counts:
    """Disclosures per 'YYYY-MM', oldest first, with the months between that have none (a
    chart of months must show the gaps); undated disclosures are left out."""
    counts = Counter((d.year, d.month) for d in days if d)
    if not counts:
        return ()
    (year, month), last = min(counts), max(counts)
    months = []
    while (year, month) <= last:
        months.append((f"{year:04d}-{month:02d}", counts.get((year, month), 0)))
        year, month = (year + 1, 1) if month == 12 else (year, month + 1)
    return tuple(months)
