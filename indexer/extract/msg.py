"""Outlook messages (.msg): MAPI property streams read with olefile, then read as an email.

An Outlook message is an OLE2 file holding one stream per MAPI property
(`__substg1.0_PPPPTTTT`: property id, then type) plus a table of fixed-size values
(`__properties_version1.0`), with a storage per attachment. We rebuild the same message as a
MIME email and hand it to the EML reader, so a .msg reads exactly like the .eml a mail client
would have saved: body, attachments (nested messages included), subject, sender and date.
"""

from __future__ import annotations

import contextlib
import dataclasses
import struct
from datetime import UTC, datetime, timedelta
from email import policy
from email.message import EmailMessage
from email.parser import Parser
from email.utils import format_datetime, formataddr

from disclosure_search.errors import ExtractError
from indexer.extract.container import Nested
from indexer.extract.decode import codepage_codec, decode_bytes
from indexer.extract.eml import extract_eml
from indexer.extract.result import Extracted

# MAPI property ids (MS-OXPROPS) and types (MS-OXCDATA) that we read.
SUBJECT, SENDER_NAME, SENDER_ADDRESS, SENDER_SMTP = 0x0037, 0x0C1A, 0x0C1F, 0x5D01
REPRESENTING_NAME, REPRESENTING_ADDRESS = 0x0042, 0x0065
DISPLAY_TO, DISPLAY_CC, TRANSPORT_HEADERS = 0x0E04, 0x0E03, 0x007D
SUBMIT_TIME, DELIVERY_TIME, INTERNET_CPID, MESSAGE_CODEPAGE = 0x0039, 0x0E06, 0x3FDE, 0x3FFD
BODY, BODY_HTML = 0x1000, 0x1013
ATTACH_DATA, ATTACH_FILENAME, ATTACH_LONG_FILENAME, DISPLAY_NAME = 0x3701, 0x3704, 0x3707, 0x3001
ATTACH_MIME, ATTACH_CONTENT_ID, ATTACH_METHOD = 0x370E, 0x3712, 0x3705
PT_LONG, PT_SYSTIME, PT_STRING8, PT_UNICODE, PT_BINARY, PT_OBJECT = 3, 0x40, 0x1E, 0x1F, 0x102, 0xD
EMBEDDED_MESSAGE = 5  # PR_ATTACH_METHOD value: the attachment is itself a message
_FILETIME_EPOCH = datetime(1601, 1, 1, tzinfo=UTC)
# Bytes before the 16-byte entries of a __properties_version1.0 stream (MS-OXMSG 2.4.1).
_HEADER_TOP, _HEADER_EMBEDDED, _HEADER_OTHER = 32, 24, 8


def extract_msg(data: bytes, nested: Nested) -> Extracted:
    """Part 1 is the body; each attachment adds its own parts; hints as for EML.

    Raises ExtractError for a damaged file that olefile cannot open.
    """
    import olefile  # only paid for when an Outlook message turns up

    try:
        ole = olefile.OleFileIO(data)
    except Exception as exc:  # olefile raises OSError, struct.error, IndexError... on damage
        raise ExtractError(f"corrupt MSG: {type(exc).__name__}: {exc}") from None
    try:
        message = _Storage(ole, (), _HEADER_TOP).message()
    except (OSError, struct.error, IndexError, ValueError) as exc:
        raise ExtractError(f"corrupt MSG: {type(exc).__name__}: {exc}") from None
    finally:
        ole.close()
    return dataclasses.replace(extract_eml(message.as_bytes(), nested), format="msg")


@dataclasses.dataclass
class _Storage:
    """One property bag: the message itself, an attachment, or a message inside an attachment."""

    ole: object
    path: tuple[str, ...]
    header: int
    codec: str = "cp1252"

    def __post_init__(self) -> None:
        self.fixed = self._fixed_values()
        # 8-bit strings are in the message code page; PR_INTERNET_CPID names only the HTML's.
        self.codec = codepage_codec(self.long(MESSAGE_CODEPAGE)) or self.codec

    def message(self) -> EmailMessage:
        """This storage as a MIME message: headers, plain and HTML bodies, attachments."""
        headers = self._transport_headers()
        message = EmailMessage(policy=policy.default)
        sender = self._sender() or headers.get("From")
        date = self.time(SUBMIT_TIME) or self.time(DELIVERY_TIME)
        values = {
            "Subject": self.string(SUBJECT) or headers.get("Subject"),
            "From": sender,
            "To": headers.get("To") or self.string(DISPLAY_TO),
            "Cc": headers.get("Cc") or self.string(DISPLAY_CC),
            "Date": format_datetime(date) if date else headers.get("Date"),
        }
        for name, value in values.items():
            _set_header(message, name, value)
        body, html = self.string(BODY), self._html()
        if body or not html:
            message.set_content(body or "")
        if html:
            if body:
                message.add_alternative(html, subtype="html")
            else:
                message.set_content(html, subtype="html")
        for name in self._children("__attach_version1.0_#"):
            self._attach(message, _Storage(self.ole, (*self.path, name), _HEADER_OTHER, self.codec))
        return message

    def _attach(self, message: EmailMessage, attachment: _Storage) -> None:
        name = (
            attachment.string(ATTACH_LONG_FILENAME)
            or attachment.string(ATTACH_FILENAME)
            or attachment.string(DISPLAY_NAME)
        )
        if attachment.long(ATTACH_METHOD) == EMBEDDED_MESSAGE:
            path = (*attachment.path, f"__substg1.0_{ATTACH_DATA:04X}{PT_OBJECT:04X}")
            inner = _Storage(self.ole, path, _HEADER_EMBEDDED, self.codec).message()
            message.add_attachment(inner, filename=name or None)
            return
        data = attachment.binary(ATTACH_DATA)
        if data is None:
            return  # an OLE object or a reference to a file elsewhere: nothing to read here
        maintype, _, subtype = (attachment.string(ATTACH_MIME) or "").partition("/")
        if not (maintype and subtype) or maintype in ("multipart", "message", "text"):
            maintype, subtype = "application", "octet-stream"  # the EML reader sniffs content
        cid = attachment.string(ATTACH_CONTENT_ID)
        message.add_attachment(data, maintype, subtype, filename=name or None)
        if cid:
            message.get_payload()[-1]["Content-ID"] = f"<{cid.strip('<>')}>"

    def string(self, pid: int) -> str | None:
        """A string property (Unicode, or 8-bit in the message's code page), or None."""
        raw = self._stream(pid, PT_UNICODE)
        if raw is not None:
            text = raw.decode("utf-16-le", errors="replace")
        else:
            raw = self._stream(pid, PT_STRING8)
            text = raw.decode(self.codec, errors="replace") if raw is not None else ""
        return text.rstrip("\x00").strip() or None

    def binary(self, pid: int) -> bytes | None:
        return self._stream(pid, PT_BINARY)

    def long(self, pid: int) -> int | None:
        value = self.fixed.get((pid, PT_LONG))
        return struct.unpack_from("<i", value)[0] if value else None

    def time(self, pid: int) -> datetime | None:
        value = self.fixed.get((pid, PT_SYSTIME))
        ticks = struct.unpack_from("<Q", value)[0] if value else 0
        if not ticks:
            return None
        try:
            return _FILETIME_EPOCH + timedelta(microseconds=ticks // 10)
        except OverflowError:
            return None

    def _stream(self, pid: int, kind: int) -> bytes | None:
        name = "/".join((*self.path, f"__substg1.0_{pid:04X}{kind:04X}"))
        if not self.ole.exists(name):  # type: ignore[attr-defined]
            return None
        return self.ole.openstream(name).read()  # type: ignore[attr-defined]

    def _fixed_values(self) -> dict[tuple[int, int], bytes]:
        """(property id, type) -> the 8 value bytes of each fixed-size property."""
        name = "/".join((*self.path, "__properties_version1.0"))
        if not self.ole.exists(name):  # type: ignore[attr-defined]
            return {}
        raw = self.ole.openstream(name).read()  # type: ignore[attr-defined]
        values = {}
        for offset in range(self.header, len(raw) - 15, 16):
            tag, _flags = struct.unpack_from("<II", raw, offset)
            values[(tag >> 16, tag & 0xFFFF)] = raw[offset + 8 : offset + 16]
        return values

    def _children(self, prefix: str) -> list[str]:
        """Names of the storages directly inside this one that start with `prefix`."""
        depth = len(self.path)
        names = {
            entry[depth]
            for entry in self.ole.listdir(streams=False, storages=True)  # type: ignore[attr-defined]
            if len(entry) == depth + 1 and tuple(entry[:depth]) == self.path
        }
        return sorted(name for name in names if name.startswith(prefix))

    def _sender(self) -> str | None:
        name = self.string(SENDER_NAME) or self.string(REPRESENTING_NAME)
        addresses = (SENDER_SMTP, SENDER_ADDRESS, REPRESENTING_ADDRESS)
        # Exchange stores an X.500 path ("/O=EXCHANGELABS/...") where no SMTP address is known.
        address = next((a for a in map(self.string, addresses) if a and "@" in a), None)
        if address:
            return formataddr((name or "", address))
        return name

    def _html(self) -> str | None:
        raw = self.binary(BODY_HTML)
        if raw is not None:
            return decode_bytes(raw, codepage_codec(self.long(INTERNET_CPID)) or self.codec) or None
        return self.string(BODY_HTML)

    def _transport_headers(self) -> dict[str, str]:
        """The internet headers a received message kept (From, To, Date...), as fallbacks."""
        raw = self.string(TRANSPORT_HEADERS)
        if not raw:
            return {}
        parsed = Parser(policy=policy.compat32).parsestr(raw, headersonly=True)
        return {
            key: str(parsed[key]) for key in ("From", "To", "Cc", "Date", "Subject") if parsed[key]
        }


def _set_header(message: EmailMessage, name: str, value: str | None) -> None:
    """Set a header, dropping one the email library cannot represent (it is only a hint)."""
    if not value:
        return
    with contextlib.suppress(ValueError, TypeError, IndexError):
        message[name] = " ".join(value.split())
