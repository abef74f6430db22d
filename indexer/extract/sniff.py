"""Format detection from content: magic bytes first, structure next, file name last."""

from __future__ import annotations

import io
import json
import re
import zipfile
from pathlib import PurePosixPath

from disclosure_search.errors import ExtractError
from indexer.extract.decode import bom_encoding
from indexer.extract.logtable import looks_like_log_header, split_csv_line

_IMAGE_MAGIC = (
    b"\x89PNG\r\n\x1a\n",
    b"\xff\xd8\xff",
    b"GIF87a",
    b"GIF89a",
    b"II*\x00",
    b"MM\x00*",
)
_OLE2_MAGIC = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"
# The streams at the root of an OLE2 file say what it is (a name ending in "_" is a prefix).
_OLE2_KINDS = (
    ("WordDocument", "doc"),
    ("Workbook", "xls"),
    ("Book", "xls"),  # Excel 5
    ("__substg1.0_", "msg"),
    ("__properties_version1.0", "msg"),
)
_OLE2_REFUSED = (
    ("EncryptedPackage", "encrypted Office document: no password"),  # a protected .docx/.xlsx
    ("PowerPoint Document", "unsupported format: PowerPoint 97-2003 presentation (.ppt)"),
)
_ODF_KINDS = {
    "application/vnd.oasis.opendocument.text": "odt",
    "application/vnd.oasis.opendocument.text-template": "odt",
    "application/vnd.oasis.opendocument.spreadsheet": "ods",
    "application/vnd.oasis.opendocument.spreadsheet-template": "ods",
}
_ODF_MANIFEST_ROOT = re.compile(
    rb'<manifest:file-entry[^>]*?(?:full-path="/"[^>]*?media-type="([^"]+)"'
    rb'|media-type="([^"]+)"[^>]*?full-path="/")'
)
_HEADER_LINE = re.compile(rb"^[A-Za-z][A-Za-z0-9-]*:[ \t]?")
_MAIL_HEADERS = {
    b"from",
    b"to",
    b"subject",
    b"date",
    b"received",
    b"message-id",
    b"mime-version",
    b"content-type",
    b"return-path",
    b"reply-to",
}
_HTML_START = re.compile(
    rb"^\s*(<\?xml[^>]*>\s*)?(<!--.*?-->\s*)*<(!doctype html|html|head|body)\b", re.I | re.S
)
_HTML_TAGS = re.compile(rb"<(html|body|head|title|table|div|p|br|h[1-6])\b", re.I)
_SIGNIFICANT_CONTROL = bytes(range(0, 9)) + bytes(range(14, 32))


def sniff(data: bytes, filename: str = "") -> str:
    """The format key of a file ("pdf", "eml", "html", "csv", "txt", ...).

    Raises ExtractError for empty or unsupported input. The extension of `filename` only breaks
    ties between text formats (a .csv that is not a log table still reads as CSV).
    """
    if not data.strip():
        raise ExtractError("empty file: no content")
    ext = PurePosixPath(filename.lower()).suffix
    head = data[:2048]
    if head.startswith(_OLE2_MAGIC):
        return _sniff_ole2(data, ext)
    if head.startswith(b"PK\x03\x04") or head.startswith(b"PK\x05\x06"):
        return _sniff_zip(data)  # before the PDF check: a stored PDF member sits near the start
    if head.startswith(_IMAGE_MAGIC):
        return "image"
    if head.startswith(b"%PDF-") or (b"%PDF-" in head[:1024] and not _looks_like_email(head)):
        return "pdf"  # readers accept junk (a BOM, a stray HTTP header) before the marker
    if head.lstrip().startswith(b"{\\rtf"):
        return "rtf"
    if not _is_text(data[:65536]):
        raise ExtractError("unsupported format: binary data of unknown type")
    return _sniff_text(data, ext)


def _sniff_ole2(data: bytes, ext: str) -> str:
    """Word, Excel or Outlook by the streams at the root of the OLE2 directory."""
    names = _ole2_root_names(data)
    if names is None:  # a directory olefile cannot read: look for the names in the raw bytes
        streams = [stream for stream, _ in _OLE2_KINDS + _OLE2_REFUSED]
        names = {stream for stream in streams if stream.encode("utf-16-le") in data}
        if not names and ext not in (".doc", ".dot"):
            raise ExtractError("corrupt OLE2 file: its directory cannot be read (truncated?)")
    for stream, kind in _OLE2_KINDS:
        if _has_stream(names, stream):
            return kind
    for stream, reason in _OLE2_REFUSED:
        if _has_stream(names, stream):
            raise ExtractError(reason)
    if ext in (".doc", ".dot"):
        return "doc"
    raise ExtractError("unsupported format: OLE2 compound file of no known kind")


def _has_stream(names: set[str], stream: str) -> bool:
    if stream.endswith("_"):
        return any(name.startswith(stream) for name in names)
    return stream in names


def _ole2_root_names(data: bytes) -> set[str] | None:
    import olefile

    try:
        with olefile.OleFileIO(data) as ole:
            return {entry[0] for entry in ole.listdir(streams=True, storages=True)}
    except Exception:  # olefile raises OSError, struct.error, IndexError... on damage
        return None


def _sniff_zip(data: bytes) -> str:
    try:
        archive = zipfile.ZipFile(io.BytesIO(data))
        names = set(archive.namelist())
    except (zipfile.BadZipFile, ValueError) as exc:
        raise ExtractError(f"corrupt ZIP: {exc}") from None
    if "word/document.xml" in names:
        return "docx"
    if "xl/workbook.xml" in names:
        return "xlsx"
    if "ppt/presentation.xml" in names:
        raise ExtractError("unsupported format: PowerPoint presentation (.pptx)")
    if "content.xml" in names and ("mimetype" in names or "META-INF/manifest.xml" in names):
        return _odf_kind(archive, names)
    return "zip"


def _odf_kind(archive: zipfile.ZipFile, names: set[str]) -> str:
    """ "odt" or "ods" from the package's declared media type; other kinds are unsupported."""
    try:
        if "mimetype" in names:
            media = archive.read("mimetype")[:200].decode("ascii", errors="replace").strip()
        else:
            found = _ODF_MANIFEST_ROOT.search(archive.read("META-INF/manifest.xml")[:65536])
            media = (found[1] or found[2]).decode("ascii", errors="replace") if found else ""
    except (zipfile.BadZipFile, OSError, EOFError, RuntimeError) as exc:
        raise ExtractError(f"corrupt OpenDocument file: {exc}") from None
    if media in _ODF_KINDS:
        return _ODF_KINDS[media]
    kind = media.rsplit(".", 1)[-1] if media else "of unknown kind"
    raise ExtractError(f"unsupported format: OpenDocument {kind}")


def _is_text(sample: bytes) -> bool:
    """True when the bytes read as text: UTF-16/32 with a BOM, or few control bytes and no NULs."""
    if bom_encoding(sample):
        return True
    if b"\x00" in sample:
        return False
    controls = sum(sample.count(bytes([c])) for c in _SIGNIFICANT_CONTROL)
    return controls <= len(sample) // 100


def _sniff_text(data: bytes, ext: str) -> str:
    head = _text_head(data)
    stripped = head.lstrip()
    if _looks_like_email(stripped):
        return "eml"
    if stripped[:1] in (b"{", b"[") and _is_json(data):
        return "json"
    if _HTML_START.match(head) or (stripped.startswith(b"<") and _HTML_TAGS.search(head[:4096])):
        return "html"
    if _looks_like_csv(head, ext):
        return "csv"
    if ext in (".htm", ".html") and _HTML_TAGS.search(head):
        return "html"
    return "txt"


def _text_head(data: bytes) -> bytes:
    """The first 64 KiB as ASCII-compatible bytes, so byte patterns match UTF-16 files too."""
    bom = bom_encoding(data)
    sample = data[:65536]
    if bom in ("utf-16", "utf-32"):
        return sample.decode(bom, errors="replace").encode("utf-8")
    return sample[3:] if bom == "utf-8-sig" else sample


def _looks_like_email(head: bytes) -> bool:
    """An RFC 5322 header block: header lines up to the first blank line, two of them known."""
    lines = head.replace(b"\r\n", b"\n").split(b"\n")
    known = 0
    for index, line in enumerate(lines[:200]):
        if not line.strip():
            return known >= 2
        if index == 0 and line.startswith(b"From "):
            continue  # mbox separator line
        if line[:1] in (b" ", b"\t"):
            continue  # folded continuation
        if not _HEADER_LINE.match(line):
            return False
        if line.split(b":", 1)[0].lower() in _MAIL_HEADERS:
            known += 1
    return False


def _is_json(data: bytes) -> bool:
    try:
        json.loads(data)
    except (ValueError, RecursionError):
        return False
    return True


def _looks_like_csv(head: bytes, ext: str) -> bool:
    """A delimited table: a log-table header, or a .csv/.tsv name and a delimited first line."""
    text = head.decode("utf-8", errors="replace")
    first = next((line for line in text.splitlines() if line.strip()), "")
    cells = split_csv_line(first)
    if len(cells) >= 2 and looks_like_log_header(cells):
        return True
    return ext in (".csv", ".tsv") and len(cells) >= 2
