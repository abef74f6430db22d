"""The register of public authorities and one multi-pattern matcher over all their names.

The authorities are the hand-kept list and WhatDoTheyKnow's register, read by
disclosure_search.authority_register.

Names are matched word by word: the text's words are folded (lower case, no apostrophes,
'&' as 'and') and fed to one Aho-Corasick automaton whose keys are word-id sequences, so word
boundaries come free and the cost per document does not grow with the register.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import cache

import ahocorasick

from disclosure_search.authority_register import _WORD, Authority, key_of, load_authorities

STOP = frozenset({"the", "of", "and", "for", "in", "on", "at", "upon", "by", "to"})
ANY_CASE, CAPITALISED, AS_PRINTED = "any", "caps", "exact"

# A web or mail host; a text box may glue the next word on ('...nhs.uk18th May').
_HOST = re.compile(r"(?<![\w.-])(?:[a-z0-9-]+\.)+[a-z]{2,}(?![a-z])", re.I)
_ADDRESS = re.compile(r"([\w.-]+)@((?:[a-z0-9-]+\.)+[a-z]{2,})(?![a-z])", re.I)
_GENERIC_TAIL = re.compile(
    r"(?:\s+(?:nhs|foundation|trust|city|county|borough|district|council|police|constabulary"
    r"|university|of|the))+$"
)


@dataclass(frozen=True)
class Register:
    """The authorities and the indexes that answer look-ups without a loop over them."""

    authorities: tuple[Authority, ...]
    by_key: dict[tuple[str, ...], Authority]
    by_name: dict[str, Authority]
    by_domain: dict[str, Authority]
    by_initials: dict[str, Authority]
    vocab: dict[str, int]
    automaton: ahocorasick.Automaton


def fold(word: str) -> str:
    """A word as the matcher compares it: lower case, no apostrophes, '&' as 'and'."""
    return "and" if word == "&" else word.lower().replace("'", "").replace("’", "")


def _patterns(authority: Authority, curated: bool) -> list[tuple[tuple[str, ...], str]]:
    """(folded name, case rule) pairs to match: a hand-kept multi-word name in any case, its
    one-word aliases only as printed; a register name only when it has two distinctive words
    or more (two-word names only with capitals), so 'The Surgery' or 'Forest Research' never
    match prose; a register name that starts with 'The' also without it."""
    if curated:
        names = (authority.name, *authority.aliases)
        return [(key_of(n), ANY_CASE if " " in n else AS_PRINTED) for n in names]
    key = tuple(authority.url_name.split("_"))
    content = sum(1 for w in key if w not in STOP)
    if content < 2:
        return []
    rule = ANY_CASE if content >= 3 else CAPITALISED
    return [(key, rule), (key[1:], rule)] if key[0] == "the" else [(key, rule)]


def initials(authority: Authority) -> set[str]:
    """Initialisms an NHS body uses as its web or mail name ('East London NHS Foundation
    Trust' -> 'elft', 'elnft'; 'North West Boroughs Healthcare ...' -> 'nwbh')."""
    words = key_of(authority.name)
    core = key_of(_GENERIC_TAIL.sub("", " ".join(words)))
    variants = {
        "".join(w[0] for w in words),
        "".join(w[0] for w in words if w != "nhs"),
        "".join(w[0] for w in words if w not in STOP and w != "nhs"),
        "".join(w[0] for w in core),
        "".join(w[0] for w in core if w not in STOP),
        "".join(core),
    }
    return {v for v in variants if len(v) >= 3}


@cache
def register() -> Register:
    """The register and its indexes, built once per process."""
    listed, found = load_authorities()
    authorities = (*listed, *found)
    by_key: dict[tuple[str, ...], Authority] = {}
    by_domain: dict[str, Authority] = {}
    by_initials: dict[str, Authority | None] = {}
    patterns: dict[tuple[str, ...], tuple[str, tuple[str, ...], Authority | None, bool]] = {}
    for n, authority in enumerate(authorities):
        curated = n < len(listed)
        for name in (authority.name, *authority.aliases):
            by_key.setdefault(key_of(name), authority)
        for domain in authority.domains:
            by_domain.setdefault(domain, authority)
        if authority.kind == "nhs" and authority.name.endswith("Trust"):
            for code in initials(authority):  # an initialism two bodies share names neither
                by_initials[code] = (
                    authority if by_initials.get(code, authority) is authority else None
                )
        for key, rule in _patterns(authority, curated):
            printed = _as_printed(authority, key) if rule == AS_PRINTED else ()
            if key not in patterns:
                patterns[key] = (rule, printed, authority, curated)
            elif not patterns[key][3] and patterns[key][2] is not authority:
                patterns[key] = (rule, printed, None, False)  # two register bodies, one name
    return Register(
        authorities=authorities,
        by_key=by_key,
        by_name={a.name: a for a in reversed(authorities)},
        by_domain=by_domain,
        by_initials={k: v for k, v in by_initials.items() if v is not None},
        **_automaton(patterns),
    )


def _automaton(patterns: dict) -> dict:
    """The word vocabulary and the automaton over every matchable name's word ids."""
    vocab: dict[str, int] = {}
    automaton = ahocorasick.Automaton(ahocorasick.STORE_ANY, ahocorasick.KEY_SEQUENCE)
    for key, (rule, printed, authority, _) in patterns.items():
        if authority is not None:
            ids = tuple(vocab.setdefault(w, len(vocab) + 1) for w in key)
            automaton.add_word(ids, (len(ids), rule, printed, authority))
    automaton.make_automaton()
    return {"vocab": vocab, "automaton": automaton}


def _as_printed(authority: Authority, key: tuple[str, ...]) -> tuple[str, ...]:
    """The words of the alias whose folded key is `key`, as printed ('PSNI', 'DfE')."""
    name = next(n for n in (authority.name, *authority.aliases) if key_of(n) == key)
    return tuple(_WORD.findall(name.replace("’", "'")))


def find_names(text: str) -> list[tuple[int, int, Authority]]:
    """Registered names in `text` as (start, end, authority), the longest winning where two
    overlap ('Department of Health and Social Care' over 'Department of Health')."""
    reg = register()
    words = list(_WORD.finditer(text))
    ids = tuple(reg.vocab.get(fold(m.group()), 0) for m in words)
    found = []
    for last, (length, rule, printed, authority) in reg.automaton.iter(ids):
        span = words[last - length + 1 : last + 1]
        if _printed_as(span, rule, printed):
            found.append((span[0].start(), span[-1].end(), authority))
    for match in _HOST.finditer(text):
        if authority := domain_authority(match.group()):
            found.append((match.start(), match.end(), authority))
    for match in _ADDRESS.finditer(text):
        if authority := address_authority(match.group()):
            found.append((match.start(), match.end(), authority))
    found.sort(key=lambda f: (f[0], f[0] - f[1]))
    kept: list[tuple[int, int, Authority]] = []
    for start, end, authority in found:
        if not kept or start >= kept[-1][1]:
            kept.append((start, end, authority))
    return kept


def _printed_as(span: list[re.Match[str]], rule: str, printed: tuple[str, ...]) -> bool:
    """Whether the words in `span` are printed the way `rule` asks."""
    if rule == AS_PRINTED:
        return [m.group().replace("’", "'") for m in span] == list(printed)
    if rule == CAPITALISED:
        return all(m.group()[0].isupper() or fold(m.group()) in STOP for m in span)
    return True


def domain_authority(host: str) -> Authority | None:
    """The authority a web or mail host belongs to: a listed domain ('foi.sheffield.gov.uk'
    under 'sheffield.gov.uk'), or an NHS body's initialism under nhs.uk ('ghc.nhs.uk')."""
    reg = register()
    labels = host.lower().strip(" .<>").split(".")
    for n in range(len(labels) - 1):
        if found := reg.by_domain.get(".".join(labels[n:])):
            return found
    if len(labels) >= 3 and labels[-2:] == ["nhs", "uk"]:
        return reg.by_initials.get(labels[-3])
    return None


def address_authority(address: str) -> Authority | None:
    """The authority an e-mail address belongs to: its host's, or on the shared NHS mail
    service the body whose initialism leads the mailbox name ('elft.foi@nhs.net')."""
    if not (match := _ADDRESS.fullmatch(address.strip(" <>"))):
        return domain_authority(address.rsplit("@", 1)[-1]) if address.strip() else None
    mailbox, host = match.group(1).lower(), match.group(2).lower()
    if host == "nhs.net":
        return register().by_initials.get(mailbox.split(".")[0])
    return domain_authority(host)
