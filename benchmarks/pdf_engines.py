"""pdfminer.six (the default) against PDFium (pypdfium2, DISCLOSURE_SEARCH_PDF_ENGINE=pdfium) on
the real PDFs: time per page, and how far their text agrees.

    python benchmarks/pdf_engines.py            # prints a Markdown section and writes JSON
    python benchmarks/pdf_engines.py --ocr      # scanned pages read by tesseract too

Each file is read by `indexer.extract.pdf.extract_pdf` in this process, once per engine and
repeat (the best repeat counts: the machine is shared). CPU seconds are this process's own, so
others' load barely moves them; wall seconds are shown beside. Without --ocr, tesseract is
hidden (PATH emptied) so a scan costs each engine only its own reading. Agreement between the
engines, over the words of a file's pages (and log rows): "bag" is the share of words both
read (2|A∩B| / (|A|+|B|), order ignored: what search sees), "order" is difflib's ratio over the
word sequences page by page (reading order: what snippets show). The last row reads every file
again with pdfminer in two processes, as ingest's worker pool does.
"""

from __future__ import annotations

import argparse
import difflib
import json
import os
import time
from collections import Counter
from multiprocessing import get_context
from pathlib import Path

from machine import describe

from disclosure_search.config import PDF_ENGINE_VARIABLE, PDF_ENGINES
from disclosure_search.errors import ExtractError
from indexer.extract.pdf import extract_pdf
from indexer.extract.pdfium import ENGINE_HINT
from indexer.extract.result import Extracted

ROOT = Path(__file__).resolve().parent.parent
FOLDERS = ("disclosure_search/data/samples", "tests/fixtures", "tests/fixtures/dev2")


def files() -> list[Path]:
    return [p for folder in FOLDERS for p in sorted((ROOT / folder).glob("*.pdf"))]


def read(path: Path, engine: str, repeats: int) -> dict:
    """The outcome of the best of `repeats` readings of one file by one engine."""
    os.environ[PDF_ENGINE_VARIABLE] = engine
    data = path.read_bytes()
    best: dict = {}
    for _ in range(repeats):
        cpu, wall = time.process_time(), time.perf_counter()
        try:
            result: Extracted | str = extract_pdf(data)
        except ExtractError as exc:
            result = f"refused: {exc}"
        cpu, wall = time.process_time() - cpu, time.perf_counter() - wall
        if not best or cpu < best["cpu"]:
            best = {"cpu": cpu, "wall": wall, "result": result}
    result = best.pop("result")
    if isinstance(result, str):
        return {**best, "outcome": result, "pages": [], "pdf_pages": 0}
    if result.hints.get(ENGINE_HINT):
        raise SystemExit(f"{engine} not used: {result.hints[ENGINE_HINT]}")
    pages = [p.text for p in result.parts] + [row.text for row in result.rows]
    outcome = f"{result.format}, {len(result.parts)} parts, {len(result.rows)} rows"
    if result.needs_ocr:
        outcome += ", needs OCR"
    return {**best, "outcome": outcome, "pages": pages, "pdf_pages": page_count(data)}


def page_count(data: bytes) -> int:
    import pypdfium2

    with pypdfium2.PdfDocument(data) as document:
        return len(document)


def agreement(a: list[str], b: list[str]) -> tuple[float, float]:
    """(bag, order) agreement of two engines' page texts; 1.0 for two empty readings."""
    words_a, words_b = Counter(" ".join(a).split()), Counter(" ".join(b).split())
    total = sum(words_a.values()) + sum(words_b.values())
    bag = 2 * sum((words_a & words_b).values()) / total if total else 1.0
    if len(a) != len(b):
        return bag, 0.0
    matched = sized = 0
    for page_a, page_b in zip(a, b, strict=True):
        sequence_a, sequence_b = page_a.split(), page_b.split()
        matcher = difflib.SequenceMatcher(None, sequence_a, sequence_b, autojunk=False)
        matched += 2 * sum(block.size for block in matcher.get_matching_blocks())
        sized += len(sequence_a) + len(sequence_b)
    return bag, matched / sized if sized else 1.0


def _pdfminer_pages(path: Path) -> int:
    os.environ[PDF_ENGINE_VARIABLE] = "pdfminer"
    try:
        return len(extract_pdf(path.read_bytes()).parts)
    except ExtractError:
        return 0


def pooled(paths: list[Path], processes: int) -> float:
    """Wall seconds for pdfminer to read every file in a pool of `processes` workers."""
    started = time.perf_counter()
    with get_context("forkserver").Pool(processes) as pool:
        pool.map(_pdfminer_pages, paths, chunksize=1)
    return time.perf_counter() - started


def measure(repeats: int, processes: int) -> dict:
    rows = []
    for path in files():
        found = {engine: read(path, engine, repeats) for engine in PDF_ENGINES}
        bag, order = agreement(found["pdfminer"]["pages"], found["pdfium"]["pages"])
        rows.append(
            {
                "file": str(path.relative_to(ROOT)),
                "pages": found["pdfium"]["pdf_pages"] or found["pdfminer"]["pdf_pages"],
                "same_outcome": found["pdfminer"]["outcome"] == found["pdfium"]["outcome"],
                "bag": round(bag, 4),
                "order": round(order, 4),
                **{
                    f"{engine}_{key}": (round(v, 4) if isinstance(v, float) else v)
                    for engine in PDF_ENGINES
                    for key, v in found[engine].items()
                    if key in ("cpu", "wall", "outcome")
                },
            }
        )
    return {"machine": describe(), "files": rows, "pool": pooled(files(), processes)}


def markdown(r: dict, processes: int) -> str:
    rows, pages = r["files"], sum(row["pages"] for row in r["files"])
    out = ["| file | pages | pdfminer ms/page | pdfium ms/page | × | bag | order | outcome |"]
    out.append("|---|---:|---:|---:|---:|---:|---:|---|")
    for row in rows:
        n = max(1, row["pages"])
        mine, fast = 1000 * row["pdfminer_cpu"] / n, 1000 * row["pdfium_cpu"] / n
        same = (
            row["pdfium_outcome"]
            if row["same_outcome"]
            else (f"pdfminer {row['pdfminer_outcome']}; pdfium {row['pdfium_outcome']}")
        )
        out.append(
            f"| {Path(row['file']).name[:48]} | {row['pages']} | {mine:.0f} | {fast:.1f} "
            f"| {mine / fast if fast else 0:.0f} | {row['bag']:.3f} | {row['order']:.3f} | {same} |"
        )
    total = {e: sum(row[f"{e}_cpu"] for row in rows) for e in PDF_ENGINES}
    wall = {e: sum(row[f"{e}_wall"] for row in rows) for e in PDF_ENGINES}
    read_rows = [row for row in rows if row["pages"] and "refused" not in row["pdfium_outcome"]]
    words = sum(row["bag"] for row in read_rows) / max(1, len(read_rows))
    out += [
        "",
        f"All {len(rows)} files, {pages} pages: pdfminer {1000 * total['pdfminer'] / pages:.0f} "
        f"ms/page CPU ({1000 * wall['pdfminer'] / pages:.0f} wall), pdfium "
        f"{1000 * total['pdfium'] / pages:.1f} ms/page CPU ({1000 * wall['pdfium'] / pages:.1f} "
        f"wall): {total['pdfminer'] / total['pdfium']:.0f}× faster. Same outcome (format, parts, "
        f"rows, refusal) on {sum(row['same_outcome'] for row in rows)} of {len(rows)}; mean bag "
        f"agreement {words:.3f} over the {len(read_rows)} files read.",
        f"pdfminer over every file in {processes} processes: {r['pool']:.1f} s wall "
        f"({1000 * r['pool'] / pages:.0f} ms/page) against {wall['pdfminer']:.1f} s in one.",
    ]
    m = r["machine"]
    versions = {k: v for k, v in m["packages"].items() if k in ("pdfminer.six", "pypdfium2")}
    out.append(
        f"Machine: {m['cpu']}, {m['cores']} cores, load at start {m['load_average_start']}; "
        f"{', '.join(f'{k} {v}' for k, v in versions.items())}; {m['date']}."
    )
    return "\n".join(out)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--repeats", type=int, default=2, help="readings per file and engine")
    parser.add_argument("--processes", type=int, default=2, help="workers for the pool row")
    parser.add_argument("--ocr", action="store_true", help="let tesseract read the scans")
    parser.add_argument("--json", type=Path, default=ROOT / "benchmarks" / "pdf_engines.json")
    args = parser.parse_args()
    if not args.ocr:
        os.environ["PATH"] = ""
    result = measure(args.repeats, args.processes)
    args.json.write_text(json.dumps(result, indent=1) + "\n")
    print(markdown(result, args.processes))


if __name__ == "__main__":
    main()
