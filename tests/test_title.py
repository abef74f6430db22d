"""Titles: a reference heading names the subject; a file's title property is weaker than
the letter's own words (PDF and Word properties are often a template's leftovers)."""

from __future__ import annotations

import pytest

from disclosure_search.models import Part
from indexer.extract.result import Extracted
from indexer.metadata.response import title_of
from indexer.metadata.title import find_title


@pytest.mark.parametrize(
    ("heading", "subject"),
    [  # as printed at the top of real NHS trusts' replies (tests/fixtures/dev2)
        ("FOI3310 – Concerning housing support in Mental Health services.",
         "Concerning housing support in Mental Health services"),
        ("Our Ref: FOI - 2137 - Housing Support", "Housing Support"),
        ("FOI_0316_22/22 – FOI request concerning – Housing Support", "Housing Support"),
        ("Ref: 12345 - Parking fines issued in 2023", "Parking fines issued in 2023"),
    ],
)  # fmt: skip
def test_a_reference_heading_gives_the_subject(heading: str, subject: str) -> None:
    assert find_title(None, f"{heading}\nDear Sir,\nThank you for your request.") == subject


@pytest.mark.parametrize(
    "text",
    [
        "Ref: 12345 - 2 March 2023\nDear Sir,",  # a date, not a subject
        "Section 40 - personal data was withheld from the answer below.\n",
    ],
)
def test_no_subject_is_made_from_a_date_or_prose(text: str) -> None:
    assert find_title(None, text) is None


def letter(fmt: str, title: str, text: str) -> Extracted:
    return Extracted(format=fmt, parts=(Part(1, "page 1", text, kind="page"),), title=title)


def test_a_file_property_title_yields_to_the_letter_subject() -> None:
    text = "FOI3310 – Concerning housing support\nDear Sir,"
    assert title_of(letter("pdf", "FOI3310 Final Response draft", text), text, "") == (
        "Concerning housing support"
    )
    # With no subject in the text, the property is still better than nothing.
    assert title_of(letter("pdf", "Bus lane fines", "Dear Sir,"), "Dear Sir,", "") == (
        "Bus lane fines"
    )


def test_a_page_or_mail_title_is_declared_and_wins() -> None:
    text = "FOI3310 – Concerning housing support\nDear Sir,"
    assert title_of(letter("eml", "RE: Bus lane fines", text), text, "") == "Bus lane fines"


@pytest.mark.parametrize(  # title properties of real replies in tests/fixtures/dev2
    "junk",
    ["«TITLE»«SURNAME»", "To", "Subject", "GPT", "14 May 2007", "Letterhead template colour"],
)
def test_a_junk_title_property_is_passed_over(junk: str) -> None:
    text = "Dear Sir,\n1. How many housing officers do you employ?\nWe employ two."
    assert title_of(letter("docx", junk, text), text, "How many housing officers") == (
        "How many housing officers"
    )
