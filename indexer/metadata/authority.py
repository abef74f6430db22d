"""Which public authority answered: hints, a labelled field, the letterhead, the signature
block, the sender, the addressee, an organisation-shaped name, or the body the letter keeps
naming.

Known authorities come from the register (indexer/metadata/register.py:
disclosure_search/data/authorities.csv kept by hand, and WhatDoTheyKnow's register of UK
authorities). Bodies named in every letter's appeal rights (kind 'regulator': the ICO, an
ombudsman, a tribunal) never win, except in the regulator's own decision notice, whose
'Public Authority:' field names the body it decided on.
"""

from __future__ import annotations

import re
from collections.abc import Iterable

from indexer.metadata.letterhead import GENERIC, organisation_names
from indexer.metadata.register import Authority, address_authority, find_names, key_of, register

LETTERHEAD_CHARS = 800
MENTION_CHARS = 20000
SIGNATURE_CHARS = 300
REGULATOR = "regulator"  # named in every letter's appeal rights: never the answering body

_DEAR = re.compile(r"^Dear\s+([A-Z][^,\n]{3,80}?),?\s*$", re.M)
_FIELD = re.compile(r"^\s*Public Authority:\s*(?P<name>[^\n]{3,100})$", re.M | re.I)
_SALUTATION = re.compile(r"^\s*(?:Dear|Tēnā koe|To whom)\b", re.M | re.I)
_CONTACT = re.compile(r"^.*\b(?:Tel|Telephone|Phone|E-?mail|Web(?:site)?|www)\b.*$", re.M | re.I)
# A letter's sign-off: the signature block (name, title, organisation) follows it.
_SIGN_OFF = re.compile(
    r"^\s*(?:Yours (?:sincerely|faithfully)|(?:Kind|Best|Warm)? ?regards|Nāku noa)\b", re.M | re.I
)


def known_authorities() -> tuple[Authority, ...]:
    """Every registered authority, the hand-kept list first."""
    return register().authorities


def find_authority(
    text: str,
    hints: dict[str, str],
    heads: list[str] | None = None,
    request: str = "",
) -> str | None:
    """The answering authority's name, or None when nothing says it.

    `text` is the authority's words, `heads` the opening of each letter (its letterhead) and,
    last, the close of the last one (its signature block); `request` the requester's words
    (which say whom the request was addressed to). Evidence is taken strongest first: the
    letterhead, the signature block, the sender's address, the addressee, then names shaped
    like an organisation's, then the body the letter keeps naming.
    """
    if hints.get("authority"):
        return canonical(hints["authority"])
    if field := _FIELD.search(text[:3000]):
        return canonical(field.group("name"))
    blocks = heads if heads is not None else [text[:LETTERHEAD_CHARS]]
    found = (
        _first(earliest_known(opening(b)) for b in blocks)
        or _first(earliest_known(signature(b)) for b in [text[:MENTION_CHARS], *blocks])
        or sender_authority(hints.get("from", ""))
        or contact_authority(text[:MENTION_CHARS])
        or _first(earliest_known(b) for b in blocks)
        or addressee(request or text)
        or _first(organisation_name(b) for b in blocks)
        or most_named(text[:MENTION_CHARS])
        or most_organisation(text[:MENTION_CHARS])
    )
    return current_name(found, text) if found else None


def _first(values: Iterable[str | None]) -> str | None:
    return next((v for v in values if v), None)


def opening(block: str) -> str:
    """A letter's head above its salutation (the letterhead and address block)."""
    match = _SALUTATION.search(block)
    return block[: match.start()] if match else ""


def current_name(name: str, text: str) -> str:
    """An NHS trust's name as the letter prints it once it became a foundation trust (the
    register may still list 'X NHS Trust' where the letter says 'X NHS Foundation Trust')."""
    if name.endswith(" NHS Trust"):
        newer = name.removesuffix("Trust") + "Foundation Trust"
        if newer.lower() in " ".join(text.split()).lower():
            return newer
    return name


def signature(block: str) -> str:
    """The signature block after the first sign-off ('Yours sincerely', 'Kind regards'):
    the signer's name, title and organisation; '' without a sign-off."""
    found = _SIGN_OFF.search(block)
    return block[found.end() : found.end() + SIGNATURE_CHARS] if found else ""


def mentions(text: str) -> list[tuple[int, int, Authority]]:
    """Known authorities named in `text` as (start, end, authority), longest name winning
    where names overlap ('Department of Health and Social Care' over 'Department of Health')."""
    return find_names(text)


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
    """The known authority whose web domain the sender's address (or a bare host) is at."""
    found = address_authority(sender) if sender.strip() else None
    return found.name if found else None


def contact_authority(text: str) -> str | None:
    """The known authority (not a regulator) whose web or mail address a contact line of the
    letter prints ('Telephone: 04 474 9499. www.police.govt.nz', 'Email: foi@nhft.nhs.uk')."""
    for line in _CONTACT.findall(text):
        if named := earliest_known(line):
            return named
    return None


def canonical(name: str) -> str:
    """A known authority's canonical name for any of its names or aliases (in any case, with
    '&' for 'and', with or without a leading 'The'); else the name, tidied."""
    tidy = " ".join(name.split()).strip(" ,.")
    key = key_of(tidy)
    by_key = register().by_key
    found = by_key.get(key) or (by_key.get(key[1:]) if key[:1] == ("the",) else None)
    found = found or by_key.get(("the", *key))
    return found.name if found else tidy


def names_of(name: str | None) -> tuple[str, ...]:
    """A known authority's name and multi-word aliases (or just `name` when unknown)."""
    if not name:
        return ()
    authority = register().by_name.get(name)
    return (name, *(a for a in authority.aliases if " " in a)) if authority else (name,)


def addressee(text: str) -> str | None:
    """The body a request was addressed to ('Dear Sheffield City Council,')."""
    match = _DEAR.search(text)
    names = organisation_names(match.group(1)) if match else []
    return canonical(names[0]) if names else None


def organisation_name(text: str) -> str | None:
    """The first organisation-shaped name ('Walberswick Parish Council') in `text` that is
    more than a generic noun, as the register spells it where it knows it."""
    for name in organisation_names(text):
        if name.lower() not in GENERIC and len(name.split()) >= 2:
            found = canonical(name)
            known = register().by_name.get(found)
            if not known or known.kind != REGULATOR:
                return found
    return None


def most_organisation(text: str, at_least: int = 2) -> str | None:
    """The organisation-shaped name `text` prints most often, at least `at_least` times
    (prose says 'Police took a phased approach' once; a letter names its own body again)."""
    counts: dict[str, int] = {}
    for name in organisation_names(text):
        if name.lower() not in GENERIC and len(name.split()) >= 2:
            counts[canonical(name)] = counts.get(canonical(name), 0) + 1
    best = max(counts, key=lambda n: counts[n], default=None)
    return best if best and counts[best] >= at_least else None
