"""The profile: the language a person chose and the day they last used Jol.

Both are needed on every update, so reads are cached in memory and the last-seen day is
written at most once per person per day. The caches assume this process is the only writer
of the profiles table (one bot process per database).
"""

from __future__ import annotations

from datetime import date
from typing import TypeVar

from jol.storage.db import Database

MAX_CACHED = 100_000
V = TypeVar("V")

_SELECT_LANGUAGE = "SELECT language FROM profiles WHERE user_ref = ?"
_UPSERT_LANGUAGE = (
    "INSERT INTO profiles (user_ref, language, seen_day) VALUES (:user_ref, :language, :day)"
    " ON CONFLICT (user_ref) DO UPDATE SET language = excluded.language,"
    " seen_day = excluded.seen_day"
)
# Only an existing profile is refreshed: someone who never chose a language has nothing to
# keep, and storing their last visit anyway would be data kept for no purpose.
# Writing again also means they unblocked the bot.
_TOUCH = (
    "UPDATE profiles SET seen_day = :day, blocked = 0"
    " WHERE user_ref = :user_ref AND (seen_day <> :day OR blocked = 1)"
)
_BLOCKED = "UPDATE profiles SET blocked = 1 WHERE user_ref = ?"
_IS_BLOCKED = "SELECT blocked FROM profiles WHERE user_ref = ?"


class Profiles:
    def __init__(self, db: Database, *, max_cached: int = MAX_CACHED) -> None:
        self._db = db
        self._max_cached = max_cached
        self._languages: dict[str, str | None] = {}
        self._seen: dict[str, date] = {}
        # Bumped on every invalidation: a read that started before one must not cache the
        # value it read, which may be the one just replaced or erased.
        self._generation = 0
        db.add_cache(self)

    async def language(self, user_ref: str) -> str | None:
        if user_ref in self._languages:
            return self._languages[user_ref]
        generation = self._generation
        row = await self._db.fetchone(_SELECT_LANGUAGE, (user_ref,))
        language: str | None = None if row is None else row[0]
        if generation == self._generation:
            self._remember(self._languages, user_ref, language)
        return language

    async def set_language(self, user_ref: str, language: str, today: date) -> None:
        await self._db.write(
            (
                _UPSERT_LANGUAGE,
                {"user_ref": user_ref, "language": language, "day": today.isoformat()},
            )
        )
        self._invalidate(user_ref)
        self._remember(self._languages, user_ref, language)
        self._remember(self._seen, user_ref, today)

    async def touch(self, user_ref: str, today: date) -> None:
        """Records that the person used Jol today; a database write at most once a day."""
        if self._seen.get(user_ref) == today:
            return
        await self._db.write((_TOUCH, {"user_ref": user_ref, "day": today.isoformat()}))
        self._remember(self._seen, user_ref, today)

    async def mark_blocked(self, user_ref: str) -> None:
        """Telegram said the person blocked the bot: send nothing until they write again."""
        await self._db.write((_BLOCKED, (user_ref,)))
        self._seen.pop(user_ref, None)  # so their next message runs _TOUCH and unblocks

    async def blocked(self, user_ref: str) -> bool:
        row = await self._db.fetchone(_IS_BLOCKED, (user_ref,))
        return bool(row and row[0])

    # Cache protocol of Database: called after rows were erased (/forget) or expired.
    def forget(self, user_ref: str) -> None:
        self._invalidate(user_ref)
        self._seen.pop(user_ref, None)

    def clear(self) -> None:
        self._generation += 1
        self._languages.clear()
        self._seen.clear()

    def _invalidate(self, user_ref: str) -> None:
        self._generation += 1
        self._languages.pop(user_ref, None)

    def _remember(self, cache: dict[str, V], user_ref: str, value: V) -> None:
        # Clearing everything is crude but bounded, and the cost is one read per person.
        if len(cache) >= self._max_cached:
            cache.clear()
        cache[user_ref] = value
