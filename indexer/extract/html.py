"""HTML pages: a letter or article, an Alaveteli (WhatDoTheyKnow) request thread, or a log table."""

from __future__ import annotations

from bs4 import BeautifulSoup, Tag

from disclosure_search.models import Part
from indexer.extract.htmllog import find_log_rows
from indexer.extract.htmltext import (
    content_root,
    html_to_text,
    page_title,
    parse_html,
    strip_chrome,
    tidy_text,
)
from indexer.extract.result import Extracted

# WhatDoTheyKnow's status classes, spelt as its JSON API's display_status spells them.
_WDTK_STATUS = {
    "successful": "Successful",
    "partially_successful": "Partially successful",
    "not_held": "Information not held",
    "rejected": "Refused",
    "waiting_response": "Awaiting response",
    "waiting_response_overdue": "Delayed",
    "waiting_response_very_overdue": "Long overdue",
    "waiting_classification": "Awaiting classification",
    "waiting_clarification": "Waiting clarification",
    "internal_review": "Awaiting internal review",
    "user_withdrawn": "Withdrawn by the requester",
    "gone_postal": "Handled by post",
    "error_message": "Delivery error",
    "requires_admin": "Unusual response",
    "attention_requested": "Reported for administrator's attention",
}


def extract_html(data: bytes) -> Extracted:
    """A log table as rows (format "html-log"), else the page's text as one "page" part."""
    soup = parse_html(data)
    title = page_title(soup)
    rows = find_log_rows(soup)
    if rows:
        return Extracted(format="html-log", title=title, rows=rows)
    hints: dict[str, str] = {}
    if soup.select(".correspondence .correspondence_text"):
        text, hints = read_alaveteli_thread(soup)
    else:
        strip_chrome(soup)
        text = html_to_text(content_root(soup))
    return Extracted(
        format="html",
        parts=(Part(number=1, label="page", text=text),),
        title=title,
        hints=hints,
    )


def read_alaveteli_thread(soup: BeautifulSoup) -> tuple[str, dict[str, str]]:
    """The text of a request thread page (heading, status, each message) and its hints.

    Only the request header and the correspondence are kept: the rest of an Alaveteli page is
    navigation, "similar requests" and calls to action.
    """
    hints = _thread_hints(soup)
    blocks = [_text_of(soup.select_one(".request-header h1"))]
    blocks.append(_text_of(soup.select_one(".request-header__subtitle")))
    blocks.append(_text_of(soup.select_one("#request_status, .request-status-message")))
    incoming: list[str] = []
    for message in soup.select(".correspondence"):
        direction = "incoming" if "incoming" in (message.get("class") or []) else "outgoing"
        when = _message_date(message)
        if direction == "incoming" and when:
            incoming.append(when)
        author = _text_of(message.select_one(".correspondence__header__author")).rstrip(",")
        printed = _text_of(message.select_one(".correspondence__header time"))
        heading = ", ".join(part for part in (author, printed or when) if part)
        blocks.append(f"{heading} ({direction})\n{_message_text(message)}")
    if incoming:
        hints["date"] = incoming[-1]
    return tidy_text("\n\n".join(block for block in blocks if block)), hints


def _thread_hints(soup: BeautifulSoup) -> dict[str, str]:
    hints: dict[str, str] = {}
    subtitle = soup.select_one(".request-header__subtitle")
    body = subtitle.select_one('a[href*="/body/"]') if subtitle else None
    if body and body.get_text(strip=True):
        hints["authority"] = body.get_text(" ", strip=True)
    if subtitle:
        said = subtitle.get_text(" ", strip=True)
        if "Environmental Information" in said:
            hints["law"] = "eir"
        elif "Freedom of Information" in said:
            hints["law"] = "foi"
    status = soup.select_one("#request_status, .request-status-message")
    for name in (status.get("class") or []) if status else []:
        if name.startswith("request-status-message--"):
            code = name.removeprefix("request-status-message--")
            hints["status"] = _WDTK_STATUS.get(code, code.replace("_", " ").capitalize())
    dates = [d for d in (_message_date(m) for m in soup.select(".correspondence")) if d]
    if dates:
        hints["created"] = dates[0]
    return hints


def _message_date(message: Tag) -> str | None:
    stamp = message.select_one(".correspondence__header time[datetime]")
    return str(stamp["datetime"])[:10] if stamp else None


def _message_text(message: Tag) -> str:
    body = message.select_one(".correspondence_text")
    if body is None:
        return ""
    names = [_text_of(name) for name in body.select(".attachment__name")]
    for box in body.select(".attachments"):
        box.decompose()
    text = html_to_text(body)
    if names:
        text += "\n" + "\n".join(f"Attachment: {name}" for name in names if name)
    return text


def _text_of(tag: Tag | None) -> str:
    return tag.get_text(" ", strip=True) if tag else ""
