"""Which public authority answered: from hints, a known-authorities list, or the letterhead."""

from __future__ import annotations

import csv
import re
from dataclasses import dataclass
from functools import cache

from disclosure_search.config import DATA_DIR

AUTHORITIES_CSV = DATA_DIR / "authorities.csv"

# An organisation name as a letterhead prints it: capitalised words ending in a public-body noun.
_ORG = re.compile(
    r"\b((?:[A-Z][\w'’&.-]*\s+(?:(?:of|and|for|the|on)\s+)?){0,5}?"
    r"(?:City|County|Borough|District|Parish|Town|Metropolitan Borough)?\s?"
    r"(?:Council|Constabulary|Police|Police Service|Fire and Rescue Service|NHS Trust|"
    r"NHS Foundation Trust|Health Board|Combined Authority|Authority|Commission))\b"
)
_DEAR = re.compile(r"^Dear\s+([A-Z][^,\n]{3,80}?),?\s*$", re.M)
_GENERIC = {"Council", "The Council", "Police", "Authority", "Commission", "The Authority"}


@dataclass(frozen=True)
class Authority:
    name: str
    aliases: tuple[str, ...]
    domains: tuple[str, ...]


@cache
def known_authorities() -> tuple[Authority, ...]:
    """The list in data/authorities.csv (name, aliases and domains separated by |)."""
    with AUTHORITIES_CSV.open(encoding="utf-8", newline="") as handle:
        return tuple(
            Authority(
                row["name"].strip(),
                tuple(a.strip() for a in (row.get("aliases") or "").split("|") if a.strip()),
                tuple(
                    d.strip().lower() for d in (row.get("domains") or "").split("|") if d.strip()
                ),
            )
            for row in csv.DictReader(handle)
        )


def find_authority(text: str, hints: dict[str, str]) -> str | None:
    """The answering authority's name, or None when nothing says it."""
    if hints.get("authority"):
        return canonical(hints["authority"])
    sender = hints.get("from", "")
    for authority in known_authorities():
        if any(sender.lower().endswith(domain) for domain in authority.domains if sender):
            return authority.name
    named = earliest_known(text[:4000])
    if named:
        return named
    for match in _ORG.finditer(text[:2500]):
        name = " ".join(match.group(1).split())
        if name not in _GENERIC and len(name.split()) >= 2:
            return canonical(name)
    return None


def earliest_known(text: str) -> str | None:
    """The known authority named first in `text` (full names only; aliases are ambiguous)."""
    best: tuple[int, str] | None = None
    for authority in known_authorities():
        for name in (authority.name, *[a for a in authority.aliases if len(a) > 5]):
            at = text.find(name)
            if at != -1 and (best is None or at < best[0]):
                best = (at, authority.name)
    return best[1] if best else None


def canonical(name: str) -> str:
    """A known authority's canonical name for any of its aliases; else the name, tidied."""
    tidy = " ".join(name.split()).strip(" ,.")
    for authority in known_authorities():
        if tidy.lower() in (n.lower() for n in (authority.name, *authority.aliases)):
            return authority.name
    return tidy


def addressee(text: str) -> str | None:
    """The body a request was addressed to ('Dear Sheffield City Council,')."""
    match = _DEAR.search(text)
    if match and _ORG.search(match.group(1)):
        return canonical(match.group(1))
    return None
