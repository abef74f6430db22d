"""`disclosure-search group`: a round-robin request's answers compiled, one row per
authority and one column per question, or the list of groups."""

from __future__ import annotations

import json
import sys
import textwrap
from pathlib import Path

import click

from disclosure_search.cli_options import home_option, read_home
from disclosure_search.roundrobin import CompiledGroup
from disclosure_search.roundrobin_files import (
    csv_text,
    list_groups,
    read_compiled,
    to_json,
    xlsx_bytes,
)
from disclosure_search.search import SearchIndex

FORMATS = ("table", "csv", "xlsx", "json")
SHOWN_CHARS = 160  # of each answer in the terminal table; the files hold it all
NAME_CHARS = 50  # of an authority's name in the terminal table
RELATIVE_NOTE = (
    "Note: links are relative (/disclosure/...); add --base-url https://your.site for full links."
)


@click.command()
@click.argument("group_id", required=False)
@click.option("--list", "list_all", is_flag=True, help="List the groups (id, size, request).")
@click.option(
    "--format", "fmt", type=click.Choice(FORMATS), default="table", show_default=True,
    help="table (terminal), csv or xlsx (one row per authority), json (with pages and links).",
)  # fmt: skip
@click.option(
    "--output", "-o", type=click.Path(dir_okay=False, path_type=Path), default=None,
    help="Write to FILE instead of standard output (xlsx needs it unless output is piped).",
)  # fmt: skip
@click.option(
    "--base-url", default="", metavar="URL",
    help="Site address the link columns start with, e.g. https://foi.example.org. Without"
    " it, links in csv, xlsx and json are relative (/disclosure/...) and open nowhere"
    " outside the site.",
)  # fmt: skip
@home_option
def group(
    group_id: str | None,
    list_all: bool,
    fmt: str,
    output: Path | None,
    base_url: str,
    home: Path | None,
) -> None:
    """Compile a round-robin request's answers: one row per authority, one column per
    question (answer, numbers, status), as the group page's downloads give them.

    \b
    Example:
      disclosure-search group --list
      disclosure-search group g-c7534fa0af
      disclosure-search group g-c7534fa0af --format xlsx --output answers.xlsx
    """
    index = SearchIndex(read_home(home))
    if list_all or not group_id:
        if not group_id and not list_all:
            click.echo("Name a group (ids below), or use --list.", err=True)
        _print_list(index)
        return
    compiled = read_compiled(index, group_id)
    base_url = base_url.rstrip("/")
    if not base_url and fmt != "table":
        click.echo(RELATIVE_NOTE, err=True)
    if fmt == "xlsx":
        _write_bytes(xlsx_bytes(compiled, base_url), output)
    elif fmt == "csv":
        _write_bytes(csv_text(compiled, base_url).encode("utf-8"), output)
    elif fmt == "json":
        text = json.dumps(to_json(compiled, base_url), ensure_ascii=False, indent=2) + "\n"
        _write_bytes(text.encode("utf-8"), output)
    else:
        _write_bytes(format_table(compiled).encode("utf-8"), output)


def _print_list(index: SearchIndex) -> None:
    groups = list_groups(index)
    if not groups:
        click.echo("No round-robin groups: no request was answered by two or more authorities.")
    for g in groups:
        click.echo(f"{g.group_id}  {g.disclosures:>3} answers  {g.title}")


def _write_bytes(data: bytes, output: Path | None) -> None:
    if output is not None:
        output.write_bytes(data)
        click.echo(f"Wrote {output}", err=True)
        return
    if data[:2] == b"PK" and sys.stdout.isatty():
        raise click.ClickException("An XLSX workbook is binary: give --output FILE.")
    sys.stdout.buffer.write(data)
    sys.stdout.flush()


def format_table(group: CompiledGroup) -> str:
    """The table for a terminal: each question, then each authority's status and answer."""
    lines = [f"{group.title}  ({len(group.rows)} answers, group {group.group_id})", ""]
    width = min(max((len(row.authority) for row in group.rows), default=10), NAME_CHARS)
    for n, q in enumerate(group.questions):
        lines.append(textwrap.fill(f"Q{q.number}. {q.question}", 100))
        for row in group.rows:
            cell = row.cells[n]
            answer = " ".join(cell.answer.split())
            answer = _clip(answer, SHOWN_CHARS)
            numbers = f"  [{'; '.join(cell.numbers)}]" if cell.numbers else ""
            name = _clip(row.authority, width)
            lines.append(f"  {name:<{width}}  {cell.status:<15}  {answer}{numbers}")
        lines.append("")
    return "\n".join(lines)


def _clip(text: str, chars: int) -> str:
    """`text` cut to `chars` characters, an ellipsis saying where it was cut."""
    return text if len(text) <= chars else text[: chars - 1].rstrip() + "…"
