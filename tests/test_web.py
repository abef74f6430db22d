"""The HTML pages, on the index built from data/samples, read with BeautifulSoup."""

from __future__ import annotations

import hashlib
from datetime import date
from pathlib import Path

import pytest
from bs4 import BeautifulSoup
from flask import Flask
from flask.testing import FlaskClient

from disclosure_search.config import SAMPLES_DIR, Settings
from web import create_app

COVENTRY_REF = "FOI759201887"
COVENTRY_FILE = SAMPLES_DIR / "coventry_FOI759201887.txt"
WDTK_HTML_FILE = SAMPLES_DIR / "wdtk_mhclg_request_88721.html"


@pytest.fixture(scope="module")
def app(sample_home: Settings) -> Flask:
    return create_app({"HOME": str(sample_home.home), "TESTING": True})


@pytest.fixture
def client(app: Flask) -> FlaskClient:
    return app.test_client()


@pytest.fixture(scope="module")
def coventry_id(app: Flask) -> str:
    found = app.test_client().get(f"/api/search?request_id={COVENTRY_REF}").get_json()
    return found["results"][0]["doc_id"]


def get_page(client: FlaskClient, url: str, status: int = 200) -> BeautifulSoup:
    response = client.get(url)
    assert response.status_code == status, response.get_data(as_text=True)[:2000]
    assert response.content_type == "text/html; charset=utf-8"
    return BeautifulSoup(response.get_data(as_text=True), "html.parser")


def hits(soup: BeautifulSoup) -> list:
    return soup.select("ol.hits > li.hit")


def hit_doc_ids(soup: BeautifulSoup) -> list[str]:
    return [hit.h3.a["href"].split("?")[0].rsplit("/", 1)[1] for hit in hits(soup)]


def total(soup: BeautifulSoup) -> int:
    return int(soup.select_one("p.total strong").get_text())


def sha256_of(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def test_home_has_form_stats_and_latest_disclosures(client: FlaskClient) -> None:
    soup = get_page(client, "/")
    form = soup.find("form", attrs={"role": "search"})
    assert form["action"] == "/search" and form["method"] == "get"
    for name in ("q", "authority", "topic", "from", "to", "request_id", "limit"):
        control = form.find(attrs={"name": name})
        assert form.find("label", attrs={"for": control["id"]}), name
    stats = soup.find("section", class_="stats").get_text(" ", strip=True)
    assert "disclosures" in stats and "authorities" in stats
    latest = hits(soup)
    assert latest
    dates = [hit.find("time")["datetime"] for hit in latest]
    assert dates == sorted(dates, reverse=True), "dated, newest first"


def test_every_page_has_landmarks_skip_link_and_a_title(
    client: FlaskClient, coventry_id: str
) -> None:
    for url in ("/", "/search?q=physiotherapy", f"/disclosure/{coventry_id}", "/nowhere"):
        soup = get_page(client, url, 404 if url == "/nowhere" else 200)
        assert soup.find("header") and soup.find("footer")
        assert soup.find("main", id="main")
        assert soup.find("a", class_="skip-link")["href"] == "#main"
        assert soup.title.get_text(strip=True)
        assert soup.find("h1")
        assert soup.find("script") is None, "pages work without JavaScript"


def test_search_physiotherapy_lists_coventry_first(client: FlaskClient, coventry_id: str) -> None:
    soup = get_page(client, "/search?q=physiotherapy")
    first = hits(soup)[0]
    assert COVENTRY_REF in first.get_text()
    assert first.h3.a["href"] == f"/disclosure/{coventry_id}?q=physiotherapy&part=1#part-1"
    marks = first.select("p.snippet b.match")
    assert marks and all(m.get_text().lower().startswith("physiotherap") for m in marks)
    assert "Coventry City Council" in first.select_one("ul.meta").get_text()
    assert first.find("time")["datetime"] == "2025-11-13"
    assert total(soup) >= 1
    assert "disclosure" in soup.select_one("p.total").get_text()
    assert soup.find("input", attrs={"name": "q"})["value"] == "physiotherapy"


def test_form_keeps_the_values_searched_for(client: FlaskClient) -> None:
    url = (
        "/search?q=council&authority=Coventry+City+Council&topic=health"
        "&from=2025-01-01&to=2025-12-31&request_id=FOI759201887&limit=20"
    )
    form = get_page(client, url).find("form", attrs={"role": "search"})
    values = {
        "q": "council",
        "authority": "Coventry City Council",
        "topic": "health",
        "from": "2025-01-01",
        "to": "2025-12-31",
        "request_id": "FOI759201887",
    }
    for name, value in values.items():
        assert form.find("input", attrs={"name": name})["value"] == value
    assert (
        form.find("select", attrs={"name": "limit"}).find("option", selected=True)["value"] == "20"
    )


def test_date_range_narrows_results(client: FlaskClient, coventry_id: str) -> None:
    everything = get_page(client, "/search?limit=100")
    november = get_page(client, "/search?from=2025-11-01&to=2025-11-30&limit=100")
    assert 1 <= total(november) < total(everything)
    assert coventry_id in hit_doc_ids(november)
    for when in november.select("ol.hits ul.meta time"):
        assert date(2025, 11, 1) <= date.fromisoformat(when["datetime"]) <= date(2025, 11, 30)


def test_request_id_filter_finds_only_that_request(client: FlaskClient, coventry_id: str) -> None:
    for ref in ("FOI759201887", "foi 759201887"):
        soup = get_page(client, f"/search?request_id={ref}")
        assert hit_doc_ids(soup) == [coventry_id]


@pytest.mark.parametrize(
    "path", ["/request/foi759201887", "/request/FOI%20759201887", "/request/FOI-759-201887"]
)
def test_request_reference_redirects_to_the_disclosure(
    client: FlaskClient, coventry_id: str, path: str
) -> None:
    response = client.get(path)
    assert response.status_code == 302
    assert response.headers["Location"] == f"/disclosure/{coventry_id}"


def test_unknown_request_reference_is_a_404_page(client: FlaskClient) -> None:
    soup = get_page(client, "/request/NO-SUCH-REF-0000", 404)
    assert "NO-SUCH-REF-0000" in soup.find(attrs={"role": "alert"}).get_text()


def test_disclosure_page_shows_metadata_text_and_original(
    client: FlaskClient, coventry_id: str
) -> None:
    soup = get_page(client, f"/disclosure/{coventry_id}")
    fields = {
        dt.get_text(strip=True): dt.find_next_sibling("dd") for dt in soup.select("dl.metadata dt")
    }
    assert fields["Request ID"].get_text(strip=True) == COVENTRY_REF
    assert fields["Authority"].get_text(strip=True) == "Coventry City Council"
    assert fields["Date"].find("time")["datetime"] == "2025-11-13"
    assert fields["SHA-256"].get_text(strip=True) == sha256_of(COVENTRY_FILE)
    for label in ("Exemptions", "Outcome", "Topics", "Format", "Source", "Fetched"):
        assert label in fields
    assert "/" not in fields["Source"].get_text(strip=True), "no server paths shown"
    first_part = soup.find("section", id="part-1")
    assert first_part.find("h2").get_text(strip=True)
    assert "Physiotherapy" in first_part.find("div", class_="text").get_text()

    link = soup.select_one("p.original a")["href"]
    # Closing the response closes the streamed file (ResourceWarning is an error here).
    with client.get(link) as original:
        assert original.status_code == 200
        assert original.content_type == "text/plain; charset=utf-8"
        assert original.data == COVENTRY_FILE.read_bytes()
        assert "sandbox" in original.headers["Content-Security-Policy"]


def test_disclosure_page_marks_the_searched_words(client: FlaskClient, coventry_id: str) -> None:
    soup = get_page(client, f"/disclosure/{coventry_id}?q=physiotherapy")
    marks = soup.select("section.part mark")
    assert marks
    assert all(m.get_text().lower().startswith("physiotherap") for m in marks)
    unmarked = get_page(client, f"/disclosure/{coventry_id}")
    assert not unmarked.select("mark")


def test_pdf_hits_link_to_the_page_of_the_original(client: FlaskClient) -> None:
    soup = get_page(client, "/search?q=crime&limit=100")
    page_links = [a["href"] for a in soup.select("p.part a") if "#page=" in a["href"]]
    assert page_links, "a PDF page hit names its page"
    path, page = page_links[0].split("#page=")
    assert int(page) >= 1
    with client.get(path) as original:
        assert original.status_code == 200
        assert original.content_type == "application/pdf"
        assert original.data.startswith(b"%PDF-")


def test_html_originals_cannot_run_scripts_on_our_origin(client: FlaskClient) -> None:
    with client.get(f"/original/{sha256_of(WDTK_HTML_FILE)}") as response:
        assert response.status_code == 200
        assert response.content_type.startswith("text/html")
        policy = response.headers["Content-Security-Policy"]
        assert "sandbox" in policy and "allow-scripts" not in policy
        assert response.headers["X-Content-Type-Options"] == "nosniff"


def test_a_doc_id_naming_another_original_cannot_choose_the_type(
    client: FlaskClient, coventry_id: str
) -> None:
    # Coventry's format is txt; the HTML original must still be served as sandboxed HTML.
    url = f"/original/{sha256_of(WDTK_HTML_FILE)}?doc={coventry_id}"
    with client.get(url) as response:
        assert response.content_type.startswith("text/html")
        assert "sandbox" in response.headers["Content-Security-Policy"]


@pytest.mark.parametrize(
    "sha",
    ["abc", "z" * 64, "a" * 63, "a" * 65, "a" * 64, "%2e%2e%2fconfig"],
    ids=["short", "not-hex", "63", "65", "unknown", "traversal"],
)
def test_original_with_bad_or_unknown_sha_is_404(client: FlaskClient, sha: str) -> None:
    assert client.get(f"/original/{sha}").status_code == 404


BAD_SEARCHES = [
    ("from=2024-13-45", "from"),
    ("to=2024-02-30", "to"),
    ("from=31/01/2024", "from"),
    ("from=2024-05-01&to=2024-01-01", "after"),
    ("page=0", "page"),
    ("page=abc", "page"),
    ("page=-1", "page"),
    ("limit=0", "limit"),
    ("limit=101", "limit"),
    ("limit=ten", "limit"),
]


@pytest.mark.parametrize(("args", "named"), BAD_SEARCHES)
def test_malformed_search_is_a_400_page_that_says_how_to_fix_it(
    client: FlaskClient, args: str, named: str
) -> None:
    soup = get_page(client, f"/search?q=council&{args}", 400)
    message = soup.find(attrs={"role": "alert"}).get_text(" ", strip=True)
    assert named in message
    assert any(hint in message for hint in ("YYYY-MM-DD", "whole number", "swap"))
    # The form comes back filled in, ready to correct.
    assert soup.find("input", attrs={"name": "q"})["value"] == "council"


@pytest.mark.parametrize("url", ["/disclosure/no-such-doc", "/no/such/page"])
def test_unknown_pages_are_404_pages(client: FlaskClient, url: str) -> None:
    soup = get_page(client, url, 404)
    assert soup.find(attrs={"role": "alert"}).get_text(strip=True)


def test_wrong_method_is_a_405_page(client: FlaskClient) -> None:
    response = client.post("/search")
    assert response.status_code == 405
    assert "GET" in response.headers["Allow"]
    assert "<main" in response.get_data(as_text=True)


def test_missing_index_is_a_503_page_naming_the_command(tmp_path: Path) -> None:
    client = create_app({"HOME": str(tmp_path), "TESTING": True}).test_client()
    for url in ("/", "/search?q=council"):
        soup = get_page(client, url, 503)
        commands = [c.get_text() for c in soup.select("[role=alert] code")]
        assert "disclosure-search ingest data/samples" in commands


def test_unexpected_failure_is_a_500_page_without_a_traceback(sample_home: Settings) -> None:
    # PROPAGATE_EXCEPTIONS stays off (TESTING unset) so the handler runs as in production.
    app = create_app({"HOME": str(sample_home.home)})

    def broken() -> str:
        raise RuntimeError("secret internal detail")

    app.add_url_rule("/broken", view_func=broken)
    response = app.test_client().get("/broken")
    assert response.status_code == 500
    body = response.get_data(as_text=True)
    assert "secret internal detail" not in body and "Traceback" not in body
    assert BeautifulSoup(body, "html.parser").find(attrs={"role": "alert"})


def test_pagination_pages_differ_and_keep_the_filters(client: FlaskClient) -> None:
    first = get_page(client, "/search?from=1990-01-01&limit=2")
    assert total(first) > 2
    nav = first.find("nav", class_="pagination")
    next_url = nav.find("a", rel="next")["href"]
    assert "from=1990-01-01" in next_url and "limit=2" in next_url and "page=2" in next_url
    assert nav.find("a", attrs={"aria-current": "page"}).get_text() == "1"
    second = get_page(client, next_url)
    assert len(hits(second)) >= 1
    assert not set(hit_doc_ids(first)) & set(hit_doc_ids(second))
    assert second.find("nav", class_="pagination").find("a", rel="prev")
    assert second.find("ol", class_="hits")["start"] == "3"


def test_query_with_markup_is_shown_escaped(client: FlaskClient, coventry_id: str) -> None:
    attack = "<script>alert(1)</script>"
    for url in (f"/search?q={attack}", f"/disclosure/{coventry_id}?q={attack}"):
        response = client.get(url)
        body = response.get_data(as_text=True)
        assert "<script>" not in body
        assert "&lt;script&gt;" in body
    soup = get_page(client, f"/search?q={attack}")
    assert soup.find("input", attrs={"name": "q"})["value"] == attack


def test_pages_forbid_scripts_by_policy(client: FlaskClient) -> None:
    policy = client.get("/").headers["Content-Security-Policy"]
    assert "script-src 'none'" in policy


def test_a_word_only_on_page_3_links_to_page_3(client: FlaskClient) -> None:
    """'Cockermouth' is printed only on page 3 of the Cumbria letter (its hospital list)."""
    data = client.get("/api/search?q=cockermouth").get_json()
    [hit] = [r for r in data["results"] if r["request_id"] == "FOI 1306/25"]
    assert (hit["part"], hit["page"]) == ("page 3", 3)
    soup = get_page(client, "/search?q=cockermouth")
    item = next(h for h in hits(soup) if "FOI 1306/25" in h.get_text())
    assert "Matched in page 3" in item.get_text()
    original = item.select_one("p.part a")["href"]
    assert original.endswith("#page=3")
    with client.get(original.split("#")[0]) as response:
        assert response.status_code == 200 and response.mimetype == "application/pdf"
    page = get_page(client, item.h3.a["href"].split("#")[0])
    matched = page.select_one("section.part.matched")
    assert matched["id"] == "part-3" and matched.details.has_attr("open")
    assert matched.select("mark")
    closed = page.select_one("section#part-5 details")
    assert not closed.has_attr("open"), "other parts of a long document start folded"
