"""The two PDF engines on real PDFs: PDFium (optional, fast) reads what pdfminer (the default)
reads, hands back to pdfminer what it cannot do, and a missing pypdfium2 never fails a run.

tests/test_extract.py runs every PDF test with each engine; this file checks what differs.
"""

from __future__ import annotations

import sys
from collections import Counter
from pathlib import Path

import pytest

from disclosure_search.config import PDF_ENGINE_VARIABLE, SAMPLES_DIR
from indexer.extract import Extracted, extract_document
from indexer.extract.pdfium import ENGINE_HINT, pdf_engine, read_pdfium

FIXTURES = Path(__file__).resolve().parent / "fixtures"
LETTERS = [
    SAMPLES_DIR / "cumbria_police_FOI-1306-25.pdf",  # tables read row by row
    SAMPLES_DIR / "ico_decision_notice_FS50379341.pdf",
    SAMPLES_DIR / "psni_F-2010-00325.pdf",
    SAMPLES_DIR / "tfl_right_to_appeal_attachment.pdf",
    FIXTURES / "dev2" / "nzpolice_IR-01-22-18456_reasonable_grounds.pdf",  # letter-spaced runs
    FIXTURES / "dev2" / "nzpolice_IR-01-23-34244_drug_policies.pdf",  # hyphens set apart
]
PDF_LOG = FIXTURES / "defence_foi-log-q1-2024_reportlab.pdf"


def read(path: Path, engine: str, monkeypatch: pytest.MonkeyPatch) -> Extracted:
    monkeypatch.setenv(PDF_ENGINE_VARIABLE, engine)
    return extract_document(path.read_bytes(), path.name)


def shared_words(a: Extracted, b: Extracted) -> float:
    """The share of words both readings hold, order ignored (what the index sees)."""
    words_a = Counter(" ".join(p.text for p in a.parts).split())
    words_b = Counter(" ".join(p.text for p in b.parts).split())
    both = sum((words_a & words_b).values())
    return 2 * both / (sum(words_a.values()) + sum(words_b.values()))


@pytest.mark.parametrize("path", LETTERS, ids=[p.name[:40] for p in LETTERS])
def test_pdfium_reads_the_pages_pdfminer_reads(path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    pytest.importorskip("pypdfium2")
    slow, fast = read(path, "pdfminer", monkeypatch), read(path, "pdfium", monkeypatch)
    assert ENGINE_HINT not in fast.hints  # PDFium did the reading
    assert (fast.format, fast.title, fast.hints) == (slow.format, slow.title, slow.hints)
    assert [(p.label, p.page) for p in fast.parts] == [(p.label, p.page) for p in slow.parts]
    assert shared_words(slow, fast) >= 0.95
    for page in fast.parts:
        assert " r n t " not in page.text and "\r" not in page.text and "\uf0b7" not in page.text


def test_pdfium_hands_a_log_table_to_pdfminer() -> None:
    pytest.importorskip("pypdfium2")
    data = PDF_LOG.read_bytes()
    assert b"%%EOF" in data[-64:]  # a whole file: the header alone sends it to pdfminer
    assert read_pdfium(data) is None
    assert read_pdfium((SAMPLES_DIR / "cumbria_police_FOI-1306-25.pdf").read_bytes()) is not None


@pytest.mark.parametrize(
    "name",
    [
        "ico_decision_notice_FS50379341_encrypted.pdf",
        "ico_decision_notice_FS50379341_truncated60.pdf",
    ],
)
def test_pdfium_hands_a_file_it_cannot_open_to_pdfminer(name: str) -> None:
    pytest.importorskip("pypdfium2")
    assert read_pdfium((FIXTURES / name).read_bytes()) is None  # pdfminer says why


def test_pdfium_without_pypdfium2_falls_back_to_pdfminer_and_says_so(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    path = SAMPLES_DIR / "psni_F-2010-00325.pdf"
    default = read(path, "pdfminer", monkeypatch)
    monkeypatch.setitem(sys.modules, "pypdfium2", None)  # as where it is not installed
    result = read(path, "pdfium", monkeypatch)
    note = "pdfminer: pypdfium2 is not installed (pip install pypdfium2)"
    assert result.hints == {**default.hints, ENGINE_HINT: note}
    assert result.parts == default.parts and result.title == default.title


def test_unknown_engine_name_reads_with_pdfminer_and_says_so(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.setenv(PDF_ENGINE_VARIABLE, "PDFium2")
    assert pdf_engine() == ("pdfminer", f"pdfminer: unknown {PDF_ENGINE_VARIABLE}='pdfium2'")
    monkeypatch.delenv(PDF_ENGINE_VARIABLE)
    assert pdf_engine() == ("pdfminer", None)  # the default


def test_engine_name_is_read_case_and_space_insensitive(monkeypatch: pytest.MonkeyPatch) -> None:
    pytest.importorskip("pypdfium2")
    monkeypatch.setenv(PDF_ENGINE_VARIABLE, " PDFium ")
    assert pdf_engine() == ("pdfium", None)
