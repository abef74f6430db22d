"""Stable identity and private paths (issue 11, items 4 and 5), through the real CLI and app.

A local file's id comes from its bytes: moving the folder, renaming a file or copying it
changes no permalink and duplicates nothing; public output (API, exports, pages, CLI JSON)
shows paths relative to the ingested folder, never the server's own; a home made by an
earlier version is migrated by `ingest --rebuild`.
"""

from __future__ import annotations

import json
import shutil
import tarfile
from pathlib import Path

import pytest
from click.testing import CliRunner

from disclosure_search.cli import main
from disclosure_search.config import Settings
from disclosure_search.records import read_record
from indexer.state import Ledger
from web import create_app

FIXTURES = Path(__file__).parent / "fixtures"
DEV2 = FIXTURES / "dev2"
LETTERS = [
    DEV2 / "nhs_pennine_FOI-2021-0295_accommodation_reply.md",
    DEV2 / "nhs_shsc_accommodation_status_reply.md",
    DEV2 / "sheffield_wdtk_private_number_plates_informal.json",
    FIXTURES / "higher-education__dfheris-foi-logs-january-to-march-2023.csv",
]


def run(*args: str) -> str:
    result = CliRunner().invoke(main, list(args), catch_exceptions=False)
    assert result.exit_code == 0, result.output
    return result.output


def exported(home: Path) -> dict[str, dict]:
    lines = run("export", "--home", str(home)).splitlines()
    return {row["doc_id"]: row for row in map(json.loads, lines)}


def make_folder(parent: Path) -> Path:
    folder = parent / "foi"
    (folder / "nested").mkdir(parents=True)
    for letter in LETTERS[:-1]:
        shutil.copy(letter, folder / letter.name)
    shutil.copy(LETTERS[-1], folder / "nested" / LETTERS[-1].name)
    return folder


def test_moving_the_folder_changes_nothing(tmp_path: Path) -> None:
    home = tmp_path / "home"
    folder = make_folder(tmp_path / "before")
    assert "indexed 4, unchanged 0, failed 0" in run("ingest", str(folder), "--home", str(home))
    before = exported(home)

    moved = tmp_path / "after" / "somewhere" / "foi"
    moved.parent.mkdir(parents=True)
    folder.rename(moved)
    assert "indexed 0, unchanged 4, failed 0" in run("ingest", str(moved), "--home", str(home))
    assert exported(home) == before  # same ids, same sources, nothing added
    assert {row["source"] for row in before.values()} >= {
        "foi/nhs_pennine_FOI-2021-0295_accommodation_reply.md",
        "foi/nested/higher-education__dfheris-foi-logs-january-to-march-2023.csv",
    }
    with Ledger(Settings(home=home)) as ledger:  # the old paths are let go
        assert ledger.source_count() == 4
        assert all(ledger.get(str(p.resolve())) for p in moved.rglob("*.*"))


def test_the_same_bytes_under_two_paths_are_one_disclosure(tmp_path: Path) -> None:
    home = tmp_path / "home"
    folder = make_folder(tmp_path)
    (folder / "copies").mkdir()
    shutil.copy(LETTERS[1], folder / "copies" / "shsc_again.md")  # same run, same batch
    run("ingest", str(folder), "--home", str(home))
    rows = exported(home)
    [shsc] = [r for r in rows.values() if len(r["locations"]) == 2]
    assert sorted(shsc["locations"]) == ["foi/copies/shsc_again.md", f"foi/{LETTERS[1].name}"]
    assert shsc["source"] == shsc["locations"][0]
    assert len(rows) == 1 + 1 + 1 + 6  # three letters and six log rows, the copy joined

    later = tmp_path / "later"  # a copy seen in a later run joins it too
    later.mkdir()
    shutil.copy(LETTERS[1], later / "third.md")
    assert "unchanged 1" in run("ingest", str(later), "--home", str(home))
    again = exported(home)
    assert again[shsc["doc_id"]]["locations"][-1] == "later/third.md"
    assert len(again) == len(rows)

    page = create_app({"HOME": str(home), "TESTING": True}).test_client()
    html = page.get(f"/disclosure/{shsc['doc_id']}").get_data(as_text=True)
    assert "Also published as" in html and "later/third.md" in html


def test_a_corrected_file_gets_a_new_id_and_the_old_permalink_follows(tmp_path: Path) -> None:
    home = tmp_path / "home"
    letter = tmp_path / "letters" / "reply.txt"
    letter.parent.mkdir()
    letter.write_text("Our ref: FOI/2023/0042\n\nWe repaired 1,204 potholes in 2022.\n")
    run("ingest", str(letter.parent), "--home", str(home))
    [first] = exported(home)
    letter.write_text("Our ref: FOI/2023/0042\n\nWe repaired 1,240 potholes in 2022.\n")
    run("ingest", str(letter.parent), "--home", str(home))
    [second] = exported(home)
    assert second != first
    record = read_record(Settings(home=home), first)
    assert record.doc_id == second and "1,240" in record.text
    assert len(record.versions) == 1

    client = create_app({"HOME": str(home), "TESTING": True}).test_client()
    answer = client.get(f"/disclosure/{first}?q=potholes")
    assert answer.status_code == 301
    assert answer.headers["Location"].endswith(f"/disclosure/{second}?q=potholes")


def assert_private(text: str, root: Path) -> None:
    """No absolute path of the machine's: neither the ingest root nor any temp folder."""
    assert str(root) not in text
    assert "/tmp/" not in text and "/home/" not in text


def test_public_output_never_shows_server_paths(tmp_path: Path) -> None:
    home = tmp_path / "home"
    folder = make_folder(tmp_path)
    run("ingest", str(folder), "--home", str(home))
    doc_id = next(iter(exported(home)))
    client = create_app({"HOME": str(home), "TESTING": True}).test_client()
    for url in (
        "/api/search?q=accommodation",
        "/api/search?q=",
        f"/api/disclosure/{doc_id}",
        f"/disclosure/{doc_id}",
        "/search?q=accommodation",
        "/export.csv?q=accommodation",
        "/export.jsonl?q=",
        "/feed.atom?q=",
    ):
        answer = client.get(url)
        assert answer.status_code == 200, url
        assert_private(answer.get_data(as_text=True), tmp_path)
    for args in (("export",), ("export", "--format", "csv"), ("search", "accommodation", "--json")):
        assert_private(run(*args, "--home", str(home)), tmp_path)
    assert_private(run("show", doc_id, "--json", "--home", str(home)), tmp_path)


@pytest.fixture
def old_home(tmp_path: Path) -> Path:
    """A data home made by the version before stable identity (see fixtures/README.md)."""
    with tarfile.open(FIXTURES / "homes" / "before-stable-ids.tar.gz") as archive:
        archive.extractall(tmp_path, filter="data")
    return tmp_path / "oldhome"


def test_an_old_home_shows_no_paths_even_before_it_is_rebuilt(old_home: Path) -> None:
    rows = exported(old_home)
    assert rows and all("/" not in row["source"] for row in rows.values())
    answer = (
        create_app({"HOME": str(old_home), "TESTING": True})
        .test_client()
        .get("/api/search?q=accommodation")
    )
    assert "/tmp/oldsrc" not in answer.get_data(as_text=True)


def test_rebuild_migrates_an_old_home_to_content_ids(old_home: Path) -> None:
    before = exported(old_home)
    assert not any(doc_id.startswith("sha-") for doc_id in before)
    output = run("ingest", "--rebuild", "--home", str(old_home))
    assert "indexed 5, unchanged 1, failed 0" in output  # the copy joins its twin
    after = exported(old_home)
    assert all(doc_id.startswith("sha-") for doc_id in after)
    assert len(after) == len(before) - 1  # the two copies of the shsc reply are one now
    [shsc] = [r for r in after.values() if len(r["locations"]) == 2]
    assert sorted(shsc["locations"]) == ["nhs_shsc_accommodation_status_reply.md", "shsc_copy.md"]

    # Old permalinks of single documents lead to their rebuilt disclosures, with history.
    settings = Settings(home=old_home)
    [pothole_id] = [i for i in before if i.startswith("pothole-letter")]
    pothole = read_record(settings, pothole_id)
    assert pothole.doc_id in after and "1,240" in pothole.text and len(pothole.versions) == 1
    client = create_app({"HOME": str(old_home), "TESTING": True}).test_client()
    assert client.get(f"/disclosure/{pothole_id}").status_code == 301
    assert client.get(f"/disclosure/{pothole.doc_id}").status_code == 200

    # Done: a second rebuild finds every source again, and changes nothing.
    run("ingest", "--rebuild", "--home", str(old_home))
    assert exported(old_home) == after


def test_rebuild_needs_no_paths_and_refuses_them(tmp_path: Path) -> None:
    result = CliRunner().invoke(main, ["ingest", "--rebuild", str(tmp_path)])
    assert result.exit_code == 2 and "--rebuild alone" in result.output
    result = CliRunner().invoke(main, ["ingest", "--rebuild", "--home", str(tmp_path / "none")])
    assert result.exit_code == 1 and "Nothing to rebuild" in result.output
