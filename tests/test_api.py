"""The JSON API, on the index built from data/samples."""

from __future__ import annotations

from pathlib import Path

import pytest
from flask import Flask
from flask.testing import FlaskClient

from disclosure_search.config import Settings
from web import create_app

COVENTRY_REF = "FOI759201887"
RESULT_KEYS = {"doc_id", "request_id", "title", "authority", "date", "topics", "source", "snippet"}
PART_KEYS = {"number", "label", "page", "text"}


@pytest.fixture(scope="module")
def app(sample_home: Settings) -> Flask:
    return create_app({"HOME": str(sample_home.home), "TESTING": True})


@pytest.fixture
def client(app: Flask) -> FlaskClient:
    return app.test_client()


def get_json(client: FlaskClient, url: str, status: int = 200) -> dict:
    response = client.get(url)
    assert response.status_code == status, response.get_data(as_text=True)[:2000]
    assert response.content_type == "application/json"
    return response.get_json()


def test_search_shape_and_physiotherapy_ranks_coventry_first(client: FlaskClient) -> None:
    data = get_json(client, "/api/search?q=physiotherapy")
    assert {"total", "results"} <= set(data)
    assert isinstance(data["total"], int) and data["total"] >= 1
    for result in data["results"]:
        assert set(result) >= RESULT_KEYS
        assert isinstance(result["topics"], list)
    first = data["results"][0]
    assert first["request_id"] == COVENTRY_REF
    assert first["authority"] == "Coventry City Council"
    assert first["date"] == "2025-11-13"
    assert '<b class="match' in first["snippet"]


def test_date_range_narrows_results(client: FlaskClient) -> None:
    everything = get_json(client, "/api/search?limit=100")
    november = get_json(client, "/api/search?from=2025-11-01&to=2025-11-30&limit=100")
    assert 1 <= november["total"] < everything["total"]
    assert all("2025-11-01" <= r["date"] <= "2025-11-30" for r in november["results"])
    assert COVENTRY_REF in [r["request_id"] for r in november["results"]]


def test_request_id_filter(client: FlaskClient) -> None:
    data = get_json(client, "/api/search?request_id=foi-759201887")
    assert [r["request_id"] for r in data["results"]] == [COVENTRY_REF]


def test_pages_hold_different_results(client: FlaskClient) -> None:
    first = get_json(client, "/api/search?limit=2")
    second = get_json(client, "/api/search?limit=2&page=2")
    assert len(first["results"]) == 2 and second["results"]
    assert first["total"] == second["total"]
    ids = [r["doc_id"] for r in first["results"]]
    assert not set(ids) & {r["doc_id"] for r in second["results"]}


def test_disclosure_is_metadata_plus_parts(client: FlaskClient) -> None:
    found = get_json(client, f"/api/search?request_id={COVENTRY_REF}")["results"][0]
    data = get_json(client, f"/api/disclosure/{found['doc_id']}")
    assert data["doc_id"] == found["doc_id"]
    assert data["request_id"] == COVENTRY_REF
    assert data["authority"] == "Coventry City Council"
    assert data["date"] == "2025-11-13"
    assert len(data["sha256"]) == 64
    for key in ("title", "exemptions", "outcome", "topics", "format", "source", "fetched_at"):
        assert key in data
    assert data["parts"] and all(set(p) == PART_KEYS for p in data["parts"])
    assert "Physiotherapy" in " ".join(p["text"] for p in data["parts"])


@pytest.mark.parametrize("url", ["/api/disclosure/no-such-doc", "/api/no-such-endpoint"])
def test_unknown_is_json_404(client: FlaskClient, url: str) -> None:
    data = get_json(client, url, 404)
    assert set(data) == {"error"} and data["error"]


@pytest.mark.parametrize(
    "args",
    [
        "from=2024-13-45",
        "to=2024-02-30",
        "from=2024-05-01&to=2024-01-01",
        "page=0",
        "page=abc",
        "limit=0",
        "limit=101",
    ],
)
def test_malformed_search_is_json_400(client: FlaskClient, args: str) -> None:
    data = get_json(client, f"/api/search?q=council&{args}", 400)
    assert set(data) == {"error"} and data["error"]


def test_wrong_method_is_json_405(client: FlaskClient) -> None:
    response = client.post("/api/search")
    assert response.status_code == 405
    assert set(response.get_json()) == {"error"}


def test_missing_index_is_json_503(tmp_path: Path) -> None:
    client = create_app({"HOME": str(tmp_path), "TESTING": True}).test_client()
    data = get_json(client, "/api/search?q=council", 503)
    assert "disclosure-search ingest data/samples" in data["error"]
