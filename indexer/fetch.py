"""The fetch stage: URL -> bytes and validators, politely, safely, one request at a time.

    >>> with Fetcher(CrawlSettings.from_env()) as fetcher:
    ...     fetched = fetcher.fetch("https://example.org/log", hosts={"example.org"})

Politeness: robots.txt is read once per site and obeyed (its Crawl-delay too); requests to a
host are spaced by the configured delay, measured from the end of the previous exchange;
`Retry-After` is obeyed; 429 and 5xx answers are retried a bounded number of times with
growing waits; a site that keeps answering 429, asks for a very long wait, or shows an
anti-bot challenge stops the crawl (CrawlBlockedError) instead of being hammered.
Safety: every URL and every redirect target is checked by `netsafety` before it is requested.
"""

from __future__ import annotations

import time
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass
from urllib.parse import SplitResult, urljoin, urlsplit

import requests
from protego import Protego

from disclosure_search.config import CrawlSettings
from disclosure_search.errors import CrawlBlockedError, FetchError
from indexer.netsafety import (
    Resolver,
    UnsafeURLError,
    check_address,
    check_url,
    parse_networks,
    resolve,
)
from indexer.politeness import looks_like_challenge, parse_retry_after

ROBOTS_TOKEN = "disclosure-search"
REDIRECTS = {301, 302, 303, 307, 308}
MAX_REDIRECTS = 5
RETRY_STATUSES = {429, 500, 502, 503, 504}
ROBOTS_MAX_BYTES = 512 * 1024  # RFC 9309 asks parsers to read at least 500 KiB
CHUNK = 64 * 1024


class RobotsDisallowedError(FetchError):
    """robots.txt asks crawlers like ours not to fetch this URL: it is skipped, not failed."""


@dataclass(frozen=True)
class Fetched:
    """One fetched URL. `status` is 200, or 304 when the conditional GET found no change."""

    url: str
    final_url: str
    status: int
    data: bytes = b""
    content_type: str = ""
    etag: str | None = None
    last_modified: str | None = None

    @property
    def not_modified(self) -> bool:
        return self.status == 304


@dataclass(frozen=True)
class _Reply:
    url: str
    status: int
    reason: str
    headers: Mapping[str, str]
    data: bytes


class Fetcher:
    """A polite HTTP client shared by a whole crawl: robots rules and host clocks live here."""

    def __init__(
        self,
        config: CrawlSettings,
        sleep: Callable[[float], None] = time.sleep,
        clock: Callable[[], float] = time.monotonic,
        resolver: Resolver = resolve,
    ) -> None:
        self.config = config
        self.allowed = parse_networks(config.allow_private)
        self.sleep, self.clock, self.resolver = sleep, clock, resolver
        self.session = requests.Session()
        # No proxies or .netrc from the environment: the address checks must describe where
        # the request really goes, and no stored credentials may be sent to a crawled site.
        self.session.trust_env = False
        self.session.headers.update({"User-Agent": config.user_agent, "Accept": "*/*"})
        self._next_slot: dict[str, float] = {}
        self._delays: dict[str, float] = {}
        self._robots: dict[str, tuple[Protego, str | None]] = {}  # origin -> rules, problem

    def __enter__(self) -> Fetcher:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    def close(self) -> None:
        self.session.close()

    def fetch(
        self,
        url: str,
        hosts: Iterable[str],
        etag: str | None = None,
        last_modified: str | None = None,
    ) -> Fetched:
        """GET `url`, following redirects that stay on `hosts`; a conditional GET when given
        the validators of the copy we hold (then `status` 304 means unchanged).

        Raises RobotsDisallowedError, UnsafeURLError, FetchError or CrawlBlockedError.
        """
        hosts = set(hosts)
        headers = {}
        if etag:
            headers["If-None-Match"] = etag
        if last_modified:
            headers["If-Modified-Since"] = last_modified
        current = url
        for _ in range(MAX_REDIRECTS + 1):
            parts = self._check(current, hosts)
            self._obey_robots(parts, hosts)
            reply = self._get(current, headers, self.config.max_bytes)
            location = reply.headers.get("Location")
            if reply.status in REDIRECTS and location:
                current = urljoin(current, location.strip())
                continue
            return self._result(url, reply)
        raise FetchError(f"more than {MAX_REDIRECTS} redirects from {url}")

    def _check(self, url: str, hosts: set[str]) -> SplitResult:
        parts = check_url(url, hosts)
        check_address(parts, self.allowed, self.resolver)
        return parts

    def _result(self, url: str, reply: _Reply) -> Fetched:
        if reply.status == 304:
            return Fetched(url, reply.url, 304, etag=reply.headers.get("ETag"))
        if looks_like_challenge(reply.headers, reply.data, strict=reply.status == 200):
            raise CrawlBlockedError(f"{_host(reply.url)} answered with an anti-bot challenge page")
        if reply.status != 200:
            raise FetchError(f"HTTP {reply.status} {reply.reason}".strip())
        return Fetched(
            url=url,
            final_url=reply.url,
            status=200,
            data=reply.data,
            content_type=reply.headers.get("Content-Type", ""),
            etag=reply.headers.get("ETag"),
            last_modified=reply.headers.get("Last-Modified"),
        )

    def _get(self, url: str, headers: dict[str, str], limit: int) -> _Reply:
        """One GET, retried on 429/5xx with waits; CrawlBlockedError on a sustained 429."""
        tries = self.config.retries + 1
        for attempt in range(tries):
            reply = self._exchange(url, headers, limit)
            if reply.status not in RETRY_STATUSES:
                return reply
            if looks_like_challenge(reply.headers, reply.data, strict=False):
                raise CrawlBlockedError(f"{_host(url)} answered with an anti-bot challenge page")
            if attempt + 1 < tries:
                self._defer(url, self._retry_wait(reply, attempt))
        if reply.status == 429:
            raise CrawlBlockedError(
                f"{_host(url)} still answers 429 Too Many Requests after {tries} tries:"
                " stopped; crawl again later (it continues where it stopped)"
            )
        raise FetchError(f"HTTP {reply.status} {reply.reason} after {tries} tries".strip())

    def _retry_wait(self, reply: _Reply, attempt: int) -> float:
        after = parse_retry_after(reply.headers.get("Retry-After"))
        if after is None:
            return self.config.backoff * 2**attempt
        if after > self.config.max_wait:
            raise CrawlBlockedError(
                f"{_host(reply.url)} asks us to wait {after:.0f} s (Retry-After): stopped;"
                " crawl again later"
            )
        return after

    def _exchange(self, url: str, headers: dict[str, str], limit: int) -> _Reply:
        """One request and its whole body; the host's next turn starts when it is read."""
        host = _host(url)
        self._wait_turn(host)
        try:
            with self.session.get(
                url,
                headers=headers,
                stream=True,
                allow_redirects=False,
                timeout=(self.config.timeout, self.config.timeout),
            ) as response:
                data = self._read_body(response, limit)
                status, reason = response.status_code, response.reason or ""
                return _Reply(url, status, reason, response.headers, data)
        except requests.Timeout:
            raise FetchError(f"timed out after {self.config.timeout:g} s: {url}") from None
        except requests.RequestException as exc:
            raise FetchError(f"cannot fetch {url}: {type(exc).__name__}") from None
        finally:
            self._next_slot[host] = self.clock() + self._delays.get(host, self.config.delay)

    def _read_body(self, response: requests.Response, limit: int) -> bytes:
        declared = response.headers.get("Content-Length", "")
        if declared.isdigit() and int(declared) > limit:
            raise FetchError(f"too large: {int(declared):,} bytes (limit {limit:,})")
        deadline = self.clock() + 10 * self.config.timeout  # a server dripping bytes gives up
        body = bytearray()
        for chunk in response.iter_content(CHUNK):
            body += chunk
            if len(body) > limit:
                raise FetchError(f"too large: more than {limit:,} bytes")
            if self.clock() > deadline:
                raise FetchError(f"too slow: download took over {10 * self.config.timeout:g} s")
        return bytes(body)

    def _wait_turn(self, host: str) -> None:
        wait = self._next_slot.get(host, 0.0) - self.clock()
        if wait > 0:
            self.sleep(wait)

    def _defer(self, url: str, seconds: float) -> None:
        host = _host(url)
        self._next_slot[host] = max(self._next_slot.get(host, 0.0), self.clock() + seconds)

    def _obey_robots(self, parts: SplitResult, hosts: set[str]) -> None:
        """Raise RobotsDisallowedError unless the site's robots.txt lets us fetch this URL."""
        origin = f"{parts.scheme}://{parts.netloc}"
        if origin not in self._robots:
            text, unreachable = self._read_robots(origin, hosts)
            rules = Protego.parse(text)
            self._robots[origin] = (rules, unreachable)
            delay = rules.crawl_delay(ROBOTS_TOKEN)
            if delay:
                host = parts.netloc.lower()
                self._delays[host] = min(max(self.config.delay, float(delay)), self.config.max_wait)
        rules, unreachable = self._robots[origin]
        if unreachable:
            raise RobotsDisallowedError(
                f"robots.txt of {origin} could not be read ({unreachable}): nothing there is"
                " fetched until it can"
            )
        if not rules.can_fetch(parts.geturl(), ROBOTS_TOKEN):
            raise RobotsDisallowedError(f"robots.txt disallows {parts.geturl()}")

    def _read_robots(self, origin: str, hosts: set[str]) -> tuple[str, str | None]:
        """robots.txt as text, and why it could not be read. RFC 9309: missing (4xx) allows
        everything; unreachable (5xx, network errors) allows nothing."""
        url = f"{origin}/robots.txt"
        for _ in range(MAX_REDIRECTS + 1):
            try:
                self._check(url, hosts)
            except UnsafeURLError:
                return "", None  # redirected off the site: treated as no robots.txt
            try:
                reply = self._get(url, {}, ROBOTS_MAX_BYTES)
            except CrawlBlockedError:
                raise  # a blocked site stops the crawl, robots.txt or not
            except FetchError as exc:
                return "", str(exc)
            location = reply.headers.get("Location")
            if reply.status in REDIRECTS and location:
                url = urljoin(url, location.strip())
                continue
            if reply.status == 200:
                return reply.data.decode("utf-8", errors="replace"), None
            if 400 <= reply.status < 500:
                return "", None
            return "", f"HTTP {reply.status}"
        return "", None


def _host(url: str) -> str:
    return urlsplit(url).netloc.lower()
