"""Authority pages and the comparison of authorities, on the index built from the real
samples: the page, its JSON and CSV, /api/search facets and the CLI give the same numbers."""

from __future__ import annotations

import csv
import io
import json
import subprocess
import sys
from collections import Counter
from datetime import date
from pathlib import Path
from urllib.parse import quote, unquote

import pytest
from bs4 import BeautifulSoup
from flask.testing import FlaskClient

from disclosure_search.authority_compare import Filters
from disclosure_search.authority_info import find_authority_info
from disclosure_search.authority_register import slugify
from disclosure_search.authority_stats import time_response
from disclosure_search.config import SAMPLES_DIR, Settings
from disclosure_search.errors import InvalidQueryError
from disclosure_search.search import NOT_STATED
from indexer.pipeline import ingest_paths
from web import create_app

SHEFFIELD = "Sheffield City Council"
MHCLG = "Ministry of Housing, Communities and Local Government"


def cli_counts(home: Settings, by: str) -> dict[str, int]:
    """`disclosure-search stats --by BY --format json`, run as a user runs it."""
    out = subprocess.run(
        [sys.executable, "-m", "disclosure_search", "stats", "--by", by, "--format", "json",
         "--home", str(home.home)],
        capture_output=True, text=True, check=True, timeout=120,
    ).stdout  # fmt: skip
    return {row[by]: row["disclosures"] for row in json.loads(out)}


@pytest.fixture(scope="module")
def by_authority(sample_home: Settings) -> dict[str, int]:
    return cli_counts(sample_home, "authority")


def test_slugs_are_stable_and_plain() -> None:
    assert slugify(SHEFFIELD) == "sheffield-city-council"
    assert slugify(MHCLG) == "ministry-of-housing-communities-and-local-government"
    assert slugify("Brighton & Hove City Council") == "brighton-and-hove-city-council"
    assert slugify("St Mary’s Hospital, Llandaff") == "st-marys-hospital-llandaff"
    assert slugify("Comhairle nan Eilean Siar – Western Isles") == (
        "comhairle-nan-eilean-siar-western-isles"
    )


def test_comparison_counts_agree_with_the_cli(
    client: FlaskClient, by_authority: dict[str, int]
) -> None:
    rows = client.get("/authorities.json").get_json()["authorities"]
    assert {r["authority"]: r["disclosures"] for r in rows} == {
        name: n for name, n in by_authority.items() if name != "(not stated)"
    }
    table = list(csv.DictReader(io.StringIO(client.get("/authorities.csv").text)))
    assert {r["authority"]: int(r["disclosures"]) for r in table} == {
        r["authority"]: r["disclosures"] for r in rows
    }
    # The HTML table, row by row.
    soup = BeautifulSoup(client.get("/authorities").data, "html.parser")
    shown = {
        tr.th.get_text(strip=True): int(tr.find_all("td")[1].get_text(strip=True))
        for tr in soup.select("table.compare-table tbody tr")
    }
    assert shown == {r["authority"]: r["disclosures"] for r in rows}


def test_authority_page_json_and_html_agree_with_search_facets(
    client: FlaskClient, sample_home: Settings, by_authority: dict[str, int]
) -> None:
    data = client.get("/authority/sheffield-city-council.json").get_json()
    api = client.get("/api/search", query_string={"authority": SHEFFIELD}).get_json()
    assert data["disclosures"] == api["total"] == by_authority[SHEFFIELD] == 8
    for name, key in (("outcome", "outcomes"), ("exemption", "exemptions"), ("topic", "topics")):
        facet = {f["value"]: f["count"] for f in api["facets"][name]}
        assert {row[name]: row["disclosures"] for row in data[key]} == facet
    assert {r["year"]: r["disclosures"] for r in data["by_year"] if r["disclosures"]} == {
        f["value"]: f["count"] for f in api["facets"]["year"]
    }
    assert sum(r["disclosures"] for r in data["by_month"]) == 8
    refused = next(r for r in data["outcomes"] if r["outcome"] == "refused")
    assert refused["share"] == 0.125
    assert data["category"] == "council"
    assert "gss:E08000019" in data["identifiers"]
    assert data["nation"] == "england-and-wales"

    page = client.get("/authority/sheffield-city-council")
    soup = BeautifulSoup(page.data, "html.parser")
    assert soup.h1.get_text(strip=True) == SHEFFIELD
    facts = soup.select_one("dl.authority-facts").get_text(" ", strip=True)
    assert "8 disclosures" in facts and "gss:E08000019" in facts and "council" in facts
    median = data["median_working_days"]
    assert soup.select_one(".median-days").get_text() == f"{median:g}"

    rows = list(csv.reader(io.StringIO(client.get("/authority/sheffield-city-council.csv").text)))
    assert rows[0] == ["figure", "value", "disclosures", "share"]
    assert ["outcome", "refused", "1", "0.125"] in rows
    assert rows[-1] == ["median_working_days", f"{median}", str(len(data["response_times"])), ""]


def test_year_counts_agree_with_the_cli(client: FlaskClient, sample_home: Settings) -> None:
    """Every authority page's years, added up with the disclosures that name no authority
    (from `disclosure-search export`), are `stats --by year`."""
    exported = subprocess.run(
        [sys.executable, "-m", "disclosure_search", "export", "--home", str(sample_home.home)],
        capture_output=True, text=True, check=True, timeout=120,
    ).stdout  # fmt: skip
    total: Counter[str] = Counter()
    for line in exported.splitlines():
        row = json.loads(line)
        if not row["authority"]:
            total[row["date"][:4] if row["date"] else NOT_STATED] += 1
    for row in client.get("/authorities.json").get_json()["authorities"]:
        page = client.get(f"/authority/{row['slug']}.json").get_json()
        for y in page["by_year"]:
            total[y["year"]] += y["disclosures"]
        total[NOT_STATED] += page["disclosures"] - sum(y["disclosures"] for y in page["by_year"])
    assert {k: v for k, v in total.items() if v} == cli_counts(sample_home, "year")


def test_median_working_days_by_hand(client: FlaskClient) -> None:
    data = client.get(f"/authority/{slugify(MHCLG)}.json").get_json()
    times = {t["received"]: t["working_days"] for t in data["response_times"]}
    # Received Wed 12 Jun 2019, answered Mon 24 Jun: 13, 14, 17-21, 24 June.
    assert times["2019-06-12"] == 8
    # Received Thu 2 Aug 2018, answered Wed 26 Sep: 39 weekdays after receipt, less the
    # August bank holiday (27 Aug).
    assert times["2018-08-02"] == 38
    assert data["median_working_days"] == 23.0
    # Cumbria: received Mon 15 Sep 2025, answered Mon 13 Oct, four weeks and no holiday.
    cumbria = client.get("/authority/cumbria-constabulary.json").get_json()
    assert cumbria["median_working_days"] == 20.0
    row = next(
        r
        for r in client.get("/authorities.json").get_json()["authorities"]
        if r["authority"] == MHCLG
    )
    assert row["median_working_days"] == 23.0 and row["timed"] == 2


def test_nations_from_the_register(client: FlaskClient) -> None:
    east_lothian = client.get("/authority/east-lothian-council.json").get_json()
    assert east_lothian["nation"] == "scotland"
    assert "gss:S12000010" in east_lothian["identifiers"]
    psni = client.get("/authority/police-service-of-northern-ireland.json").get_json()
    assert psni["nation"] == "northern-ireland" and psni["category"] == "police"


def test_filters_agree_with_search_facets(client: FlaskClient) -> None:
    for args, search in (
        ({"year": "2023"}, {"from": "2023-01-01", "to": "2023-12-31"}),
        ({"topic": "housing"}, {"topic": "housing"}),
    ):
        rows = client.get("/authorities.json", query_string=args).get_json()["authorities"]
        api = client.get("/api/search", query_string=search).get_json()
        assert {r["authority"]: r["disclosures"] for r in rows} == {
            f["value"]: f["count"] for f in api["facets"]["authority"]
        }
    police = client.get("/authorities.json?category=police").get_json()["authorities"]
    assert {r["authority"] for r in police} == {
        "Cumbria Constabulary",
        "Police Service of Northern Ireland",
    }


def test_sorting_by_column_links(client: FlaskClient) -> None:
    rows = client.get("/authorities.json?sort=median_working_days&order=asc").get_json()
    medians = [r["median_working_days"] for r in rows["authorities"]]
    known = [m for m in medians if m is not None]
    assert known == sorted(known) and medians[: len(known)] == known  # missing ones last
    soup = BeautifulSoup(client.get("/authorities?sort=refusal_share").data, "html.parser")
    current = soup.select_one("th[aria-sort]")
    assert current["aria-sort"] == "descending"
    assert "order=asc" in current.a["href"]  # following it again reverses the order
    shares = [tr.find_all("td")[2].get_text() for tr in soup.select("table.compare-table tbody tr")]
    assert shares[0] == "16.7%"  # MHCLG: one refusal in six


def test_bad_arguments_and_unknown_authorities(client: FlaskClient) -> None:
    assert client.get("/authority/no-such-body").status_code == 404
    missing = client.get("/authority/no-such-body.json")
    assert missing.status_code == 404 and "error" in missing.get_json()
    assert client.get("/authorities?year=twenty").status_code == 400
    assert client.get("/authorities.json?sort=colour").status_code == 400


def test_authority_names_link_to_their_pages(client: FlaskClient) -> None:
    soup = BeautifulSoup(client.get("/search?q=physiotherapy").data, "html.parser")
    link = next(a for a in soup.select(".hit .meta a") if a.get_text() == "Coventry City Council")
    assert link["href"] == "/authority/coventry-city-council"
    assert client.get(link["href"]).status_code == 200
    hit = client.get("/api/search?q=physiotherapy").get_json()["results"][0]
    page = BeautifulSoup(client.get(f"/disclosure/{hit['doc_id']}").data, "html.parser")
    assert page.find("a", href="/authority/coventry-city-council") is not None


# --- Review fixes (issue 13): letters whose authority and dates we set, ingested for real.

COVENTRY = SAMPLES_DIR / "coventry_FOI759201887.txt"
EVIL = '=HYPERLINK("http://evil","x")'
GREEK = "Υπουργείο Υγείας"


def write_letter(folder: Path, ref: str, authority: str, received: str) -> None:
    """The real Coventry letter under another reference, with a 'Public Authority:' line (the
    metadata stage takes the authority from it) and a sentence saying when it was received."""
    text = COVENTRY.read_text(encoding="utf-8").replace("FOI759201887", ref)
    text = text.replace(
        "13 November 2025\n", f"13 November 2025\n\nPublic Authority: {authority}\n", 1
    )
    text = text.replace(
        "Thank you for", f"Your request was received on {received}. Thank you for", 1
    )
    (folder / f"{ref}.txt").write_text(text, encoding="utf-8")


@pytest.fixture(scope="module")
def odd_client(tmp_path_factory: pytest.TempPathFactory) -> FlaskClient:
    """An index of three such letters (all dated 13 November 2025): a formula for a name, and
    a Greek ministry received on an impossible date once and on 16 October 2025 once."""
    root = tmp_path_factory.mktemp("odd")
    letters = root / "letters"
    letters.mkdir()
    write_letter(letters, "FOI100000001", EVIL, "16 October 2025")
    write_letter(letters, "FOI100000002", GREEK, "15/09/0025")
    write_letter(letters, "FOI100000003", GREEK, "16 October 2025")
    settings = Settings(home=root / "home")
    assert ingest_paths(settings, [letters]).failed == 0
    return create_app({"HOME": str(settings.home), "TESTING": True}).test_client()


@pytest.mark.parametrize("year", ["0000", "²²²²", "1899", "2101", "24", "twenty"])
def test_a_year_out_of_range_is_a_400_naming_the_range(client: FlaskClient, year: str) -> None:
    page = client.get("/authorities", query_string={"year": year})
    assert page.status_code == 400 and "1900 to 2100" in page.text
    data = client.get("/authorities.json", query_string={"year": year})
    assert data.status_code == 400 and "1900 to 2100" in data.get_json()["error"]
    with pytest.raises(InvalidQueryError):
        Filters(year=0)


def test_csv_cells_cannot_run_as_formulas(odd_client: FlaskClient) -> None:
    compared = list(csv.DictReader(io.StringIO(odd_client.get("/authorities.csv").text)))
    row = next(r for r in compared if "HYPERLINK" in r["authority"])
    assert row["authority"] == "'" + EVIL
    named = {r["authority"] for r in odd_client.get("/authorities.json").get_json()["authorities"]}
    assert EVIL in named  # JSON keeps the name as printed
    page = odd_client.get(f"/authority/{row['slug']}.csv")
    cells = [cell for line in csv.reader(io.StringIO(page.text)) for cell in line]
    assert "'" + EVIL in cells
    assert not any(cell.startswith(("=", "+", "-", "@")) for cell in cells)


def test_non_latin_names_have_pages_and_links(odd_client: FlaskClient) -> None:
    slug = slugify(GREEK)
    assert slug == "υπουργειο-υγειας"
    soup = BeautifulSoup(odd_client.get("/authorities").data, "html.parser")
    link = next(a for a in soup.select("table.compare-table a") if a.get_text() == GREEK)
    assert unquote(link["href"]) == f"/authority/{slug}"
    page = odd_client.get(link["href"])
    assert page.status_code == 200
    assert BeautifulSoup(page.data, "html.parser").h1.get_text(strip=True) == GREEK
    results = BeautifulSoup(odd_client.get("/search?q=physiotherapy").data, "html.parser")
    assert {unquote(a["href"]) for a in results.select(".hit .meta a") if a.get_text() == GREEK}
    assert odd_client.get(f"/authority/{slug}.json").get_json()["authority"] == GREEK
    download = odd_client.get(f"/authority/{slug}.csv")
    assert download.status_code == 200
    assert quote(f"{slug}.csv") in download.headers["Content-Disposition"]


def test_impossible_received_dates_are_left_out(odd_client: FlaskClient) -> None:
    data = odd_client.get(f"/authority/{slugify(GREEK)}.json").get_json()
    # Received Thu 16 Oct 2025, answered Thu 13 Nov: four weeks, no bank holiday.
    assert [(t["received"], t["working_days"]) for t in data["response_times"]] == [
        ("2025-10-16", 20)
    ]
    assert data["median_working_days"] == 20.0
    (row,) = [
        r for r in odd_client.get("/authorities.json").get_json()["authorities"]
        if r["authority"] == GREEK
    ]  # fmt: skip
    assert (row["timed"], row["median_working_days"]) == (1, 20.0)
    answered = date(2025, 11, 13)
    assert time_response("d", date(25, 9, 15), answered, "england-and-wales") is None
    assert time_response("d", date(1989, 12, 29), date(1990, 1, 5), "england-and-wales") is None
    assert time_response("d", date(2025, 11, 14), answered, "england-and-wales") is None
    assert time_response("d", date(2022, 11, 1), answered, "england-and-wales") is None
    assert time_response("d", date(2025, 10, 16), answered, "england-and-wales").working_days == 20


def test_years_without_disclosures_are_shown_as_none(client: FlaskClient) -> None:
    data = client.get("/authority/east-lothian-council.json").get_json()
    assert [(y["year"], y["disclosures"]) for y in data["by_year"]] == [
        ("2018", 706), ("2019", 0), ("2020", 2)
    ]  # fmt: skip
    rows = list(csv.reader(io.StringIO(client.get("/authority/east-lothian-council.csv").text)))
    assert ["year", "2019", "0", ""] in rows


def test_one_format_suffix_for_both_addresses(client: FlaskClient) -> None:
    for url in ("/authority/sheffield-city-council.xml", "/authorities.xml"):
        assert client.get(url).status_code == 404
    assert client.get("/authority/sheffield-city-council.csv").mimetype == "text/csv"
    assert client.get("/authorities.csv").mimetype == "text/csv"


def test_a_new_authority_is_found_after_the_next_ingest(tmp_path: Path) -> None:
    """Slugs are kept per index generation: an ingest must bring new authorities in."""
    letters = tmp_path / "letters"
    letters.mkdir()
    write_letter(letters, "FOI100000001", "Walberswick Parish Council", "16 October 2025")
    settings = Settings(home=tmp_path / "home")
    ingest_paths(settings, [letters])
    client = create_app({"HOME": str(settings.home), "TESTING": True}).test_client()
    assert client.get("/authority/walberswick-parish-council.json").status_code == 200
    assert client.get(f"/authority/{slugify(GREEK)}.json").status_code == 404
    write_letter(letters, "FOI100000002", GREEK, "16 October 2025")
    ingest_paths(settings, [letters])
    assert client.get(f"/authority/{slugify(GREEK)}.json").get_json()["disclosures"] == 1


def test_a_body_the_register_does_not_hold_takes_the_category_its_name_says() -> None:
    # Renamed since the register was taken (its old name is 'Nottinghamshire Healthcare NHS
    # Trust'); the name still says what kind of body it is.
    renamed = find_authority_info("Nottinghamshire Healthcare NHS Foundation Trust")
    assert renamed.category == "nhs" and not renamed.identifiers
    assert find_authority_info("Sheffield City Council").identifiers  # held: its own row
    assert find_authority_info("Some Body Unknown").category == ""
