"""Metadata rules on real strings from the samples: references, dates, authorities, titles,
questions, exemptions, outcomes, topics, and how a request thread is read."""

from __future__ import annotations

from datetime import date

import pytest

from disclosure_search.models import Part, Question
from disclosure_search.refs import normalise_request_id
from indexer.extract.result import Extracted
from indexer.metadata.authority import find_authority, mentions
from indexer.metadata.dates import find_dates, find_letter_date, find_received
from indexer.metadata.exemptions import find_exemptions
from indexer.metadata.outcome import find_outcome
from indexer.metadata.questions import find_questions, find_thread_questions
from indexer.metadata.refs import find_request_ids
from indexer.metadata.response import read_response
from indexer.metadata.thread import ECHO_WORDS, read_correspondence, remove_echo, split_quoted
from indexer.metadata.title import clean_title, find_title, split_site_title
from indexer.topics import find_topics


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Request ID: FOI759201887\nThank you", "FOI759201887"),
        ("Request Number: F-2010-00325\nKeyword: Police", "F-2010-00325"),
        ("Our ref: 01/FOI/25/006753/Z\n", "01/FOI/25/006753/Z"),
        (
            "Your reference: FOI-24576-25-0300-000\nMy Reference: FOI 1306/25\n",
            "FOI 1306/25",
        ),
        ("Freedom of Information Request - FOI / 2022-23-1202", "FOI / 2022-23-1202"),
        ("Environmental Information Request - EIR / 1737088 ", "EIR / 1737088"),
        ("Reference: T5741/15\nDear Mr Young", "T5741/15"),
        ("Our reference: 1406745\n", "1406745"),
        ("Case Reference Number FS50379341\n", "FS50379341"),
        ("our case IC-123456-A1B2 was closed", "IC-123456-A1B2"),
    ],
)
def test_request_id_formats(text: str, expected: str) -> None:
    assert find_request_ids(text)[0] == expected


def test_request_id_skips_the_requesters_reference() -> None:
    assert "FOI-24576-25-0300-000" not in find_request_ids("Your reference: FOI-24576-25-0300-000")


@pytest.mark.parametrize(
    "variant", ["FOI/2023/0123", "FOI 2023 0123", "foi-2023-0123", " foi_2023.0123 "]
)
def test_request_id_normal_form_folds_variants(variant: str) -> None:
    assert normalise_request_id(variant) == "FOI20230123"


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("13 November 2025", date(2025, 11, 13)),
        ("13th October 2025", date(2025, 10, 13)),
        ("Date:10/10/2025", date(2025, 10, 10)),
        ("1st of March 2024", date(2024, 3, 1)),
        ("September 30, 2011", date(2011, 9, 30)),
        ("2024-02-21", date(2024, 2, 21)),
    ],
)
def test_date_formats(text: str, expected: date) -> None:
    assert find_dates(text)[0][1] == expected


def test_response_date_is_the_letter_date_not_the_received_date() -> None:
    letter = "Information Governance\n\nWe received your request on 1 October 2025.\n"
    assert find_letter_date("Coventry\n\n13 November 2025\n\nDear Sir\n" + letter) == date(
        2025, 11, 13
    )
    assert find_letter_date("Your request was received on 01/10/2025.") is None


def test_no_date_means_none() -> None:
    assert find_letter_date("No date is printed in this letter.") is None


def test_title_drops_reply_and_request_noise() -> None:
    assert clean_title("RE: Freedom of Information request - Pothole reports") == (
        "Pothole reports"
    )
    assert clean_title("FW: FOI request - CCTV cameras") == "CCTV cameras"


def test_title_from_relating_to_phrase() -> None:
    text = "Thank you for your request for information relating to Council Occupational "
    text += "Physiotherapy Service.\n"
    assert find_title(None, text) == "Council Occupational Physiotherapy Service"


def test_site_title_names_the_authority() -> None:
    title = "PSL Schemes - a Freedom of Information request to Ministry of Housing - WhatDoTheyKnow"
    assert split_site_title(title) == ("PSL Schemes", "Ministry of Housing")


def test_exemptions_normalised_and_other_acts_ignored() -> None:
    text = (
        "The information is exempt under Section 40(2) of the Freedom of Information Act. "
        "We also rely on regulation 12(4)(b) and Regulation 13 of the EIR. "
        "Section 21 of the Local Government Act 1972 does not apply."
    )
    assert find_exemptions(text) == ("reg12(4)(b)", "reg13", "s40(2)")


@pytest.mark.parametrize(
    ("text", "outcome"),
    [
        ("I can confirm that the Council does not hold the information requested.", "not held"),
        ("Your request is refused as it would exceed the appropriate limit.", "refused"),
        ("Some names have been redacted under section 40(2).", "partially granted"),
        ("Please find attached the information you requested.", "granted"),
        ("Thank you for your email.", "unknown"),
    ],
)
def test_outcome_rules(text: str, outcome: str) -> None:
    assert find_outcome(text)[0] == outcome


def test_authority_from_letterhead_and_known_list() -> None:
    assert find_authority("Postal Address:\nCoventry City Council\nPO Box 7097\n", {}) == (
        "Coventry City Council"
    )
    assert find_authority("text", {"from": "foi@sheffield.gov.uk"}) == "Sheffield City Council"
    assert find_authority("text", {"authority": "MHCLG"}) == (
        "Ministry of Housing, Communities and Local Government"
    )


def test_topics_from_taxonomy() -> None:
    topics = find_topics("Pothole reports and repairs", "potholes reported on the highway")
    assert topics[0] == "highways"


# --- Request IDs as the samples print them -------------------------------------------------


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Reference : T5741/15\n\nThank you for your e-mail enquiry.", "T5741/15"),
        (
            "Subject: Re – Freedom of Information Request – Reference – FOI /\n2022-23-1202",
            "FOI / 2022-23-1202",
        ),
        (
            "Subject: Re – Environmental Information Regulations Request – Reference –\n"
            "EIR / 1737088",
            "EIR / 1737088",
        ),
        ("FOI REQUEST - REFERENCE NUMBER 2013-040\nI refer to your request", "2013-040"),
        ("Our reference: 3375675 Information request", "3375675"),
        ("Request Number:\nF-2010-00325\nKeyword:", "F-2010-00325"),
    ],
)
def test_request_id_sample_formats(text: str, expected: str) -> None:
    assert find_request_ids(text)[0] == expected


def test_request_id_variants_count_as_one_printed_as_labelled() -> None:
    text = "Internal Review FOI 1037698\nSubject: Re – Freedom of Information Request – "
    text += "Reference – FOI / 1037698"
    assert find_request_ids(text) == ["FOI / 1037698"]


def test_request_id_ignores_the_requesters_own_references() -> None:
    request = "granted a decision of regularisation in January 2017 (reference 16/03443/DEXRG)"
    quoted = "Subject: Freedom of Information request - Planning documents not on the\n"
    quoted += "public site for reference 16/03443/DEXRG"
    assert find_request_ids("", quoted, exclude=request) == []


def test_request_id_shape_is_not_cut_from_the_requesters_reference() -> None:
    text = "Your reference: FOI-24576-25-0300-000\nMy Reference:   FOI 1306/25\n"
    assert find_request_ids(text) == ["FOI 1306/25"]


# --- Dates ----------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ('13" October 2025', date(2025, 10, 13)),  # OCR of a superscript 'th'
        ('15"" September 2025', date(2025, 9, 15)),
        ("the 6^th March 2024", date(2024, 3, 6)),
        ("Thursday, February 8, 2024 11:21 AM", date(2024, 2, 8)),
    ],
)
def test_date_formats_as_extracted(text: str, expected: date) -> None:
    assert find_dates(text)[0][1] == expected


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        (
            "Mr Tom Young\nReference: T5741/15\t\t\t\t\t\t\t\t29 May 2015\nDear Mr Young,",
            date(2015, 5, 29),
        ),
        ("Decision notice\nDate:\n10 November 2011\nPublic Authority:", date(2011, 11, 10)),
        ("Claudia Robinson\n13th October 2025\nDear Ms Robinson,", date(2025, 10, 13)),
        ("Date:10/10/2025\nDear Sir", date(2025, 10, 10)),
        ("Date: 13/11/2025    Our ref: FOI 123 Information Governance Team", date(2025, 11, 13)),
        ("Date of response: 5 May 2024", date(2024, 5, 5)),
        ("Due date: 5 May 2024", None),
        ("Date received: 1 October 2025", None),
        ("On 26 October 2010, the complainant wrote to the council.", None),
        ("The council responded on 2 November 2010.", None),
    ],
)
def test_letter_date_is_a_dateline_not_a_date_in_a_sentence(
    text: str, expected: date | None
) -> None:
    assert find_letter_date(text) == expected


def test_letter_date_at_the_foot() -> None:
    body = "Dear Sir\n" + "The answer is in the table below.\n" * 120
    assert find_letter_date(body + "Yours faithfully\nA Officer\n3 March 2024\n") == date(
        2024, 3, 3
    )


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        (
            "I refer to your request for information received by Cumbria Constabulary on "
            "15th September 2025.",
            date(2025, 9, 15),
        ),
        (
            "Thank you for your request for information relating to Football RIDDOR\n"
            "which we received on 22/12/2023.",
            date(2023, 12, 22),
        ),
        ("Thank you for your request for information received on 12 June 2019.", date(2019, 6, 12)),
        ("Thank you for contacting us on 17 June 2017", None),
    ],
)
def test_received_date(text: str, expected: date | None) -> None:
    assert find_received(text) == expected


# --- Exemptions the authority applies --------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("We are therefore declining to process it under section 12 of the Act.", ("s12",)),
        (
            "However, staff names are exempt from disclosure under section 40(2) of the "
            "Freedom of Information Act 2000 on the grounds that it is personal data",
            ("s40(2)",),
        ),
        (
            "We don’t believe we would be able to provide the information you are\n"
            "asking for under section 12 of the Act.",
            ("s12",),
        ),
        (
            "Please note that personal data has been redacted under Regulation 12(3) of\n"
            "the Environmental Information Regulations 2004 (EIR) and Regulation 13 EIR",
            ("reg12(3)", "reg13"),
        ),
        (
            "12(5)(e) of the Environmental Information Regulations 2004 (EIR) provides\n"
            "an exception for the confidentiality of commercial information",
            ("reg12(5)(e)",),
        ),
        (
            "Regulation 12(5)(e) is subject to the public interest test set out at\n"
            "regulation 12(1)(b).",
            ("reg12(5)(e)",),
        ),
        (
            "we are refusing your\nrequest under Regulation 12(4)(b) of the Environmental "
            "Information\nRegulations 2004",
            ("reg12(4)(b)",),
        ),
        (
            "The information is exempt from disclosure under section 43(2) of the Freedom of "
            "Information Act 2000. Section 43 is a qualified exemption. S43 as above.",
            ("s43(2)",),
        ),
        (
            "Access refusal – s47C (deliberative processes)\nAccess to documents 2, 3, 4 would "
            "be refused on the basis that those documents are conditionally exempt under s47C "
            "of the FOI Act.",
            ("AU s47C",),
        ),
        ("Access refusal – s42 (legal professional privilege)", ("s42",)),
        (
            "an exclusion notice under the Freedom of Information Act 2000 Section 14(1) and "
            "14(2) for repeated and vexatious requests",
            ("s14(1)", "s14(2)"),
        ),
    ],
)
def test_exemptions_applied(text: str, expected: tuple[str, ...]) -> None:
    assert find_exemptions(text) == expected


@pytest.mark.parametrize(
    "text",
    [
        # the requester's hypothetical, echoed in a reply
        "If it is not possible to provide the information requested due to the information "
        "exceeding the cost of compliance limits identified in Section 12, please provide "
        "advice and assistance, under the Section 16 obligations of the Act",
        "We breached Section 10 of the Act by failing to respond within 20 working days.",
        "Under section 16 of the Freedom of Information Act 2000, we have a duty to provide "
        "advice and assistance to requesters.",
        "I am authorised by the Managing Director under section 23 of the FOI Act to make "
        "decisions in respect of requests made under that Act.",
        "Section 8(1) of the ABC Act states that it is a duty of the Board",
        "Regulation 7(1) of The Environmental Information Regulations 2004 (EIR) enables an "
        "authority to extend the 20 working day limit",
        "regulation 12(2) of the EIR requires a public authority to apply a presumption in "
        "favour of disclosure when relying on any of the regulation 12 exceptions.",
        "you may make a complaint, under Section 50 of the Freedom of Information Act",
    ],
)
def test_exemptions_not_applied(text: str) -> None:
    assert find_exemptions(text) == ()


# --- Outcome with its evidence -------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "outcome"),
    [
        (
            "Unfortunately I am unable to provide this information, because we do not\n"
            "have it. I have attached my formal response which sets out the details.",
            "not held",
        ),
        (
            "Unfortunately I am unable to provide this information. I have attached my\n"
            "formal response which sets out the reasons for this.",
            "refused",
        ),
        (
            "The decision has been taken to disclose the located information to you in\nfull.",
            "granted",
        ),
        (
            "I can confirm Cumbria Constabulary does hold\nsome information relevant to your "
            "request and where this is the case I have today decided to disclose this\nto you.",
            "granted",
        ),
        ("I hope you will find this information helpful.", "granted"),
        (
            "Please see attached document.\nPlease note that the names and details of "
            "individuals have been withheld\nunder section 40(2) of the Freedom of "
            "Information Act 2000",
            "partially granted",
        ),
        # "Please find our response below" frames a reply and gives nothing itself
        (
            "Please find Sheffield City Council’s response to your request set out\nbelow:\n"
            "We do not have a record of the total number of complaints of all kinds",
            "not held",
        ),
        (
            "In relation to the documents which are within the scope of the FOI Act, access is "
            "granted to those documents. Access to documents 2, 3, 4 would be refused on the "
            "basis that those documents are conditionally exempt under s47C of the FOI Act.",
            "partially granted",
        ),
        ("We are therefore declining to process it under section 12 of the Act.", "refused"),
        (
            "I have attached my formal response.\nAttachment: For Release.pdf\n"
            "Attachment: Response some exempt.pdf",
            "partially granted",
        ),
        ("I have attached my formal response.\nAttachment: Response not held.pdf", "not held"),
        (
            "Numri i puleve te importuara ne vitin 2010 ka qene 5 milion e treqind mije sosh "
            "(me numra 3,500,000)",
            "granted",
        ),
    ],
)
def test_outcome_from_the_responses_words(text: str, outcome: str) -> None:
    found, evidence = find_outcome(text)
    assert found == outcome
    assert evidence


@pytest.mark.parametrize(
    "text",
    [
        "If you are unhappy with our decision to refuse your request, you can ask for a review.",
        # released material, not the authority's decision on the request
        "The Council's decision: planning permission is refused for the reasons below.",
        "The Home Office does not centrally hold information on Home Office staff who have "
        "moved to work for the Inquiry Secretariat.",
    ],
)
def test_statements_that_decide_nothing(text: str) -> None:
    assert find_outcome(text) == ("unknown", None)


def test_redaction_the_requester_accepted_is_not_a_partial_refusal() -> None:
    text = (
        "Please see attached RIDDOR reports of accidents that took place at that location/s. "
        "Please note that the names and details of individuals have been redacted under "
        "section 40(2) of the Freedom of Information Act 2000."
    )
    assert find_outcome(text)[0] == "partially granted"
    assert find_outcome(text, accepted_redaction=True)[0] == "granted"


def test_outcome_falls_back_to_answers_then_thread_status() -> None:
    assert find_outcome("Not applicable.", answered=11) == ("granted", "11 questions answered")
    text = "I have attached our formal response to your request."
    assert find_outcome(text) == ("unknown", None)
    assert find_outcome(text, status="Successful")[0] == "granted"


@pytest.mark.parametrize(
    ("text", "outcome"),
    [
        # whole-request refusals: framing and closing words give nothing
        (
            "Please find below, Sheffield City Council’s response to your request:\n"
            "This request for information is exempt from disclosure under Section 14 of the "
            "Freedom of Information Act 2000 as it is deemed to be vexatious.\n"
            "I hope the information we have provided is of help to your enquiries.",
            "refused",
        ),
        (
            "Please find Sheffield City Council’s response to your request set out below:\n"
            "The information you have requested is exempt from disclosure under section 12 of "
            "the Freedom of Information Act 2000. A search of records would exceed the cost "
            "limit of 18 hours or £450.",
            "refused",
        ),
        (
            "As this information is accessible by other means it is exempt from disclosure "
            "under Section 21(1) of the Freedom of Information Act 2000.",
            "refused",
        ),
        (  # invented: a cost estimate's figures give nothing
            "The Council holds approximately 3,000 case files. To review each file would take "
            "15 minutes, which would exceed the appropriate limit of 18 hours.",
            "refused",
        ),
        # some given, some withheld or not held
        (
            "Please find attached two spreadsheets which answer questions one and two; however "
            "we are unable to answer question 3 as the Trust does not hold this information.",
            "partially granted",
        ),
        (
            "I can confirm that some of the information requested is held by the Trust: Please "
            "see the Trust response to questions one and two in the attached.",
            "partially granted",
        ),
        (
            "Under Section 1(1)(a) of the Act, the Trust can confirm that it holds part of "
            "information relevant to your request and this has been provided where possible.",
            "partially granted",
        ),
        (
            "In respect of questions 1 and 3, the Trust does not hold exact data: the total "
            "number with a specific job title in the Trust relating to Housing is 4. The "
            "Discharge policy is exempt from disclosure under s. 21 FOIA as being information "
            "reasonably accessible via other means.",
            "partially granted",
        ),
        (
            "Please refer to the attached excel document.\nThe Trust is unable to provide a "
            "breakdown by this metric.",
            "partially granted",
        ),
        (
            "See attached .csv files\nPlease note where numbers are low we have indicated “<5” "
            "as we reasonably believe that release of precise figures could lead to "
            "identification of individuals.",
            "partially granted",
        ),
        (
            "Where appropriate, some information from the chapters has been withheld under the "
            "following section/s of the OIA:",
            "partially granted",
        ),
        (
            "In response to your request for instructions, I provide the following "
            "information:\nExcerpt from the Police Manual ‘Arrest and Detention’ (3 pages)\n"
            "In response to your request for Police legal opinions, this information is refused "
            "pursuant to section 9(2)(h) of the OIA.",
            "partially granted",
        ),
        (
            "The successful consultants are Fourth Street Place Consultants Ltd, with the fee "
            "being £70k. The tender scores are exempt under Section 41 of the Freedom of "
            "Information Act 2000.",
            "partially granted",
        ),
        # nothing held
        (
            "There are no numbers held in regard to the number of staff who support patients.\n"
            "There is no protocol regarding No Fixed Abode (NFA) discharged. The information is "
            "not held and therefore, not disclosable.",
            "not held",
        ),
        (
            "Within the Air Quality team, we do not possess analysed data for air pollution in "
            "the requested format. Please see the following links for further information.",
            "not held",
        ),
        # answers about the world are not "not held"
        (
            "All our nurses and social workers support people in the community, however, we do "
            "not have any housing specialists in the Bromley or Greenwich community teams.",
            "unknown",
        ),
        # pointing to published information, with no exemption cited, grants it
        (
            "The chapter relevant to your request is titled ‘Arrest and detention’ and is "
            "publicly available on Police website.",
            "granted",
        ),
        (
            "Detailed breakdowns can be found on the attached .csv files. For convenience we "
            "have also attached copies of the files in Excel format.",
            "granted",
        ),
    ],
)
def test_outcome_from_the_whole_answer(text: str, outcome: str) -> None:
    found, evidence = find_outcome(text)
    assert found == outcome
    assert (evidence is None) == (outcome == "unknown")


# --- Correspondence: threads, quotes, echoes -------------------------------------------------


def thread(*messages: tuple[str, str, str]) -> Extracted:
    """A JSON request thread as the extractor gives it: (direction, day, text) per message."""
    parts = tuple(
        Part(n, f"message {n} ({kind}, {day})", text, kind="message")
        for n, (kind, day, text) in enumerate(messages, start=1)
    )
    return Extracted(format="wdtk-json", parts=parts, title="Childrens Services Structure")


ACK = (
    "Dear Alex McNicholls,\nThank you for your request for information relating to Childrens "
    "Services\nStructure which we received on 07/02/2024.\nThis has been logged as a Freedom "
    "of Information Request and will be dealt\nwith under the Freedom of Information Act 2000."
)
ANSWER = (
    "Dear Alex McNicholls,\nPlease find Sheffield City Council’s response to your request set "
    "out\nbelow:\nPlease see attached document.\nKind Regards,\nSheffield City Council\n"
    "From: FOI\nSent: Thursday, February 8, 2024 11:21 AM\nTo: Alex McNicholls <[FOI #1082741 "
    "email]>\nSubject: Re – Freedom of Information Request – Reference – FOI / 1037698\n" + ACK
)
REVIEW = (
    "Dear Alex McNicholls,\nInternal Review FOI 1037698\nHowever, staff names are exempt from "
    "disclosure under section 40(2) of the\nFreedom of Information Act 2000."
)
REQUEST = (
    "Dear Sheffield City Council,\nPlease can I have a Children Social Work Structure "
    "consisting of Team managers and Service\nmanager/HOS in Sheffield\nYours faithfully,"
)


def test_thread_response_is_the_first_substantive_reply() -> None:
    facts = read_response(
        thread(
            ("outgoing", "2024-02-07", REQUEST),
            ("incoming", "2024-02-08", ACK),
            ("incoming", "2024-03-06", ANSWER),
            ("incoming", "2024-03-13", REVIEW),
        )
    )
    assert facts.date == date(2024, 3, 6)  # not the acknowledgement, not the review
    assert facts.received == date(2024, 2, 7)
    assert facts.outcome == "granted"
    assert facts.exemptions == ("s40(2)",)  # applied in the review
    assert facts.request_ids[0] == "FOI / 1037698"  # from the quoted subject line
    assert facts.authority == "Sheffield City Council"  # the request's addressee
    assert facts.title == "Childrens Services Structure"


@pytest.mark.parametrize(
    "holding",
    [
        ACK,
        "Thank you for your email. We are currently processing your request.",
        "I am writing to ask you to clarify your request. In order that I can assist, would "
        "you please provide a start date?",
        "We are extending the deadline by an additional 20 days until 17 March 2023.",
        "We apologise for not meeting the deadline listed in our email of 15/04/2024.",
        "This is an automated response: your email has been received.",
    ],
)
def test_holding_replies_are_not_the_response(holding: str) -> None:
    facts = read_response(
        thread(
            ("outgoing", "2024-02-07", REQUEST),
            ("incoming", "2024-02-08", holding),
            ("incoming", "2024-03-06", ANSWER),
        )
    )
    assert facts.date == date(2024, 3, 6)


def test_quoted_mail_is_split_from_the_authors_words() -> None:
    own, quoted = split_quoted(ANSWER)
    assert own.endswith("Sheffield City Council")
    assert quoted.startswith("From: FOI\nSent:")


def test_echo_of_the_request_is_removed_from_a_reply() -> None:
    request = (
        "If it is not possible to provide the information requested due to the information "
        "exceeding the cost of compliance limits identified in Section 12, please provide advice"
    )
    words = request.lower().split()
    shingles = {tuple(words[i : i + ECHO_WORDS]) for i in range(len(words) - ECHO_WORDS + 1)}
    reply = "Thank you for your request.\n" + request.replace(" the cost", "\nthe cost")
    assert "Section 12" not in remove_echo(reply, shingles)
    assert "Thank you for your request." in remove_echo(reply, shingles)


def test_request_page_is_split_into_messages() -> None:
    text = (
        "PSL Schemes\n\nDMS Ltd, 17 June 2017 (outgoing)\nDear Department for Communities and "
        "Local Government,\nCan you provide a list?\n\nDespatch Box,\nMinistry of Housing, "
        "Communities and Local Government, 3 July 2017 (incoming)\nOur reference: 3375675 "
        "Information request\nUnfortunately I am unable to provide this information, because "
        "we do not\nhave it.\nAttachment: Response not held.pdf"
    )
    page = Extracted(format="html", parts=(Part(1, "page", text),), hints={"status": "x"})
    mail = read_correspondence(page)
    assert [(m.direction, m.day) for m in mail.messages] == [
        ("outgoing", date(2017, 6, 17)),
        ("incoming", date(2017, 7, 3)),
    ]
    assert "Despatch Box" not in mail.messages[0].own


def test_decision_notice_has_no_outcome_or_exemptions() -> None:
    text = (
        "Reference:  FS50379341\nFreedom of Information Act 2000 (FOIA)\nDecision notice\nDate:\n"
        "10 November 2011\nPublic Authority:    Walberswick Parish Council\nThe Commissioner "
        "notes that the council's response stated: “the Parish Council are issuing you with "
        "an exclusion notice under the Freedom of Information Act 2000 Section 14(1) and 14(2) "
        "for repeated and vexatious requests”"
    )
    facts = read_response(Extracted(format="pdf", parts=(Part(1, "page 1", text, kind="page"),)))
    assert facts.outcome == "unknown"
    assert facts.exemptions == ()
    assert facts.authority == "Walberswick Parish Council"
    assert facts.date == date(2011, 11, 10)
    assert facts.request_ids[0] == "FS50379341"


def test_attached_letter_date_wins_over_the_emails() -> None:
    body = Part(1, "body", "I’m now going to reply to this request with 3 attachments\n", "body")
    letter = Part(
        2,
        "attachment 2013-040 Decision.pdf, page 1",
        "26 November 2013\nMs Margot "
        "Kingston\nDear Ms Kingston\nFOI REQUEST - REFERENCE NUMBER 2013-040\n",
        "attachment",
    )
    mail = Extracted(format="eml", parts=(body, letter), hints={"date": "2014-04-14"})
    assert read_response(mail).date == date(2013, 11, 26)
    assert read_response(
        Extracted(format="eml", parts=(body,), hints={"date": "2014-04-14"})
    ).date == (date(2014, 4, 14))


# --- Questions and answers --------------------------------------------------------------------


def test_numbered_questions_and_their_answers() -> None:
    text = (
        "Service Delivery Model\n\n1. Does the Council currently deliver employee "
        "physiotherapy services in-house or through an externally commissioned provider?\n\n"
        "This is delivered in house by Coventry City Council employees\n\nCurrent Provider "
        "Details:\n\n2. If the service is externally commissioned, please provide the name of "
        "the current provider.\n\nNot applicable.\n\nThe supply of information in response to a "
        "FOI/EIR request does not confer an automatic right to re-use the information."
    )
    assert find_questions(text) == (
        Question(
            "1",
            "Does the Council currently deliver employee physiotherapy services in-house or "
            "through an externally commissioned provider?",
            "This is delivered in house by Coventry City Council employees",
        ),
        Question(
            "2",
            "If the service is externally commissioned, please provide the name of the current "
            "provider.",
            "Not applicable.",
        ),
    )


@pytest.mark.parametrize(
    ("text", "questions", "first_answer"),
    [
        (
            "Question 1\nHave the PSNI made payments to the charity Common Purpose?\nAnswer\n"
            "Yes the PSNI have made payments to the charity Common Purpose\nQuestion 2\nIf so "
            "what projects, training etc. was the funding for?\nAnswer\nThe funding was for the "
            "following range of projects/training:",
            2,
            "Yes the PSNI have made payments to the charity Common Purpose",
        ),
        (
            "1) Who do the Metropolitan Police and MI5 serve?\nThe Metropolitan Police are "
            "tasked with ensuring the law is upheld.\n2) Who is the ultimate authority that the "
            "Home Office serves?\nThe Home Office is a Ministerial department of the Government.",
            2,
            "The Metropolitan Police are tasked with ensuring the law is upheld.",
        ),
        (
            "1.  The total number of crimes logged by your force that happened in, or on, "
            "hospital grounds in the years\n2019/20 to 2023/24.\nPlease could these be broken "
            "down as follows:\na.  For each year\nb.  By the nature of each crime description\n"
            "Your request for information has now been considered.",
            1,
            "Your request for information has now been considered.",
        ),
    ],
)
def test_question_formats(text: str, questions: int, first_answer: str) -> None:
    found = find_questions(text)
    assert len(found) == questions
    assert found[0].answer == first_answer


def test_sub_parts_belong_to_their_question() -> None:
    text = "1.  The total number of crimes.\nPlease could these be broken down as follows:\n"
    text += "a.  For each year\nb.  By the nature of each crime description\n\nAnswer here"
    [question] = find_questions(text)
    assert question.question.endswith("b. By the nature of each crime description")


def test_numbered_link_footnotes_are_not_questions() -> None:
    text = "References\nVisible links\n1.\nhttp://www.legislation.gov.uk/uksi/2004/...\n"
    text += "2.\nhttp://www.nationalarchives.gov.uk/doc/o...\n3. mailto:[email]"
    assert find_questions(text) == ()


def test_thread_questions_are_answered_where_the_response_repeats_them() -> None:
    request = (
        "1. The number of potholes recorded each year, including potholes reported by the "
        "public\n2. The number of individual potholes repaired each year\n3. The total annual "
        "cost of pothole repairs, if available."
    )
    response = (
        "Please find Sheffield City Council’s response to your request set out below:\n"
        "1. The number of potholes recorded each year, including potholes reported\nby the "
        "public\n2020 2021\n7,069 8,275\n2. The number of individual potholes repaired each "
        "year\n11,338 8,681\n3. The total annual cost of pothole repairs, if available.\nWe do "
        "not have a figure for the costs.\nKind Regards,"
    )
    found = find_thread_questions(request, response)
    assert [q.answer for q in found] == [
        "2020 2021\n7,069 8,275",
        "11,338 8,681",
        "We do not have a figure for the costs.",
    ]


def test_bulleted_request_questions() -> None:
    request = (
        "Please provide the following information -\n- the procedure for students to submit "
        "complaints?\n- the procedure for the council when dealing with such complaints?\n"
    )
    response = (
        "- the procedure for students to submit complaints?\nAny occupiers can complain "
        "directly.\n- the procedure for the council when dealing with such complaints?\n"
        "This depends on the type of complaint."
    )
    found = find_thread_questions(request, response)
    assert [q.answer for q in found] == [
        "Any occupiers can complain directly.",
        "This depends on the type of complaint.",
    ]


# --- Authority ---------------------------------------------------------------------------------


def test_authority_rules() -> None:
    assert find_authority("Public Authority:    Walberswick Parish Council\n", {}) == (
        "Walberswick Parish Council"
    )
    letterhead = "Direct Communications Unit\n2 Marsham Street\nwww.homeoffice.gov.uk\n"
    assert find_authority(letterhead, {}) == "Home Office"
    assert find_authority("text", {"from": "foi@westsuffolk.gov.uk"}) == "West Suffolk Council"
    # Named most often, regulators aside (every letter names the ICO in its appeal rights).
    text = "the ABC Code of Practice. The ABC takes seriously... complain to the Information "
    text += "Commissioner's Office. The Information Commissioner's Office may..."
    assert find_authority(text, {}, heads=["Dear Ms Kingston"]) == (
        "Australian Broadcasting Corporation"
    )
    assert find_authority("Dear Mr Young,\nThank you.", {}) is None


def test_longest_known_name_wins() -> None:
    [(_, _, found)] = mentions("the Department of Health and Social Care said")
    assert found.name == "Department of Health and Social Care"


# --- Titles and topics ----------------------------------------------------------------------


@pytest.mark.parametrize(
    "declared",
    [
        "Freedom of Information Act 2000 (Section 50)",
        "FREEDOM OF INFORMATION REQUEST – FOI 1306/25",
        "[Region/Directorate]",
        "Word Document",
    ],
)
def test_generic_declared_titles_give_way(declared: str) -> None:
    text = "Subject:\nThe Charity Common Purpose and the PSNI\nRequest and Answer:"
    assert find_title(declared, text.replace(":\n", ": ")) == (
        "The Charity Common Purpose and the PSNI"
    )


def test_title_falls_back_to_the_first_question() -> None:
    assert find_title(None, "Dear Sir", "Who do the Metropolitan Police and MI5 serve?") == (
        "Who do the Metropolitan Police and MI5 serve?"
    )


def test_topics_ignore_the_authoritys_name_and_boilerplate() -> None:
    text = (
        "Ministry of Housing, Communities and Local Government, 24 June 2019\n"
        "What estimation the department has made of the current total acreage of private "
        "gardens. Whilst we take reasonable steps to try to identify any software viruses, "
        "any attachments may contain viruses which our anti-virus software has failed to "
        "identify."
    )
    names = ("Ministry of Housing, Communities and Local Government",)
    topics = find_topics("Current acreage of private gardens", text, names)
    assert "housing" not in topics
    assert "it-systems" not in topics
    assert topics == ("environment",)


def test_a_questions_follow_ups_stay_with_it_not_its_answer() -> None:
    letter = (
        "1. How are employee referrals for physiotherapy triaged (e.g. direct line manager "
        "referral, occupational health, online form)?\n\n"
        "- Is triage completed internally or outsourced to the provider?\n\n"
        "- How many referrals in the last 12 months or last full year of MI?\n\n"
        "The service is delivered fully in house.\n\n"
        "2. Does the Council use any digital system for managing referrals?\n\n"
        "If so, please specify the name of the system.\n\n"
        "Occupational Health have an administration system called Cority.\n"
    )
    first, second = find_questions(letter)
    assert "outsourced to the provider?" in first.question
    assert first.answer == "The service is delivered fully in house."
    assert "please specify the name of the system" in second.question
    assert second.answer.startswith("Occupational Health have")
