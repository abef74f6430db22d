"""Nothing is dropped at the metadata stage: every input that extracts is indexed.

Generated letters (benchmarks/letters.py, built from real log rows) and text made by
hypothesis from the lines of real letters and the shapes that broke readers before go
through the real extract and metadata stages; none may lose a field to a reader's fault.
"""

from __future__ import annotations

from pathlib import Path

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from benchmarks.letters import make_letters
from disclosure_search.config import SAMPLES_DIR, Settings
from indexer.extract import extract_document
from indexer.metadata import build_disclosures
from indexer.metadata.guard import FAULT_NOTE, fault_notes, read_field
from indexer.pipeline import ingest_paths

REAL_TEXTS = [SAMPLES_DIR / "coventry_FOI759201887.txt"]
# Shapes that have tripped readers: lettered items, bare labels, brackets, odd dates.
AWKWARD_LINES = [
    "a) ", "(b)", "Q1", "Question 2 -", "1.", "1)", "Our ref:", "Date:", "Ref", "Dear ,",
    "Section 40(", "regulation 12(4)(", "s.", "FOI/", "IR-01-", "31/02/2023", "0th March 2021",
    "🚑 (unclosed", "Yours sincerely", "Public Authority:", "From: <>", "Subject: RE:",
    "Thank you for your request received on", "", "   ", "\t", "—", "£", "100%",
]  # fmt: skip


def metadata_faults(text: str, name: str = "letter.txt") -> list[str]:
    """The fault notes of the disclosures `text` becomes (extracted as a plain file)."""
    extracted = extract_document(text.encode("utf-8"), name)
    disclosures = build_disclosures(extracted, name, "0" * 64)
    assert disclosures, "a document that extracts becomes at least one disclosure"
    return [n for d in disclosures for n in d.notes if n.startswith(FAULT_NOTE)]


def test_generated_letters_lose_no_field() -> None:
    faulty = {}
    for letter in make_letters(300):
        if notes := metadata_faults(letter.text, letter.name):
            faulty[letter.name] = notes
    assert not faulty


def real_lines() -> list[str]:
    lines = [line for p in REAL_TEXTS for line in p.read_text(encoding="utf-8").splitlines()]
    lines += [line for letter in make_letters(20, seed=3) for line in letter.text.splitlines()]
    return [line for line in lines if line.strip()][:400] + AWKWARD_LINES


@settings(
    max_examples=150,
    deadline=None,
    derandomize=True,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large],
)
@given(st.lists(st.sampled_from(real_lines()), min_size=1, max_size=40))
def test_any_mix_of_letter_lines_loses_no_field(lines: list[str]) -> None:
    assert metadata_faults("\n".join(lines)) == []


def test_generated_letters_ingest_without_failures(tmp_path: Path) -> None:
    folder = tmp_path / "letters"
    folder.mkdir()
    for letter in make_letters(60, seed=5):
        (folder / letter.name).write_text(letter.text, encoding="utf-8")
    report = ingest_paths(Settings(home=tmp_path / "home"), [folder])
    assert report.failures == []
    assert (report.indexed, report.disclosures) == (60, 60)


def test_a_failing_reader_leaves_only_its_field_empty() -> None:
    faults: list[str] = []
    assert read_field("date", lambda: [][1], None, faults) is None
    assert read_field("title", lambda: "Potholes", None, faults) == "Potholes"
    assert faults == ["date (IndexError: list index out of range)"]
    assert fault_notes(faults) == (
        "Metadata not read automatically: date (IndexError: list index out of range).",
    )
    assert fault_notes([]) == ()
