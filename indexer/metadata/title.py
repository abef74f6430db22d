"""A disclosure's title: the subject it declares, without reply and request noise."""

from __future__ import annotations

import re

_NOISE = re.compile(
    r"^\s*(?:(?:re|fw|fwd|aw|tr)\s*:\s*|\[?(?:external|official)\]?\s*[:-]?\s*)+", re.I
)
_REQUEST_PREFIX = re.compile(
    r"^\s*(?:(?:internal review of\s+)?(?:freedom of information|foi|eir|foisa)(?:\s+act)?"
    r"(?:\s+request)?\s*(?:[-–:]\s*|\s+(?=[A-Z])))",
    re.I,
)
_SITE_SUFFIX = re.compile(
    r"\s+-\s+an?\s+(?:Freedom of Information|FOI|EIR|Environmental Information)[^-]*"
    r"request to\s+(?P<to>.+?)\s+-\s+[^-]+$",
    re.I,
)
_RELATING = re.compile(
    r"request (?:for information )?(?:relating to|regarding|concerning|about|in relation to)"
    r"\s+(?P<subject>[^\n.]{4,150})",
    re.I,
)
_SUBJECT_LINE = re.compile(r"^\s*(?:subject|re)\s*:\s*(?P<subject>\S.{3,150})$", re.I | re.M)
_QUESTION = re.compile(r"^\s*(?:q\s*)?1[.)]\s*(?P<q>\S.{10,150})$", re.I | re.M)
_GENERIC = re.compile(
    r"^(?:freedom of information(?: act)?(?: 2000)?(?: \(foia\))?|foi|eir)$", re.I
)


def split_site_title(title: str) -> tuple[str, str | None]:
    """'X - a Freedom of Information request to Body - Site' -> ('X', 'Body')."""
    match = _SITE_SUFFIX.search(title)
    if not match:
        return title, None
    return title[: match.start()].strip(), match.group("to").strip()


def clean_title(title: str) -> str:
    """Drop 'Re:', 'FW:' and 'Freedom of Information request -' prefixes."""
    cleaned = _NOISE.sub("", title)
    cleaned = _REQUEST_PREFIX.sub("", cleaned)
    cleaned = _NOISE.sub("", cleaned)
    return " ".join(cleaned.split()).strip(" -–:")


def find_title(declared: str | None, text: str) -> str | None:
    """The declared title when it says something, else the subject the letter states."""
    if declared:
        cleaned = clean_title(split_site_title(declared)[0])
        if cleaned and not _GENERIC.match(cleaned):
            return cleaned
    for pattern in (_RELATING, _SUBJECT_LINE, _QUESTION):
        match = pattern.search(text)
        if match:
            subject = clean_title(match.group(match.lastgroup or 1))
            if subject and not _GENERIC.match(subject):
                return subject.rstrip(" .,;:")
    return None
