"""Page links for a result list: previous, next and a window of numbers, filters kept."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass

from flask import url_for

from web.params import url_args

RADIUS = 2


@dataclass(frozen=True)
class PageLink:
    """One entry in the page list; `number` None is a gap shown as an ellipsis."""

    number: int | None
    url: str = ""
    current: bool = False


@dataclass(frozen=True)
class Pagination:
    previous: str | None
    next: str | None
    links: tuple[PageLink, ...]


def find_page_numbers(current: int, last: int, radius: int = RADIUS) -> list[int | None]:
    """1, None, 4, 5, [6], 7, 8, None, 20: the ends, the pages near `current`, gaps as None."""
    wanted = {1, last, *range(current - radius, current + radius + 1)}
    numbers = sorted(n for n in wanted if 1 <= n <= last)
    shown: list[int | None] = []
    for n in numbers:
        if shown and n - (shown[-1] or 0) > 1:
            shown.append(None)
        shown.append(n)
    return shown


def build_pagination(form: Mapping[str, str], current: int, last: int) -> Pagination:
    """Links to the other pages of the search in `form` (needs a request context)."""

    def link(page: int) -> str:
        return url_for("pages.search", **url_args(form, page))

    links = tuple(
        PageLink(n) if n is None else PageLink(n, link(n), n == current)
        for n in find_page_numbers(current, last)
    )
    return Pagination(
        previous=link(current - 1) if current > 1 else None,
        next=link(current + 1) if current < last else None,
        links=links if last > 1 else (),
    )
