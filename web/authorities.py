"""Authority pages (/authority/<slug>) and the comparison of authorities (/authorities), each
also as JSON and CSV (/authority/<slug>.json, /authorities.csv, ...).

Every figure comes from disclosure_search.authority_stats / authority_compare, which count
with the same search as the results page, so the pages, their exports, /api/search facets
and `disclosure-search stats --by` agree.
"""

from __future__ import annotations

import csv
import io
from collections.abc import Iterable, Mapping
from dataclasses import replace
from typing import Any

from flask import Blueprint, Response, jsonify, render_template, request, url_for

from disclosure_search.authority_compare import (
    COLUMNS,
    DESCENDING_FIRST,
    AuthorityRow,
    Filters,
    categories,
    compare_authorities,
    narrow,
)
from disclosure_search.authority_stats import (
    AuthorityStats,
    count_months,
    find_authority_name,
    read_authority_stats,
    slugify,
)
from disclosure_search.errors import DisclosureSearchError, InvalidQueryError
from disclosure_search.workdays import NATION_NAMES
from web.caching import cached
from web.charts import render_chart, tally
from web.errors import STATUSES
from web.extension import get_index

bp = Blueprint("authorities", __name__)
# Templates anywhere (the group page too) may draw charts and link authorities.
bp.add_app_template_global(render_chart)
bp.add_app_template_global(tally)
bp.add_app_template_global(count_months)
bp.add_app_template_filter(slugify, "authority_slug")

FORMATS = ("json", "csv")
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


def split_format(name: str) -> tuple[str, str | None]:
    """'sheffield-city-council.json' -> ('sheffield-city-council', 'json')."""
    stem, dot, suffix = name.rpartition(".")
    return (stem, suffix) if dot and suffix in FORMATS else (name, None)


@bp.get("/authority/<name>")
@cached
def authority(name: str) -> Any:
    """One authority's figures, charts and tables; `.json` and `.csv` for the same figures."""
    slug, fmt = split_format(name)
    try:
        index = get_index()
        stats = read_authority_stats(index, find_authority_name(index, slug))
    except DisclosureSearchError as error:
        if fmt:
            return json_error(error)
        raise
    if fmt == "json":
        return stats.to_json()
    if fmt == "csv":
        return csv_response(authority_csv_rows(stats), f"{slug}.csv")
    return render_template(
        "authority.html",
        s=stats,
        nation=NATION_NAMES.get(stats.info.nation, ""),
        show_months=0 < len(stats.by_month) <= MAX_MONTHS,
        search_url=url_for("pages.search", authority=stats.info.name),
    )


@bp.get("/authorities", defaults={"fmt": None})
@bp.get("/authorities.<any(json, csv):fmt>")
@cached
def compare(fmt: str | None) -> Any:
    """Authorities ranked by disclosures, refusal share, median working days to respond or
    the exemption they rely on most; `category`, `topic` and `year` narrow them, `sort` and
    `order` (asc|desc) order them."""
    args = {k: (request.args.get(k) or "").strip() for k in ("category", "topic", "year")}
    try:
        filters, sort, desc = read_compare_args(args, request.args)
        # One pass for every category: the menu offers those the other filters leave.
        every = compare_authorities(get_index(), replace(filters, category=None), sort, desc)
    except DisclosureSearchError as error:
        if fmt:
            return json_error(error)
        raise
    rows = narrow(every, filters.category)
    if fmt == "json":
        return {"filters": args, "sort": sort, "order": "desc" if desc else "asc",
                "authorities": [row.to_json() for row in rows]}  # fmt: skip
    if fmt == "csv":
        return csv_response(compare_csv_rows(rows), "authorities.csv")
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


def read_compare_args(args: Mapping[str, str], raw: Mapping[str, str]) -> tuple[Filters, str, bool]:
    """Filters, sort column and direction from the query string, or InvalidQueryError."""
    year = None
    if args["year"]:
        if not args["year"].isdigit() or len(args["year"]) != 4:
            raise InvalidQueryError(f"year must be four digits, like 2024, not {args['year']!r}.")
        year = int(args["year"])
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


def authority_csv_rows(stats: AuthorityStats) -> Iterable[list[Any]]:
    """One row per figure: figure, value, disclosures, share of the authority's disclosures."""
    yield ["figure", "value", "disclosures", "share"]
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
    yield ["median_working_days", "" if median is None else median, len(stats.response_times), ""]


def compare_csv_rows(rows: Iterable[AuthorityRow]) -> Iterable[list[Any]]:
    fields = list(AuthorityRow.__dataclass_fields__)
    yield fields
    for row in rows:
        data = row.to_json()
        yield ["" if data[f] is None else data[f] for f in fields]


def csv_response(rows: Iterable[list[Any]], filename: str) -> Response:
    buffer = io.StringIO()
    csv.writer(buffer).writerows(rows)
    response = Response(buffer.getvalue(), mimetype="text/csv")
    response.headers["Content-Disposition"] = f'attachment; filename="{filename}"'
    return response


def json_error(error: DisclosureSearchError) -> Response:
    """{"error": ...} with the status the HTML page would have had."""
    status = next((s for kind, (s, _) in STATUSES.items() if isinstance(error, kind)), 500)
    response = jsonify({"error": str(error)})
    response.status_code = status
    return response
