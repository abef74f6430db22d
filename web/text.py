"""Turning stored text into safe HTML: search-word marks, dates, sizes, `code` in messages."""

from __future__ import annotations

import re
from datetime import date

from flask import Flask
from markupsafe import Markup, escape

from disclosure_search.exemptions import exemption_label
from disclosure_search.facets import topic_labels
from disclosure_search.models import public_location
from disclosure_search.querylang import parse_query

# Query syntax that is not a word the user wants to see marked.
_OPERATORS = {"and", "or", "not", "to"}
_FIELD_PREFIX = re.compile(r"\w+:")
_WORD = re.compile(r"\w+")
_CODE = re.compile(r"`([^`]+)`")
MIN_WORD = 2
# Format keys (see indexer/extract) as people call them.
FORMAT_NAMES = {
    "pdf": "PDF",
    "doc": "Word document",
    "docx": "Word document",
    "odt": "OpenDocument text",
    "rtf": "Rich Text document",
    "xls": "Excel spreadsheet",
    "xlsx": "Excel spreadsheet",
    "ods": "OpenDocument spreadsheet",
    "csv": "CSV table",
    "json": "JSON",
    "html": "Web page",
    "txt": "Plain text",
    "eml": "E-mail",
    "msg": "E-mail",
    "zip": "ZIP archive",
    "image": "Image",
    "wdtk-json": "WhatDoTheyKnow thread",
}
# A disclosure log's own format, inside "Disclosure log (...)".
LOG_FORMATS = {"html": "web page", "xls": "Excel", "xlsx": "Excel", "ods": "spreadsheet"}


def query_words(q: str) -> list[str]:
    """The words of a search box query worth marking, longest first: not prefixes, filter
    values or NOT words."""
    wanted = " ".join(parse_query(q or "").words)
    words = {w.lower() for w in _WORD.findall(_FIELD_PREFIX.sub(" ", wanted))}
    words = {w for w in words - _OPERATORS if len(w) >= MIN_WORD}
    return sorted(words, key=lambda w: (-len(w), w))


def word_pattern(words: list[str]) -> re.Pattern[str] | None:
    """Matches text words starting with a query word, so plurals and -ing forms are marked.

    The index stems words; a prefix match (after dropping a plural s) is close enough here
    without loading the stemmer into the web layer.
    """
    stems = {w[:-1] if w.endswith("s") and len(w) > 3 else w for w in words}
    if not stems:
        return None
    alternatives = "|".join(re.escape(s) for s in sorted(stems, key=len, reverse=True))
    return re.compile(rf"\b(?:{alternatives})\w*", re.IGNORECASE)


def mark_words(text: str, q: str) -> Markup:
    """`text` escaped, with each word matching the query `q` wrapped in <mark>."""
    pattern = word_pattern(query_words(q))
    if pattern is None:
        return escape(text)
    pieces: list[str] = []
    end = 0
    # Match on the raw text and escape each piece, so a word never matches inside an entity.
    for match in pattern.finditer(text):
        pieces.append(escape(text[end : match.start()]))
        pieces.append(Markup("<mark>%s</mark>") % match.group())
        end = match.end()
    pieces.append(escape(text[end:]))
    return Markup("").join(pieces)


def code_spans(message: str) -> Markup:
    """A plain-text message escaped, with `backticked` commands shown as <code>."""
    return Markup(_CODE.sub(r"<code>\1</code>", str(escape(message))))


def long_date(value: date | None) -> str:
    """13 November 2025 (no leading zero), or "" for no date."""
    return f"{value.day} {value:%B %Y}" if value else ""


def human_size(size: int) -> str:
    """1.2 MB, 430 KB, 12 bytes."""
    if size < 1024:
        return f"{size} bytes"
    if size < 1024 * 1024:
        return f"{size / 1024:.0f} KB"
    return f"{size / (1024 * 1024):.1f} MB"


def facet_value(value: str, facet: str) -> str:
    """A facet value as people read it: topic slugs as words, formats and exemptions by
    their names."""
    if facet == "topic":
        return topic_labels().get(value) or value.replace("-", " ").capitalize()
    if facet == "format":
        return format_name(value)
    if facet == "exemption":
        return exemption_name(value)
    return value


def format_name(value: str) -> str:
    """'pdf' -> 'PDF', 'docx' -> 'Word document', 'json-log' -> 'Disclosure log (JSON)',
    'wdtk-json' -> 'WhatDoTheyKnow thread'; an unknown key in capitals."""
    if value in FORMAT_NAMES:
        return FORMAT_NAMES[value]
    if value.endswith("-log"):
        inner = value.removesuffix("-log")
        return f"Disclosure log ({LOG_FORMATS.get(inner) or inner.upper()})"
    return value.upper().replace("-", " ")


def exemption_name(code: str) -> str:
    """A stored exemption with its name: 's43' -> 's43 Commercial interests' (the code alone
    when the law gives it no name we know)."""
    label = exemption_label(code)
    return f"{code} {label}" if label else code


def noun(count: int, singular: str, plural: str = "") -> str:
    """The noun for `count` things: noun(1, 'disclosure') -> 'disclosure', else the plural
    (`singular` + 's' unless given: noun(2, 'authority', 'authorities'))."""
    return singular if count == 1 else plural or singular + "s"


def counted(count: int, singular: str, plural: str = "") -> str:
    """'1 disclosure', '2 disclosures', '0 disclosures'."""
    return f"{count} {noun(count, singular, plural)}"


def register_filters(app: Flask) -> None:
    """Make these helpers available in templates."""
    app.add_template_filter(facet_value)
    app.add_template_filter(format_name)
    app.add_template_filter(exemption_name)
    app.add_template_filter(noun)
    app.add_template_filter(counted)
    app.add_template_filter(mark_words)
    app.add_template_filter(code_spans)
    app.add_template_filter(long_date)
    app.add_template_filter(human_size)
    app.add_template_filter(public_location)
