"""An ingest leaves few index segments: the smallest are merged at the end of the run.

Real data: the dev2 letters, threads and pages that are not PDFs (26 files), ingested in
commits of three files, which leaves Whoosh's own merges with many segments. Searches must
find the same disclosures whether or not the run ended by merging them.
"""

from __future__ import annotations

import shutil
from dataclasses import replace
from pathlib import Path

import pytest

from disclosure_search.config import Limits, Settings
from disclosure_search.indexfiles import open_index
from disclosure_search.models import SearchQuery
from disclosure_search.search import SearchIndex
from indexer.pipeline import ingest_paths

pytestmark = pytest.mark.whoosh_only  # Whoosh's segments; tantivy merges by its own policy

DEV2 = Path(__file__).parent / "fixtures" / "dev2"
QUERIES = ("housing support", "air pollution", "section 21", "")


@pytest.fixture(scope="module")
def letters(tmp_path_factory: pytest.TempPathFactory) -> Path:
    folder = tmp_path_factory.mktemp("letters")
    for path in DEV2.iterdir():
        if path.suffix in (".md", ".docx", ".html", ".json"):
            shutil.copy(path, folder)
    return folder


def segment_count(settings: Settings) -> int:
    with open_index(settings.index_dir).reader() as reader:
        return len(reader.leaf_readers())


def found(settings: Settings, text: str) -> set[str]:
    results = SearchIndex(settings).search(SearchQuery(text=text, limit=100))
    return {hit.doc_id for hit in results.hits}


def test_small_commits_end_in_the_segments_asked_for_with_the_same_results(
    letters: Path, tmp_path: Path
) -> None:
    small_batches = replace(Limits.from_env(), workers=1, batch=3)
    many = Settings(home=tmp_path / "many")
    few = Settings(home=tmp_path / "few")
    ingest_paths(many, [letters], limits=replace(small_batches, segments=100))
    ingest_paths(few, [letters], limits=replace(small_batches, segments=2))

    assert segment_count(many) > 3  # what the commits alone leave
    assert segment_count(few) == 2
    for text in QUERIES:
        assert found(few, text) == found(many, text), text
    assert len(found(few, "")) > 20


def test_an_unchanged_run_merges_nothing_and_commits_nothing(letters: Path, tmp_path: Path) -> None:
    settings = Settings(home=tmp_path / "home")
    limits = replace(Limits.from_env(), workers=1, segments=1)
    ingest_paths(settings, [letters], limits=limits)
    generation = open_index(settings.index_dir).latest_generation()
    ingest_paths(settings, [letters], limits=limits)
    assert open_index(settings.index_dir).latest_generation() == generation
    assert segment_count(settings) == 1
