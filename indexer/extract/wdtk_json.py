"""Request threads exported as JSON by Alaveteli (WhatDoTheyKnow): one part per message."""

from __future__ import annotations

from typing import Any

from disclosure_search.models import Part
from indexer.extract.result import Extracted


def is_request_thread(value: Any) -> bool:
    """True for {"title": ..., "events": [{"type": ..., "content": [...]}, ...]}."""
    if not isinstance(value, dict) or not isinstance(value.get("events"), list):
        return False
    return "title" in value and all(isinstance(event, dict) for event in value["events"])


def extract_request_thread(thread: dict[str, Any]) -> Extracted:
    """Parts "message N (incoming, 2024-01-24)"; hints status, law, created and date.

    "date" is the day of the last incoming message: the authority's latest word.
    """
    parts: list[Part] = []
    last_incoming = None
    for event in thread["events"]:
        text = _content_text(event.get("content"))
        kind = str(event.get("type") or "event")
        day = str(event.get("created_at") or "")[:10]
        if kind == "incoming" and day:
            last_incoming = day
        if not text:
            continue
        number = len(parts) + 1
        label = f"message {number} ({kind}, {day})" if day else f"message {number} ({kind})"
        parts.append(Part(number=number, label=label, text=text, kind="message"))
    hints = {
        "status": thread.get("display_status"),
        "law": thread.get("law_used"),
        "created": str(thread.get("created_at") or "")[:10],
        "date": last_incoming,
    }
    title = str(thread.get("title") or "").strip() or None
    clean = {key: str(value) for key, value in hints.items() if value}
    return Extracted(format="wdtk-json", parts=tuple(parts), title=title, hints=clean)


def _content_text(content: Any) -> str:
    if isinstance(content, str):
        return content.strip()
    if isinstance(content, list):
        return "\n\n".join(str(piece).strip() for piece in content if str(piece).strip())
    return ""
