"""The `changes` command: what the crawls found appeared, changed or disappeared."""

from __future__ import annotations

import json
from dataclasses import asdict
from datetime import datetime
from pathlib import Path

import click

from disclosure_search.changes import (
    APPEARED,
    CHANGED,
    DISAPPEARED,
    KINDS,
    Change,
    ChangeFilter,
    SourceChanges,
    read_change,
    read_change_sources,
    read_changes,
    read_texts,
)
from disclosure_search.cli_options import home_option, read_home
from disclosure_search.config import Settings
from disclosure_search.textdiff import unified_diff

# More than any log holds; a larger --limit would overflow SQLite's integers.
MAX_LIMIT = 1_000_000_000


@click.command()
@click.option("--source", help="Only this source (a name from `sources`, or a crawled URL).")
@click.option("--kind", type=click.Choice(KINDS), help="Only appeared, changed or disappeared.")
@click.option(
    "--since",
    type=click.DateTime(["%Y-%m-%d"]),
    metavar="DATE",
    help="Only changes found on or after DATE (YYYY-MM-DD).",
)
@click.option(
    "--limit",
    type=click.IntRange(1, MAX_LIMIT, clamp=True),
    default=100,
    show_default=True,
    help="At most N changes.",
)
@click.option(
    "--format", "fmt", type=click.Choice(["table", "json"]), default="table", show_default=True
)
@click.option("--diff", "diff_id", type=int, metavar="ID", help="Print change ID's text diff.")
@click.option("--by-source", is_flag=True, help="Count each source's changes by kind instead.")
@home_option
def changes(
    source: str | None,
    kind: str | None,
    since: datetime | None,
    limit: int,
    fmt: str,
    diff_id: int | None,
    by_source: bool,
    home: Path | None,
) -> None:
    """List what crawls found appeared, changed or disappeared in the logs, newest first.

    Each line gives the change's id, when it was found, its kind, source and address; the
    web page /changes/ID shows the same change, with a changed response's text diff. With
    --diff ID, print that diff (`diff -u` style) instead; with --by-source, each source's
    counts of appeared, changed and disappeared (since --since). `--format json` gives JSON.

    \b
    Example:
      disclosure-search changes --source north-tyneside --since 2025-01-01
      disclosure-search changes --kind changed --format json
      disclosure-search changes --diff 12
      disclosure-search changes --by-source --since 2025-01-01
    """
    settings = read_home(home)
    day = since.date() if since else None
    if diff_id is not None:
        click.echo(describe_diff(settings, diff_id))
    elif by_source:
        echo_sources(read_change_sources(settings, day), fmt)
    else:
        echo_changes(read_changes(settings, ChangeFilter(source, kind, day, limit)), fmt)


def echo_changes(found: list[Change], fmt: str) -> None:
    """The changes, a line each or as JSON (the same entries as /changes.json's)."""
    if fmt == "json":
        click.echo(json.dumps([c.to_json() for c in found], ensure_ascii=False, indent=1))
        return
    if not found:
        click.echo(
            "No changes recorded: they are found by crawling a log again"
            " (`disclosure-search crawl SOURCE`).",
            err=True,
        )
    for change in found:
        click.echo(format_change(change))


def echo_sources(sources: list[SourceChanges], fmt: str) -> None:
    """Each source's counts by kind, as a table or JSON (the same as /changes.json's)."""
    if fmt == "json":
        click.echo(json.dumps([asdict(s) for s in sources], ensure_ascii=False, indent=1))
        return
    click.echo(f"{'appeared':>9} {'changed':>8} {'disappeared':>12}  {'last change':<16}  source")
    for s in sources:
        counts = f"{s.counts[APPEARED]:>9} {s.counts[CHANGED]:>8} {s.counts[DISAPPEARED]:>12}"
        click.echo(f"{counts}  {s.last[:16].replace('T', ' ')}  {s.source}")


def format_change(change: Change) -> str:
    """'12  2026-12-01 04:52  changed      SOURCE  URL  (title)' for the table."""
    when = change.at[:16].replace("T", " ")
    extra = f"  {change.title}" if change.title else ""
    extra += f"  [{change.detail}]" if change.detail else ""
    return f"{change.id:>5}  {when}  {change.kind:<11}  {change.source}  {change.url}{extra}"


def describe_diff(settings: Settings, change_id: int) -> str:
    """The change's unified diff, or why there is none."""
    found = read_change(settings, change_id)
    texts = read_texts(settings, found)
    if texts is None:
        raise click.ClickException(
            f"Change {change_id} ({found.kind}) has no text diff: only a changed response"
            " whose text before and after was kept has one. See `disclosure-search changes`."
        )
    before, after = (f"{found.url} ({sha[:12]})" for sha in (found.old_sha256, found.new_sha256))
    return unified_diff(*texts, before, after) or "The text did not change (only the file did)."
