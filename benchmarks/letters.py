"""A deterministic generator of ordinary FOI response letters, built from real log rows.

Each letter takes a real request (and its authority and reference) from the Irish disclosure
logs in benchmarks/data, and prints it the many ways real letters do: letterhead or none,
labelled or bare references, dates in several styles, numbered questions with answers,
exemption paragraphs, appeal boilerplate naming the regulator, a signature block. The same
`seed` always gives the same letters, so a benchmark or a test run is repeatable.

    python benchmarks/letters.py --count 1000 --out /tmp/letters
"""

from __future__ import annotations

import argparse
import json
import random
from dataclasses import dataclass
from datetime import date, timedelta
from pathlib import Path

DATA = Path(__file__).parent / "data" / "irish_disclosure_logs.jsonl"
UK_AUTHORITIES = [
    "Sheffield City Council", "Leeds City Council", "Cumbria Constabulary",
    "East London NHS Foundation Trust", "Department for Transport", "Transport for London",
    "University of Leeds", "Highland Council", "Police Service of Northern Ireland",
    "Walberswick Parish Council", "Home Office", "Coventry City Council",
]  # fmt: skip
REF_FORMS = [
    "FOI/{y}/{n:04d}", "FOI{n}", "EIR / {n}", "FOI-{n}-{yy}", "{n}/{yy}", "IR-01-{yy}-{n}",
    "Ref: {n}", "F-{y}-{n:05d}", "FOI {n}", "CASE-{n}", "({n})", "FOI/ {n}",
]  # fmt: skip
LABELS = ["Our ref:", "Our Reference:", "Reference:", "FOI number:", "Request number:", "Ref",
          "Case reference -", "", "Our ref"]  # fmt: skip
DATE_FORMS = ["%d %B %Y", "%d/%m/%Y", "%A %d %B %Y", "%B %d, %Y", "%d.%m.%y", "%Y-%m-%d",
              "%d-%b-%Y", "%d %b %y", "{ordinal} %B %Y"]  # fmt: skip
EXEMPTIONS = [
    "Section 40(2) of the Act (personal information) applies to the names of junior staff, "
    "which have been withheld.",
    "We are withholding the contract prices under section 43(2) (commercial interests).",
    "This information is exempt under section 21 as it is reasonably accessible: see our website.",
    "The cost of locating this information would exceed the appropriate limit under section 12.",
    "Regulation 12(4)(b) applies: the request is manifestly unreasonable.",
    "Some details are redacted under s.40(2) and s41.",
    "We neither confirm nor deny that we hold this information (section 31(3)).",
    "Information withheld under section 9(2)(a) of the Official Information Act 1982.",
    "The exemption at section 36(2)(b)(i) and (ii) has been applied after a public interest test.",
    "",
    "",
]
ANSWERS = [
    "Please see the attached spreadsheet.", "The information is not held.", "Yes.", "No.",
    "{n} cases were recorded in {y}.", "£{n},000 was spent in {y}/{yy2}.",
    "We do not hold this information.", "This is published on our website at "
    "https://www.example.gov.uk/foi/{n}.", "See table below:\n\nYear  Count\n{y}  {n}\n{y2}  0",
    "N/A", "Fewer than five (5) — exact numbers are withheld.", "(a) 12 (b) 7 (c) nil",
]  # fmt: skip
APPEAL = (
    "If you are unhappy with the way your request has been handled you may ask for an internal "
    "review within 40 working days. If you remain dissatisfied you may complain to the "
    "Information Commissioner's Office, Wycliffe House, Water Lane, Wilmslow, Cheshire SK9 5AF."
)


@dataclass(frozen=True)
class Letter:
    """One generated response: its file name and text, and what it was made from."""

    name: str
    text: str
    authority: str
    reference: str


def make_letters(count: int, seed: int = 9) -> list[Letter]:
    """`count` letters, the same ones for the same seed."""
    rows = [json.loads(line) for line in DATA.read_text(encoding="utf-8").splitlines()]
    rng = random.Random(seed)
    return [make_letter(rng, rng.choice(rows), i) for i in range(count)]


def make_letter(rng: random.Random, row: dict, i: int) -> Letter:
    """One letter answering the real request in `row`."""
    answered = date(2015, 1, 5) + timedelta(days=rng.randrange(3650))
    received = answered - timedelta(days=rng.randrange(5, 40))
    authority = rng.choice([row["body"], *UK_AUTHORITIES])
    reference = make_reference(rng, answered, row.get("reference"))
    lines = header(rng, authority, reference, answered)
    lines += [f"Dear {rng.choice(['Sir/Madam', 'Mr Smith', 'Ms Jones', 'Requester'])},", ""]
    lines += [f"Thank you for your request for information received on "
              f"{print_date(rng, received)}. Your request asked:", ""]  # fmt: skip
    lines += questions(rng, row["request"], answered)
    lines += [rng.choice(EXEMPTIONS), "", APPEAL, "", rng.choice(["Yours sincerely,", "Regards",
              "Kind regards"]), "", rng.choice(["J. Bloggs", "Information Governance Team",
              "FOI Officer"]), authority if rng.random() < 0.7 else ""]  # fmt: skip
    text = "\n".join(lines)
    if rng.random() < 0.1:
        text = text.replace("\n", "\r\n")
    return Letter(f"letter-{i:05d}.txt", text, authority, reference)


def make_reference(rng: random.Random, when: date, real: str | None) -> str:
    """A real reference from the log, or one in a common printed form."""
    if real and rng.random() < 0.3:
        return real
    n = rng.randrange(1, 99999)
    return rng.choice(REF_FORMS).format(y=when.year, yy=when.strftime("%y"), n=n)


def header(rng: random.Random, authority: str, reference: str, answered: date) -> list[str]:
    """A letterhead and header block, in one of several layouts."""
    ref_line = f"{rng.choice(LABELS)} {reference}".strip()
    when = print_date(rng, answered)
    layouts = [
        [authority, "Freedom of Information Team", "1 High Street", "", ref_line, when, ""],
        [ref_line, f"Date: {when}", ""],
        [f"{authority} | {when}", ref_line, ""],
        ["FREEDOM OF INFORMATION RESPONSE", f"Date of response: {when}", ref_line, ""],
        [when, ""],
        [],
    ]
    return rng.choice(layouts)


def questions(rng: random.Random, request: str, answered: date) -> list[str]:
    """The request's own parts as numbered questions, each with an answer."""
    parts = [p.strip(" -•") for p in request.replace("\r", "").split("\n") if p.strip()]
    lines: list[str] = []
    for number, part in enumerate(parts[:8], start=1):
        style = rng.choice(["{n}. ", "Q{n}: ", "({n}) ", "{n}) ", "", "Question {n} - "])
        lines += [style.format(n=number) + part, ""]
        answer = rng.choice(ANSWERS).format(
            n=rng.randrange(0, 5000), y=answered.year, yy2=(answered.year + 1) % 100,
            y2=answered.year - 1,
        )  # fmt: skip
        lines += [rng.choice(["Response: ", "A: ", "Answer - ", ""]) + answer, ""]
    return lines


def print_date(rng: random.Random, when: date) -> str:
    """`when` in one of the styles letters print."""
    form = rng.choice(DATE_FORMS)
    suffix = {1: "st", 2: "nd", 3: "rd", 21: "st", 22: "nd", 23: "rd", 31: "st"}.get(when.day, "th")
    return when.strftime(form.replace("{ordinal}", f"{when.day}{suffix}"))


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--count", type=int, default=1000)
    parser.add_argument("--seed", type=int, default=9)
    parser.add_argument("--out", type=Path, required=True)
    args = parser.parse_args()
    args.out.mkdir(parents=True, exist_ok=True)
    for letter in make_letters(args.count, args.seed):
        (args.out / letter.name).write_text(letter.text, encoding="utf-8")
    print(f"wrote {args.count} letters to {args.out}")


if __name__ == "__main__":
    main()
