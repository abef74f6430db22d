"""The crawl stage: a disclosure log -> its pages, responses and attachments, in the index.

    >>> crawl_sources(settings, [source], CrawlSettings.from_env())[0].summary()
    'fetched 12, unchanged 30, new 12, failed 0'

For each listing page (following pagination): fetch it (a conditional GET when we hold it),
keep it in the raw store, ingest it too if it is a log table, then fetch the responses it
links to and their attachments and ingest them in one batch (`pipeline.ingest_items`).
Only after that batch is committed are its URLs recorded as done in the crawl ledger, so a
crawl killed at any point and started again resumes the same run: done URLs are not requested
again (their pages are read back from the raw store), the rest are fetched, nothing twice.
After a complete run, documents the log no longer links to are flagged as removed.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass, field, replace
from urllib.parse import urlsplit

from disclosure_search.config import CrawlSettings, Limits, Settings
from disclosure_search.errors import ConfigError, CrawlBlockedError, FetchError
from indexer.changes import ChangeRecorder
from indexer.crawlpage import Page, filename_for, is_html, read_page
from indexer.crawlreport import CrawlEvent, CrawlOptions, CrawlReport
from indexer.crawlstate import PENDING, CrawlLedger, UrlState, next_state, settle
from indexer.fetch import Fetched, Fetcher, RobotsDisallowedError
from indexer.items import Item
from indexer.links import Link, find_attachments
from indexer.lock import writer_lock
from indexer.pipeline import FAILED, INDEXED, IngestReport, ingest_items
from indexer.sources import Source
from indexer.state import Ledger
from indexer.store import sha256_of, write_original
from indexer.writer import DisclosureWriter


def crawl_sources(
    settings: Settings,
    sources: Sequence[Source],
    config: CrawlSettings,
    options: CrawlOptions | None = None,
    on_event: Callable[[CrawlEvent], None] | None = None,
    limits: Limits | None = None,
) -> list[CrawlReport]:
    """Crawl each source in turn; one report per source. A blocked site stops its source only."""
    if not config.contact_url:
        raise ConfigError(
            "Set DISCLOSURE_SEARCH_CONTACT_URL to a web page or mailto: address where site"
            " owners can reach you: it goes in the crawler's User-Agent."
        )
    context = _Context(
        settings, config, options or CrawlOptions(), on_event or (lambda _e: None),
        limits or Limits.from_env(),
    )  # fmt: skip
    with (
        writer_lock(settings, context.limits.lock_wait),
        Fetcher(config) as context.fetcher,
        CrawlLedger(settings) as context.ledger,
        Ledger(settings) as context.ingested,
        ChangeRecorder(settings, context.ingested) as context.changes,
    ):
        return [SourceCrawl(context, source).run() for source in sources]


@dataclass
class _Context:
    settings: Settings
    config: CrawlSettings
    options: CrawlOptions
    on_event: Callable[[CrawlEvent], None]
    limits: Limits
    fetcher: Fetcher = field(init=False)
    ledger: CrawlLedger = field(init=False)
    ingested: Ledger = field(init=False)
    changes: ChangeRecorder = field(init=False)


class SourceCrawl:
    """One run over one source's log. `run()` resumes the source's interrupted run if any."""

    def __init__(self, context: _Context, source: Source) -> None:
        self.c = context
        self.source = source
        self.report = CrawlReport(source.name)
        self.visited: set[str] = set()
        self.blocked: CrawlBlockedError | None = None

    def run(self) -> CrawlReport:
        self.run_ = self.c.ledger.begin(self.source.name)
        self.report.resumed = self.run_.resumed
        try:
            complete = self._walk()
        except CrawlBlockedError as exc:
            self.report.stopped = str(exc)
            self.c.ledger.pause(self.run_, self.report.summary(), str(exc))
            return self.report
        if complete:
            self._flag_removed()
        self.report.complete = complete
        self.c.ledger.finish(self.run_, self.report.summary(), complete)
        return self.report

    def _walk(self) -> bool:
        """Follow the listing pages; True when the whole log was seen (nothing cut short)."""
        url: str | None = self.source.start
        pages = 0
        while url:
            if self.c.options.max_pages and pages >= self.c.options.max_pages:
                return False
            pages += 1
            self.visited.add(url)
            page = self._listing(url)
            if self.blocked:
                raise self.blocked
            if page is None:
                return False  # without this page we cannot tell what left the log
            self._ingest(page)
            if self.blocked:
                raise self.blocked
            since = self.c.options.since
            if since and page.links and all(k.date and k.date < since for k in page.links):
                return False  # logs list newest first: the rest is older still
            url = page.next_page if page.next_page not in self.visited else None
        return self.c.options.since is None

    @property
    def hints(self) -> tuple[tuple[str, str], ...]:
        """What the source's configuration says about every document it lists."""
        return (("authority", self.source.authority),) if self.source.authority else ()

    def _listing(self, url: str) -> Page | None:
        self._event(url, "page")
        previous = self.c.ledger.get(self.source.name, url)
        if previous and previous.crawl_id == self.run_.id:
            data = self._raw(previous.sha256)
            if data is not None:  # done earlier in this resumed run: read back, no request
                return read_page(url, data, self.source, final_url=previous.final_url or url)
        fetched = self._fetch(url, previous, "listing")
        if fetched is None:
            return None
        data = self._body(fetched, previous)
        write_original(self.c.settings, data)
        return read_page(url, data, self.source, fetched)

    def _ingest(self, page: Page) -> None:
        """Ingest the page's documents as one committed batch, then record them as done."""
        self.pending: list[tuple[UrlState, Fetched | None]] = []
        self.outcomes: dict[str, str] = {}
        self.unremove: list[str] = []
        result = ingest_items(
            self.c.settings, self._items(page), on_item=self._ingested, limits=self.c.limits
        )
        self._record_failures(result)
        for state, fetched in self.pending:
            self.c.ledger.put(settle(state, fetched, self.outcomes.get(state.url)))
        self.c.changes.commit(self.run_, self.outcomes)
        self._set_removed(self.unremove, removed=False)

    def _items(self, page: Page) -> Iterator[Item]:
        kind = "log" if page.is_log else "listing"
        previous = self.c.ledger.get(self.source.name, page.url)
        self._pend(page.url, kind, previous, page.fetched, page.final_url, page.data)
        if page.is_log and page.fetched and not page.fetched.not_modified:
            yield Item(
                page.url,
                filename_for(page.url, page.fetched.content_type),
                page.data,
                hints=self.hints,
            )
        for link in page.links:
            if self.blocked:
                return
            if self._wanted(link):
                yield from self._document(link.url, attachments=True)

    def _document(self, url: str, attachments: bool) -> Iterator[Item]:
        if url in self.visited:
            return
        self.visited.add(url)
        previous = self.c.ledger.get(self.source.name, url)
        if previous and previous.crawl_id == self.run_.id:  # done earlier in this run
            data = self._raw(previous.sha256) if attachments else None
            if data:
                yield from self._attachments(previous.final_url or url, data, "")
            return
        try:
            fetched = self._fetch(url, previous, "document")
        except FetchError as exc:  # recorded in the ingest ledger too, as a 'read' failure
            self._pend(url, "document", previous, None, url, b"", error=str(exc))
            yield Item(url, filename_for(url, ""), error=str(exc))
            return
        if fetched is None:
            return
        data = self._body(fetched, previous)
        self._pend(url, "document", previous, fetched, fetched.final_url, data)
        if previous and previous.status == "removed":
            self.unremove.append(url)
        if not fetched.not_modified:
            yield Item(url, filename_for(url, fetched.content_type), data, hints=self.hints)
        if attachments:
            yield from self._attachments(fetched.final_url, data, fetched.content_type)

    def _attachments(self, page_url: str, data: bytes, content_type: str) -> Iterator[Item]:
        if data and is_html(data, content_type):
            for link in find_attachments(data, page_url):
                if self._wanted(link) and not self.blocked:
                    yield from self._document(link.url, attachments=False)

    def _fetch(self, url: str, previous: UrlState | None, kind: str) -> Fetched | None:
        """Fetch with our validators; None when skipped (robots.txt) or the site blocked us.
        Other fetch errors are raised for the caller to record."""
        etag, modified = self._validators(url, previous, kind)
        try:
            fetched = self.c.fetcher.fetch(url, self.source.hosts, etag, modified)
        except RobotsDisallowedError as exc:
            self.report.skipped += 1
            self._event(url, "skipped", "robots.txt")
            self.c.ledger.put(self._state(url, kind, previous, "skipped", error=str(exc)))
            return None
        except CrawlBlockedError as exc:
            self.blocked = exc
            return None
        except FetchError as exc:
            if kind != "listing":
                raise
            self.report.failed += 1
            self.report.failures.append((url, str(exc)))
            self._event(url, "failed", str(exc))
            self.c.ledger.put(self._state(url, kind, previous, "failed", error=str(exc)))
            return None
        if fetched.not_modified:
            if kind != "listing":  # listing pages are not counted as documents
                self.report.unchanged += 1
            self._event(url, "unchanged", "not modified")
        else:
            self.report.fetched += 1
            self._event(url, "fetched")
        return fetched

    def _validators(self, url: str, previous: UrlState | None, kind: str) -> tuple:
        """Our ETag and Last-Modified, only if what they describe is safely stored (and, for
        documents, committed to the index): otherwise a 304 would lose the document."""
        if not previous or not previous.sha256 or previous.status in ("failed", "skipped"):
            return None, None
        if not self.c.settings.original_path(previous.sha256).exists():
            return None, None
        if kind != "listing" and previous.kind != "listing":
            committed = self.c.ingested.get(url)
            if not committed or committed.sha256 != previous.sha256:
                return None, None
        return previous.etag, previous.last_modified

    def _body(self, fetched: Fetched, previous: UrlState | None) -> bytes:
        if not fetched.not_modified:
            return fetched.data
        return (self._raw(previous.sha256) if previous else None) or b""

    def _raw(self, sha256: str | None) -> bytes | None:
        path = self.c.settings.original_path(sha256) if sha256 else None
        return path.read_bytes() if path and path.exists() else None

    def _wanted(self, link: Link) -> bool:
        """On the source's hosts, and not dated before --since."""
        if (urlsplit(link.url).hostname or "") not in self.source.hosts:
            return False
        since = self.c.options.since
        return not (since and link.date and link.date < since)

    def _pend(self, url, kind, previous, fetched, final_url, data, error=None) -> None:  # noqa: ANN001
        """Note a URL's new state, written to the ledger once its batch is committed."""
        status = "failed" if error else "listing" if kind == "listing" else PENDING
        state = self._state(url, kind, previous, status, error)
        if data:
            state = replace(state, sha256=sha256_of(data), final_url=final_url)
            self.c.changes.note(state, previous)  # before the batch replaces its text
        self.pending.append((state, fetched))

    def _state(self, url, kind, previous, status, error=None) -> UrlState:  # noqa: ANN001
        return next_state(previous, self.source.name, url, kind, status, self.run_, error)

    def _ingested(self, url: str, outcome: str) -> None:
        self.outcomes[url] = outcome
        if outcome == INDEXED:
            self.report.new += 1
            self._event(url, "new")
        elif outcome == FAILED:
            self.report.failed += 1
            self._event(url, "failed")
        else:
            self.report.unchanged += 1
            self._event(url, "unchanged")

    def _record_failures(self, result: IngestReport) -> None:
        for failure in result.failures:
            self.report.failures.append((failure.source, f"[{failure.stage}] {failure.reason}"))

    def _flag_removed(self) -> None:
        """Flag what the log no longer links to: still searchable, marked removed."""
        gone = self.c.ledger.unconfirmed(self.source.name, self.run_)
        self._set_removed([state.url for state in gone], removed=True)
        self.c.changes.disappeared(self.run_, gone)
        for state in gone:
            self.c.ledger.set_status(self.source.name, state.url, "removed")
            self.report.removed += 1
            self._event(state.url, "removed")

    def _set_removed(self, urls: list[str], removed: bool) -> None:
        doc_ids = [d for url in urls if (s := self.c.ingested.get(url)) for d in s.doc_ids]
        if doc_ids:
            writer = DisclosureWriter(self.c.settings)
            writer.set_removed(doc_ids, removed)
            writer.commit()

    def _event(self, url: str, outcome: str, detail: str = "") -> None:
        self.c.on_event(CrawlEvent(self.source.name, url, outcome, detail))
