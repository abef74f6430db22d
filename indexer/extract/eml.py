"""Email messages (.eml): the body, then every attachment extracted in turn."""

from __future__ import annotations

from collections.abc import Iterator
from email import policy
from email.message import EmailMessage
from email.parser import BytesParser

from disclosure_search.models import Part
from indexer.extract.container import Nested, container_needs_ocr, member_parts
from indexer.extract.decode import decode_bytes
from indexer.extract.htmltext import html_to_text, parse_html
from indexer.extract.result import Extracted
from indexer.extract.text import normalise_newlines
from indexer.extract.uudecode import find_uuencoded

# Parts that carry no document: signatures and delivery reports about the message itself.
_SKIP_TYPES = {
    "message/delivery-status",
    "text/rfc822-headers",
    "application/pkcs7-signature",
    "application/x-pkcs7-signature",
    "application/pgp-signature",
    "application/pgp-keys",
}
_DECORATION_BYTES = 100_000  # inline images smaller than this are logos and signatures


def extract_eml(data: bytes, nested: Nested) -> Extracted:
    """Part 1 is the body (plain text preferred); each attachment adds its own parts.

    Title is the Subject; hints give "from", "to", "subject" and "date" (ISO). Attachments
    that cannot be read become a part that says why, and are listed in `errors`.
    """
    message = BytesParser(policy=policy.default).parsebytes(data)
    body = message.get_body(preferencelist=("plain", "html"))
    texts: list[str] = []
    files: list[tuple[str, bytes]] = []
    if body is not None:
        _add_text(body, texts, files)
    in_alternative = _alternative_members(message)
    for part in _leaves(message):
        if part is body or part.get_content_type() in _SKIP_TYPES:
            continue
        if _is_attachment(part):
            payload = _payload(part)
            if not _is_decoration(part, payload):
                files.append((_file_name(part, len(files) + 1), payload))
        elif part.get_content_maintype() == "text" and id(part) not in in_alternative:
            _add_text(part, texts, files)  # a second body piece in a multipart/mixed message
    parts = [Part(number=1, label="body", text="\n\n".join(t for t in texts if t))]
    errors: list[str] = []
    for name, payload in files:
        found, failures = member_parts(name, payload, nested, len(parts) + 1)
        parts.extend(found)
        errors.extend(failures)
    hints = _hints(message)
    return Extracted(
        format="eml",
        parts=tuple(parts),
        title=hints.get("subject"),
        hints=hints,
        needs_ocr=container_needs_ocr(errors),
        errors=tuple(errors),
    )


def _leaves(part: EmailMessage) -> Iterator[EmailMessage]:
    """Non-multipart parts in order; an attached message is one leaf, not opened here."""
    if part.get_content_maintype() == "multipart":
        for sub in part.iter_parts():
            yield from _leaves(sub)
    else:
        yield part


def _alternative_members(message: EmailMessage) -> set[int]:
    """Ids of parts inside a multipart/alternative: other renderings of the body."""
    ids: set[int] = set()
    for part in message.walk():
        if part.get_content_type() == "multipart/alternative":
            ids.update(id(sub) for sub in part.walk())
    return ids


def _is_attachment(part: EmailMessage) -> bool:
    if part.get_filename() or part.get_content_disposition() == "attachment":
        return True
    return part.get_content_maintype() not in ("text", "multipart")


def _is_decoration(part: EmailMessage, payload: bytes) -> bool:
    if part.get_content_maintype() != "image" or len(payload) >= _DECORATION_BYTES:
        return False
    return bool(part["Content-ID"]) or part.get_content_disposition() != "attachment"


def _payload(part: EmailMessage) -> bytes:
    if part.get_content_maintype() == "message":
        inner = part.get_payload()
        if isinstance(inner, list) and inner:
            return inner[0].as_bytes()
    payload = part.get_payload(decode=True)
    return payload if isinstance(payload, bytes) else b""


def _file_name(part: EmailMessage, index: int) -> str:
    name = part.get_filename()
    if name:
        return name.replace("/", "_").strip()
    extension = {"message": ".eml", "text": ".txt"}.get(part.get_content_maintype(), "")
    return f"attachment-{index}{extension}"


def _add_text(part: EmailMessage, texts: list[str], files: list[tuple[str, bytes]]) -> None:
    """Append a text part's readable text; uuencoded files inside it go to `files`."""
    raw = part.get_payload(decode=True)
    raw = raw if isinstance(raw, bytes) else b""
    kept = bytearray()
    position = 0
    for found in find_uuencoded(raw):
        kept += raw[position : found.start]
        files.append((found.name, found.data))
        position = found.end
    kept += raw[position:]
    text = decode_bytes(bytes(kept), part.get_content_charset())
    if part.get_content_subtype() == "html":
        text = html_to_text(parse_html(text))
    texts.append(normalise_newlines(text).strip())


def _hints(message: EmailMessage) -> dict[str, str]:
    hints: dict[str, str] = {}
    for key in ("from", "to", "subject"):
        try:
            value = message[key]
        except (ValueError, IndexError):  # a header too malformed for the parser's policy
            continue
        if value:
            hints[key] = " ".join(str(value).split())
    try:
        stamp = message["date"].datetime if message["date"] else None
    except (AttributeError, ValueError, IndexError):
        stamp = None
    if stamp is not None:
        hints["date"] = stamp.date().isoformat()
    return hints
