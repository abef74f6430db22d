"""Plain words match loosely (most of them, all-words matches first); operators stay strict;
listed phrases search their synonyms and metadata; framing words decide nothing."""

from __future__ import annotations

from datetime import date

import pytest

from disclosure_search.config import Settings
from disclosure_search.loose import minimum_should_match, split_loose
from disclosure_search.models import Disclosure, Part, SearchQuery
from disclosure_search.querylang import parse_query
from disclosure_search.search import FEW_WORDS, SOME_WORDS, SearchIndex
from disclosure_search.synonyms import find_ideas, query_words
from indexer.writer import DisclosureWriter

# (doc_id, authority, date, exemptions, outcome, text): phrasings of real responses.
ROWS = [
    ("a", "Sheffield City Council", date(2021, 5, 4), ("s12",), "refused",
     "Funding for Darnall ward. To locate and extract this information would exceed the "
     "appropriate limit of 18 hours."),
    ("b", "Leeds City Council", date(2022, 1, 9), (), "granted",
     "Fly tipping fines issued by ward in 2021: Armley 12, Beeston 30."),
    ("c", "Sheffield City Council", date(2023, 3, 1), (), "granted",
     "Fly tipping fines issued in 2022 across the city, by ward."),
    ("d", "York Council", date(2020, 7, 7), ("s40(2)",), "partially granted",
     "Library opening hours. Staff names are blacked out under section 40(2)."),
    ("e", "Hull City Council", None, (), "granted",
     "Library visitor figures by branch will be published later this year."),
    ("f", "Hull City Council", date(2019, 2, 2), (), "granted", "Police overtime in 2023."),
    ("g", "Hull City Council", date(2019, 3, 3), (), "granted",
     "Parking policy review and pothole repairs."),
]  # fmt: skip


@pytest.fixture(scope="module")
def index(tmp_path_factory: pytest.TempPathFactory) -> SearchIndex:
    settings = Settings(home=tmp_path_factory.mktemp("loose"))
    writer = DisclosureWriter(settings)
    writer.replace([], [disclosure(row) for row in ROWS])
    writer.commit()
    return SearchIndex(settings)


def disclosure(row: tuple) -> Disclosure:
    doc_id, authority, when, exemptions, outcome, text = row
    return Disclosure(
        doc_id=doc_id,
        source=f"https://example.org/foi/{doc_id}",
        sha256=doc_id * 64,
        format="html",
        title=text.split(".")[0][:60],
        authority=authority,
        date=when,
        exemptions=exemptions,
        outcome=outcome,
        parts=(Part(1, "page 1", text),),
    )


def run(index: SearchIndex, text: str, **options: object):  # noqa: ANN201
    return index.search(SearchQuery(text=text, limit=10, **options))


def test_most_words_is_enough_and_all_words_rank_first(index: SearchIndex) -> None:
    results = run(index, "fly tipping fines ward leeds")
    ids = [h.doc_id for h in results.hits]
    # Both hold "fly tipping fines ward"; only Leeds's also holds "leeds" (its authority).
    assert ids[:2] == ["b", "c"]
    assert SOME_WORDS in results.hints


def test_authority_named_only_in_metadata_counts(index: SearchIndex) -> None:
    assert [h.doc_id for h in run(index, "sheffield fly tipping fines").hits][0] == "c"


@pytest.mark.parametrize(
    "text", ['"fly tipping" xylophone', "fly AND tipping AND xylophone", "-fines xylophone"]
)
def test_typed_operators_stay_strict(index: SearchIndex, text: str) -> None:
    assert run(index, text).total == 0


def test_typed_operators_turn_loose_matching_off() -> None:
    assert split_loose(parse_query("library OR fines hours")) is None
    assert split_loose(parse_query("library NOT fines hours")) is None
    assert split_loose(parse_query("library fines hours")) is not None


def test_a_phrase_typed_in_quotes_is_still_required(index: SearchIndex) -> None:
    ids = {h.doc_id for h in run(index, '"blacked out" library opening figures').hits}
    assert ids == {"d"}  # e holds library and figures, but not the phrase


def test_everyday_words_find_the_exemption_they_mean(index: SearchIndex) -> None:
    results = run(index, "council ward funding too expensive")
    assert results.hits[0].doc_id == "a"
    assert '"cost limit"' in results.understood and "exemption:s12" in results.understood


def test_synonyms_reach_other_wording(index: SearchIndex) -> None:
    # "redacted" is not in the letter; "blacked out" is, and s40(2) is its exemption.
    assert run(index, "library names redacted").hits[0].doc_id == "d"
    # "will be published later" means section 22 even where it is not cited.
    assert run(index, "library figures published later").hits[0].doc_id == "e"


def test_framing_words_decide_nothing(index: SearchIndex) -> None:
    framed = run(index, "does the council keep a list of library opening hours")
    assert framed.hits[0].doc_id == "d"
    assert "does" not in framed.understood.split()


def test_a_closing_question_mark_is_punctuation(index: SearchIndex) -> None:
    assert run(index, "which ward got fly tipping fines?").total == 2


def test_loose_matches_follow_the_date_sort(index: SearchIndex) -> None:
    ids = [h.doc_id for h in run(index, "library figures hours", sort="newest").hits]
    assert ids == ["d", "e"]  # e is undated: last


@pytest.mark.parametrize(
    ("groups", "needed"), [(1, 1), (2, 2), (3, 2), (4, 3), (5, 3), (6, 3), (8, 4), (13, 7)]
)
def test_minimum_should_match(groups: int, needed: int) -> None:
    assert minimum_should_match(groups) == needed


def test_listed_phrases_become_one_idea() -> None:
    words = parse_query("council tax too expensive to find").node.nodes
    ideas = find_ideas(words)
    assert [i.text for i in ideas] == ["council tax", "too expensive", "to", "find"]
    assert ideas[0].alternatives == ("ctax",)
    assert ideas[1].entry.exemption == "s12" and ideas[2].framing
    assert query_words().version >= 1


@pytest.mark.parametrize(
    ("text", "expected"),
    [("police*", {"f"}), ("polic*", {"f", "g"}), ("pothol?", {"g"}), ("pol?ce", {"f"})],
)
def test_wildcards_match_words_as_written(index: SearchIndex, text: str, expected: set) -> None:
    # Stems would make police* reach "policy" (both stem to "polic") and pothol? miss.
    assert {h.doc_id for h in run(index, text).hits} == expected


def test_no_page_is_empty_when_some_words_match(index: SearchIndex) -> None:
    # No letter holds two of these three ideas; each holding one is better than nothing.
    results = run(index, "fly tipping overtime xylophone")
    assert {h.doc_id for h in results.hits} == {"b", "c", "f"}
    assert FEW_WORDS in results.hints
    assert "No disclosure holds “xylophone”." in results.hints


def test_a_lone_word_is_an_idea_too(index: SearchIndex) -> None:
    # 'refused' is not in d's text; its outcome is not refused either. a's outcome is.
    assert [h.doc_id for h in run(index, "refused").hits] == ["a"]
    assert run(index, "flytipping").total == 2  # written 'fly tipping' in b and c


def test_only_typed_words_and_one_word_synonyms_are_highlighted(index: SearchIndex) -> None:
    terms = _body_terms(index, "refused library")
    assert {"refus", "reject", "librari"} <= set(terms)
    assert "down" not in terms  # from "turned down", a synonym of more than one word


def _body_terms(index: SearchIndex, text: str) -> tuple[str, ...]:
    from disclosure_search.collect import make_plan

    q, parsed = SearchQuery(text=text), parse_query(text)
    if index.engine == "tantivy":
        from disclosure_search.tantivy_query import TantivyVocabulary

        searcher, queries = index.reader()._open()
        return make_plan(TantivyVocabulary(searcher), q, parsed, queries).body_terms
    with index.reader()._open().searcher() as searcher:
        return make_plan(searcher, q, parsed).body_terms
