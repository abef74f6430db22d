"""Inline uuencoded files in email bodies ("begin 666 name" ... "end"), decoded tolerantly.

Old mail clients (and some council mail gateways) still send attachments this way, and the
lines are often damaged in transit: trailing spaces stripped, characters out of range. Each
line is decoded on its own, so one bad line costs a few bytes, not the file.
"""

from __future__ import annotations

import binascii
import re
from dataclasses import dataclass

_BEGIN = re.compile(rb"^begin [0-7]{3,4} ([^\r\n]+?)[ \t]*\r?$", re.M)
_END = re.compile(rb"^end[ \t]*\r?$", re.M)


@dataclass(frozen=True)
class UUFile:
    """One decoded file and where its block sits in the text (start, end byte offsets)."""

    name: str
    data: bytes
    start: int
    end: int


def find_uuencoded(text: bytes) -> list[UUFile]:
    """Every uuencoded block in `text`, decoded; a block without "end" runs to the text's end."""
    files = []
    position = 0
    while match := _BEGIN.search(text, position):
        end_match = _END.search(text, match.end())
        end = end_match.end() if end_match else len(text)
        body = text[match.end() : end_match.start() if end_match else len(text)]
        name = match.group(1).decode("utf-8", errors="replace").strip()
        files.append(UUFile(name=name, data=uudecode_lines(body), start=match.start(), end=end))
        position = end
    return files


def uudecode_lines(block: bytes) -> bytes:
    """Decode uuencoded lines, padding short lines and masking bad characters."""
    out = bytearray()
    for raw in block.splitlines():
        line = raw.rstrip(b"\r")
        if not line.strip():
            continue
        length = (line[0] - 32) & 63
        if length == 0:
            continue  # the closing "`" line
        needed = 1 + (length + 2) // 3 * 4
        line = line[:needed].ljust(needed, b" ")
        try:
            out += binascii.a2b_uu(line)
        except binascii.Error:
            out += _decode_masked(line, length)
    return bytes(out)


def _decode_masked(line: bytes, length: int) -> bytes:
    """Decode one line by masking every character to six bits, as the format defines."""
    values = [(ch - 32) & 63 for ch in line[1:]]
    out = bytearray()
    for i in range(0, len(values) - 3, 4):
        a, b, c, d = values[i : i + 4]
        out += bytes([(a << 2 | b >> 4) & 255, (b << 4 | c >> 2) & 255, (c << 6 | d) & 255])
    return bytes(out[:length])
