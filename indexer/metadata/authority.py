"""Which public authority answered: hints, a labelled field, the letterhead, the sender, the
addressee, the body the letter keeps naming, or an organisation-shaped name in the letterhead.

Known authorities come from data/authorities.csv (name, aliases and web domains separated
by |, and a kind); add a row to teach a new one, no code changes needed.
"""

from __future__ import annotations

import csv
import re
from dataclasses import dataclass
from functools import cache

from disclosure_search.config import DATA_DIR

AUTHORITIES_CSV = DATA_DIR / "authorities.csv"
LETTERHEAD_CHARS = 800
MENTION_CHARS = 20000
REGULATOR = "regulator"  # named in every letter's appeal rights: never the answering body

# An organisation name as a letterhead prints it: capitalised words ending in a public-body noun.
_ORG = re.compile(
    r"\b((?:[A-Z][\w'’&.-]*\s+(?:(?:of|and|for|the|on)\s+)?){0,5}?"
    r"(?:City|County|Borough|District|Parish|Town|Metropolitan Borough)?\s?"
    r"(?:Council|Constabulary|Police|Police Service|Fire and Rescue Service|NHS Trust|"
    r"NHS Foundation Trust|Health Board|Combined Authority|Authority|Commission))\b"
)
_DEAR = re.compile(r"^Dear\s+([A-Z][^,\n]{3,80}?),?\s*$", re.M)
_FIELD = re.compile(r"^\s*Public Authority:\s*(?P<name>[^\n]{3,100})$", re.M | re.I)
_GENERIC = {"Council", "The Council", "Police", "Authority", "Commission", "The Authority"}


@dataclass(frozen=True)
class Authority:
    name: str
    aliases: tuple[str, ...]
    domains: tuple[str, ...]
    kind: str = ""

    @property
    def pattern(self) -> re.Pattern[str]:
        """Where `text` names this authority (see _pattern)."""
        return _pattern(self)


@cache
def known_authorities() -> tuple[Authority, ...]:
    """The list in data/authorities.csv."""
    with AUTHORITIES_CSV.open(encoding="utf-8", newline="") as handle:
        return tuple(
            Authority(
                row["name"].strip(),
                _split(row.get("aliases")),
                tuple(d.lower() for d in _split(row.get("domains"))),
                (row.get("kind") or "").strip(),
            )
            for row in csv.DictReader(handle)
        )


def _split(cell: str | None) -> tuple[str, ...]:
    return tuple(v.strip() for v in (cell or "").split("|") if v.strip())


@cache
def _pattern(authority: Authority) -> re.Pattern[str]:
    """Full names in any case; short aliases ('PSNI', 'ABC') only as printed; domains in
    addresses and links."""
    names = [re.escape(n) for n in (authority.name, *authority.aliases) if " " in n]
    shorts = [re.escape(a) for a in authority.aliases if " " not in a]
    domains = [re.escape(d) for d in authority.domains]
    parts = [rf"(?i:\b(?:{'|'.join(names)})\b)"] if names else []
    parts += [rf"\b(?:{'|'.join(shorts)})\b"] if shorts else []
    parts += [rf"(?i:(?:@|//|www\.|\b)(?:[\w-]+\.)*(?:{'|'.join(domains)})\b)"] if domains else []
    return re.compile("|".join(parts) or r"(?!x)x")


def find_authority(
    text: str,
    hints: dict[str, str],
    heads: list[str] | None = None,
    request: str = "",
) -> str | None:
    """The answering authority's name, or None when nothing says it.

    `text` is the authority's words, `heads` the opening of each letter (its letterhead),
    `request` the requester's words (which say whom the request was addressed to).
    """
    if hints.get("authority"):
        return canonical(hints["authority"])
    if field := _FIELD.search(text[:3000]):
        return canonical(field.group("name"))
    for head in heads if heads is not None else [text[:LETTERHEAD_CHARS]]:
        if named := earliest_known(head):
            return named
    if sender := sender_authority(hints.get("from", "")):
        return sender
    if to := addressee(request or text):
        return to
    for head in heads if heads is not None else [text[:LETTERHEAD_CHARS]]:
        if name := organisation_name(head):
            return name
    return most_named(text[:MENTION_CHARS])


def mentions(text: str) -> list[tuple[int, int, Authority]]:
    """Known authorities named in `text` as (start, end, authority), longest name winning
    where names overlap ('Department of Health and Social Care' over 'Department of Health')."""
    found = [(m.start(), m.end(), a) for a in known_authorities() for m in a.pattern.finditer(text)]
    found.sort(key=lambda f: (f[0], f[0] - f[1]))
    kept: list[tuple[int, int, Authority]] = []
    for start, end, authority in found:
        if not kept or start >= kept[-1][1]:
            kept.append((start, end, authority))
    return kept


def earliest_known(text: str) -> str | None:
    """The known authority (not a regulator) named first in `text`."""
    return next((a.name for _, _, a in mentions(text) if a.kind != REGULATOR), None)


def most_named(text: str, at_least: int = 2) -> str | None:
    """The known authority (not a regulator) `text` names most often, at least `at_least` times."""
    counts: dict[str, int] = {}
    for _, _, authority in mentions(text):
        if authority.kind != REGULATOR:
            counts[authority.name] = counts.get(authority.name, 0) + 1
    best = max(counts, key=lambda n: counts[n], default=None)
    return best if best and counts[best] >= at_least else None


def sender_authority(sender: str) -> str | None:
    """The known authority whose web domain the sender's address is at."""
    host = sender.lower().rsplit("@", 1)[-1].strip(" >")
    for authority in known_authorities():
        if any(host == d or host.endswith("." + d) for d in authority.domains):
            return authority.name
    return None


def canonical(name: str) -> str:
    """A known authority's canonical name for any of its aliases; else the name, tidied."""
    tidy = " ".join(name.split()).strip(" ,.")
    for authority in known_authorities():
        if tidy.lower() in (n.lower() for n in (authority.name, *authority.aliases)):
            return authority.name
    return tidy


def names_of(name: str | None) -> tuple[str, ...]:
    """A known authority's name and multi-word aliases (or just `name` when unknown)."""
    if not name:
        return ()
    for authority in known_authorities():
        if authority.name == name:
            return (name, *(a for a in authority.aliases if " " in a))
    return (name,)


def addressee(text: str) -> str | None:
    """The body a request was addressed to ('Dear Sheffield City Council,')."""
    match = _DEAR.search(text)
    if match and _ORG.search(match.group(1)):
        return canonical(match.group(1))
    return None


def organisation_name(text: str) -> str | None:
    """The first organisation-shaped name ('Walberswick Parish Council') in `text`."""
    for match in _ORG.finditer(text):
        name = " ".join(match.group(1).split())
        if name not in _GENERIC and len(name.split()) >= 2:
            return canonical(name)
    return None
