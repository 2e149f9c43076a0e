"""Where rows about people live: all in the SQLite file (one instance, the default), or the
shared ones in Redis (``STORAGE_URL=redis://...``, several instances behind a webhook).

Handlers see only these interfaces, so the choice is made once, here.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime, timedelta
from typing import Protocol

from aiogram.fsm.storage.base import BaseEventIsolation, BaseStorage
from aiogram.fsm.storage.redis import RedisEventIsolation, RedisStorage
from redis.asyncio import Redis

from jol.privacy import Pseudonymizer, Sealer
from jol.storage import redis as shared
from jol.storage.db import Database
from jol.storage.fsm import SQLiteStorage
from jol.storage.isolation import UserLocks
from jol.storage.profiles import Profiles
from jol.storage.reminders import NewReminder, Reminder, SQLiteReminders
from jol.storage.sent import SentMessages
from jol.storage.stats import Count, SQLiteStats
from jol.storage.subscriptions import SQLiteSubscriptions, Subscriber
from jol.storage.tickets import Relay, SQLiteTickets, Status, Ticket


class ProfileStore(Protocol):
    async def language(self, user_ref: str) -> str | None: ...
    async def set_language(self, user_ref: str, language: str, today: date) -> None: ...
    async def touch(self, user_ref: str, today: date) -> None: ...
    async def mark_blocked(self, user_ref: str) -> None: ...
    async def blocked(self, user_ref: str) -> bool: ...


class SentStore(Protocol):
    async def record(self, user_ref: str, message_id: int, today: date) -> None: ...
    async def message_ids(self, user_ref: str) -> list[int]: ...


class ReminderStore(Protocol):
    async def add(self, user_ref: str, chat_id: int, reminders: list[NewReminder]) -> None: ...
    async def of_user(self, user_ref: str) -> list[Reminder]: ...
    async def cancel(self, user_ref: str, reminder_id: str | None = None) -> None: ...
    async def due(self, now: datetime, limit: int) -> list[Reminder]: ...
    async def claim(self, reminder: Reminder) -> bool: ...


class SubscriptionStore(Protocol):
    async def toggle(
        self, user_ref: str, topic: str, chat_id: int, language: str, today: date
    ) -> bool: ...
    async def subscribe(
        self, user_ref: str, topic: str, chat_id: int, language: str, today: date
    ) -> None: ...
    async def unsubscribe(self, user_ref: str, topic: str | None = None) -> None: ...
    async def of_user(self, user_ref: str) -> list[str]: ...
    async def subscribers(self, topic: str) -> list[Subscriber]: ...
    async def touch(self, user_ref: str, today: date) -> None: ...


class StatsStore(Protocol):
    async def add(self, day: date, kind: str, language: str, item: str, user_ref: str) -> None: ...
    async def totals(self, since: date, until: date) -> list[Count]: ...


class TicketStore(Protocol):
    async def open(self, user_ref: str, chat_id: int, language: str, today: date) -> Ticket: ...
    async def current(self, user_ref: str) -> Ticket | None: ...
    async def by_thread(self, thread_id: int) -> Ticket | None: ...
    async def by_id(self, ticket_id: int) -> Ticket | None: ...
    async def of_user(self, user_ref: str) -> list[Ticket]: ...
    async def set_thread(self, ticket_id: int, thread_id: int) -> None: ...
    async def set_status(self, ticket_id: int, status: Status, today: date) -> None: ...
    async def counts(self) -> dict[str, int]: ...
    async def enqueue(
        self, ticket: Ticket, to_staff: bool, message_id: int, today: date
    ) -> None: ...
    async def pending(self, to_staff: bool, limit: int) -> list[Relay]: ...
    async def done(self, relay: Relay) -> None: ...


@dataclass
class Stores:
    db: Database
    fsm: BaseStorage
    isolation: BaseEventIsolation
    profiles: ProfileStore
    sent: SentStore
    reminders: ReminderStore
    stats: StatsStore
    tickets: TicketStore
    subscriptions: SubscriptionStore
    sealer: Sealer
    bot_id: int
    redis: Redis | None = None

    async def erase_user(self, user_ref: str) -> None:
        """/forget: everything about the person, wherever it is kept."""
        try:
            if self.redis is not None:
                await shared.erase_user(self.redis, self.sealer, self.bot_id, user_ref)
        finally:  # Redis failing must not keep the SQLite rows
            # The SQLite file exists in both modes; its erase also tells every cache.
            await self.db.erase_user(user_ref)

    async def close(self) -> None:
        if self.redis is not None:
            await self.redis.aclose()


def open_stores(
    db: Database,
    pseudonymizer: Pseudonymizer,
    sealer: Sealer,
    *,
    bot_id: int,
    storage_url: str = "",
    retention_days: int = 90,
) -> Stores:
    if not storage_url:
        stats = SQLiteStats(db)
        db.add_cache(stats)  # /forget drops the person's token of the day
        return Stores(
            db=db,
            fsm=SQLiteStorage(db, pseudonymizer),
            isolation=UserLocks(),
            profiles=Profiles(db),
            sent=SentMessages(db),
            reminders=SQLiteReminders(db, sealer),
            stats=stats,
            tickets=SQLiteTickets(db, sealer),
            subscriptions=SQLiteSubscriptions(db, sealer),
            sealer=sealer,
            bot_id=bot_id,
        )
    redis = shared.connect(storage_url)
    profiles = shared.RedisProfiles(redis, retention_days)
    counts = shared.RedisStats(redis, retention_days)
    subscriptions = shared.RedisSubscriptions(redis, sealer, retention_days)
    for cache in (profiles, counts, subscriptions):
        db.add_cache(cache)  # told by Database.erase_user, as the SQLite caches are
    keys = shared.PseudonymousKeyBuilder(pseudonymizer)
    retention = timedelta(days=retention_days)
    return Stores(
        db=db,
        fsm=RedisStorage(redis, keys, state_ttl=retention, data_ttl=retention),
        isolation=RedisEventIsolation(redis, keys),
        profiles=profiles,
        sent=shared.RedisSentMessages(redis),
        reminders=shared.RedisReminders(redis, sealer),
        stats=counts,
        tickets=shared.RedisTickets(redis, sealer, retention_days),
        subscriptions=subscriptions,
        sealer=sealer,
        bot_id=bot_id,
        redis=redis,
    )
