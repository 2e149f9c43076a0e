"""When caseworkers are at work, and when a person writing outside the hours can expect an
answer: weekends, evenings and public holidays."""

from __future__ import annotations

from datetime import date, datetime

import pytest

from jol.clock import ALMATY
from jol.handoff.hours import Hours

WEEKDAYS = Hours.parse("Mon-Fri 09:00-18:00")
NO_HOLIDAYS: set[date] = set()


def at(day: int, hour: int, minute: int = 0) -> datetime:
    return datetime(2026, 11, day, hour, minute, tzinfo=ALMATY)  # 23 Nov 2026 is a Monday


def test_open_on_a_weekday_during_the_hours() -> None:
    assert WEEKDAYS.is_open(at(25, 10), NO_HOLIDAYS.__contains__)
    assert not WEEKDAYS.is_open(at(25, 18), NO_HOLIDAYS.__contains__)  # closing time is closed
    assert not WEEKDAYS.is_open(at(28, 10), NO_HOLIDAYS.__contains__)  # Saturday


def test_friday_evening_means_an_answer_on_monday_morning() -> None:
    assert WEEKDAYS.next_opening(at(27, 19), NO_HOLIDAYS.__contains__) == datetime(
        2026, 11, 30, 9, 0, tzinfo=ALMATY
    )


def test_early_morning_means_an_answer_the_same_day() -> None:
    assert WEEKDAYS.next_opening(at(25, 7, 30), NO_HOLIDAYS.__contains__) == at(25, 9)


def test_a_public_holiday_is_skipped() -> None:
    holidays = {date(2026, 11, 30)}
    assert WEEKDAYS.next_opening(at(27, 19), holidays.__contains__) == datetime(
        2026, 12, 1, 9, 0, tzinfo=ALMATY
    )


def test_during_the_hours_the_answer_is_now() -> None:
    assert WEEKDAYS.next_opening(at(25, 11), NO_HOLIDAYS.__contains__) == at(25, 11)


@pytest.mark.parametrize(
    ("spec", "days"),
    [
        ("Mon-Fri 09:00-18:00", (0, 1, 2, 3, 4)),
        ("mon,wed,fri 9:00-13:00", (0, 2, 4)),
        ("Sat-Mon 10:00-14:00", (0, 5, 6)),
        ("Sun 10:00-12:00", (6,)),
    ],
)
def test_hours_are_read_as_staff_write_them(spec: str, days: tuple[int, ...]) -> None:
    assert Hours.parse(spec).days == days


@pytest.mark.parametrize(
    "spec",
    ["", "weekdays 9-18", "Mon-Fri 18:00-09:00", "Mon-Fry 09:00-18:00", "Mon-Fri 25:00-26:00"],
)
def test_a_mistake_in_the_hours_is_refused_with_an_example(spec: str) -> None:
    with pytest.raises(ValueError):
        Hours.parse(spec)


def test_hours_are_shown_with_day_names_in_the_persons_language() -> None:
    assert WEEKDAYS.describe("en") == "Mon–Fri 09:00–18:00"
    assert WEEKDAYS.describe("ru") == "пн–пт 09:00–18:00"
    assert Hours.parse("mon,wed,fri 9:00-13:00").describe("en") == "Mon, Wed, Fri 09:00–13:00"
