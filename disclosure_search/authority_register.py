"""The two files that list public authorities, read as plain rows: the indexer builds its name
matcher from them (indexer/metadata/register.py) and pages show an authority's category and
official identifiers from them (authority_info).

authorities.csv is kept by hand (name, aliases and web domains separated by |, and a kind; UK
bodies and the non-UK ones the corpus meets); register/wdtk_authorities.csv.gz is built from
WhatDoTheyKnow's register of 46,040 UK authorities by register/build_authorities.py. A
hand-kept row wins over the register row with the same name (it keeps the register's
identifiers).
"""

from __future__ import annotations

import csv
import gzip
import re
import unicodedata
from dataclasses import dataclass

from disclosure_search.config import DATA_DIR

AUTHORITIES_CSV = DATA_DIR / "authorities.csv"
REGISTER_CSV = DATA_DIR / "register" / "wdtk_authorities.csv.gz"
_WORD = re.compile(r"[^\W_]+(?:['’][^\W_]+)*|&")


@dataclass(frozen=True)
class Authority:
    """One public body: display name, other names, web domains, kind and official ids."""

    name: str
    aliases: tuple[str, ...] = ()
    domains: tuple[str, ...] = ()
    kind: str = ""
    url_name: str = ""
    identifiers: tuple[str, ...] = ()


KINDS = (  # first match wins: (kind, pattern over the folded words joined by "_")
    ("police", r"police|constabulary"),
    (
        "regulator",
        r"ombudsman|information_commissioner|tribunal|regulator|regulation_authority"
        r"|inspectorate|^ofsted$|^ofcom$|^ofgem$|^ofwat$|^ofqual$|care_quality_commission",
    ),
    ("fire", r"fire_and_rescue|fire_authority|fire_service"),
    (
        "nhs",
        r"(?:^|_)nhs(?:_|$)|clinical_commissioning_group|health_board|integrated_care"
        r"|ambulance|hospitals?_trust|healthcare_trust|health_and_care|primary_care_trust",
    ),
    ("health", r"surgery|medical_(?:centre|practice|group)|health_centre|dental|_practice$"),
    ("university", r"^university|university$|_university_"),
    ("council", r"council|comhairle|^london_borough|combined_authority|^royal_borough"),
    ("department", r"^department_|^ministry_|^hm_|_office$|^scottish_government$"),
    ("school", r"school|academy|college|nursery"),
)


def kind_from_name(url_name: str) -> str:
    """The kind of body a name says it is ('police', 'nhs', 'council'...), from its folded
    words joined by "_" ('nottinghamshire_healthcare_nhs_foundation_trust' -> 'nhs'); ""
    when the name does not say."""
    return next((kind for kind, pattern in KINDS if re.search(pattern, url_name)), "")


def key_of(name: str) -> tuple[str, ...]:
    """A name's folded words: 'Sheffield Health & Social Care' and 'sheffield health and
    social care' share one key."""
    words = _WORD.findall(name.lower().replace("'", "").replace("’", ""))
    return tuple("and" if w == "&" else w for w in words)


def slugify(name: str) -> str:
    """The authority's address on the site: its key_of words joined by '-' ('Brighton & Hove
    City Council' -> 'brighton-and-hove-city-council'). Accents go ('Ynys Môn' -> 'ynys-mon')
    so the slug is stable whichever way a letter spells them; other scripts' letters stay
    ('Υπουργείο Υγείας' -> 'υπουργειο-υγειας'). '' for a name with no letter or digit."""
    unmarked = unicodedata.normalize("NFKD", name)
    return "-".join(key_of("".join(c for c in unmarked if not unicodedata.combining(c))))


def split_cell(cell: str | None) -> tuple[str, ...]:
    return tuple(v.strip() for v in (cell or "").split("|") if v.strip())


def load_authorities() -> tuple[tuple[Authority, ...], tuple[Authority, ...]]:
    """The hand-kept rows (with the identifiers of their register rows), and the register's
    rows that no hand-kept row already names."""
    curated = []
    with AUTHORITIES_CSV.open(encoding="utf-8", newline="") as handle:
        for row in csv.DictReader(handle):
            curated.append(
                Authority(
                    row["name"].strip(),
                    split_cell(row.get("aliases")),
                    tuple(d.lower() for d in split_cell(row.get("domains"))),
                    (row.get("kind") or "").strip(),
                )
            )
    slugs = {"_".join(key_of(n)): n for a in curated for n in (a.name, *a.aliases)}
    extra: dict[str, tuple[str, tuple[str, ...]]] = {}
    found = []
    if REGISTER_CSV.exists():
        with gzip.open(REGISTER_CSV, "rt", encoding="utf-8", newline="") as handle:
            for row in csv.DictReader(handle):
                ids = split_cell(row["identifiers"])
                if (own := slugs.get(row["url_name"])) is not None:
                    extra[own] = (row["url_name"], ids)
                else:
                    found.append(Authority(row["name"], (), (), row["kind"], row["url_name"], ids))
    merged = []
    for a in curated:
        url_name, ids = next((extra[n] for n in (a.name, *a.aliases) if n in extra), ("", ()))
        merged.append(Authority(a.name, a.aliases, a.domains, a.kind, url_name, ids))
    return tuple(merged), tuple(found)
