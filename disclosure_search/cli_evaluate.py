"""The `evaluate` and `evaluate-search` commands: metadata accuracy and search relevance
against hand-checked labels."""

from __future__ import annotations

import json
import sys
import tempfile
from pathlib import Path

import click

from disclosure_search.cli_options import read_home, read_limits
from disclosure_search.config import SAMPLES_DIR, Settings
from disclosure_search.errors import ConfigError

truth_files = click.Path(exists=True, dir_okay=False, path_type=Path)


@click.command()
@click.argument("truth", nargs=-1, required=True, type=truth_files)
def evaluate(truth: tuple[Path, ...]) -> None:
    """Measure metadata accuracy per field against hand-checked labels (JSON lines).

    Each line names a `file` beside its truth file and the expected request_id, date,
    authority, title, exemptions and outcome. Several truth files are scored together.

    \b
    Example:
      disclosure-search evaluate tests/fixtures/truth.jsonl tests/fixtures/dev2/truth.jsonl
    """
    from indexer.evaluate import evaluate_all, format_table

    for path in truth:
        check_labels(path, {"file": str})
    scores = evaluate_all(list(truth))
    click.echo(format_table(scores))
    for name, score in scores.items():
        for miss in score.misses:
            click.echo(f"  {name} miss: {miss}")


@click.command("evaluate-search")
@click.argument("queries", type=truth_files)
@click.option(
    "--home",
    type=click.Path(file_okay=False, path_type=Path),
    help="Search this data home's index (default: a fresh one of the queries' folder and "
    "the samples).",
)
@click.option(
    "--min-recall",
    type=click.FloatRange(0, 1),
    help="Exit 1 when recall@k is below this share (for CI), e.g. 0.9.",
)
def evaluate_search(queries: Path, home: Path | None, min_recall: float | None) -> None:
    """Measure search relevance: recall@k, MRR and nDCG@10 over hand-written queries.

    Each line of QUERIES has `q` (the query), `relevant` (the file names that answer it)
    and `k` (how deep one must rank). Without --home, the queries' folder and the bundled
    samples are ingested into a temporary data home first.

    \b
    Example:
      disclosure-search evaluate-search tests/fixtures/dev2/queries.jsonl
    """
    from disclosure_search.relevance import evaluate_queries, format_report, read_queries
    from disclosure_search.search import SearchIndex

    check_labels(queries, {"q": str, "relevant": list})
    with tempfile.TemporaryDirectory(prefix="disclosure-search-eval-") as scratch:
        settings = read_home(home) if home else index_for(queries.parent, Path(scratch))
        report = evaluate_queries(SearchIndex(settings), read_queries(queries))
    click.echo(format_report(report))
    if min_recall is not None and report.recall_at_k < min_recall:
        click.echo(f"recall@k {report.recall_at_k:.0%} is below {min_recall:.0%}", err=True)
        sys.exit(1)


def check_labels(path: Path, required: dict[str, type]) -> None:
    """ConfigError naming the file and line unless each line is a JSON object holding the
    `required` keys with values of the right type (so a bad labels file is one clear line)."""
    try:
        lines = path.read_text(encoding="utf-8").splitlines()
    except (OSError, UnicodeDecodeError) as exc:
        raise ConfigError(f"Cannot read {path}: {exc}") from exc
    wanted = ", ".join(f"{key} ({kind.__name__})" for key, kind in required.items())
    for number, line in enumerate(lines, start=1):
        if not line.strip():
            continue
        try:
            item = json.loads(line)
        except json.JSONDecodeError as exc:
            item = exc
        if not isinstance(item, dict) or any(
            not isinstance(item.get(key), kind) for key, kind in required.items()
        ):
            raise ConfigError(
                f"{path}, line {number}: each line must be a JSON object with {wanted}."
            )


def index_for(folder: Path, scratch: Path) -> Settings:
    """A data home in `scratch` holding `folder` and the samples, for a relevance run."""
    from indexer.pipeline import ingest_paths

    settings = Settings(home=scratch / "home")
    click.echo(f"Indexing {folder} and {SAMPLES_DIR} into a temporary data home ...", err=True)
    report = ingest_paths(settings, [folder, SAMPLES_DIR], limits=read_limits())
    click.echo(report.summary(), err=True)
    return settings
