"""The engine is chosen per data home and remembered; both engines answer alike.

Real data: five of the bundled samples (a letter, a PDF, an email, a disclosure log page and
a WhatDoTheyKnow thread), ingested once with each engine through the CLI.
"""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest
from click.testing import CliRunner

from disclosure_search.cli import main
from disclosure_search.config import SAMPLES_DIR, Settings
from disclosure_search.engines import ENGINE_VARIABLE, MARKER, engine_of, wanted_engine
from disclosure_search.errors import ConfigError
from disclosure_search.models import SearchQuery
from disclosure_search.search import SearchIndex

pytest.importorskip("tantivy")

FILES = (
    "coventry_FOI759201887.txt",
    "psni_F-2010-00325.pdf",
    "albanian_poultry_imports_iso8859-2.eml",
    "csc_foi_requests_multi_authority_index.html",
    "wdtk_mhclg_request_1387653.html",
)
QUERIES = (
    "physiotherapy",
    "police",
    '"freedom of information"',
    "polic*",
    "council OR police",
    "information -police",
    "date:2020..",
    "",
    "how many requests were refused",
    "#FOI759201887",
)


@pytest.fixture(scope="module")
def letters(tmp_path_factory: pytest.TempPathFactory) -> Path:
    folder = tmp_path_factory.mktemp("letters")
    for name in FILES:
        shutil.copy(SAMPLES_DIR / name, folder)
    return folder


def ingest(*args: str | Path) -> str:
    result = CliRunner().invoke(main, ["ingest", *map(str, args)], catch_exceptions=False)
    return result.output + (f"\nexit {result.exit_code}" if result.exit_code else "")


@pytest.fixture(scope="module")
def homes(letters: Path, tmp_path_factory: pytest.TempPathFactory) -> dict[str, Settings]:
    """The letters ingested once per engine."""
    found = {}
    for engine in ("whoosh", "tantivy"):
        home = tmp_path_factory.mktemp(engine)
        assert "failed 0" in ingest(letters, "--home", home, "--engine", engine)
        found[engine] = Settings(home=home)
    return found


def test_the_engine_is_remembered_with_the_index(
    homes: dict[str, Settings], monkeypatch: pytest.MonkeyPatch
) -> None:
    for engine, settings in homes.items():
        assert (settings.index_dir / MARKER).read_text().strip() == engine
        monkeypatch.setenv(ENGINE_VARIABLE, "whoosh" if engine == "tantivy" else "tantivy")
        assert engine_of(settings.index_dir) == engine, "the environment names new homes only"
        assert SearchIndex(settings).engine == engine


def test_both_engines_find_the_same_disclosures(homes: dict[str, Settings]) -> None:
    whoosh, tantivy = (SearchIndex(homes[e]) for e in ("whoosh", "tantivy"))
    assert whoosh.stats() | {"index": ""} == tantivy.stats() | {"index": ""}
    for text in QUERIES:
        for sort in (None, "newest", "oldest"):
            q = SearchQuery(text=text, sort=sort)
            a, b = whoosh.search(q, facets=True, suggest=True), tantivy.search(q, facets=True)
            assert (a.total, a.facets, a.hints, a.jump_to) == (
                b.total,
                b.facets,
                b.hints,
                b.jump_to,
            )
            if sort:  # in date order the hits are the same; by relevance, every match
                assert [h.doc_id for h in a.hits] == [h.doc_id for h in b.hits], text
            else:
                every = [{h.doc_id for h in index.iter_hits(q)} for index in (whoosh, tantivy)]
                assert every[0] == every[1], text
    for by in ("authority", "year", "format", "topic"):
        assert whoosh.breakdown(by) == tantivy.breakdown(by)
    assert whoosh.list_disclosures() == tantivy.list_disclosures()


def test_snippets_and_parts_are_the_same(homes: dict[str, Settings]) -> None:
    whoosh, tantivy = (SearchIndex(homes[e]) for e in ("whoosh", "tantivy"))
    for text in ("police", "physiotherapy", "poultry"):
        a = {h.doc_id: h for h in whoosh.search(SearchQuery(text=text)).hits}
        b = {h.doc_id: h for h in tantivy.search(SearchQuery(text=text)).hits}
        for doc_id, hit in a.items():
            assert (hit.snippet, hit.part_number) == (b[doc_id].snippet, b[doc_id].part_number)


def test_a_misspelling_is_corrected_on_tantivy(homes: dict[str, Settings]) -> None:
    index = SearchIndex(homes["tantivy"])
    assert index.search(SearchQuery(text="physiotheraphy"), suggest=True).corrected == (
        "physiotherapy"
    )


def test_ingest_with_another_engine_says_how_to_switch(homes: dict[str, Settings]) -> None:
    home = homes["whoosh"].home
    output = ingest(SAMPLES_DIR / FILES[0], "--home", home, "--engine", "tantivy")
    assert "exit 1" in output
    assert "run `disclosure-search ingest --rebuild --engine tantivy`" in output


def test_rebuild_switches_the_engine(letters: Path, tmp_path: Path) -> None:
    home = tmp_path / "home"
    assert "failed 0" in ingest(letters, "--home", home)
    settings = Settings(home=home)
    before = SearchIndex(settings).search(SearchQuery(text="police"))
    assert "failed 0" in ingest("--rebuild", "--engine", "tantivy", "--home", home)
    index = SearchIndex(settings)
    assert index.engine == "tantivy"
    after = index.search(SearchQuery(text="police"))
    assert after.total == before.total
    assert {h.doc_id for h in after.hits} == {h.doc_id for h in before.hits}


def test_an_unknown_engine_is_refused(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv(ENGINE_VARIABLE, "lucene")
    with pytest.raises(ConfigError, match="choose one of whoosh, tantivy"):
        wanted_engine()
