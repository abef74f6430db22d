"""Authority pages (/authority/<slug>) and the comparison of authorities (/authorities), each
also as JSON and CSV (/authority/<slug>.json, /authorities.csv, ...).

Every figure comes from disclosure_search.authority_stats / authority_compare, which count
with the same search as the results page, so the pages, their exports, /api/search facets
and `disclosure-search stats --by` agree. Errors at the .json and .csv addresses are
answered as JSON by web.errors.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import replace
from typing import Any

from flask import Blueprint, Response, render_template, request, url_for

from disclosure_search.authority_compare import (
    COLUMNS,
    DESCENDING_FIRST,
    MAX_YEAR,
    MIN_YEAR,
    AuthorityRow,
    Filters,
    categories,
    compare_authorities,
    narrow,
)
from disclosure_search.authority_register import slugify
from disclosure_search.authority_stats import (
    AuthorityStats,
    find_authority_name,
    read_authority_stats,
)
from disclosure_search.errors import InvalidQueryError
from disclosure_search.exports import csv_text
from disclosure_search.workdays import NATION_NAMES
from web.caching import cached
from web.extension import get_index
from web.feeds import download
from web.params import parse_int

bp = Blueprint("authorities", __name__)
# Any template may link an authority: {{ name|authority_slug }} ('' when it has none).
bp.add_app_template_filter(slugify, "authority_slug")

# /authority/<slug>.json and /authorities.csv: one converter for both.
FORMAT = "<any(json, csv):fmt>"
# A month chart beyond this many months is too thin to read: the year chart says it.
MAX_MONTHS = 60
CHART_ROWS = 20  # authorities in the comparison's chart; the table has them all
HEADINGS = {
    "authority": "Authority",
    "category": "Category",
    "disclosures": "Disclosures",
    "refusal_share": "Refused",
    "median_working_days": "Median working days to respond",
    "top_exemption": "Exemption relied on most",
}


@bp.get("/authority/<name>", defaults={"fmt": None})
@bp.get(f"/authority/<name>.{FORMAT}")
@cached
def authority(name: str, fmt: str | None) -> Any:
    """One authority's figures, charts and tables; `.json` and `.csv` for the same figures."""
    index = get_index()
    stats = read_authority_stats(index, find_authority_name(index, name))
    if fmt == "json":
        return stats.to_json()
    if fmt == "csv":
        return csv_download(AUTHORITY_CSV_HEADER, authority_csv_rows(stats), f"{name}.csv")
    return render_template(
        "authority.html",
        s=stats,
        nation=NATION_NAMES.get(stats.info.nation, ""),
        show_months=0 < len(stats.by_month) <= MAX_MONTHS,
        search_url=url_for("pages.search", authority=stats.info.name),
    )


@bp.get("/authorities", defaults={"fmt": None})
@bp.get(f"/authorities.{FORMAT}")
@cached
def compare(fmt: str | None) -> Any:
    """Authorities ranked by disclosures, refusal share, median working days to respond or
    the exemption they rely on most; `category`, `topic` and `year` narrow them, `sort` and
    `order` (asc|desc) order them."""
    args = {k: (request.args.get(k) or "").strip() for k in ("category", "topic", "year")}
    filters, sort, desc = read_compare_args(args, request.args)
    # One pass for every category: the menu offers those the other filters leave.
    every = compare_authorities(get_index(), replace(filters, category=None), sort, desc)
    rows = narrow(every, filters.category)
    if fmt == "json":
        return {"filters": args, "sort": sort, "order": "desc" if desc else "asc",
                "authorities": [row.to_json() for row in rows]}  # fmt: skip
    if fmt == "csv":
        return csv_download(COMPARE_CSV_HEADER, compare_csv_rows(rows), "authorities.csv")
    return render_template(
        "authorities.html",
        rows=rows,
        args=args,
        categories=categories(every),
        headings=sort_headings(args, sort, desc),
        json_url=url_for("authorities.compare", fmt="json", **clean(args), sort=sort),
        csv_url=url_for("authorities.compare", fmt="csv", **clean(args), sort=sort),
        chart_rows=[(row.authority, row.disclosures) for row in rows[:CHART_ROWS]],
    )


def parse_year(value: str) -> int | None:
    """A year from MIN_YEAR to MAX_YEAR, None for "", else InvalidQueryError saying so."""
    if not value:
        return None
    try:
        year = parse_int("year", value, 0, MAX_YEAR)
    except InvalidQueryError:
        year = 0
    if year < MIN_YEAR:
        raise InvalidQueryError(
            f"'year' must be a year from {MIN_YEAR} to {MAX_YEAR}, like 2024, not {value!r}: "
            "change it, or remove it to compare every year."
        )
    return year


def read_compare_args(args: Mapping[str, str], raw: Mapping[str, str]) -> tuple[Filters, str, bool]:
    """Filters, sort column and direction from the query string, or InvalidQueryError."""
    year = parse_year(args["year"])
    sort = raw.get("sort") or "disclosures"
    if sort not in COLUMNS:
        raise InvalidQueryError(f"Cannot sort by {sort!r}: choose one of {', '.join(COLUMNS)}.")
    order = raw.get("order") or ("desc" if sort in DESCENDING_FIRST else "asc")
    if order not in ("asc", "desc"):
        raise InvalidQueryError(f"order must be asc or desc, not {order!r}.")
    filters = Filters(args["category"] or None, args["topic"] or None, year)
    return filters, sort, order == "desc"


def clean(args: Mapping[str, str]) -> dict[str, str]:
    """Only the filters given, so links stay short."""
    return {k: v for k, v in args.items() if v}


def sort_headings(args: Mapping[str, str], sort: str, desc: bool) -> list[dict[str, Any]]:
    """Each column's heading with a link that sorts by it (again: the other way)."""
    headings = []
    for column in COLUMNS:
        current = column == sort
        if current:
            order = "asc" if desc else "desc"
        else:
            order = "desc" if column in DESCENDING_FIRST else "asc"
        url = url_for("authorities.compare", **clean(args), sort=column, order=order)
        state = ("descending" if desc else "ascending") if current else None
        headings.append({"column": column, "label": HEADINGS[column], "url": url, "sort": state})
    return headings


AUTHORITY_CSV_HEADER = ("figure", "value", "disclosures", "share")


def authority_csv_rows(stats: AuthorityStats) -> Iterable[list[Any]]:
    """One row per figure: figure, value, disclosures, share of the authority's disclosures."""
    yield ["disclosures", stats.info.name, stats.disclosures, 1.0 if stats.disclosures else 0]
    for figure, counts, shared in (
        ("year", stats.by_year, False),
        ("month", stats.by_month, False),
        ("outcome", stats.outcomes, True),
        ("exemption", stats.exemptions, True),
        ("topic", stats.topics, True),
    ):
        for value, n in counts:
            yield [figure, value, n, round(stats.share(n), 4) if shared else ""]
    median = stats.median_working_days
    yield ["median_working_days", median, len(stats.response_times), ""]


COMPARE_CSV_HEADER = tuple(AuthorityRow.__dataclass_fields__)


def compare_csv_rows(rows: Iterable[AuthorityRow]) -> Iterable[list[Any]]:
    """One row per authority, the columns of COMPARE_CSV_HEADER."""
    for row in rows:
        data = row.to_json()
        yield [data[field] for field in COMPARE_CSV_HEADER]


def csv_download(header: Iterable[str], rows: Iterable[Iterable[Any]], filename: str) -> Response:
    """Rows as a CSV file to save, every cell defused of spreadsheet formulas."""
    return download(csv_text(tuple(header), rows), "text/csv; charset=utf-8", filename)
