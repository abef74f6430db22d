"""Working days between a request's receipt and its answer, with each UK nation's bank holidays.

The bank holidays come from the `holidays` package (bundled with it, nothing is fetched):
England and Wales share one calendar; Scotland adds 2 January and St Andrew's Day and keeps
its own summer holiday; Northern Ireland adds St Patrick's Day and the Battle of the Boyne.
A holiday that falls at a weekend moves to the next working day ("substitute day"), as the
package records it.
"""

from __future__ import annotations

import functools
import re
from datetime import date, timedelta

import holidays

ENGLAND_AND_WALES = "england-and-wales"
SCOTLAND = "scotland"
NORTHERN_IRELAND = "northern-ireland"
NATIONS = (ENGLAND_AND_WALES, SCOTLAND, NORTHERN_IRELAND)
NATION_NAMES = {
    ENGLAND_AND_WALES: "England and Wales",
    SCOTLAND: "Scotland",
    NORTHERN_IRELAND: "Northern Ireland",
}
# The `holidays` package's subdivision codes (Wales keeps England's bank holidays).
_SUBDIVISIONS = {ENGLAND_AND_WALES: "ENG", SCOTLAND: "SCT", NORTHERN_IRELAND: "NIR"}
# GSS codes (the ONS's area codes) begin with the nation's letter.
_GSS_NATION = {
    "E": ENGLAND_AND_WALES,
    "W": ENGLAND_AND_WALES,
    "S": SCOTLAND,
    "N": NORTHERN_IRELAND,
}
_NAMED = (
    (re.compile(r"\bnorthern ireland\b|\bbelfast\b|\bpsni\b", re.I), NORTHERN_IRELAND),
    (re.compile(r"\bscot(?:land|tish)\b|\bedinburgh\b|\bglasgow\b", re.I), SCOTLAND),
)


@functools.cache
def bank_holidays(nation: str, year: int) -> frozenset[date]:
    """The nation's bank holidays (substitute days included) in one year."""
    if nation not in _SUBDIVISIONS:
        raise ValueError(f"Unknown nation {nation!r}: choose one of {', '.join(NATIONS)}.")
    calendar = holidays.country_holidays("GB", subdiv=_SUBDIVISIONS[nation], years=year)
    return frozenset(calendar)


def is_working_day(day: date, nation: str = ENGLAND_AND_WALES) -> bool:
    """Monday to Friday and not a bank holiday in that nation."""
    return day.weekday() < 5 and day not in bank_holidays(nation, day.year)


def working_days(received: date, answered: date, nation: str = ENGLAND_AND_WALES) -> int | None:
    """Working days taken to answer: those after the day of receipt up to and including the
    day of the answer (the ICO's count: the first working day after receipt is day one).
    None when the answer is dated before the receipt (one of the dates is wrong)."""
    if answered < received:
        return None
    # Whole weeks hold five weekdays each; only their holidays need looking up.
    span = (answered - received).days
    weeks, rest = divmod(span, 7)
    count = weeks * 5
    day = received + timedelta(days=weeks * 7)
    for _ in range(rest):
        day += timedelta(days=1)
        count += day.weekday() < 5
    holidays_in_span = sum(
        1
        for year in range(received.year, answered.year + 1)
        for holiday in bank_holidays(nation, year)
        if received < holiday <= answered and holiday.weekday() < 5
    )
    return count - holidays_in_span


def find_nation(name: str, identifiers: tuple[str, ...] = ()) -> str:
    """The nation whose bank holidays an authority keeps: from its GSS code when the register
    gives one ('gss:S12000010' is Scottish), else from its name ('Police Service of Northern
    Ireland'), else England and Wales, where most UK authorities are."""
    for identifier in identifiers:
        scheme, _, value = identifier.partition(":")
        if scheme == "gss" and value[:1] in _GSS_NATION:
            return _GSS_NATION[value[:1]]
        if scheme == "ni_irn":  # Northern Ireland's register of charities
            return NORTHERN_IRELAND
    for pattern, nation in _NAMED:
        if pattern.search(name):
            return nation
    return ENGLAND_AND_WALES
