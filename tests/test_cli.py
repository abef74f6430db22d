"""The CLI as a user runs it: real commands over the index built from the samples."""

from __future__ import annotations

import csv
import io
import json
import re
from pathlib import Path

import click
import pytest
from click.testing import CliRunner

from disclosure_search.cli import main
from disclosure_search.config import PROJECT_ROOT, SAMPLES_DIR, Settings


def run(*args: str) -> click.testing.Result:
    return CliRunner().invoke(main, list(args), catch_exceptions=False)


def test_search_physiotherapy_lists_coventry_first(sample_home: Settings) -> None:
    result = run("search", "physiotherapy", "--home", str(sample_home.home))
    assert result.exit_code == 0
    lines = result.output.splitlines()
    assert "FOI759201887 · Coventry City Council · 2025-11-13" in lines[2]


def test_search_json_shape(sample_home: Settings) -> None:
    result = run("search", "physiotherapy", "--json", "--home", str(sample_home.home))
    data = json.loads(result.output)
    first = data["results"][0]
    assert data["total"] >= 1
    assert set(first) >= {"doc_id", "request_id", "title", "authority", "date", "topics", "source"}
    assert "snippet" in first
    assert first["request_id"] == "FOI759201887"
    assert first["title"] == "Council Occupational Physiotherapy Service"
    assert first["date"] == "2025-11-13"
    assert first["source"].endswith("coventry_FOI759201887.txt")


@pytest.mark.parametrize(
    ("variant", "expected"),
    [
        ("foi759201887", "FOI759201887"),
        ("FOI 759201887", "FOI759201887"),
        ("foi-759201887", "FOI759201887"),
        ("1737088", "EIR / 1737088"),  # the number alone, without its prefix
        ("eir/1737088", "EIR / 1737088"),
    ],
)
def test_request_id_lookup_any_spelling(sample_home: Settings, variant: str, expected: str) -> None:
    result = run("search", "--request-id", variant, "--json", "--home", str(sample_home.home))
    data = json.loads(result.output)
    assert data["total"] == 1
    assert data["results"][0]["request_id"] == expected


def test_date_range_filters(sample_home: Settings) -> None:
    home = str(sample_home.home)
    inside = json.loads(run("search", "--from", "2025-11-01", "--to", "2025-11-30", "--json",
                            "--limit", "100", "--home", home).output)  # fmt: skip
    dates = [r["date"] for r in inside["results"]]
    assert "2025-11-13" in dates
    assert all("2025-11-01" <= d <= "2025-11-30" for d in dates)
    before = json.loads(run("search", "physiotherapy", "--to", "2025-01-01", "--json",
                            "--home", home).output)  # fmt: skip
    assert "FOI759201887" not in [r["request_id"] for r in before["results"]]


def test_topic_and_authority_filters(sample_home: Settings) -> None:
    home = str(sample_home.home)
    data = json.loads(run("search", "--authority", "coventry", "--json", "--home", home).output)
    assert {r["authority"] for r in data["results"]} == {"Coventry City Council"}
    topic = data["results"][0]["topics"][0]
    by_topic = json.loads(run("search", "--topic", topic, "--json", "--home", home).output)
    assert "FOI759201887" in [r["request_id"] for r in by_topic["results"]]


def test_bad_dates_get_a_clear_error(sample_home: Settings) -> None:
    result = CliRunner().invoke(
        main, ["search", "x", "--from", "2025-13-01", "--home", str(sample_home.home)]
    )
    assert result.exit_code == 2 and "2025-13-01" in result.output
    result = CliRunner().invoke(
        main,
        [
            "search",
            "x",
            "--from",
            "2025-02-01",
            "--to",
            "2025-01-01",
            "--home",
            str(sample_home.home),
        ],
    )
    assert result.exit_code == 1 and "after" in result.output
    assert "Traceback" not in result.output


def test_show_stats_export(sample_home: Settings) -> None:
    home = str(sample_home.home)
    found = json.loads(run("search", "physiotherapy", "--json", "--home", home).output)
    doc_id = found["results"][0]["doc_id"]
    shown = run("show", doc_id, "--home", home).output
    assert run("show", "foi 759201887", "--home", home).output == shown
    assert "FOI759201887" in shown and "Coventry City Council" in shown
    assert "Does the Council currently deliver employee physiotherapy" in shown
    as_json = json.loads(run("show", doc_id, "--json", "--home", home).output)
    assert as_json["parts"][0]["text"]
    stats = run("stats", "--home", home).output
    assert re.search(r"disclosures: \d+", stats)
    rows = [json.loads(line) for line in run("export", "--home", home).output.splitlines()]
    assert any(r["request_id"] == "FOI759201887" for r in rows)
    table = list(
        csv.DictReader(io.StringIO(run("export", "--format", "csv", "--home", home).output))
    )
    assert len(table) == len(rows)
    assert {"doc_id", "request_id", "authority", "date", "source", "sha256"} <= set(table[0])


def test_unknown_id_and_missing_index_say_what_to_do(tmp_path: Path, sample_home: Settings) -> None:
    missing = CliRunner().invoke(main, ["search", "x", "--home", str(tmp_path / "none")])
    assert missing.exit_code == 1 and "disclosure-search ingest" in missing.output
    unknown = CliRunner().invoke(main, ["show", "nope", "--home", str(sample_home.home)])
    assert unknown.exit_code == 1 and "No disclosure" in unknown.output


def test_ingest_summary_failures_and_exit_code(tmp_path: Path) -> None:
    folder = tmp_path / "in"
    folder.mkdir()
    (folder / "letter.txt").write_bytes((SAMPLES_DIR / "coventry_FOI759201887.txt").read_bytes())
    (folder / "junk.pdf").write_bytes(b"%PDF-1.4\n garbage")
    home = str(tmp_path / "home")
    result = CliRunner().invoke(main, ["ingest", str(folder), "--home", home])
    assert result.exit_code == 1
    assert "indexed 1, unchanged 0, failed 1" in result.output
    assert "junk.pdf" in result.output
    listed = run("failures", "--home", home).output
    assert "1 failed" in listed and "junk.pdf" in listed
    again = CliRunner().invoke(main, ["ingest", str(folder / "letter.txt"), "--home", home])
    assert again.exit_code == 0 and "indexed 0, unchanged 1, failed 0" in again.output


def test_every_command_documents_itself_in_help_and_readme() -> None:
    readme = (PROJECT_ROOT / "README.md").read_text(encoding="utf-8")
    for name, command in main.commands.items():
        assert "Example" in (command.help or ""), name
        assert f"disclosure-search {name}" in readme, name
        assert run(name, "--help").exit_code == 0


@pytest.mark.parametrize("by", ["authority", "topic", "year", "exemption", "outcome", "format"])
def test_stats_by_agrees_with_the_facets_of_a_search_for_everything(
    sample_home: Settings,
    client,
    by: str,  # noqa: ANN001
) -> None:
    home = str(sample_home.home)
    rows = json.loads(run("stats", "--by", by, "--format", "json", "--home", home).output)
    counts = {row[by]: row["disclosures"] for row in rows}
    facets = client.get("/api/search?q=&limit=1").get_json()["facets"][by]
    assert {f["value"]: f["count"] for f in facets} == {
        value: n for value, n in counts.items() if value != "(not stated)"
    }
    total = json.loads(run("search", "--json", "--home", home).output)["total"]
    if by in ("authority", "year", "outcome", "format"):  # one value each, or none
        assert sum(counts.values()) == total
    table = list(csv.reader(io.StringIO(run("stats", "--by", by, "--format", "csv",
                                            "--home", home).output)))  # fmt: skip
    assert table[0] == [by, "disclosures"] and len(table) == len(rows) + 1
    assert f"{by}" in run("stats", "--by", by, "--home", home).output.splitlines()[0]


def test_stats_by_an_unknown_facet_is_refused() -> None:
    result = CliRunner().invoke(main, ["stats", "--by", "colour"])
    assert result.exit_code == 2 and "'colour' is not one of" in result.output
