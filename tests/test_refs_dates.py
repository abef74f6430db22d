"""References and response dates as real letters print them: the header block's 'Our ref' and
'Date', headings that carry the reference, and the references and dates that are not the
letter's own (the requester's, an ICO case, an earlier request, the received date)."""

from __future__ import annotations

from datetime import date

import pytest

from disclosure_search.models import Part
from disclosure_search.refs import normalise_request_id
from indexer.extract import extract_document
from indexer.extract.result import Extracted
from indexer.metadata.dates import find_dates, find_letter_date, full_year
from indexer.metadata.header import head_spans, in_head, plain
from indexer.metadata.refs import find_request_ids, read_value
from indexer.metadata.response import read_response

# --- References in the header block (strings as the real letters extract) ------------------


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        (  # a heading line instead of a label
            "Email: vanessafillis.journalism@gmail.com\nawp.freedomofinformation@nhs.net\n"
            "Freedom of Information/RFI-2240\n30 April 2021\nDear Vanessa\n",
            "RFI-2240",
        ),
        (
            "Vanessa Fillis\nOur ref: 21 FOI 124\n 30th April, 2021\nDear Vanessa Fillis,\n",
            "21 FOI 124",
        ),
        ("Our Ref: FOI - 2137 - Housing Support\nRequest & Trust Response\n", "FOI - 2137"),
        ("Our Ref:   LW/lmw/FOI.67.21\nDate:\n21 April 2021\nVanessa Fillis\n", "LW/lmw/FOI.67.21"),
        (
            "Name:\xa0  Vanessa\xa0Fillis\nOur\xa0ref:\xa0\xa0FOI\xa07103\n"
            "Date:\xa0\xa006 May\xa02021\n",
            "FOI 7103",
        ),
        ("Our Reference: SPFT FOI 21/22-007\nDate: 21 April 2021\n", "SPFT FOI 21/22-007"),
        (
            "18th May 2021\nVanessa Fillis\nDear Vanessa,\nFreedom of Information Request 008\n",
            "008",
        ),
        (
            "FOI_0316_22/22 – FOI request concerning – Housing Support\n1.\nThe number",
            "FOI_0316_22/22",
        ),
        ("Direct Dial: | 0115 9055311 | The Resource\nFOI ref: | 8050 | Porchester Road\n", "8050"),
        (
            "FOI3310 – Concerning housing support in Mental Health services.\nWe can confirm",
            "FOI3310",
        ),
        ("FOI21-5307 Request regarding housing support\nThank you for your recent", "FOI21-5307"),
        ("19 December 2022\nIR-01-22-34776\nJ. Beddek\nTēnā koe J. Beddek\n", "IR-01-22-34776"),
        ("27 February 2022\nLewis T\nIR-01-23- 11417\nDear Lewis\n", "IR-01-23- 11417"),
        ("Our ref: FOI/ 1042\nDate: 19th March 2021\nDear Requester\n", "FOI/ 1042"),
        (
            "FREEDOM OF INFORMATION REQUEST\nRef:   DPT 20/21/280\nDate:  31/03/2021\n",
            "DPT 20/21/280",
        ),
        ("Our ref: FOI/2021/SG10542\n27th April 2021\nDear Ms Fillis\n", "FOI/2021/SG10542"),
        ("Reference no.21220008\n28 April 2021\n", "21220008"),
        ("26 April 2021\nReference Number: FOI 86420\nDear Ms Fillis\n", "FOI 86420"),
        (
            "I write further to your request FOI ID 25375 under the Freedom of Information Act",
            "25375",
        ),
        ("Our Ref: EPUT.FOI.21.1935\nDear Sir\n", "EPUT.FOI.21.1935"),
        ("EPUT.FOI.21.1935\n12 May 2021\nDear Sir\n", "EPUT.FOI.21.1935"),
        ("RE: FOI 2137 - Housing support\nDear Sir\n", "FOI 2137"),
        ("Request reference: FOI-2021-SG10542\n", "FOI-2021-SG10542"),
        ("Our ref: 01/FOI/25/006753/Z\n", "01/FOI/25/006753/Z"),
    ],
)
def test_reference_as_printed(text: str, expected: str) -> None:
    assert find_request_ids(text)[0] == expected


@pytest.mark.parametrize(
    "text",
    [
        # an ICO case quoted in a council's refusal
        "Information Rights upheld the Council’s appeal against the Information\n"
        "Commissioner’s decision (decision notice FS50681336\n[2]\nhttps://ico.org.uk/media/",
        # the earlier request a meta request is about
        "Dear Mr Combie\nThank you for the meta request of 1 July 2022 regarding our handling of\n"
        "your request FOI / 2020-21-3027, which was about the documentation of any",
        "correspondence\naround the handling of FOI 2021-22-3027 relating to the use of",
        # the requester's own reference
        "Your reference: FOI-24576-25-0300-000\n",
        # another kind of reference
        "The planning reference 16/03443/DEXRG was granted in 2017.",
        # a letterhead's postcode, phone number and PO box; an attachment's file name
        "Trust Headquarters\nM60 1QD\nTel 01782 275030\nPO Box 1283\nDear Sir\n",
        "2 Attachments\nANU 230105 RiddorInjury 13692C0911 Redacted.pdf\n88K\nDear Mr Davis,\n",
        # a heading naming the Act, not a reference
        "FREEDOM OF INFORMATION ACT 2000 – SECTION 8 REQUEST\nDear Vanessa,\n",
    ],
)
def test_not_this_letters_reference(text: str) -> None:
    assert find_request_ids(text) == []


def test_header_reference_outranks_references_further_down() -> None:
    text = (
        "Our ref: FOI 7103\nDate: 06 May 2021\nDear Vanessa,\n"
        + "The answer follows.\n" * 40
        + "This is similar to request FOI 12345 and FOI 12345 and FOI 12345.\n"
    )
    assert find_request_ids(text)[0] == "FOI 7103"


def test_requesters_references_are_excluded_in_any_printed_form() -> None:
    request = "the original request ICO REF:  IC-159669-K9T5. SCC REF: [NO REF PROVIDED]"
    subjects = "Freedom of Information request - META Request: ICO REF:\nIC-159669-K9T5"
    assert find_request_ids("Dear Mr Combie\n", subjects, exclude=request) == []


@pytest.mark.parametrize(
    ("printed", "expected"),
    [
        ("FOI 123 13 May 2021", "FOI 123"),  # a date on the same line is not part of it
        ("FOI 7103 REQUEST FOR INFORMATION", "FOI 7103"),
        ("FOI /\n2022-23-1202", "FOI / 2022-23-1202"),  # a subject line wrapped after a slash
        ("IC-123456-A1B2 was closed", "IC-123456-A1B2"),
        ("12/03/2021", None),
        ("0114 273 4567", None),
        ("2000", None),
    ],
)
def test_read_value_stops_where_the_reference_ends(printed: str, expected: str | None) -> None:
    assert read_value(printed, 0) == expected


def test_printed_variants_normalise_alike() -> None:
    assert normalise_request_id("IR-01-23- 11417") == normalise_request_id("IR-01-23-11417")
    assert normalise_request_id("FOI/ 1042") == normalise_request_id("FOI/1042")


def test_header_blocks_are_above_the_salutation_and_its_subject_lines() -> None:
    text = plain("Our\xa0ref: FOI 1\nDear Sir,\nFOI Request 2\nThank you.\nBody text 3\n")
    spans = head_spans(text)
    assert in_head(spans, text.index("Our"))
    assert in_head(spans, text.index("FOI Request"))
    assert not in_head(spans, text.index("Body"))


# --- Response dates --------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Our ref: FOI/ 1042\nDate: 19th March 2021\nDear Requester\n", date(2021, 3, 19)),
        ("Our ref: 21 FOI 124\n 30th April, 2021\nDear Vanessa Fillis,\n", date(2021, 4, 30)),
        ("Our Ref:   LW/lmw/FOI.67.21\nDate:\n21 April 2021\nVanessa Fillis\n", date(2021, 4, 21)),
        (
            "FREEDOM OF INFORMATION REQUEST\nRef:   DPT 20/21/280\nDate:  31/03/2021\n",
            date(2021, 3, 31),
        ),
        ("DATE: 20/04/2021\nDear Ms Fillis\n", date(2021, 4, 20)),
        (
            "Date received:\t\t07/04/2021\nDate of response:\t\t06/05/2021\nDear Ms Fillis\n",
            date(2021, 5, 6),
        ),
        ("Date of request:\t\t07/04/2021\n\t\t\t\t06/05/2021\nDear Ms Fillis\n", date(2021, 5, 6)),
        ("Thank you for your email dated 16/03/2021.\nDear Requester\n", None),
        ("Your request was received on 7th April 2021.\n", None),
    ],
)
def test_response_date_from_the_header_block(text: str, expected: date | None) -> None:
    assert find_letter_date(text) == expected


# How UK letters print their dates: abbreviated months, dashes and dots, two-digit years,
# weekdays and ordinals, on a line of their own, after a label or in a heading's cell.
@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Our ref: FOI/2018/0412\n13 Nov 18\n\nDear Sir/Madam,\n", date(2018, 11, 13)),
        ("Our ref: FOI/2018/0412\nDate: 13-Nov-2018\n\nDear Mr Smith,\n", date(2018, 11, 13)),
        ("FOI 4521\n04 Sept 2019\nDear Requester\n", date(2019, 9, 4)),
        ("FOI 4521\n4 Sept. 2019\nDear Requester\n", date(2019, 9, 4)),
        ("Date: 13.11.18\nOur ref: 4521\nDear Ms Jones\n", date(2018, 11, 13)),
        ("Our Ref: FOI 4521\nDate: 13-11-2018\nDear Ms Jones\n", date(2018, 11, 13)),
        ("Reference: 4521\nWednesday 13 November 2018\nDear Sir\n", date(2018, 11, 13)),
        ("Reference: 4521\nWednesday, 13th November 2018\nDear Sir\n", date(2018, 11, 13)),
        ("Reference: 4521\nTue 2 Oct 18\nDear Sir\n", date(2018, 10, 2)),
        ("FREEDOM OF INFORMATION RESPONSE\nDate of response: 02-Oct-2018\n", date(2018, 10, 2)),
        ("Leeds City Council | 13 Nov 18\nOur ref: FOI 4521\n\nDear Sir\n", date(2018, 11, 13)),
        ("Home Office | Friday 2 March 2018\nRef 4521\nDear Sir\n", date(2018, 3, 2)),
        ("Our ref | FOI 4521\nDate | 2 March 2018\nDear Sir\n", date(2018, 3, 2)),
        ("Our ref: FOI 4521 | Date: 02/03/18\nDear Sir\n", date(2018, 3, 2)),
        ("Date: 1 Feb 99\nDear Sir\n", date(1999, 2, 1)),  # a two-digit year in the past
        # other dates in the same forms are not the letter's own
        ("Date received: 01-Nov-2018\nDear Sir\n", None),
        ("Date received | 01 Nov 18\nDear Sir\n", None),
        ("Your request of 01 Nov 18\nDear Sir\n", None),
        ("Dear Sir\nThank you for your request received on 1 Nov 18. You asked:\n", None),
        ("Dear Sir\nMeeting with the contractor | 13-11-2018\n", None),  # a table row
        ("Our ref: IR-01-22-34776\nDear Sir\n", None),
    ],
)
def test_response_date_as_uk_letters_print_it(text: str, expected: date | None) -> None:
    assert find_letter_date(text) == expected


@pytest.mark.parametrize(
    "text",
    [
        "On 3 May 20 officers attended the incident.",  # a count after a month, not a year
        "The meeting on 13 Nov 18:30 was cancelled.",
        "Our ref: 12-05-23",  # a dashed reference, not a date
    ],
)
def test_not_a_date(text: str) -> None:
    assert find_dates(text) == []


def test_two_digit_years_are_never_in_the_future() -> None:
    this_year = date.today().year
    assert full_year(f"{this_year % 100:02d}") == this_year
    assert full_year(f"{(this_year + 1) % 100:02d}") == this_year + 1 - 100
    assert full_year("2031") == 2031


def test_a_letters_own_and_received_dates_in_abbreviated_forms() -> None:
    text = (
        "Sheffield City Council | 13-Nov-2018\nOur ref: FOI/2018/0412\n\nDear Mr Smith,\n\n"
        "Thank you for your request for information received on 22 Oct 18. Your request "
        "asked:\n\n1. How many potholes were repaired in 2017?\n\nA: 1,204.\n\nYours "
        "sincerely,\n\nFOI Officer\n"
    )
    facts = read_response(extract_document(text.encode(), "letter.txt"))
    assert (facts.date, facts.received) == (date(2018, 11, 13), date(2018, 10, 22))


def thread(*messages: tuple[str, str, str]) -> Extracted:
    """A JSON request thread: (direction, day, text) per message."""
    parts = tuple(
        Part(n, f"message {n} ({kind}, {day})", text, kind="message")
        for n, (kind, day, text) in enumerate(messages, start=1)
    )
    return Extracted(format="wdtk-json", parts=parts, hints={"date": messages[-1][1]})


REQUEST = "Dear Ministry,\nPlease send me the correspondence about the allotments.\nYours,"
ACK = "Our reference: 4300127 Information request\nWe aim to send you a response by 16 July."
DELAY = (  # the real delay notices: a date on the page, but not a response
    "Dear Dr Vora\n\nPlease our apologies for the delay in responding to you. We hope to send a\n"
    "response shortly.\n\nMHCLG FOI Team",
    "Dear Nigel\nWe are actively considering the request but we need more time to process\nit. "
    "This is because it is complex and voluminous. We will now try to\nrespond to you by 14 "
    "August 2019.",
)
ANSWER = "Our reference: 4300127 Information request\nAttachment: Response all information.pdf"


@pytest.mark.parametrize("delay", DELAY)
def test_thread_date_skips_delay_notices(delay: str) -> None:
    facts = read_response(
        thread(
            ("outgoing", "2019-06-17", REQUEST),
            ("incoming", "2019-06-18", ACK),
            ("incoming", "2019-07-17", delay),
            ("incoming", "2019-07-30", ANSWER),
        )
    )
    assert facts.date == date(2019, 7, 30)


def test_thread_with_only_holding_replies_has_no_response_date() -> None:
    facts = read_response(
        thread(
            ("outgoing", "2019-06-17", REQUEST),
            ("incoming", "2019-06-18", ACK),
            ("incoming", "2019-07-17", DELAY[1]),
        )
    )
    assert facts.date is None
