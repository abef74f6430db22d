"""What an extractor returns: text in parts, plus hints the metadata stage may use."""

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
             and what extraction could not do: "errors" ("path: reason; ..." for files inside
             that could not be read) and "needs_ocr" (a scan, or a file holding one, left
             without text because OCR is missing: "needs OCR: install tesseract-ocr").
    rows:    for a disclosure-log table, one LogRow per listed request (then each row becomes
             its own disclosure and `parts` may be empty).
    """

    format: str
    parts: tuple[Part, ...] = ()
    title: str | None = None
    hints: dict[str, str] = field(default_factory=dict)
    rows: tuple[LogRow, ...] = ()
