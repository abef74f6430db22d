"""The query language parser: what each typed form means, and hints instead of errors."""

from __future__ import annotations

import time
from datetime import date

import pytest

from disclosure_search import exemptions
from disclosure_search.querylang import MAX_CHARS, MAX_TERMS, parse_query
from disclosure_search.querynodes import (
    AllOf,
    AnyOf,
    DateSpan,
    Field,
    Not,
    Phrase,
    Word,
    without_span,
)
from disclosure_search.queryvalues import normalise_exemption, normalise_outcome, normalise_topic


def test_words_are_all_required() -> None:
    parsed = parse_query("physiotherapy contracts")
    assert isinstance(parsed.node, AllOf)
    assert [n.text for n in parsed.node.nodes] == ["physiotherapy", "contracts"]
    assert parsed.hints == () and parsed.words == ("physiotherapy", "contracts")


def test_phrase_or_not_minus_and_brackets() -> None:
    parsed = parse_query('"freedom of information" (police OR crime) -council NOT budget')
    phrase, either, minus, negated = parsed.node.nodes
    assert phrase == Phrase("freedom of information", 0, 24)
    assert isinstance(either, AnyOf) and [w.text for w in either.nodes] == ["police", "crime"]
    assert minus == Not(Word("council", 43, 51)) and negated.node.text == "budget"
    assert parsed.understood == '"freedom of information" (police OR crime) -council -budget'
    assert "council" not in parsed.words, "words under NOT are not marked"


@pytest.mark.parametrize(
    ("typed", "name", "value"),
    [
        ("authority:coventry", "authority", "coventry"),
        ('authority:"Coventry City Council"', "authority", "Coventry City Council"),
        ("topic:Health", "topic", "health"),
        ('topic:"Children\'s services"', "topic", "childrens-services"),
        ("exemption:s40(2)", "exemption", "s40(2)"),
        ("exemption:section 40(2)", "exemption", "s40(2)"),
        ("exemption:Regulation 12(4)(b)", "exemption", "reg12(4)(b)"),
        ("exemption:40", "exemption", "s40"),
        ("exemption:r12(4)(b)", "exemption", "reg12(4)(b)"),
        ("exemption:sec. 40", "exemption", "s40"),
        ("exemption:s.40(2)", "exemption", "s40(2)"),
        ('exemption:"EIR 12(4)(b)"', "exemption", "reg12(4)(b)"),
        ('exemption:"FOISA s38"', "exemption", "FOISA s38"),
        ('exemption:"OIA s9(2)(a)"', "exemption", "OIA s9(2)(a)"),
        ("exemption:FOISA s38", "exemption", "FOISA s38"),
        ("exemption:oia 9(2)(a)", "exemption", "OIA s9(2)(a)"),
        ("exemption:s47C", "exemption", "AU s47C"),
        ("outcome:refused", "outcome", "refused"),
        ("outcome:not-held", "outcome", "not held"),
        ('outcome:"not held"', "outcome", "not held"),
        ("outcome:partial", "outcome", "partially granted"),
        ("format:PDF", "format", "pdf"),
        ("id:FOI/2023/0123", "id", "FOI/2023/0123"),
        ("#FOI759201887 housing", "id", "FOI759201887"),
    ],
)
def test_prefixes(typed: str, name: str, value: str) -> None:
    parsed = parse_query(typed)
    found = [f for f in parsed.filters if isinstance(f, Field)]
    assert (found[0].name, found[0].value) == (name, value)
    assert parsed.hints == ()


def test_a_prefix_value_keeps_its_brackets_inside_a_group() -> None:
    parsed = parse_query("(exemption:s40(2) OR exemption:s43) housing")
    either, word = parsed.node.nodes
    assert [f.value for f in either.nodes] == ["s40(2)", "s43"] and word.text == "housing"
    assert parsed.hints == ()


@pytest.mark.parametrize(
    ("typed", "first", "last"),
    [
        ("date:2024", date(2024, 1, 1), date(2024, 12, 31)),
        ("date:2024-02", date(2024, 2, 1), date(2024, 2, 29)),
        ("date:2023-12", date(2023, 12, 1), date(2023, 12, 31)),
        ("date:2024-03-31", date(2024, 3, 31), date(2024, 3, 31)),
        ("date:2024-01-01..2024-06-30", date(2024, 1, 1), date(2024, 6, 30)),
        ("date:2024-01-01..", date(2024, 1, 1), None),
        ("date:..2023", None, date(2023, 12, 31)),
    ],
)
def test_dates_and_ranges(typed: str, first: date | None, last: date | None) -> None:
    [span] = parse_query(typed).filters
    assert isinstance(span, DateSpan) and (span.first, span.last) == (first, last)


@pytest.mark.parametrize(
    ("typed", "understood", "hint"),
    [
        ('"unclosed phrase', '"unclosed phrase"', "quote was not closed"),
        ("(police OR crime", "police OR crime", "was not closed"),
        ("police)", "police", "without a matching"),
        ("police AND", "police", "AND needs"),
        ("OR crime", "crime", "OR needs"),
        ("crime NOT", "crime", "NOT needs"),
        ("date:2024-13", "", "not a date"),
        ("date:2024-02-30", "", "not a date"),
        ("date:2024-06-30..2024-01-01", "date:2024-01-01..2024-06-30", "swapped"),
        ("autority:coventry", "autority:coventry", "not a search prefix"),
        ("topic:", "", "needs a value"),
    ],
)
def test_malformed_input_is_understood_with_a_hint(typed: str, understood: str, hint: str) -> None:
    parsed = parse_query(typed)
    assert parsed.understood == understood
    assert any(hint in h for h in parsed.hints), parsed.hints


def test_web_addresses_and_times_are_words_without_hints() -> None:
    for typed in ("https://example.org/foi", "meeting 10:30"):
        assert parse_query(typed).hints == ()


@pytest.mark.parametrize(
    ("typed", "reference", "explicit"),
    [
        ("#FOI759201887", "FOI759201887", True),
        ("FOI759201887", "FOI759201887", False),
        ("FOI 1306/25", "FOI 1306/25", False),
        ("F-2010-00325", "F-2010-00325", False),
        ("physiotherapy", None, False),
        ('"FOI759201887"', None, False),
        ("FOI759201887 AND police", None, False),
    ],
)
def test_references_that_may_jump(typed: str, reference: str | None, explicit: bool) -> None:
    parsed = parse_query(typed)
    assert (parsed.reference, parsed.explicit) == (reference, explicit)


def test_long_and_wildcard_heavy_queries_are_capped_quickly() -> None:
    start = time.perf_counter()
    huge = parse_query("word " * 1000)
    wild = parse_query(" ".join(f"a{n}*" for n in range(3000)))
    assert time.perf_counter() - start < 1.0
    assert len(huge.text) <= MAX_CHARS
    assert any("first 2,000 characters" in h for h in huge.hints)
    assert len(wild.node.nodes) == MAX_TERMS
    assert any(f"first {MAX_TERMS} words" in h for h in wild.hints)


def test_filters_can_be_removed_from_the_text() -> None:
    text = "potholes topic:highways date:2024 repairs"
    parsed = parse_query(text)
    topic, when = parsed.filters
    assert without_span(text, topic.start, topic.end) == "potholes date:2024 repairs"
    assert without_span(text, when.start, when.end) == "potholes topic:highways repairs"


@pytest.mark.parametrize(
    "typed",
    ["r12(4)(b)", "40(2)", "sec. 40", "s.40(2)", "Section 40 (2)", "regulation 12(4)(b)",
     "EIR 12(4)(b)", "FOISA s38", "section 9(2)(a) of the OIA", "s47c"],
)  # fmt: skip
def test_query_and_indexer_share_one_exemption_normaliser(typed: str) -> None:
    assert normalise_exemption(typed) == exemptions.normalise_exemption(typed)


def test_normalisers() -> None:
    assert normalise_exemption("S.40 (2)") == "s40(2)"
    assert normalise_exemption("reg 12(5)(e)") == "reg12(5)(e)"
    assert normalise_outcome("Partially_Granted") == "partially granted"
    assert normalise_outcome("withheld") == "refused"
    assert normalise_topic("Council Tax") == "council-tax"
