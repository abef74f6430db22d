"""Metadata rules on real strings: reference, date, title, exemption and outcome formats."""

from __future__ import annotations

from datetime import date

import pytest

from disclosure_search.refs import normalise_request_id
from indexer.metadata.authority import find_authority
from indexer.metadata.dates import find_dates, find_response_date
from indexer.metadata.exemptions import find_exemptions
from indexer.metadata.outcome import find_outcome
from indexer.metadata.refs import find_request_ids
from indexer.metadata.title import clean_title, find_title, split_site_title
from indexer.topics import find_topics


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Request ID: FOI759201887\nThank you", "FOI759201887"),
        ("Request Number: F-2010-00325\nKeyword: Police", "F-2010-00325"),
        ("Our ref: 01/FOI/25/006753/Z\n", "01/FOI/25/006753/Z"),
        (
            "Your reference: FOI-24576-25-0300-000\nMy Reference: FOI 1306/25\n",
            "FOI 1306/25",
        ),
        ("Freedom of Information Request - FOI / 2022-23-1202", "FOI / 2022-23-1202"),
        ("Environmental Information Request - EIR / 1737088 ", "EIR / 1737088"),
        ("Reference: T5741/15\nDear Mr Young", "T5741/15"),
        ("Our reference: 1406745\n", "1406745"),
        ("Case Reference Number FS50379341\n", "FS50379341"),
        ("our case IC-123456-A1B2 was closed", "IC-123456-A1B2"),
    ],
)
def test_request_id_formats(text: str, expected: str) -> None:
    assert find_request_ids(text)[0] == expected


def test_request_id_skips_the_requesters_reference() -> None:
    assert "FOI-24576-25-0300-000" not in find_request_ids("Your reference: FOI-24576-25-0300-000")


@pytest.mark.parametrize(
    "variant", ["FOI/2023/0123", "FOI 2023 0123", "foi-2023-0123", " foi_2023.0123 "]
)
def test_request_id_normal_form_folds_variants(variant: str) -> None:
    assert normalise_request_id(variant) == "FOI20230123"


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("13 November 2025", date(2025, 11, 13)),
        ("13th October 2025", date(2025, 10, 13)),
        ("Date:10/10/2025", date(2025, 10, 10)),
        ("1st of March 2024", date(2024, 3, 1)),
        ("September 30, 2011", date(2011, 9, 30)),
        ("2024-02-21", date(2024, 2, 21)),
    ],
)
def test_date_formats(text: str, expected: date) -> None:
    assert find_dates(text)[0][1] == expected


def test_response_date_is_the_letter_date_not_the_received_date() -> None:
    letter = "Information Governance\n\nWe received your request on 1 October 2025.\n"
    assert find_response_date("Coventry\n\n13 November 2025\n\nDear Sir\n" + letter) == date(
        2025, 11, 13
    )
    assert find_response_date("Your request was received on 01/10/2025.") is None


def test_no_date_means_none() -> None:
    assert find_response_date("No date is printed in this letter.") is None


def test_title_drops_reply_and_request_noise() -> None:
    assert clean_title("RE: Freedom of Information request - Pothole reports") == (
        "Pothole reports"
    )
    assert clean_title("FW: FOI request - CCTV cameras") == "CCTV cameras"


def test_title_from_relating_to_phrase() -> None:
    text = "Thank you for your request for information relating to Council Occupational "
    text += "Physiotherapy Service.\n"
    assert find_title(None, text) == "Council Occupational Physiotherapy Service"


def test_site_title_names_the_authority() -> None:
    title = "PSL Schemes - a Freedom of Information request to Ministry of Housing - WhatDoTheyKnow"
    assert split_site_title(title) == ("PSL Schemes", "Ministry of Housing")


def test_exemptions_normalised_and_other_acts_ignored() -> None:
    text = (
        "The information is exempt under Section 40(2) of the Freedom of Information Act. "
        "We also rely on regulation 12(4)(b) and Regulation 13 of the EIR. "
        "Section 21 of the Local Government Act 1972 does not apply."
    )
    assert find_exemptions(text) == ("reg12(4)(b)", "reg13", "s40(2)")


@pytest.mark.parametrize(
    ("text", "outcome"),
    [
        ("I can confirm that the Council does not hold the information requested.", "not held"),
        ("Your request is refused as it would exceed the appropriate limit.", "refused"),
        ("Some names have been redacted under section 40(2).", "partially granted"),
        ("Please find attached the information you requested.", "granted"),
        ("Thank you for your email.", "unknown"),
    ],
)
def test_outcome_rules(text: str, outcome: str) -> None:
    assert find_outcome(text)[0] == outcome


def test_authority_from_letterhead_and_known_list() -> None:
    assert find_authority("Postal Address:\nCoventry City Council\nPO Box 7097\n", {}) == (
        "Coventry City Council"
    )
    assert find_authority("text", {"from": "foi@sheffield.gov.uk"}) == "Sheffield City Council"
    assert find_authority("text", {"authority": "MHCLG"}) == (
        "Ministry of Housing, Communities and Local Government"
    )


def test_topics_from_taxonomy() -> None:
    topics = find_topics("Pothole reports and repairs", "potholes reported on the highway")
    assert topics[0] == "highways"
