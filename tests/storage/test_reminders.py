"""Reminders: kept until sent, cancelled or erased; sent by exactly one instance; the chat id
never stored in plain."""

from __future__ import annotations

import asyncio
from datetime import UTC, date, datetime, timedelta

import pytest

from jol.privacy import Pseudonymizer
from jol.storage.db import Database
from jol.storage.reminders import NewReminder
from jol.storage.stores import Stores
from tests.storage.support import SECRET

CHAT = 731_000_222
REF = Pseudonymizer(SECRET).ref(CHAT)
NOW = datetime(2026, 11, 26, 4, 0, tzinfo=UTC)
DEADLINE = date(2026, 12, 10)


def _new(days_before: int) -> NewReminder:
    due = datetime(2026, 12, 10, 4, tzinfo=UTC) - timedelta(days=days_before)
    payload = {"deadline": DEADLINE.isoformat(), "node": "registration_required"}
    return NewReminder(due=due, useful_until=DEADLINE, kind="registration", payload=payload)


async def test_added_reminders_are_listed_in_order_with_their_chat(stores: Stores) -> None:
    await stores.reminders.add(REF, CHAT, [_new(0), _new(3)])

    listed = await stores.reminders.of_user(REF)

    assert [r.due.day for r in listed] == [7, 10]
    assert {r.chat_id for r in listed} == {CHAT}
    assert listed[0].payload == {"deadline": "2026-12-10", "node": "registration_required"}


async def test_only_reminders_that_are_due_come_out(stores: Stores) -> None:
    await stores.reminders.add(REF, CHAT, [_new(0), _new(3)])

    assert await stores.reminders.due(NOW, 10) == []
    due = await stores.reminders.due(datetime(2026, 12, 8, tzinfo=UTC), 10)
    assert [r.due.day for r in due] == [7]


async def test_two_instances_claiming_at_once_send_a_reminder_once(stores: Stores) -> None:
    await stores.reminders.add(REF, CHAT, [_new(3)])
    (reminder,) = await stores.reminders.due(datetime(2026, 12, 9, tzinfo=UTC), 10)

    claims = await asyncio.gather(*(stores.reminders.claim(reminder) for _ in range(5)))

    assert sorted(claims) == [False, False, False, False, True]
    assert await stores.reminders.of_user(REF) == []


async def test_cancelling_one_keeps_the_other(stores: Stores) -> None:
    await stores.reminders.add(REF, CHAT, [_new(0), _new(3)])
    first, second = await stores.reminders.of_user(REF)

    await stores.reminders.cancel(REF, first.id)
    await stores.reminders.cancel("someone-else", second.id)  # not theirs: nothing happens

    assert [r.id for r in await stores.reminders.of_user(REF)] == [second.id]


async def test_forget_erases_reminders_and_the_chat_id_is_never_stored_plain(
    stores: Stores, db: Database
) -> None:
    await stores.reminders.add(REF, CHAT, [_new(0), _new(3)])
    stored = await db.fetchall("SELECT * FROM reminders")
    if stores.redis is not None:
        keys = await stores.redis.keys("*")
        stored += [tuple(await stores.redis.hgetall(k)) for k in keys if b":reminder:" in k]
    assert stored and str(CHAT) not in repr(stored)

    await stores.erase_user(REF)

    assert await stores.reminders.of_user(REF) == []
    assert await stores.reminders.due(datetime(2027, 1, 1, tzinfo=UTC), 10) == []


async def test_sqlite_reminders_expire_a_day_after_their_deadline(
    db: Database, stores: Stores
) -> None:
    if stores.redis is not None:
        pytest.skip("Redis drops them by their TTL")
    await stores.reminders.add(REF, CHAT, [_new(0)])

    assert await db.expire(DEADLINE + timedelta(days=1), retention_days=90) == 0
    assert await db.expire(DEADLINE + timedelta(days=2), retention_days=90) == 1
