"""What the register says about an indexed authority: its category, official identifiers and
the nation whose bank holidays it keeps.

The register is read by disclosure_search.authority_register, as the indexer reads it to
name authorities, so an indexed authority is spelt as a register row spells it and a look-up
by name is exact.
"""

from __future__ import annotations

import functools
from dataclasses import dataclass, replace

from disclosure_search.authority_register import (
    Authority,
    key_of,
    kind_from_name,
    load_authorities,
)
from disclosure_search.workdays import find_nation


@dataclass(frozen=True)
class AuthorityInfo:
    """An authority as the register knows it; category "" and no identifiers when unknown."""

    name: str
    category: str = ""
    identifiers: tuple[str, ...] = ()
    url_name: str = ""
    nation: str = ""


@functools.cache
def _by_name() -> dict[str, Authority]:
    """Every authority by its display name (hand-kept rows first); read once per process."""
    curated, listed = load_authorities()
    by_name: dict[str, Authority] = {}
    for authority in (*curated, *listed):
        by_name.setdefault(authority.name, authority)
    return by_name


@functools.cache
def find_authority_info(name: str) -> AuthorityInfo:
    """The register's category and identifiers for an indexed authority name, with the nation
    its bank holidays follow (England and Wales when nothing says otherwise). A name the
    register does not hold (a body renamed since, or spelt as its letters spell it) takes the
    category its words say ('... NHS Foundation Trust' is nhs)."""
    known = _by_name().get(name)
    info = AuthorityInfo(name, kind_from_name("_".join(key_of(name))))
    if known is not None:
        info = AuthorityInfo(name, known.kind, known.identifiers, known.url_name)
    return replace(info, nation=find_nation(name, info.identifiers))
