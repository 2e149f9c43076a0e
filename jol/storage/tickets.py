"""Conversations with caseworkers ("tickets") and the queue of messages to carry between the
person's chat and their topic in the staff group.

A ticket holds what is needed to carry messages: the person's pseudonym, their chat id
(sealed), their language, the topic, the status. Never a message body, a name or a username:
a relay names a message by its id, and Telegram copies it.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from typing import Any, Literal

from jol.privacy import Sealer
from jol.storage.db import Database

# open: nobody waits (just opened, or a caseworker answered); waiting: the person wrote last.
Status = Literal["open", "waiting", "closed"]
STATUSES: tuple[Status, ...] = ("open", "waiting", "closed")


@dataclass(frozen=True)
class Ticket:
    id: int
    user_ref: str
    chat_id: int
    language: str
    status: Status
    thread_id: int | None  # the forum topic; None until it is made


@dataclass(frozen=True)
class Relay:
    id: int
    ticket_id: int
    to_staff: bool  # from the person to the staff group, or back
    message_id: int  # in the chat it comes from


_COLUMNS = "id, user_ref, chat, language, status, thread_id"


class SQLiteTickets:
    def __init__(self, db: Database, sealer: Sealer) -> None:
        self._db = db
        self._sealer = sealer

    async def open(self, user_ref: str, chat_id: int, language: str, today: date) -> Ticket:
        rows = await self._db.fetchall(
            "INSERT INTO tickets (user_ref, chat, language, status, seen_day)"
            " VALUES (?, ?, ?, 'open', ?) RETURNING id",
            (user_ref, self._sealer.seal(chat_id), language, today.isoformat()),
        )
        return Ticket(int(rows[0][0]), user_ref, chat_id, language, "open", None)

    async def current(self, user_ref: str) -> Ticket | None:
        """The person's conversation that is not closed, if any."""
        return await self._one("user_ref = ? AND status != 'closed'", (user_ref,))

    async def by_thread(self, thread_id: int) -> Ticket | None:
        return await self._one("thread_id = ?", (thread_id,))

    async def by_id(self, ticket_id: int) -> Ticket | None:
        return await self._one("id = ?", (ticket_id,))

    async def of_user(self, user_ref: str) -> list[Ticket]:
        rows = await self._db.fetchall(
            f"SELECT {_COLUMNS} FROM tickets WHERE user_ref = ? ORDER BY id", (user_ref,)
        )
        return [self._ticket(row) for row in rows]

    async def set_thread(self, ticket_id: int, thread_id: int) -> None:
        await self._db.write(
            ("UPDATE tickets SET thread_id = ? WHERE id = ?", (thread_id, ticket_id))
        )

    async def set_status(self, ticket_id: int, status: Status, today: date) -> None:
        """Closed is final: a message in flight cannot open a closed conversation again."""
        await self._db.write(
            (
                "UPDATE tickets SET status = ?, seen_day = ? WHERE id = ? AND status != 'closed'",
                (status, today.isoformat(), ticket_id),
            )
        )

    async def counts(self) -> dict[str, int]:
        rows = await self._db.fetchall("SELECT status, COUNT(*) FROM tickets GROUP BY status")
        found: dict[str, int] = dict.fromkeys(STATUSES, 0)
        found.update({status: int(n) for status, n in rows})
        return found

    # --- the relay queue: in order, per direction ------------------------------------------
    async def enqueue(self, ticket: Ticket, to_staff: bool, message_id: int, today: date) -> None:
        await self._db.write(
            (
                "INSERT INTO relays (ticket_id, user_ref, to_staff, message_id, queued_day)"
                " VALUES (?, ?, ?, ?, ?)",
                (ticket.id, ticket.user_ref, int(to_staff), message_id, today.isoformat()),
            )
        )

    async def pending(self, to_staff: bool, limit: int) -> list[Relay]:
        rows = await self._db.fetchall(
            "SELECT id, ticket_id, message_id FROM relays WHERE to_staff = ? ORDER BY id LIMIT ?",
            (int(to_staff), limit),
        )
        return [
            Relay(int(id_), int(ticket), to_staff, int(message)) for id_, ticket, message in rows
        ]

    async def done(self, relay: Relay) -> None:
        await self._db.write(("DELETE FROM relays WHERE id = ?", (relay.id,)))

    async def _one(self, where: str, params: tuple[Any, ...]) -> Ticket | None:
        row = await self._db.fetchone(
            f"SELECT {_COLUMNS} FROM tickets WHERE {where} ORDER BY id DESC LIMIT 1", params
        )
        return None if row is None else self._ticket(row)

    def _ticket(self, row: tuple[Any, ...]) -> Ticket:
        id_, user_ref, chat, language, status, thread_id = row
        return Ticket(int(id_), user_ref, self._sealer.open(chat), language, status, thread_id)
