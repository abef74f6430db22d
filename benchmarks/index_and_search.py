"""Indexing throughput and search latency of disclosure-search against raw Whoosh.

Both sides index the same disclosures, built from the real Irish log rows in
benchmarks/data (each synthetic disclosure joins three real requests, seeded), and answer the
same query mix. Prints absolute figures and the ratios ours / raw Whoosh from this one run,
so the numbers compare on any machine.

    python benchmarks/index_and_search.py --docs 5000
"""

from __future__ import annotations

import argparse
import json
import random
import statistics
import tempfile
import time
from datetime import date
from pathlib import Path

from whoosh import fields, index
from whoosh.analysis import StemmingAnalyzer
from whoosh.qparser import MultifieldParser

from disclosure_search.config import Settings
from disclosure_search.models import Disclosure, Part, SearchQuery
from disclosure_search.search import SearchIndex
from indexer.writer import DisclosureWriter

DATA = Path(__file__).parent / "data" / "irish_disclosure_logs.jsonl"
QUERIES = ["minister", "glyphosate", "correspondence", "housing", "\"cost of\"", "records 2023",
           "contracts", "emails between", "vehicles", "policy documents"]  # fmt: skip


def make_disclosures(n: int, seed: int = 7) -> list[Disclosure]:
    rows = [json.loads(line) for line in DATA.read_text(encoding="utf-8").splitlines()]
    rng = random.Random(seed)
    made = []
    for i in range(n):
        picked = rng.sample(rows, 3)
        text = "\n\n".join(r["request"] for r in picked)
        made.append(
            Disclosure(
                doc_id=f"bench-{i}",
                source=f"bench://{i}",
                sha256=f"{i:064x}",
                format="txt",
                title=picked[0]["request"][:80],
                request_id=f"{picked[0]['reference']}-{i}",
                authority=picked[0]["body"],
                date=date(2015 + i % 10, 1 + i % 12, 1 + i % 28),
                parts=(Part(1, "text", text),),
            )
        )
    return made


def ours_index(home: Path, docs: list[Disclosure]) -> float:
    start = time.perf_counter()
    writer = DisclosureWriter(Settings(home=home))
    for n, d in enumerate(docs, 1):
        writer.replace([], [d])
        if n % 1000 == 0:
            writer.commit()
    writer.commit()
    return time.perf_counter() - start


def raw_index(path: Path, docs: list[Disclosure]) -> float:
    start = time.perf_counter()
    schema = fields.Schema(
        id=fields.ID(unique=True, stored=True),
        title=fields.TEXT(analyzer=StemmingAnalyzer(), stored=True),
        body=fields.TEXT(analyzer=StemmingAnalyzer()),
    )
    path.mkdir()
    ix = index.create_in(str(path), schema)
    writer = ix.writer(limitmb=128)
    for n, d in enumerate(docs, 1):
        writer.add_document(id=d.doc_id, title=d.title, body=d.text)
        if n % 1000 == 0:
            writer.commit()
            writer = ix.writer(limitmb=128)
    writer.commit()
    return time.perf_counter() - start


def latencies(run_query, repeats: int) -> list[float]:  # noqa: ANN001
    found = []
    for _ in range(repeats):
        for q in QUERIES:
            start = time.perf_counter()
            run_query(q)
            found.append(time.perf_counter() - start)
    return found


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--docs", type=int, default=5000)
    parser.add_argument("--repeats", type=int, default=5)
    args = parser.parse_args()
    docs = make_disclosures(args.docs)
    with tempfile.TemporaryDirectory() as tmp:
        ours_s = ours_index(Path(tmp) / "home", docs)
        raw_s = raw_index(Path(tmp) / "raw", docs)
        search = SearchIndex(Settings(home=Path(tmp) / "home"))
        ours = latencies(lambda q: search.search(SearchQuery(text=q)), args.repeats)
        raw_ix = index.open_dir(str(Path(tmp) / "raw"))
        parser_raw = MultifieldParser(["title", "body"], raw_ix.schema)

        def raw_query(q: str) -> None:
            with raw_ix.searcher() as s:
                [hit.fields() for hit in s.search_page(parser_raw.parse(q), 1, pagelen=10)]

        raw = latencies(raw_query, args.repeats)
    report(args.docs, ours_s, raw_s, ours, raw)


def report(n: int, ours_s: float, raw_s: float, ours: list[float], raw: list[float]) -> None:
    def p(values: list[float], q: int) -> float:
        return statistics.quantiles(values, n=100)[q - 1] * 1000

    print(f"documents: {n}")
    print(f"index   ours {n / ours_s:8.0f} docs/s   raw whoosh {n / raw_s:8.0f} docs/s"
          f"   ratio {raw_s / ours_s:.2f}x of raw speed")  # fmt: skip
    for q in (50, 95):
        print(f"search p{q} ours {p(ours, q):8.1f} ms     raw whoosh {p(raw, q):8.1f} ms"
              f"     ratio {p(ours, q) / p(raw, q):.2f}x raw latency")  # fmt: skip


if __name__ == "__main__":
    main()
