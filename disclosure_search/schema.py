"""THE Whoosh schema. Every index document is either a disclosure or one of its parts.

Disclosure documents carry the metadata and the whole text, and are what a search counts and
ranks; part documents (kind=part) carry one page/attachment/row each of a disclosure with
several, so a hit can say where it matched (a one-part disclosure's part is the disclosure).
Only what result lists show is stored; full text lives in the records store.
"""

from __future__ import annotations

from whoosh import fields
from whoosh.analysis import LowercaseFilter, RegexTokenizer, StemmingAnalyzer

UID = "uid"
KIND = "kind"
DOC_ID = "doc_id"
REQUEST_ID = "request_id"
REQUEST_ID_NORM = "request_id_norm"
RELATED_NORM = "related_norm"
TITLE = "title"
BODY = "body"
WORDS = "words"  # title and text as written (unstemmed), for wildcards
AUTHORITY = "authority"
AUTHORITY_TEXT = "authority_text"
TOPICS = "topics"
EXEMPTIONS = "exemptions"
OUTCOME = "outcome"
FORMAT = "format"
DATE = "date"
DAY = "day"
REMOVED = "removed"
GROUP = "group"
SOURCE = "source"
PART_NO = "part_no"
PART_LABEL = "part_label"
PAGE = "page"

KIND_DISCLOSURE = "disclosure"
KIND_PART = "part"
KIND_QA = "qa"  # one numbered question with its answer, searchable as its own unit

TITLE_BOOST = 3.0


def build_schema() -> fields.Schema:
    """The schema every index is created with."""
    text = StemmingAnalyzer()
    # Wildcards match words as written: police* must not reach "policy" through the stem
    # "polic". No positions: wildcards never take part in phrases.
    as_written = RegexTokenizer() | LowercaseFilter()
    return fields.Schema(
        **{
            UID: fields.ID(unique=True, stored=True),
            KIND: fields.ID(stored=True),
            DOC_ID: fields.ID(stored=True, sortable=True),
            REQUEST_ID: fields.STORED(),
            REQUEST_ID_NORM: fields.ID(),
            RELATED_NORM: fields.KEYWORD(commas=True),
            TITLE: fields.TEXT(analyzer=text, stored=True, field_boost=TITLE_BOOST),
            BODY: fields.TEXT(analyzer=text),
            WORDS: fields.TEXT(analyzer=as_written, phrase=False),
            AUTHORITY: fields.ID(stored=True, sortable=True),
            AUTHORITY_TEXT: fields.TEXT(),
            TOPICS: fields.KEYWORD(commas=True, stored=True, lowercase=True),
            EXEMPTIONS: fields.KEYWORD(commas=True, stored=True),
            OUTCOME: fields.ID(stored=True, sortable=True),
            FORMAT: fields.ID(stored=True, sortable=True),
            DATE: fields.DATETIME(stored=True, sortable=True),
            # Sort key: the date's ordinal, 0 when undated, so undated sorts last when newest
            # come first (Whoosh gives a missing DATETIME the largest value).
            DAY: fields.NUMERIC(sortable=True),
            REMOVED: fields.ID(stored=True),
            # Disclosures answering the same (round-robin) request share a group id.
            GROUP: fields.ID(stored=True),
            SOURCE: fields.STORED(),
            PART_NO: fields.NUMERIC(stored=True),
            PART_LABEL: fields.STORED(),
            PAGE: fields.STORED(),
        }
    )
