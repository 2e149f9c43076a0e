"""Registration deadlines worked out by hand from rules.yaml and the 2026 calendar.

Entries up to 30 June 2026: the host notifies within 3 working days (Rules No. 148). Entries from
1 July 2026 (order 923): the immigrant registers online no later than the 30th calendar day if
staying longer than 30 days; whether the host's own notice is still due is not confirmed.
"""

from datetime import date

import pytest

from jol.calc.registration import (
    DutyResult,
    Need,
    RegistrationError,
    RegistrationProblem,
    RegistrationResult,
    after_move,
    registration_deadlines,
)
from jol.calc.ruleset import HolidayOverrides
from tests.calc.support import AS_STATED, confirmed, shipped

TODAY = date(2026, 11, 26)


def _duties(rules=None, **kwargs) -> dict[str, DutyResult]:  # type: ignore[no-untyped-def]
    args = {"citizenship": "UZ", "accommodation": "rented", "today": TODAY, **kwargs}
    result = registration_deadlines(rules=rules or shipped(), **args)
    assert isinstance(result, RegistrationResult), result
    return {duty.duty: duty for duty in result.duties}


def test_the_rule_applied_is_chosen_by_the_entry_date() -> None:
    before = _duties(entry=date(2026, 6, 30))
    assert set(before) == {"host_notice_2020"}
    after = _duties(entry=date(2026, 7, 1))
    assert set(after) == {"host_notice_923", "immigrant_923"}


def test_online_registration_by_the_thirtieth_day() -> None:
    duty = _duties(entry=date(2026, 11, 20))["immigrant_923"]
    assert duty.who == "immigrant" and duty.action == "register_online"
    assert duty.need is Need.IF_STAYING_LONGER
    assert duty.exempt_until == date(2026, 12, 19)
    # Earliest reading: the day of crossing is day 1 -> 19 December (a Saturday).
    assert duty.last_day == date(2026, 12, 19)
    assert duty.days_left == 23 and not duty.missed
    # As the sources suggest: day 30 after the crossing is Sunday 20 December, moved to Monday.
    assert duty.last_day_as_stated == date(2026, 12, 21)
    later = {u.code: u.later for u in duty.uncertainties}
    assert later["deadline_starts_next_day"] == date(2026, 12, 20)
    assert later["entry_day_counts"] == date(2026, 12, 20)  # the exemption's 30 days


def test_confirmed_counting_rules_give_one_date_and_no_doubt() -> None:
    duty = _duties(entry=date(2026, 11, 20), rules=confirmed(**AS_STATED))["immigrant_923"]
    assert duty.last_day == date(2026, 12, 21)
    assert duty.exempt_until == date(2026, 12, 19)  # rules.yaml: the entry day is day 1
    assert duty.uncertainties == ()


@pytest.mark.parametrize(
    ("entry", "stated", "earliest"),
    [
        # Friday 20 March 2026, before Nauryz: 26, 27, 30 March; six-day week, day 1 = 20 March:
        # 20, 25 (21-24 off), 26.
        (date(2026, 3, 20), date(2026, 3, 30), date(2026, 3, 26)),
        # Wednesday 31 December 2025: 5, 6, 8 January 2026 (1-4 and 7 off).
        (date(2025, 12, 31), date(2026, 1, 8), date(2026, 1, 5)),
        # Friday 6 March 2026: 10, 11, 12 March (9 March off for 8 March); six-day week, day 1 =
        # 6 March: 6, 7 (Saturday), 10.
        (date(2026, 3, 6), date(2026, 3, 12), date(2026, 3, 10)),
        # Thursday 30 April 2026: 4, 5, 6 May (1 May a Friday); six-day: 30 April, 2, 4 May.
        (date(2026, 4, 30), date(2026, 5, 6), date(2026, 5, 4)),
        # Friday 8 May 2026: 12, 13, 14 May (9 May a Saturday -> 11 May off); six-day week:
        # 8, 11, 12 (Saturday is a working day there, so the holiday on it does not move).
        (date(2026, 5, 8), date(2026, 5, 14), date(2026, 5, 12)),
        # Tuesday 26 May 2026: 28, 29 May, 1 June (Kurban Ait 27 May, confirmed in rules.yaml);
        # six-day: 26, 28, 29 May.
        (date(2026, 5, 26), date(2026, 6, 1), date(2026, 5, 29)),
    ],
)
def test_host_notice_in_working_days(entry: date, stated: date, earliest: date) -> None:
    duty = _duties(entry=entry)["host_notice_2020"]
    assert duty.who == "host" and duty.kind == "working" and duty.days == 3
    assert duty.last_day_as_stated == stated
    assert duty.last_day == earliest
    assert _duties(entry=entry, rules=confirmed(**AS_STATED))["host_notice_2020"].last_day == stated


def test_a_holiday_not_yet_announced_is_counted_as_a_working_day_and_reported() -> None:
    rules = confirmed(**AS_STATED)
    from dataclasses import replace

    unannounced = replace(rules, holidays=HolidayOverrides(checked_years=frozenset({2026})))
    duty = _duties(entry=date(2026, 5, 26), rules=unannounced)["host_notice_2020"]
    assert duty.last_day == date(2026, 5, 29)  # 27 May counted as a working day
    assert {u.code: u.later for u in duty.uncertainties}["estimated_holiday"] == date(2026, 6, 1)


def test_a_deadline_in_a_year_without_checked_decrees_says_so() -> None:
    # Wednesday 30 December 2026: the earliest reading ends on 4 January 2027.
    duty = _duties(entry=date(2026, 12, 30), today=date(2026, 12, 31))["host_notice_923"]
    assert duty.last_day == date(2027, 1, 4)
    assert "calendar_not_final" in {u.code for u in duty.uncertainties}
    assert "rule_unconfirmed" in {u.code for u in duty.uncertainties}
    inside = _duties(entry=date(2026, 11, 20))["host_notice_923"]
    assert "calendar_not_final" not in {u.code for u in inside.uncertainties}


def test_missed_deadline() -> None:
    duty = _duties(entry=date(2026, 10, 1))["immigrant_923"]
    assert duty.last_day == date(2026, 10, 30)
    assert duty.days_left == -27 and duty.missed


def test_no_registration_when_the_stay_limit_ends_first() -> None:
    # Tajikistan: 30 days per entry, the same as the 30 days without registration.
    assert (
        _duties(citizenship="TJ", entry=date(2026, 11, 1))["immigrant_923"].need is Need.NOT_NEEDED
    )
    assert _duties(citizenship="UZ", entry=date(2026, 11, 1))["immigrant_923"].need is (
        Need.IF_STAYING_LONGER
    )


def test_eaeu_registration_is_shown_but_not_confirmed() -> None:
    duty = _duties(citizenship="RU", entry=date(2026, 11, 1))["immigrant_923_eaeu"]
    assert duty.need is Need.IF_STAYING_LONGER
    assert not duty.confirmed
    assert "rule_unconfirmed" in {u.code for u in duty.uncertainties}


@pytest.mark.parametrize(
    ("accommodation", "who"),
    [
        ("hotel", {"host_company", "immigrant"}),
        ("employer", {"host_company", "immigrant"}),
        ("relatives", {"host_individual", "immigrant"}),
        ("rented", {"host_individual", "host_company", "immigrant"}),
    ],
)
def test_penalties_depend_on_who_the_host_is(accommodation: str, who: set[str]) -> None:
    duty = _duties(entry=date(2026, 6, 1), accommodation=accommodation)["host_notice_2020"]
    assert {p.who for p in duty.penalties} == who
    company = [p for p in duty.penalties if p.who == "host_company"]
    for penalty in company:
        assert (penalty.kind, penalty.min_mci_fact, penalty.max_mci_fact) == (
            "fine",
            "host_fine_small_mci",
            "host_fine_large_mci",
        )
    immigrant = next(p for p in duty.penalties if p.who == "immigrant")
    assert immigrant.kind == "not_confirmed"


def test_after_moving_register_again_within_five_working_days() -> None:
    result = after_move(
        "UZ", date(2026, 3, 20), "rented", date(2026, 3, 20), confirmed(**AS_STATED)
    )
    assert isinstance(result, RegistrationResult)
    assert [d.duty for d in result.duties] == []  # order 923 is in force from 1 July 2026
    result = after_move(
        "UZ", date(2026, 12, 4), "rented", date(2026, 12, 4), confirmed(**AS_STATED)
    )
    assert isinstance(result, RegistrationResult)
    (duty,) = result.duties
    # Friday 4 December: 7, 8, 9, 10, 11 December (16 December is the holiday).
    assert (duty.duty, duty.last_day) == ("reregistration_923", date(2026, 12, 11))


@pytest.mark.parametrize(
    ("kwargs", "problem"),
    [
        ({"entry": date(2026, 11, 27)}, RegistrationProblem.FUTURE),
        ({"entry": date(1999, 1, 1)}, RegistrationProblem.TOO_EARLY),
        (
            {"entry": date(2026, 11, 1), "accommodation": "tent"},
            RegistrationProblem.UNKNOWN_ACCOMMODATION,
        ),
    ],
)
def test_impossible_input_is_asked_back(kwargs: dict, problem: RegistrationProblem) -> None:  # type: ignore[type-arg]
    args = {"citizenship": "UZ", "accommodation": "rented", "today": TODAY, **kwargs}
    assert registration_deadlines(rules=shipped(), **args) == RegistrationError(problem)


def test_a_country_not_listed_gets_the_general_rule_and_says_so() -> None:
    result = registration_deadlines("TR", date(2026, 11, 20), "hotel", TODAY, shipped())
    assert isinstance(result, RegistrationResult)
    assert result.group == "other"
    assert {u.code for u in result.uncertainties} >= {"country_not_listed", "rule_unconfirmed"}
    assert [d.duty for d in result.duties] == ["host_notice_923"]
