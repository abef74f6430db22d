"""Which titles that files declare about themselves are real titles."""

from __future__ import annotations

import re

_PLACEHOLDERS = {
    "untitled",
    "word document",
    "document",
    "microsoft word document",
    "powerpoint presentation",
    "title",
    "no title",
    "pdf",
}
_FILE_NAME = re.compile(r"\.(docx?|pdf|rtf|odt|xlsx?|txt|html?|tmp|dot|msg)$", re.I)
_APP_PREFIX = re.compile(r"^(microsoft (word|excel|powerpoint) - )", re.I)


def clean_title(raw: str | None) -> str | None:
    """A declared title worth showing, or None for blanks, file names and template placeholders.

    "Microsoft Word - response.doc", "Word Document" and "[Region/Directorate]" say nothing
    about the document; the metadata stage then looks for a title in the text.
    """
    if not raw:
        return None
    title = re.sub(r"\s+", " ", raw.replace("\x00", "")).strip()
    title = _APP_PREFIX.sub("", title)
    if len(title) < 3 or not re.search(r"[^\W\d_]", title):
        return None
    if title.lower() in _PLACEHOLDERS or _FILE_NAME.search(title):
        return None
    if re.fullmatch(r"\[[^\]]*\]", title):
        return None
    return title
