"""What a disclosure page says about itself: a citation, a meta description, schema.org data."""

from __future__ import annotations

from typing import Any

from disclosure_search.models import Disclosure, is_web_address
from web.originals import FORMAT_TYPES
from web.text import long_date

DESCRIPTION_CHARS = 160


def build_citation(d: Disclosure, permalink: str) -> str:
    """A ready-to-paste reference: who, what, which request, when, where, and which copy."""
    year = f" ({d.date.year})" if d.date else ""
    pieces = [f"{d.authority or 'Unknown authority'}{year}."]
    if d.title:
        pieces.append(f"“{d.title}”.")
    response = "Response to information request"
    response += f" {d.request_id}" if d.request_id else ""
    response += f", {long_date(d.date)}." if d.date else ", undated."
    pieces.append(response)
    if is_web_address(d.source):
        retrieved = f" (retrieved {d.fetched_at[:10]})" if d.fetched_at else ""
        pieces.append(f"Available at: {d.source}{retrieved}.")
    pieces.append(f"Archived copy: {permalink} (SHA-256 {d.sha256}).")
    return " ".join(pieces)


def describe(d: Disclosure) -> str:
    """One sentence for search engines' result snippets (<meta name="description">)."""
    who = d.authority or "A public authority"
    about = f"request {d.request_id}" if d.request_id else "an information request"
    when = f" of {long_date(d.date)}" if d.date else ""
    outcome = f" ({d.outcome})" if d.outcome != "unknown" else ""
    text = f"{who}'s response{when} to {about}{outcome}"
    first = d.questions[0].question if d.questions else d.title
    if first:
        text += f": {' '.join(first.split())}"
    if len(text) > DESCRIPTION_CHARS:
        text = text[: DESCRIPTION_CHARS - 1].rsplit(" ", 1)[0] + "…"
    return text


def disclosure_json_ld(d: Disclosure, permalink: str, original_url: str | None) -> dict[str, Any]:
    """schema.org DigitalDocument for the disclosure, the original as its MediaObject."""
    data: dict[str, Any] = {
        "@context": "https://schema.org",
        "@type": "DigitalDocument",
        "@id": permalink,
        "url": permalink,
        "name": d.title or d.request_id or d.doc_id,
        "description": describe(d),
        "inLanguage": "en",
    }
    if d.request_id:
        data["identifier"] = d.request_id
    if d.date:
        data["datePublished"] = d.date.isoformat()
    if d.authority:
        data["author"] = {"@type": "GovernmentOrganization", "name": d.authority}
    if d.topics or d.exemptions:
        data["keywords"] = [*d.topics, *d.exemptions]
    if is_web_address(d.source):
        data["isBasedOn"] = d.source
    if original_url:
        media: dict[str, Any] = {"@type": "MediaObject", "contentUrl": original_url}
        media["sha256"] = d.sha256
        fmt = d.format.removesuffix("-log")
        if fmt in FORMAT_TYPES:
            media["encodingFormat"] = FORMAT_TYPES[fmt][0]
        if d.fetched_at:
            media["uploadDate"] = d.fetched_at
        data["associatedMedia"] = media
    return data
