"""What a crawl is asked to do and what it reports: options, progress events, the summary."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date


@dataclass(frozen=True)
class CrawlOptions:
    """--max-pages: listing pages to follow per source; --since: skip items dated earlier."""

    max_pages: int | None = None
    since: date | None = None


@dataclass(frozen=True)
class CrawlEvent:
    """Progress: `outcome` is page, fetched, new, unchanged, failed, skipped or removed."""

    source: str
    url: str
    outcome: str
    detail: str = ""


@dataclass
class CrawlReport:
    """What one source's crawl did. `fetched` counts downloads (pages and documents);
    `unchanged`, `new` (new or changed content) and `failed` count documents."""

    source: str
    fetched: int = 0
    unchanged: int = 0
    new: int = 0
    failed: int = 0
    skipped: int = 0
    removed: int = 0
    failures: list[tuple[str, str]] = field(default_factory=list)
    stopped: str | None = None
    complete: bool = False
    resumed: bool = False

    def summary(self) -> str:
        return (
            f"fetched {self.fetched}, unchanged {self.unchanged}, new {self.new},"
            f" failed {self.failed}"
        )
