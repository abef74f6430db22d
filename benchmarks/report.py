"""The results of one run as markdown: machine, ingest, query latency, serving, targets."""

from __future__ import annotations

from measure import ratio
from querymix import KINDS


def markdown(r: dict) -> str:
    """The whole report."""
    parts = [
        f"# Benchmark results: {r['docs']:,} letters\n",
        f"Command: `{r['command']}` (seed {r['seed']}); the whole run took "
        f"{r.get('total_seconds', 0):.0f} s.\n",
        machine(r["machine"]),
    ]
    if "ingest" in r:
        parts.append(ingest(r["ingest"], r["docs"]))
    if "queries" in r:
        parts.append(queries(r["queries"]))
    if "serving" in r:
        parts.append(serving(r["serving"]))
    parts.append(targets(r))
    parts.append(NOTES)
    if "mix" in r:
        parts.append(mix(r["mix"], r.get("queries", {})))
    return "\n".join(parts)


NOTES = """## How to read this

- Every figure comes from this one run on this machine; compare the ratios, not the absolute
  numbers, with other machines. On a shared machine, check the load averages above.
- Ingest times are whole processes, start-up included, reading the same letter files. Ours
  extracts, parses metadata, stores the raw file and a record, and indexes; raw Whoosh only
  writes a plain schema (stemmed title and text, id, date, authority) with one writer and one
  commit; the FTS5 build only inserts the texts and indexes them. Raw tantivy (when installed:
  `pip install -e '.[tantivy]'`) writes the same plain schema as raw Whoosh, in Rust: the floor
  a second engine behind `SearchIndex` would start from (issue 12, item 4).
- In-process latency: each engine is opened once and warmed by one pass over the mix. Ours is
  `SearchIndex.search()` with snippets, and facet counts for the facet query; FTS5 returns a
  bm25-ranked page with snippets and a total, and GROUP BY counts for the facet query. The
  matches columns show whether the two found the same things: our date and authority filters
  use what our metadata read from each letter (some letters print no authority; most print
  two dates), FTS5's use what the generator knows; a question is free text to us and its
  content words ORed to FTS5. Raw tantivy answers the FTS5 column's queries (tantivy's own
  syntax, title and body) with a top-10 page, snippets, the total, and terms aggregations by
  authority and year for the facet query.
- Serving: our `/api/search` always counts facets and checks spelling; Datasette is asked for
  the same page size with authority and year facets on every query, with `_searchmode=raw`
  and the same MATCH expressions as the FTS5 column, its time limits raised so that no facet
  is dropped (a dropped facet would count as an error). Datasette's table search orders by
  row id, not by relevance, which is cheaper than ranking. Client threads run in the
  benchmark's own process, sharing the same two cores with the server under test.
"""


def table(head: list[str], rows: list[list]) -> str:
    """A markdown table; None shows as a dash."""
    lines = ["| " + " | ".join(head) + " |", "|" + "---|" * len(head)]
    lines += ["| " + " | ".join("–" if v is None else str(v) for v in row) + " |" for row in rows]
    return "\n".join(lines) + "\n"


def machine(m: dict) -> str:
    packages = ", ".join(f"{k} {v}" for k, v in m["packages"].items())
    return (
        "## Machine\n\n"
        f"- {m['date']}; {m['cpu']}, {m['cores']} cores, {m['ram_gb']} GiB RAM; {m['os']}\n"
        f"- Python {m['python']}, SQLite {m['sqlite']}; {packages}\n"
        f"- checkout {m.get('git')}; load average (1/5/15 min) at start "
        f"{m.get('load_average_start')}, at end {m.get('load_average_end')} "
        "(a shared machine: others' work shows here)\n"
    )


def ingest(i: dict, docs: int) -> str:
    rows = []
    for key, name in (
        ("ours", "disclosure-search ingest (end to end)"),
        ("raw_whoosh", "raw Whoosh writes, one writer"),
        ("fts5", "SQLite FTS5 build"),
        ("raw_tantivy", "raw tantivy writes, one writer"),
    ):
        if key not in i:
            continue
        x = i[key]
        note = "" if x["returncode"] == 0 else f"exit {x['returncode']}"
        if key == "ours":
            note += f" indexed {x.get('indexed')}, failed {x.get('failed')}, "
            note += f"{x.get('segments')} segments"
        rows.append(
            [name, x["seconds"], x["docs_per_s"], x["tree_peak_mb"], x["max_rss_mb"], note.strip()]
        )
    text = table(
        ["ingest", "seconds", "docs/s", "peak RSS, tree (MB)", "largest process (MB)", "notes"],
        rows,
    )
    tail = "\n".join(i["ours"].get("log_tail", []))
    failed = f"\nThe ingest failed; the end of its output:\n\n```\n{tail}\n```\n" if tail else ""
    return (
        f"## Ingest ({docs:,} letter files)\n\n{text}\n**ours / raw Whoosh: "
        f"{i['ratio_ours_raw']}x the docs/s.**\n{failed}"
    )


KIND_HEAD = ["kind", "ours p50", "ours p95", "FTS5 p50", "FTS5 p95", "p95 ratio"]
KIND_HEAD += ["ours matches", "FTS5 matches"]
SERVE_HEAD = ["clients", "ours q/s", "ours p50", "ours p95", "ours errors"]
SERVE_HEAD += ["Datasette q/s", "Datasette p50", "Datasette p95", "Datasette errors"]
SERVE_HEAD += ["q/s ratio", "p95 ratio"]


def pick(d: dict, *keys: str) -> list:
    """The values of `keys` in `d`, None where missing."""
    return [d.get(k) for k in keys]


def queries(q: dict) -> str:
    ours, fts = q.get("ours", {}), q.get("fts5", {})
    failed = [f"- {name} failed: {x['failed']}" for name, x in q.items() if "failed" in x]
    if failed:
        return "## Query latency (in process)\n\n" + "\n".join(failed) + "\n"
    o, f = ours["overall"], fts["overall"]
    keys = ("p50", "p95", "p99", "mean")
    rows = [
        ["search() (ours)", *pick(o, *keys, "n")],
        ["SQLite FTS5, bm25", *pick(f, *keys, "n")],
        ["ratio ours / FTS5", *(ratio(o[k], f[k]) for k in keys), None],
    ]
    if "tantivy" in q:
        t = q["tantivy"]["overall"]
        rows += [
            ["raw tantivy (no metadata, plain queries)", *pick(t, *keys, "n")],
            ["ratio ours / tantivy", *(ratio(o[k], t[k]) for k in keys), None],
        ]
    overall = table(["engine", "p50 ms", "p95 ms", "p99 ms", "mean ms", "queries"], rows)
    tantivy = q.get("tantivy", {}).get("by_kind")
    head = KIND_HEAD + (["tantivy p50", "tantivy p95", "tantivy matches"] if tantivy else [])
    by_kind = []
    for kind in KINDS:
        a, b = ours["by_kind"][kind], fts["by_kind"][kind]
        by_kind.append([kind, *pick(a, "p50", "p95"), *pick(b, "p50", "p95"),
                        ratio(a["p95"], b["p95"]), a["mean_total"], b["mean_total"]])  # fmt: skip
        if tantivy:
            by_kind[-1] += pick(tantivy[kind], "p50", "p95", "mean_total")
    errors = [f"- {name}: {e}" for name, x in q.items() for e in x.get("errors", [])]
    return (
        "## Query latency (in process, ms)\n\n" + overall
        + "\nBy kind (ms; matches = mean total per query):\n\n" + table(head, by_kind)
        + ("\nErrors:\n" + "\n".join(errors) + "\n" if errors else "")
    )  # fmt: skip


def serving(s: dict) -> str:
    ours, theirs = s.get("ours", {}), s.get("datasette", {})
    named = (("ours", ours), ("Datasette", theirs))
    rows = []
    for n, level in enumerate(s["levels"]):
        a = ours["runs"][n] if "runs" in ours else {}
        b = theirs["runs"][n] if "runs" in theirs else {}
        rows.append([level, *pick(a, "qps", "p50", "p95", "errors"),
                     *pick(b, "qps", "p50", "p95", "errors"), ratio(a.get("qps"), b.get("qps")),
                     ratio(a.get("p95"), b.get("p95"))])  # fmt: skip
    notes = [f"- {name}: {x.get('failed') or x.get('skipped')}" for name, x in named
             if "failed" in x or "skipped" in x]  # fmt: skip
    notes += [f"- {name} errors at {run['clients']} clients: {run['error_kinds']}"
              for name, x in named for run in x.get("runs", []) if run["errors"]]  # fmt: skip
    notes += [f"- {name} warm-up errors: {x['warmup_errors']}" for name, x in named
              if x.get("warmup_errors")]  # fmt: skip
    version = f"\n{s['datasette_version']}.\n" if s.get("datasette_version") else ""
    head = f"## Serving over HTTP on 127.0.0.1 ({s['duration']:.0f} s per level)\n\n"
    return head + table(SERVE_HEAD, rows) + version + "\n".join(["", *notes]) + "\n"


def targets(r: dict) -> str:
    """Issue 12's targets next to what this run measured."""
    rows = []
    i, q, s = r.get("ingest", {}), r.get("queries", {}), r.get("serving", {})
    if i:
        rows.append(
            [
                "ingest >= 0.8x raw Whoosh docs/s",
                f"{i['ratio_ours_raw']}x",
                verdict(i["ratio_ours_raw"], 0.8, above=True),
            ]
        )
        rss = i["ours"]["tree_peak_mb"]
        rows.append(
            [
                "ingest peak RSS <= 1 GB (at 100k)",
                f"{rss} MB at {r['docs']:,}",
                verdict(rss, 1024) if r["docs"] >= 100_000 else "not at this N",
            ]
        )
    facets = q.get("ours", {}).get("by_kind", {}).get("facets", {}).get("p95")
    p95 = q.get("ours", {}).get("overall", {}).get("p95")
    if p95 is not None:
        at = f" at {r['docs']:,}" + ("" if r["docs"] >= 100_000 else " (target is at 100k)")
        rows.append(["search() p95 <= 50 ms at 100k", f"{p95} ms{at}", verdict(p95, 50)])
        rows.append(["search() with facets p95 <= 50 ms", f"{facets} ms", verdict(facets, 50)])
    rows += serving_targets(s)
    return "## Issue 12 targets, as measured in this run\n\n" + table(
        ["target", "measured", "met?"], rows
    )


def serving_targets(s: dict) -> list[list]:
    runs = {run["clients"]: run for run in s.get("ours", {}).get("runs", [])}
    peer = {run["clients"]: run for run in s.get("datasette", {}).get("runs", [])}
    rows = []
    if 8 in runs:
        p95 = runs[8]["p95"]
        rows.append(["/api/search p95 <= 100 ms at 8 clients", f"{p95} ms", verdict(p95, 100)])
        if 8 in peer:
            theirs = peer[8]["p95"]
            rows.append(
                ["... and below Datasette's p95", f"{p95} vs {theirs} ms", verdict(p95, theirs)]
            )
    if 32 in runs:
        errors = runs[32]["errors"]
        rows.append(["zero errors at 32 clients", errors, "yes" if errors == 0 else "no"])
    return rows


def verdict(value: float | None, limit: float | None, above: bool = False) -> str:
    if value is None or limit is None:
        return "–"
    return "yes" if (value >= limit if above else value <= limit) else "no"


def mix(queries: list[dict], found: dict) -> str:
    """The mix, with how many matches each engine found for each query."""
    ours = found.get("ours", {}).get("matches") or [None] * len(queries)
    fts = found.get("fts5", {}).get("matches") or [None] * len(queries)
    rows = [
        [q["kind"], q["query"].replace("|", "\\|"), a, b]
        for q, a, b in zip(queries, ours, fts, strict=False)
    ]
    return "## The query mix\n\n" + table(["kind", "query", "ours matches", "FTS5 matches"], rows)


def main() -> None:
    """Render a saved results JSON again: python benchmarks/report.py results.json [OUT.md]"""
    import json
    import sys
    from pathlib import Path

    text = markdown(json.loads(Path(sys.argv[1]).read_text(encoding="utf-8")))
    if len(sys.argv) > 2:
        Path(sys.argv[2]).write_text(text, encoding="utf-8")
    else:
        print(text)


if __name__ == "__main__":
    main()
