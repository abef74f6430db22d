"""Turning stored text into safe HTML: search-word marks, dates, sizes, `code` in messages."""

from __future__ import annotations

import re
from datetime import date

from flask import Flask
from markupsafe import Markup, escape

from disclosure_search.facets import topic_labels
from disclosure_search.querylang import parse_query

# Query syntax that is not a word the user wants to see marked.
_OPERATORS = {"and", "or", "not", "to"}
_FIELD_PREFIX = re.compile(r"\w+:")
_WORD = re.compile(r"\w+")
_CODE = re.compile(r"`([^`]+)`")
MIN_WORD = 2


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
    """A facet value as people read it: topic slugs as words, formats in capitals."""
    if facet == "topic":
        return topic_labels().get(value) or value.replace("-", " ").capitalize()
    if facet == "format":
        return value.upper().replace("-", " ")
    return value


def register_filters(app: Flask) -> None:
    """Make these helpers available in templates."""
    app.add_template_filter(facet_value)
    app.add_template_filter(mark_words)
    app.add_template_filter(code_spans)
    app.add_template_filter(long_date)
    app.add_template_filter(human_size)
