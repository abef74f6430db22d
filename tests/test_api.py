"""The JSON API, on the index built from the bundled samples."""

from __future__ import annotations

import csv
import io
import json
from datetime import date, datetime
from pathlib import Path

import pytest
from flask.testing import FlaskClient
from lxml import etree

from disclosure_search.config import Settings
from web import create_app

COVENTRY_REF = "FOI759201887"
RESULT_KEYS = {"doc_id", "request_id", "title", "authority", "date", "topics", "source", "snippet"}
PART_KEYS = {"number", "label", "page", "text"}


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
    assert "disclosure-search ingest PATH" in data["error"]


@pytest.mark.parametrize(
    ("url", "status"),
    [
        ("/changes.json?since=bad", 400),
        ("/authorities.json?year=0000", 400),
        ("/authorities.csv?sort=colour", 400),
        ("/authority/no-such-body.csv", 404),
        ("/no/such/file.json", 404),
    ],
)
def test_data_addresses_answer_errors_as_json(client: FlaskClient, url: str, status: int) -> None:
    """.json and .csv addresses are read by programs: an error is {"error": ...}, as in /api."""
    data = get_json(client, url, status)
    assert set(data) == {"error"} and data["error"]


def test_data_addresses_without_an_index_answer_json_503(tmp_path: Path) -> None:
    client = create_app({"HOME": str(tmp_path), "TESTING": True}).test_client()
    for url in ("/authority/x.json", "/authority/x.csv", "/authorities.csv", "/gaps.json",
                "/gaps.csv", "/export.csv?q=council"):  # fmt: skip
        assert "disclosure-search ingest PATH" in get_json(client, url, 503)["error"]
    page = client.get("/authorities")  # pages stay pages
    assert page.status_code == 503 and page.mimetype == "text/html"


# --- The API speaks the query language and returns facets (issue 6) ---


def test_api_search_has_facets_hints_and_suggestions(client: FlaskClient) -> None:
    data = get_json(client, "/api/search?q=council")
    assert set(data["facets"]) == {"authority", "topic", "year", "exemption", "outcome", "format"}
    first = data["facets"]["authority"][0]
    assert set(first) == {"value", "count"} and first["count"] >= 1
    assert data["sort"] == "relevance" and data["understood"] == "council"
    typo = get_json(client, "/api/search?q=physiotheraphy")
    assert typo["did_you_mean"] == "physiotherapy" and typo["total"] == 0
    odd = get_json(client, "/api/search?q=%22unclosed")
    assert odd["hints"] and odd["understood"] == '"unclosed"'


def test_api_accepts_the_query_language(client: FlaskClient) -> None:
    for q, field, value in [
        ("exemption:s40", "exemptions", "s40(2)"),
        ("outcome:refused", "outcome", "refused"),
        ("topic:health", "topics", "health"),
        ("authority:coventry", "authority", "Coventry City Council"),
    ]:
        data = get_json(client, f"/api/search?q={q}&limit=100")
        assert data["total"] >= 1, q
        for result in data["results"]:
            assert value in result[field] or result[field] == value, (q, result[field])
    jump = get_json(client, "/api/search?q=%23FOI759201887")
    assert jump["jump_to"] and [r["request_id"] for r in jump["results"]] == [COVENTRY_REF]
    dated = get_json(client, "/api/search?q=date:2025-11-01..2025-11-30&limit=100")
    assert all("2025-11-01" <= r["date"] <= "2025-11-30" for r in dated["results"])


def test_api_sort_is_checked(client: FlaskClient) -> None:
    oldest = get_json(client, "/api/search?sort=oldest&limit=5")["results"]
    dates = [r["date"] for r in oldest]
    assert dates == sorted(dates)
    assert "sort" in get_json(client, "/api/search?sort=shuffle", 400)["error"]


# --- Atom feeds ---

ATOM = "{http://www.w3.org/2005/Atom}"


def get_xml(client: FlaskClient, url: str, content_type: str) -> etree._Element:
    response = client.get(url)
    assert response.status_code == 200, response.get_data(as_text=True)[:500]
    assert response.content_type.startswith(content_type)
    return etree.fromstring(response.data)  # raises on anything that is not well-formed XML


def is_rfc3339(value: str) -> bool:
    return datetime.fromisoformat(value.replace("Z", "+00:00")).tzinfo is not None


def test_atom_feed_is_valid_and_newest_first(client: FlaskClient) -> None:
    feed = get_xml(client, "/feed.atom?q=council", "application/atom+xml")
    assert feed.tag == f"{ATOM}feed"
    for name in ("id", "title", "updated", "author"):
        assert len(feed.findall(f"{ATOM}{name}")) == 1, name
    assert is_rfc3339(feed.findtext(f"{ATOM}updated"))
    links = {link.get("rel"): link.get("href") for link in feed.findall(f"{ATOM}link")}
    assert links["self"].startswith("http://localhost/feed.atom?")
    assert links["alternate"] == "http://localhost/search?q=council"
    entries = feed.findall(f"{ATOM}entry")
    assert entries
    for entry in entries:
        assert entry.findtext(f"{ATOM}title") and is_rfc3339(entry.findtext(f"{ATOM}updated"))
        assert entry.findtext(f"{ATOM}id").startswith("http://localhost/disclosure/")
        alternate = entry.find(f"{ATOM}link[@rel='alternate']").get("href")
        assert alternate == entry.findtext(f"{ATOM}id")
    dated = [
        e.findtext(f"{ATOM}published") for e in entries if e.find(f"{ATOM}published") is not None
    ]
    assert dated == sorted(dated, reverse=True), "newest first"


def test_atom_feed_pages_through_every_match_without_a_cap(client: FlaskClient) -> None:
    total = get_json(client, "/api/search?limit=1")["total"]
    assert total > 100
    url, seen, pages = "/feed.atom?limit=100", [], 0
    while url:
        feed = get_xml(client, url, "application/atom+xml")
        seen += [e.findtext(f"{ATOM}id") for e in feed.findall(f"{ATOM}entry")]
        following = feed.find(f"{ATOM}link[@rel='next']")
        url = (
            following.get("href").removeprefix("http://localhost") if following is not None else ""
        )
        pages += 1
    assert len(seen) == len(set(seen)) == total and pages == -(-total // 100)
    assert len(get_xml(client, "/feed.atom", "application/atom+xml").findall(f"{ATOM}entry")) == 50


def test_atom_feed_survives_control_characters_in_pdf_text(client: FlaskClient) -> None:
    # PDF text carries form feeds (\x0c), which XML forbids; the feed must still parse.
    for q in ("crime", "cockermouth", "format:pdf"):
        assert get_xml(client, f"/feed.atom?q={q}", "application/atom+xml") is not None


# --- Exports ---


def test_csv_export_has_every_match_with_permalinks(client: FlaskClient) -> None:
    response = client.get("/export.csv?q=council")
    assert response.status_code == 200
    assert response.content_type == "text/csv; charset=utf-8"
    assert "attachment" in response.headers["Content-Disposition"]
    rows = list(csv.DictReader(io.StringIO(response.get_data(as_text=True))))
    assert len(rows) == get_json(client, "/api/search?q=council")["total"] > 10
    assert rows[0]["url"] == f"http://localhost/disclosure/{rows[0]['doc_id']}"
    assert {"request_id", "authority", "date", "outcome", "exemptions", "topics"} <= set(rows[0])


def test_jsonl_export_is_one_object_a_line(client: FlaskClient) -> None:
    response = client.get("/export.jsonl?q=exemption:s40")
    assert response.content_type == "application/x-ndjson; charset=utf-8"
    lines = [json.loads(line) for line in response.get_data(as_text=True).splitlines()]
    assert lines and all("s40(2)" in line["exemptions"] for line in lines)


# --- Findable: sitemaps, robots.txt, OpenSearch ---

SITEMAP = "{http://www.sitemaps.org/schemas/sitemap/0.9}"


def test_sitemap_index_pages_cover_every_disclosure(sample_home: Settings) -> None:
    app = create_app({"HOME": str(sample_home.home), "TESTING": True, "SITEMAP_PAGE_SIZE": 300})
    client = app.test_client()
    total = get_json(client, "/api/search?limit=1")["total"]
    index = get_xml(client, "/sitemap.xml", "application/xml")
    assert index.tag == f"{SITEMAP}sitemapindex"
    locations = [loc.text for loc in index.iter(f"{SITEMAP}loc")]
    assert len(locations) == -(-total // 300) >= 3
    urls = []
    for location in locations:
        page = get_xml(client, location.removeprefix("http://localhost"), "application/xml")
        assert page.tag == f"{SITEMAP}urlset"
        for url in page.findall(f"{SITEMAP}url"):
            urls.append(url.findtext(f"{SITEMAP}loc"))
            lastmod = url.findtext(f"{SITEMAP}lastmod")
            assert lastmod is None or date.fromisoformat(lastmod)
    disclosures = [u for u in urls if "/disclosure/" in u]
    assert len(disclosures) == len(set(disclosures)) == total
    assert "http://localhost/help" in urls
    assert client.get(disclosures[-1].removeprefix("http://localhost")).status_code == 200
    assert client.get(f"/sitemap-{len(locations) + 1}.xml").status_code == 404


def test_robots_txt_points_to_the_sitemap(client: FlaskClient) -> None:
    response = client.get("/robots.txt")
    assert response.content_type == "text/plain; charset=utf-8"
    lines = response.get_data(as_text=True).splitlines()
    assert "User-agent: *" in lines and "Sitemap: http://localhost/sitemap.xml" in lines
    assert "Disallow: /search" in lines and "Disallow: /api/" in lines
    assert not any(line == "Disallow: /disclosure/" for line in lines)


def test_opensearch_description(client: FlaskClient) -> None:
    ns = "{http://a9.com/-/spec/opensearch/1.1/}"
    doc = get_xml(client, "/opensearch.xml", "application/opensearchdescription+xml")
    assert doc.findtext(f"{ns}ShortName") == "Disclosure search"
    templates = {u.get("type"): u.get("template") for u in doc.findall(f"{ns}Url")}
    assert templates["text/html"].startswith("http://localhost/search?q={searchTerms}")
    assert templates["application/atom+xml"].startswith("http://localhost/feed.atom?q=")
    html = client.get("/").get_data(as_text=True)
    assert 'type="application/opensearchdescription+xml"' in html


# --- Caching: ETag, Cache-Control and 304 ---


@pytest.mark.parametrize(
    "url",
    [
        "/api/search?q=council",
        "/feed.atom?q=council",
        "/export.csv?q=council",
        "/sitemap.xml",
        "/api/disclosure/{coventry}",
        "/search?q=council",
        "/opensearch.xml",
    ],  # fmt: skip
)
def test_conditional_get_is_answered_304(client: FlaskClient, url: str) -> None:
    if "{coventry}" in url:
        found = get_json(client, f"/api/search?request_id={COVENTRY_REF}")["results"][0]
        url = url.format(coventry=found["doc_id"])
    # Responses are closed, so a streamed export ends inside its request.
    with client.get(url) as first:
        assert first.status_code == 200
        etag = first.headers["ETag"]
        assert "max-age" in first.headers["Cache-Control"]
    with client.get(url, headers={"If-None-Match": etag}) as again:
        assert again.status_code == 304 and again.data == b""
        assert again.headers["ETag"] == etag
    with client.get(url + ("&" if "?" in url else "?") + "limit=20") as other:
        assert other.headers.get("ETag") != etag, "another address, another tag"


def test_the_etag_changes_when_the_index_does(tmp_path: Path) -> None:
    from indexer.pipeline import ingest_paths

    settings = Settings(home=tmp_path / "home")
    folder = tmp_path / "in"
    folder.mkdir()
    (folder / "one.txt").write_text("Freedom of Information request about parking fines")
    ingest_paths(settings, [folder])
    client = create_app({"HOME": str(settings.home), "TESTING": True}).test_client()
    etag = client.get("/api/search?q=parking").headers["ETag"]
    (folder / "two.txt").write_text("Freedom of Information request about parking permits")
    ingest_paths(settings, [folder])
    response = client.get("/api/search?q=parking", headers={"If-None-Match": etag})
    assert response.status_code == 200 and response.get_json()["total"] == 2
