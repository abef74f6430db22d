"""Reference gaps on the web: /gaps (a table per authority), /gaps.json and /gaps.csv.

Each takes `authority=NAME` (all its words must match, as the search filter does) and
shows the same sequences as `disclosure-search gaps`."""

from __future__ import annotations

from typing import Any

from flask import Blueprint, Response, current_app, render_template, request

from disclosure_search.refgaps import (
    MIN_COVERAGE,
    MIN_REFS,
    Sequence,
    compress,
    gaps_csv,
    read_gaps,
)
from web.caching import cached
from web.extension import get_index
from web.feeds import download

bp = Blueprint("gaps", __name__)
# '26, 46, 53–55' for a list of missing numbers (zero-padded to the pattern's width).
bp.add_app_template_filter(compress, "compress_numbers")


# Reading every disclosure's reference costs about 0.1 ms each (0.2 s for 2,118): keep the
# answer per authority until an ingest changes the index generation.
CACHE_KEY = "disclosure_search.gaps"
CACHE_SIZE = 32


def asked_gaps() -> tuple[str, tuple[Sequence, ...]]:
    """The authority asked for ('' for all) and its sequences."""
    authority = (request.args.get("authority") or "").strip()
    index = get_index()
    generation = index.generation()
    entry = current_app.extensions.get(CACHE_KEY)
    if entry is None or entry[0] != generation or len(entry[1]) >= CACHE_SIZE:
        entry = current_app.extensions[CACHE_KEY] = (generation, {})
    answers = entry[1]
    if authority not in answers:
        answers[authority] = read_gaps(index, authority or None)
    return authority, answers[authority]


@bp.get("/gaps")
@cached
def gaps_page() -> str:
    """Every sequence: its range, published count, missing references and coverage."""
    authority, found = asked_gaps()
    return render_template(
        "gaps.html",
        authority=authority,
        sequences=found,
        min_refs=MIN_REFS,
        min_coverage=MIN_COVERAGE,
    )


@bp.get("/gaps.json")
@cached
def gaps_json() -> dict[str, Any]:
    """{"authority", "rule": {"min_refs", "min_coverage"}, "sequences": [...]}; each
    sequence as `Sequence.to_json` gives it (coverage in percent)."""
    authority, found = asked_gaps()
    return {
        "authority": authority or None,
        "rule": {"min_refs": MIN_REFS, "min_coverage": round(100 * MIN_COVERAGE, 1)},
        "sequences": [s.to_json() for s in found],
    }


@bp.get("/gaps.csv")
@cached
def gaps_csv_download() -> Response:
    """One row per sequence, the missing references joined by "; "."""
    _, found = asked_gaps()
    return download(gaps_csv(found), "text/csv; charset=utf-8", "reference-gaps.csv")
