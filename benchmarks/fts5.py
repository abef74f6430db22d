"""The SQLite FTS5 peer: one table of the disclosures plus an external-content FTS5 index.

`disclosures(id, name, title, body, authority, date, year, reference)` with
`disclosures_fts(title, body)` (porter stemming, as our index stems) over it, laid out the
way Datasette detects full-text search, so the same file serves both peers. Queries rank by
bm25 (`ORDER BY rank`), return a snippet and the total, and the facet query also counts by
authority and by year with GROUP BY over the matches.

    python benchmarks/fts5.py build --folder LETTERS --manifest manifest.jsonl --db out.sqlite
"""

from __future__ import annotations

import argparse
import json
import sqlite3
import time
from pathlib import Path

from corpus import read_manifest
from querymix import Query, fts_match

SCHEMA = """
CREATE TABLE disclosures (id INTEGER PRIMARY KEY, name TEXT, title TEXT, body TEXT,
    authority TEXT, date TEXT, year INTEGER, reference TEXT);
CREATE VIRTUAL TABLE disclosures_fts USING fts5(title, body, content="disclosures",
    content_rowid="id", tokenize="porter unicode61");
"""
INDEXES = """
CREATE INDEX disclosures_authority ON disclosures(authority);
CREATE INDEX disclosures_date ON disclosures(date);
CREATE INDEX disclosures_year ON disclosures(year);
"""
FROM = "FROM disclosures_fts JOIN disclosures d ON d.id = disclosures_fts.rowid"


def build(folder: Path, manifest: Path, db: Path) -> float:
    """Create `db` from the letters in `folder`; returns the seconds it took."""
    start = time.perf_counter()
    con = sqlite3.connect(db)
    con.executescript(SCHEMA)
    with con:
        con.executemany(
            "INSERT INTO disclosures VALUES (?, ?, ?, ?, ?, ?, ?, ?)",
            (
                (
                    i,
                    r["name"],
                    r["title"],
                    (folder / r["name"]).read_text(encoding="utf-8"),
                    r["authority"],
                    r["date"],
                    r["year"],
                    r["reference"],
                )
                for i, r in enumerate(read_manifest(manifest), start=1)
            ),
        )
        con.execute(
            "INSERT INTO disclosures_fts(rowid, title, body) "
            "SELECT id, title, body FROM disclosures"
        )
        con.executescript(INDEXES)
        con.execute("INSERT INTO disclosures_fts(disclosures_fts) VALUES ('optimize')")
    con.close()
    return time.perf_counter() - start


def where(q: Query) -> tuple[str, list]:
    """The WHERE clause and its parameters for `q`."""
    clauses, params = ["disclosures_fts MATCH ?"], [fts_match(q)]
    if q.authority:
        clauses.append("d.authority = ?")
        params.append(q.authority)
    if q.date_from:
        clauses.append("d.date >= ?")
        params.append(q.date_from)
    if q.date_to:
        clauses.append("d.date <= ?")
        params.append(q.date_to)
    return " AND ".join(clauses), params


def search(con: sqlite3.Connection, q: Query, limit: int = 10) -> int:
    """Run `q` as a result page (bm25 order, snippets), a total and, when asked, facet
    counts; returns the total."""
    clause, params = where(q)
    con.execute(
        "SELECT d.id, d.title, d.authority, d.date, d.reference, "
        "snippet(disclosures_fts, 1, '<b>', '</b>', '…', 16) "
        f"{FROM} WHERE {clause} ORDER BY rank LIMIT ? OFFSET ?",
        [*params, limit, (q.page - 1) * limit],
    ).fetchall()
    total = con.execute(f"SELECT count(*) {FROM} WHERE {clause}", params).fetchone()[0]
    if q.facets:
        for column in ("authority", "year"):
            con.execute(
                f"SELECT d.{column}, count(*) AS n {FROM} WHERE {clause} "
                f"GROUP BY d.{column} ORDER BY n DESC LIMIT 10",
                params,
            ).fetchall()
    return total


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("command", choices=["build"])
    parser.add_argument("--folder", type=Path, required=True)
    parser.add_argument("--manifest", type=Path, required=True)
    parser.add_argument("--db", type=Path, required=True)
    args = parser.parse_args()
    seconds = build(args.folder, args.manifest, args.db)
    print(json.dumps({"seconds": seconds}))


if __name__ == "__main__":
    main()
