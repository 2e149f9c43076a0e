"""Who was already refreshed today: a store keeping rows alive on use (seen_day, TTLs) writes
at most once a day per person. In memory only, bounded; /forget and expiry drop it through
the store's forget/clear (Database.add_cache)."""

from __future__ import annotations

from datetime import date

MAX_PEOPLE = 100_000  # beyond this the memo starts afresh: a write more, never a wrong one


class TouchedToday:
    def __init__(self, limit: int = MAX_PEOPLE) -> None:
        self._days: dict[str, date] = {}
        self._limit = limit

    def already(self, user_ref: str, today: date) -> bool:
        return self._days.get(user_ref) == today

    def mark(self, user_ref: str, today: date) -> None:
        if len(self._days) >= self._limit:
            self._days.clear()
        self._days[user_ref] = today

    def forget(self, user_ref: str) -> None:
        self._days.pop(user_ref, None)

    def clear(self) -> None:
        self._days.clear()
