"""Working days with each UK nation's bank holidays, on dates checked against the calendar."""

from __future__ import annotations

from datetime import date, timedelta

import pytest

from disclosure_search.workdays import (
    ENGLAND_AND_WALES,
    NORTHERN_IRELAND,
    SCOTLAND,
    bank_holidays,
    find_nation,
    is_working_day,
    working_days,
)

EW, SC, NI = ENGLAND_AND_WALES, SCOTLAND, NORTHERN_IRELAND


@pytest.mark.parametrize(
    ("received", "answered", "nation", "expected"),
    [
        # Fri 22 Dec 2023 -> Wed 27 Dec: weekend, Christmas Day and Boxing Day skipped.
        (date(2023, 12, 22), date(2023, 12, 27), EW, 1),
        # Tue 31 Dec 2024 -> Fri 3 Jan 2025: Scotland also keeps 2 January.
        (date(2024, 12, 31), date(2025, 1, 3), EW, 2),
        (date(2024, 12, 31), date(2025, 1, 3), SC, 1),
        # St Andrew's Day 2024 fell on a Saturday: Scotland's substitute is Mon 2 Dec.
        (date(2024, 11, 29), date(2024, 12, 3), EW, 2),
        (date(2024, 11, 29), date(2024, 12, 3), SC, 1),
        # St Patrick's Day, Mon 17 Mar 2025, in Northern Ireland only.
        (date(2025, 3, 14), date(2025, 3, 18), NI, 1),
        (date(2025, 3, 14), date(2025, 3, 18), EW, 2),
        # St Patrick's Day 2024 was a Sunday: NI's substitute is Mon 18 Mar.
        (date(2024, 3, 15), date(2024, 3, 19), NI, 1),
        # Easter Monday 2024 (1 Apr) is no bank holiday in Scotland; Good Friday is.
        (date(2024, 3, 28), date(2024, 4, 2), EW, 1),
        (date(2024, 3, 28), date(2024, 4, 2), SC, 2),
        # The Battle of the Boyne, Fri 12 Jul 2024, in Northern Ireland.
        (date(2024, 7, 11), date(2024, 7, 15), NI, 1),
        (date(2024, 7, 11), date(2024, 7, 15), EW, 2),
        # Four whole weeks with no holiday: twenty working days.
        (date(2025, 9, 15), date(2025, 10, 13), EW, 20),
        # Answered the day it arrived.
        (date(2024, 5, 7), date(2024, 5, 7), EW, 0),
    ],
)
def test_known_dates(received: date, answered: date, nation: str, expected: int) -> None:
    assert working_days(received, answered, nation) == expected


def test_sheffield_snug_request_by_hand() -> None:
    # Received Mon 1 May 2023 (Early May bank holiday), answered Wed 10 May: Tue 2 to Fri 5
    # are four days, Mon 8 May was the Coronation bank holiday, then Tue 9 and Wed 10.
    assert working_days(date(2023, 5, 1), date(2023, 5, 10), EW) == 6


def test_answer_before_receipt_is_no_count() -> None:
    assert working_days(date(2024, 5, 10), date(2024, 5, 7)) is None


@pytest.mark.parametrize("nation", [EW, SC, NI])
def test_matches_a_day_by_day_count(nation: str) -> None:
    """The week-at-a-time count agrees with counting each day, across year ends."""
    start = date(2023, 12, 1)
    for offset in range(0, 60, 3):
        received = start + timedelta(days=offset)
        for span in (0, 1, 5, 13, 29, 45, 400):
            answered = received + timedelta(days=span)
            slow = sum(
                is_working_day(received + timedelta(days=n), nation) for n in range(1, span + 1)
            )
            assert working_days(received, answered, nation) == slow


def test_christmas_is_a_holiday_everywhere() -> None:
    for nation in (EW, SC, NI):
        assert date(2024, 12, 25) in bank_holidays(nation, 2024)
        assert not is_working_day(date(2024, 12, 25), nation)


def test_unknown_nation_is_refused() -> None:
    with pytest.raises(ValueError, match="Unknown nation"):
        bank_holidays("wessex", 2024)


@pytest.mark.parametrize(
    ("name", "identifiers", "nation"),
    [
        ("East Lothian Council", ("coins:S011", "gss:S12000010"), SC),
        ("Sheffield City Council", ("gss:E08000019",), EW),
        ("Cardiff Council", ("gss:W06000015",), EW),
        ("Belfast City Council", ("gss:N09000003",), NI),
        ("Police Service of Northern Ireland", ("dpr:Z4890989",), NI),
        ("Scottish Information Commissioner", (), SC),
        ("Home Office", ("dpr:Z7271689",), EW),
    ],
)
def test_find_nation(name: str, identifiers: tuple[str, ...], nation: str) -> None:
    assert find_nation(name, identifiers) == nation
