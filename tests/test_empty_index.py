"""An index that holds nothing (the first ingest found no files, or every file failed):
every command and page answers with zero counts, empty facets and a "nothing indexed yet"
note saying what to run, never a 500 or a traceback."""

from __future__ import annotations

import csv
import io
import json
from pathlib import Path

import pytest
from bs4 import BeautifulSoup
from click.testing import CliRunner, Result
from flask.testing import FlaskClient

from disclosure_search.cli import main
from disclosure_search.config import Settings
from disclosure_search.facets import FACETS
from indexer.pipeline import ingest_paths
from web import create_app

NOTHING_YET = "Nothing is indexed yet"


@pytest.fixture(scope="module", params=["no-files", "all-failed"])
def empty_home(request: pytest.FixtureRequest, tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A data home whose ingest indexed nothing: an empty folder, or only a broken PDF."""
    folder = tmp_path_factory.mktemp("inbox")
    if request.param == "all-failed":
        (folder / "broken.pdf").write_bytes(b"%PDF-1.4\nnot really a PDF\n%%EOF\n")
    home = tmp_path_factory.mktemp("home")
    report = ingest_paths(Settings(home=home), [folder])
    assert report.indexed == 0
    assert len(report.failures) == (request.param == "all-failed")
    return home


def run(home: Path, *args: str) -> Result:
    result = CliRunner().invoke(main, [*args, "--home", str(home)])
    assert "Traceback" not in result.output
    # A crash surfaces here as the raw exception; a clean exit is a SystemExit (or nothing).
    assert result.exception is None or isinstance(result.exception, SystemExit), result.exception
    return result


def test_stats_counts_zero_and_says_what_to_run(empty_home: Path) -> None:
    result = run(empty_home, "stats")
    assert result.exit_code == 0
    assert "disclosures: 0" in result.stdout
    assert "parts: 0" in result.stdout
    assert "authorities: 0" in result.stdout
    assert "disclosure-search ingest" in result.stderr


def test_search_json_is_empty_but_complete(empty_home: Path) -> None:
    result = run(empty_home, "search", "--json")
    assert result.exit_code == 0
    data = json.loads(result.stdout)  # the note goes to stderr: stdout stays JSON
    assert data["total"] == 0
    assert data["results"] == []
    assert {name: data["facets"][name] for name in FACETS} == {name: [] for name in FACETS}
    assert "nothing is indexed" in result.stderr


@pytest.mark.parametrize(
    "args",
    [
        ("search",),
        ("search", "potholes"),
        # Several words and a date order take the loose-match path, sorted by the day column.
        ("search", "potholes", "repair", "budget", "--sort", "newest"),
        ("search", "potholes", "repair", "budget", "--sort", "oldest"),
        ("search", "authority:sheffield", "date:2024"),
        ("search", "x", "--format", "jsonl"),
    ],
)
def test_search_finds_nothing_cleanly(empty_home: Path, args: tuple[str, ...]) -> None:
    result = run(empty_home, *args)
    assert result.exit_code == 0
    assert "0 disclosures" in result.stdout or result.stdout == ""
    assert "disclosure-search ingest" in result.stderr


def test_export_prints_nothing_or_a_header(empty_home: Path) -> None:
    lines = run(empty_home, "export")
    assert lines.exit_code == 0
    assert lines.stdout == ""
    table = run(empty_home, "export", "--format", "csv")
    assert table.exit_code == 0
    rows = list(csv.reader(io.StringIO(table.stdout)))
    assert len(rows) == 1 and "doc_id" in rows[0]
    results = run(empty_home, "search", "--format", "csv")
    assert results.exit_code == 0
    assert len(list(csv.reader(io.StringIO(results.stdout)))) == 1


def test_show_and_failures(empty_home: Path) -> None:
    shown = run(empty_home, "show", "FOI-2024-1")
    assert shown.exit_code == 1
    assert "No disclosure" in shown.output
    failed = run(empty_home, "failures")
    assert failed.exit_code == 0
    assert failed.stdout.splitlines()[0] in ("0 failed", "1 failed")


@pytest.fixture(scope="module")
def client(empty_home: Path) -> FlaskClient:
    # TESTING makes any exception escape to the test instead of becoming a 500 page.
    return create_app({"HOME": str(empty_home), "TESTING": True}).test_client()


@pytest.mark.parametrize(
    "url",
    [
        "/",
        "/search",
        "/search?q=potholes",
        "/search?q=potholes+repair+budget&sort=newest",
        "/search?authority=Sheffield&topic=health",
        "/api/search",
        "/api/search?q=potholes+repair+budget&sort=oldest",
        "/feed.atom",
        "/feed.atom?q=potholes",
        "/export.csv",
        "/export.jsonl",
        "/sitemap.xml",
        "/sitemap-1.xml",
        "/robots.txt",
        "/opensearch.xml",
        "/help",
    ],
)
def test_every_page_answers(client: FlaskClient, url: str) -> None:
    response = client.get(url)
    assert response.status_code == 200, url


@pytest.mark.parametrize("url", ["/disclosure/x", "/api/disclosure/x", "/group/g", "/request/A1"])
def test_lookups_are_not_found(client: FlaskClient, url: str) -> None:
    assert client.get(url).status_code == 404


@pytest.mark.parametrize("url", ["/", "/search", "/search?q=potholes"])
def test_pages_say_nothing_is_indexed_and_what_to_run(client: FlaskClient, url: str) -> None:
    soup = BeautifulSoup(client.get(url).data, "html.parser")
    note = soup.select_one(".empty-index")
    assert note is not None
    assert NOTHING_YET in note.get_text(" ", strip=True)
    commands = [code.get_text() for code in note.find_all("code")]
    assert "disclosure-search ingest PATH" in commands
    assert "Nothing matched" not in soup.get_text()


def test_home_shows_zero_counts(client: FlaskClient) -> None:
    soup = BeautifulSoup(client.get("/").data, "html.parser")
    stats = soup.select_one(".stats").get_text(" ", strip=True)
    assert "0 disclosures" in stats
    assert "Browse" not in soup.select_one(".results").get_text()


def test_api_search_counts_zero_with_empty_facets(client: FlaskClient) -> None:
    data = client.get("/api/search?q=potholes").get_json()
    assert data["total"] == 0
    assert data["results"] == []
    assert all(data["facets"][name] == [] for name in FACETS)


def test_sitemap_and_export_are_empty(client: FlaskClient) -> None:
    urls = BeautifulSoup(client.get("/sitemap-1.xml").data, "xml").find_all("loc")
    assert all("/disclosure/" not in url.get_text() for url in urls)
    lines = client.get("/export.csv").get_data(as_text=True).splitlines()
    assert len(lines) == 1 and lines[0].startswith("doc_id")
    feed = BeautifulSoup(client.get("/feed.atom").data, "xml")
    assert feed.find("entry") is None


def test_a_real_match_still_says_nothing_matched(sample_home: Settings) -> None:
    client = create_app({"HOME": str(sample_home.home), "TESTING": True}).test_client()
    soup = BeautifulSoup(client.get("/search?q=zzzqqqxx").data, "html.parser")
    assert soup.select_one(".empty-index") is None
    assert "Nothing matched" in soup.get_text()
