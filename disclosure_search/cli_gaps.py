"""The `gaps` command: numbers missing from authorities' runs of request references."""

from __future__ import annotations

import json
import textwrap
from pathlib import Path

import click

from disclosure_search.cli_options import home_option, read_home
from disclosure_search.refgaps import (
    MIN_COVERAGE,
    MIN_REFS,
    Sequence,
    compress,
    gaps_csv,
    read_gaps,
)
from disclosure_search.search import SearchIndex


@click.command()
@click.option("--authority", help="Only this authority (all its words must match).")
@click.option(
    "--format", "fmt", type=click.Choice(["table", "csv", "json"]), default="table",
    show_default=True, help="How to print the sequences.",
)  # fmt: skip
@home_option
def gaps(authority: str | None, fmt: str, home: Path | None) -> None:
    """List the numbers missing from each authority's run of request references:
    requests it answered but never published (or published where we did not look).

    A run is one authority's references of one pattern and year (FOI-0101-2024,
    FOI-0102-2024, FOI-0105-2024 -> 0103 and 0104 missing), counted only when it has at
    least 3 numbers and at least a fifth of the range between its first and last is
    published; never across years. Without a stated authority, the log the rows came
    from stands in for it.

    \b
    Examples:
      disclosure-search gaps
      disclosure-search gaps --authority "East Lothian" --format csv > gaps.csv
    """
    index = SearchIndex(read_home(home))
    found = read_gaps(index, authority)
    if fmt == "json":
        click.echo(json.dumps([s.to_json() for s in found], ensure_ascii=False, indent=2))
    elif fmt == "csv":
        click.echo(gaps_csv(found), nl=False)
    else:
        print_table(found)
    if not found:
        click.echo(explain_none(index, authority), err=True)


def print_table(found: tuple[Sequence, ...]) -> None:
    """One block per sequence: who, pattern, range and counts, then the missing numbers."""
    for s in found:
        click.echo(s.label)
        click.echo(
            f"  {s.pattern}  {s.first:0{s.width}d}–{s.last:0{s.width}d}  published {s.published}"
            f" of {s.span}, missing {len(s.missing)}, coverage {100 * s.coverage:.1f}%"
        )
        if s.missing:
            missing = compress(s.missing, s.width)
            click.echo(textwrap.fill(missing, width=88, initial_indent="  missing: ",
                                     subsequent_indent="           "))  # fmt: skip


def explain_none(index: SearchIndex, authority: str | None) -> str:
    """On stderr: why nothing was listed, and what would change that."""
    if index.is_empty():
        return (
            f"note: nothing is indexed in {index.settings.home} yet: run"
            " `disclosure-search ingest PATH` on a folder of disclosures or logs."
        )
    whose = f" of authorities matching {authority!r}" if authority else ""
    return (
        f"note: no references{whose} form a sequence (at least {MIN_REFS} numbers of one"
        f" pattern and year, covering at least {MIN_COVERAGE:.0%} of their range)."
    )
