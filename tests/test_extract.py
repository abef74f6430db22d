"""The extract stage on real documents: every format, the log tables and the error cases."""

from __future__ import annotations

import dataclasses
import functools
import hashlib
import io
import os
import random
import re
import shutil
import zipfile
from datetime import datetime
from pathlib import Path

import pytest

from disclosure_search.config import PDF_ENGINE_VARIABLE, PDF_ENGINES, SAMPLES_DIR
from disclosure_search.errors import ExtractError
from indexer.extract import Extracted, LogRow, extract_document, sniff
from indexer.extract.pdflayout import Layout, read_layout
from indexer.extract.pdftable import find_log_table
from indexer.extract.uudecode import find_uuencoded

SAMPLES = SAMPLES_DIR
FIXTURES = Path(__file__).resolve().parent / "fixtures"
HAS_OCR = bool(shutil.which("tesseract") and shutil.which("pdftoppm"))


def extract(path: Path) -> Extracted:
    return extract_document(path.read_bytes(), path.name)


def extracted(path: Path) -> Extracted:
    """extract(path), once per test run and PDF engine: for files several tests read (never with
    PATH changed)."""
    return _extracted(path, os.environ.get(PDF_ENGINE_VARIABLE, ""))


@functools.cache
def _extracted(path: Path, engine: str) -> Extracted:
    return extract(path)


@pytest.fixture(params=PDF_ENGINES)
def engine(request: pytest.FixtureRequest, monkeypatch: pytest.MonkeyPatch) -> str:
    """Each PDF engine in turn (DISCLOSURE_SEARCH_PDF_ENGINE); PDFium only where installed."""
    if request.param == "pdfium":
        pytest.importorskip("pypdfium2")
    monkeypatch.setenv(PDF_ENGINE_VARIABLE, request.param)
    return request.param


def full_text(result: Extracted) -> str:
    return "\n".join(part.text for part in result.parts)


# --- every file of the shared corpus extracts with the right outcome ----------------------

NOT_DOCUMENTS = ("SOURCES.tsv", "truth.jsonl", "README.md")  # manifests beside the samples
DEFENCE_LOG = "defence__foi-disclosure-log-q1-2024-71e7fba3-cd59-4a2e-bf2d-e16487c12185.csv"
CHILDREN_LOG = "children-equality__dcediy-foi-disclosure-log-q1-2023.csv"
# Exported from a PDF: records broken over several lines, decisions fused onto the request.
BROKEN_LOG = (
    "agriculture-food-marine__disclosure-log-january-89b93a96-5175-4995-adaf-94113f208eeb.csv"
)
TEXT, NEEDS_OCR = "text", "needs OCR"
# Every document under disclosure_search/data/samples/ (corpus dev/) and tests/fixtures/ (corpus
# derived/ and logs/, and the fixtures derived here): its format and outcome, which is TEXT
# (non-empty text), a number of log rows, NEEDS_OCR (pages kept, text empty: run without
# tesseract so the table stays fast; test_scanned_pdf_is_read_by_ocr reads a scan with it) or an
# error message.
CORPUS = [
    ("abc_au_righttoknow_2013-040_with_attachments.eml", "eml", TEXT),
    ("albanian_poultry_imports_iso8859-2.eml", "eml", TEXT),
    ("coventry_FOI759201887.txt", "txt", TEXT),
    ("csc_foi_requests_multi_authority_index.html", "html-log", 44),
    ("cumbria_police_FOI-1306-25.pdf", "pdf", TEXT),
    ("eastlothian_disclosure_log_index_scraped.json", "json-log", 708),
    ("homeoffice_T5741-15_extracted.doc", "doc", TEXT),
    ("homeoffice_T5741-15_uuencoded_doc.eml", "eml", TEXT),
    ("ico_decision_notice_FS50379341.pdf", "pdf", TEXT),
    ("psni_F-2010-00325.pdf", "pdf", TEXT),
    ("sheffield_wdtk_a_renewed_and_more_limited_foir.json", "wdtk-json", TEXT),
    ("sheffield_wdtk_childrens_services_structure_65.json", "wdtk-json", TEXT),
    ("sheffield_wdtk_cms_platform_information_localgo_32.json", "wdtk-json", TEXT),
    ("sheffield_wdtk_football_riddor_17.json", "wdtk-json", TEXT),
    ("sheffield_wdtk_organisational_structure_chart_r_31.json", "wdtk-json", TEXT),
    ("sheffield_wdtk_planning_documents_not_on_the_pu.json", "wdtk-json", TEXT),
    ("sheffield_wdtk_pothole_reports_and_repairs_64.json", "wdtk-json", TEXT),
    ("sheffield_wdtk_snug_scheme.json", "wdtk-json", TEXT),
    ("tfl_right_to_appeal_attachment.pdf", "pdf", TEXT),
    ("wdtk_mhclg_request_1000437.html", "html", TEXT),
    ("wdtk_mhclg_request_1387653.html", "html", TEXT),
    ("wdtk_mhclg_request_1390478.html", "html", TEXT),
    ("wdtk_mhclg_request_1399967.html", "html", TEXT),
    ("wdtk_mhclg_request_1406491.html", "html", TEXT),
    ("wdtk_mhclg_request_88721.html", "html", TEXT),
    # corpus derived/
    ("coventry_FOI759201887_windows-1252.html", "html", TEXT),
    ("cumbria_police_FOI-1306-25_scanned_150dpi.pdf", "pdf", NEEDS_OCR),
    ("eastlothian_disclosure_log.csv", "csv-log", 708),
    ("eastlothian_disclosure_log.xlsx", "xlsx-log", 708),
    ("homeoffice_T5741-15_libreoffice.docx", "docx", TEXT),
    ("homeoffice_T5741-15_python-docx.docx", "docx", TEXT),
    ("ico_decision_notice_FS50379341_encrypted.pdf", "pdf", "encrypted PDF: no password"),
    (
        "ico_decision_notice_FS50379341_truncated60.pdf",
        "pdf",
        "corrupt PDF: unexpected end of file (truncated?)",
    ),
    ("psni_F-2010-00325_scanned_200dpi.pdf", "pdf", NEEDS_OCR),
    # corpus logs/ (row counts as its SOURCES.tsv gives them)
    ("agriculture-food-marine__2018-quarter-1-pdf-98kb.csv", "csv-log", 31),
    (BROKEN_LOG, "csv-log", 16),
    (CHILDREN_LOG, "csv-log", 119),
    (DEFENCE_LOG, "csv-log", 37),
    ("defence__foi-disclosure-log-q2-2022-60673303-19ed-4235-b3a5-d7da4aeb5064.csv", "csv-log", 28),
    (
        "finance__0b089aa9-foi-summary-of-non-personal-requests-submitted-to-the-department-of"
        "-education.csv",
        "csv-log",
        27,
    ),
    ("higher-education__dfheris-foi-logs-january-to-march-2023.csv", "csv-log", 6),
    ("housing-local-government__FOI_Disclosure_Log_Q3_JULY_TO_SEPT_2024.csv", "csv-log", 78),
    ("housing-local-government__foi-requests-log-april-to-june-2016.csv", "csv-log", 66),
    ("justice-home-affairs-migration__non-personal-foi-requests-may-2015.csv", "csv-log", 23),
    (
        "public-expenditure-infrastructure-public-service-reform-digitalisation__foi-disclosure"
        "-log-q2-2017.csv",
        "csv-log",
        35,
    ),
    ("transport__disclosure-log-2021-q1.csv", "csv-log", 79),
    # derived here from the files above (tests/fixtures/README.md says how)
    ("abc_au_righttoknow_2013-040_aspose.msg", "msg", TEXT),
    ("albanian_poultry_imports_aspose-8bit.msg", "msg", TEXT),
    ("children-equality_foi-log-q1-2023_xlwt.xls", "xls-log", 119),
    ("cumbria_police_FOI-1306-25_tables_odfpy.ods", "ods", TEXT),
    ("cumbria_police_FOI-1306-25_tables_openpyxl.xlsx", "xlsx", TEXT),
    ("cumbria_police_FOI-1306-25_tables_xlwt.xls", "xls", TEXT),
    ("defence_foi-log-q1-2024_odfpy.ods", "ods-log", 37),
    ("defence_foi-log-q1-2024_reportlab.pdf", "pdf-log", 37),
    ("homeoffice_T5741-15_odfpy.odt", "odt", TEXT),
    ("homeoffice_T5741-15_pyrtf3.rtf", "rtf", TEXT),
]


def locate(name: str) -> Path:
    return SAMPLES / name if (SAMPLES / name).exists() else FIXTURES / name


def test_corpus_table_lists_every_document() -> None:
    present = {
        p.name
        for folder in (SAMPLES, FIXTURES)
        for p in folder.iterdir()
        if p.is_file()
        and p.name not in NOT_DOCUMENTS
        and not p.name.startswith(".")
        and p.suffix != ".py"
    }
    assert sorted(name for name, _, _ in CORPUS) == sorted(present)


# Files holding PDFs are read with each PDF engine; the rest with the default alone.
ENGINE_CASES = [
    (*case, engine)
    for case in CORPUS
    for engine in (PDF_ENGINES if case[1].startswith("pdf") or case[1] in ("eml", "msg") else ["-"])
]


@pytest.mark.parametrize(
    ("name", "fmt", "outcome", "pdf_engine"),
    ENGINE_CASES,
    ids=[f"{c[0][:60]}-{c[3]}" for c in ENGINE_CASES],
)
def test_every_corpus_file_has_the_right_outcome(
    name: str, fmt: str, outcome: str | int, pdf_engine: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    if pdf_engine == "pdfium":
        pytest.importorskip("pypdfium2")
    if pdf_engine != "-":
        monkeypatch.setenv(PDF_ENGINE_VARIABLE, pdf_engine)
    path = locate(name)
    if outcome not in (TEXT, NEEDS_OCR) and not isinstance(outcome, int):
        assert sniff(path.read_bytes(), name) == fmt
        with pytest.raises(ExtractError, match=f"^{re.escape(outcome)}$"):
            extract(path)
        return
    if outcome == NEEDS_OCR:
        monkeypatch.setenv("PATH", "")
    result = extract(path) if outcome == NEEDS_OCR else extracted(path)
    assert result.format == fmt
    assert [part.number for part in result.parts] == list(range(1, len(result.parts) + 1))
    if outcome == TEXT:
        assert full_text(result).strip() and not result.rows
    elif outcome == NEEDS_OCR:
        assert result.needs_ocr == "needs OCR: install tesseract-ocr"
        assert result.parts and all(part.label.startswith("page ") for part in result.parts)
    else:
        assert len(result.rows) == outcome
        assert all(row.text.strip() for row in result.rows)


# --- plain text and HTML -----------------------------------------------------------------


def test_plain_text() -> None:
    result = extract(SAMPLES / "coventry_FOI759201887.txt")
    assert result.format == "txt"
    assert [(p.number, p.label, p.kind) for p in result.parts] == [(1, "text", "body")]
    assert "FOI759201887" in result.parts[0].text


def test_html_in_windows_1252_decodes_curly_quotes() -> None:
    result = extract(FIXTURES / "coventry_FOI759201887_windows-1252.html")
    assert result.format == "html"
    assert result.title == "FOI759201887 – Council Occupational Physiotherapy Service"
    [part] = result.parts
    assert part.label == "page"
    assert "Information Commissioner’s Office" in part.text
    assert "â€" not in part.text and "\ufffd" not in part.text
    assert "Fixture note" not in part.text  # the page <footer> is chrome


def test_whatdotheyknow_thread_keeps_messages_and_drops_chrome() -> None:
    result = extract(SAMPLES / "wdtk_mhclg_request_1000437.html")
    text = result.parts[0].text
    assert result.title == "PSL Schemes"
    assert "Can you provide a list of suppliers who provide accommodation" in text
    assert "Our reference: 3375675" in text
    assert "Attachment: Response not held.pdf" in text
    for chrome in ("Requests like this", "Tweet this request", "Donate", "Link to this"):
        assert chrome not in text
    assert result.hints["authority"] == "Ministry of Housing, Communities and Local Government"
    assert result.hints["status"] == "Information not held"
    assert result.hints["date"] == "2017-07-03"  # the last incoming message


def test_html_log_table_gives_one_row_per_listed_request() -> None:
    result = extract(SAMPLES / "csc_foi_requests_multi_authority_index.html")
    assert result.format == "html-log"
    assert len(result.rows) == 44
    first = result.rows[0]
    assert first.authority == "Amber Valley Borough Council"
    assert first.date == "13/09/2023"
    assert first.title == "Council Tax Exemption Policy for Care Leavers"
    assert first.outcome == "Awaiting classification"
    assert first.link.startswith("https://www.whatdotheyknow.com/request/")
    assert all(row.authority and row.date and row.title for row in result.rows)
    hastings = [row for row in result.rows if row.authority == "Hastings Borough Council"]
    assert len(hastings) == 6
    assert result.rows[-1].authority == "Wirral Metropolitan Borough Council"


# --- PDF ---------------------------------------------------------------------------------


def test_pdf_gives_one_part_per_page(engine: str) -> None:
    result = extract(SAMPLES / "psni_F-2010-00325.pdf")
    assert result.format == "pdf"
    assert [(p.label, p.page, p.kind) for p in result.parts] == [
        ("page 1", 1, "page"),
        ("page 2", 2, "page"),
    ]
    assert "F-2010-00325" in result.parts[0].text
    assert result.title == "The Charity Common Purpose and the PSNI"
    assert result.hints["created"] == "2010-03-11"


def test_pdf_text_stays_on_its_page_and_tables_read_by_row(engine: str) -> None:
    result = extract(SAMPLES / "cumbria_police_FOI-1306-25.pdf")
    assert len(result.parts) == 6
    pages_with_word = [p.page for p in result.parts if "Cockermouth" in p.text]
    assert pages_with_word == [3]
    assert "2019/2020 | 635" in result.parts[1].text  # a table row, not a column
    assert "FOI 1306/25" in result.parts[0].text


def test_encrypted_pdf_is_refused_with_reason(engine: str) -> None:
    with pytest.raises(ExtractError, match=r"^encrypted PDF: no password$"):
        extract(FIXTURES / "ico_decision_notice_FS50379341_encrypted.pdf")


def test_truncated_pdf_is_refused_with_reason(engine: str) -> None:
    with pytest.raises(ExtractError, match=r"^corrupt PDF: .*truncated"):
        extract(FIXTURES / "ico_decision_notice_FS50379341_truncated60.pdf")


@pytest.mark.skipif(not HAS_OCR, reason="tesseract-ocr and poppler-utils are not installed")
def test_scanned_pdf_is_read_by_ocr(engine: str) -> None:
    result = extract(FIXTURES / "psni_F-2010-00325_scanned_200dpi.pdf")
    assert [p.page for p in result.parts] == [1, 2]
    assert result.hints["ocr"] == "tesseract"
    assert "F-2010-00325" in result.parts[0].text
    assert "Common Purpose" in result.parts[0].text


def test_scanned_pdf_without_tesseract_keeps_its_pages_and_says_what_to_install(
    engine: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("PATH", "")  # as on a machine without tesseract-ocr
    result = extract(FIXTURES / "psni_F-2010-00325_scanned_200dpi.pdf")
    assert result.format == "pdf"
    assert result.needs_ocr == "needs OCR: install tesseract-ocr"
    assert [(p.label, p.page, p.text) for p in result.parts] == [
        ("page 1", 1, ""),
        ("page 2", 2, ""),
    ]


def test_attached_scan_without_tesseract_is_reported_on_the_email(
    engine: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    message = (SAMPLES / "albanian_poultry_imports_iso8859-2.eml").read_bytes()
    scan = (FIXTURES / "psni_F-2010-00325_scanned_200dpi.pdf").read_bytes()
    monkeypatch.setenv("PATH", "")
    result = extract_document(_with_attachment(message, "scan.pdf", scan), "reply.eml")
    assert "kerkesen tënde" in result.parts[0].text  # the body is still read
    assert [(p.label, p.text) for p in result.parts[1:]] == [
        ("attachment scan.pdf, page 1", ""),
        ("attachment scan.pdf, page 2", ""),
    ]
    assert result.needs_ocr == "needs OCR: install tesseract-ocr"
    assert result.errors == ("scan.pdf: needs OCR: install tesseract-ocr",)


# --- PDF log tables ----------------------------------------------------------------------

PDF_LOG = "defence_foi-log-q1-2024_reportlab.pdf"  # made from DEFENCE_LOG by reportlab


def comparable(rows: tuple[LogRow, ...]) -> list[tuple[str | None, ...]]:
    """Rows with their text's line breaks and spacing evened out (a PDF wraps cells)."""
    return [
        tuple(" ".join(v.split()) if v else v for v in (r.reference, r.date, r.title, r.outcome))
        for r in rows
    ]


def test_pdf_log_table_gives_the_rows_of_the_log_it_was_printed_from(engine: str) -> None:
    result = extract_document((FIXTURES / PDF_LOG).read_bytes(), "report.pdf")  # no "log" in it
    assert result.format == "pdf-log"
    assert result.title == "Department of Defence: FOI disclosure log, Q1 2024"
    assert result.parts == ()  # every page is the table
    assert comparable(result.rows) == comparable(extract(FIXTURES / DEFENCE_LOG).rows)
    first = result.rows[0]
    assert (first.reference, first.date, first.outcome) == ("001/2024", "11/01/2024", "Refused")
    assert "• number of requests received, granted" in first.title  # bullets, not "(cid:127)"
    assert first.text.startswith("REFERENCE NO.: 001/2024\nREQUEST DATE: 02/01/2024\n")


@functools.cache
def _log_layouts() -> tuple[Layout, ...]:
    from pdfminer.high_level import extract_pages

    return tuple(read_layout(page) for page in extract_pages(FIXTURES / PDF_LOG))


def test_pdf_log_rows_found_without_ruled_lines_too() -> None:
    pages = _log_layouts()
    ruled = find_log_table(pages)
    unruled = find_log_table([Layout(page.words, ()) for page in pages])
    assert ruled is not None and unruled is not None
    assert len(ruled.rows) == 37 and ruled.pages == frozenset(range(5))
    assert unruled.rows == ruled.rows  # rows told apart by the reference column instead


def test_pdf_table_that_cannot_be_read_confidently_stays_pages() -> None:
    # Without its reference values a row cannot be told from the next: no log, only pages.
    refs = re.compile(r"^\d{3}/\d{3,4}$")
    pages = [
        Layout(tuple(w for w in page.words if not refs.match(w.text)), page.rules)
        for page in _log_layouts()
    ]
    assert find_log_table(pages) is None
    letter = extract(SAMPLES / "cumbria_police_FOI-1306-25.pdf")  # tables, but no log header
    assert letter.format == "pdf" and not letter.rows


def test_letter_that_quotes_a_log_table_stays_a_letter() -> None:
    from pdfminer.high_level import extract_pages

    table = _log_layouts()[0]
    letter = read_layout(next(extract_pages(SAMPLES / "cumbria_police_FOI-1306-25.pdf")))
    # The first page of the log with a page of the Cumbria letter's words set out below it.
    below = tuple(
        dataclasses.replace(w, top=w.top + 600, bottom=w.bottom + 600) for w in letter.words
    )
    assert find_log_table([Layout(table.words, table.rules)]) is not None
    assert find_log_table([Layout(table.words + below, table.rules)]) is None


# --- Word --------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "name", ["homeoffice_T5741-15_libreoffice.docx", "homeoffice_T5741-15_python-docx.docx"]
)
def test_docx_reads_tables_and_paragraphs(name: str) -> None:
    result = extract(FIXTURES / name)
    assert result.format == "docx"
    text = result.parts[0].text
    assert text.index("Direct Communications Unit") < text.index("Reference: T5741/15")
    assert "1) Who do the Metropolitan Police and MI5 serve?" in text
    assert result.title is None  # "Word Document" and "[Region/Directorate]" are no titles


def test_legacy_doc() -> None:
    result = extract(SAMPLES / "homeoffice_T5741-15_extracted.doc")
    assert result.format == "doc"
    assert "Reference: T5741/15" in result.parts[0].text
    assert "Home Office" in result.parts[0].text


def test_legacy_doc_without_converters_says_what_to_install(monkeypatch) -> None:
    monkeypatch.setenv("PATH", "")
    with pytest.raises(ExtractError, match=r"^legacy Word: install antiword or catdoc$"):
        extract(SAMPLES / "homeoffice_T5741-15_extracted.doc")


@pytest.mark.parametrize(
    ("name", "fmt"),
    [("homeoffice_T5741-15_odfpy.odt", "odt"), ("homeoffice_T5741-15_pyrtf3.rtf", "rtf")],
)
def test_odt_and_rtf_letters_read_like_the_docx_they_were_made_from(name: str, fmt: str) -> None:
    result = extract(FIXTURES / name)
    assert result.format == fmt
    [part] = result.parts
    assert part.label == "text"
    text = part.text
    assert text.index("Direct Communications Unit") < text.index("Reference: T5741/15")
    assert "SW1P 4DF" in text and "Tel: 020 7035 4848" in text  # the letterhead table's cells
    assert "1) Who do the Metropolitan Police and MI5 serve?" in text
    assert "They do not “serve” anyone" in text and "Her Majesty’s Government" in text
    assert text.endswith("Email:   Public.Enquiries@homeoffice.gsi.gov.uk")


# --- email -------------------------------------------------------------------------------


def test_email_with_pdf_and_zip_attachments(engine: str) -> None:
    result = extracted(SAMPLES / "abc_au_righttoknow_2013-040_with_attachments.eml")
    assert result.format == "eml"
    assert result.title == "Re: Freedom of Information request - Quick Request"
    assert result.hints["date"] == "2014-04-14"
    assert result.hints["from"] == "Ben Fairless <ben@righttoknow.org.au>"
    body, *attachments = result.parts
    assert body.label == "body" and "reply to this request with 3 attachments" in body.text
    names = {p.name for p in attachments}
    assert names == {
        "2013-040 Decision.pdf",
        "2013-040 Decision.pdf.zip/2013-040 Decision.pdf",
        "FOI Review Rights.pdf",
    }
    first_page = attachments[0]
    assert first_page.label == "attachment 2013-040 Decision.pdf, page 1"
    assert first_page.kind == "attachment" and first_page.page == 1
    assert "FOI REQUEST - REFERENCE NUMBER 2013-040" in first_page.text
    zipped = [p for p in attachments if p.name.startswith("2013-040 Decision.pdf.zip")]
    assert zipped[0].label == "attachment 2013-040 Decision.pdf.zip, 2013-040 Decision.pdf, page 1"
    assert result.errors == ()


def test_email_in_iso_8859_2() -> None:
    result = extract(SAMPLES / "albanian_poultry_imports_iso8859-2.eml")
    assert "të importuara" in result.title
    assert "kerkesen tënde" in result.parts[0].text
    assert "3,500,000" in result.parts[0].text
    assert result.hints["date"] == "2011-09-30"


def test_email_with_inline_uuencoded_word_file() -> None:
    result = extract(SAMPLES / "homeoffice_T5741-15_uuencoded_doc.eml")
    body, attachment = result.parts
    assert "Reference : T5741/15" in body.text
    assert "begin 666" not in body.text
    assert attachment.label == "attachment ResponseT5741 15.doc"
    assert "Reference: T5741/15" in attachment.text and "Dear Mr Young" in attachment.text


def test_uudecode_recovers_the_original_bytes() -> None:
    eml = (SAMPLES / "homeoffice_T5741-15_uuencoded_doc.eml").read_bytes()
    [found] = find_uuencoded(eml)
    assert found.name == "ResponseT5741 15.doc"
    expected = (SAMPLES / "homeoffice_T5741-15_extracted.doc").read_bytes()
    assert hashlib.sha256(found.data).digest() == hashlib.sha256(expected).digest()


def test_unreadable_attachment_becomes_a_part_that_says_why(engine: str) -> None:
    message = (SAMPLES / "albanian_poultry_imports_iso8859-2.eml").read_bytes()
    encrypted = (FIXTURES / "ico_decision_notice_FS50379341_encrypted.pdf").read_bytes()
    eml = _with_attachment(message, "notice.pdf", encrypted)
    result = extract_document(eml, "reply.eml")
    last = result.parts[-1]
    assert last.label == "attachment notice.pdf" and last.name == "notice.pdf"
    assert "could not be read: encrypted PDF: no password" in last.text
    assert result.errors == ("notice.pdf: encrypted PDF: no password",)


def _with_attachment(message: bytes, name: str, payload: bytes) -> bytes:
    """A real email re-sent with a real file attached (stdlib email, as a mail client would)."""
    from email import policy
    from email.parser import BytesParser

    parsed = BytesParser(policy=policy.default).parsebytes(message)
    parsed.make_mixed()
    parsed.add_attachment(payload, maintype="application", subtype="pdf", filename=name)
    return parsed.as_bytes()


def test_outlook_msg_reads_like_the_email_it_was_saved_from() -> None:
    msg = extracted(FIXTURES / "abc_au_righttoknow_2013-040_aspose.msg")
    eml = extracted(SAMPLES / "abc_au_righttoknow_2013-040_with_attachments.eml")
    assert msg.format == "msg"
    assert msg.parts == eml.parts  # body, both PDFs page by page, the PDF inside the ZIP
    assert msg.title == "Re: Freedom of Information request - Quick Request"
    assert msg.hints == eml.hints
    assert msg.hints["date"] == "2014-04-14"
    assert msg.hints["from"] == "Ben Fairless <ben@righttoknow.org.au>"


def test_outlook_msg_with_8bit_strings_in_its_code_page() -> None:
    result = extract(FIXTURES / "albanian_poultry_imports_aspose-8bit.msg")
    assert result.format == "msg"
    assert result.title.endswith("Sasia e pulave të importuara gjatë vitit 2010")
    [body] = result.parts
    assert "kerkesen tënde" in body.text and "3,500,000" in body.text
    assert result.hints["date"] == "2011-09-30"


def test_zip_members_are_extracted_and_junk_skipped(engine: str) -> None:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:  # stored, so the PDF sits near the start
        archive.write(SAMPLES / "psni_F-2010-00325.pdf", "letters/psni.pdf")
        archive.write(SAMPLES / "coventry_FOI759201887.txt", "coventry.txt")
        archive.writestr("__MACOSX/letters/._psni.pdf", b"resource fork")
    result = extract_document(buffer.getvalue(), "bundle.zip")
    assert result.format == "zip"
    assert [(p.label, p.name, p.page) for p in result.parts] == [
        ("letters/psni.pdf, page 1", "letters/psni.pdf", 1),
        ("letters/psni.pdf, page 2", "letters/psni.pdf", 2),
        ("coventry.txt", "coventry.txt", None),
    ]


def test_zip_bombs_and_swarms_are_refused_before_they_are_read() -> None:
    """A real bomb (220 MiB of zeros deflated to a few hundred KB) and a swarm of 501 tiny
    members are refused by what the archive declares, never inflated into memory."""
    bomb = io.BytesIO()
    with (
        zipfile.ZipFile(bomb, "w", zipfile.ZIP_DEFLATED) as archive,
        archive.open("zeros.txt", "w", force_zip64=True) as member,
    ):
        for _ in range(220):
            member.write(bytes(1 << 20))
    assert len(bomb.getvalue()) < 1 << 20
    with pytest.raises(ExtractError, match=r"ZIP too large: over 200 MiB uncompressed"):
        extract_document(bomb.getvalue(), "bomb.zip")

    swarm = io.BytesIO()
    with zipfile.ZipFile(swarm, "w") as archive:
        for n in range(501):
            archive.writestr(f"letter{n}.txt", b"Dear requester")
    with pytest.raises(ExtractError, match=r"ZIP too large: 501 files \(limit 500\)"):
        extract_document(swarm.getvalue(), "swarm.zip")


def test_nesting_is_limited() -> None:
    data, name = (SAMPLES / "coventry_FOI759201887.txt").read_bytes(), "letter.txt"
    for level in range(6):
        buffer = io.BytesIO()
        with zipfile.ZipFile(buffer, "w") as archive:
            archive.writestr(name, data)
        data, name = buffer.getvalue(), f"level{level}.zip"
    result = extract_document(data, name)
    assert "nested too deeply" in result.parts[0].text
    path = "level4.zip/level3.zip/level2.zip/level1.zip/level0.zip"
    assert result.errors[0].startswith(f"{path}: nested too deeply")


# --- JSON --------------------------------------------------------------------------------


def test_request_thread_json() -> None:
    result = extract(SAMPLES / "sheffield_wdtk_football_riddor_17.json")
    assert result.format == "wdtk-json"
    assert result.title == "Football RIDDOR"
    assert [p.label for p in result.parts] == [
        "message 1 (outgoing, 2023-12-22)",
        "message 2 (incoming, 2024-01-02)",
        "message 3 (incoming, 2024-01-24)",
    ]
    assert all(p.kind == "message" for p in result.parts)
    assert result.hints == {
        "status": "Successful",
        "law": "foi",
        "created": "2023-12-22",
        "date": "2024-01-24",
    }


def test_json_listing_is_a_log() -> None:
    result = extract(SAMPLES / "eastlothian_disclosure_log_index_scraped.json")
    assert result.format == "json-log"
    assert len(result.rows) == 708
    first = result.rows[0]
    assert (first.title, first.reference) == ("Business Gateway", None)
    assert first.date.startswith("2018-10-01")
    assert first.link.endswith("business_gateway_-_october_2018.pdf")


# --- spreadsheets and CSV logs -------------------------------------------------------------


@pytest.mark.parametrize(
    "name",
    ["eastlothian_disclosure_log.xlsx", "eastlothian_disclosure_log.csv"],
)
def test_spreadsheet_log(name: str) -> None:
    result = extract(FIXTURES / name)
    assert result.format.endswith("-log")
    assert len(result.rows) == 708
    first, last = result.rows[0], result.rows[-1]
    assert (first.reference, first.title, first.date) == ("31005", "Business Gateway", "2018-10-01")
    assert (last.reference, last.title) == ("29736", "Sustainable Transport Strategy")


@pytest.mark.parametrize(
    ("name", "rows", "reference", "outcome"),
    [
        (DEFENCE_LOG, 37, "001/2024", "Refused"),
        (CHILDREN_LOG, 119, "FOI-0001-2023", "Part-Granted"),
        (BROKEN_LOG, 16, "FOI.23.360", "Part Grant"),
    ],
)
def test_csv_logs_found_by_column_names(name: str, rows: int, reference: str, outcome: str) -> None:
    result = extract(FIXTURES / name)
    assert result.format == "csv-log"
    assert len(result.rows) == rows
    assert (result.rows[0].reference, result.rows[0].outcome) == (reference, outcome)
    assert all(row.title and row.reference for row in result.rows)


def test_broken_csv_rows_are_rejoined() -> None:
    row = next(r for r in extract(FIXTURES / BROKEN_LOG).rows if r.reference == "FOI.23.368")
    assert row.outcome == "Refused"  # was fused onto the end of the request's last line
    assert row.title.endswith("whatsapps and logs of phone calls.")


def test_csv_that_is_not_a_log_is_text() -> None:
    result = extract(SAMPLES / "SOURCES.tsv")
    assert result.format == "csv" and not result.rows
    assert "coventry_FOI759201887.txt" in result.parts[0].text


@pytest.mark.parametrize(
    ("name", "fmt"),
    [
        ("cumbria_police_FOI-1306-25_tables_openpyxl.xlsx", "xlsx"),
        ("cumbria_police_FOI-1306-25_tables_xlwt.xls", "xls"),
        ("cumbria_police_FOI-1306-25_tables_odfpy.ods", "ods"),
    ],
)
def test_workbook_that_is_not_a_log_gives_one_part_per_sheet(name: str, fmt: str) -> None:
    result = extract(FIXTURES / name)
    assert result.format == fmt and not result.rows
    assert [(p.number, p.label, p.kind) for p in result.parts] == [
        (1, "sheet Q1a crimes by year", "sheet"),
        (2, "sheet Q1b crimes by offence", "sheet"),
    ]
    year, offence = (p.text.splitlines() for p in result.parts)
    assert year[0] == "Financial Year | Number of Crimes Recorded"
    assert year[-1] == "Total | 2500"  # whole numbers shown without ".0"
    assert "Criminal Damage | 69 | 48 | 54 | 50 | 33 | 254" in offence
    assert offence[-1] == "Grand Total | 635 | 505 | 569 | 513 | 278 | 2500"


@pytest.mark.parametrize(
    ("name", "fmt", "source"),
    [
        ("children-equality_foi-log-q1-2023_xlwt.xls", "xls-log", CHILDREN_LOG),
        ("defence_foi-log-q1-2024_odfpy.ods", "ods-log", DEFENCE_LOG),
    ],
)
def test_workbook_log_gives_the_rows_of_its_csv(name: str, fmt: str, source: str) -> None:
    result = extract(FIXTURES / name)
    expected = extract(FIXTURES / source).rows
    assert result.format == fmt and not result.parts
    fields = [(r.reference, r.title, r.outcome) for r in result.rows]
    assert fields == [(r.reference, r.title, r.outcome) for r in expected]
    # Date cells read as ISO dates; a "N/A" text cell stays as printed.
    first_date = datetime.strptime(expected[0].date, "%d/%m/%Y").date().isoformat()
    assert result.rows[0].date == first_date
    assert [r.date for r in result.rows if r.date == "N/A"] == [
        r.date for r in expected if r.date == "N/A"
    ]


# --- sniffing and errors -------------------------------------------------------------------


def test_format_comes_from_content_not_name() -> None:
    assert sniff((SAMPLES / "psni_F-2010-00325.pdf").read_bytes(), "letter.txt") == "pdf"
    assert sniff((SAMPLES / "sheffield_wdtk_snug_scheme.json").read_bytes(), "x.html") == "json"
    eml = (SAMPLES / "albanian_poultry_imports_iso8859-2.eml").read_bytes()
    assert sniff(eml, "reply.txt") == "eml"
    docx = (FIXTURES / "homeoffice_T5741-15_python-docx.docx").read_bytes()
    assert sniff(docx, "letter.zip") == "docx"


@pytest.mark.parametrize(
    ("name", "fmt"),
    [
        ("children-equality_foi-log-q1-2023_xlwt.xls", "xls"),
        ("abc_au_righttoknow_2013-040_aspose.msg", "msg"),
        ("homeoffice_T5741-15_odfpy.odt", "odt"),
        ("defence_foi-log-q1-2024_odfpy.ods", "ods"),
        ("homeoffice_T5741-15_pyrtf3.rtf", "rtf"),
    ],
)
def test_office_formats_are_sniffed_by_content(name: str, fmt: str) -> None:
    data = (FIXTURES / name).read_bytes()
    assert sniff(data, "download.bin") == fmt
    assert sniff(data, "letter.doc") == fmt  # an OLE2 file named .doc is still what it holds


@pytest.mark.parametrize(
    "name", ["children-equality_foi-log-q1-2023_xlwt.xls", "abc_au_righttoknow_2013-040_aspose.msg"]
)
def test_truncated_ole2_file_is_refused_with_reason(name: str) -> None:
    data = (FIXTURES / name).read_bytes()
    with pytest.raises(ExtractError, match=r"^corrupt "):
        extract_document(data[: len(data) // 3], name)


def test_random_bytes_are_unsupported() -> None:
    noise = random.Random(20240601).randbytes(4096)
    with pytest.raises(ExtractError, match=r"^unsupported format: "):
        extract_document(noise, "mystery.bin")


@pytest.mark.parametrize("data", [b"", b"  \n\t\r\n "])
def test_empty_input_is_refused(data: bytes) -> None:
    with pytest.raises(ExtractError, match=r"^empty file"):
        extract_document(data, "empty.txt")
