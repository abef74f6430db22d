"""Metadata accuracy over every hand-labelled document: the sample files and the derived ones.

Thresholds are issue 9's, over dev, derived and dev2 together: 95% for request ID, date and
authority; 90% for exemptions (as sets) and outcome; no document may lose a field to a fault.
The per-field table is part of the failure message, so it shows without -s.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from disclosure_search.config import SAMPLES_DIR
from indexer.evaluate import FieldScore, evaluate_all, format_table
from indexer.extract.ocr import ocr_missing

TRUTH_FILES = [
    SAMPLES_DIR / "truth.jsonl",
    Path(__file__).parent / "fixtures" / "truth.jsonl",
    Path(__file__).parent / "fixtures" / "dev2" / "truth.jsonl",
]
THRESHOLDS = {
    "request_id": 0.95,
    "date": 0.95,
    "authority": 0.95,
    "exemptions": 0.90,
    "outcome": 0.90,
    "faults": 1.0,  # no labelled document loses a field to a reader's fault
}


@pytest.fixture(scope="module")
def scores() -> dict[str, FieldScore]:
    if reason := ocr_missing():
        pytest.skip(f"two labelled documents are scans: {reason}")
    return evaluate_all(TRUTH_FILES)


def report(scores: dict[str, FieldScore]) -> str:
    """The table and every miss, as `disclosure-search evaluate` prints them."""
    lines = [format_table(scores)]
    lines += [f"  {name} miss: {miss}" for name, s in scores.items() for miss in s.misses]
    return "\n".join(lines)


def test_every_truth_file_is_scored(scores: dict[str, FieldScore]) -> None:
    labelled = sum(
        1 for path in TRUTH_FILES for line in path.read_text().splitlines() if line.strip()
    )
    # Each label is scored on request_id (letters), as a log table or as a failure.
    scored = sum(scores[name].total for name in ("request_id", "log", "failure") if name in scores)
    assert scored == labelled, report(scores)


@pytest.mark.parametrize("field", sorted(THRESHOLDS))
def test_field_accuracy_meets_threshold(scores: dict[str, FieldScore], field: str) -> None:
    print(report(scores))
    accuracy = scores[field].accuracy
    assert accuracy >= THRESHOLDS[field], (
        f"{field} accuracy {accuracy:.0%} is below {THRESHOLDS[field]:.0%}\n{report(scores)}"
    )
