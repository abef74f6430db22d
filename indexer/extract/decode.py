"""Bytes to text: the one place that guesses character encodings."""

from __future__ import annotations

import codecs

from charset_normalizer import from_bytes

_BOMS = (
    (codecs.BOM_UTF8, "utf-8-sig"),
    (codecs.BOM_UTF32_LE, "utf-32"),
    (codecs.BOM_UTF32_BE, "utf-32"),
    (codecs.BOM_UTF16_LE, "utf-16"),
    (codecs.BOM_UTF16_BE, "utf-16"),
)

# Browsers (WHATWG) read these labels as windows-1252, and so do the pages that declare them:
# bytes 0x80-0x9F in an "iso-8859-1" page are curly quotes and dashes, not control codes.
_AS_WINDOWS_1252 = {"iso-8859-1", "latin-1", "latin1", "us-ascii", "ascii", "iso8859-1"}


def bom_encoding(data: bytes) -> str | None:
    """The codec named by a leading byte-order mark, or None."""
    for bom, name in _BOMS:
        if data.startswith(bom):
            return name
    return None


def normalise_charset(label: str | None) -> str | None:
    """A Python codec name for a declared charset label, or None if Python does not know it."""
    if not label:
        return None
    label = label.strip().strip("\"'").lower()
    if label in _AS_WINDOWS_1252:
        return "cp1252"
    try:
        return codecs.lookup(label).name
    except LookupError:
        return None


# Windows code page numbers (as Outlook and RTF declare them) whose Python codec is not "cpN".
_CODE_PAGES = {65001: "utf-8", 1200: "utf-16-le", 1201: "utf-16-be", 20127: "ascii"}
_CODE_PAGES |= {28590 + n: f"iso8859-{n}" for n in range(1, 16)}
_CODE_PAGES |= {
    50220: "iso2022-jp",
    51932: "euc-jp",
    51949: "euc-kr",
    52936: "hz",
    54936: "gb18030",
}


def codepage_codec(number: int | None) -> str | None:
    """The Python codec for a Windows code page number (1252 -> "cp1252"), or None if unknown."""
    if not number or number < 0:
        return None
    name = _CODE_PAGES.get(number, f"cp{number}")
    try:
        return codecs.lookup(name).name
    except LookupError:
        return None


def decode_bytes(data: bytes, declared: str | None = None) -> str:
    """Decode text of unknown encoding: BOM, then the declared charset, then UTF-8, then detection.

    A declared charset that does not fit the bytes is ignored (pages often lie), and the last
    resort is windows-1252, which never fails: the result is always a str.
    """
    bom = bom_encoding(data)
    if bom:
        return data.decode(bom, errors="replace")
    codec = normalise_charset(declared)
    candidates = [codec] if codec else []
    candidates.append("utf-8")
    for name in candidates:
        try:
            return data.decode(name)
        except UnicodeDecodeError:
            continue
    best = from_bytes(data).best()
    if best is not None:
        return str(best)
    return data.decode("cp1252", errors="replace")
