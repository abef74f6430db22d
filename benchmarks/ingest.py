"""Ingest throughput: our CLI end to end, raw Whoosh writes, an SQLite FTS5 build and, when
tantivy is installed, raw tantivy writes.

All of them read the same letter files and run as subprocesses measured the same way (wall
time from start to exit, interpreter start-up included; peak memory of the process tree).
"""

from __future__ import annotations

import re
import shutil
import sys
from pathlib import Path

import rawtantivy
from corpus import Corpus
from measure import ratio, run_measured

HERE = Path(__file__).resolve().parent
SUMMARY = re.compile(r"indexed (\d+), unchanged (\d+), failed (\d+)")


def cli() -> list[str]:
    """The `disclosure-search` command of this environment."""
    beside = Path(sys.executable).parent / "disclosure-search"
    if beside.exists():
        return [str(beside)]
    found = shutil.which("disclosure-search")
    return [found] if found else [sys.executable, "-m", "disclosure_search"]


def measure_all(corpus: Corpus, work: Path, home: Path, db: Path, extra: list[str]) -> dict:
    """The three ingests of `corpus`, with docs/s and the ratio ours / raw Whoosh."""
    files = corpus.count
    ours = ingest_ours(corpus, work, home, extra)
    raw = run_measured(
        [sys.executable, str(HERE / "rawwhoosh.py"), *corpus_args(corpus)]
        + ["--index", str(work / "raw-whoosh")],
        work / "raw-whoosh.log",
    )
    fts = run_measured(
        [sys.executable, str(HERE / "fts5.py"), "build", *corpus_args(corpus), "--db", str(db)],
        work / "fts5-build.log",
    )
    found = {"ours": ours, "raw_whoosh": raw, "fts5": fts}
    if rawtantivy.available():
        found["raw_tantivy"] = run_measured(
            [sys.executable, str(HERE / "rawtantivy.py"), *corpus_args(corpus)]
            + ["--index", str(work / rawtantivy.INDEX_DIR)],
            work / f"{rawtantivy.INDEX_DIR}.log",
        )
    for result in found.values():
        result["docs_per_s"] = round(files / result["seconds"], 1) if result["seconds"] else None
        result["seconds"] = round(result["seconds"], 1)
    return {**found, "ratio_ours_raw": ratio(ours["docs_per_s"], raw["docs_per_s"])}


def corpus_args(corpus: Corpus) -> list[str]:
    return ["--folder", str(corpus.folder), "--manifest", str(corpus.manifest)]


def ingest_ours(corpus: Corpus, work: Path, home: Path, extra: list[str]) -> dict:
    """`disclosure-search ingest FOLDER --home H`, with its summary line and segment count."""
    log = work / "ingest.log"
    cmd = [*cli(), "ingest", str(corpus.folder), "--home", str(home), *extra]
    result = run_measured(cmd, log)
    text = log.read_text(errors="replace")
    found = SUMMARY.search(text)
    if found:
        result.update(indexed=int(found[1]), unchanged=int(found[2]), failed=int(found[3]))
    if result["returncode"] != 0:
        result["log_tail"] = text.strip().splitlines()[-8:]
    result["segments"] = count_segments(home / "index")
    return result


def count_segments(index_dir: Path) -> int | None:
    """How many segments the index has (from its file names: Whoosh's, or tantivy's ids)."""
    if not index_dir.is_dir():
        return None
    if (index_dir / "meta.json").is_file():  # tantivy: <32 hex digits>.<ext> per segment
        return len(
            {m[1] for p in index_dir.iterdir() if (m := re.match(r"([0-9a-f]{32})\.", p.name))}
        )
    names = {
        m[1] for p in index_dir.iterdir() if (m := re.match(r"([A-Za-z]\w*?_[a-z0-9]+)\.", p.name))
    }
    return len(names)
