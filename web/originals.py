"""/original/<sha256>: the stored original, typed so foreign content cannot run on our origin."""

from __future__ import annotations

import re
import zipfile
from pathlib import Path

from flask import Blueprint, Response, request, send_file

from disclosure_search.errors import NotFoundError
from web.extension import get_index

bp = Blueprint("originals", __name__)

_SHA256 = re.compile(r"[0-9a-fA-F]{64}")

# Disclosure format -> (content type, file extension for the download name).
FORMAT_TYPES = {
    "pdf": ("application/pdf", "pdf"),
    "html": ("text/html", "html"),
    "txt": ("text/plain", "txt"),
    "eml": ("text/plain", "eml"),
    "csv": ("text/csv", "csv"),
    "json": ("application/json", "json"),
    "wdtk-json": ("application/json", "json"),
    "doc": ("application/msword", "doc"),
    "docx": ("application/vnd.openxmlformats-officedocument.wordprocessingml.document", "docx"),
    "xls": ("application/vnd.ms-excel", "xls"),
    "xlsx": ("application/vnd.openxmlformats-officedocument.spreadsheetml.sheet", "xlsx"),
    "zip": ("application/zip", "zip"),
    "png": ("image/png", "png"),
    "jpeg": ("image/jpeg", "jpg"),
    "gif": ("image/gif", "gif"),
    "tiff": ("image/tiff", "tif"),
}
# Leading bytes of binary formats, for originals reached without a doc_id (or an "image").
MAGIC = {
    b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1": "doc",
    b"\x89PNG\r\n\x1a\n": "png",
    b"\xff\xd8\xff": "jpeg",
    b"GIF8": "gif",
    b"II*\x00": "tiff",
    b"MM\x00*": "tiff",
}
BINARY = ("application/octet-stream", "bin")

# A sandboxed, unique origin with nothing loaded from anywhere: stored HTML from a public
# body's site can be read but cannot run scripts, submit forms or phone home.
SANDBOX_POLICY = "sandbox; default-src 'none'; img-src data:; style-src 'unsafe-inline'"
# Immutable by construction: the name is the content's hash.
ONE_YEAR = 365 * 24 * 3600


@bp.get("/original/<sha256>")
def original(sha256: str) -> Response:
    """The original file. `?doc=<doc_id>` types it by that disclosure's format; else by sniffing."""
    if not _SHA256.fullmatch(sha256):
        raise NotFoundError(f"{sha256!r} is not a SHA-256: originals are named by 64 hex digits.")
    sha256 = sha256.lower()
    path = get_index().settings.original_path(sha256)
    if not path.is_file():
        raise NotFoundError(f"No original with SHA-256 {sha256} is stored.")
    fmt = declared_format(sha256, request.args.get("doc", ""))
    if fmt not in FORMAT_TYPES:
        fmt = sniff_format(path)
    content_type, extension = FORMAT_TYPES.get(fmt, BINARY)
    response = send_file(
        path,
        mimetype=content_type,
        download_name=f"{sha256}.{extension}",
        as_attachment=(content_type, extension) == BINARY,
        conditional=True,
        max_age=ONE_YEAR,
    )
    if content_type.startswith("text/"):
        response.content_type = f"{content_type}{charset_of(path)}"
    if content_type != "application/pdf":
        # Browsers' PDF viewers refuse to run under a CSP sandbox; every other type gets it.
        response.headers["Content-Security-Policy"] = SANDBOX_POLICY
    return response


def declared_format(sha256: str, doc_id: str) -> str | None:
    """The format of disclosure `doc_id` if that disclosure's original is `sha256`."""
    if not doc_id:
        return None
    try:
        record = get_index().disclosure(doc_id)
    except NotFoundError:
        return None
    # A log table's rows ("csv-log") come from a file of the plain format ("csv").
    return record.format.removesuffix("-log") if record.sha256 == sha256 else None


def sniff_format(path: Path) -> str:
    """A format name from the file's first bytes, for originals reached without a doc_id."""
    with path.open("rb") as file:
        head = file.read(2048)
    if b"%PDF-" in head[:1024]:
        return "pdf"
    for magic, fmt in MAGIC.items():
        if head.startswith(magic):
            return fmt
    if head.startswith(b"PK\x03\x04"):
        return zip_format(path)
    if b"\x00" in head:
        return "bin"
    start = head.lstrip().lower()
    if start.startswith((b"<!doctype html", b"<html")) or b"<html" in start[:512]:
        return "html"
    return "txt"


def zip_format(path: Path) -> str:
    try:
        with zipfile.ZipFile(path) as archive:
            names = set(archive.namelist())
    except zipfile.BadZipFile:
        return "bin"
    if "word/document.xml" in names:
        return "docx"
    if "xl/workbook.xml" in names:
        return "xlsx"
    return "zip"


def charset_of(path: Path) -> str:
    """ "; charset=utf-8" when the text is UTF-8; otherwise none, and the browser decides."""
    try:
        path.read_bytes().decode("utf-8")
    except UnicodeDecodeError:
        return ""
    return "; charset=utf-8"
