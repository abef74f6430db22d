"""The authority register and the authority rules, on phrasings from real responses (dev2's NHS
trusts and New Zealand Police letters, the samples' councils and departments)."""

from __future__ import annotations

import importlib.util

import pytest

from disclosure_search.config import DATA_DIR
from indexer.metadata.authority import (
    canonical,
    find_authority,
    known_authorities,
    mentions,
    names_of,
    sender_authority,
)
from indexer.metadata.letterhead import organisation_names

_spec = importlib.util.spec_from_file_location(
    "build_authorities", DATA_DIR / "register" / "build_authorities.py"
)
build = importlib.util.module_from_spec(_spec)
_spec.loader.exec_module(build)


@pytest.mark.parametrize(
    ("url_name", "name"),
    [
        (
            "birmingham_womens_and_childrens_nhs_foundation_trust",
            "Birmingham Women's and Children's NHS Foundation Trust",
        ),
        (
            "avon_and_wiltshire_mental_health_partnership_nhs_trust",
            "Avon and Wiltshire Mental Health Partnership NHS Trust",
        ),
        ("st_georges_university_hospitals_nhs_foundation_trust", None),
        ("the_shrewsbury_and_telford_hospital_nhs_trust", None),
        ("dhsc", "DHSC"),
        ("hasbury_ce_primary_school_halesowen", "Hasbury CE Primary School Halesowen"),
    ],
)
def test_display_names_from_url_names(url_name: str, name: str | None) -> None:
    shown = build.display_name(url_name)
    if name:
        assert shown == name
    assert shown.replace("'", "").lower().replace(" ", "_") == url_name


@pytest.mark.parametrize(
    ("url_name", "kind"),
    [
        ("solent_nhs_trust", "nhs"),
        ("police_ombudsman_for_northern_ireland", "police"),
        ("housing_ombudsman", "regulator"),
        ("walton_upon_trent_parish_council", "council"),
        ("solent_university", "university"),
        ("boleyn_road_practice", "health"),
    ],
)
def test_kind_from_the_name(url_name: str, kind: str) -> None:
    assert build.kind_of(url_name, set()) == kind


def test_the_register_is_loaded_with_the_hand_kept_list_first() -> None:
    authorities = known_authorities()
    assert len(authorities) > 46000
    assert authorities[0].name == "Coventry City Council"
    coventry = authorities[0]
    assert coventry.url_name == "coventry_city_council" and coventry.identifiers
    assert len({a.name for a in authorities if a.name == "Sheffield City Council"}) == 1


@pytest.mark.parametrize(
    ("text", "name"),
    [
        # line breaks, a stray comma, curly apostrophes and doubled spaces inside the name
        (
            "request for information from Avon and Wiltshire Mental Health Partnership, NHS\n"
            "Trust. Please find below",
            "Avon and Wiltshire Mental Health Partnership NHS Trust",
        ),
        (
            "Ladywood House\nBirmingham Women’s and  Children’s  NHS Foundation Trust\n",
            "Birmingham Women's and Children's NHS Foundation Trust",
        ),
        ("Sheffield Health & Social Care NHS Foundation Trust", None),
        ("adult mental health services in north staffordshire combined healthcare nhs trust", None),
        ("Website: https://www.elft.nhs.uk", "East London NHS Foundation Trust"),
        ("Email: FOI@SHSC.NHS.UK", "Sheffield Health and Social Care NHS Foundation Trust"),
        ("Telephone: 04 474 9499. www.police.govt.nz", "New Zealand Police"),
        ("the PSNI replied", "Police Service of Northern Ireland"),
    ],
)
def test_registered_names_in_text(text: str, name: str | None) -> None:
    [(_, _, found)] = mentions(text)
    assert found.name == (name or canonical(found.name))


@pytest.mark.parametrize(
    "text",
    [
        "the surgery and the place were closed",  # 'The Surgery', 'The Place' are registered
        "forest research shows",  # 'Forest Research' counts only with its capitals
        "psni",  # an acronym only as printed
        "Police took a phased approach; Health and the Council agreed",
    ],
)
def test_ordinary_phrases_are_not_authorities(text: str) -> None:
    assert mentions(text) == []


def test_longest_registered_name_wins() -> None:
    [(_, _, found)] = mentions("Rotherham Doncaster and South Humber NHS Foundation Trust")
    assert found.name == "Rotherham Doncaster and South Humber NHS Foundation Trust"


@pytest.mark.parametrize(
    ("printed", "name"),
    [
        ("avon and wiltshire mental health partnership nhs trust", None),
        ("The New Zealand Police", "New Zealand Police"),
        ("Brighton & Hove City Council", "Brighton and Hove City Council"),
        ("MHCLG", "Ministry of Housing, Communities and Local Government"),
        ("Somewhere  Parish Council.", "Somewhere Parish Council"),
    ],
)
def test_canonical_names(printed: str, name: str | None) -> None:
    want = name or "Avon and Wiltshire Mental Health Partnership NHS Trust"
    assert canonical(printed) == want


@pytest.mark.parametrize(
    ("sender", "name"),
    [
        ("foi@sheffield.gov.uk", "Sheffield City Council"),
        ("<elft.foi@nhs.net>", "East London NHS Foundation Trust"),
        ("rdash.foirdash@nhs.net", "Rotherham Doncaster and South Humber NHS Foundation Trust"),
        ("someone@nhs.net", None),
        ("foi@hse.ie", "Health Service Executive"),
        ("vanessafillis.journalism@gmail.com", None),
    ],
)
def test_sender_authority(sender: str, name: str | None) -> None:
    assert sender_authority(sender) == name


def test_names_of_known_and_unknown() -> None:
    assert names_of("Greater Manchester Police") == ("Greater Manchester Police",)
    assert "London Borough of Brent" in names_of("Brent Borough Council")
    assert names_of("Nowhere Town Council") == ("Nowhere Town Council",)
    assert names_of(None) == ()


@pytest.mark.parametrize(
    ("text", "name"),
    [
        (
            "Ladywood House\nBirmingham Women’s and Children’s NHS Foundation Trust",
            "Birmingham Women's and Children's NHS Foundation Trust",
        ),
        (
            "Informatics Directorate     North West Boroughs Healthcare NHS Foundation Trust",
            "North West Boroughs Healthcare NHS Foundation Trust",
        ),
        (
            "The Freedom of Information Team Northamptonshire Healthcare NHS Foundation Trust",
            "Northamptonshire Healthcare NHS Foundation Trust",
        ),
        (
            "Chief Executive: Angela Hillery\nLeicestershire Partnership NHS Trust is a smoke-free",
            "Leicestershire Partnership NHS Trust",
        ),
        ("on the The New Zealand Police website", "New Zealand Police"),
        ("Gloucestershire Health & Care NHS Foundation Trust", None),
    ],
)
def test_organisation_names_start_where_the_name_starts(text: str, name: str | None) -> None:
    want = name or "Gloucestershire Health and Care NHS Foundation Trust"
    assert organisation_names(text)[0] == want


@pytest.mark.parametrize(
    "text", ["Assurance Manager: Police Instructions\nAssurance Group\nPolice National", "Police"]
)
def test_a_bare_public_body_noun_is_no_name(text: str) -> None:
    assert organisation_names(text) == []


def test_the_letterhead_wins_over_bodies_the_letter_names() -> None:
    head = (
        "Information Governance\nEmail elft.foi@nhs.net\n13 April 2021\nDear Requester,\n"
        "You asked about housing support in Sheffield City Council's area."
    )
    foot = "complain to the Information Commissioner's Office.\nYours sincerely\nFOI Team"
    text = head + "\n" + foot
    found = find_authority(text, {}, heads=[head, foot])
    assert found == "East London NHS Foundation Trust"


def test_an_initialism_two_trusts_share_names_neither() -> None:
    # nhft: Northamptonshire Healthcare and Northumbria Healthcare NHS Foundation Trusts
    assert mentions("Email: foi@nhft.nhs.uk") == []


def test_the_signature_block_names_the_responder() -> None:
    text = (
        "Dear Olivia\nYou asked for the NZTA procedure. The New Zealand Transport Agency "
        "manages licences.\nYours sincerely\nSuperintendent Steve Greally\n"
        "Police National Headquarters\nTelephone: 04 474 9499. www.police.govt.nz\n\n"
        "Driver licensing\nRefer to the New Zealand Transport Agency and the NZTA."
    )
    assert find_authority(text, {}, heads=[text[:120], text[-100:]]) == "New Zealand Police"


def test_a_regulator_never_answers_for_the_authority() -> None:
    text = (
        "Information Commissioner's Office\nWycliffe House\nwww.ico.org.uk\n"
        "Yours sincerely\nFreedom of Information Team\nDerbyshire Healthcare NHS Foundation Trust"
    )
    assert find_authority(text, {}) == "Derbyshire Healthcare NHS Foundation Trust"


def test_a_renamed_trust_keeps_the_name_the_letter_prints() -> None:
    text = (
        "copyright is owned by Nottinghamshire Healthcare NHS Foundation Trust.\n"
        "Nottinghamshire Healthcare NHS Trust\nYours sincerely"
    )
    found = find_authority(text, {}, heads=["Nottinghamshire Healthcare NHS Trust"])
    assert found == "Nottinghamshire Healthcare NHS Foundation Trust"
