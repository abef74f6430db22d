"""Reference gaps, on real disclosure logs ingested through the real CLI.

Every expected gap below was found by reading the log itself: the numbers named are absent
from the file, their neighbours present (the tests re-check both against the file)."""

from __future__ import annotations

import csv
import io
import json
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
from bs4 import BeautifulSoup

from disclosure_search.refgaps import compress, is_sequence, parse_reference
from web import create_app

FIXTURES = Path(__file__).parent / "fixtures"
DEFENCE_2024 = "defence__foi-disclosure-log-q1-2024-71e7fba3-cd59-4a2e-bf2d-e16487c12185.csv"
DEFENCE_2022 = "defence__foi-disclosure-log-q2-2022-60673303-19ed-4235-b3a5-d7da4aeb5064.csv"
CHILDREN = "children-equality__dcediy-foi-disclosure-log-q1-2023.csv"
TRANSPORT = "transport__disclosure-log-2021-q1.csv"
JUSTICE = "justice-home-affairs-migration__non-personal-foi-requests-may-2015.csv"
AGRICULTURE = (
    "agriculture-food-marine__disclosure-log-january-89b93a96-5175-4995-adaf-94113f208eeb.csv"
)
HIGHER_ED = "higher-education__dfheris-foi-logs-january-to-march-2023.csv"
EXPENDITURE = (
    "public-expenditure-infrastructure-public-service-reform-digitalisation__"
    "foi-disclosure-log-q2-2017.csv"
)
EAST_LOTHIAN = "eastlothian_disclosure_log.csv"
LOGS = (
    DEFENCE_2024, DEFENCE_2022, CHILDREN, TRANSPORT, JUSTICE, AGRICULTURE, HIGHER_ED,
    EXPENDITURE, EAST_LOTHIAN,
)  # fmt: skip


def cli(*args: str) -> subprocess.CompletedProcess[str]:
    """The real command line in a subprocess."""
    return subprocess.run(
        [sys.executable, "-m", "disclosure_search", *args],
        capture_output=True,
        text=True,
        timeout=300,
    )


@pytest.fixture(scope="module")
def home(tmp_path_factory: pytest.TempPathFactory) -> str:
    """The logs above ingested by `disclosure-search ingest` into a fresh data home."""
    root = tmp_path_factory.mktemp("gaps")
    logs = root / "logs"
    logs.mkdir()
    for name in LOGS:
        shutil.copyfile(FIXTURES / name, logs / name)
    done = cli("ingest", str(logs), "--home", str(root / "home"))
    assert done.returncode == 0, done.stdout + done.stderr
    return str(root / "home")


@pytest.fixture(scope="module")
def sequences(home: str) -> list[dict]:
    done = cli("gaps", "--format", "json", "--home", home)
    assert done.returncode == 0, done.stderr
    return json.loads(done.stdout)


def of_log(sequences: list[dict], name: str) -> list[dict]:
    return [s for s in sequences if s["source"] == f"logs/{name}"]


def column(name: str, index: int = 0) -> list[str]:
    """One column of a (clean) log as printed in the file, header left out."""
    with (FIXTURES / name).open(encoding="utf-8", newline="") as handle:
        return [row[index] for row in list(csv.reader(handle))[1:] if row]


@pytest.mark.parametrize(
    ("ref", "pattern", "year", "counter"),
    [
        ("FOI-0001-2023", "FOI-####-2023", 2023, 1),
        ("0065/2022(a)", "####/2022", 2022, 65),
        ("18/005", "18/###", 2018, 5),
        ("FOI.24.010", "FOI.24.###", 2024, 10),
        ("TRA-FOI-2021-0081", "TRA-FOI-2021-####", 2021, 81),
        ("FOI/P050/2017", "FOI/P###/2017", 2017, 50),
        ("FOI-2016-068", "FOI-2016-###", 2016, 68),
        ("FOI 1306/25", "FOI ####/25", 2025, 1306),
        ("500", "###", None, 500),
        ("008/204", "008/###", None, 204),  # a typo in the defence log: no year in it
    ],
)
def test_references_read_as_pattern_year_and_counter(
    ref: str, pattern: str, year: int | None, counter: int
) -> None:
    parsed = parse_reference(ref)
    assert parsed is not None
    assert (parsed.pattern, parsed.year, parsed.counter) == (pattern, year, counter)


def test_separators_do_not_split_a_pattern_and_references_without_digits_are_none() -> None:
    assert parse_reference("FOI/0101/2024").key == parse_reference("foi-0101-2024").key
    assert parse_reference("no digits here") is None and parse_reference(None) is None


def test_density_rule() -> None:
    assert is_sequence({1, 2, 5})
    assert not is_sequence({1, 2})  # too few
    assert not is_sequence({1, 50, 100})  # 3 of 100: not a numbering we can read
    assert compress([26, 46, 48, 53, 54, 55], 4) == "0026, 0046, 0048, 0053–0055"


def test_defence_2024_two_numbers_missing_one_printed_with_a_typo(sequences: list[dict]) -> None:
    (found,) = of_log(sequences, DEFENCE_2024)
    refs = column(DEFENCE_2024)
    assert "002/2024" not in refs and "008/204" in refs and "008/2024" not in refs
    assert (found["pattern"], found["year"], found["first"], found["last"]) == (
        "###/2024", 2024, 1, 38
    )  # fmt: skip
    assert found["missing_refs"] == ["002/2024", "008/2024"]
    assert found["published"] == 36 == len(refs) - 1


def test_children_log_missing_numbers_are_those_absent_from_the_file(
    sequences: list[dict],
) -> None:
    (found,) = of_log(sequences, CHILDREN)
    expected = [26, 46, 48, 53, 59, 76, 84, 89, 92, 97, 103, 105, 123, 130, 133, 134]
    assert found["missing"] == expected
    refs = set(column(CHILDREN))
    assert all(f"FOI-{n:04d}-2023" not in refs for n in expected)
    assert {"FOI-0025-2023", "FOI-0027-2023", "FOI-0135-2023"} <= refs
    assert (found["first"], found["last"], found["published"]) == (1, 135, 119)
    assert found["coverage"] == 88.1


def test_transport_and_defence_2022(sequences: list[dict]) -> None:
    (transport,) = of_log(sequences, TRANSPORT)
    assert transport["missing_refs"] == ["TRA-FOI-2021-0044", "TRA-FOI-2021-0046"]
    assert "TRA-FOI-2021-0045" in column(TRANSPORT)
    (defence,) = of_log(sequences, DEFENCE_2022)
    # 0065/2022 is published twice, as (a) and (b): parts of one request, not a gap.
    assert defence["missing_refs"] == ["0051/2022", "0061/2022", "0071/2022"]
    assert (defence["first"], defence["last"], defence["published"]) == (47, 76, 27)


def test_never_across_years(sequences: list[dict]) -> None:
    found = of_log(sequences, AGRICULTURE)
    assert [(s["year"], s["first"], s["last"]) for s in found] == [(2023, 360, 391), (2024, 1, 10)]
    assert found[1]["missing_refs"] == ["FOI.24.004", *(f"FOI.24.{n:03d}" for n in range(6, 10))]


def test_sparse_and_lone_references_are_not_sequences(sequences: list[dict]) -> None:
    # DES-FOI-2022: 2 references; DES-FOI-2023: 46, 60, 67, 68 = 4 of 23 numbers (17%).
    assert of_log(sequences, HIGHER_ED) == []
    # RPSI/068/2017 stands alone beside the FOI/P### sequence of the same log.
    (found,) = of_log(sequences, EXPENDITURE)
    assert found["pattern"] == "FOI/P###/2017"
    assert compress(found["missing"], 3) == "062–063, 068–070, 075–076, 087–088"
    # A running number without a year is still a sequence: 23 of 500-599 (23%).
    (justice,) = of_log(sequences, JUSTICE)
    assert (justice["year"], justice["published"], justice["range"]) == (None, 23, 100)


def test_authority_filter_and_stated_authority(home: str, sequences: list[dict]) -> None:
    done = cli("gaps", "--authority", "East Lothian", "--format", "json", "--home", home)
    (found,) = json.loads(done.stdout)
    assert found["authority"] == "East Lothian Council" and found["source"] is None
    numbers = sorted(int(ref) for ref in column(EAST_LOTHIAN))
    assert (found["first"], found["last"]) == (numbers[0], numbers[-1])
    assert found["published"] == len(set(numbers)) == 708
    assert 29731 in found["missing"] and {29730, 29732} <= set(numbers)
    assert found in sequences
    none = cli("gaps", "--authority", "Nowhere Borough", "--home", home)
    assert none.returncode == 0 and none.stdout == ""
    assert "no references of authorities matching 'Nowhere Borough'" in none.stderr


def test_table_csv_web_and_json_agree(home: str, sequences: list[dict]) -> None:
    client = create_app({"HOME": home, "TESTING": True}).test_client()
    assert client.get("/gaps.json").get_json()["sequences"] == sequences
    csv_text = cli("gaps", "--format", "csv", "--home", home).stdout  # newlines read as \n
    web_csv = client.get("/gaps.csv")
    assert web_csv.mimetype == "text/csv"
    assert web_csv.get_data(as_text=True).replace("\r\n", "\n") == csv_text
    rows = list(csv.DictReader(io.StringIO(csv_text)))
    assert len(rows) == len(sequences)
    children = next(r for r in rows if r["source"] == f"logs/{CHILDREN}")
    assert children["missing_count"] == "16" and children["missing_refs"].startswith(
        "FOI-0026-2023; FOI-0046-2023"
    )
    table = cli("gaps", "--home", home).stdout
    assert "FOI-####-2023  0001–0135  published 119 of 135, missing 16, coverage 88.1%" in table
    page = BeautifulSoup(client.get("/gaps?authority=Lothian").data, "html.parser")
    (row,) = page.select("table.gaps-table tbody tr")
    assert row.th.get_text(strip=True) == "East Lothian Council"
    assert "708 of 1312" in row.get_text(" ")
    empty = client.get("/gaps?authority=Nowhere+Borough")
    assert empty.status_code == 200 and "No references of authorities matching" in empty.text
    assert client.get("/gaps.json?authority=Nowhere+Borough").get_json()["sequences"] == []


def test_gaps_page_links_each_authority_to_its_page(home: str) -> None:
    client = create_app({"HOME": home, "TESTING": True}).test_client()
    page = BeautifulSoup(client.get("/gaps").data, "html.parser")
    heads = page.select("table.gaps-table tbody th")
    lothian = next(th for th in heads if th.get_text(strip=True) == "East Lothian Council")
    assert lothian.a["href"] == "/authority/east-lothian-council"
    assert client.get(lothian.a["href"]).status_code == 200
    # A log that names no authority has no authority page to link to.
    unnamed = [th for th in heads if th.get_text(strip=True).startswith("Not stated")]
    assert unnamed and all(th.a is None for th in unnamed)
