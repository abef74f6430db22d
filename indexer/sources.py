"""Crawl sources: the logs named in disclosure_search/data/sources.toml, or a URL given directly.

[[source]]
name = "north-tyneside"                      # what `crawl NAME` and `sources` call it
authority = "North Tyneside Council"
start = "https://my.northtyneside.gov.uk/category/816/disclosure-log"
hosts = ["www.northtyneside.gov.uk"]         # optional: other hosts it may link to
items = "ul.item-list li"                    # optional CSS selectors; without them
next = "a[rel=next]"                         # the generic finder reads the page
links = "a.response"
"""

from __future__ import annotations

import tomllib
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import urlsplit

import soupsieve

from disclosure_search.errors import SourceConfigError
from indexer.links import Selectors

_KEYS = {"name", "authority", "start", "hosts", "items", "next", "links"}


@dataclass(frozen=True)
class Source:
    """One disclosure log to crawl; `hosts` are the only hosts its crawl may request."""

    name: str
    start: str
    hosts: frozenset[str]
    authority: str | None = None
    selectors: Selectors = Selectors()


def read_sources(path: Path) -> list[Source]:
    """The sources in a TOML file; SourceConfigError says what is wrong and where."""
    try:
        text = path.read_text(encoding="utf-8")
    except OSError as exc:
        raise SourceConfigError(f"cannot read {path}: {exc.strerror or exc}") from None
    try:
        return parse_sources(text)
    except SourceConfigError as exc:
        raise SourceConfigError(f"{path}: {exc}") from None


def parse_sources(text: str) -> list[Source]:
    """Sources from TOML text: `[[source]]` tables with unique names and http(s) start URLs."""
    try:
        data = tomllib.loads(text)
    except tomllib.TOMLDecodeError as exc:
        raise SourceConfigError(f"not valid TOML: {exc}") from None
    sources = [_parse_source(entry, n) for n, entry in enumerate(data.get("source", []), 1)]
    names = [s.name for s in sources]
    duplicates = sorted({n for n in names if names.count(n) > 1})
    if duplicates:
        raise SourceConfigError(f"source names must be unique: {', '.join(duplicates)}")
    return sources


def source_for_url(url: str) -> Source:
    """An ad-hoc source for a URL given on the command line: its own host only."""
    return Source(name=url, start=url, hosts=frozenset({_host_of(url, url)}))


def read_targets(targets: Iterable[str], path: Path) -> list[Source]:
    """Sources for command-line targets; the sources file is read only if a name is given."""
    targets = list(targets)
    names = [t for t in targets if not _is_url(t)]
    return find_sources(targets, read_sources(path) if names else [])


def find_sources(targets: Iterable[str], known: list[Source]) -> list[Source]:
    """Each target as a source: a configured name, or an http(s) URL."""
    by_name = {s.name: s for s in known}
    found = []
    for target in targets:
        if target in by_name:
            found.append(by_name[target])
        elif _is_url(target):
            found.append(source_for_url(target))
        else:
            names = ", ".join(sorted(by_name)) or "none configured"
            raise SourceConfigError(
                f"no source named {target!r} (known: {names}); give a name from"
                " `disclosure-search sources` or an http(s) URL"
            )
    return found


def _parse_source(entry: object, number: int) -> Source:
    if not isinstance(entry, dict):
        raise SourceConfigError(f"source {number} is not a table")
    unknown = set(entry) - _KEYS
    name = entry.get("name")
    where = f"source {name!r}" if name else f"source {number}"
    if unknown:
        raise SourceConfigError(f"{where}: unknown keys {', '.join(sorted(unknown))}")
    if not isinstance(name, str) or not name.strip():
        raise SourceConfigError(f"{where}: needs a name")
    start = entry.get("start")
    if not isinstance(start, str) or urlsplit(start).scheme not in ("http", "https"):
        raise SourceConfigError(f"{where}: start must be an http(s) URL")
    extra = entry.get("hosts", [])
    if not isinstance(extra, list) or not all(isinstance(h, str) for h in extra):
        raise SourceConfigError(f"{where}: hosts must be a list of host names")
    return Source(
        name=name.strip(),
        start=start,
        hosts=frozenset({_host_of(start, where), *(h.lower() for h in extra)}),
        authority=entry.get("authority"),
        selectors=Selectors(*(_selector(entry, key, where) for key in ("items", "next", "links"))),
    )


def _selector(entry: dict, key: str, where: str) -> str | None:
    value = entry.get(key)
    if value is None:
        return None
    try:
        soupsieve.compile(value)
    except (soupsieve.SelectorSyntaxError, TypeError) as exc:
        raise SourceConfigError(f"{where}: {key} is not a valid CSS selector: {exc}") from None
    return value


def _is_url(text: str) -> bool:
    return urlsplit(text).scheme in ("http", "https")


def _host_of(url: str, where: str) -> str:
    host = urlsplit(url).hostname
    if not host:
        raise SourceConfigError(f"{where}: {url} has no host")
    return host.lower()
