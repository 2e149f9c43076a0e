"""Reminders a person asked for, kept until sent, cancelled, erased or useless.

Delivery is at most once: a reminder is claimed (removed) before it is sent, so two instances
or a restart can never send it twice. A crash between the claim and the send loses that one
reminder; every deadline has two reminders (before and on the day) for that reason.
"""

from __future__ import annotations

import json
import logging
from dataclasses import dataclass
from datetime import date, datetime
from typing import Any

from cryptography.fernet import InvalidToken

from jol.privacy import Sealer
from jol.storage.db import Database

log = logging.getLogger(__name__)


@dataclass(frozen=True)
class Reminder:
    id: str
    user_ref: str
    chat_id: int
    due: datetime  # aware, UTC
    useful_until: date  # after this day the reminder is dropped unsent
    kind: str  # which calculator's reminder: says what to show
    payload: dict[str, Any]  # e.g. the deadline and the node to open


@dataclass(frozen=True)
class NewReminder:
    due: datetime
    useful_until: date
    kind: str
    payload: dict[str, Any]


_INSERT = (
    "INSERT INTO reminders (user_ref, chat, due, useful_until, kind, payload)"
    " VALUES (?, ?, ?, ?, ?, ?)"
)
_COLUMNS = "id, user_ref, chat, due, useful_until, kind, payload"


class SQLiteReminders:
    def __init__(self, db: Database, sealer: Sealer) -> None:
        self._db = db
        self._sealer = sealer

    async def add(self, user_ref: str, chat_id: int, reminders: list[NewReminder]) -> None:
        chat = self._sealer.seal(chat_id)
        await self._db.write(
            *(
                (
                    _INSERT,
                    (
                        user_ref,
                        chat,
                        r.due.isoformat(),
                        r.useful_until.isoformat(),
                        r.kind,
                        json.dumps(r.payload, ensure_ascii=False),
                    ),
                )
                for r in reminders
            )
        )

    async def of_user(self, user_ref: str) -> list[Reminder]:
        rows = await self._db.fetchall(
            f"SELECT {_COLUMNS} FROM reminders WHERE user_ref = ? ORDER BY due", (user_ref,)
        )
        return await self._decoded(rows)

    async def cancel(self, user_ref: str, reminder_id: str | None = None) -> None:
        """One reminder of the person, or all of them."""
        if reminder_id is None:
            await self._db.write(("DELETE FROM reminders WHERE user_ref = ?", (user_ref,)))
        elif reminder_id.isdigit():
            sql = "DELETE FROM reminders WHERE user_ref = ? AND id = ?"
            await self._db.write((sql, (user_ref, int(reminder_id))))

    async def due(self, now: datetime, limit: int) -> list[Reminder]:
        rows = await self._db.fetchall(
            f"SELECT {_COLUMNS} FROM reminders WHERE due <= ? ORDER BY due LIMIT ?",
            (now.isoformat(), limit),
        )
        return await self._decoded(rows)

    async def claim(self, reminder: Reminder) -> bool:
        """True for exactly one caller: the one that may send it."""
        rows = await self._db.fetchall(
            "DELETE FROM reminders WHERE id = ? RETURNING id", (int(reminder.id),)
        )
        return bool(rows)

    async def _decoded(self, rows: list[tuple[Any, ...]]) -> list[Reminder]:
        """Rows that cannot be read (sealed with another key, e.g. after the secret key was
        replaced) are dropped, so one of them cannot stop every other reminder."""
        found = []
        for row in rows:
            try:
                found.append(self._reminder(row))
            except (InvalidToken, ValueError, TypeError):
                log.error("dropped a reminder that cannot be read (was the secret key replaced?)")
                await self._db.write(("DELETE FROM reminders WHERE id = ?", (row[0],)))
        return found

    def _reminder(self, row: tuple[Any, ...]) -> Reminder:
        id_, user_ref, chat, due, useful_until, kind, payload = row
        return Reminder(
            id=str(id_),
            user_ref=user_ref,
            chat_id=self._sealer.open(chat),
            due=datetime.fromisoformat(due),
            useful_until=date.fromisoformat(useful_until),
            kind=kind,
            payload=json.loads(payload),
        )
