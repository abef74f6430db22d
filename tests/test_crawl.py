"""Crawling the fixture site (tests/fixtures/site) served by a real HTTP server on 127.0.0.1.

The server records every request, so each test asserts what was fetched, skipped, stored
and indexed, and when. Phase 1 is the site on a first visit (with a 429 and a 500 on the
way); phase 2 a later visit: one document changed, one response gone from the log.
"""

from __future__ import annotations

import hashlib
import shutil
from collections.abc import Callable, Iterator
from dataclasses import dataclass, replace
from datetime import date
from pathlib import Path
from urllib.parse import urlsplit

import pytest
from click.testing import CliRunner
from fixture_site import SITE_DIR, FixtureSite

from disclosure_search.cli import main
from disclosure_search.config import SOURCES_FILE, CrawlSettings, Limits, Settings
from disclosure_search.errors import SourceConfigError
from disclosure_search.models import Disclosure, SearchQuery
from disclosure_search.records import iter_records
from disclosure_search.search import SearchIndex
from indexer.crawl import CrawlEvent, CrawlOptions, CrawlReport, crawl_sources
from indexer.crawlstate import CrawlLedger
from indexer.links import Selectors, find_attachments, find_listing_links
from indexer.sources import Source, parse_sources, read_sources, source_for_url

WWW = SITE_DIR / "www"


LOG = "/foi/disclosure-log/"
PAGE_1_DOCUMENTS = {
    "/old/foi759201887",  # redirects to /responses/foi759201887.html
    "/responses/t5741-15/",
    "/responses/t5741-15/T5741-15.docx",
    "/responses/t5741-15/right-to-appeal.pdf",
    "/responses/f-2010-00325/",
    "/responses/f-2010-00325/psni_F-2010-00325.pdf",
}
PAGE_2_DOCUMENTS = {"/responses/FS50379341.pdf", "/responses/sheffield-potholes.json"}
ALLOWED = PAGE_1_DOCUMENTS | PAGE_2_DOCUMENTS
DOCX = "/responses/t5741-15/T5741-15.docx"
GONE = "/responses/sheffield-potholes.json"
TROUBLE = {
    "/responses/FS50379341.pdf": [(500, {}, b"Internal Server Error")],
    GONE: [(429, {"Retry-After": "1"}, b"Too Many Requests")],
}
CONFIG = CrawlSettings(
    contact_url="https://example.org/crawler-contact",
    delay=0.2,
    timeout=5,
    retries=2,
    backoff=0.2,
    allow_private=("127.0.0.1",),
)
FAST = replace(CONFIG, delay=0.05, backoff=0.05)
LIMITS = Limits(timeout=60, workers=1)


@dataclass
class Crawl:
    """One crawl of the site: its report, the requests the server saw, what got indexed."""

    settings: Settings
    report: CrawlReport
    requests: list
    records: dict[str, Disclosure]

    def paths(self, status: int | None = None) -> list[str]:
        return [r.path for r in self.requests if status is None or r.status == status]


def run_crawl(
    site,  # noqa: ANN001
    settings: Settings,
    config: CrawlSettings = FAST,
    options: CrawlOptions | None = None,
    on_event: Callable[[CrawlEvent], None] | None = None,
    source: Source | None = None,
) -> Crawl:
    start = len(site.requests)
    source = source or source_for_url(site.url(LOG))
    reports = crawl_sources(settings, [source], config, options, on_event, LIMITS)
    return Crawl(settings, reports[0], site.requests[start:], records_by_path(settings))


def records_by_path(settings: Settings) -> dict[str, Disclosure]:
    return {urlsplit(d.source).path: d for d in iter_records(settings)}


def index_counts(settings: Settings) -> dict:
    """The index's counts (disclosures, parts, formats...), without its location."""
    return {k: v for k, v in SearchIndex(settings).stats().items() if k != "index"}


def sha(path: str, root: Path = WWW) -> str:
    return hashlib.sha256((root / path.lstrip("/")).read_bytes()).hexdigest()


@pytest.fixture(scope="module")
def site() -> Iterator:
    with FixtureSite() as running:
        yield running


@pytest.fixture(scope="module")
def first(site, tmp_path_factory: pytest.TempPathFactory) -> Crawl:  # noqa: ANN001
    """An uninterrupted first crawl, 0.2 s apart, through a 429 and a 500."""
    site.scripted.update({path: list(answers) for path, answers in TROUBLE.items()})
    return run_crawl(site, Settings(tmp_path_factory.mktemp("first")), CONFIG)


def test_first_crawl_indexes_every_allowed_response_and_attachment(first: Crawl) -> None:
    assert set(first.records) == ALLOWED
    assert first.report.summary() == "fetched 10, unchanged 0, new 8, failed 0"
    assert (first.report.skipped, first.report.complete) == (1, True)
    assert SearchIndex(first.settings).stats()["disclosures"] == len(ALLOWED)
    hits = SearchIndex(first.settings).search(SearchQuery(text="physiotherapy")).hits
    assert [urlsplit(h.source).path for h in hits] == ["/old/foi759201887"]


def test_disallowed_and_navigation_links_are_never_requested(first: Crawl) -> None:
    paths = first.paths()
    assert paths[0] == "/robots.txt" and paths.count("/robots.txt") == 1
    assert not any(p.startswith("/private/") for p in paths)
    for furniture in ("/foi/make-a-request.html", "/contact/", "/privacy.html", "/foi/"):
        assert furniture not in paths
    assert "/foi/publication-scheme.html" not in paths
    assert set(paths) == {"/robots.txt", LOG, "/foi/disclosure-log/page-2.html"} | ALLOWED | {
        "/responses/foi759201887.html"
    }


def test_requests_are_spaced_and_retries_wait(first: Crawl) -> None:
    times = [r.time for r in first.requests]
    assert min(b - a for a, b in zip(times, times[1:], strict=False)) >= CONFIG.delay
    pdf = [r for r in first.requests if r.path == "/responses/FS50379341.pdf"]
    assert [r.status for r in pdf] == [500, 200]
    assert pdf[1].time - pdf[0].time >= CONFIG.backoff
    thread = [r for r in first.requests if r.path == GONE]
    assert [r.status for r in thread] == [429, 200]
    assert thread[1].time - thread[0].time >= 1.0  # its Retry-After


def test_every_original_and_listing_page_is_in_the_raw_store(first: Crawl) -> None:
    documents = [DOCX, "/responses/f-2010-00325/psni_F-2010-00325.pdf", GONE]
    for path in [*documents, "/foi/disclosure-log/index.html", "/responses/foi759201887.html"]:
        assert first.settings.original_path(sha(path)).is_file(), path
    for path in documents:
        assert first.records[path].sha256 == sha(path)


def test_the_crawl_ledger_records_validators_and_outcomes(first: Crawl, site) -> None:  # noqa: ANN001
    source = site.url(LOG)
    with CrawlLedger(first.settings) as ledger:
        docx = ledger.get(source, site.url(DOCX))
        pdf = ledger.get(source, site.url("/responses/FS50379341.pdf"))
        private = ledger.get(source, site.url("/private/albanian-reply.eml"))
        listing = ledger.get(source, site.url(LOG))
    assert docx and docx.status == "indexed" and docx.etag and docx.sha256 == sha(DOCX)
    assert docx.first_seen and docx.last_new and docx.http_status == 200
    assert pdf and pdf.last_modified and not pdf.etag
    assert private and private.status == "skipped" and "robots.txt" in (private.error or "")
    assert listing and listing.kind == "listing" and listing.sha256


@pytest.fixture(scope="module")
def second(site, first: Crawl, tmp_path_factory: pytest.TempPathFactory) -> tuple[Crawl, Crawl]:  # noqa: ANN001
    """A copy of the first crawl's data home crawled again after the site changed (phase 2)."""
    home = tmp_path_factory.mktemp("second") / "home"
    shutil.copytree(first.settings.home, home)
    site.phase = 2
    try:
        return first, run_crawl(site, Settings(home))
    finally:
        site.phase = 1  # the other tests crawl the first visit's site


def test_second_crawl_fetches_only_what_changed(second: tuple[Crawl, Crawl]) -> None:
    _, after = second
    assert after.paths(200) == ["/robots.txt", DOCX, "/foi/disclosure-log/page-2.html"]
    assert GONE not in after.paths()
    assert set(after.paths(304)) == (ALLOWED - {DOCX, GONE, "/old/foi759201887"}) | {
        LOG,
        "/responses/foi759201887.html",
    }
    assert after.paths(301) == ["/old/foi759201887"]
    for request in after.requests:
        if request.path not in ("/robots.txt", "/foi/disclosure-log/page-2.html"):
            assert {"If-None-Match", "If-Modified-Since"} & set(request.headers), request.path
    assert after.report.summary() == "fetched 2, unchanged 6, new 1, failed 0"
    assert after.report.removed == 1


def test_a_changed_document_keeps_its_earlier_version(second: tuple[Crawl, Crawl]) -> None:
    before, after = second
    old, new = before.records[DOCX], after.records[DOCX]
    assert old.doc_id == new.doc_id
    assert new.sha256 == sha(DOCX, SITE_DIR / "www-v2") != old.sha256
    assert [v.sha256 for v in new.versions] == [old.sha256]
    assert after.settings.original_path(old.sha256).is_file()
    assert SearchIndex(after.settings).stats()["disclosures"] == len(ALLOWED)


def test_a_response_gone_from_the_log_is_flagged_not_deleted(second: tuple[Crawl, Crawl]) -> None:
    _, after = second
    assert after.records[GONE].removed
    assert [p for p, d in after.records.items() if d.removed] == [GONE]
    hits = SearchIndex(after.settings).search(SearchQuery(text="pothole")).hits
    assert any(h.removed and urlsplit(h.source).path == GONE for h in hits)


class Kill(KeyboardInterrupt):
    """Stands in for Ctrl+C or a killed process at one chosen point of the crawl."""


def kill_at(outcome: str, path: str) -> Callable[[CrawlEvent], None]:
    def on_event(event: CrawlEvent) -> None:
        if event.outcome == outcome and urlsplit(event.url).path == path:
            raise Kill

    return on_event


@pytest.mark.parametrize(
    ("outcome", "path"),
    [
        ("fetched", "/responses/FS50379341.pdf"),  # while fetching page 2's documents
        ("new", "/responses/t5741-15/T5741-15.docx"),  # while page 1's batch is indexed
    ],
)
def test_a_killed_crawl_resumes_to_the_same_index(
    site,  # noqa: ANN001
    first: Crawl,
    tmp_path_factory: pytest.TempPathFactory,
    outcome: str,
    path: str,
) -> None:
    settings = Settings(tmp_path_factory.mktemp("killed"))
    start = len(site.requests)
    with pytest.raises(Kill):
        run_crawl(site, settings, on_event=kill_at(outcome, path))
    before_kill = {r.path for r in site.requests[start:]}
    resumed = run_crawl(site, settings)
    assert resumed.report.resumed and resumed.report.complete
    assert resumed.records.keys() == first.records.keys()
    for key, record in resumed.records.items():
        expected = first.records[key]
        assert (record.doc_id, record.sha256, record.title) == (
            expected.doc_id,
            expected.sha256,
            expected.title,
        )
    assert index_counts(settings) == index_counts(first.settings)
    if path in PAGE_2_DOCUMENTS:  # page 1 was done: neither it nor its documents are asked again
        assert before_kill >= PAGE_1_DOCUMENTS
        assert not (PAGE_1_DOCUMENTS | {LOG}) & set(resumed.paths())


def test_max_pages_stops_early_and_flags_nothing(tmp_path_factory: pytest.TempPathFactory) -> None:
    with FixtureSite() as own:
        settings = Settings(tmp_path_factory.mktemp("max-pages"))
        partial = run_crawl(own, settings, options=CrawlOptions(max_pages=1))
        assert "/foi/disclosure-log/page-2.html" not in partial.paths()
        assert set(partial.records) == PAGE_1_DOCUMENTS and not partial.report.complete
        full = run_crawl(own, settings)
    assert set(full.records) == ALLOWED
    assert not any(d.removed for d in full.records.values())
    assert full.report.summary() == "fetched 3, unchanged 6, new 2, failed 0"


def test_since_skips_older_items_and_stops_paging(tmp_path_factory: pytest.TempPathFactory) -> None:
    with FixtureSite() as own:
        recent = run_crawl(
            own,
            Settings(tmp_path_factory.mktemp("since")),
            options=CrawlOptions(since=date(2012, 1, 1)),
        )
        newest = run_crawl(
            own,
            Settings(tmp_path_factory.mktemp("since2")),
            options=CrawlOptions(since=date(2026, 1, 1)),
        )
    older = {"/responses/f-2010-00325/", "/responses/FS50379341.pdf"}
    assert set(recent.records) == ALLOWED - older - {
        "/responses/f-2010-00325/psni_F-2010-00325.pdf"
    }
    assert not older & set(recent.paths())
    assert newest.paths() == ["/robots.txt", LOG] and newest.records == {}


def test_a_log_published_as_a_file_becomes_one_disclosure_per_row(
    tmp_path_factory: pytest.TempPathFactory,
) -> None:
    with FixtureSite() as own:
        source = source_for_url(own.url("/logs/dfheris-foi-logs-january-to-march-2023.csv"))
        crawl = run_crawl(own, Settings(tmp_path_factory.mktemp("log")), source=source)
    records = list(iter_records(crawl.settings))
    assert crawl.report.summary() == "fetched 1, unchanged 0, new 1, failed 0"
    assert len(records) == 6
    assert "DES-FOI-2022-0439" in {r.request_id for r in records}


def test_a_blocked_crawl_stops_reports_and_resumes(
    tmp_path_factory: pytest.TempPathFactory,
) -> None:
    settings = Settings(tmp_path_factory.mktemp("blocked"))
    with FixtureSite() as own:
        own.scripted["/foi/disclosure-log/page-2.html"] = [(429, {"Retry-After": "0"}, b"")] * 3
        stopped = run_crawl(own, settings)
        assert "429" in (stopped.report.stopped or "") and not stopped.report.complete
        assert "/responses/FS50379341.pdf" not in stopped.paths()
        resumed = run_crawl(own, settings)
    assert resumed.report.resumed and resumed.report.complete
    assert set(resumed.records) == ALLOWED
    assert not PAGE_1_DOCUMENTS & set(resumed.paths())


def sources_file(tmp_path: Path, site) -> Path:  # noqa: ANN001
    path = tmp_path / "sources.toml"
    path.write_text(
        f'[[source]]\nname = "fixture"\nauthority = "Fixture Council"\nstart = "{site.url(LOG)}"\n'
    )
    return path


def test_crawl_and_sources_commands(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("DISCLOSURE_SEARCH_CONTACT_URL", "https://example.org/crawler-contact")
    monkeypatch.setenv("DISCLOSURE_SEARCH_ALLOW_PRIVATE", "127.0.0.1")
    monkeypatch.setenv("DISCLOSURE_SEARCH_WORKERS", "1")
    home = str(tmp_path / "home")
    with FixtureSite() as own:
        config = str(sources_file(tmp_path, own))
        runner = CliRunner()
        result = runner.invoke(
            main,
            ["crawl", "fixture", "--max-pages", "1", "--delay", "0.05"]
            + ["--sources", config, "--home", home],
        )
        assert result.exit_code == 0, result.output
        assert "fixture: fetched 7, unchanged 0, new 6, failed 0" in result.output
        assert "skipped 1 (robots.txt)" in result.output
        listed = runner.invoke(main, ["sources", "--sources", config, "--home", home])
    assert listed.exit_code == 0
    assert "fixture · Fixture Council" in listed.output
    assert "(fetched 7, unchanged 0, new 6, failed 0)" in listed.output
    assert "last new item: 20" in listed.output and "failing URLs: 0" in listed.output
    # The source's configured authority reaches documents that do not name one themselves.
    authorities = {r.authority for r in iter_records(Settings(home=Path(home)))}
    assert "Fixture Council" in authorities


def test_crawl_needs_a_contact_url_and_a_known_source(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.delenv("DISCLOSURE_SEARCH_CONTACT_URL", raising=False)
    runner = CliRunner()
    result = runner.invoke(main, ["crawl", "https://council.example/log", "--home", str(tmp_path)])
    assert result.exit_code == 1 and "Set DISCLOSURE_SEARCH_CONTACT_URL" in result.output
    result = runner.invoke(main, ["crawl", "nowhere", "--home", str(tmp_path)])
    assert result.exit_code == 1 and "no source named 'nowhere'" in result.output
    assert "Traceback" not in result.output


def test_generic_finder_reads_the_fixture_listing_page() -> None:
    page = (WWW / "foi/disclosure-log/index.html").read_bytes()
    found = find_listing_links(page, "https://council.example/foi/disclosure-log/")
    assert [urlsplit(k.url).path for k in found.responses] == [
        "/old/foi759201887",
        "/responses/t5741-15/",
        "/responses/f-2010-00325/",
        "/private/albanian-reply.eml",
    ]
    assert found.next_page == "https://council.example/foi/disclosure-log/page-2.html"
    assert [k.date for k in found.responses][:2] == [date(2025, 11, 13), date(2015, 5, 29)]
    last = (WWW / "foi/disclosure-log/page-2.html").read_bytes()
    assert (
        find_listing_links(last, "https://council.example/foi/disclosure-log/page-2.html").next_page
        is None
    )


@pytest.mark.parametrize(
    ("text", "href", "expected"),
    [
        ("FOI 2024/0456 - Parking fines", "/foi/2024-0456", True),
        ("Response to request about bins", "/log/bins", True),
        ("Potholes", "/files/potholes.pdf", True),
        ("EIR-123456", "/log/item?id=9", True),
        ("Make an FOI request", "/foi/make-a-request", False),
        ("Contact us", "/contact", False),
        ("2", "/log?page=2", False),
        ("Cookies", "/cookies", False),
        ("Latest news", "/news", False),
    ],
)
def test_generic_finder_tells_responses_from_site_furniture(
    text: str, href: str, expected: bool
) -> None:
    html = f'<html><body><main><ul><li><a href="{href}">{text}</a></li></ul></main></body></html>'
    found = find_listing_links(html, "https://council.example/log")
    assert bool(found.responses) == expected


def test_selectors_choose_items_links_and_next_page() -> None:
    html = """<html><body>
      <div class="entry"><h3><a href="/r/1">Parking</a></h3><a href="/r/1/feedback">Feedback</a>
        <span>Released 3 March 2024</span></div>
      <div class="entry"><h3><a href="/r/2">Bins</a></h3></div>
      <a href="/r/ignored">Not an entry FOI 1234</a>
      <p class="pager"><a href="?p=1">1</a><a class="forward" href="?p=2">2</a></p>
    </body></html>"""
    selectors = Selectors(items="div.entry", links="h3 a", next="p.pager a.forward")
    found = find_listing_links(html, "https://council.example/log", selectors)
    assert [k.url for k in found.responses] == [
        "https://council.example/r/1",
        "https://council.example/r/2",
    ]
    assert found.responses[0].date == date(2024, 3, 3)
    assert found.next_page == "https://council.example/log?p=2"


def test_rel_next_and_attachments_on_a_response_page() -> None:
    listing = '<html><head><link rel="next" href="/log/2"></head><body></body></html>'
    assert (
        find_listing_links(listing, "https://c.example/log").next_page == "https://c.example/log/2"
    )
    page = (WWW / "responses/t5741-15/index.html").read_bytes()
    found = find_attachments(page, "https://c.example/responses/t5741-15/")
    assert [k.url for k in found] == [
        "https://c.example/responses/t5741-15/T5741-15.docx",
        "https://c.example/responses/t5741-15/right-to-appeal.pdf",
    ]


def test_bundled_sources_file_is_valid() -> None:
    sources = read_sources(SOURCES_FILE)
    assert len(sources) >= 5
    assert all(s.start.startswith("https://") and s.authority for s in sources)
    moj = next(s for s in sources if s.name == "moj")
    assert moj.hosts == {"www.gov.uk", "assets.publishing.service.gov.uk"}


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ('[[source]]\nname = "a"\nstart = "https://a.example/"\n' * 2, "unique: a"),
        ('[[source]]\nname = "a"\nstart = "ftp://a.example/"\n', "start must be an http"),
        ('[[source]]\nstart = "https://a.example/"\n', "needs a name"),
        ('[[source]]\nname = "a"\nstart = "https://a.example/"\nitems = "li["\n', "CSS selector"),
        ('[[source]]\nname = "a"\nstart = "https://a.example/"\nurl = "x"\n', "unknown keys url"),
        ("[[source]\n", "not valid TOML"),
    ],
)
def test_malformed_sources_say_what_is_wrong(text: str, message: str) -> None:
    with pytest.raises(SourceConfigError, match=message):
        parse_sources(text)


def test_only_a_recent_interrupted_run_is_resumed(tmp_path: Path) -> None:
    settings = Settings(tmp_path / "home")
    with CrawlLedger(settings) as ledger:
        run = ledger.begin("log")
        assert not run.resumed and ledger.begin("log") == replace(run, resumed=True)
        # A run interrupted long ago (the ledger's own connection, to age it):
        ledger._db.execute("UPDATE crawls SET started_at = '2020-01-01T00:00:00+00:00'")
        fresh = ledger.begin("log")
        assert not fresh.resumed and fresh.id != run.id
        note, finished = ledger._db.execute(
            "SELECT note, finished_at FROM crawls WHERE id = ?", (run.id,)
        ).fetchone()
    assert note.startswith("abandoned") and finished
