"""The extract stage on real documents: every format, the log tables and the error cases."""

from __future__ import annotations

import hashlib
import io
import random
import shutil
import zipfile
from pathlib import Path

import pytest

from disclosure_search.errors import ExtractError
from indexer.extract import Extracted, extract_document, sniff
from indexer.extract.uudecode import find_uuencoded

SAMPLES = Path(__file__).resolve().parent.parent / "data" / "samples"
FIXTURES = Path(__file__).resolve().parent / "fixtures"
HAS_OCR = bool(shutil.which("tesseract") and shutil.which("pdftoppm"))


def extract(path: Path) -> Extracted:
    return extract_document(path.read_bytes(), path.name)


def full_text(result: Extracted) -> str:
    return "\n".join(part.text for part in result.parts)


# --- every sample document extracts ------------------------------------------------------

NOT_DOCUMENTS = ("SOURCES.tsv", "truth.jsonl", "README.md")  # manifests beside the samples
DOCUMENTS = sorted(
    p.name for p in SAMPLES.iterdir() if p.name not in NOT_DOCUMENTS and not p.name.startswith(".")
)
DEFENCE_LOG = "defence__foi-disclosure-log-q1-2024-71e7fba3-cd59-4a2e-bf2d-e16487c12185.csv"
CHILDREN_LOG = "children-equality__dcediy-foi-disclosure-log-q1-2023.csv"
# Exported from a PDF: records broken over several lines, decisions fused onto the request.
BROKEN_LOG = (
    "agriculture-food-marine__disclosure-log-january-89b93a96-5175-4995-adaf-94113f208eeb.csv"
)


@pytest.mark.parametrize("name", DOCUMENTS)
def test_every_sample_gives_text_or_rows(name: str) -> None:
    result = extract(SAMPLES / name)
    assert result.rows or any(part.text.strip() for part in result.parts)
    assert [part.number for part in result.parts] == list(range(1, len(result.parts) + 1))


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


def test_pdf_gives_one_part_per_page() -> None:
    result = extract(SAMPLES / "psni_F-2010-00325.pdf")
    assert result.format == "pdf"
    assert [(p.label, p.page, p.kind) for p in result.parts] == [
        ("page 1", 1, "page"),
        ("page 2", 2, "page"),
    ]
    assert "F-2010-00325" in result.parts[0].text
    assert result.title == "The Charity Common Purpose and the PSNI"
    assert result.hints["created"] == "2010-03-11"


def test_pdf_text_stays_on_its_page_and_tables_read_by_row() -> None:
    result = extract(SAMPLES / "cumbria_police_FOI-1306-25.pdf")
    assert len(result.parts) == 6
    pages_with_word = [p.page for p in result.parts if "Cockermouth" in p.text]
    assert pages_with_word == [3]
    assert "2019/2020 | 635" in result.parts[1].text  # a table row, not a column
    assert "FOI 1306/25" in result.parts[0].text


def test_encrypted_pdf_is_refused_with_reason() -> None:
    with pytest.raises(ExtractError, match=r"^encrypted PDF: no password$"):
        extract(FIXTURES / "ico_decision_notice_FS50379341_encrypted.pdf")


def test_truncated_pdf_is_refused_with_reason() -> None:
    with pytest.raises(ExtractError, match=r"^corrupt PDF: .*truncated"):
        extract(FIXTURES / "ico_decision_notice_FS50379341_truncated60.pdf")


@pytest.mark.skipif(not HAS_OCR, reason="tesseract-ocr and poppler-utils are not installed")
def test_scanned_pdf_is_read_by_ocr() -> None:
    result = extract(FIXTURES / "psni_F-2010-00325_scanned_200dpi.pdf")
    assert [p.page for p in result.parts] == [1, 2]
    assert result.hints["ocr"] == "tesseract"
    assert "F-2010-00325" in result.parts[0].text
    assert "Common Purpose" in result.parts[0].text


def test_scanned_pdf_without_tesseract_says_what_to_install(monkeypatch) -> None:
    monkeypatch.setenv("PATH", "")  # as on a machine without tesseract-ocr
    with pytest.raises(ExtractError, match=r"^needs OCR: install tesseract-ocr$"):
        extract(FIXTURES / "psni_F-2010-00325_scanned_200dpi.pdf")


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


# --- email -------------------------------------------------------------------------------


def test_email_with_pdf_and_zip_attachments() -> None:
    result = extract(SAMPLES / "abc_au_righttoknow_2013-040_with_attachments.eml")
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
    assert "errors" not in result.hints


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


def test_unreadable_attachment_becomes_a_part_that_says_why() -> None:
    message = (SAMPLES / "albanian_poultry_imports_iso8859-2.eml").read_bytes()
    encrypted = (FIXTURES / "ico_decision_notice_FS50379341_encrypted.pdf").read_bytes()
    eml = _with_attachment(message, "notice.pdf", encrypted)
    result = extract_document(eml, "reply.eml")
    last = result.parts[-1]
    assert last.label == "attachment notice.pdf" and last.name == "notice.pdf"
    assert "could not be read: encrypted PDF: no password" in last.text
    assert result.hints["errors"] == "notice.pdf: encrypted PDF: no password"


def _with_attachment(message: bytes, name: str, payload: bytes) -> bytes:
    """A real email re-sent with a real file attached (stdlib email, as a mail client would)."""
    from email import policy
    from email.parser import BytesParser

    parsed = BytesParser(policy=policy.default).parsebytes(message)
    parsed.make_mixed()
    parsed.add_attachment(payload, maintype="application", subtype="pdf", filename=name)
    return parsed.as_bytes()


def test_zip_members_are_extracted_and_junk_skipped() -> None:
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
    assert result.hints["errors"].startswith(f"{path}: nested too deeply")


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


# --- sniffing and errors -------------------------------------------------------------------


def test_format_comes_from_content_not_name() -> None:
    assert sniff((SAMPLES / "psni_F-2010-00325.pdf").read_bytes(), "letter.txt") == "pdf"
    assert sniff((SAMPLES / "sheffield_wdtk_snug_scheme.json").read_bytes(), "x.html") == "json"
    eml = (SAMPLES / "albanian_poultry_imports_iso8859-2.eml").read_bytes()
    assert sniff(eml, "reply.txt") == "eml"
    docx = (FIXTURES / "homeoffice_T5741-15_python-docx.docx").read_bytes()
    assert sniff(docx, "letter.zip") == "docx"


def test_random_bytes_are_unsupported() -> None:
    noise = random.Random(20240601).randbytes(4096)
    with pytest.raises(ExtractError, match=r"^unsupported format: "):
        extract_document(noise, "mystery.bin")


@pytest.mark.parametrize("data", [b"", b"  \n\t\r\n "])
def test_empty_input_is_refused(data: bytes) -> None:
    with pytest.raises(ExtractError, match=r"^empty file"):
        extract_document(data, "empty.txt")
