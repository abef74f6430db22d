"""Snippets that read well (issue 10): matching sentences, never a letter's address block;
fragments joined by " … "; log-table rows shown by their own fields. Real letters and rows
from the samples, searched in the sample index."""

from __future__ import annotations

import pytest

from disclosure_search.config import SAMPLES_DIR, Settings
from disclosure_search.models import SearchQuery
from disclosure_search.search import SearchIndex
from disclosure_search.snippets import find_units, is_furniture_line, plain_excerpt, row_fields

COVENTRY_LETTER = (SAMPLES_DIR / "coventry_FOI759201887.txt").read_text(encoding="utf-8")


@pytest.mark.parametrize(
    "line",
    [
        "CV6 9SL",  # postcodes, phone and fax numbers, addresses of the letterheads
        "SW1P 4DF\tTel: 020 7035 4848",
        "Fax: 020 7035 4745",
        "Phone: 024 7697 5408",
        "E-mail: infogov@coventry.gov.uk",
        "www.homeoffice.gov.uk",
        "Our reference: 3375675 Information request",
        "Reference:  FS50379341",
        "Date:",
        "Dear Sheffield City Council,",
        "Yours faithfully,",
        "> http://test.righttoknow.org.au/help/contact",
    ],
)
def test_address_and_contact_lines_are_furniture(line: str) -> None:
    assert is_furniture_line(line.strip())


@pytest.mark.parametrize(
    "line",
    [
        "Freedom of Information Act 2000 (FOIA)",
        "The number of potholes recorded each year, including potholes reported by the public",
        "Thank you for your e-mail enquiry.",
        "We hold 3 records from 2023.",
    ],
)
def test_sentences_and_headings_are_not_furniture(line: str) -> None:
    assert not is_furniture_line(line)


def test_a_letter_starts_after_its_letterhead() -> None:
    units = find_units(COVENTRY_LETTER)
    first = next(u for u in units if not u.furniture)
    assert COVENTRY_LETTER[first.start : first.end] == "Freedom of Information Act 2000 (FOIA)"
    furniture = [COVENTRY_LETTER[u.start : u.end] for u in units if u.furniture]
    assert "PO Box 7097" in furniture and "Dear Sir/Madam" in furniture
    assert plain_excerpt(COVENTRY_LETTER).startswith("Freedom of Information Act 2000")


def test_sentences_split_at_full_stops_but_not_before_numbers() -> None:
    text = "This is held. Please see below.\nUnder para. 19 of Schedule 2 it is exempt."
    said = [text[u.start : u.end] for u in find_units(text)]
    assert said == [
        "This is held.",
        "Please see below.",
        "Under para. 19 of Schedule 2 it is exempt.",
    ]


def test_row_fields_leave_out_what_the_hit_shows() -> None:
    east_lothian = (
        "Title: Homeless Deaths\nLast updated at: 2018-10-01T00:00:00\nTags: east lothian"
    )
    assert row_fields(east_lothian, ["Homeless Deaths", "2018-10-01"]) == "Tags: east lothian"
    amber_valley = (
        "Authority Name: Amber Valley Borough Council\nCSC FOIs on this LA: 1\nFOI Requests: "
        "13/09/2023: Awaiting classification - Council Tax Exemption Policy for Care Leavers"
    )
    shown = row_fields(amber_valley, ["Amber Valley Borough Council"])
    assert shown.startswith("CSC FOIs on this LA: 1 · FOI Requests: 13/09/2023: Awaiting")


def snippets(home: Settings, text: str) -> list[str]:
    return [h.snippet for h in SearchIndex(home).search(SearchQuery(text=text, limit=20)).hits]


@pytest.mark.parametrize("text", ["coventry", "sheffield", "council", "whatdotheyknow"])
def test_snippets_never_show_the_address_block(sample_home: Settings, text: str) -> None:
    for snippet in snippets(sample_home, text):
        for furniture in ("PO Box", "CV6 9SL", "SW1P 4DF", "Our reference:", "Dear ", "Tel:"):
            assert furniture not in snippet, (text, snippet)


def test_snippets_start_at_the_matching_sentence(sample_home: Settings) -> None:
    [snippet] = snippets(sample_home, "physiotherapy")
    assert snippet.startswith("What is the current annual budget for occupational")
    assert snippet.endswith("?") or snippet.endswith("…")


def test_fragments_are_joined_by_an_ellipsis(sample_home: Settings) -> None:
    joined = [s for s in snippets(sample_home, "pothole") if " … " in s]
    assert joined, "a letter matching in two places shows both, joined"
    assert not any("..." in s for s in snippets(sample_home, "pothole"))


def test_log_rows_show_their_own_fields(sample_home: Settings) -> None:
    rows = snippets(sample_home, "homeless")
    assert rows and not any("Title:" in s or "Last updated" in s for s in rows)
    [care] = [s for s in snippets(sample_home, "care leavers") if "FOI Requests:" in s][:1]
    assert not care.startswith("Authority Name")
    assert '<b class="match' in care, "the query's words are marked in the row's fields"
