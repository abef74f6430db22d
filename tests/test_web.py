"""The HTML pages, on the index built from the bundled samples, read with BeautifulSoup."""

from __future__ import annotations

import hashlib
import json
import re
from datetime import date
from pathlib import Path
from urllib.parse import quote

import pytest
from bs4 import BeautifulSoup
from flask import Flask
from flask.testing import FlaskClient

from disclosure_search.config import SAMPLES_DIR, Settings
from disclosure_search.models import Disclosure, Part
from indexer.writer import DisclosureWriter
from web import create_app

COVENTRY_REF = "FOI759201887"
COVENTRY_FILE = SAMPLES_DIR / "coventry_FOI759201887.txt"
WDTK_HTML_FILE = SAMPLES_DIR / "wdtk_mhclg_request_88721.html"


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
        # Pages work without JavaScript: no inline script but schema.org data (never run),
        # and one static file that only tidies form addresses.
        for tag in soup.find_all("script"):
            assert tag.get("type") == "application/ld+json" or (
                tag["src"].endswith("/static/forms.js") and not tag.get_text(strip=True)
            )
        assert soup.find("nav", attrs={"aria-label": "Site"})


def test_search_physiotherapy_lists_coventry_first(client: FlaskClient, coventry_id: str) -> None:
    soup = get_page(client, "/search?q=physiotherapy")
    first = hits(soup)[0]
    assert COVENTRY_REF in first.get_text()
    href = first.h3.a["href"]
    assert href.startswith(f"/disclosure/{coventry_id}?q=physiotherapy")
    assert re.search(r"#(part|question)-\d+$", href), "links to the unit that matched"
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
    for label in ("Exemptions", "Outcome", "Topics", "Format", "Source file", "Retrieved"):
        assert label in fields
    # The path from the ingested folder, never the server's own.
    assert fields["Source file"].get_text(strip=True) == f"samples/{COVENTRY_FILE.name}"
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
        assert "disclosure-search ingest PATH" in commands


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
    # Only our own static script file: no inline script, nothing from elsewhere.
    assert "script-src 'self';" in policy and "unsafe" not in policy


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


# --- Query language, facets, sort, suggestions (issue 6) ---


def facet_links(soup: BeautifulSoup, name: str) -> dict[str, tuple[int, str]]:
    """Facet `name`'s links: shown value -> (count, href)."""
    section = soup.select_one(f"aside#facets section[aria-labelledby=facet-{name}]")
    links = {}
    for a in section.select("a"):
        count = int(a.select_one(".count").find(string=True, recursive=False))
        links[a.select_one(".value").get_text(strip=True)] = (count, a["href"])
    return links


def test_facets_beside_results_add_and_remove_filters(client: FlaskClient) -> None:
    soup = get_page(client, "/search?q=council")
    aside = soup.find("aside", id="facets")
    headings = [h.get_text(strip=True) for h in aside.select("section.facet h3")]
    assert headings == ["Authority", "Topic", "Year", "Exemption", "Outcome", "Format"]
    authorities = facet_links(soup, "authority")
    name = "Hastings Borough Council"
    count, href = authorities[name]
    filtered = get_page(client, href)
    assert total(filtered) == count
    assert "authority=Hastings+Borough+Council" in href and "q=council" in href
    active = filtered.select_one("aside#facets a.active")
    assert active["aria-current"] == "true" and name in active.get_text()
    removed = get_page(client, active["href"])
    assert total(removed) == total(soup), "following an active facet removes it"


def test_topic_year_exemption_outcome_and_format_facets_filter(client: FlaskClient) -> None:
    soup = get_page(client, "/search")
    for name in ("topic", "year", "exemption", "outcome", "format"):
        _, (count, href) = next(iter(facet_links(soup, name).items()))
        assert total(get_page(client, href)) == count, name
    assert "Children's services" in facet_links(soup, "topic"), "topics by their label"
    year_href = facet_links(soup, "year")["2023"][1]
    assert "from=2023-01-01" in year_href and "to=2023-12-31" in year_href


def test_active_filters_are_listed_and_removable(client: FlaskClient) -> None:
    url = "/search?q=council+topic:council-tax&outcome=granted&from=2023-01-01&to=2023-12-31"
    soup = get_page(client, url)
    box = soup.find("div", class_="active-filters")
    shown = [li.get_text(" ", strip=True) for li in box.select("li")]
    assert any(s.startswith("Year: 2023") for s in shown)
    assert any(s.startswith("Outcome: granted") for s in shown)
    assert any(s.startswith("Topic: council-tax") for s in shown), "typed prefixes too"
    links = {a["aria-label"]: a["href"] for a in box.select("a.remove")}
    without_topic = links["Remove filter Topic: council-tax"]
    assert "topic" not in without_topic and "q=council&" in without_topic
    assert total(get_page(client, without_topic)) >= total(soup)
    without_year = links["Remove filter Year: 2023"]
    assert "from=" not in without_year and "outcome=granted" in without_year


@pytest.mark.parametrize("q", ["exemption:s40", "outcome:refused", "topic:health"])
def test_search_filters_by_exemption_outcome_and_topic(client: FlaskClient, q: str) -> None:
    field, value = q.split(":")
    typed = get_page(client, f"/search?q={q}&limit=100")
    by_form = get_page(client, f"/search?{field}={value}&limit=100")
    assert 1 <= total(typed) == total(by_form)
    assert hit_doc_ids(typed) == hit_doc_ids(by_form)
    for hit in hits(typed):
        assert value in hit.select_one("ul.meta").get_text().lower().replace(", ", ",")


def test_sort_links_and_order(client: FlaskClient) -> None:
    soup = get_page(client, "/search?q=council&limit=50")
    sort = soup.find("nav", attrs={"aria-label": "Sort results"})
    current = sort.find("a", attrs={"aria-current": "true"})
    assert current.get_text(strip=True) == "Relevance"
    links = {a.get_text(strip=True): a["href"] for a in sort.select("a")}
    for label, newest_first in (("Newest first", True), ("Oldest first", False)):
        dates = [t["datetime"] for t in get_page(client, links[label]).select("ol.hits time")]
        assert dates == sorted(dates, reverse=newest_first), label


def test_did_you_mean_links_to_the_corrected_search(client: FlaskClient) -> None:
    soup = get_page(client, "/search?q=physiotheraphy")
    link = soup.select_one("p.did-you-mean a")
    assert link.get_text(strip=True) == "physiotherapy"
    assert COVENTRY_REF in get_page(client, link["href"]).select_one("ol.hits").get_text()


@pytest.mark.parametrize(
    ("q", "hint"),
    [
        ('"unclosed phrase', "quote was not closed"),
        ("(police OR crime", "was not closed"),
        ("autority:coventry", "not a search prefix"),
        ("date:2024-13-45", "not a date"),
        ("topic:helth", "did you mean health"),
        ("a* b*", "at least 2 letters"),
        ("police AND", "AND needs"),
    ],
)
def test_malformed_queries_get_results_and_a_hint_not_an_error(
    client: FlaskClient, q: str, hint: str
) -> None:
    soup = get_page(client, f"/search?q={quote(q)}")
    box = soup.find("div", class_="hints")
    assert hint in box.get_text(" ", strip=True)
    assert soup.select_one("p.total"), "still a results page"


def test_a_huge_query_is_answered(client: FlaskClient) -> None:
    soup = get_page(client, "/search?q=" + quote("council OR " * 250 + "pot*"))
    assert "first 2,000 characters" in soup.find("div", class_="hints").get_text()


@pytest.mark.parametrize("q", ["#FOI759201887", "FOI759201887", "foi 759201887", "#foi-759201887"])
def test_a_reference_jumps_to_the_disclosure(client: FlaskClient, coventry_id: str, q: str) -> None:
    response = client.get(f"/search?q={quote(q)}")
    assert response.status_code == 302
    assert response.headers["Location"] == f"/disclosure/{coventry_id}"


def test_an_unknown_reference_is_searched_as_text_with_a_hint(client: FlaskClient) -> None:
    soup = get_page(client, "/search?q=%23NOPE-0000")
    assert "No request has the reference" in soup.find("div", class_="hints").get_text()


def test_page_size_and_deep_pages(client: FlaskClient) -> None:
    soup = get_page(client, "/search?limit=20")
    assert len(hits(soup)) == 20
    last = soup.select("nav.pagination a[aria-label^='Page']")[-1]
    deep = get_page(client, last["href"])
    assert hits(deep) and deep.select_one("a[aria-current=page]").get_text() == last.get_text()
    assert get_page(client, "/search?limit=1&page=700").select_one("ol.hits")["start"] == "700"


def test_results_offer_feeds_and_exports_of_the_same_search(client: FlaskClient) -> None:
    soup = get_page(client, "/search?q=council&topic=council-tax&sort=oldest")
    follow = {a.get_text(strip=True): a["href"] for a in soup.select("p.follow a")}
    assert follow["Atom feed"].startswith("/feed.atom?")
    assert follow["CSV"].startswith("/export.csv?") and follow["JSON lines"].startswith("/export.")
    for href in follow.values():
        assert "q=council" in href and "topic=council-tax" in href
    alternate = soup.find("link", rel="alternate", type="application/atom+xml")
    assert alternate["href"] == follow["Atom feed"]
    assert soup.find("meta", attrs={"name": "robots"})["content"] == "noindex, follow"


def test_help_page_documents_the_query_language(client: FlaskClient) -> None:
    soup = get_page(client, "/help")
    text = soup.get_text(" ", strip=True)
    for needle in ("authority:", "topic:", "exemption:", "outcome:", "format:", "id:", "date:2024",
                   "date:2024-01-01..2024-06-30", "#FOI759201887", "OR", "NOT", "/feed.atom",
                   "/export.csv", "/api/search"):  # fmt: skip
        assert needle in text, needle
    examples = [a["href"] for a in soup.select("main a[href^='/search?q=']")]
    assert len(examples) >= 10
    for href in examples:
        assert client.get(href).status_code in (200, 302), href  # a reference jumps
    assert soup.select_one("form[role=search] a[href='/help']") is None
    assert get_page(client, "/").select_one("#q-hint a[href='/help']")


# --- The disclosure page: findable and citable ---


def test_disclosure_page_title_description_and_canonical(
    client: FlaskClient, coventry_id: str
) -> None:
    soup = get_page(client, f"/disclosure/{coventry_id}?q=physiotherapy")
    title = soup.title.get_text()
    assert "Council Occupational Physiotherapy Service" in title
    assert "Coventry City Council" in title
    description = soup.find("meta", attrs={"name": "description"})["content"]
    assert "Coventry City Council" in description and len(description) <= 160
    canonical = soup.find("link", rel="canonical")["href"]
    assert canonical == f"http://localhost/disclosure/{coventry_id}", "no ?q= in the permalink"
    assert get_page(client, canonical.removeprefix("http://localhost")).h1


def test_disclosure_page_has_schema_org_data(client: FlaskClient, coventry_id: str) -> None:
    soup = get_page(client, f"/disclosure/{coventry_id}")
    data = json.loads(soup.find("script", type="application/ld+json").string)
    assert data["@context"] == "https://schema.org" and data["@type"] == "DigitalDocument"
    assert data["identifier"] == COVENTRY_REF and data["datePublished"] == "2025-11-13"
    assert data["author"] == {"@type": "GovernmentOrganization", "name": "Coventry City Council"}
    assert data["associatedMedia"]["sha256"] == sha256_of(COVENTRY_FILE)
    assert data["url"].endswith(f"/disclosure/{coventry_id}")


def test_disclosure_page_citation_block(client: FlaskClient, coventry_id: str) -> None:
    soup = get_page(client, f"/disclosure/{coventry_id}")
    block = soup.find("section", class_="citation")
    assert block.h2.get_text(strip=True) == "Cite this disclosure"
    fields = {dt.get_text(strip=True): dt.find_next_sibling("dd").get_text(" ", strip=True)
              for dt in block.select("dt")}  # fmt: skip
    assert fields["Authority"] == "Coventry City Council"
    assert fields["Reference"] == COVENTRY_REF
    assert fields["Date"] == "13 November 2025"
    assert fields["SHA-256"] == sha256_of(COVENTRY_FILE)
    assert fields["Retrieved"][:4].isdigit()
    assert fields["Permalink"] == f"http://localhost/disclosure/{coventry_id}"
    citation = block.select_one("blockquote.cite-text").get_text(" ", strip=True)
    for part in ("Coventry City Council (2025)", COVENTRY_REF, "13 November 2025",
                 fields["Permalink"], sha256_of(COVENTRY_FILE)):  # fmt: skip
        assert part in citation, part


def test_a_web_source_is_cited_with_its_address(client: FlaskClient) -> None:
    found = client.get("/api/search?q=authority:hastings&limit=1").get_json()["results"][0]
    block = get_page(client, f"/disclosure/{found['doc_id']}").find("section", class_="citation")
    original = block.find("dt", string="Original URL").find_next_sibling("dd").a["href"]
    assert original.startswith("https://")
    assert f"Available at: {original}" in block.select_one(".cite-text").get_text()


def test_similar_disclosures_link_elsewhere(client: FlaskClient, coventry_id: str) -> None:
    soup = get_page(client, f"/disclosure/{coventry_id}")
    links = [a["href"] for a in soup.select("section.similar a")]
    assert 1 <= len(links) <= 5
    assert f"/disclosure/{coventry_id}" not in links
    for href in links[:2]:
        get_page(client, href)


def test_disclosure_links_its_facts_to_filtered_searches(
    client: FlaskClient, coventry_id: str
) -> None:
    soup = get_page(client, f"/disclosure/{coventry_id}")
    outcome = soup.find("dt", string="Outcome").find_next_sibling("dd").a["href"]
    assert outcome == "/search?outcome=granted"
    assert COVENTRY_REF in get_page(client, outcome + "&limit=100").get_text()


# --- Round-robin groups, on an index written here ---

ROUND_ROBIN = "Please provide the number of potholes repaired in each ward in 2023 and their cost"


@pytest.fixture(scope="module")
def group_client(tmp_path_factory: pytest.TempPathFactory) -> FlaskClient:
    """Three councils answering one request (group g-pot), and one unrelated disclosure."""
    settings = Settings(home=tmp_path_factory.mktemp("groups"))
    answers = [
        ("Leeds City Council", date(2024, 2, 1), "refused", ("s12",)),
        ("Hull City Council", date(2024, 1, 15), "granted", ()),
        ("York Council", None, "partially granted", ("s40(2)", "s43(2)")),
    ]
    made = [
        Disclosure(
            doc_id=f"pot-{n}",
            source=f"https://example.org/{n}",
            sha256=f"{n:064x}",
            format="html",
            title="Pothole repairs by ward",
            authority=authority,
            date=when,
            outcome=outcome,
            exemptions=exemptions,
            group="g-pot",
            parts=(Part(1, "text", ROUND_ROBIN),),
        )
        for n, (authority, when, outcome, exemptions) in enumerate(answers, 1)
    ]
    other = Part(1, "text", "Parking fines income")
    made.append(Disclosure("other", "x.txt", "f" * 64, "txt", "Parking fines", parts=(other,)))
    writer = DisclosureWriter(settings)
    writer.replace([], made)
    writer.commit()
    return create_app({"HOME": str(settings.home), "TESTING": True}).test_client()


def test_group_page_tables_every_authoritys_answer(group_client: FlaskClient) -> None:
    soup = get_page(group_client, "/group/g-pot")
    assert "3 authorities" in soup.h1.get_text()
    table = soup.find("table", class_="group-table")
    assert table.caption.get_text(strip=True).startswith("3 answers")
    headers = [th.get_text(strip=True) for th in table.select("thead th")]
    assert headers == ["Authority", "Date", "Outcome", "Exemptions", "Answer"]
    rows = [[cell.get_text(" ", strip=True) for cell in tr.select("th, td")]
            for tr in table.select("tbody tr")]  # fmt: skip
    assert [r[:4] for r in rows] == [
        ["Hull City Council", "15 January 2024", "granted", "none"],
        [
            "Leeds City Council",
            "1 February 2024",
            "refused",
            "s12 Cost of compliance exceeds appropriate limit",
        ],
        [
            "York Council",
            "not stated",
            "partially granted",
            "s40(2) Personal information; s43(2) Commercial interests",
        ],
    ]
    links = [a["href"] for a in table.select("tbody a")]
    assert links == ["/disclosure/pot-2", "/disclosure/pot-1", "/disclosure/pot-3"]
    assert get_page(group_client, "/group/no-such-group", 404)


def test_disclosures_in_a_group_link_to_it(group_client: FlaskClient) -> None:
    soup = get_page(group_client, "/disclosure/pot-1")
    link = soup.select_one("p.group-link a")
    assert link["href"] == "/group/g-pot" and "all 3 answers" in link.get_text()
    assert not get_page(group_client, "/disclosure/other").select_one("p.group-link")
    results = get_page(group_client, "/search?q=potholes")
    assert all(h.select_one("p.group-link a")["href"] == "/group/g-pot" for h in hits(results))
    data = group_client.get("/api/group/g-pot").get_json()
    assert [r["authority"] for r in data["results"]][0] == "Hull City Council"


# --- Accessibility basics: labels, landmarks, headings ---


@pytest.mark.parametrize("url", ["/", "/search?q=council", "/help", "/search?q=physiotheraphy"])
def test_form_controls_are_labelled_and_headings_ordered(client: FlaskClient, url: str) -> None:
    soup = get_page(client, url)
    for control in soup.select("main input, main select"):
        assert soup.find("label", attrs={"for": control["id"]}), control
    levels = [int(h.name[1]) for h in soup.select("main h1, main h2, main h3")]
    assert levels[0] == 1 and levels.count(1) == 1
    assert all(b - a <= 1 for a, b in zip(levels, levels[1:], strict=False)), levels
    for nav in soup.find_all("nav"):
        assert nav.get("aria-label") or nav.get("aria-labelledby")


def test_a_question_and_its_answer_are_searchable_as_their_own_unit(client: FlaskClient) -> None:
    data = client.get("/api/search?q=triaged").get_json()
    [hit] = [r for r in data["results"] if r["request_id"] == COVENTRY_REF]
    assert hit["part"].startswith("question 3")
    soup = get_page(client, "/search?q=triaged")
    item = next(h for h in hits(soup) if COVENTRY_REF in h.get_text())
    href = item.h3.a["href"]
    assert href.endswith("#question-3")
    page = get_page(client, href.split("#")[0])
    answer = page.select_one("li#question-3")
    assert "triaged" in answer.get_text() and answer.select("mark")


def test_every_facet_value_is_reachable_past_the_first_ten(client: FlaskClient) -> None:
    soup = get_page(client, "/search")
    section = soup.select_one("aside#facets section[aria-labelledby=facet-authority]")
    shown = section.select(":scope > ul > li")
    folded = section.select("details.more-facets li")
    api = client.get("/api/search").get_json()
    assert len(shown) == 10 and folded, "the rest are folded, not dropped"
    assert len(shown) + len(folded) == len(api["facets"]["authority"])
    names = section.get_text()
    assert "Coventry City Council" in names and "Cumbria Constabulary" in names


# --- Results that read well (issue 10) ---


def test_one_disclosure_is_counted_in_the_singular(client: FlaskClient) -> None:
    soup = get_page(client, "/search?q=physiotherapy")
    assert soup.select_one("p.total").get_text(" ", strip=True).startswith("1 disclosure ")
    assert "1 disclosures" not in soup.get_text(" ")


def test_formats_exemptions_and_outcomes_read_as_words(client: FlaskClient) -> None:
    soup = get_page(client, "/search?q=pothole")
    meta = " ".join(ul.get_text(" ", strip=True) for ul in soup.select("ol.hits ul.meta"))
    assert "WhatDoTheyKnow thread" in meta and "Disclosure log (JSON)" in meta
    assert "reg12(4)(b) Manifestly unreasonable" in meta
    label = soup.select_one("ol.hits .outcome")
    assert "outcome-partially-granted" in label["class"]
    assert label.get_text(strip=True) == "partially granted"
    formats = [v.get_text(strip=True) for v in soup.select("#facet-format ~ ul .value")]
    assert "Disclosure log (JSON)" in formats and "JSON-LOG" not in formats
    exemptions = [v.get_text(strip=True) for v in soup.select("#facet-exemption ~ ul .value")]
    assert all(" " in e for e in exemptions), "each exemption with its name"


def test_disclosure_page_names_its_exemptions_and_format(client: FlaskClient) -> None:
    href = get_page(client, "/search?q=pothole+sheffield").select_one("ol.hits h3 a")["href"]
    soup = get_page(client, href)
    facts = soup.select_one("dl.metadata").get_text(" ", strip=True)
    assert "reg12(4)(b) Manifestly unreasonable" in facts
    assert "WhatDoTheyKnow thread" in facts
    assert soup.select_one("dl.metadata .outcome")


def test_the_404_page_offers_a_search_box(client: FlaskClient) -> None:
    soup = get_page(client, "/no/such/page", 404)
    form = soup.find("form", attrs={"role": "search"})
    assert form and form.find("input", attrs={"name": "q"})


@pytest.mark.parametrize(
    "url",
    [
        "/search?q=council&authority=&topic=&exemption=&outcome=&format=&request_id=&from=&to=",
        "/search?q=council+topic:council-tax&outcome=granted&sort=&limit=",
        "/search?q=physiotheraphy&page=",
        "/search",
    ],
)
def test_links_never_carry_empty_parameters(client: FlaskClient, url: str) -> None:
    soup = get_page(client, url)
    links = [a["href"] for a in soup.find_all("a", href=True) if "?" in a["href"]]
    assert links
    for href in links:
        query = href.split("?", 1)[1].split("#", 1)[0]
        assert all(pair.split("=", 1)[1] for pair in query.split("&")), href


def test_forms_drop_empty_fields_with_a_static_script(client: FlaskClient) -> None:
    soup = get_page(client, "/")
    [script] = [s for s in soup.find_all("script") if s.get("src")]
    with client.get(script["src"]) as response:
        source = response.get_data(as_text=True)
    assert "disabled = true" in source and "submit" in source
