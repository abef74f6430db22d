"""A deterministic corpus of N realistic disclosures, written as plain-text letters.

Each letter is printed by `benchmarks/letters.py` from a real request: half of them from the
Irish disclosure-log rows (full request texts), half from the Scottish council log titles
(real subjects, turned into the kinds of questions requesters ask about them). The same
`seed` gives the same files, byte for byte. Alongside the folder it writes a manifest
(JSONL: name, title, authority, reference, date, year) that the peers (raw Whoosh, SQLite FTS5,
Datasette) index, and it keeps word statistics and a few whole texts from which the query mix
picks words that are known to hit.

    python benchmarks/corpus.py --docs 2000 --out /tmp/corpus
"""

from __future__ import annotations

import argparse
import json
import random
import re
from collections import Counter
from dataclasses import dataclass, field
from datetime import date, timedelta
from pathlib import Path

from letters import make_letter

DATA = Path(__file__).parent / "data"
IRISH = DATA / "irish_disclosure_logs.jsonl"
SCOTTISH = DATA / "scottish_disclosure_log_titles.jsonl"
WORD = re.compile(r"[a-z]{4,}")
ANCHORS = 240  # whole texts kept for the query mix; enough for any number of variants
QUESTIONS = [
    "Please provide all information you hold about {t}.",
    "How much has the council spent on {t} in each of the last three financial years?",
    "Copies of any policies, procedures or guidance relating to {t}.",
    "The number of complaints received regarding {t} since {y}.",
    "Any reports, minutes or correspondence concerning {t} from {y} to date.",
    "The name of the officer or department responsible for {t}.",
    "Whether the council has any contracts in place for {t}; if so, the supplier and value.",
    "How many staff work on {t}, and at what grades?",
]


@dataclass(frozen=True)
class Doc:
    """One generated disclosure: its file name and text, and what the peers index with it."""

    name: str
    text: str
    title: str
    authority: str
    reference: str
    date: str  # ISO date of the response, as the letter prints it
    request: str  # the request the letter answers: what a searcher would look for


@dataclass
class Corpus:
    """What the query mix needs to know about a written corpus."""

    folder: Path
    manifest: Path
    count: int = 0
    doc_freq: Counter[str] = field(default_factory=Counter)  # letters containing each word
    subjects: set[str] = field(default_factory=set)  # words of the requests themselves
    anchors: list[Doc] = field(default_factory=list)
    authorities: Counter[str] = field(default_factory=Counter)


def load_rows() -> tuple[list[dict], list[dict]]:
    """Request rows from the Irish and the Scottish logs, as `letters.make_letter` takes them."""
    irish = [json.loads(line) for line in IRISH.read_text(encoding="utf-8").splitlines()]
    scottish = [json.loads(line) for line in SCOTTISH.read_text(encoding="utf-8").splitlines()]
    return irish, [scottish_row(row, i) for i, row in enumerate(scottish)]


def scottish_row(row: dict, i: int) -> dict:
    """A request about a real Scottish log subject: 1-4 questions built around its title."""
    rng = random.Random(i)  # per row, so the rows do not depend on the order they are used in
    year = (row.get("date") or "2019")[:4]
    asked = rng.sample(QUESTIONS, rng.randint(1, 4))
    subject = row["title"][0].lower() + row["title"][1:]
    request = "\n".join(q.format(t=subject, y=year) for q in asked)
    return {
        "body": row["council"],
        "reference": row.get("reference"),
        "request": request,
        "title": row["title"],
    }


def iter_docs(count: int, seed: int = 9):  # noqa: ANN201 - a generator of Doc
    """`count` disclosures, the same ones for the same seed."""
    irish, scottish = load_rows()
    rng = random.Random(seed)
    for i in range(count):
        row = rng.choice(irish if rng.random() < 0.5 else scottish)
        # make_letter draws the response date first: read it from a copy of the state.
        peek = random.Random()
        peek.setstate(rng.getstate())
        answered = date(2015, 1, 5) + timedelta(days=peek.randrange(3650))
        letter = make_letter(rng, row, i)
        title = row.get("title") or first_line(row["request"])
        yield Doc(
            letter.name,
            letter.text,
            title,
            letter.authority,
            letter.reference,
            answered.isoformat(),
            row["request"],
        )


def first_line(request: str) -> str:
    """The first line of a request, without its numbering, cut at 100 characters."""
    line = next((p for p in request.splitlines() if p.strip()), request).strip()
    return re.sub(r"^\(?\d+[.)]\s*", "", line)[:100]


def write_corpus(workdir: Path, count: int, seed: int = 9) -> Corpus:
    """Write `count` letters to workdir/letters and the manifest to workdir/manifest.jsonl."""
    corpus = Corpus(workdir / "letters", workdir / "manifest.jsonl")
    corpus.folder.mkdir(parents=True, exist_ok=True)
    every = max(1, count // ANCHORS)
    with corpus.manifest.open("w", encoding="utf-8") as manifest:
        for i, doc in enumerate(iter_docs(count, seed)):
            (corpus.folder / doc.name).write_text(doc.text, encoding="utf-8")
            row = {
                "name": doc.name,
                "title": doc.title,
                "authority": doc.authority,
                "reference": doc.reference,
                "date": doc.date,
                "year": int(doc.date[:4]),
            }
            manifest.write(json.dumps(row, ensure_ascii=False) + "\n")
            corpus.doc_freq.update(set(WORD.findall(doc.text.lower())))
            corpus.subjects.update(WORD.findall(doc.request.lower()))
            corpus.authorities[doc.authority] += 1
            if i % every == 0:
                corpus.anchors.append(doc)
            corpus.count += 1
    return corpus


def read_manifest(path: Path) -> list[dict]:
    """The manifest rows, in file order."""
    return [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines()]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--docs", type=int, default=1000)
    parser.add_argument("--seed", type=int, default=9)
    parser.add_argument("--out", type=Path, required=True)
    args = parser.parse_args()
    corpus = write_corpus(args.out, args.docs, args.seed)
    print(f"wrote {corpus.count} letters to {corpus.folder} and {corpus.manifest}")


if __name__ == "__main__":
    main()
