"""Build wdtk_authorities.csv.gz (beside this script) from WhatDoTheyKnow's register of authorities.

Usage (from the repository root, plain Python, no dependencies):

    python disclosure_search/data/register/build_authorities.py [SHARED_DATA_DIR]

SHARED_DATA_DIR defaults to ../shared/data beside the checkout (the files named in its
SOURCES.md: wdtk_authority_url_names.csv and wdtk_authority_id_lookup.csv). The output has one
row per authority: a display name derived from its `url_name` (which has lost its capitals,
apostrophes and ampersands), the `url_name` itself, a `kind` read from the name's words and its
official identifiers, and those identifiers as `schema:id` joined by `|`. The hand-kept list in
disclosure_search/data/authorities.csv wins over these rows at load time
(indexer/metadata/register.py).
Licence: CC-BY-SA 4.0, WhatDoTheyKnow volunteers and mySociety (see SOURCES.md here).
"""

from __future__ import annotations

import csv
import gzip
import io
import sys
from collections import defaultdict
from pathlib import Path

from disclosure_search.authority_register import kind_from_name

HERE = Path(__file__).resolve().parent
OUT = HERE / "wdtk_authorities.csv.gz"
DEFAULT_SHARED = HERE.parents[3] / "shared" / "data"

LOWER = {"and", "of", "the", "for", "in", "on", "at", "upon", "under", "with", "by", "to", "nan"}
ACRONYMS = {
    "nhs",
    "ccg",
    "icb",
    "uk",
    "hm",
    "hmrc",
    "bbc",
    "ce",
    "rc",
    "cic",
    "gp",
    "cqc",
    "dvla",
    "dvsa",
    "hse",
    "itv",
    "mp",
    "mod",
    "pcc",
    "ymca",
    "ywca",
    "uhb",
    "ltd",
    "llp",
    "plc",
    "sen",
    "tv",
    "ico",
    "cps",
    "dhsc",
    "dwp",
    "dfe",
    "dft",
    "fcdo",
    "bfi",
    "arc",
    "hmp",
    "yoi",
    "pct",
    "sha",
    "alb",
    "lep",
    "jsc",
    "csu",
    "gchq",
    "mi5",
    "mi6",
    "nca",
    "ucl",
    "lse",
    "soas",
}
SPECIAL = {"cofe": "CofE", "ltd": "Ltd", "plc": "plc", "mcdonald": "McDonald"}
# Possessives that lost their apostrophe: 'womens' is "Women's" in every register name.
POSSESSIVE = {"womens", "childrens", "mens", "peoples", "kings", "queens", "governors"}
SAINTS = {
    "marys",
    "georges",
    "johns",
    "peters",
    "pauls",
    "michaels",
    "andrews",
    "davids",
    "patricks",
    "margarets",
    "josephs",
    "bartholomews",
    "edmunds",
    "annes",
    "bedes",
    "chads",
    "lukes",
    "marks",
    "matthews",
    "helens",
    "catherines",
    "cuthberts",
    "gabriels",
    "gregorys",
    "hildas",
    "leonards",
    "lawrences",
    "martins",
    "monicas",
    "oswalds",
    "philips",
    "richards",
    "stephens",
    "teresas",
    "theresas",
    "vincents",
    "wilfrids",
    "clements",
    "dunstans",
    "edwards",
    "hughs",
    "aidans",
    "augustines",
    "benedicts",
    "bernadettes",
    "brigids",
}
ID_KINDS = {"urn": "school", "ukprn": "university", "ofs": "university", "gss": "council"}
DROP_SCHEMAS = {"twitter", "header_image", "schema", "category"}


def display_name(url_name: str) -> str:
    """'birmingham_womens_and_childrens_nhs_foundation_trust' ->
    "Birmingham Women's and Children's NHS Foundation Trust"."""
    words = [w for w in url_name.split("_") if w]
    if len(words) == 1 and len(words[0]) <= 5:
        return words[0].upper()
    out = []
    for n, word in enumerate(words):
        after_saint = n > 0 and words[n - 1] == "st"
        out.append(_word(word, first=n == 0, after_saint=after_saint))
    return " ".join(out)


def _word(word: str, first: bool, after_saint: bool) -> str:
    if word in SPECIAL:
        return SPECIAL[word]
    if word in ACRONYMS:
        return word.upper()
    if word in LOWER and not first:
        return word
    if word in POSSESSIVE or (after_saint and word in SAINTS):
        return word[:-1].capitalize() + "'s"
    return word.capitalize()


def kind_of(url_name: str, schemas: set[str]) -> str:
    """The kind of body ('council', 'police', 'nhs', 'school', ...) from its name's words,
    else from the identifiers it holds (a URN is a school's, a GSS code an area's)."""
    by_name = kind_from_name(url_name)
    if by_name:
        return by_name
    return next((ID_KINDS[s] for s in ID_KINDS if s in schemas), "other")


def build(shared: Path) -> list[dict[str, str]]:
    """The register's rows, ready to write."""
    ids: dict[str, list[str]] = defaultdict(list)
    with (shared / "wdtk_authority_id_lookup.csv").open(encoding="utf-8", newline="") as handle:
        for row in csv.DictReader(handle):
            schema, value = row["schema"].strip(), row["id"].strip()
            if schema not in DROP_SCHEMAS and value and "|" not in value:
                ids[row["wdtk-url-name"].strip()].append(f"{schema}:{value}")
    rows = []
    with (shared / "wdtk_authority_url_names.csv").open(encoding="utf-8", newline="") as handle:
        for row in csv.DictReader(handle):
            url_name = row["url_name"].strip()
            own = sorted(set(ids.get(url_name, ())))
            schemas = {i.split(":", 1)[0] for i in own}
            rows.append(
                {
                    "name": display_name(url_name),
                    "url_name": url_name,
                    "kind": kind_of(url_name, schemas),
                    "identifiers": "|".join(own),
                }
            )
    rows.sort(key=lambda r: r["url_name"])
    return rows


def main(argv: list[str]) -> None:
    shared = Path(argv[1]) if len(argv) > 1 else DEFAULT_SHARED
    rows = build(shared)
    text = io.StringIO(newline="")
    writer = csv.DictWriter(text, fieldnames=["name", "url_name", "kind", "identifiers"])
    writer.writeheader()
    writer.writerows(rows)
    # mtime=0: the same register always builds the same bytes.
    with OUT.open("wb") as raw, gzip.GzipFile(fileobj=raw, mode="wb", mtime=0) as handle:
        handle.write(text.getvalue().encode("utf-8"))
    print(f"{len(rows)} authorities -> {OUT}")


if __name__ == "__main__":
    main(sys.argv)
