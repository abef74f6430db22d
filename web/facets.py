"""Facet counts, active filters and sort choices as links that change the current search."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass

from flask import url_for

from disclosure_search.models import Facets
from disclosure_search.querylang import parse_query
from disclosure_search.querynodes import DateSpan, render, without_span
from web.params import url_args

LABELS = {
    "authority": "Authority",
    "topic": "Topic",
    "year": "Year",
    "exemption": "Exemption",
    "outcome": "Outcome",
    "format": "Format",
}
# Form fields that hold a filter, with the label shown for them when active.
FILTER_FIELDS = {
    "authority": "Authority",
    "topic": "Topic",
    "exemption": "Exemption",
    "outcome": "Outcome",
    "format": "Format",
    "request_id": "Request ID",
    "from": "From",
    "to": "To",
}
SHOWN = 10
SORT_LABELS = {"relevance": "Relevance", "newest": "Newest first", "oldest": "Oldest first"}


@dataclass(frozen=True)
class FacetLink:
    """One facet value: its count and the link that adds (or removes) it."""

    value: str
    count: int
    url: str
    active: bool


@dataclass(frozen=True)
class FacetGroup:
    """One facet's heading and its links."""

    name: str
    label: str
    links: tuple[FacetLink, ...]
    more: tuple[FacetLink, ...] = ()  # past the first SHOWN, folded until asked for


@dataclass(frozen=True)
class ActiveFilter:
    """A filter in force and the link that removes it."""

    label: str
    value: str
    remove_url: str


@dataclass(frozen=True)
class SortLink:
    """One sort order and the link to it."""

    label: str
    url: str
    current: bool


def search_url(form: Mapping[str, str], **changes: str) -> str:
    """The search page for `form` with `changes` applied, from page 1."""
    return url_for("pages.search", **url_args(form, 1, **changes))


def build_facet_groups(form: Mapping[str, str], facets: Facets) -> list[FacetGroup]:
    """The top values of each facet; a link adds that filter, or removes it when active."""
    groups = []
    for name, label in LABELS.items():
        values = facets.get(name, ())
        links = tuple(facet_link(form, name, value, count) for value, count in values)
        if links:
            groups.append(FacetGroup(name, label, links[:SHOWN], links[SHOWN:]))
    return groups


def facet_link(form: Mapping[str, str], name: str, value: str, count: int) -> FacetLink:
    """The link for one value; a year sets from/to, others their own field."""
    if name == "year":
        first, last = f"{value}-01-01", f"{value}-12-31"
        active = form.get("from") == first and form.get("to") == last
        changes = {"from": "", "to": ""} if active else {"from": first, "to": last}
    else:
        active = form.get(name, "").lower() == value.lower()
        changes = {name: "" if active else value}
    return FacetLink(value, count, search_url(form, **changes), active)


def find_active_filters(form: Mapping[str, str]) -> list[ActiveFilter]:
    """Filters from form fields and from prefixes typed in the query, each removable."""
    found = []
    year = whole_year(form)
    if year:
        found.append(ActiveFilter("Year", year, search_url(form, **{"from": "", "to": ""})))
    for name, label in FILTER_FIELDS.items():
        if form.get(name) and not (year and name in ("from", "to")):
            found.append(ActiveFilter(label, form[name], search_url(form, **{name: ""})))
    text = form.get("q", "")
    for clause in parse_query(text).filters:
        name = "Date" if isinstance(clause, DateSpan) else clause.name.capitalize()
        shown = render(clause).split(":", 1)[1].strip('"')
        remaining = without_span(text, clause.start, clause.end)
        found.append(ActiveFilter(name, shown, search_url(form, q=remaining)))
    return found


def whole_year(form: Mapping[str, str]) -> str | None:
    """'2024' when the date filters cover exactly that calendar year."""
    first, last = form.get("from", ""), form.get("to", "")
    if first[:4] == last[:4] and first[4:] == "-01-01" and last[4:] == "-12-31":
        return first[:4]
    return None


def build_sort_links(form: Mapping[str, str], current: str, has_words: bool) -> list[SortLink]:
    """Relevance (only when there are words to rank by), newest and oldest."""
    choices = [s for s in SORT_LABELS if has_words or s != "relevance"]
    return [SortLink(SORT_LABELS[s], search_url(form, sort=s), s == current) for s in choices]
