"""The raw Whoosh baseline: the same letters written with a plain schema and one writer.

A stemming text field for the letter (and one for its title), an ID, a date and an
authority, written with Whoosh's defaults by one writer and committed once: the floor that
an ingest pipeline built on Whoosh adds its own work to. Run as its own process so its
time and memory are measured the way the ingest command's are.

    python benchmarks/rawwhoosh.py --folder LETTERS --manifest manifest.jsonl --index DIR
"""

from __future__ import annotations

import argparse
import json
import time
from datetime import datetime
from pathlib import Path

from corpus import read_manifest
from whoosh import fields, index
from whoosh.analysis import StemmingAnalyzer


def schema() -> fields.Schema:
    """A stemming text field, an id, a date and an authority (plus the title)."""
    return fields.Schema(
        id=fields.ID(unique=True, stored=True),
        title=fields.TEXT(analyzer=StemmingAnalyzer(), stored=True),
        body=fields.TEXT(analyzer=StemmingAnalyzer()),
        date=fields.DATETIME(stored=True, sortable=True),
        authority=fields.ID(stored=True, sortable=True),
    )


def write(folder: Path, manifest: Path, target: Path) -> float:
    """Index every letter of `manifest` into a new index at `target`; returns seconds."""
    start = time.perf_counter()
    target.mkdir(parents=True)
    writer = index.create_in(str(target), schema()).writer()
    for row in read_manifest(manifest):
        writer.add_document(
            id=row["name"],
            title=row["title"],
            body=(folder / row["name"]).read_text(encoding="utf-8"),
            date=datetime.fromisoformat(row["date"]),
            authority=row["authority"],
        )
    writer.commit()
    return time.perf_counter() - start


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--folder", type=Path, required=True)
    parser.add_argument("--manifest", type=Path, required=True)
    parser.add_argument("--index", type=Path, required=True)
    args = parser.parse_args()
    print(json.dumps({"seconds": write(args.folder, args.manifest, args.index)}))


if __name__ == "__main__":
    main()
