"""In-process query latency: our `SearchIndex.search()` and SQLite FTS5 on the same mix.

Each engine is opened once (as a server would keep it open), answers the whole mix once to
warm up, then `repeats` more times, timed per query. The facet query asks both engines for
facet counts; the others ask for a result page only. Results are summarised overall and per
kind, with the mean number of matches so the two engines' answers can be compared.
"""

from __future__ import annotations

import sqlite3
import time
from collections.abc import Callable
from datetime import date
from pathlib import Path

import fts5
from measure import percentiles
from querymix import KINDS, Query


def ours_runner(home: Path) -> Callable[[Query], int]:
    """A function that runs a Query on our index at `home` and returns its total."""
    from disclosure_search.config import load_settings
    from disclosure_search.models import SearchQuery
    from disclosure_search.search import SearchIndex

    index = SearchIndex(load_settings(home))  # as the CLI's search command opens it

    def run(q: Query) -> int:
        query = SearchQuery(
            text=q.text,
            authority=q.authority,
            date_from=date.fromisoformat(q.date_from) if q.date_from else None,
            date_to=date.fromisoformat(q.date_to) if q.date_to else None,
            request_id=q.request_id,
            page=q.page,
        )
        return index.search(query, facets=q.facets).total

    return run


def fts5_runner(db: Path) -> Callable[[Query], int]:
    """A function that runs a Query on the FTS5 database `db` and returns its total."""
    con = sqlite3.connect(db, check_same_thread=False)
    return lambda q: fts5.search(con, q)


def time_mix(run: Callable[[Query], int], mix: list[Query], repeats: int) -> dict:
    """Warm up once, then time `repeats` passes over `mix`. Errors are counted, not raised."""
    totals: dict[str, list[int]] = {}
    errors: list[str] = []
    matches: list[int | None] = []  # per query of the mix, in order
    for q in mix:
        try:
            matches.append(run(q))
            totals.setdefault(q.kind, []).append(matches[-1])
        except Exception as exc:  # noqa: BLE001 - a failing query is a result to report
            matches.append(None)
            errors.append(f"{q.kind} {q.label()}: {type(exc).__name__}: {exc}")
    samples: dict[str, list[float]] = {kind: [] for kind in KINDS}
    for _ in range(repeats):
        for q in mix:
            start = time.perf_counter()
            try:
                run(q)
            except Exception:  # noqa: BLE001, S112 - counted once in the warm-up pass
                continue
            samples[q.kind].append(time.perf_counter() - start)
    every = [s for kind in KINDS for s in samples[kind]]
    return {
        "overall": percentiles(every),
        "by_kind": {
            kind: {**percentiles(samples[kind]), "mean_total": mean(totals.get(kind, []))}
            for kind in KINDS
        },
        "errors": errors,
        "matches": matches,
    }


def mean(values: list[int]) -> float | None:
    """The mean to one place, None for no values."""
    return round(sum(values) / len(values), 1) if values else None
