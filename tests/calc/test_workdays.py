"""Working days in Kazakhstan: holidays, days off moved by law, transfers by decree, overrides.

Every case is worked out by hand from the 2026 calendar (calc_holidays_2026: 8 March a Sunday ->
9 March off; Nauryz 21-23 March with 24-25 March off; 1 and 7 May; 9 May a Saturday -> 11 May
off; Kurban Ait 27 May) and the decrees the `holidays` package lists (2024: Saturday 4 May
worked, 8 May off; 2025: Sunday 5 January worked, Friday 3 January off).
"""

from datetime import date, timedelta

import pytest

from jol.calc.ruleset import HolidayOverrides
from jol.calc.workdays import DayKind, WorkCalendar
from tests.calc.support import shipped

FIVE = WorkCalendar(shipped().holidays)
SIX = WorkCalendar(shipped().holidays, week="six_day")
BARE = WorkCalendar()  # the package alone, without rules.yaml


def _off(calendar: WorkCalendar, first: date, last: date) -> list[date]:
    days = [first + timedelta(days=n) for n in range((last - first).days + 1)]
    return [day for day in days if not calendar.is_working_day(day)]


@pytest.mark.parametrize(
    ("first", "last", "off"),
    [
        # New Year 2026: Thu-Fri holidays, then the weekend; 7 January Christmas.
        (date(2025, 12, 29), date(2026, 1, 9), [(2026, 1, d) for d in (1, 2, 3, 4, 7)]),
        # 8 March 2026 is a Sunday: Monday 9 March is off.
        (date(2026, 3, 6), date(2026, 3, 10), [(2026, 3, 7), (2026, 3, 8), (2026, 3, 9)]),
        # Nauryz 21-23 March 2026; 21 and 22 fall on the weekend: 24 and 25 off.
        (date(2026, 3, 20), date(2026, 3, 27), [(2026, 3, d) for d in (21, 22, 23, 24, 25)]),
        # 1 May (Fri), 7 May (Thu), 9 May (Sat) -> 11 May (Mon); Kurban Ait 27 May (Wed).
        (date(2026, 4, 30), date(2026, 5, 12), [(2026, 5, d) for d in (1, 2, 3, 7, 9, 10, 11)]),
        (date(2026, 5, 26), date(2026, 5, 28), [(2026, 5, 27)]),
        # 30 August 2026 is no longer a holiday (new Constitution): Monday 31 August is worked.
        (date(2026, 8, 28), date(2026, 9, 1), [(2026, 8, 29), (2026, 8, 30)]),
        # Transfer by decree, 2024: Saturday 4 May worked, Wednesday 8 May off.
        (date(2024, 5, 3), date(2024, 5, 10), [(2024, 5, d) for d in (5, 7, 8, 9)]),
        # Transfer by decree, 2025: Friday 3 January off, Sunday 5 January worked.
        (date(2025, 1, 1), date(2025, 1, 6), [(2025, 1, d) for d in (1, 2, 3, 4)]),
        # New Year 2027: 2 January a Saturday -> Monday 4 January off.
        (date(2026, 12, 31), date(2027, 1, 5), [(2027, 1, d) for d in (1, 2, 3, 4)]),
    ],
)
def test_days_off_in_the_five_day_week(first: date, last: date, off: list[tuple[int, ...]]) -> None:
    assert _off(FIVE, first, last) == [date(*day) for day in off]


def test_kurban_ait_is_estimated_until_rules_yaml_confirms_it() -> None:
    assert BARE.kind(date(2026, 5, 27)) is DayKind.ESTIMATED_OFF
    assert BARE.is_working_day(date(2026, 5, 27))  # an estimate never makes a deadline later
    assert FIVE.kind(date(2026, 5, 27)) is DayKind.OFF


def test_overrides_add_days_off_and_working_days() -> None:
    # A decree that moves Saturday 12 December 2026 to Friday 18 December, say.
    decree = HolidayOverrides(
        days_off=frozenset({date(2026, 12, 18)}), working_days=frozenset({date(2026, 12, 12)})
    )
    calendar = WorkCalendar(decree)
    assert calendar.is_working_day(date(2026, 12, 12))
    assert not calendar.is_working_day(date(2026, 12, 18))
    assert calendar.add_working_days(date(2026, 12, 11), 1, start_counts=False).day == date(
        2026, 12, 12
    )


@pytest.mark.parametrize(
    ("start", "count", "start_counts", "expected"),
    [
        # Across New Year: 30 Dec 2025 (Tue) + 3 -> 31 Dec, 5 Jan, 6 Jan.
        (date(2025, 12, 30), 3, False, date(2026, 1, 6)),
        (date(2025, 12, 30), 3, True, date(2026, 1, 5)),  # 30 Dec is day 1
        # Across 8 March: Friday 6 March + 5 -> 10, 11, 12, 13, 16 March.
        (date(2026, 3, 6), 5, False, date(2026, 3, 16)),
        # Across Nauryz: Friday 20 March + 3 -> 26, 27, 30 March.
        (date(2026, 3, 20), 3, False, date(2026, 3, 30)),
        (date(2026, 3, 20), 3, True, date(2026, 3, 27)),
        # Across 1 May: Wednesday 29 April + 3 -> 30 April, 4 May, 5 May.
        (date(2026, 4, 29), 3, False, date(2026, 5, 5)),
        # Across 7 and 9 May: Wednesday 6 May + 3 -> 8, 12, 13 May.
        (date(2026, 5, 6), 3, False, date(2026, 5, 13)),
        # Across the 2024 transfer: Friday 3 May + 3 -> Saturday 4 (worked), 6, 10 May.
        (date(2024, 5, 3), 3, False, date(2024, 5, 10)),
        # A start on a day off: counting begins at the next working day either way.
        (date(2026, 3, 22), 1, True, date(2026, 3, 26)),
        (date(2026, 3, 22), 1, False, date(2026, 3, 26)),
    ],
)
def test_working_day_deadlines(start: date, count: int, start_counts: bool, expected: date) -> None:
    assert FIVE.add_working_days(start, count, start_counts=start_counts).day == expected


@pytest.mark.parametrize(
    ("start", "count", "expected"),
    [
        # Six-day week: Saturdays are worked; a holiday on a Sunday moves to the next free day.
        (date(2026, 3, 6), 2, date(2026, 3, 10)),  # 7 (Sat), 8 Sun-holiday -> 9 off, 10
        (date(2026, 3, 20), 2, date(2026, 3, 26)),  # 21-23 holidays, 22 Sunday -> 24 off
        (date(2024, 5, 3), 1, date(2024, 5, 4)),
        (date(2025, 1, 2), 1, date(2025, 1, 3)),  # the five-day week's decree does not apply
    ],
)
def test_working_days_in_the_six_day_week(start: date, count: int, expected: date) -> None:
    assert SIX.add_working_days(start, count, start_counts=False).day == expected


def test_a_count_reports_the_estimated_days_off_it_counted_as_working() -> None:
    counted = BARE.add_working_days(date(2026, 5, 26), 2, start_counts=False)
    assert counted.day == date(2026, 5, 28)
    assert counted.estimated == (date(2026, 5, 27),)
    assert FIVE.add_working_days(date(2026, 5, 26), 2, start_counts=False).estimated == ()


def test_next_working_day() -> None:
    assert FIVE.next_working_day(date(2026, 3, 21)) == date(2026, 3, 26)
    assert FIVE.next_working_day(date(2026, 3, 26)) == date(2026, 3, 26)
