"""The caseworkers' working hours (``STAFF_HOURS``, Almaty time), and when a person who writes
outside them can expect an answer. Public holidays count as closed days."""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta

from babel.dates import get_day_names

DAYS = ("mon", "tue", "wed", "thu", "fri", "sat", "sun")
_SPEC = re.compile(
    r"^\s*(?P<days>[a-z,\- ]+?)\s+(?P<opens>\d{1,2}:\d{2})\s*-\s*(?P<closes>\d{1,2}:\d{2})\s*$",
    re.IGNORECASE,
)
MAX_DAYS_AHEAD = 30  # a month of holidays is not a schedule: stop looking


@dataclass(frozen=True)
class Hours:
    days: tuple[int, ...]  # 0 = Monday
    opens: time
    closes: time

    @classmethod
    def parse(cls, text: str) -> Hours:
        """``Mon-Fri 09:00-18:00``, ``Mon,Wed,Fri 10:00-14:00``, ``Mon-Sat 9:00-13:00``."""
        found = _SPEC.match(text)
        if not found:
            raise ValueError(f"working hours must look like 'Mon-Fri 09:00-18:00', not {text!r}")
        days: set[int] = set()
        for part in found["days"].lower().replace(" ", "").split(","):
            first, _, last = part.partition("-")
            if first not in DAYS or (last and last not in DAYS):
                raise ValueError(f"unknown day in working hours: {part!r} (use Mon … Sun)")
            start, end = DAYS.index(first), DAYS.index(last or first)
            days.update(
                range(start, end + 1) if start <= end else (*range(start, 7), *range(end + 1))
            )
        opens, closes = (time.fromisoformat(found[k].zfill(5)) for k in ("opens", "closes"))
        if opens >= closes:
            raise ValueError(f"working hours end before they start: {text!r}")
        return cls(tuple(sorted(days)), opens, closes)

    def is_open(self, now: datetime, closed_day: Callable[[date], bool]) -> bool:
        """``now`` in Almaty time; ``closed_day``: a public holiday."""
        day = now.date()
        return (
            day.weekday() in self.days
            and not closed_day(day)
            and self.opens <= now.time() < self.closes
        )

    def next_opening(self, now: datetime, closed_day: Callable[[date], bool]) -> datetime | None:
        """When the caseworkers are next at work (``now`` itself when they are)."""
        if self.is_open(now, closed_day):
            return now
        for ahead in range(MAX_DAYS_AHEAD):
            day = now.date() + timedelta(days=ahead)
            start = datetime.combine(day, self.opens, now.tzinfo)
            if day.weekday() in self.days and not closed_day(day) and start > now:
                return start
        return None

    def describe(self, language: str) -> str:
        """ "Mon–Fri 09:00–18:00" with the day names of ``language``."""
        names = get_day_names("abbreviated", locale=language)
        runs: list[str] = []
        for run in _runs(self.days):
            first, last = names[run[0]], names[run[-1]]
            runs.append(first if len(run) == 1 else f"{first}–{last}")
        return f"{', '.join(runs)} {self.opens:%H:%M}–{self.closes:%H:%M}"


def _runs(days: tuple[int, ...]) -> list[list[int]]:
    runs: list[list[int]] = []
    for day in days:
        if runs and runs[-1][-1] == day - 1:
            runs[-1].append(day)
        else:
            runs.append([day])
    return runs
