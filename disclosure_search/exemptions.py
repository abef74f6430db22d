"""The one normaliser of exemption citations, shared by the indexer and the query language.

Stored form (one string per exemption in `Disclosure.exemptions`, and in the index):

    <provision>              UK Freedom of Information Act 2000 (FOIA): s40(2), s43, s12
                             UK Environmental Information Regulations 2004 (EIR): reg12(4)(b)
    <QUALIFIER> <provision>  every other law, so facets never mix them:
        FOISA s38(1)(b)      Freedom of Information (Scotland) Act 2002
        EISR reg10(5)(e)     Environmental Information (Scotland) Regulations 2004
        IE s37(1)            Freedom of Information Act 2014 (Ireland)
        OIA s9(2)(a)         Official Information Act 1982 (New Zealand)
        AU s47F              Freedom of Information Act 1982 (Australia)

A provision is `s` (section) or `reg` (regulation), the number (a letter after it in capitals:
s22A, s47C), then each subdivision in brackets, lower case: s9(2)(ba)(i), s40(3a)(a).
`normalise_exemption` reads how people write them ('Section 40 (2)', 's.40(2)', 'sec. 40',
'40(2)', 'r12(4)(b)', 'Regulation 12(4)(b)', 'EIR 12(4)(b)', 'FOISA s38', 'section 9(2)(a) of
the OIA') and is idempotent on the stored form. Pure: no Whoosh, no indexer.
"""

from __future__ import annotations

import re

from disclosure_search.exemption_names import NAMES

FOIA, EIR, FOISA, EISR, IE, OIA, AU = "FOIA", "EIR", "FOISA", "EISR", "IE", "OIA", "AU"
REGIMES = (FOIA, EIR, FOISA, EISR, IE, OIA, AU)
REGIME_NAMES = {
    FOIA: "Freedom of Information Act 2000",
    EIR: "Environmental Information Regulations 2004",
    FOISA: "Freedom of Information (Scotland) Act 2002",
    EISR: "Environmental Information (Scotland) Regulations 2004",
    IE: "Freedom of Information Act 2014 (Ireland)",
    OIA: "Official Information Act 1982 (New Zealand)",
    AU: "Freedom of Information Act 1982 (Australia)",
}
# The UK's two laws are stored without a qualifier (the s/reg prefix tells them apart).
_UNQUALIFIED = (FOIA, EIR)
# Each law's sections (or regulations) come in pairs: (sections' regime, regulations' regime).
_FAMILY = {FOIA: (FOIA, EIR), EIR: (FOIA, EIR), FOISA: (FOISA, EISR), EISR: (FOISA, EISR)}
_SUBS = r"(?:\((?:\w{1,4})\))*"
# The provisions each law lets an authority rely on to withhold or refuse.
_RELIED_ON = {
    FOIA: re.compile(rf"s(?:(?:12|14)(?:\(\d\))*|(?:2[1-4]|22A|2[6-9]|3\d|4[0-4]){_SUBS})"),
    EIR: re.compile(rf"reg(?:12\((?:3|4|5)\)|12\(4\)\([a-e]\)|12\(5\)\([a-g]\)|13){_SUBS}"),
    FOISA: re.compile(rf"s(?:12|14|2[5-9]|3\d|4[01]){_SUBS}"),
    EISR: re.compile(rf"reg(?:10\((?:4|5)\)|10\(4\)\([a-e]\)|10\(5\)\([a-g]\)|11){_SUBS}"),
    IE: re.compile(rf"s(?:15|29|3\d|4[0-2]){_SUBS}"),
    OIA: re.compile(
        rf"s(?:6(?:\([a-e]\))?|7|9|9\(2\)(?:\((?:[a-k]|ba)\))?|10|18(?:\([a-h]\))?){_SUBS}"
    ),
    AU: re.compile(rf"s(?:22|24A?|33|34|37|38|42|45A?|46|47[A-J]?){_SUBS}"),
}
# How a regime is named inside a citation (before or after the provision).
_REGIME_WORDS = [
    (FOISA, r"FOI\s?\(?S\)?A|Freedom of Information \(Scotland\)(?: Act)?(?: 2002)?"),
    (EISR, r"EI\(?S\)?Rs?|EIRs? \(?Scotland\)?|Environmental Information \(Scotland\)[\w ]*"),
    (IE, r"^IE\b|(?:Freedom of Information|FOI) Act,? 2014"),
    (OIA, r"\bOIA\b|Official Information Act(?: 1982)?"),
    (AU, r"^AU\b|(?:Freedom of Information|FOI) Act,? 1982(?: \(Cth\))?|\(Cth\)"),
    (EIR, r"\bEIRs?\b|Environmental Information Regulations?(?: 2004)?"),
    (FOIA, r"\bFOIA\b|FOI Act|Freedom of Information Act(?: 2000)?"),
]
_REGIME_NAMED = re.compile(
    "|".join(f"(?P<{regime}>{words})" for regime, words in _REGIME_WORDS), re.I
)
_PROVISION = re.compile(
    r"(?P<kind>sections?|secs?\.?|ss?\.?|regulations?|regs?\.?|r\.?)?\s*"
    r"(?<!\d)(?P<num>\d{1,3})(?!\d)(?P<letter>[A-Za-z](?![a-z]))?"
    r"(?P<subs>(?:\s*\(\s*\w{1,4}\s*\))*)",
    re.I,
)


def normalise_exemption(printed: str, regime: str | None = None) -> str:
    """The stored form of a printed exemption ('Section 40 (2)' -> 's40(2)', 'EIR 12(4)(b)'
    -> 'reg12(4)(b)', 'FOISA s38' -> 'FOISA s38', 's47c' -> 'AU s47C').

    `regime` is the law the citation belongs to when the caller knows it (the indexer reads
    it from the document); a regime named in `printed` wins. Without either, a provision that
    is no UK exemption but is one of exactly one other law is given that law ('s9(2)(a)' ->
    'OIA s9(2)(a)'). Text that is no provision comes back folded ('foo' -> 'foo').
    """
    named = _REGIME_NAMED.search(printed)
    rest = _REGIME_NAMED.sub(" ", printed) if named else printed
    match = _PROVISION.search(rest.replace("\u00a0", " "))
    if not match:
        return " ".join(printed.lower().split())
    regime = next(k for k, v in named.groupdict().items() if v) if named else regime
    kind = (match.group("kind") or "").lower()
    number = match.group("num") + (match.group("letter") or "").upper()
    subs = "".join(f"({s.lower()})" for s in re.findall(r"\(\s*(\w{1,4})\s*\)", match["subs"]))
    return qualify(*_place(kind, number + subs, regime))


def _place(kind: str, provision: str, regime: str | None) -> tuple[str, str]:
    """(regime, provision with its s/reg prefix) for a citation's kind word and number."""
    is_reg = kind.startswith("r")
    if regime in _FAMILY:
        sections, regulations = _FAMILY[regime]
        if kind:
            return (regulations, f"reg{provision}") if is_reg else (sections, f"s{provision}")
        return (regime, f"reg{provision}" if regime in (EIR, EISR) else f"s{provision}")
    if regime in REGIMES and not is_reg:
        return regime, f"s{provision}"
    if is_reg:  # a regulation: environmental information (no other law here has them)
        return (EISR if relied_on(EISR, f"reg{provision}") else EIR), f"reg{provision}"
    section = f"s{provision}"
    if relied_on(FOIA, section):
        return FOIA, section
    if not kind and relied_on(EIR, f"reg{provision}"):
        return EIR, f"reg{provision}"
    others = [r for r in (IE, OIA, AU) if relied_on(r, section)]
    return (others[0] if len(others) == 1 else FOIA), section


def qualify(regime: str, provision: str) -> str:
    """The stored form of `provision` of `regime`: 's40(2)', 'OIA s9(2)(a)'."""
    return provision if regime in _UNQUALIFIED else f"{regime} {provision}"


def split_exemption(code: str) -> tuple[str, str]:
    """(regime, provision) of a stored exemption: 'OIA s9(2)(a)' -> ('OIA', 's9(2)(a)')."""
    qualifier, _, provision = code.rpartition(" ")
    if qualifier in REGIMES:
        return qualifier, provision
    return (EIR if code.startswith("reg") else FOIA), code


def provision_of(code: str) -> str:
    """The provision without its regime: 'OIA s9(2)(a)' -> 's9(2)(a)'."""
    return split_exemption(code)[1]


def relied_on(regime: str, provision: str) -> bool:
    """True when `regime`'s law lets an authority withhold or refuse under `provision`
    (FOIA s12, s14, s21-s44; EIR reg12(3), 12(4)(a)-(e), 12(5)(a)-(g), 13; ...)."""
    pattern = _RELIED_ON.get(regime)
    return bool(pattern and pattern.fullmatch(provision))


def exemption_label(code: str) -> str:
    """The human name of a stored exemption ('s43' -> 'Commercial interests', 'OIA s9(2)(a)'
    -> 'Privacy of natural persons'); a subdivision without a name of its own takes its
    parent's; '' when the provision has no known name."""
    regime, provision = split_exemption(code)
    names = NAMES.get(regime, {})
    while provision:
        if provision in names:
            return names[provision]
        parent = re.sub(r"\(\w+\)$", "", provision)
        provision = parent if parent != provision else ""
    return ""
