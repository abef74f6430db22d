"""Benchmark disclosure-search against its baselines and peers, side by side, in one run.

    python benchmarks/run.py --docs 2000

Generates N letters (benchmarks/corpus.py, deterministic by --seed) in a temporary folder,
then measures, on this machine and in this run:
  1. ingest: `disclosure-search ingest FOLDER --home H` end to end (docs/s, peak RSS) next to
     raw Whoosh writes of the same letters and an SQLite FTS5 build of them;
  2. query latency in process: `SearchIndex.search()` and SQLite FTS5 (bm25) over the same
     fixed mix of nine kinds of query (p50/p95/p99 overall and per kind);
  3. serving: `/api/search` of `disclosure-search serve` at 1, 8 and 32 concurrent clients,
     next to Datasette serving the FTS5 database (installed on first use into
     benchmarks/.venv-datasette; skipped, and said so, if that cannot be done).
Prints the tables and writes them to --out (RESULTS.md) and --json (results.json).
See benchmarks/README.md for options, expected times and how to read the figures.
"""

from __future__ import annotations

import argparse
import json
import shlex
import shutil
import signal
import sys
import tempfile
import time
from pathlib import Path

import datasette_env
import ingest
import latency
import machine
import rawtantivy
import report
import serving
from corpus import write_corpus
from querymix import build_mix

HERE = Path(__file__).resolve().parent


def parse_args(argv: list[str] | None = None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    add = parser.add_argument
    add("--docs", type=int, default=2000, help="letters to generate (default 2000)")
    add("--seed", type=int, default=9, help="corpus seed (default 9)")
    add("--clients", default="1,8,32", help="concurrent clients, comma-separated")
    add("--duration", type=float, default=10, help="seconds of load per client level")
    add("--repeats", type=int, default=3, help="timed passes over the query mix")
    add("--variants", type=int, default=4, help="queries of each of the nine kinds")
    add("--out", type=Path, default=HERE / "RESULTS.md", help="markdown report")
    add("--json", type=Path, default=HERE / "results.json", help="JSON results")
    add("--workdir", type=Path, help="keep the letters, indexes and logs here")
    add("--ingest-args", default="", help="extra arguments for `disclosure-search ingest`")
    add("--serve-args", default="", help="extra arguments for `disclosure-search serve`")
    add("--no-datasette", action="store_true", help="skip the Datasette column")
    add("--no-serving", action="store_true", help="skip the serving section")
    return parser.parse_args(argv)


def main(argv: list[str] | None = None) -> None:
    args = parse_args(argv)
    # Stopped with kill: unwind like Ctrl+C, so the servers and the ingest it started stop too.
    signal.signal(signal.SIGTERM, lambda *_: sys.exit(143))
    started = time.perf_counter()
    results: dict = {
        "command": command_line(),
        "docs": args.docs,
        "seed": args.seed,
        "machine": machine.describe(),
    }
    work = args.workdir or Path(tempfile.mkdtemp(prefix="ds-bench-"))
    work.mkdir(parents=True, exist_ok=True)
    try:
        run_all(args, work, results)
    finally:
        results["machine"]["load_average_end"] = machine.load_average()
        results["total_seconds"] = round(time.perf_counter() - started, 1)
        if not args.workdir:
            shutil.rmtree(work, ignore_errors=True)
    text = report.markdown(results)
    print(text)
    args.out.write_text(text, encoding="utf-8")
    args.json.write_text(json.dumps(results, indent=2, ensure_ascii=False) + "\n")
    print(f"\nwrote {args.out} and {args.json}", file=sys.stderr)


def run_all(args: argparse.Namespace, work: Path, results: dict) -> None:
    """Each section in turn, writing into `results` as it goes (so a failure keeps the rest)."""
    step("generating", f"{args.docs} letters in {work}")
    began = time.perf_counter()
    corpus = write_corpus(work, args.docs, args.seed)
    results["generate_seconds"] = round(time.perf_counter() - began, 1)
    mix = build_mix(corpus, args.variants)
    results["mix"] = [{"kind": q.kind, "query": q.label()} for q in mix]
    home, db = work / "home", work / "bench.sqlite"
    step("ingest", "disclosure-search ingest, raw Whoosh writes, SQLite FTS5 build")
    results["ingest"] = ingest.measure_all(corpus, work, home, db, shlex.split(args.ingest_args))
    step("queries", f"in process, {args.repeats} passes over {len(mix)} queries")
    results["queries"] = measure_queries(home, db, mix, args.repeats)
    if not args.no_serving:
        results["serving"] = measure_serving(args, work, home, db, mix)


def measure_queries(home: Path, db: Path, mix: list, repeats: int) -> dict:
    """In-process latency of each engine on the mix."""
    found: dict = {}
    engines = [("ours", latency.ours_runner, home), ("fts5", latency.fts5_runner, db)]
    if rawtantivy.available():
        engines.append(("tantivy", rawtantivy.runner, home.parent / rawtantivy.INDEX_DIR))
    for name, opener, target in engines:
        try:
            found[name] = latency.time_mix(opener(target), mix, repeats)
        except Exception as exc:  # noqa: BLE001 - a broken engine is a result, not a crash
            found[name] = {"failed": f"{type(exc).__name__}: {exc}"}
    return found


def measure_serving(args: argparse.Namespace, work: Path, home: Path, db: Path, mix: list) -> dict:
    """Both servers under 1, 8 and 32 clients, one server at a time."""
    levels = [int(c) for c in args.clients.split(",") if c.strip()]
    found: dict = {"duration": args.duration, "levels": levels}
    step("serving", f"/api/search at {levels} clients, {args.duration:.0f} s each")
    found["ours"] = serve_one(
        ingest.cli()
        + ["serve", "--host", "127.0.0.1"]
        + shlex.split(args.serve_args)
        + ["--home", str(home)],
        "ours",
        work,
        mix,
        levels,
        args.duration,
    )
    if args.no_datasette:
        found["datasette"] = {"skipped": "--no-datasette"}
        return found
    binary, problem = datasette_env.ensure(HERE / ".venv-datasette")
    if binary is None:
        found["datasette"] = {"skipped": problem}
        return found
    step("serving", "Datasette")
    found["datasette_version"] = datasette_env.version(binary)
    found["datasette"] = serve_one(
        datasette_env.command(binary, db), "datasette", work, mix, levels, args.duration
    )
    return found


def serve_one(
    cmd: list[str], name: str, work: Path, mix: list, levels: list[int], duration: float
) -> dict:
    """Start one server, warm it with the mix once, load it at each level, stop it."""
    port = serving.free_port()
    base = f"http://127.0.0.1:{port}"
    ours = name == "ours"
    ready = f"{base}/api/search?q=council" if ours else f"{base}/bench/disclosures.json?_size=1"
    try:
        proc = serving.start([*cmd, "--port", str(port)], ready, work / f"serve-{name}.log")
    except RuntimeError as exc:
        return {"failed": str(exc)}
    try:
        urls = (serving.ours_urls if ours else serving.datasette_urls)(base, mix)
        check = serving.ours_check if ours else serving.datasette_check
        warm = [problem for url in urls if (problem := serving.fetch(url, check))]
        runs = [serving.load(urls, c, duration, check) for c in levels]
    finally:
        serving.stop(proc)
    return {"warmup_errors": warm, "runs": runs}


def command_line() -> str:
    """How this run was started, for the report."""
    return "python benchmarks/run.py " + " ".join(shlex.quote(a) for a in sys.argv[1:])


def step(name: str, what: str) -> None:
    print(f"[{time.strftime('%H:%M:%S')}] {name}: {what}", file=sys.stderr, flush=True)


if __name__ == "__main__":
    main()
