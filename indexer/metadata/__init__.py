"""The metadata stage: extracted text -> Disclosures with request ID, date, authority, title...

Unknown fields stay None: nothing is guessed beyond what the document says.
"""

from __future__ import annotations

import hashlib
import re
from datetime import date
from pathlib import PurePath
from urllib.parse import urljoin, urlsplit

from disclosure_search.models import Disclosure, Part
from disclosure_search.refs import normalise_request_id
from indexer.extract.result import Extracted, LogRow
from indexer.metadata.authority import canonical, names_of, sender_authority
from indexer.metadata.dates import find_dates
from indexer.metadata.guard import fault_notes, read_field
from indexer.metadata.response import parse_iso, read_response
from indexer.topics import find_topics


def make_doc_id(source: str, row: int | None = None, sha256: str | None = None) -> str:
    """A stable id. A local file's comes from its bytes ('sha-1a2b3c4d5e6f7a8b', '-r3' for
    a log table's third row), so moving, renaming or copying the file changes nothing; a
    crawled document's comes from its URL, readable: 'coventry-foi759201887-1a2b3c4d'."""
    suffix = f"-r{row}" if row is not None else ""
    if sha256:
        return f"sha-{sha256[:16]}{suffix}"
    stem = PurePath(source.rstrip("/")).stem or "disclosure"
    slug = re.sub(r"[^a-z0-9]+", "-", stem.lower()).strip("-")[:48] or "disclosure"
    digest = hashlib.sha1(source.encode("utf-8")).hexdigest()[:8]
    return f"{slug}-{digest}{suffix}"


def build_disclosures(
    extracted: Extracted,
    source: str,
    sha256: str,
    fetched_at: str | None = None,
    by_content: bool = False,
) -> list[Disclosure]:
    """One disclosure for a document, or one per row for a disclosure-log table.

    `source` is what readers see (URL, or a local path relative to the ingested folder);
    `by_content` gives ids from the bytes (local files) rather than from the source (URLs).
    """
    identity = sha256 if by_content else None
    if extracted.rows:
        return [
            disclosure_from_row(row, n, extracted, source, sha256, fetched_at, identity)
            for n, row in enumerate(extracted.rows, start=1)
        ]
    return [disclosure_from_document(extracted, source, sha256, fetched_at, identity)]


def disclosure_from_document(
    extracted: Extracted,
    source: str,
    sha256: str,
    fetched_at: str | None,
    identity: str | None = None,
) -> Disclosure:
    """A response letter, email or request thread as one disclosure."""
    facts = read_response(extracted)
    faults = list(facts.faults)
    refs = facts.request_ids
    title = facts.title or humanise(source)
    text = "\n\n".join(p.text for p in extracted.parts)
    return Disclosure(
        doc_id=make_doc_id(source, sha256=identity),
        source=source,
        sha256=sha256,
        format=extracted.format,
        title=title,
        request_id=refs[0] if refs else None,
        request_id_norm=normalise_request_id(refs[0]) if refs else None,
        related_ids=tuple(refs[1:6]),
        authority=facts.authority,
        date=facts.date,
        received=facts.received,
        exemptions=facts.exemptions,
        outcome=facts.outcome,
        outcome_evidence=facts.outcome_evidence,
        topics=read_field(
            "topics", lambda: find_topics(title, text, names_of(facts.authority)), (), faults
        ),
        questions=facts.questions,
        fetched_at=fetched_at,
        notes=extraction_notes(extracted) + fault_notes(faults),  # after every read_field
        parts=extracted.parts,
    )


def extraction_notes(extracted: Extracted) -> tuple[str, ...]:
    """What extraction could not do (needs OCR, unreadable attachments), shown to readers."""
    notes = [extracted.needs_ocr or "", *extracted.errors]
    return tuple(n.strip() for n in notes if n.strip())


def disclosure_from_row(
    row: LogRow,
    number: int,
    extracted: Extracted,
    source: str,
    sha256: str,
    fetched_at: str | None,
    identity: str | None = None,
) -> Disclosure:
    """One row of a disclosure-log table as its own disclosure."""
    text = row.text or "\n".join(v for v in (row.title, row.description) if v)
    title = row.title or (row.description or "")[:120] or f"{humanise(source)} row {number}"
    faults: list[str] = []
    when = read_field("date", lambda: row_date(row.date), None, faults)
    part = Part(number=1, label=f"log row {number}", text=text, kind="row")
    # A log prints its links relative to itself: resolve them against a crawled log's URL.
    link = urljoin(source, row.link) if row.link else source
    return Disclosure(
        doc_id=make_doc_id(source, number, identity),
        source=link,
        sha256=sha256,
        format=extracted.format,
        title=" ".join(title.split()),
        request_id=row.reference,
        request_id_norm=normalise_request_id(row.reference),
        authority=read_field(
            "authority", lambda: row_authority(row, extracted, link, source), None, faults
        ),
        date=when,
        outcome=row_outcome(row.outcome),
        topics=read_field("topics", lambda: find_topics(title, text), (), faults),
        fetched_at=fetched_at,
        notes=fault_notes(faults),  # after every read_field
        parts=(part,),
    )


def row_date(printed: str | None) -> date | None:
    """A log's date cell ('2024-03-01', '1st March 2024') as a date, or None."""
    return parse_iso(printed) or next((d for _, d in find_dates(printed or "")), None)


def row_authority(row: LogRow, extracted: Extracted, link: str, source: str) -> str | None:
    """The row's own authority column, else what the log declares, else the known authority
    whose web domain publishes the row's response or the log itself."""
    if row.authority:
        return canonical(row.authority)
    if extracted.hints.get("authority"):
        return extracted.hints["authority"]
    for url in (link, source):
        host = urlsplit(url).hostname
        if host and (found := sender_authority(host)):
            return found
    return None


def row_outcome(printed: str | None) -> str:
    """A log's decision column ('Part Grant', 'Refused', 'Info not held') as an outcome."""
    value = (printed or "").lower()
    if not value:
        return "unknown"
    if "part" in value:
        return "partially granted"
    if "not held" in value or "does not exist" in value or "no records" in value:
        return "not held"
    if "refus" in value or "withheld" in value or "exempt" in value:
        return "refused"
    if "grant" in value or "release" in value or "success" in value or "disclos" in value:
        return "granted"
    return "unknown"


def humanise(source: str) -> str:
    """A stand-in title from a file name: 'tfl_right_to_appeal' -> 'tfl right to appeal'."""
    stem = PurePath(source.rstrip("/")).stem
    return re.sub(r"[_\-]+", " ", stem).strip() or source
