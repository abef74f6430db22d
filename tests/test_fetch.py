"""The fetch stage against a real HTTP server on 127.0.0.1: politeness, limits and safety.

Every request the server receives is recorded, so the tests assert what was asked, when,
and with which headers. Address checks are also tested as pure functions with a stand-in
resolver, so no test ever sends traffic anywhere but 127.0.0.1.
"""

from __future__ import annotations

import ipaddress
from collections.abc import Iterator
from dataclasses import replace
from datetime import UTC, datetime
from urllib.parse import urlsplit

import pytest
from fixture_site import SITE_DIR, FixtureSite

from disclosure_search.config import CrawlSettings
from disclosure_search.errors import CrawlBlockedError, FetchError
from indexer.fetch import Fetcher, RobotsDisallowedError
from indexer.netsafety import (
    UnsafeURLError,
    check_address,
    check_url,
    is_forbidden,
    parse_networks,
)
from indexer.politeness import looks_like_challenge, parse_retry_after

WWW = SITE_DIR / "www"
HOSTS = {"127.0.0.1"}
CONFIG = CrawlSettings(
    contact_url="https://example.org/crawler-contact",
    delay=0.05,
    timeout=5,
    retries=2,
    backoff=0.05,
    allow_private=("127.0.0.1",),
)
LETTER = "/responses/foi759201887.html"
PDF = "/responses/f-2010-00325/psni_F-2010-00325.pdf"


@pytest.fixture
def site() -> Iterator:
    with FixtureSite() as running:
        yield running


@pytest.fixture
def fetcher() -> Iterator[Fetcher]:
    with Fetcher(CONFIG) as client:
        yield client


def test_user_agent_names_us_and_robots_txt_is_read_once(site, fetcher: Fetcher) -> None:
    fetcher.fetch(site.url("/foi/disclosure-log/"), HOSTS)
    letter = fetcher.fetch(site.url(LETTER), HOSTS)
    assert site.paths() == ["/robots.txt", "/foi/disclosure-log/", LETTER]
    assert letter.status == 200 and letter.data == (WWW / LETTER.lstrip("/")).read_bytes()
    for request in site.requests:
        agent = request.headers["User-Agent"]
        assert agent.startswith("disclosure-search/")
        assert "https://example.org/crawler-contact" in agent


def test_robots_txt_disallowed_url_is_never_requested(site, fetcher: Fetcher) -> None:
    with pytest.raises(RobotsDisallowedError):
        fetcher.fetch(site.url("/private/albanian-reply.eml"), HOSTS)
    assert site.paths() == ["/robots.txt"]


def test_a_missing_robots_txt_allows_everything(site, fetcher: Fetcher) -> None:
    site.scripted["/robots.txt"] = [(404, {}, b"Not Found")]
    assert fetcher.fetch(site.url("/private/albanian-reply.eml"), HOSTS).status == 200


def test_an_unreachable_robots_txt_allows_nothing(site, fetcher: Fetcher) -> None:
    site.scripted["/robots.txt"] = [(503, {}, b"Service Unavailable")] * 3
    with pytest.raises(RobotsDisallowedError, match="could not be read \\(HTTP 503"):
        fetcher.fetch(site.url(LETTER), HOSTS)
    with pytest.raises(RobotsDisallowedError):
        fetcher.fetch(site.url("/foi/disclosure-log/"), HOSTS)
    assert site.paths() == ["/robots.txt"] * 3


def test_requests_to_a_host_are_spaced_by_the_delay(site) -> None:
    with Fetcher(replace(CONFIG, delay=0.2)) as slow:
        for path in ("/foi/disclosure-log/", LETTER, PDF, "/responses/FS50379341.pdf"):
            slow.fetch(site.url(path), HOSTS)
    times = [r.time for r in site.requests]
    assert len(times) == 5  # robots.txt first
    assert min(b - a for a, b in zip(times, times[1:], strict=False)) >= 0.2


def test_retry_after_is_obeyed_after_a_429(site, fetcher: Fetcher) -> None:
    site.scripted[LETTER] = [(429, {"Retry-After": "1"}, b"Too Many Requests")]
    fetched = fetcher.fetch(site.url(LETTER), HOSTS)
    assert fetched.status == 200
    times = [r.time for r in site.requests if r.path == LETTER]
    assert [r.status for r in site.requests if r.path == LETTER] == [429, 200]
    assert times[1] - times[0] >= 1.0


def test_a_500_is_retried_with_backoff_then_succeeds(site, fetcher: Fetcher) -> None:
    site.scripted[PDF] = [(500, {}, b"Internal Server Error")]
    assert fetcher.fetch(site.url(PDF), HOSTS).data == (WWW / PDF.lstrip("/")).read_bytes()
    assert [r.status for r in site.requests if r.path == PDF] == [500, 200]


def test_a_persistent_5xx_fails_after_bounded_retries(site, fetcher: Fetcher) -> None:
    site.scripted[PDF] = [(503, {}, b"Service Unavailable")] * 10
    with pytest.raises(FetchError, match="HTTP 503 Service Unavailable after 3 tries"):
        fetcher.fetch(site.url(PDF), HOSTS)
    assert site.paths().count(PDF) == 3


def test_a_sustained_429_stops_and_reports(site, fetcher: Fetcher) -> None:
    site.scripted[PDF] = [(429, {"Retry-After": "0"}, b"Too Many Requests")] * 10
    with pytest.raises(CrawlBlockedError, match="429 Too Many Requests after 3 tries"):
        fetcher.fetch(site.url(PDF), HOSTS)
    assert site.paths().count(PDF) == 3


def test_a_very_long_retry_after_stops_instead_of_sleeping(site, fetcher: Fetcher) -> None:
    site.scripted[PDF] = [(503, {"Retry-After": "86400"}, b"Come back tomorrow")]
    with pytest.raises(CrawlBlockedError, match="wait 86400 s"):
        fetcher.fetch(site.url(PDF), HOSTS)
    assert site.paths().count(PDF) == 1


@pytest.mark.parametrize("status", [200, 403, 503])
def test_an_anti_bot_challenge_page_stops_the_crawl(site, fetcher: Fetcher, status: int) -> None:
    page = (WWW / "challenge.html").read_bytes()
    site.scripted[LETTER] = [(status, {"Content-Type": "text/html"}, page)]
    with pytest.raises(CrawlBlockedError, match="anti-bot challenge"):
        fetcher.fetch(site.url(LETTER), HOSTS)
    assert site.paths().count(LETTER) == 1


def test_conditional_gets_with_etag_and_last_modified(site, fetcher: Fetcher) -> None:
    letter = fetcher.fetch(site.url(LETTER), HOSTS)
    pdf = fetcher.fetch(site.url(PDF), HOSTS)
    assert letter.etag and pdf.last_modified and not pdf.etag
    again = fetcher.fetch(site.url(LETTER), HOSTS, etag=letter.etag)
    pdf_again = fetcher.fetch(site.url(PDF), HOSTS, last_modified=pdf.last_modified)
    assert again.not_modified and again.data == b""
    assert pdf_again.not_modified and pdf_again.data == b""
    conditional = site.requests[-2:]
    assert conditional[0].headers["If-None-Match"] == letter.etag
    assert conditional[1].headers["If-Modified-Since"] == pdf.last_modified
    assert [r.status for r in conditional] == [304, 304]


def test_redirects_are_followed_on_the_same_host(site, fetcher: Fetcher) -> None:
    fetched = fetcher.fetch(site.url("/old/foi759201887"), HOSTS)
    assert fetched.url == site.url("/old/foi759201887")
    assert fetched.final_url == site.url(LETTER)
    assert site.paths()[1:] == ["/old/foi759201887", LETTER]


@pytest.mark.parametrize(
    ("target", "hosts", "reason"),
    [
        ("http://localhost:{port}/responses/foi759201887.html", HOSTS, "not one of this"),
        ("http://127.0.0.2:{port}/", HOSTS | {"127.0.0.2"}, "private or local address"),
        ("file:///etc/passwd", HOSTS, "only http and https"),
    ],
)
def test_redirect_targets_are_checked_again(
    site, fetcher: Fetcher, target: str, hosts: set[str], reason: str
) -> None:
    port = urlsplit(site.url("/")).port
    site.redirects["/moved"] = target.format(port=port)
    with pytest.raises(UnsafeURLError, match=reason):
        fetcher.fetch(site.url("/moved"), hosts)
    assert site.paths() == ["/robots.txt", "/moved"]


def test_a_download_over_the_size_limit_fails(site) -> None:
    with (
        Fetcher(replace(CONFIG, max_bytes=10_000)) as small,
        pytest.raises(FetchError, match="too large: 48,057 bytes"),
    ):
        small.fetch(site.url(PDF), HOSTS)


def test_loopback_is_refused_unless_allowed(site) -> None:
    with (
        Fetcher(replace(CONFIG, allow_private=())) as strict,
        pytest.raises(UnsafeURLError, match="private or local address"),
    ):
        strict.fetch(site.url(LETTER), HOSTS)
    assert site.requests == []


@pytest.mark.parametrize(
    "address",
    [
        "10.0.0.1", "172.16.5.4", "192.168.1.1", "127.0.0.1", "169.254.169.254", "0.0.0.0",
        "100.64.0.1", "224.0.0.1", "::1", "fe80::1", "fc00::1", "::ffff:10.0.0.1",
    ],
)  # fmt: skip
def test_private_and_local_addresses_are_forbidden(address: str) -> None:
    assert is_forbidden(ipaddress.ip_address(address))


@pytest.mark.parametrize("address", ["93.184.216.34", "2606:4700:4700::1111"])
def test_public_addresses_are_allowed(address: str) -> None:
    assert not is_forbidden(ipaddress.ip_address(address))


def test_allowed_networks_are_exceptions_to_the_rule() -> None:
    allowed = parse_networks(["127.0.0.1", "10.1.0.0/16"])
    assert not is_forbidden(ipaddress.ip_address("127.0.0.1"), allowed)
    assert not is_forbidden(ipaddress.ip_address("10.1.2.3"), allowed)
    assert is_forbidden(ipaddress.ip_address("127.0.0.2"), allowed)
    with pytest.raises(UnsafeURLError, match="not an address or network"):
        parse_networks(["intranet"])


def test_every_resolved_address_is_checked() -> None:
    parts = check_url("https://council.example/foi", {"council.example"})
    check_address(parts, resolver=lambda _h, _p: ["93.184.216.34"])
    with pytest.raises(UnsafeURLError, match="10.0.0.1"):
        check_address(parts, resolver=lambda _h, _p: ["93.184.216.34", "10.0.0.1"])


def test_only_http_urls_on_the_sources_hosts_pass() -> None:
    assert check_url("HTTPS://Council.Example/log", {"council.example"}).path == "/log"
    for url in ("ftp://council.example/log", "javascript:alert(1)", "https://evil.example/"):
        with pytest.raises(UnsafeURLError):
            check_url(url, {"council.example"})


def test_retry_after_reads_seconds_and_http_dates() -> None:
    now = datetime(2025, 1, 6, 9, 0, tzinfo=UTC)
    assert parse_retry_after("120") == 120
    assert parse_retry_after("Mon, 06 Jan 2025 09:01:30 GMT", now) == 90
    assert parse_retry_after("Mon, 06 Jan 2025 08:00:00 GMT", now) == 0
    assert parse_retry_after("soon") is None and parse_retry_after(None) is None


def test_challenge_detection_needs_a_marker_on_ordinary_pages() -> None:
    html = {"Content-Type": "text/html"}
    contact_form = b"<html><form><div class='g-recaptcha'></div></form></html>"
    assert not looks_like_challenge(html, contact_form, strict=True)
    assert looks_like_challenge(html, contact_form, strict=False)
    assert looks_like_challenge({"cf-mitigated": "challenge"}, b"", strict=True)
    assert not looks_like_challenge({"Content-Type": "application/pdf"}, b"captcha", strict=False)
