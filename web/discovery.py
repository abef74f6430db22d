"""Findable from outside: /robots.txt, /sitemap.xml (an index of paged sitemaps), and
/opensearch.xml so browsers can add the search engine."""

from __future__ import annotations

import math

from flask import Blueprint, Response, current_app, render_template, url_for

from disclosure_search.errors import NotFoundError
from web.caching import cached
from web.extension import get_index
from web.feeds import xml_response

bp = Blueprint("discovery", __name__)

# The sitemaps protocol allows 50,000 addresses a file; the first file also lists the
# home and help pages.
SITEMAP_PAGE_SIZE = 45_000


def page_size() -> int:
    """Disclosures per sitemap (config SITEMAP_PAGE_SIZE for tests)."""
    return int(current_app.config.get("SITEMAP_PAGE_SIZE", SITEMAP_PAGE_SIZE))


@bp.get("/robots.txt")
@cached
def robots() -> Response:
    """Crawl disclosures and groups; skip the endless search, feed, export and API space."""
    body = render_template("robots.txt", sitemap=url_for("discovery.sitemap_index", _external=True))
    return Response(body, mimetype="text/plain")


@bp.get("/sitemap.xml")
@cached
def sitemap_index() -> Response:
    """The sitemap index: one sitemap per SITEMAP_PAGE_SIZE disclosures."""
    count = len(get_index().list_disclosures())
    pages = max(1, math.ceil(count / page_size()))
    locations = [
        url_for("discovery.sitemap_page", number=n, _external=True) for n in range(1, pages + 1)
    ]
    return xml_response(
        render_template("sitemap_index.xml", locations=locations), "application/xml"
    )


@bp.get("/sitemap-<int:number>.xml")
@cached
def sitemap_page(number: int) -> Response:
    """Permalinks of one slice of the disclosures, with their dates as lastmod."""
    size = page_size()
    entries = get_index().list_disclosures()[(number - 1) * size : number * size]
    if number < 1 or (number > 1 and not entries):
        raise NotFoundError(f"There is no sitemap {number}: see /sitemap.xml for the list.")
    urls = [
        (url_for("documents.disclosure", doc_id=doc_id, _external=True), when)
        for doc_id, when in entries
    ]
    if number == 1:
        pages = [url_for(name, _external=True) for name in ("pages.home", "pages.help_page")]
        urls = [(url, None) for url in pages] + urls
    return xml_response(render_template("sitemap.xml", urls=urls), "application/xml")


@bp.get("/opensearch.xml")
@cached
def opensearch() -> Response:
    """The OpenSearch description: HTML, Atom and JSON search addresses for {searchTerms}."""
    root = url_for("pages.home", _external=True).rstrip("/")
    body = render_template("opensearch.xml", root=root)
    return xml_response(body, "application/opensearchdescription+xml")
