"""How a polite crawler reads a site's answers: how long to wait, and whether it is a wall.

Pure functions over headers and bytes; `fetch` acts on them.
"""

from __future__ import annotations

from collections.abc import Mapping
from datetime import UTC, datetime
from email.utils import parsedate_to_datetime

# Strings that anti-bot interstitials carry (Cloudflare, Imperva, PerimeterX, DataDome...).
CHALLENGE_MARKERS = (
    "cf_chl_opt",
    "challenge-platform",
    "cf-browser-verification",
    "<title>just a moment...</title>",
    "attention required! | cloudflare",
    "_incapsula_resource",
    "checking your browser before accessing",
    "px-captcha",
    "captcha-delivery.com",
)


def parse_retry_after(value: str | None, now: datetime | None = None) -> float | None:
    """Seconds to wait from a Retry-After header (seconds or an HTTP date), None if absent."""
    if not value or not value.strip():
        return None
    value = value.strip()
    if value.isdigit():
        return float(value)
    try:
        when = parsedate_to_datetime(value)
    except (TypeError, ValueError):
        return None
    if when.tzinfo is None:
        when = when.replace(tzinfo=UTC)
    return max(0.0, (when - (now or datetime.now(UTC))).total_seconds())


def looks_like_challenge(headers: Mapping[str, str], data: bytes, strict: bool) -> bool:
    """True for an anti-bot interstitial. `strict` (for 200 answers) needs a known marker;
    on error answers (403, 429, 503) a captcha on an HTML page is enough."""
    if headers.get("cf-mitigated", "").lower() == "challenge":
        return True
    if "html" not in headers.get("Content-Type", "").lower() or len(data) > 512 * 1024:
        return False
    text = data[:65536].decode("utf-8", errors="replace").lower()
    if any(marker in text for marker in CHALLENGE_MARKERS):
        return True
    return not strict and "captcha" in text
