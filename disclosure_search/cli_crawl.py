"""The `crawl` and `sources` commands: keep disclosure logs current from their websites."""

from __future__ import annotations

import dataclasses
import sys
from pathlib import Path

import click

from disclosure_search.cli_options import (
    home_option,
    read_crawl_settings,
    read_home,
    read_limits,
    write_home,
)

sources_option = click.option(
    "--sources",
    "sources_file",
    type=click.Path(dir_okay=False, path_type=Path),
    default=None,
    help="Sources file (default: the bundled disclosure_search/data/sources.toml).",
)


@click.command()
@click.argument("targets", nargs=-1, required=True, metavar="URL|SOURCE...")
@click.option("--max-pages", type=click.IntRange(1), help="Follow at most N listing pages.")
@click.option(
    "--delay", type=click.FloatRange(0), help="Seconds between requests to a host (default 1)."
)
@click.option("--since", type=click.DateTime(["%Y-%m-%d"]), help="Skip items dated earlier.")
@sources_option
@home_option
def crawl(
    targets: tuple[str, ...],
    max_pages: int | None,
    delay: float | None,
    since,  # noqa: ANN001
    sources_file: Path | None,
    home: Path | None,
) -> None:
    """Crawl disclosure logs: follow their pages, fetch every response and attachment, index.

    Each target is a source name from the sources file (see `sources`) or a listing-page
    URL. Prints progress, then `fetched N, unchanged N, new N, failed N` per source; exits 1
    if anything failed or a site made us stop. Run it again to fetch only what changed; an
    interrupted crawl continues where it stopped. Set DISCLOSURE_SEARCH_CONTACT_URL first:
    it goes in the User-Agent so site owners can reach you.

    \b
    Example:
      export DISCLOSURE_SEARCH_CONTACT_URL=mailto:you@example.org
      disclosure-search crawl north-tyneside --max-pages 2
      disclosure-search crawl https://council.example/foi/disclosure-log --since 2024-01-01
    """
    from disclosure_search.config import SOURCES_FILE
    from indexer.crawl import CrawlOptions, crawl_sources
    from indexer.sources import read_targets

    chosen = read_targets(targets, sources_file or SOURCES_FILE)
    config = read_crawl_settings()
    if delay is not None:
        config = dataclasses.replace(config, delay=delay)
    options = CrawlOptions(max_pages=max_pages, since=since.date() if since else None)
    try:
        settings = write_home(home)
        reports = crawl_sources(settings, chosen, config, options, print_crawl_event, read_limits())
    except KeyboardInterrupt:
        click.echo("Interrupted: run the same crawl again to continue where it stopped.", err=True)
        sys.exit(130)
    for report in reports:
        print_crawl_report(report)
    if any(r.failed or r.stopped for r in reports):
        sys.exit(1)


def print_crawl_event(event) -> None:  # noqa: ANN001
    """One progress line on stderr per listing page and per document outcome."""
    if event.outcome != "fetched":  # "new" or "unchanged" follows each download
        detail = f"  ({event.detail})" if event.outcome in ("failed", "skipped") else ""
        click.echo(f"  {event.outcome:<9} {event.url}{detail}", err=True)


def print_crawl_report(report) -> None:  # noqa: ANN001
    click.echo(f"{report.source}: {report.summary()}")
    extra = [f"skipped {report.skipped} (robots.txt)"] if report.skipped else []
    extra += [f"removed {report.removed}"] if report.removed else []
    if extra:
        click.echo("  " + ", ".join(extra))
    for url, reason in report.failures:
        click.echo(f"  failed: {url} {reason}")
    if report.stopped:
        click.echo(f"  stopped: {report.stopped}")


@click.command()
@sources_option
@home_option
def sources(sources_file: Path | None, home: Path | None) -> None:
    """List the configured disclosure logs: last crawl, last new item, failing URLs.

    \b
    Example:
      disclosure-search sources
    """
    from disclosure_search.config import SOURCES_FILE
    from indexer.crawlstate import CrawlLedger
    from indexer.sources import read_sources

    configured = read_sources(sources_file or SOURCES_FILE)
    settings = read_home(home)
    summaries = {}
    if settings.crawl_path.exists():
        with CrawlLedger(settings) as ledger:
            summaries = {s.name: ledger.summary(s.name) for s in configured}
    click.echo(f"{len(configured)} sources")
    for source in configured:
        summary = summaries.get(source.name)
        click.echo(f"{source.name} · {source.authority or '-'}\n  {source.start}")
        last_new = summary.last_new if summary and summary.last_new else "never"
        failing = summary.failures if summary else 0
        click.echo(f"  last crawl: {describe_last_crawl(summary)}")
        click.echo(f"  last new item: {last_new} · failing URLs: {failing}")


def describe_last_crawl(summary) -> str:  # noqa: ANN001
    if summary is None or summary.last_started is None:
        return "never"
    if summary.last_finished:
        return f"{summary.last_finished} ({summary.last_summary})"
    state = f"stopped: {summary.last_note}" if summary.last_note else "interrupted"
    return f"started {summary.last_started}, {state}; crawl again to continue"
