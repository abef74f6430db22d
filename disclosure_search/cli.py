"""The `disclosure-search` command line. Each command parses input, calls one function and
formats the result; indexer and web are imported inside the commands that need them."""

from __future__ import annotations

import csv
import html
import json
import re
import sqlite3
import sys
from pathlib import Path

import click

from disclosure_search.cli_options import home_option, read_home
from disclosure_search.errors import DisclosureSearchError, NotFoundError
from disclosure_search.exports import iter_csv, iter_jsonl
from disclosure_search.facets import FACETS
from disclosure_search.models import SORTS, Disclosure, SearchQuery, SearchResults
from disclosure_search.search import SearchIndex


class Group(click.Group):
    """Turns our errors into one clear line and exit code 1, never a traceback."""

    def invoke(self, ctx: click.Context):  # noqa: ANN201
        try:
            return super().invoke(ctx)
        except DisclosureSearchError as exc:
            raise click.ClickException(str(exc)) from exc
        # The last line of defence: a disk or database problem the commands did not foresee
        # still ends in one line naming the file, not a traceback.
        except OSError as exc:
            if exc.filename is None:
                raise
            reason = exc.strerror or str(exc)
            raise click.ClickException(f"{exc.filename}: {reason}. {CHECK_PATH}") from exc
        except sqlite3.Error as exc:
            raise click.ClickException(f"A state database failed: {exc}. {CHECK_PATH}") from exc


CHECK_PATH = (
    "Check that the path exists and that you may write to it, or choose another data home"
    " with --home DIR."
)


@click.group(cls=Group)
@click.version_option(package_name="disclosure-search")
def main() -> None:
    """Search published Freedom of Information and EIR responses.

    \b
    Example:
      disclosure-search ingest ~/Downloads/foi-letters
      disclosure-search search physiotherapy
    """


@main.command()
@click.argument("text", nargs=-1)
@click.option("--authority", help="Only this authority (all its words must match).")
@click.option("--topic", help="Only this topic slug, e.g. health.")
@click.option("--from", "date_from", type=click.DateTime(["%Y-%m-%d"]), help="From YYYY-MM-DD.")
@click.option("--to", "date_to", type=click.DateTime(["%Y-%m-%d"]), help="To YYYY-MM-DD.")
@click.option("--request-id", help="A request reference, any spelling: 'foi 759201887'.")
@click.option(
    "--sort", type=click.Choice(SORTS), help="Default: relevance with words, else newest."
)
@click.option("--limit", default=10, show_default=True, type=click.IntRange(1, 100))
@click.option("--page", default=1, show_default=True, type=click.IntRange(1))
@click.option(
    "--format",
    "fmt",
    type=click.Choice(["text", "json", "csv", "jsonl"]),
    default="text",
    show_default=True,
    help="csv and jsonl print every match unless --limit or --page is given.",
)
@click.option("--json", "as_json", is_flag=True, help="Same as --format json.")
@home_option
@click.pass_context
def search(
    ctx: click.Context,
    text: tuple[str, ...],
    authority: str | None,
    topic: str | None,
    date_from,  # noqa: ANN001
    date_to,  # noqa: ANN001
    request_id: str | None,
    sort: str | None,
    limit: int,
    page: int,
    fmt: str,
    as_json: bool,
    home: Path | None,
) -> None:
    """Search the index with the query language (see /help in the web UI).

    Words must all match; also "phrases", OR, NOT, -word, word*, and prefixes authority:,
    topic:, exemption:, outcome:, format:, id:, date:2024 or date:2024-01-01..2024-06-30.
    #REF (or a reference alone) finds that request.

    \b
    Examples:
      disclosure-search search physiotherapy
      disclosure-search search 'potholes authority:sheffield date:2024' --sort newest
      disclosure-search search 'exemption:s40 outcome:refused' --format csv > refused.csv
      disclosure-search search '#FOI759201887' --json
    """
    query = SearchQuery(
        text=" ".join(text),
        authority=authority,
        topic=topic,
        date_from=date_from.date() if date_from else None,
        date_to=date_to.date() if date_to else None,
        request_id=request_id,
        sort=sort,
        limit=limit,
        page=page,
    )
    paged = any(
        ctx.get_parameter_source(name) != click.core.ParameterSource.DEFAULT
        for name in ("limit", "page")
    )
    print_search(SearchIndex(read_home(home)), query, "json" if as_json else fmt, paged)


def print_search(index: SearchIndex, query: SearchQuery, fmt: str, paged: bool) -> None:
    """Run `query` and print it as `fmt`; csv and jsonl print every match unless `paged`."""
    if fmt in ("csv", "jsonl"):
        hits = index.search(query).hits if paged else index.iter_hits(query)
        for chunk in (iter_csv if fmt == "csv" else iter_jsonl)(hits):
            click.echo(chunk, nl=False)
        note_if_empty(index)
        return
    results = index.search(query, facets=fmt == "json", suggest=True)
    if not results.total:
        note_if_empty(index)
    if fmt == "json":
        click.echo(json.dumps(results.to_json(), ensure_ascii=False, indent=2))
        return
    print_results(results)


def print_results(results: SearchResults) -> None:
    """The terminal list: a count line, then title, reference line and snippet per hit."""
    q = results.query
    noun = "disclosure" if results.total == 1 else "disclosures"
    click.echo(f"{results.total} {noun} (page {q.page} of {results.page_count})")
    for hint in results.hints:
        click.echo(f"note: {hint}", err=True)
    if results.corrected:
        click.echo(f"did you mean: {results.corrected}", err=True)
    for n, hit in enumerate(results.hits, start=(q.page - 1) * q.limit + 1):
        when = hit.date.isoformat() if hit.date else "undated"
        click.echo(f"{n:>3}. {hit.title}")
        click.echo(f"     {hit.request_id or '-'} · {hit.authority or '-'} · {when} · {hit.doc_id}")
        if hit.snippet:
            where = f"[{hit.part_label}] " if q.text.strip() and hit.part_label else ""
            click.echo(f"     {where}{plain(hit.snippet)}")


def note_if_empty(index: SearchIndex) -> None:
    """On stderr (stdout stays parseable): how to fill an index that holds nothing yet."""
    if index.is_empty():
        click.echo(
            f"note: nothing is indexed in {index.settings.home} yet: run"
            " `disclosure-search ingest PATH` on a folder of disclosures (or"
            " `disclosure-search demo`); `disclosure-search failures` lists files that failed.",
            err=True,
        )


def plain(snippet: str) -> str:
    """A highlighted HTML snippet as terminal text (matches in bold on a terminal)."""
    marked = re.sub(r"<b[^>]*>(.*?)</b>", lambda m: click.style(m.group(1), bold=True), snippet)
    return " ".join(html.unescape(re.sub(r"<[^>]+>", "", marked)).split())


@main.command()
@click.argument("doc_id")
@click.option("--json", "as_json", is_flag=True, help="Print JSON, parts included.")
@home_option
def show(doc_id: str, as_json: bool, home: Path | None) -> None:
    """Show one disclosure: its metadata and text, part by part.

    DOC_ID is the id `search` prints, or a request reference in any spelling.

    \b
    Example:
      disclosure-search show FOI759201887
    """
    index = SearchIndex(read_home(home))
    try:
        disclosure = index.disclosure(doc_id)
    except NotFoundError:
        disclosure = index.disclosure(index.find_request(doc_id))
    if as_json:
        click.echo(json.dumps(disclosure.to_dict(), ensure_ascii=False, indent=2))
        return
    for key, value in disclosure.metadata().items():
        if value not in (None, [], ""):
            shown = ", ".join(value) if isinstance(value, list) else value
            click.echo(f"{key:>16}: {shown}")
    for part in disclosure.parts:
        click.echo(f"\n--- {part.label} ---\n{part.text.strip()}")


@main.command()
@click.option("--by", type=click.Choice(FACETS), help="Count disclosures by one facet.")
@click.option(
    "--format", "fmt", type=click.Choice(["table", "csv", "json"]), default="table",
    show_default=True, help="With --by: how to print the counts.",
)  # fmt: skip
@home_option
def stats(by: str | None, fmt: str, home: Path | None) -> None:
    """Count what is indexed; with --by, disclosures per authority, topic, year, exemption,
    outcome or format (the counts the search page's facets show for everything).

    \b
    Example:
      disclosure-search stats
      disclosure-search stats --by authority --format csv > authorities.csv
    """
    index = SearchIndex(read_home(home))
    if by is None:
        for key, value in index.stats().items():
            if isinstance(value, dict):  # formats: "pdf 12, docx 5"
                value = ", ".join(f"{name} {n}" for name, n in value.items()) or "none"
            click.echo(f"{key}: {value}")
    else:
        print_breakdown(by, index.breakdown(by), fmt)
    note_if_empty(index)


def print_breakdown(by: str, counts: tuple[tuple[str, int], ...], fmt: str) -> None:
    if fmt == "json":
        rows = [{by: value, "disclosures": n} for value, n in counts]
        click.echo(json.dumps(rows, ensure_ascii=False, indent=2))
    elif fmt == "csv":
        writer = csv.writer(sys.stdout)
        writer.writerow([by, "disclosures"])
        writer.writerows(counts)
    else:
        width = max((len(value) for value, _ in counts), default=len(by))
        click.echo(f"{by:<{width}}  disclosures")
        for value, n in counts:
            click.echo(f"{value:<{width}}  {n:>11,}")


# Every metadata field, in model order (parts, questions and versions are JSON-only).
EXPORT_FIELDS = list(Disclosure(doc_id="", source="", sha256="", format="", title="").metadata())


@main.command()
@click.option("--format", "fmt", type=click.Choice(["jsonl", "csv"]), default="jsonl")
@home_option
def export(fmt: str, home: Path | None) -> None:
    """Print every disclosure's metadata and source, as JSON lines or CSV.

    \b
    Example:
      disclosure-search export --format csv > disclosures.csv
    """
    index = SearchIndex(read_home(home))
    note_if_empty(index)  # and a clear "no index" error before any output
    # What the index holds: a record written by an ingest that has not committed yet (or was
    # killed before it could) is not a disclosure yet.
    disclosures = (index.disclosure(doc_id) for doc_id, _ in index.list_disclosures())
    if fmt == "jsonl":
        for disclosure in disclosures:
            click.echo(json.dumps(disclosure.metadata(), ensure_ascii=False))
        return
    writer = csv.DictWriter(sys.stdout, fieldnames=EXPORT_FIELDS)
    writer.writeheader()
    for disclosure in disclosures:
        row = disclosure.metadata()
        writer.writerow({k: "; ".join(v) if isinstance(v, list) else v for k, v in row.items()})


# Ingest, serving, crawl, evaluation and insight commands live in their own modules;
# registered here so `main` lists them.
from disclosure_search.cli_alerts import alerts  # noqa: E402
from disclosure_search.cli_changes import changes  # noqa: E402
from disclosure_search.cli_crawl import crawl, sources  # noqa: E402
from disclosure_search.cli_evaluate import evaluate, evaluate_search  # noqa: E402
from disclosure_search.cli_gaps import gaps  # noqa: E402
from disclosure_search.cli_groups import group  # noqa: E402
from disclosure_search.cli_ingest import failures, ingest  # noqa: E402
from disclosure_search.cli_serve import demo, serve  # noqa: E402

COMMANDS = (ingest, failures, serve, demo, crawl, sources, changes, group, gaps, alerts)
for command in (*COMMANDS, evaluate, evaluate_search):
    main.add_command(command)
