"""Exemptions an authority relies on, normalised: FOIA s40(2), EIR reg12(4)(b), FOISA s38(1)(b).

A section counts only where the authority applies it: in a sentence that withholds, redacts,
refuses or weighs the public interest, and not one of another Act ("section 21 of the Local
Government Act"), a breach or duty (sections 1, 10, 16, 17), the public-interest test itself
(regulation 12(1)(b)) or a hypothetical ("If ... exceeds the cost limit in section 12").
The caller passes only the authority's own words, so a requester's citations never count.
"""

from __future__ import annotations

import re

# FOIA and FOISA exemption sections (12 and 14 are the cost and vexatious limits).
_FOI_SECTIONS = {12, 14, *range(21, 45)}
_SUB = r"(?:\s?\(\s?[0-9a-z]{1,4}\s?\))"
_CITATION = re.compile(
    rf"\b(?P<kind>sections?|s\.?\s?|regulations?|regs?\.?\s?)\s?(?P<num>\d{{1,3}}[A-Z]?)\b"
    rf"(?P<sub>{_SUB}{{0,3}})(?P<more>(?:\s?(?:,|and|or|&)\s?\d{{1,3}}{_SUB}{{1,3}})*)",
    re.I,
)
# A bare "12(5)(e) of the Environmental Information Regulations" names its law after it.
_BARE = re.compile(
    rf"\b(?P<num>1[23])(?P<sub>{_SUB}{{1,3}})\s+of\s+the\s+(?:EIR|Environmental Information)", re.I
)
# The sentence applies what it cites.
_APPLIES = re.compile(
    r"exempt|exception|withh[eo]ld|redact|refus|declin|rel(?:y|ied|ies|ying|iance)\s+(?:on|upon)"
    r"|engag|not obliged|(?:not|unable|n[’']t)\b[^.]{0,40}\bprovide|exceed|cost limit"
    r"|appropriate limit|vexatious|manifestly unreasonable|neither confirm nor deny"
    r"|public interest test|qualified",
    re.I,
)
# Tight phrases that apply any numbered provision, whatever the law (other countries' Acts).
_TIGHT = re.compile(r"(?:exempt\s+under|refusal\s*[–—-]|withheld\s+under)\s*$", re.I)
# What follows a section number when it is another Act's section, not an exemption.
_OTHER_ACT = re.compile(
    r"^\s*(?:of|under)\s+(?:the\s+)?(?P<act>[A-Z][\w ,()'’&-]{0,80}?\b(?:Act|Regulations|Order)\b)"
)
_OUR_LAW = re.compile(r"Freedom of Information|Environmental Information|\bFOI|\bEIR\b|^Act$")
# A sentence ends at . ! ? before a capital, at a blank line, or at a colon ending a line.
_SENTENCE_END = re.compile(r"(?<=[.!?])\s+(?=[\"“‘(\[]?[A-Z0-9])|\n\s*\n|(?<=:)[ \t]*\n")


def find_exemptions(text: str) -> tuple[str, ...]:
    """Sorted normalised exemptions the authority applies in `text` (its own words only)."""
    found: set[str] = set()
    for sentence in split_sentences(text):
        if re.match(r"\s*if\b", sentence, re.I):
            continue  # a hypothetical: "If ... exceeds the limit in section 12, please ..."
        applies = bool(_APPLIES.search(sentence))
        for cited, tight in citations(sentence):
            if tight or (applies and is_exemption(cited)):
                found.add(cited)
    return tuple(sorted(most_specific(found)))


def split_sentences(text: str) -> list[str]:
    """Sentences with hard line wraps joined (a heading runs into its first sentence)."""
    return [" ".join(s.split()) for s in _SENTENCE_END.split(text) if s.strip()]


def citations(sentence: str) -> list[tuple[str, bool]]:
    """(normalised provision, cited in a tight applying phrase?) for each one cited."""
    found: list[tuple[str, bool]] = []
    for match in _CITATION.finditer(sentence):
        if _other_act(sentence[match.end() :]):
            continue
        prefix = "reg" if match.group("kind").lower().startswith("r") else "s"
        tight = bool(_TIGHT.search(sentence[: match.start()]))
        found.append(
            (f"{prefix}{match.group('num').lower()}{subsections(match.group('sub'))}", tight)
        )
        for more in re.finditer(rf"(\d{{1,3}})({_SUB}+)", match.group("more")):
            found.append((f"{prefix}{more.group(1)}{subsections(more.group(2))}", tight))
    for match in _BARE.finditer(sentence):
        found.append((f"reg{match.group('num')}{subsections(match.group('sub'))}", False))
    return found


def is_exemption(cited: str) -> bool:
    """A FOIA/FOISA exemption section or an EIR exception: 12(3), 12(4)(a)-(e), 12(5)(a)-(g), 13."""
    if cited.startswith("reg"):
        return cited.startswith("reg13") or bool(
            re.fullmatch(
                r"reg12(?:\(3\)|\(4\)(?:\([a-e]\))?|\(5\)(?:\([a-g]\))?)(?:\(\w+\))*", cited
            )
        )
    number = re.match(r"s(\d+)", cited)
    return (
        bool(number) and int(number.group(1)) in _FOI_SECTIONS and cited[1:].split("(")[0].isdigit()
    )


def most_specific(found: set[str]) -> set[str]:
    """Drop 's43' when 's43(2)' is also cited: the general mention is the same exemption."""
    return {e for e in found if not any(o != e and o.startswith(e + "(") for o in found)}


def subsections(raw: str) -> str:
    """' (4) ( B )' -> '(4)(b)'."""
    return "".join(f"({s.strip().lower()})" for s in re.findall(r"\(\s?(\w{1,4})\s?\)", raw))


def _other_act(following: str) -> bool:
    match = _OTHER_ACT.match(following[:100])
    return bool(match) and not _OUR_LAW.search(match.group("act"))


def normalise_exemption(printed: str) -> str:
    """'Section 40(2)' -> 's40(2)', 'Regulation 12(4)(b)' -> 'reg12(4)(b)', 's47C' -> 's47c'."""
    match = re.match(
        r"\s*(?P<kind>section|s\.?|regulation|reg\.?|r\.?)\s*(?P<num>\d+[a-z]?)(?P<sub>.*)$",
        printed,
        re.I,
    )
    if not match:
        return printed.strip().lower()
    prefix = "reg" if match.group("kind").lower().startswith("r") else "s"
    return f"{prefix}{match.group('num').lower()}{subsections(match.group('sub'))}"
