"""What an extractor returns: text in parts, facts for the metadata stage, and what it could
not read."""

from __future__ import annotations

from dataclasses import dataclass, field

from disclosure_search.models import Part


@dataclass(frozen=True)
class LogRow:
    """One row of a disclosure log table: one request and its response, as the log lists it.

    Values are as printed (dates not yet parsed); empty strings become None.
    """

    reference: str | None = None
    date: str | None = None
    title: str | None = None
    description: str | None = None
    outcome: str | None = None
    authority: str | None = None
    link: str | None = None
    text: str = ""


@dataclass(frozen=True)
class Extracted:
    """The text of one file.

    format:  short name of the detected format ("pdf", "html", "txt", "docx", "doc", "odt",
             "rtf", "eml", "msg", "wdtk-json", "csv", "xlsx", "xls", "ods", ...; a log table
             adds "-log": "csv-log", "pdf-log"...).
    parts:   the searchable pieces in reading order, numbered from 1.
    title:   a title the file itself declares (HTML <title>, email Subject, PDF Title, JSON
             title), or None.
    hints:   other facts the file declares, for the metadata stage: "from" (email sender),
             "date" (ISO date from an email Date header, a JSON thread's last response, PDF
             creation), "status" (a request thread's status), "law" ("foi"/"eir"), ...
             Facts only: what extraction could not do has its own fields.
    needs_ocr: why a scan, or a file holding one, was left without text: OCR is missing
             ("needs OCR: install tesseract-ocr"). The pipeline retries such files later.
    errors:  "path: reason" of each file inside (attachment, ZIP member) that could not be
             read; the file itself was.
    rows:    for a disclosure-log table, one LogRow per listed request (then each row becomes
             its own disclosure and `parts` may be empty).
    """

    format: str
    parts: tuple[Part, ...] = ()
    title: str | None = None
    hints: dict[str, str] = field(default_factory=dict)
    rows: tuple[LogRow, ...] = ()
    needs_ocr: str | None = None
    errors: tuple[str, ...] = ()
