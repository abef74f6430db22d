"""What a fetched listing page is: HTML with links to follow, or a log file (CSV, XLSX...).

A listing page is read the same way whether it was just fetched or read back from the raw
store while resuming a crawl, so both give the same links.
"""

from __future__ import annotations

import mimetypes
from dataclasses import dataclass
from pathlib import PurePosixPath
from urllib.parse import unquote, urljoin, urlsplit

from bs4 import BeautifulSoup

from disclosure_search.errors import ExtractError
from indexer.extract import extract_document, sniff
from indexer.extract.htmllog import find_log_rows
from indexer.fetch import Fetched
from indexer.links import Link, find_listing_links, normalise_url
from indexer.metadata.dates import find_dates
from indexer.sources import Source

# Log files whose rows may link to responses; other formats are ingested but not read here.
_TABLE_FORMATS = ("csv", "xlsx", "json")


@dataclass(frozen=True)
class Page:
    """A listing page: its links, its next page, and whether to ingest it as a log table."""

    url: str
    final_url: str
    data: bytes
    links: tuple[Link, ...]
    next_page: str | None
    is_log: bool
    fetched: Fetched | None = None  # None when read back from the raw store


def read_page(
    url: str, data: bytes, source: Source, fetched: Fetched | None = None, final_url: str = ""
) -> Page:
    """The page at `url` (its redirect target `final_url`) read for links.

    An HTML page is ingested too when it holds a disclosure-log table; a file (CSV, XLSX,
    JSON, PDF) always is, and a table's link column gives the responses to follow.
    """
    final_url = fetched.final_url if fetched else final_url or url
    content_type = fetched.content_type if fetched else ""
    if is_html(data, content_type):
        found = find_listing_links(data, final_url, source.selectors)
        is_log = bool(find_log_rows(BeautifulSoup(data, "lxml")))
        return Page(url, final_url, data, found.responses, found.next_page, is_log, fetched)
    links = find_table_links(data, filename_for(url, content_type), final_url)
    return Page(url, final_url, data, links, None, True, fetched)


def find_table_links(data: bytes, filename: str, base: str) -> tuple[Link, ...]:
    """The links in a log table's link column, with each row's date."""
    try:
        if sniff(data, filename) not in _TABLE_FORMATS:
            return ()
        rows = extract_document(data, filename).rows
    except ExtractError:
        return ()
    links = []
    for row in rows:
        if row.link:
            dates = find_dates(row.date or "")
            when = dates[0][1] if dates else None
            links.append(Link(normalise_url(urljoin(base, row.link)), row.title or "", when))
    return tuple(links)


def is_html(data: bytes, content_type: str = "") -> bool:
    """True for an HTML page, by its Content-Type or else by its content."""
    if "html" in content_type.lower():
        return True
    try:
        return sniff(data, "") == "html"
    except ExtractError:
        return False


def filename_for(url: str, content_type: str) -> str:
    """A file name for a fetched URL: its last path segment, with an extension from the
    Content-Type when it has none (the extract stage uses it to break ties)."""
    name = PurePosixPath(unquote(urlsplit(url).path)).name or "index"
    if not PurePosixPath(name).suffix and content_type:
        mime = content_type.split(";", 1)[0].strip().lower()
        name += mimetypes.guess_extension(mime) or ""
    return name
