"""Reference gaps: the numbers missing from an authority's run of request references.

Where an authority numbers its requests (`FOI/2024/0101`, `0102`, `0105`), the numbers in
between that nothing indexed carries (`0103`, `0104`) are requests it answered but did not
publish, or published somewhere not ingested (personal requests are often left out of logs).

How references are read (`parse_reference`): the printed reference is split into letter and
digit runs, as `refs.normalise_request_id` ignores separators, so `FOI-0101-2024` and
`FOI/0101/2024` are one pattern. A four-digit run from 1990 to 2099 is the year (the first
one, when there is another digit run to be the counter); failing that, of exactly two digit
runs a two-digit one beside one of three or more digits is the year (`18/005`, `FOI.23.360`).
The counter is the last other digit run; one or two letters after it (`0065/2022(a)`) mark
a part of that request and are dropped. A sequence is one authority's references with the
same letters, the same other digits, the same year and the same counter width: never
across years.

When a sequence counts (`is_sequence`): at least MIN_REFS distinct numbers, and at least
MIN_COVERAGE of the numbers from its lowest to its highest published. Missing numbers are
only those inside that observed range. An authority that is not stated is replaced by the
log (source) the rows came from: rows of one log come from one authority. A disclosure
marked removed still counts as published: it was.
"""

from __future__ import annotations

import re
from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from disclosure_search.exports import csv_text
from disclosure_search.models import SearchHit, SearchQuery, public_location

if TYPE_CHECKING:
    from disclosure_search.search import SearchIndex

MIN_REFS = 3
MIN_COVERAGE = 0.2
_RUNS = re.compile(r"[A-Za-z]+|\d+")


@dataclass(frozen=True)
class ParsedRef:
    """A reference read as pattern + year + counter. `pattern` shows the counter as #s
    ('FOI-####-2024'); `key` is the pattern with separators folded, for grouping."""

    key: str
    pattern: str
    year: int | None
    counter: int
    width: int
    template: str  # the printed reference up to its last digit, counter as "{}"


def parse_reference(ref: str | None) -> ParsedRef | None:
    """Read a printed reference; None when it has no counter (no digits)."""
    runs = list(_RUNS.finditer(ref or ""))
    while runs and runs[-1].group().isalpha() and len(runs[-1].group()) <= 2:
        runs.pop()  # "(a)", "-B": a part of the request the counter names
    digits = [m for m in runs if m.group().isdigit()]
    if not digits or not runs[-1].group().isdigit():
        return None
    year_run = find_year(digits)
    counter = next(m for m in reversed(digits) if m is not year_run)
    text = ref or ""
    end = runs[-1].end()
    width = len(counter.group())
    shape = "#" * width
    before, after = text[: counter.start()], text[counter.end() : end]
    template = escape(before) + "{}" + escape(after)
    folded = [shape if m is counter else m.group().upper() for m in runs]
    return ParsedRef(
        key="-".join(folded),
        pattern=template.format(shape),
        year=full_year(year_run.group()) if year_run else None,
        counter=int(counter.group()),
        width=width,
        template=template,
    )


def escape(text: str) -> str:
    """`text` safe inside a str.format template."""
    return text.replace("{", "{{").replace("}", "}}")


def find_year(digits: list[re.Match[str]]) -> re.Match[str] | None:
    """The digit run that is a year (see the module docstring), or None."""
    if len(digits) < 2:
        return None
    for run in digits:
        if len(run.group()) == 4 and 1990 <= int(run.group()) <= 2099:
            return run
    if len(digits) == 2:
        short = [m for m in digits if len(m.group()) == 2]
        long = [m for m in digits if len(m.group()) >= 3]
        if len(short) == 1 and len(long) == 1:
            return short[0]
    return None


def full_year(text: str) -> int:
    """2024 for '2024' or '24'; two digits from 90 up are the 1990s."""
    value = int(text)
    if len(text) == 4:
        return value
    return 1900 + value if value >= 90 else 2000 + value


@dataclass(frozen=True)
class Sequence:
    """One authority's run of references of one pattern and year, and what is missing.

    `source` names the log the rows came from when the authority is not stated."""

    authority: str | None
    source: str | None
    pattern: str
    year: int | None
    width: int
    first: int
    last: int
    published: int
    runs: int
    missing: tuple[int, ...]
    missing_refs: tuple[str, ...]

    @property
    def label(self) -> str:
        """Who the sequence belongs to, for people."""
        return self.authority or f"Authority not stated (log {self.source})"

    @property
    def span(self) -> int:
        return self.last - self.first + 1

    @property
    def coverage(self) -> float:
        """The published share of the range, 0 to 1."""
        return self.published / self.span

    def to_json(self) -> dict[str, Any]:
        """The API/CLI shape; coverage as a percentage with one decimal."""
        return {
            "authority": self.authority,
            "source": self.source,
            "pattern": self.pattern,
            "year": self.year,
            "first": self.first,
            "last": self.last,
            "range": self.span,
            "published": self.published,
            "missing_count": len(self.missing),
            "coverage": round(100 * self.coverage, 1),
            "runs": self.runs,
            "missing": list(self.missing),
            "missing_refs": list(self.missing_refs),
        }


def is_sequence(numbers: set[int]) -> bool:
    """Dense enough to be a real numbering: MIN_REFS numbers, MIN_COVERAGE of the range."""
    if len(numbers) < MIN_REFS:
        return False
    return len(numbers) / (max(numbers) - min(numbers) + 1) >= MIN_COVERAGE


def find_gaps(hits: Iterable[SearchHit]) -> tuple[Sequence, ...]:
    """Every sequence (see `is_sequence`) among the hits' request references, with its
    missing numbers; ordered by who it belongs to, then year and pattern."""
    groups: dict[tuple[str | None, str | None, str, int | None], list[ParsedRef]] = defaultdict(
        list
    )
    for hit in hits:
        parsed = parse_reference(hit.request_id)
        if parsed is None:
            continue
        source = None if hit.authority else public_location(hit.source)
        groups[(hit.authority, source, parsed.key, parsed.year)].append(parsed)
    found = [
        build_sequence(authority, source, refs)
        for (authority, source, _key, _year), refs in groups.items()
        if is_sequence({ref.counter for ref in refs})
    ]
    return tuple(sorted(found, key=lambda s: (s.label.lower(), s.year or 0, s.pattern)))


def build_sequence(authority: str | None, source: str | None, refs: list[ParsedRef]) -> Sequence:
    """The sequence of one group of references of one key and year."""
    numbers = sorted({ref.counter for ref in refs})
    have = set(numbers)
    missing = tuple(n for n in range(numbers[0], numbers[-1] + 1) if n not in have)
    example = min(refs, key=lambda ref: ref.counter)
    runs = 1 + sum(1 for a, b in zip(numbers, numbers[1:], strict=False) if b != a + 1)
    return Sequence(
        authority=authority,
        source=source,
        pattern=example.pattern,
        year=example.year,
        width=example.width,
        first=numbers[0],
        last=numbers[-1],
        published=len(numbers),
        runs=runs,
        missing=missing,
        missing_refs=tuple(example.template.format(f"{n:0{example.width}d}") for n in missing),
    )


def read_gaps(index: SearchIndex, authority: str | None = None) -> tuple[Sequence, ...]:
    """The sequences of every indexed disclosure (or of those the `authority` filter of
    a search keeps: all its words must match)."""
    return find_gaps(index.iter_hits(SearchQuery(authority=authority or None)))


def compress(numbers: Iterable[int], width: int = 0) -> str:
    """'26, 46, 48, 53–55' for [26, 46, 48, 53, 54, 55]; zero-padded to `width`."""
    ranges: list[list[int]] = []
    for n in numbers:
        if ranges and n == ranges[-1][1] + 1:
            ranges[-1][1] = n
        else:
            ranges.append([n, n])
    shown = (f"{a:0{width}d}" if a == b else f"{a:0{width}d}–{b:0{width}d}" for a, b in ranges)
    return ", ".join(shown)


CSV_COLUMNS = (
    "authority", "source", "pattern", "year", "first", "last", "range", "published",
    "missing_count", "coverage", "runs", "missing_refs",
)  # fmt: skip


def gaps_csv(found: Iterable[Sequence]) -> str:
    """One CSV row per sequence (missing references joined by "; "): the CLI's and /gaps.csv."""
    rows = (sequence.to_json() for sequence in found)
    return csv_text(CSV_COLUMNS, ([row[name] for name in CSV_COLUMNS] for row in rows))
