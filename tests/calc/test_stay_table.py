"""Stay limits worked out by hand from the rules, with the shipped rules.yaml.

The rules (facts.yaml): EAEU citizens 90 days from crossing the border and 90 in any 180; other
visa-free citizens 30 per entry, 90 in 180; Uzbekistan 30 without registration, up to 90 in 180
registered; India and Iran 14 per entry, 42 in 180. Counting as rules.yaml leaves it open, so the
earliest reading: the entry and exit days count, the window rolls (any 180 days back).
"""

from datetime import date

import pytest

from jol.calc.stay import InputProblem, Limit, Stay, StayInputError, StayResult, stay_status
from tests.calc.support import AS_STATED, confirmed, shipped

RULES = shipped()


def _status(country: str, stays: list[Stay], today: date, **options: bool) -> StayResult:
    result = stay_status(country, stays, today, RULES, **options)
    assert isinstance(result, StayResult), result
    return result


def test_eaeu_one_long_stay() -> None:
    # 1 Jan - 15 Mar 2026: 31 + 28 + 15 = 74 days; day 90 is 31 March.
    result = _status("KG", [Stay(date(2026, 1, 1))], date(2026, 3, 15))
    assert result.days_used == 74
    assert result.entry_days_used == 74
    assert result.last_legal_day == date(2026, 3, 31)
    assert result.days_left == 16
    assert result.limited_by == (Limit.PER_ENTRY, Limit.WINDOW)
    assert result.overstay_days == 0
    # Leaving on 31 March, the first new entry is legal once 1 January has left the window:
    # 1 January + 180 days = 30 June. All 90 days are free again 180 days after 31 March.
    assert result.next_entry_day == date(2026, 6, 30)
    assert result.full_reset_day == date(2026, 9, 27)


def test_visa_free_thirty_days_per_entry() -> None:
    result = _status("TJ", [Stay(date(2026, 10, 1))], date(2026, 10, 10))
    assert result.days_used == 10
    assert result.last_legal_day == date(2026, 10, 30)  # day 30, the entry day being day 1
    assert result.limited_by == (Limit.PER_ENTRY,)


def test_uzbekistan_three_trips_the_window_decides_even_when_registered() -> None:
    stays = [
        Stay(date(2026, 6, 1), date(2026, 6, 30)),  # 30 days
        Stay(date(2026, 8, 1), date(2026, 8, 30)),  # 30 days
        Stay(date(2026, 10, 1)),
    ]
    result = _status("UZ", stays, date(2026, 10, 10))
    assert result.days_used == 70  # window 14 April - 10 October
    assert result.days_left_in_window == 20
    # 30 October: day 30 of this entry, and 30 + 30 + 30 = 90 in 4 May - 30 October.
    assert result.last_legal_day == date(2026, 10, 30)
    assert result.limited_by == (Limit.PER_ENTRY, Limit.WINDOW)
    registered = _status("UZ", stays, date(2026, 10, 10), registered=True)
    assert registered.per_entry_days == 90
    assert registered.last_legal_day == date(2026, 10, 30)
    assert registered.limited_by == (Limit.WINDOW,)
    # 1 June leaves the window on 28 November: the first day back.
    assert result.next_entry_day == date(2026, 11, 28)


def test_india_fourteen_per_entry_forty_two_in_180() -> None:
    stays = [
        Stay(date(2026, 1, 1), date(2026, 1, 14)),
        Stay(date(2026, 2, 1), date(2026, 2, 14)),
        Stay(date(2026, 3, 1)),
    ]
    result = _status("IN", stays, date(2026, 3, 5))
    assert result.days_used == 33
    assert result.last_legal_day == date(2026, 3, 14)  # 14 + 14 + 14 = 42
    assert result.next_entry_day == date(2026, 6, 30)  # 1 January + 180
    assert result.full_reset_day == date(2026, 9, 10)  # 14 March + 180


def test_overstay_is_counted_from_the_day_after_the_last_legal_day() -> None:
    result = _status("AZ", [Stay(date(2026, 10, 1))], date(2026, 11, 3))
    assert result.last_legal_day == date(2026, 10, 30)
    assert result.overstay_days == 4  # 31 October - 3 November
    assert result.days_left == -4
    assert result.next_entry_day == date(2026, 11, 4)  # leaving today; 34 days of 90 used


def test_not_in_the_country_a_stay_starting_today() -> None:
    result = _status("TJ", [Stay(date(2026, 5, 1), date(2026, 7, 9))], date(2026, 7, 20))
    assert not result.in_country
    assert result.days_used == 70
    assert result.entry == date(2026, 7, 20)
    # 70 + 20 = 90 on 8 August, before the 30 days per entry run out (18 August).
    assert result.last_legal_day == date(2026, 8, 8)
    assert result.limited_by == (Limit.WINDOW,)
    assert result.next_entry_day == date(2026, 7, 20)


def test_no_days_left_means_no_legal_entry_until_days_free_up() -> None:
    result = _status("KG", [Stay(date(2026, 1, 1), date(2026, 3, 31))], date(2026, 4, 10))
    assert result.days_used == 90
    assert result.last_legal_day is None
    assert result.next_entry_day == date(2026, 6, 30)


def test_back_in_on_the_day_of_leaving_counts_that_day_once() -> None:
    stays = [Stay(date(2026, 1, 1), date(2026, 1, 30)), Stay(date(2026, 1, 30))]
    result = _status("TJ", stays, date(2026, 2, 5))
    assert result.days_used == 36  # 1 January - 5 February
    assert result.entry_days_used == 7
    assert result.last_legal_day == date(2026, 2, 28)


def test_open_counting_rules_are_reported_with_the_later_date() -> None:
    result = _status("TJ", [Stay(date(2026, 10, 1))], date(2026, 10, 10))
    codes = {u.code: u.later for u in result.uncertainties}
    assert codes["entry_day_counts"] == date(2026, 10, 31)
    assert result.last_legal_day_as_stated == date(2026, 10, 30)  # rules.yaml states "counts"
    assert "rule_unconfirmed" in codes  # Tajikistan's rule itself is not confirmed
    # Confirmed, the rule is no longer reported.
    sure = stay_status("TJ", [Stay(date(2026, 10, 1))], date(2026, 10, 10), confirmed(**AS_STATED))
    assert isinstance(sure, StayResult)
    assert "entry_day_counts" not in {u.code for u in sure.uncertainties}


def test_a_country_not_listed_gets_the_general_rule_and_says_so() -> None:
    result = _status("TR", [Stay(date(2026, 10, 1))], date(2026, 10, 10))
    assert result.group == "other"
    assert result.last_legal_day == date(2026, 10, 30)
    assert "country_not_listed" in {u.code for u in result.uncertainties}


@pytest.mark.parametrize(
    ("stays", "problem", "index"),
    [
        ([], InputProblem.NO_STAYS, None),
        ([Stay(date(2026, 5, 10), date(2026, 5, 1))], InputProblem.EXIT_BEFORE_ENTRY, 0),
        ([Stay(date(2026, 5, 1)), Stay(date(2026, 6, 1))], InputProblem.OPEN_NOT_LAST, 0),
        (
            [Stay(date(2026, 5, 1), date(2026, 5, 20)), Stay(date(2026, 5, 10), date(2026, 5, 25))],
            InputProblem.OVERLAP,
            1,
        ),
        ([Stay(date(2026, 12, 1))], InputProblem.FUTURE, 0),
        ([Stay(date(1999, 12, 1), date(2000, 1, 5))], InputProblem.TOO_EARLY, 0),
    ],
)
def test_impossible_histories_are_asked_back(
    stays: list[Stay], problem: InputProblem, index: int | None
) -> None:
    assert stay_status("UZ", stays, date(2026, 11, 26), RULES) == StayInputError(problem, index)
