"""Kazakhstan's working days: the ``holidays`` package's calendar, corrected by rules.yaml.

Five-day week (the usual one, and the one government offices keep): Saturday and Sunday are
days off, so are public holidays; a national holiday falling on a day off moves to the next
working day (Law "On holidays", art. 5 — the package applies this), and government decrees move
further days (Labour Code art. 85(3) — the package knows past decrees; rules.yaml adds new ones).

Six-day week: only Sunday is a weekly day off; a holiday on a Sunday moves to the next working
day. Decrees that move days for the five-day week do not apply. It is here because rules.yaml
may leave open which week a deadline in working days is counted in.

Islamic holidays (Kurban Ait) are fixed each year by the Spiritual Administration of Muslims;
for a year whose date is not yet announced the package estimates it. An estimated day off is
counted as a WORKING day (the earlier deadline) and reported, unless rules.yaml confirms it.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, timedelta
from enum import StrEnum
from functools import lru_cache

import holidays

from jol.calc.ruleset import HolidayOverrides
from jol.content.rules import Week

ONE_DAY = timedelta(days=1)
_RELIGIOUS = ("Orthodox Christmas", "Eid al-Adha")  # days off that never move (Labour Code)
_SUBSTITUTED = "Day off (substituted"  # decree transfers: five-day week only


class DayKind(StrEnum):
    WORKING = "working"
    OFF = "off"
    ESTIMATED_OFF = "estimated_off"  # probably a day off, date not yet announced


@dataclass(frozen=True)
class Counted:
    """The end of a count of working days, and what made it uncertain."""

    day: date
    estimated: tuple[date, ...] = ()  # estimated days off counted as working days
    years: frozenset[int] = frozenset()  # calendar years the count passed through


NO_OVERRIDES = HolidayOverrides()


class WorkCalendar:
    def __init__(self, overrides: HolidayOverrides = NO_OVERRIDES, week: Week = "five_day"):
        self.overrides = overrides
        self.week = week
        # English names: "estimated" and the religious holidays are recognised by name.
        self._observed = holidays.country_holidays("KZ", language="en_US")
        self._actual = holidays.country_holidays("KZ", language="en_US", observed=False)

    def kind(self, day: date) -> DayKind:
        if day in self.overrides.working_days:
            return DayKind.WORKING
        if day in self.overrides.days_off:
            return DayKind.OFF
        if self.week == "five_day":
            return self._five_day(day)
        return self._six_day(day)

    def is_working_day(self, day: date) -> bool:
        """Estimated days off count as working days: a deadline is never shown too late."""
        return self.kind(day) is not DayKind.OFF

    def next_working_day(self, day: date) -> date:
        """``day`` itself when it is a working day, else the first working day after it."""
        while not self.is_working_day(day):
            day += ONE_DAY
        return day

    def add_working_days(self, start: date, count: int, *, start_counts: bool) -> Counted:
        """The ``count``-th working day from ``start``. ``start_counts``: ``start`` is day 1 when
        it is a working day; otherwise counting begins the next day (day 0 is ``start``)."""
        if count < 1:
            raise ValueError("count must be at least 1")
        day = start if start_counts else start + ONE_DAY
        estimated: list[date] = []
        years = {start.year}
        left = count
        while True:
            years.add(day.year)
            kind = self.kind(day)
            if kind is DayKind.ESTIMATED_OFF:
                estimated.append(day)
            if kind is not DayKind.OFF:
                left -= 1
                if left == 0:
                    return Counted(day, tuple(estimated), frozenset(years))
            day += ONE_DAY

    def _five_day(self, day: date) -> DayKind:
        name = self._observed.get(day)
        if name is not None:
            return DayKind.ESTIMATED_OFF if "estimated" in name else DayKind.OFF
        return DayKind.WORKING if self._observed.is_working_day(day) else DayKind.OFF

    def _six_day(self, day: date) -> DayKind:
        # Walk forward from two weeks before: a national holiday on a Sunday moves to the next
        # day that is neither a Sunday nor a holiday (no run of days off is that long).
        moved = 0
        current = day - timedelta(days=14)
        while True:
            holiday = _real_holiday(self._actual, current)
            if current.weekday() == 6 or holiday is not None:
                if current.weekday() == 6 and holiday and not holiday.startswith(_RELIGIOUS):
                    moved += 1
                if current == day:
                    if holiday and "estimated" in holiday and current.weekday() != 6:
                        return DayKind.ESTIMATED_OFF
                    return DayKind.OFF
            elif moved:
                moved -= 1
                if current == day:
                    return DayKind.OFF
            elif current == day:
                return DayKind.WORKING
            current += ONE_DAY


def _real_holiday(calendar: holidays.HolidayBase, day: date) -> str | None:
    name = calendar.get(day)
    if name is None or name.startswith(_SUBSTITUTED):
        return None
    return str(name)


@lru_cache(maxsize=16)
def calendar_for(overrides: HolidayOverrides, week: Week = "five_day") -> WorkCalendar:
    """One calendar per set of overrides and week (the ``holidays`` object caches its years)."""
    return WorkCalendar(overrides, week)
