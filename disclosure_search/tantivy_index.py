"""THE tantivy schema, mirroring schema.py, and the tantivy index on disk (opened here only).

Text is analysed by the Whoosh schema's own analyzers (stemmed title and body, words as
written, authority names) and handed to tantivy pre-tokenized, so both engines hold the same
index terms: the query language, highlighting and "did you mean" read the same words
whichever engine answers. Metadata fields are raw terms; the facet and sort fields are fast
(columns): authority, outcome, format, topics and exemptions (many values each), the year,
the day and its undated-last twin.
"""

from __future__ import annotations

import json
import math
from datetime import date
from pathlib import Path
from typing import Any

import tantivy

from disclosure_search import schema as S
from disclosure_search.analysis import analysis
from disclosure_search.errors import NoIndexError

YEAR = "year"  # facet: the response year, 0 when undated
DAY_LAST = "day_last"  # sort key for "oldest": the day, or past every day when undated
WEIGHT = "weight"  # scales scores: log rows rank lower, as their Whoosh boost does
UNDATED_LAST = date.max.toordinal() + 1
# tantivy multiplies a score by log2(2 + weight): full documents get 1 / LOG_ROW_BOOST,
# log rows 1, so their ratio is Whoosh's LOG_ROW_BOOST.
LOG_ROW_BOOST = 0.3
FULL_WEIGHT = 2 ** (1 / LOG_ROW_BOOST) - 2

RAW = ("raw",)
# (field, stored, fast): one raw term per value.
RAW_FIELDS = (
    (S.UID, True, False),
    (S.KIND, True, False),
    (S.DOC_ID, True, True),
    (S.REQUEST_ID, True, False),
    (S.REQUEST_ID_NORM, False, False),
    (S.RELATED_NORM, False, False),
    (S.AUTHORITY, True, True),
    (S.TOPICS, True, True),
    (S.EXEMPTIONS, True, True),
    (S.OUTCOME, True, True),
    (S.FORMAT, True, True),
    (S.REMOVED, True, False),
    (S.GROUP, True, False),
    (S.SOURCE, True, False),
    (S.PART_LABEL, True, False),
)
# Analysed text: (field, stored, index option). Wildcards never take part in phrases.
TEXT_FIELDS = (
    (S.TITLE, True, "position"),
    (S.BODY, False, "position"),
    (S.WORDS, False, "freq"),
    (S.AUTHORITY_TEXT, False, "position"),
)
MULTI = {S.TOPICS, S.EXEMPTIONS, S.RELATED_NORM}


def build_tantivy_schema() -> tantivy.Schema:
    """The schema every tantivy index is created with."""
    builder = tantivy.SchemaBuilder()
    for name, stored, fast in RAW_FIELDS:
        builder.add_text_field(name, stored=stored, fast=fast, tokenizer_name="raw")
    for name, stored, option in TEXT_FIELDS:
        builder.add_text_field(name, stored=stored, tokenizer_name="raw", index_option=option)
    builder.add_integer_field(S.DAY, stored=True, indexed=True, fast=True)
    builder.add_integer_field(DAY_LAST, fast=True)
    builder.add_integer_field(YEAR, fast=True)
    builder.add_integer_field(S.PART_NO, stored=True, indexed=True)
    builder.add_integer_field(S.PAGE, stored=True)
    builder.add_float_field(WEIGHT, fast=True)
    return builder.build()


def tantivy_exists(path: Path) -> bool:
    """Whether there is a tantivy index at `path`."""
    return (path / "meta.json").is_file()


def open_tantivy(path: Path) -> tantivy.Index:
    """The tantivy index at `path`; NoIndexError when there is none."""
    if not tantivy_exists(path):
        raise NoIndexError(
            f"No index at {path}: run `disclosure-search ingest PATH` on your files"
            f" (or `disclosure-search demo` for the bundled samples) first."
        )
    return tantivy.Index(build_tantivy_schema(), path=str(path), reuse=True)


def open_or_create_tantivy(path: Path) -> tantivy.Index:
    """The tantivy index at `path`, created empty if there is none."""
    path.mkdir(parents=True, exist_ok=True)
    return tantivy.Index(build_tantivy_schema(), path=str(path), reuse=True)


def tantivy_generation(path: Path) -> int:
    """The index generation: the opstamp of its last commit (-1 without an index)."""
    try:
        return int(json.loads((path / "meta.json").read_text(encoding="utf-8"))["opstamp"])
    except (OSError, ValueError, KeyError):
        return -1


def tokens(field: str, text: str) -> tantivy.PreTokenizedString:
    """`text` analysed as Whoosh analyses `field`, as tantivy tokens (positions and offsets)."""
    found = [tantivy.Token(*token) for token in analysis(field)(text)]
    return tantivy.PreTokenizedString(text, found)


def tantivy_document(fields: dict[str, Any]) -> tantivy.Document:
    """The tantivy document for one of indexer.documents.index_documents' documents."""
    document = tantivy.Document()
    for name, value in fields.items():
        if name in ("_boost", S.DATE) or value is None or value == "":
            continue
        if name in {f for f, _, _ in TEXT_FIELDS}:
            document.add_pre_tokenized_text(name, tokens(name, value))
        elif name in MULTI:
            for item in value.split(","):
                if item:
                    document.add_text(name, item.lower() if name == S.TOPICS else item)
        elif name in (S.DAY, S.PART_NO, S.PAGE):
            document.add_integer(name, int(value))
        else:
            document.add_text(name, str(value))
    if fields.get(S.KIND) == S.KIND_DISCLOSURE:
        day = int(fields.get(S.DAY) or 0)
        document.add_integer(DAY_LAST, day or UNDATED_LAST)
        document.add_integer(YEAR, date.fromordinal(day).year if day else 0)
        document.add_float(WEIGHT, 0.0 if "_boost" in fields else FULL_WEIGHT)
    return document


def score_factor(weight: float | None) -> float:
    """What tantivy multiplied a score by for a document of this WEIGHT."""
    return math.log2(2 + (weight or 0.0))
