"""Which access-to-information law a response is made under, read from what it cites.

A response names its law ("Official Information Act 1982", "OIA", "Freedom of Information
(Scotland) Act 2002", "FOISA", "Freedom of Information Act 2014", "Freedom of Information Act
1982 (Cth)", "Environmental Information Regulations") and the regulator its appeal paragraph
sends the requester to (the ICO at Wycliffe House, the Scottish Information Commissioner, the
Office of the Information Commissioner, the Ombudsman); the law named most often is the
document's. A citation followed by a specific law's name ("s9(2)(a) of the OIA") is of that
law whatever the document's.
"""

from __future__ import annotations

import re
from collections import Counter

from disclosure_search.exemptions import AU, EIR, EISR, FOIA, FOISA, IE, OIA

# Names that pin a law down (a bare "FOI Act" or "the Act" names the document's own law).
_NAMES = [
    (EISR, r"Environmental Information \(Scotland\) Regulations|\bEI\(?S\)?Rs?\b"),
    (FOISA, r"Freedom of Information \(Scotland\) Act|\bFOI\(?S\)?A\b"),
    (FOISA, r"Scottish Information Commissioner"),
    (IE, r"(?:Freedom of Information|FOI) Act,? 2014"),
    (OIA, r"Official Information Act|\bOIA\b"),
    (AU, r"(?:Freedom of Information|FOI) Act,? 1982|\(Cth\)"),
    (AU, r"Australian Information Commissioner"),
    (EIR, r"Environmental Information Regulations|\bEIRs?\b"),
    (FOIA, r"(?:Freedom of Information|FOI) Act,? 2000|\bFOIA\b"),
    # Where the appeal paragraph sends the requester names the country too.
    (FOIA, r"Information Commissioner[’']?s Office|Wycliffe House|\bico\.org\.uk"),
    (IE, r"Office of the Information Commissioner|\boic\.ie\b"),
    (OIA, r"ombudsman\.parliament\.nz|\bfyi\.org\.nz"),
    (AU, r"\bOAIC\b|oaic\.gov\.au|righttoknow\.org\.au"),
]
_NAMED = re.compile("|".join(f"(?P<g{i}>{words})" for i, (_, words) in enumerate(_NAMES)), re.I)
# Regimes whose sections and regulations are two laws of one country.
_COUNTRY = {EIR: FOIA, EISR: FOISA}
_ACRONYMS = {"foia": FOIA, "foisa": FOISA, "oia": OIA, "eir": EIR, "eirs": EIR}


def named_regimes(text: str) -> list[str]:
    """The regime of each specific law name in `text`, in order."""
    return [_NAMES[int(m.lastgroup[1:])][0] for m in _NAMED.finditer(text)]


def document_regime(text: str) -> str | None:
    """The law a response is made under (its sections' regime: FOIA, FOISA, IE, OIA, AU);
    None when it names none."""
    counts = Counter(_COUNTRY.get(r, r) for r in named_regimes(text))
    if not counts:
        return None
    best = max(counts.values())
    # On a tie the UK law wins: it is the usual one, and others are named to be set apart.
    return FOIA if counts[FOIA] == best else counts.most_common(1)[0][0]


def regime_after(after: str, acronym: str | None = None) -> str | None:
    """The regime a citation names: its own acronym ('OIA 9(2)(a)', 'FoIA 21'), or a specific
    law right after it ('s9(2)(a) of the OIA', 's. 21 FOIA'); None when it names none."""
    if acronym:
        return _ACRONYMS.get(acronym.lower())
    lead = re.match(r"\s*,?\s*(?:(?:of|under|in)\s+)?(?:the\s+)?", after)
    named = _NAMED.match(after, lead.end())
    return _NAMES[int(named.lastgroup[1:])][0] if named else None
