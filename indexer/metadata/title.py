"""A disclosure's title: the subject it declares, without reply and request noise."""

from __future__ import annotations

import re

from indexer.metadata.dates import find_dates

_NOISE = re.compile(
    r"^\s*(?:(?:re|fw|fwd|aw|tr)\s*:\s*|\[?(?:external|official)\]?\s*[:-]?\s*)+", re.I
)
_REQUEST_PREFIX = re.compile(
    r"^\s*(?:(?:internal review of\s+)?(?:freedom of information|foi|eir|foisa)(?:\s+act)?"
    r"(?:\s+request)?\s*(?:[-–:]\s*|\s+(?=[A-Z])(?!Act\b|Regulations\b)))",
    re.I,
)
_SITE_SUFFIX = re.compile(
    r"\s+-\s+an?\s+(?:Freedom of Information|FOI|EIR|Environmental Information)[^-]*"
    r"request to\s+(?P<to>.+?)\s+-\s+[^-]+$",
    re.I,
)
_RELATING = re.compile(
    r"(?:request|questions?|enquiry|emails?) (?:for information )?"
    r"(?:relating to|regarding|concerning|about|in relation to)\s+(?P<subject>[^\n.]{4,150})",
    re.I,
)
# A heading that runs a reference into the subject: "FOI3310 – Concerning housing support",
# "Our Ref: FOI - 2137 - Housing Support", "FOI_0316_22/22 – FOI request concerning – X".
_REF_HEADED = re.compile(
    r"^[ \t]*(?:(?:our\s+)?ref(?:erence)?\s*[:.]?\s*)?(?:[A-Z]{2,6}[ _/-]*)?\d[\w/ _.-]*?"
    r"\s+[–—-]\s+(?P<subject>[A-Za-z][^\n]{3,150})$",
    re.M | re.I,
)
_LEAD_IN = re.compile(
    r"^(?:(?:FOI|EIR|freedom of information)\s+request\s+)?(?:concerning|regarding|about"
    r"|relating to|re)\s*[–—:-]\s*",
    re.I,
)
_SUBJECT_LINE = re.compile(r"^\s*(?:subject|re)\s*:\s*(?P<subject>\S.{3,150})$", re.I | re.M)
_QUESTION = re.compile(r"^\s*(?:q\s*)?1[.)]\s*(?P<q>\S.{10,150})$", re.I | re.M)
_GENERIC = re.compile(
    r"^(?:(?:freedom of information|environmental information)(?: act| regulations)?"
    r"(?: \d{4})?(?: \((?:foia|section \d+)\))?(?: request)?|foi|eir|foisa|word document"
    r"|untitled|document\d*|\[[^\]]*\])$",
    re.I,
)
_TEMPLATE = re.compile(r"[«»{}<>]|\b(?:template|letterhead|draft|untitled|normal)\b", re.I)
# A bare request reference left after the prefix is removed is not a subject either.
_ONLY_REF = re.compile(r"^(?:(?:FOI|EIR|FOISA)\s?[/-]?\s?)?[\w/-]*\d[\w/-]*$", re.I)


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


def find_title(
    declared: str | None, text: str, first_question: str = "", file_title: str | None = None
) -> str | None:
    """The declared title (a subject line, a page title) when it says something, else the
    subject the letter states (a reference heading, 'Subject:', 'your request for information
    relating to X'), else the file's own title property (often a template's leftover, so
    weaker than the text), else its first question."""
    for candidate in (declared, subject_in(text), file_title):
        cleaned = clean_title(split_site_title(candidate)[0]) if candidate else ""
        if is_subject(cleaned) and (candidate is not file_title or is_property_subject(cleaned)):
            return cleaned[:1].upper() + cleaned[1:]
    if first_question:
        return shorten(first_question)
    match = _QUESTION.search(text[:6000])
    return shorten(match.group("q")) if match else None


def subject_in(text: str) -> str | None:
    """The subject a letter states in its first lines or a 'regarding X' phrase, or None."""
    if match := _REF_HEADED.search(text[:400]):
        subject = _LEAD_IN.sub("", clean_title(match.group("subject"))).rstrip(" .,;:")
        if is_subject(subject):
            return subject
    for pattern in (_SUBJECT_LINE, _RELATING):
        for match in pattern.finditer(text[:6000]):
            subject = clean_title(match.group(match.lastgroup or 1)).rstrip(" .,;:")
            if pattern is _RELATING:  # "relating to the X": the article is the sentence's
                subject = re.sub(r"^the\s+", "", subject, flags=re.I)
            if is_subject(subject):
                return subject
    return None


def shorten(text: str, limit: int = 150) -> str:
    """At most `limit` characters, cut at a word boundary."""
    text = " ".join(text.split())
    return text if len(text) <= limit else text[:limit].rsplit(" ", 1)[0] + "…"


def is_property_subject(title: str) -> bool:
    """A file's title property that reads as a subject: not a template's leftover
    ('«TITLE»«SURNAME»', 'Letterhead template colour'), a form label ('To', 'Subject'), an
    initialism ('GPT') or a date ('14 May 2007')."""
    words = re.findall(r"[A-Za-z]+", title)
    return (
        len(words) >= 2
        and not _TEMPLATE.search(title)
        and not re.fullmatch(r"[\d\s/.,-]*\w*[\d\s/.,-]*", title)
        and not find_dates(title)
    )


def is_subject(title: str) -> bool:
    """False for empty, generic ('Freedom of Information Act 2000') or reference-only titles."""
    return bool(title) and not _GENERIC.match(title) and not _ONLY_REF.match(title)
