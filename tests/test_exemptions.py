"""The one exemption normaliser, its names, regimes, and the exemptions a response relies on.

Phrasings are taken from real responses (tests/fixtures/dev2, disclosure_search/data/samples)
unless marked.
"""

from __future__ import annotations

import pytest

from disclosure_search.exemptions import (
    exemption_label,
    normalise_exemption,
    provision_of,
    relied_on,
    split_exemption,
)
from indexer.metadata.exemptions import find_exemptions
from indexer.metadata.regimes import document_regime

# --- The normaliser: how people write a provision -> the stored form -------------------------


@pytest.mark.parametrize(
    ("printed", "stored"),
    [
        ("s40(2)", "s40(2)"),
        ("40(2)", "s40(2)"),
        ("Section 40 (2)", "s40(2)"),
        ("s.40(2)", "s40(2)"),
        ("S.40 (2)", "s40(2)"),
        ("sec. 40", "s40"),
        ("s. 21 FOIA", "s21"),
        ("Freedom of Information Act 2000 Section 14(1)", "s14(1)"),
        ("r12(4)(b)", "reg12(4)(b)"),
        ("reg 12(5)(e)", "reg12(5)(e)"),
        ("Regulation 12(4)(b)", "reg12(4)(b)"),
        ("EIR 12(4)(b)", "reg12(4)(b)"),
        ("12(5)(e)", "reg12(5)(e)"),  # no FOIA section 12(5)(e): the EIR exception
        ("13", "reg13"),
        ("FOISA s38", "FOISA s38"),
        ("Section 38(1)(b) of the Freedom of Information (Scotland) Act 2002", "FOISA s38(1)(b)"),
        ("EIR (Scotland) 10(5)(e)", "EISR reg10(5)(e)"),
        ("section 9(2)(a) of the OIA", "OIA s9(2)(a)"),
        ("Section 9(2)(a)", "OIA s9(2)(a)"),  # only the OIA has a section 9(2)(a) exemption
        ("s9(2)(ba)(i)", "OIA s9(2)(ba)(i)"),
        ("Section 18(d)", "OIA s18(d)"),
        ("oia-s9(2)(a)", "OIA s9(2)(a)"),
        ("Section 47C", "AU s47C"),
        ("s47c", "AU s47C"),
        ("Section 42", "s42"),  # UK FOIA has a section 42, so an unqualified one is the UK's
        ("IE s37(1)", "IE s37(1)"),
        ("s40(3A)(a)", "s40(3a)(a)"),
        ("foo", "foo"),
    ],
)
def test_normalise_exemption(printed: str, stored: str) -> None:
    assert normalise_exemption(printed) == stored
    assert normalise_exemption(stored) == stored  # idempotent on the stored form


@pytest.mark.parametrize(
    ("printed", "regime", "stored"),
    [
        ("s38(1)(b)", "FOISA", "FOISA s38(1)(b)"),
        ("reg10(5)(e)", "FOISA", "EISR reg10(5)(e)"),  # Scotland's regulations are its EIRs
        ("s40(2)", "FOIA", "s40(2)"),
        ("reg13", "FOIA", "reg13"),
        ("reg12(4)(b)", "OIA", "reg12(4)(b)"),  # no other law here has regulations
        ("s37", "IE", "IE s37"),
        ("s9(2)(a) of the OIA", "FOIA", "OIA s9(2)(a)"),  # a law named in the text wins
    ],
)
def test_normalise_with_the_documents_regime(printed: str, regime: str, stored: str) -> None:
    assert normalise_exemption(printed, regime) == stored


@pytest.mark.parametrize(
    ("code", "regime", "provision"),
    [
        ("s40(2)", "FOIA", "s40(2)"),
        ("reg12(4)(b)", "EIR", "reg12(4)(b)"),
        ("OIA s9(2)(a)", "OIA", "s9(2)(a)"),
        ("FOISA s38(1)(b)", "FOISA", "s38(1)(b)"),
        ("EISR reg10(5)(e)", "EISR", "reg10(5)(e)"),
        ("AU s47F", "AU", "s47F"),
    ],
)
def test_split_exemption(code: str, regime: str, provision: str) -> None:
    assert split_exemption(code) == (regime, provision)
    assert provision_of(code) == provision


@pytest.mark.parametrize(
    ("code", "label"),
    [
        ("s43", "Commercial interests"),
        ("s40(2)", "Personal information"),
        ("s40(2)(a)", "Personal information"),  # no name of its own: its parent's
        ("s12(1)", "Cost of compliance exceeds appropriate limit"),
        ("reg12(4)(b)", "Manifestly unreasonable"),
        ("reg13", "Personal data"),
        ("OIA s9(2)(a)", "Privacy of natural persons"),
        ("OIA s18(d)", "Information publicly available or soon to be"),
        ("FOISA s38(1)(b)", "Personal information"),
        ("IE s37(1)", "Personal information"),
        ("AU s47C", "Deliberative processes"),
        ("s99", ""),
    ],
)
def test_exemption_label(code: str, label: str) -> None:
    assert exemption_label(code) == label


@pytest.mark.parametrize(
    ("regime", "provision", "relied"),
    [
        ("FOIA", "s21(1)", True),
        ("FOIA", "s25", False),  # section 25 is not an exemption in the UK Act
        ("FOIA", "s50", False),
        ("EIR", "reg12(1)(b)", False),  # the public interest test itself
        ("EIR", "reg12(5)(g)", True),
        ("FOISA", "s25", True),
        ("OIA", "s9(2)(k)", True),
        ("OIA", "s17(2)(b)", False),
        ("AU", "s47J", True),
        ("IE", "s15(1)(a)", True),
    ],
)
def test_relied_on(regime: str, provision: str, relied: bool) -> None:
    assert relied_on(regime, provision) is relied


# --- Regimes of real responses ---------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "regime"),
    [
        ("Thank you for your Official Information Act 1982 (OIA) request of 14 April 2023", "OIA"),
        (
            "I refer to your request for access to documents under the Freedom of Information "
            "Act 1982 (the FOI Act)",
            "AU",
        ),
        (
            "Your request has been handled under the Freedom of Information (Scotland) Act 2002.",
            "FOISA",
        ),
        ("You may appeal to the Scottish Information Commissioner.", "FOISA"),
        ("This request has been processed under the Freedom of Information Act 2014.", "IE"),
        (
            "we are refusing your request under Regulation 12(4)(b) of the Environmental "
            "Information Regulations 2004",
            "FOIA",
        ),
        ("Thank you for your request.", None),
    ],
)
def test_document_regime(text: str, regime: str | None) -> None:
    assert document_regime(text) == regime


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        (  # New Zealand Police
            "Therefore your request has been refused under s18(d) of the OIA as the information "
            "requested is publicly available. Please find attached copies of the second and third "
            "Policies requested of which one has been released in part, subject to s9(2)(g)(ii) "
            "of the OIA, to maintain the effective conduct of public affairs.",
            ("OIA s18(d)", "OIA s9(2)(g)(ii)"),
        ),
        (  # a list the previous sentence introduces; "and (ii)" expands
            "Thank you for your Official Information Act 1982 (OIA) request.\n"
            "Police must therefore refuse your request for these documents pursuant to:\n"
            "• s9(2)(b)(i) and (ii) to protect information where making it available would "
            "disclose a trade secret; and\n"
            "• s9(2)(ba)(i) and (ii) to protect confidential information",
            ("OIA s9(2)(b)(i)", "OIA s9(2)(b)(ii)", "OIA s9(2)(ba)(i)", "OIA s9(2)(ba)(ii)"),
        ),
        (
            "Official Information Act 1982.\nIt is withheld in full under section 6(c) of the OIA.",
            ("OIA s6(c)",),
        ),
        (  # "s. 21" is not a sentence end
            "The Trust's Discharge policy the Trust considers this to be exempt from disclosure "
            "under s. 21 FOIA as being information reasonably accessible via other means",
            ("s21",),
        ),
        (  # the Act's acronym and a bare number
            "Please see policies regarding discharge on the below link, where this information "
            "has been previously published. FoIA 21\nInformation which is reasonably "
            "accessible to the applicant.",
            ("s21",),
        ),
        (  # the conditions of section 40(2) are not exemptions of their own
            "Junior staff names are withheld under section 40(2), as disclosure would breach "
            "the first data protection principle (the condition in section 40(3A)(a)).",
            ("s40(2)",),
        ),
        (
            "Consequently, the information requested is exempt from disclosure under\n"
            "section 41of the Freedom of Information Act 2000.",
            ("s41",),
        ),
        (  # invented: a Scottish response
            "The information is withheld under section 38(1)(b) of FOISA. Under the "
            "Freedom of Information (Scotland) Act 2002 we also rely on section 30(b)(i).",
            ("FOISA s30(b)(i)", "FOISA s38(1)(b)"),
        ),
    ],
)
def test_exemptions_relied_on_by_regime(text: str, expected: tuple[str, ...]) -> None:
    assert find_exemptions(text) == expected


@pytest.mark.parametrize(
    "text",
    [
        # another Act's sections, however they are written
        "After section 315 Crimes Act, section 39 Summary Offences Act 1981 is the most common "
        "enactment; section 40 Arms Act 1983 when the person refuses to give particulars.",
        "The Trust only holds accommodation data for patients on Section 117 aftercare, so we "
        "are unable to provide this information.",
        "Under the Section 75 agreement the Trust is unable to provide the social care figures.",
        "The landlord may serve a section 21 notice; we cannot provide advice on eviction.",
        "We refused the developer's Highways Act 1980 section 38 agreement application.",
        "IPCA Act 1988, Section 13 requires Police to notify the Authority; this is withheld.",
        # look-alikes: postcodes and a vehicle plate
        "Sheffield City Council, PO Box 1283, Sheffield S40 2HH. Exempt information is marked.",
        "The refused vehicle carried registration S40 ABC.",
        # a rejected or withdrawn exemption
        "We do not consider that section 43 applies to this information, so it is not withheld.",
        "The council withdrew its reliance on section 14 and provided a new response.",
        # generic boilerplate
        "Some information may be exempt under sections 21 to 44 of the Act.",
        "Section 1(1) gives you the right to be told whether we hold the information.",
        "'Notice under Section 17(1)' explains why your request is refused.",
        # a duty, not an exemption (another Act's TRAP: section 8 defines a valid request)
        "Your request is invalid under section 8 and is refused until you provide your name.",
    ],
)
def test_cited_but_not_relied_on(text: str) -> None:
    assert find_exemptions(text) == ()
