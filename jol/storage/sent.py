"""Which messages Jol sent to a person in the last two days: only so that /forget can delete
them from the chat too. Message ids only, under the pseudonym; expires after two days."""

from __future__ import annotations

from datetime import date

from jol.storage.db import Database

_INSERT = (
    "INSERT OR IGNORE INTO sent_messages (user_ref, message_id, sent_day)"
    " VALUES (:user_ref, :message_id, :day)"
)
_SELECT = "SELECT message_id FROM sent_messages WHERE user_ref = ? ORDER BY message_id"


class SentMessages:
    def __init__(self, db: Database) -> None:
        self._db = db

    async def record(self, user_ref: str, message_id: int, today: date) -> None:
        params = {"user_ref": user_ref, "message_id": message_id, "day": today.isoformat()}
        await self._db.write((_INSERT, params))

    async def message_ids(self, user_ref: str) -> list[int]:
        return [message_id for (message_id,) in await self._db.fetchall(_SELECT, (user_ref,))]
