"""The raw tantivy baseline: the same letters in tantivy (PyPI `tantivy`), as the raw Whoosh
one is, to measure what a second engine behind `SearchIndex` could give (issue 12, item 4).

Schema: stemmed title and body (tantivy's `en_stem`), an id, the authority as a raw fast
field, the date and the year. One writer, one commit, as `rawwhoosh.py`. Queries mirror the
FTS5 peer: words ANDed (a question's content words ORed), a phrase or a reference as one
phrase, authority and date filters, a result page with snippets, the total, and for the
facet query counts by authority and year (terms aggregations).

tantivy is optional (`pip install -e '.[tantivy]'`); without it the benchmark skips this column.

    python benchmarks/rawtantivy.py --folder LETTERS --manifest manifest.jsonl --index DIR
"""

from __future__ import annotations

import argparse
import json
import re
import time
from collections.abc import Callable
from datetime import datetime
from pathlib import Path
from typing import Any

from corpus import read_manifest
from querymix import STOP, Query, quote

FIELDS = ["title", "body"]
INDEX_DIR = "raw-tantivy"  # in the benchmark's work folder
AGGREGATIONS = {
    "authority": {"terms": {"field": "authority", "size": 10}},
    "year": {"terms": {"field": "year", "size": 10}},
}


def available() -> bool:
    """Whether tantivy is installed in this environment."""
    import importlib.util

    return importlib.util.find_spec("tantivy") is not None


def schema() -> Any:
    import tantivy

    builder = tantivy.SchemaBuilder()
    builder.add_text_field("id", stored=True, tokenizer_name="raw")
    builder.add_text_field("title", stored=True, tokenizer_name="en_stem")
    builder.add_text_field("body", stored=True, tokenizer_name="en_stem")
    builder.add_text_field("authority", stored=True, tokenizer_name="raw", fast=True)
    builder.add_date_field("date", stored=True, fast=True, indexed=True)
    builder.add_integer_field("year", stored=True, fast=True, indexed=True)
    return builder.build()


def write(folder: Path, manifest: Path, target: Path) -> float:
    """Index every letter of `manifest` into a new index at `target`; returns seconds."""
    import tantivy

    start = time.perf_counter()
    target.mkdir(parents=True)
    index = tantivy.Index(schema(), path=str(target))
    writer = index.writer(heap_size=256 * 2**20)
    for row in read_manifest(manifest):
        writer.add_document(
            tantivy.Document(
                id=row["name"],
                title=row["title"],
                body=(folder / row["name"]).read_text(encoding="utf-8"),
                authority=row["authority"],
                date=datetime.fromisoformat(row["date"]),
                year=int(row["year"]),
            )
        )
    writer.commit()
    writer.wait_merging_threads()
    return time.perf_counter() - start


def query_text(q: Query) -> str:
    """tantivy's query syntax for `q`, as `querymix.fts_match` gives FTS5's."""
    if q.request_id:
        return quote(q.request_id)
    if q.kind == "phrase":
        return quote(q.text.strip('"'))
    words = re.findall(r"[A-Za-z0-9]+", q.text)
    if q.kind == "question":
        return " ".join(quote(w) for w in words if w.lower() not in STOP and len(w) > 3)
    return " ".join(f"+{quote(w)}" for w in words)


def runner(folder: Path) -> Callable[[Query], int]:
    """A function that runs a Query on the tantivy index at `folder` and returns its total."""
    import tantivy

    index = tantivy.Index.open(str(folder))
    index.reload()
    searcher = index.searcher()
    fields = index.schema

    def run(q: Query) -> int:
        musts = [index.parse_query(query_text(q), FIELDS)]
        if q.authority:
            musts.append(tantivy.Query.term_query(fields, "authority", q.authority))
        if q.date_from or q.date_to:
            low = datetime.fromisoformat(q.date_from or "1900-01-01")
            high = datetime.fromisoformat(q.date_to or "2999-12-31")
            musts.append(
                tantivy.Query.range_query(fields, "date", tantivy.FieldType.Date, low, high)
            )
        query = tantivy.Query.boolean_query([(tantivy.Occur.Must, m) for m in musts])
        found = searcher.search(query, limit=10, count=True, offset=(q.page - 1) * 10)
        snippets = tantivy.SnippetGenerator.create(searcher, query, fields, "body")
        for _score, address in found.hits:
            doc = searcher.doc(address)
            snippets.snippet_from_doc(doc).to_html()
        if q.facets:
            searcher.aggregate(query, AGGREGATIONS)
        return found.count

    return run


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--folder", type=Path, required=True)
    parser.add_argument("--manifest", type=Path, required=True)
    parser.add_argument("--index", type=Path, required=True)
    args = parser.parse_args()
    print(json.dumps({"seconds": write(args.folder, args.manifest, args.index)}))


if __name__ == "__main__":
    main()
