"""The `ingest` and `failures` commands: bulk indexing with progress, and what went wrong."""

from __future__ import annotations

import sys
from collections.abc import Callable
from pathlib import Path

import click

from disclosure_search.cli_options import home_option, read_home, read_limits, write_home
from disclosure_search.config import Settings
from disclosure_search.engines import ENGINES, choose_engine, wanted_engine
from disclosure_search.errors import NoIndexError


@click.command()
@click.argument("paths", nargs=-1, type=click.Path(exists=True, path_type=Path))
@home_option
@click.option("--retry-failed", is_flag=True, help="Try files that failed before again.")
@click.option(
    "--rebuild",
    is_flag=True,
    help="Re-create the index from the raw store (no PATHS): after an upgrade, or to move an"
    " index made by an earlier version to ids that survive moving folders.",
)
@click.option(
    "--engine",
    type=click.Choice(ENGINES),
    default=None,
    help="Search engine of a new index (default: $DISCLOSURE_SEARCH_ENGINE, else whoosh);"
    " an existing index keeps its own unless --rebuild is given.",
)
def ingest(
    paths: tuple[Path, ...],
    home: Path | None,
    retry_failed: bool,
    rebuild: bool,
    engine: str | None,
) -> None:
    """Index files and folders (recursively): PDF, HTML, text, DOCX, DOC, EML, JSON, logs.

    Prints `indexed N, unchanged N, failed N` and each failure with its reason; exits 1 if
    anything failed (everything else is still indexed). One ingest (or crawl) writes to a
    data home at a time: a second one waits for it (DISCLOSURE_SEARCH_LOCK_WAIT seconds, 600
    by default), then goes on.

    \b
    Example:
      disclosure-search ingest ~/Downloads/foi-letters disclosure_search/data/samples
      disclosure-search ingest --engine tantivy ~/Downloads/foi-letters
      disclosure-search ingest --rebuild
      disclosure-search ingest --rebuild --engine tantivy
    """
    if rebuild == bool(paths):
        raise click.UsageError("Give PATHS to ingest, or --rebuild alone (it needs no PATHS).")
    settings = write_home(home)
    if rebuild:
        report = run_rebuild(settings, engine)
    else:
        choose_engine(settings.index_dir, engine)  # ConfigError if the index has another
        report = run_ingest(settings, paths, retry_failed)
    if report.failures:
        sys.exit(1)


def run_ingest(settings: Settings, paths: tuple[Path, ...], retry_failed: bool = False):  # noqa: ANN201
    """Ingest `paths` with a progress bar, then print the summary and each failure."""
    from indexer.items import find_files
    from indexer.pipeline import ingest_paths

    limits = read_limits()  # a malformed setting fails before the progress bar starts
    total = sum(1 for _ in find_files(paths))
    return with_progress(
        total,
        lambda tick: ingest_paths(
            settings, paths, retry_failed=retry_failed, limits=limits, on_file=tick
        ),
    )


def run_rebuild(settings: Settings, engine: str | None = None):  # noqa: ANN201
    """Rebuild the index from the raw store (with `engine`, else the index's own) with a
    progress bar, then print the summary."""
    from indexer.rebuild import queued_count, rebuild

    limits = read_limits()
    if not settings.state_path.exists():
        raise NoIndexError(f"Nothing to rebuild in {settings.home}: nothing was ingested there.")
    if engine:
        wanted_engine(engine)  # ConfigError before the index is emptied
    return with_progress(
        queued_count(settings), lambda tick: rebuild(settings, limits, tick, engine)
    )


def with_progress(total: int, run: Callable[[Callable[[str, str], None]], object]):  # noqa: ANN201
    """Call `run(tick)` under a progress bar of `total` steps; print its report."""
    with click.progressbar(length=total, label="Ingesting", file=sys.stderr, show_pos=True) as bar:
        report = run(lambda _source, _outcome: bar.update(1))
    click.echo(report.summary())
    for failure in report.failures:
        click.echo(f"  failed: {failure.source} [{failure.stage}] {failure.reason}")
    return report


@click.command()
@home_option
def failures(home: Path | None) -> None:
    """List the files that failed, with the stage and the reason.

    \b
    Example:
      disclosure-search failures
    """
    from indexer.state import Ledger

    settings = read_home(home)
    if not settings.home.is_dir():
        raise NoIndexError(
            f"No data home at {settings.home}: run `disclosure-search ingest PATH` first."
        )
    with Ledger(settings) as ledger:
        found = ledger.failures()
    click.echo(f"{len(found)} failed")
    for state in found:
        click.echo(f"  {state.source} [{state.stage}] {state.reason}")
