"""SearchIndex: query language, filters, facets, sort, paging, suggestions, groups, similar,
exports and bounds, on a small index written here and on the sample index."""

from __future__ import annotations

import csv
import dataclasses
import io
import json
import time
from datetime import date
from pathlib import Path

import pytest
from click.testing import CliRunner

from disclosure_search.cli import main
from disclosure_search.config import Settings
from disclosure_search.errors import InvalidQueryError
from disclosure_search.exports import iter_csv, iter_jsonl
from disclosure_search.models import Disclosure, Part, SearchQuery
from disclosure_search.search import SearchIndex
from indexer.writer import DisclosureWriter

HOMELESS = "Number of homeless households placed in temporary accommodation in 2023"
# (doc_id, authority, date, topics, exemptions, outcome, format, group, text)
ROWS = [
    ("d1", "Leeds City Council", date(2024, 3, 1), ("housing",), ("s40(2)",),
     "partially granted", "pdf", "g-1", HOMELESS),
    ("d2", "York Council", date(2024, 2, 10), ("housing",), (), "granted", "html", "g-1",
     HOMELESS),
    ("d3", "Hull City Council", date(2023, 12, 5), ("housing",), ("s40(2)", "s43(2)"),
     "refused", "pdf", "g-1", HOMELESS),
    ("d4", "Leeds City Council", date(2023, 6, 1), ("highways",), (), "not held", "pdf", None,
     "Pothole repairs on the ring road, and complaints about potholes"),
    ("d5", "York Council", None, ("highways",), ("reg12(4)(b)",), "granted", "txt", None,
     "Pothole inspection records for the A64 and potholes reported by residents"),
    ("d6", "Hull City Council", date(2022, 1, 15), ("policing",), (), "granted", "html", None,
     "CCTV cameras in the city centre, and funding for the homeless shelter"),
]  # fmt: skip


def make_disclosure(row: tuple) -> Disclosure:
    doc_id, authority, when, topics, exemptions, outcome, fmt, group, text = row
    number = int(doc_id[1:])
    return Disclosure(
        doc_id=doc_id,
        source=f"https://example.org/foi/{doc_id}",
        sha256=f"{number:064x}",
        format=fmt,
        title=text.split(",")[0][:60],
        request_id=f"FOI-2024-00{number}",
        request_id_norm=f"FOI202400{number}",
        authority=authority,
        date=when,
        topics=topics,
        exemptions=exemptions,
        outcome=outcome,
        group=group,
        parts=(Part(1, "page 1", text, page=1),),
    )


@pytest.fixture(scope="module")
def small(tmp_path_factory: pytest.TempPathFactory) -> SearchIndex:
    """Six disclosures from three councils; d1-d3 answer one round-robin request (g-1)."""
    settings = Settings(home=tmp_path_factory.mktemp("small"))
    writer = DisclosureWriter(settings)
    writer.replace([], [make_disclosure(row) for row in ROWS])
    writer.commit()
    return SearchIndex(settings)


def ids(index: SearchIndex, text: str = "", **fields: object) -> list[str]:
    results = index.search(SearchQuery(text=text, limit=100, **fields))
    return [hit.doc_id for hit in results.hits]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("homeless", {"d1", "d2", "d3", "d6"}),
        ("homeless temporary", {"d1", "d2", "d3"}),
        ("homeless -temporary", {"d6"}),
        ("homeless NOT temporary", {"d6"}),
        ("cctv OR inspection", {"d5", "d6"}),
        ('"ring road"', {"d4"}),
        ('"road ring"', set()),
        ("pot*", {"d4", "d5"}),
        ("potholes", {"d4", "d5"}),
        ("authority:leeds", {"d1", "d4"}),
        ('authority:"York Council"', {"d2", "d5"}),
        ("topic:highways", {"d4", "d5"}),
        ("exemption:s40", {"d1", "d3"}),
        ("exemption:s40(2)", {"d1", "d3"}),
        ("exemption:s43", {"d3"}),
        ("exemption:reg12", {"d5"}),
        ("outcome:refused", {"d3"}),
        ("outcome:not-held", {"d4"}),
        ("outcome:partial", {"d1"}),
        ("format:pdf", {"d1", "d3", "d4"}),
        ("id:foi-2024-004", {"d4"}),
        ("date:2024", {"d1", "d2"}),
        ("date:2023-06..2023-12", {"d3", "d4"}),
        ("date:..2022", {"d6"}),
        ("homeless -topic:housing", {"d6"}),
        ("(topic:highways OR topic:policing) -authority:hull", {"d4", "d5"}),
    ],
)
def test_query_language(small: SearchIndex, text: str, expected: set[str]) -> None:
    assert set(ids(small, text)) == expected


def test_form_filters_match_the_prefixes(small: SearchIndex) -> None:
    assert set(ids(small, exemption="section 40")) == {"d1", "d3"}
    assert set(ids(small, outcome="not held")) == {"d4"}
    assert set(ids(small, format="PDF", topic="Housing")) == {"d1", "d3"}
    # A facet link carries the exact name; typed words match every authority having them.
    assert set(ids(small, authority="Leeds City Council")) == {"d1", "d4"}
    assert set(ids(small, authority="city council")) == {"d1", "d3", "d4", "d6"}


def test_facets_count_every_match(small: SearchIndex) -> None:
    facets = small.search(SearchQuery(limit=1), facets=True).facets
    assert dict(facets["authority"]) == {
        "Hull City Council": 2,
        "Leeds City Council": 2,
        "York Council": 2,
    }
    assert facets["topic"] == (("housing", 3), ("highways", 2), ("policing", 1))
    assert facets["year"] == (("2024", 2), ("2023", 2), ("2022", 1)), "undated not counted"
    assert facets["exemption"] == (("s40(2)", 2), ("reg12(4)(b)", 1), ("s43(2)", 1))
    assert dict(facets["outcome"]) == {
        "granted": 3,
        "not held": 1,
        "partially granted": 1,
        "refused": 1,
    }
    assert facets["format"] == (("pdf", 3), ("html", 2), ("txt", 1))
    narrowed = small.search(SearchQuery(text="potholes"), facets=True).facets
    assert dict(narrowed["authority"]) == {"Leeds City Council": 1, "York Council": 1}


def test_sort_newest_oldest_and_undated_last(small: SearchIndex) -> None:
    assert ids(small) == ["d1", "d2", "d3", "d4", "d6", "d5"], "no words: newest first"
    assert ids(small, sort="oldest") == ["d6", "d4", "d3", "d2", "d1", "d5"]
    assert small.search(SearchQuery(text="homeless")).sort == "relevance"
    assert ids(small, "homeless", sort="newest") == ["d1", "d2", "d3", "d6"]
    with pytest.raises(InvalidQueryError, match="sort"):
        small.search(SearchQuery(sort="random"))


def test_every_page_is_reachable(small: SearchIndex) -> None:
    pages = [small.search(SearchQuery(limit=1, page=n)) for n in range(1, 7)]
    assert [p.hits[0].doc_id for p in pages] == ["d1", "d2", "d3", "d4", "d6", "d5"]
    assert {p.page_count for p in pages} == {6} and {p.total for p in pages} == {6}
    with pytest.raises(InvalidQueryError, match="past the last page"):
        small.search(SearchQuery(limit=1, page=7))


def test_hints_for_unknown_values_suggest_close_ones(small: SearchIndex) -> None:
    results = small.search(SearchQuery(text="topic:housng"))
    assert results.total == 0
    assert any("did you mean housing" in hint for hint in results.hints)
    results = small.search(SearchQuery(text="outcome:maybe"))
    assert any("granted" in hint for hint in results.hints)


def test_did_you_mean_fixes_misspelt_words(small: SearchIndex) -> None:
    results = small.search(SearchQuery(text="pothle repairs"), suggest=True)
    # "repairs" alone still finds the ring-road letter; the misspelling is offered a fix.
    assert results.corrected == "pothole repairs"
    assert small.search(SearchQuery(text="Homeles"), suggest=True).corrected == "Homeless"
    assert small.search(SearchQuery(text="potholes"), suggest=True).corrected is None


def test_a_reference_jumps_to_its_request(small: SearchIndex) -> None:
    for typed in ("#FOI-2024-004", "foi 2024 004", "FOI2024004"):
        results = small.search(SearchQuery(text=typed))
        assert results.jump_to == "d4" and [h.doc_id for h in results.hits] == ["d4"]
    missing = small.search(SearchQuery(text="#FOI-1999-999"))
    assert missing.jump_to is None
    assert any("No request has the reference" in hint for hint in missing.hints)
    assert small.search(SearchQuery(text="FOI-1999-999")).hints == ()


def test_group_members_are_listed_by_authority(small: SearchIndex) -> None:
    members = small.group_members("g-1")
    assert [(m.authority, m.doc_id) for m in members] == [
        ("Hull City Council", "d3"),
        ("Leeds City Council", "d1"),
        ("York Council", "d2"),
    ]
    hull = members[0]
    assert (hull.date, hull.outcome, hull.exemptions) == (
        date(2023, 12, 5),
        "refused",
        ("s40(2)", "s43(2)"),
    )
    assert {m.group for m in members} == {"g-1"}
    assert small.group_members("g-none") == ()


def test_similar_leaves_out_itself_and_its_group(small: SearchIndex) -> None:
    similar = [hit.doc_id for hit in small.related(small.disclosure("d1")).similar]
    assert "d6" in similar, "shares 'homeless'"
    assert not {"d1", "d2", "d3"} & set(similar)


def test_list_disclosures_and_iter_hits(small: SearchIndex) -> None:
    listed = small.list_disclosures()
    assert [doc_id for doc_id, _ in listed] == ["d1", "d2", "d3", "d4", "d5", "d6"]
    assert dict(listed)["d5"] is None and dict(listed)["d1"] == date(2024, 3, 1)
    exported = [hit.doc_id for hit in small.iter_hits(SearchQuery(text="potholes OR homeless"))]
    assert sorted(exported) == ["d1", "d2", "d3", "d4", "d5", "d6"]
    assert [h.doc_id for h in small.iter_hits(SearchQuery(sort="oldest"))][0] == "d6"


def test_csv_and_jsonl_exports(small: SearchIndex) -> None:
    hits = list(small.iter_hits(SearchQuery(text="exemption:s40")))
    rows = list(csv.DictReader(io.StringIO("".join(iter_csv(hits, lambda h: f"/d/{h.doc_id}")))))
    assert [r["doc_id"] for r in rows] == ["d1", "d3"]
    assert rows[1]["exemptions"] == "s40(2); s43(2)" and rows[1]["url"] == "/d/d3"
    lines = [json.loads(line) for line in iter_jsonl(hits)]
    assert lines[1]["exemptions"] == ["s40(2)", "s43(2)"] and "url" not in lines[1]


def test_csv_cells_cannot_become_spreadsheet_formulas(small: SearchIndex) -> None:
    [hit] = small.search(SearchQuery(text="id:FOI-2024-004")).hits
    from dataclasses import replace

    text = "".join(iter_csv([replace(hit, title="=HYPERLINK(1)")]))
    assert "'=HYPERLINK(1)" in text


def test_long_and_wildcard_queries_are_bounded_in_time(sample_home: Settings) -> None:
    index = SearchIndex(sample_home)
    queries = [
        "council " * 300,  # 2,400 characters
        " ".join(f"{a}{b}*" for a in "abcdefghijklmnopqrstuvwxyz" for b in "aeiou"),
        "*",
        "?*?",
    ]
    for text in queries:
        start = time.perf_counter()
        results = index.search(SearchQuery(text=text), facets=True, suggest=True)
        assert time.perf_counter() - start < 5, text[:40]
        assert results.hints, text[:40]


# tantivy has no collection time limit to run out (its searches take milliseconds).
@pytest.mark.whoosh_only
def test_the_time_limit_answers_with_what_was_found(sample_home: Settings) -> None:
    # This query takes ~70 ms to collect; the limit runs out long before.
    results = SearchIndex(sample_home, time_limit=1e-6).search(
        SearchQuery(text="council OR information OR request OR data OR se* OR re* OR co*"),
        facets=True,
    )
    assert results.partial
    assert results.total == sum(n for _, n in results.facets["format"])


def test_sample_misspelling_and_reference(sample_home: Settings) -> None:
    index = SearchIndex(sample_home)
    assert index.search(SearchQuery(text="physiotheraphy"), suggest=True).corrected == (
        "physiotherapy"
    )
    jump_to = index.search(SearchQuery(text="#foi-759201887")).jump_to
    assert index.disclosure(jump_to).request_id_norm == "FOI759201887"


def run(*args: str) -> str:
    result = CliRunner().invoke(main, list(args), catch_exceptions=False)
    assert result.exit_code == 0, result.output
    return result.output


def test_cli_formats_and_sort(small: SearchIndex) -> None:
    home = ["--home", str(small.settings.home)]
    table = list(csv.DictReader(io.StringIO(run("search", "--format", "csv", *home))))
    assert len(table) == 6, "csv exports every match, not one page"
    first_page = list(csv.DictReader(io.StringIO(run("search", "--format", "csv", "--limit",
                                                     "2", *home))))  # fmt: skip
    assert len(first_page) == 2
    lines = run("search", "topic:highways", "--format", "jsonl", "--sort", "oldest", *home)
    assert [json.loads(line)["doc_id"] for line in lines.splitlines()] == ["d4", "d5"]
    as_json = json.loads(run("search", "homeless", "--json", *home))
    assert as_json == json.loads(run("search", "homeless", "--format", "json", *home))
    assert as_json["facets"]["topic"][0] == {"value": "housing", "count": 3}
    text = run("search", "pothle", *home)
    assert "did you mean: pothole" in text


def test_the_readme_shows_the_new_search_options() -> None:
    readme = (Path(__file__).parent.parent / "README.md").read_text(encoding="utf-8")
    for needle in ("--format csv", "--sort", "/feed.atom", "/export.csv", "/sitemap.xml"):
        assert needle in readme, needle


# --- Sensible suggestions (issue 10) ---


@pytest.mark.parametrize(
    "text",
    [
        "🚑 ambulance",  # emoji: and "ambulance" is a word, however rare here
        "(unclosed bracket",  # a word beside a bracket, and "blanket" is two edits away
        "council refused to give library figures because they will be published later",
        "12345",
        "FOI/2023/123",
        "hospitl",  # the nearest index word is the stem "hospit": no word to offer
        "later",  # cutting letters off ("late") fixes no typo
        "bracket",
        "potholes",  # known words are never corrected
    ],
)
def test_no_suggestion_without_a_clearly_better_word(sample_home: Settings, text: str) -> None:
    assert SearchIndex(sample_home).search(SearchQuery(text=text), suggest=True).corrected is None


@pytest.mark.parametrize(
    ("text", "meant"),
    [
        ("physiotheraphy", "physiotherapy"),
        ("Homeles", "Homeless"),
        ("recieved", "received"),  # two letters swapped is one edit
        ("goverment", "government"),
        ("enviromental", "environmental"),
        ("pothle repairs", "pothole repairs"),
    ],
)
def test_misspelt_words_get_their_frequent_neighbour(
    sample_home: Settings, text: str, meant: str
) -> None:
    assert SearchIndex(sample_home).search(SearchQuery(text=text), suggest=True).corrected == meant


def test_cli_counts_one_disclosure_in_the_singular(sample_home: Settings) -> None:
    output = run("search", "physiotherapy", "--home", str(sample_home.home))
    assert output.startswith("1 disclosure (page 1 of 1)")


# --- Fast queries (issue 12, item 3) ---


def test_form_dates_are_inclusive_and_leave_out_undated(small: SearchIndex) -> None:
    assert sorted(ids(small, date_from=date(2024, 2, 10), date_to=date(2024, 3, 1))) == [
        "d1",
        "d2",
    ]
    assert "d5" not in ids(small, date_to=date(2030, 1, 1))  # d5 has no date
    assert ids(small, "pothole", date_from=date(2023, 6, 1)) == ["d4"]
    assert sorted(ids(small, "pothole")) == ["d4", "d5"]


@pytest.mark.whoosh_only
def test_searchers_are_kept_between_searches_and_replaced_after_a_commit(
    tmp_path: Path,
) -> None:
    settings = Settings(home=tmp_path / "home")
    writer = DisclosureWriter(settings)
    writer.replace([], [make_disclosure(ROWS[3])])
    writer.commit()
    index = SearchIndex(settings)
    assert ids(index, "pothole") == ["d4"]
    # While one is in use, another is opened.
    handle = index.reader()._handle
    with handle.searcher() as first, handle.searcher() as second:
        assert second is not first
    with handle.searcher() as again:
        assert again in (first, second), "an idle searcher is reused"
    writer.replace([], [make_disclosure(ROWS[4])])
    writer.commit()
    assert sorted(ids(index, "pothole")) == ["d4", "d5"], "a commit is seen at once"
    assert first.is_closed and second.is_closed, "searchers of the old generation close"


def test_best_parts_of_several_hits_come_from_one_search(tmp_path: Path) -> None:
    settings = Settings(home=tmp_path / "home")
    pages = [
        Part(1, "page 1", "Cover letter for the enclosed answer."),
        Part(2, "page 2", "Pothole repairs cost 5,000 pounds last year.", page=2),
        Part(3, "page 3", "Nothing else to add here."),
    ]
    other = [Part(1, "page 1", "Introduction."), Part(2, "page 2", "Potholes reported.", page=2)]
    records = [make_disclosure(ROWS[3]), make_disclosure(ROWS[4])]
    records = [
        dataclasses.replace(records[0], parts=tuple(pages)),
        dataclasses.replace(records[1], parts=tuple(other)),
    ]
    writer = DisclosureWriter(settings)
    writer.replace([], records)
    writer.commit()
    hits = SearchIndex(settings).search(SearchQuery(text="pothole")).hits
    assert {h.doc_id: (h.part_label, h.page) for h in hits} == {
        "d4": ("page 2", 2),
        "d5": ("page 2", 2),
    }
    assert all('<b class="match term0">Pothole' in h.snippet for h in hits)
