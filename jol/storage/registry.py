"""Every table in the schema must be registered here, with how one person's rows are erased
(/forget) and how rows expire after the retention period. A test enforces it, so a new table
cannot silently keep personal data forever or survive /forget. A table with no row about any
one person (counts) has no erase statement and says why; it still expires.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from jol.storage.db import Database


@dataclass(frozen=True)
class Table:
    name: str
    erase_sql: str  # parameter :user_ref; "" only with ``not_personal``
    expire_sql: str  # parameter :cutoff_day (ISO date); rows last seen before it go
    max_days: int | None = None  # kept at most this long, even if the retention is longer
    not_personal: str = ""  # why no row is about one person (then there is nothing to erase)


TABLES: tuple[Table, ...] = (
    Table(
        name="fsm",
        # chat_ref too: in a private chat the chat id is the user id, and rows of a chat
        # with the person are about that person.
        erase_sql="DELETE FROM fsm WHERE user_ref = :user_ref OR chat_ref = :user_ref",
        expire_sql="DELETE FROM fsm WHERE seen_day < :cutoff_day",
    ),
    Table(
        name="profiles",
        erase_sql="DELETE FROM profiles WHERE user_ref = :user_ref",
        expire_sql="DELETE FROM profiles WHERE seen_day < :cutoff_day",
    ),
    Table(
        name="sent_messages",
        erase_sql="DELETE FROM sent_messages WHERE user_ref = :user_ref",
        expire_sql="DELETE FROM sent_messages WHERE sent_day < :cutoff_day",
        # Telegram lets a bot delete its messages for 48 hours; older ids are of no use.
        max_days=2,
    ),
    Table(
        name="reminders",
        erase_sql="DELETE FROM reminders WHERE user_ref = :user_ref",
        expire_sql="DELETE FROM reminders WHERE useful_until < :cutoff_day",
        max_days=1,  # a reminder is of no use after its deadline
    ),
    Table(
        name="tickets",
        erase_sql="DELETE FROM tickets WHERE user_ref = :user_ref",
        expire_sql="DELETE FROM tickets WHERE seen_day < :cutoff_day",
    ),
    Table(
        name="relays",
        erase_sql="DELETE FROM relays WHERE user_ref = :user_ref",
        expire_sql="DELETE FROM relays WHERE queued_day < :cutoff_day",
        max_days=2,  # a message Telegram would not take for two days is not coming through
    ),
    Table(
        name="subscriptions",
        erase_sql="DELETE FROM subscriptions WHERE user_ref = :user_ref",
        expire_sql="DELETE FROM subscriptions WHERE seen_day < :cutoff_day",
    ),
    Table(
        name="stats",
        erase_sql="",
        expire_sql="DELETE FROM stats WHERE day < :cutoff_day",
        not_personal="numbers of people per day; the daily tokens that count each person "
        "once are kept in memory (or Redis) for that day only (jol.storage.stats)",
    ),
)


async def unregistered_tables(db: Database, tables: tuple[Table, ...] = TABLES) -> set[str]:
    """Tables in the schema of ``db`` that ``tables`` does not cover (should be empty)."""
    registered = {
        table.name
        for table in tables
        if (table.erase_sql or table.not_personal) and table.expire_sql
    }
    return await db.tables() - registered
