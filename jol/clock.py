"""Jol's "today" is Kazakhstan's: deadlines, review dates and last-seen days are Almaty dates
(UTC+5), whatever the server's time zone."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date, datetime
from zoneinfo import ZoneInfo

ALMATY = ZoneInfo("Asia/Almaty")
Clock = Callable[[], datetime]


def now() -> datetime:
    return datetime.now(ALMATY)


def today() -> date:
    return now().date()
