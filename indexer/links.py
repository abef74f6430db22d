"""Links in disclosure-log pages: responses, attachments and the next page (pure functions).

    >>> find_listing_links(html, "https://council.example/foi/log").next_page
    'https://council.example/foi/log?page=2'

With a source's CSS selectors the page says exactly what to follow; without them a generic
finder takes links whose text or target looks like a response (a reference number, "FOI",
"EIR", "response", a document extension), outside the site's navigation, header and footer.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date
from pathlib import PurePosixPath
from urllib.parse import unquote, urljoin, urlsplit, urlunsplit

from bs4 import BeautifulSoup, Tag

from indexer.metadata.dates import find_dates

DOCUMENT_EXTENSIONS = {
    ".pdf", ".doc", ".docx", ".odt", ".rtf", ".txt", ".xls", ".xlsx", ".ods", ".csv",
    ".eml", ".msg", ".zip", ".json",
}  # fmt: skip
_RESPONSE_WORDS = re.compile(
    r"\b(foi|foia|foisa|eir|eirs|freedom of information|environmental information"
    r"|response|responses|disclosure|disclosed|request|decision|reply)\b",
    re.I,
)
# Reference numbers as logs print them: FOI759201887, F-2010-00325, T5741/15, 2013-040, 1306/25.
_REFERENCE = re.compile(
    r"\b([a-z]{1,5}[-/ ]?\d{3,}([-/]\d+)*|\d{2,}[-/]\d{2,}([-/]\d+)*|\d{6,})\b", re.I
)
# Site furniture that mentions FOI without being a response: whole link texts, then phrases.
_NOT_RESPONSE = re.compile(
    r"^(home|about( us)?|contact( us)?|cookies?( policy| settings)?|privacy( policy| notice)?"
    r"|accessibility( statement)?|search|sign in|log in|feedback|complaints?|sitemap|help)$"
    r"|\b(make (a|an) (foi |eir )?request|submit (a|an)|how to (make|request)|request form"
    r"|publication scheme|disclosure logs?)\b",
    re.I,
)
_NEXT_TEXT = re.compile(r"^(next|next page|older|older entries)?\s*[›»>→]*$", re.I)
_ITEM_TAGS = ("li", "tr", "article", "dd", "p")
_FURNITURE = ("nav", "header", "footer")


@dataclass(frozen=True)
class Selectors:
    """A source's CSS selectors: listing items, the next-page link, response links."""

    items: str | None = None
    next: str | None = None
    links: str | None = None


@dataclass(frozen=True)
class Link:
    """A link to follow, with its text and the first date printed beside it (for --since)."""

    url: str
    text: str = ""
    date: date | None = None


@dataclass(frozen=True)
class ListingLinks:
    responses: tuple[Link, ...]
    next_page: str | None


def find_listing_links(
    html: bytes | str, page_url: str, selectors: Selectors | None = None
) -> ListingLinks:
    """The response links and the next-page URL of a listing page, as absolute URLs."""
    selectors = selectors or Selectors()
    soup = BeautifulSoup(html, "lxml")
    base = base_url(soup, page_url)
    next_page = find_next_page(soup, base, selectors.next)
    pagination = {next_page} if next_page else set()
    if selectors.items or selectors.links:
        anchors = _selected_anchors(soup, selectors)
    else:
        found = [a for a in _content_anchors(soup) if looks_like_response(a, base)]
        anchors = [(a, None) for a in found]
    links = _links(anchors, base, exclude={normalise_url(page_url), *pagination})
    return ListingLinks(responses=links, next_page=next_page)


def find_attachments(html: bytes | str, page_url: str) -> tuple[Link, ...]:
    """Links to documents (PDF, Word, spreadsheets...) in a response page's content."""
    soup = BeautifulSoup(html, "lxml")
    base = base_url(soup, page_url)
    anchors = [(a, None) for a in _content_anchors(soup) if is_document_url(_href(a, base))]
    return _links(anchors, base, exclude={normalise_url(page_url)})


def find_next_page(soup: BeautifulSoup, base: str, selector: str | None = None) -> str | None:
    """The next listing page: the selector's link, else rel="next", else a "Next" link."""
    if selector:
        found = soup.select_one(selector)
        anchor = found if found is None or found.name == "a" else found.find("a", href=True)
        return _href(anchor, base) if isinstance(anchor, Tag) and anchor.get("href") else None
    rel_next = soup.find(["a", "link"], rel="next", href=True)
    if isinstance(rel_next, Tag):
        return _href(rel_next, base)
    for anchor in soup.find_all("a", href=True):
        text = anchor.get_text(" ", strip=True)
        label = str(anchor.get("aria-label", "")).lower()
        parent = anchor.parent if isinstance(anchor.parent, Tag) else anchor
        classes = [*(anchor.get("class") or []), *(parent.get("class") or [])]
        if (text and _NEXT_TEXT.match(text)) or "next" in label or "next" in classes:
            return _href(anchor, base)
    return None


def looks_like_response(anchor: Tag, base: str) -> bool:
    """Generic rule: a document link, or a link whose text or path names a response."""
    url = _href(anchor, base)
    if not url:
        return False
    text = anchor.get_text(" ", strip=True)
    if is_document_url(url):
        return True
    if not text or _NOT_RESPONSE.search(text) or text.isdigit():
        return False
    path = unquote(urlsplit(url).path)
    return bool(_RESPONSE_WORDS.search(text) or _REFERENCE.search(text) or _REFERENCE.search(path))


def is_document_url(url: str | None) -> bool:
    """True when the URL's path ends in a document extension (.pdf, .docx, .xlsx...)."""
    if not url:
        return False
    return PurePosixPath(unquote(urlsplit(url).path)).suffix.lower() in DOCUMENT_EXTENSIONS


def normalise_url(url: str) -> str:
    """The URL without its fragment, with a lower-case scheme and host."""
    parts = urlsplit(url.strip())
    return urlunsplit((parts.scheme.lower(), parts.netloc.lower(), parts.path, parts.query, ""))


def base_url(soup: BeautifulSoup, page_url: str) -> str:
    """What relative links resolve against: the page's <base href>, else its URL."""
    base = soup.find("base", href=True)
    return urljoin(page_url, str(base["href"])) if isinstance(base, Tag) else page_url


def item_date(anchor: Tag, item: Tag | None = None) -> date | None:
    """The first date printed in a link's listing item: `item` (a selected entry), else its
    list entry, table row, article or paragraph."""
    item = item or anchor.find_parent(_ITEM_TAGS) or anchor.parent
    text = item.get_text(" ", strip=True) if isinstance(item, Tag) else ""
    found = find_dates(text)
    return found[0][1] if found else None


def _selected_anchors(soup: BeautifulSoup, selectors: Selectors) -> list[tuple[Tag, Tag | None]]:
    """(anchor, its item) for each link the selectors pick."""
    items = soup.select(selectors.items) if selectors.items else [None]
    pairs: list[tuple[Tag, Tag | None]] = []
    for item in items:
        scope = item if item is not None else soup
        if selectors.links:
            found = [
                a if a.name == "a" else a.find("a", href=True)
                for a in scope.select(selectors.links)
            ]
        else:
            found = scope.find_all("a", href=True)
        pairs += [(a, item) for a in found if isinstance(a, Tag) and a.get("href")]
    return pairs


def _content_anchors(soup: BeautifulSoup) -> list[Tag]:
    """Links outside the site's navigation, header and footer."""
    return [a for a in soup.find_all("a", href=True) if not a.find_parent(_FURNITURE)]


def _links(anchors: list[tuple[Tag, Tag | None]], base: str, exclude: set[str]) -> tuple[Link, ...]:
    seen = set(exclude)
    links = []
    for anchor, item in anchors:
        url = _href(anchor, base)
        if url and url not in seen:
            seen.add(url)
            links.append(Link(url, anchor.get_text(" ", strip=True), item_date(anchor, item)))
    return tuple(links)


def _href(anchor: Tag | None, base: str) -> str | None:
    """The anchor's absolute http(s) URL without fragment; None for mailto:, javascript:..."""
    if anchor is None:
        return None
    href = str(anchor.get("href", "")).strip()
    if not href or href.startswith("#"):
        return None
    url = normalise_url(urljoin(base, href))
    return url if urlsplit(url).scheme in ("http", "https") else None
