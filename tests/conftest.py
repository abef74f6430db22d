"""Shared fixtures: one index built from the real sample documents, read by many tests.

The indexes are built with the engine DISCLOSURE_SEARCH_ENGINE names (Whoosh when unset),
so the same suites run on either: `DISCLOSURE_SEARCH_ENGINE=tantivy pytest tests/...`.
Tests marked `whoosh_only` read Whoosh's own objects (searchers, segments) or limits (the
collection time limit) and are skipped on tantivy.
"""

from __future__ import annotations

from pathlib import Path

import pytest
from flask import Flask
from flask.testing import FlaskClient

from disclosure_search.config import SAMPLES_DIR, Settings
from disclosure_search.engines import wanted_engine
from indexer.pipeline import IngestReport, ingest_paths
from web import create_app

FIXTURES = Path(__file__).parent / "fixtures"


def pytest_collection_modifyitems(config: pytest.Config, items: list[pytest.Item]) -> None:
    """Skip `whoosh_only` tests when the suites run on another engine."""
    engine = wanted_engine()
    if engine == "whoosh":
        return
    skip = pytest.mark.skip(reason=f"tests Whoosh's own objects or limits; the engine is {engine}")
    for item in items:
        if "whoosh_only" in item.keywords:
            item.add_marker(skip)


@pytest.fixture(scope="session")
def sample_build(tmp_path_factory: pytest.TempPathFactory) -> tuple[Settings, IngestReport]:
    """The samples ingested once into a temporary data home (read-only for tests)."""
    settings = Settings(home=tmp_path_factory.mktemp("home"))
    report = ingest_paths(settings, [SAMPLES_DIR])
    return settings, report


@pytest.fixture(scope="session")
def sample_home(sample_build: tuple[Settings, IngestReport]) -> Settings:
    return sample_build[0]


@pytest.fixture
def fresh_home(tmp_path: Path) -> Settings:
    """An empty data home for tests that write."""
    return Settings(home=tmp_path / "home")


@pytest.fixture(scope="module")
def app(sample_home: Settings) -> Flask:
    """The web app over the sample index."""
    return create_app({"HOME": str(sample_home.home), "TESTING": True})


@pytest.fixture
def client(app: Flask) -> FlaskClient:
    return app.test_client()
