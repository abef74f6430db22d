"""Exemptions an authority relies on, in the stored form of `disclosure_search.exemptions`.

A provision counts only where the authority applies it: cited in a sentence that withholds,
redacts, refuses or weighs the public interest (or in a list such a sentence introduces), and
a provision of the law the response is made under (see `regimes.py`). It does not count when
the sentence
- belongs to another Act ("section 21 of the Local Government Act", "Mental Health Act s117",
  "a section 21 notice", "Section 75 agreement"),
- names a duty, a right or a breach (sections 1, 8, 10, 16, 17, 50: no exemptions),
- is hypothetical or generic ("If ... exceeds the cost limit in section 12", "some information
  may be exempt"), or considers and rejects one ("we do not consider section 43 applies"),
nor when the "section" is a look-alike: a postcode (S1 2HH, S40 2AB) or a vehicle plate.
The caller passes only the authority's own words, so a requester's citations never count.
"""

from __future__ import annotations

import re

from disclosure_search.exemptions import FOIA, normalise_exemption, relied_on, split_exemption
from indexer.metadata.regimes import document_regime, regime_after
from indexer.metadata.sentences import split_sentences

__all__ = ["citations", "find_exemptions"]

_SUB = r"(?:\s?\(\s?[0-9a-z]{1,4}\s?\))"
_CITATION = re.compile(
    r"(?<![\w/.-])(?P<kind>(?i:sections?|secs?\.|ss?\.?\s?|regulations?|regs?\.?\s?|r\.\s?)"
    r"|(?P<act>FOIA|FoIA|FOISA|OIA|EIRs?)\s+(?i:s\.?\s?|section\s|reg\.?\s?|regulation\s)?)"
    r"\s?(?P<num>\d{1,3}(?:[A-Z](?![A-Za-z]))?)(?!\d|\.\d)"
    rf"(?P<sub>{_SUB}{{0,4}})"
    rf"(?P<more>(?:\s?(?:,|and|or|&)\s?(?:\d{{1,3}}{_SUB}{{1,4}}|{_SUB}))*)",
)
# A bare "12(5)(e) of the Environmental Information Regulations" names its law after it.
_BARE = re.compile(
    rf"(?<![\w(/.-])(?P<num>\d{{1,3}})(?P<sub>{_SUB}{{1,4}})(?=\s+of\s+the\s+(?:EIR|Environmental"
    r" Information|OIA|Official Information|FOI|Freedom of Information))"
)
# Look-alikes blanked before reading: postcodes (S1 2HH, SE1 7TP, S40 2AB), and vehicle
# plates ("registration S40 ABC", "number plate AB12 CDE").
_LOOKALIKE = re.compile(
    r"\b[A-Z]{1,2}\d[A-Z\d]?\s*\d[A-Z]{2}\b"
    r"|(?i:registration|number plates?|vehicle|reg\.? (?:no|number|mark))\W{1,20}(?:[A-Z]{1,3}\s?)?"
    r"\d{1,4}\s?[A-Z]{1,3}\b"
)
# The sentence applies what it cites.
_APPLIES = re.compile(
    r"exempt|exception|withh[eo]ld|redact|refus|declin|rel(?:y|ied|ies|ying|iance)\s+(?:on|upon)"
    r"|engag|not obliged|(?:not|unable|n[’']t)\b[^.]{0,40}\bprovide|exceed|cost limit"
    r"|appropriate limit|vexatious|manifestly unreasonable|neither confirm nor deny"
    r"|public interest test|qualified|reasonably accessible|accessible (?:to you )?by other means"
    r"|otherwise accessible|\bin part\b|subject to|pursuant to|to protect\b",
    re.I,
)
# Tight phrases that apply any numbered provision, whatever the law (other countries' Acts).
_TIGHT = re.compile(r"(?:exempt\s+under|refusal\s*[–—-]|withheld\s+under)\s*$", re.I)
# A sentence that only says an exemption might apply ("Some information may be exempt").
_GENERIC = re.compile(
    r"\b(?:may|might|could|can)\s+(?:also\s+)?(?:be\s+)?(?:exempt|withheld|refused|appl(?:y|ied))",
    re.I,
)
_DECIDED = re.compile(
    r"\b(?:is|are|has been|have been|was|were|being)\s+(?:\w+\s+)?(?:exempt|withheld|redacted|"
    r"refused)\b|\bwe (?:are|have)\s+(?:\w+\s+)?(?:relying|applied|applying|withheld|redacted|"
    r"refus)",
    re.I,
)
# The authority considers an exemption and rejects it (or withdraws it).
_REJECTED = re.compile(
    r"\b(?:does|do|did|would|will|could|can)\s*(?:not|n[’']t)\s+(?:\w+\s+){0,2}?"
    r"(?:apply|be engaged|engage)\b|\bis not engaged\b|\bnot (?:been )?(?:applied|relied)\b"
    r"|\b(?:not|no longer) (?:to )?(?:apply|applying|rely|relying)\b"
    r"|\bwe do not (?:consider|believe|think)\b[^.]{0,60}\b(?:applies|apply|is engaged)\b"
    r"|\bwithdr[ae]wn?\b[^.]{0,30}\breliance\b",
    re.I,
)
# An Act's name: a run of capitalised words (and the small words between them) ending "Act".
_ACT_NAME = (
    r"(?:\(?[A-Z][\w'’&-]*\)?\s+(?:(?:of|and|for|to|in|on|the)\s+)*)*(?:Act|Regulations|Order)\b"
)
# What follows a section number when it is another Act's section, not an exemption:
# "section 21 of the Local Government Act 1972", "section 40 Arms Act 1983".
_OTHER_ACT = re.compile(
    r"^\s*(?:(?:of|under|in)\s+(?:the\s+)?"
    r"(?P<act>[A-Z][\w ,()'’&-]{0,80}?\b(?:Act|Regulations|Order)\b)"
    rf"|(?P<named>{_ACT_NAME}))"
)
# ... or what comes before it: "Mental Health Act 1983 s117", "MHA s117", "IPCA Act, Section 13".
_ACT_BEFORE = re.compile(
    rf"(?P<act>{_ACT_NAME}|\b[A-Z]{{2,6}}A)(?:\s+\d{{4}})?\s*,?\s*(?:\(\w+\)\s*)?$"
)
# A section number used as an adjective of another Act's thing: "a section 21 notice".
_OTHER_THING = re.compile(
    r"^\s*(?:notices?|agreements?|orders?|after-?care|patients?|detention|powers?|warrants?"
    r"|licen[cs]es?|applications?|assessments?|funding|monies|payments?|schemes?|appeals?"
    r"|partnerships?|pooled|status)\b",
    re.I,
)
_OUR_LAW = re.compile(
    r"Freedom of Information|Environmental Information|Official Information|\bFOI|\bEIR\b"
    r"|\bOIA\b|^Act$|^(?:FOIA|FoIA|FOISA|OIA)$"
)
# FOIA s40(3A), (3B), (4A) are the conditions of the s40(2) exemption, not exemptions.
_S40_CONDITION = re.compile(r"^s40\([34]\w?\)")


def find_exemptions(text: str) -> tuple[str, ...]:
    """Sorted stored forms of the exemptions the authority applies in `text` (its own words)."""
    default = document_regime(text)
    found: set[str] = set()
    introduced = False  # the previous sentence ends "... withheld under the following sections:"
    for sentence in split_sentences(_LOOKALIKE.sub(_blank, text)):
        applies = bool(_APPLIES.search(sentence))
        if _skipped(sentence):
            introduced = False
            continue
        for cited, tight in citations(sentence, default):
            if tight or introduced or applies:
                found.add(cited)
        introduced = applies and sentence.rstrip().endswith(":")
    return tuple(sorted(most_specific({_condition_to_exemption(e) for e in found})))


def _skipped(sentence: str) -> bool:
    """A hypothetical, generic or rejecting sentence applies nothing it cites."""
    if re.match(r"\s*(?:if|should)\b", sentence, re.I):
        return True  # "If ... exceeds the limit in section 12, please ..."
    if _GENERIC.search(sentence) and not _DECIDED.search(sentence):
        return True
    return bool(_REJECTED.search(sentence))


def citations(sentence: str, default: str | None = None) -> list[tuple[str, bool]]:
    """(stored form, cited in a tight applying phrase?) for each exemption of the response's
    law cited in `sentence`; `default` is the regime of the document, None when it names
    none (then UK law, most responses being English, or in a tight phrase the one law that
    has the provision: "exempt under s47C")."""
    found: list[tuple[str, bool]] = []
    for match in _CITATION.finditer(sentence):
        before, after = sentence[: match.start()], sentence[match.end() :]
        if _other_act(before, after):
            continue
        act = match.group("act")
        regime = regime_after(after, act) or default or FOIA
        kind = "reg" if (act or match.group("kind")).lower().startswith(("r", "eir")) else ""
        tight = bool(_TIGHT.search(before))
        guess = tight and not (default or regime_after(after, act))
        base = f"{kind}{match.group('num')}"
        printed = [f"{base}{match.group('sub')}"]
        last = printed[0]
        for more in re.finditer(rf"(\d{{1,3}})?({_SUB}+)", match.group("more")):
            if more.group(1):
                last = f"{kind}{more.group(1)}{more.group(2)}"
            else:  # "s9(2)(b)(i) and (ii)": the last subdivision replaced
                last = re.sub(rf"{_SUB}$", "", last) + more.group(2)
            printed.append(last)
        for one in printed:
            code = normalise_exemption(one if kind else f"s{one}", regime)
            if guess and not relied_on(*split_exemption(code)):
                # "exempt under s47C" in a text naming no law: the one law that has it
                code = normalise_exemption(one if kind else f"s{one}")
            if relied_on(*split_exemption(code)):
                found.append((code, tight))
    for match in _BARE.finditer(sentence):
        regime = regime_after(sentence[match.end() :]) or default or FOIA
        code = normalise_exemption(match.group(0), regime)
        if relied_on(*split_exemption(code)):
            found.append((code, False))
    return found


def _other_act(before: str, after: str) -> bool:
    """The citation is a provision of another Act, or names another Act's thing."""
    if _OTHER_THING.match(after):
        return True
    for match in (_OTHER_ACT.match(after[:100]), _ACT_BEFORE.search(before[-100:])):
        if match and not _OUR_LAW.search(match.group("act") or match.group("named")):
            return True
    return False


def _blank(match: re.Match[str]) -> str:
    return " " * len(match.group(0))


def _condition_to_exemption(code: str) -> str:
    """FOIA 's40(3a)(a)' -> 's40(2)': the condition is part of the personal-information
    exemption it qualifies."""
    return "s40(2)" if _S40_CONDITION.match(code) else code


def most_specific(found: set[str]) -> set[str]:
    """Drop 's43' when 's43(2)' is also cited: the general mention is the same exemption."""
    return {e for e in found if not any(o != e and o.startswith(e + "(") for o in found)}
