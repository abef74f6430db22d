"""The fast paths must give exactly what the slow ones they replace give, on real letters:
the schema's analysis (tokens tantivy is fed, words highlighting reads) against Whoosh's own
analyzers, and the topic terms skipped as absent against their patterns."""

from __future__ import annotations

import pytest

from disclosure_search import schema as S
from disclosure_search.analysis import analysis, analysis_by, whoosh_schema
from disclosure_search.config import Settings
from disclosure_search.records import iter_records
from indexer.topics import _Words, subject_text, taxonomy

TRICKY = [
    "",
    "   ",
    "The the THE a x of",
    "Ünïcode naïve café ĲSSEL İstanbul straße 3.14 foo*bar a.b.c ..x e-mail",
    "FOI/2023/0123 EIR / 1737088 s.40(2) £1,234.56 — “quoted” don’t",
]


@pytest.fixture(scope="module")
def texts(sample_home: Settings) -> list[str]:
    found = [p.text for r in iter_records(sample_home) for p in r.parts] + TRICKY
    assert len(found) > 20
    return found


@pytest.mark.parametrize("field", [S.TITLE, S.BODY, S.WORDS, S.AUTHORITY_TEXT])
def test_fast_analysis_gives_whooshs_tokens(field: str, texts: list[str]) -> None:
    analyzer = whoosh_schema()[field].analyzer
    for text in texts:
        expected = [
            (t.text, t.pos, t.startchar, t.endchar)
            for t in analyzer(text, positions=True, chars=True, mode="index")
        ]
        assert analysis(field)(text) == expected


def test_kept_stop_words_are_what_a_highlighter_reads(texts: list[str]) -> None:
    analyzer = whoosh_schema()[S.BODY].analyzer
    for text in texts:
        expected = [
            (t.text, t.startchar, t.endchar)
            for t in analyzer(text, chars=True, mode="index", removestops=False)
        ]
        found = analysis_by(analyzer, keep_stops=True)(text)
        assert [(word, start, end) for word, _, start, end in found] == expected


def test_topic_terms_are_skipped_only_where_they_cannot_match(texts: list[str]) -> None:
    skipped = 0
    for text in texts:
        words = _Words(subject_text(text))
        for topic in taxonomy():
            for term in topic.terms:
                if not words.may_match(term):
                    skipped += 1
                    assert not term.pattern.search(subject_text(text)), (term.pattern, text[:60])
    assert skipped > 1000  # the skipping is real, not a filter that lets everything through
