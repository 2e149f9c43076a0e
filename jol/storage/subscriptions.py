"""Topics a person asked to hear about: "tell me when the registration rules change".

A subscription holds what sending a notice needs and nothing more: the person's pseudonym,
the topic (a node id), their chat id (sealed, as for reminders) and the language they used
when they subscribed (for someone who never chose one). It lasts while the person uses Jol:
``touch`` keeps it for another retention period, as the profile's last-seen day.
"""

from __future__ import annotations

import logging
from datetime import date
from typing import Any, NamedTuple

from cryptography.fernet import InvalidToken

from jol.privacy import Sealer
from jol.storage.db import Database
from jol.storage.touched import TouchedToday

log = logging.getLogger(__name__)


class Subscriber(NamedTuple):
    user_ref: str
    chat_id: int
    language: str


_UPSERT = (
    "INSERT INTO subscriptions (user_ref, topic, chat, language, seen_day)"
    " VALUES (:user_ref, :topic, :chat, :language, :day)"
    " ON CONFLICT (user_ref, topic) DO UPDATE SET chat = excluded.chat,"
    " language = excluded.language, seen_day = excluded.seen_day"
)
_TOUCH = "UPDATE subscriptions SET seen_day = :day WHERE user_ref = :user_ref AND seen_day <> :day"


class SQLiteSubscriptions:
    def __init__(self, db: Database, sealer: Sealer) -> None:
        self._db = db
        self._sealer = sealer
        self._touched = TouchedToday()  # a read saved per update
        db.add_cache(self)

    async def toggle(
        self, user_ref: str, topic: str, chat_id: int, language: str, today: date
    ) -> bool:
        """Subscribes, or unsubscribes someone already subscribed; True when now subscribed.
        One transaction: a double tap subscribes and unsubscribes, never fails."""
        async with self._db.transaction() as conn:
            cursor = await conn.execute(
                "DELETE FROM subscriptions WHERE user_ref = ? AND topic = ? RETURNING topic",
                (user_ref, topic),
            )
            removed = await cursor.fetchall()
            await cursor.close()
            if removed:
                return False
            params = self._row(user_ref, topic, chat_id, language, today)
            await (await conn.execute(_UPSERT, params)).close()
        return True

    async def subscribe(
        self, user_ref: str, topic: str, chat_id: int, language: str, today: date
    ) -> None:
        await self._db.write((_UPSERT, self._row(user_ref, topic, chat_id, language, today)))

    async def unsubscribe(self, user_ref: str, topic: str | None = None) -> None:
        """One topic, or all of them (the person blocked the bot)."""
        if topic is None:
            await self._db.write(("DELETE FROM subscriptions WHERE user_ref = ?", (user_ref,)))
        else:
            sql = "DELETE FROM subscriptions WHERE user_ref = ? AND topic = ?"
            await self._db.write((sql, (user_ref, topic)))

    async def of_user(self, user_ref: str) -> list[str]:
        rows = await self._db.fetchall(
            "SELECT topic FROM subscriptions WHERE user_ref = ? ORDER BY topic", (user_ref,)
        )
        return [topic for (topic,) in rows]

    async def subscribers(self, topic: str) -> list[Subscriber]:
        rows = await self._db.fetchall(
            "SELECT user_ref, chat, language FROM subscriptions WHERE topic = ? ORDER BY user_ref",
            (topic,),
        )
        found = []
        for user_ref, chat, language in rows:
            try:
                found.append(Subscriber(user_ref, self._sealer.open(chat), language))
            except (InvalidToken, ValueError, TypeError):
                # Sealed with another key (the secret key was replaced): it can never be sent.
                log.error(
                    "dropped a subscription that cannot be read (was the secret key replaced?)"
                )
                await self.unsubscribe(user_ref, topic)
        return found

    async def touch(self, user_ref: str, today: date) -> None:
        """The person used Jol today: their subscriptions last another retention period. A
        read at most once a day per person, and a write only for someone subscribed."""
        if self._touched.already(user_ref, today):
            return
        stale = await self._db.fetchone(
            "SELECT 1 FROM subscriptions WHERE user_ref = ? AND seen_day <> ? LIMIT 1",
            (user_ref, today.isoformat()),
        )
        if stale is not None:
            await self._db.write((_TOUCH, {"user_ref": user_ref, "day": today.isoformat()}))
        self._touched.mark(user_ref, today)

    # Told by Database.erase_user and Database.expire (see Database.add_cache).
    def forget(self, user_ref: str) -> None:
        self._touched.forget(user_ref)

    def clear(self) -> None:
        self._touched.clear()

    def _row(
        self, user_ref: str, topic: str, chat_id: int, language: str, today: date
    ) -> dict[str, Any]:
        return {
            "user_ref": user_ref,
            "topic": topic,
            "chat": self._sealer.seal(chat_id),
            "language": language,
            "day": today.isoformat(),
        }
