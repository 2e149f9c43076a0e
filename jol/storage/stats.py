"""Counts of people for NGO editors: "on this day, N different people did this".

Each person is counted once per day and thing with a token: a keyed hash of their pseudonym
under a random key made for that day. The key and the tokens are never written to the
database: they stay in this process's memory (or, with several instances, in Redis for that
day only) and are discarded when the day ends, so the stored counts cannot be linked to anyone,
not even with the secret key. /forget drops the person's token of the day at once. A restart
in the middle of a day makes a new key: a person who comes back after it counts once more.
"""

from __future__ import annotations

import hashlib
import hmac
import secrets
from dataclasses import dataclass
from datetime import date

from jol.storage.db import Database

_UPSERT = (
    "INSERT INTO stats (day, kind, language, item, people) VALUES (?, ?, ?, ?, 1)"
    " ON CONFLICT (day, kind, language, item) DO UPDATE SET people = people + 1"
)


@dataclass(frozen=True)
class Count:
    kind: str
    language: str
    item: str
    people: int  # summed over the days: a person on three days counts three times
    most_in_a_day: int  # different people on the busiest day: what the k-threshold needs


def day_token(key: bytes, user_ref: str) -> str:
    return hmac.new(key, user_ref.encode(), hashlib.sha256).hexdigest()[:32]


def counted_thing(kind: str, language: str, item: str) -> str:
    return f"{kind}\x1f{language}\x1f{item}"


class SQLiteStats:
    def __init__(self, db: Database) -> None:
        self._db = db
        self._day: date | None = None
        self._key = b""
        self._seen: dict[str, set[str]] = {}  # today's token -> what it was counted for

    async def add(self, day: date, kind: str, language: str, item: str, user_ref: str) -> None:
        """Counts the person for (kind, language, item) on ``day``, once."""
        if self._day is None or day > self._day:  # a new day: a new key, yesterday's go
            self._day, self._key, self._seen = day, secrets.token_bytes(32), {}
        day = self._day  # an update that started just before midnight counts for today
        seen = self._seen.setdefault(day_token(self._key, user_ref), set())
        thing = counted_thing(kind, language, item)
        if thing in seen:
            return
        seen.add(thing)
        await self._db.write((_UPSERT, (day.isoformat(), kind, language, item)))

    async def totals(self, since: date, until: date) -> list[Count]:
        rows = await self._db.fetchall(
            "SELECT kind, language, item, SUM(people), MAX(people) FROM stats"
            " WHERE day >= ? AND day <= ? GROUP BY kind, language, item",
            (since.isoformat(), until.isoformat()),
        )
        return [
            Count(kind, language, item, int(total), int(most))
            for kind, language, item, total, most in rows
        ]

    # Told by Database.erase_user and Database.expire (see Database.add_cache).
    def forget(self, user_ref: str) -> None:
        if self._key:
            self._seen.pop(day_token(self._key, user_ref), None)

    def clear(self) -> None:
        """Expiry ran: nothing to do, the tokens already last one day only."""
