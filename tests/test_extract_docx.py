"""Word letters whose letterhead sits in text boxes (real NHS trust replies in dev2)."""

from __future__ import annotations

from pathlib import Path

import pytest

from indexer.extract import extract_document

DEV2 = Path(__file__).parent / "fixtures" / "dev2"


@pytest.mark.parametrize(
    ("name", "printed"),
    [
        ("nhs_lypft_FOI-3827_housing_support.docx", "Our Ref:  FOI-3827"),
        ("nhs_berkshire_FOI-008_housing_support.docx", "http://www.berkshirehealthcare.nhs.uk"),
    ],
)
def test_text_boxes_are_read_once(name: str, printed: str) -> None:
    text = extract_document((DEV2 / name).read_bytes(), name).parts[0].text
    # Each box is stored twice (DrawingML and its VML fallback); it must be read once.
    assert text.count(printed) == 1
    assert text.index(printed) < text.index("Dear ")  # in the letterhead, before the letter
