"""Conversations with caseworkers and the queue of messages to relay: the same behaviour in
SQLite (one instance) and Redis (several), erased on /forget, expiring by themselves, and the
person's chat id never stored in plain."""

from __future__ import annotations

import asyncio
from datetime import date, timedelta

import pytest
from redis.asyncio import Redis

from jol.privacy import Pseudonymizer, Sealer
from jol.storage import redis as shared
from jol.storage.db import Database
from jol.storage.stores import Stores
from tests.storage.support import SECRET, file_bytes, redis_bytes

DAY = date(2026, 11, 26)
CHAT = 731_000_222
OTHER_CHAT = 731_000_333
REF = Pseudonymizer(SECRET).ref(CHAT)
OTHER = Pseudonymizer(SECRET).ref(OTHER_CHAT)
RETENTION_DAYS = 90
DAY_SECONDS = 24 * 3600


class Clock:
    def __init__(self) -> None:
        self.now = 1_800_000_000.0

    def __call__(self) -> float:
        return self.now


async def test_a_ticket_opens_with_a_number_and_nobody_waiting(stores: Stores) -> None:
    first = await stores.tickets.open(REF, CHAT, "ru", DAY)
    second = await stores.tickets.open(OTHER, OTHER_CHAT, "uz", DAY)

    assert (first.status, first.thread_id, first.chat_id, first.language) == (
        "open",
        None,
        CHAT,
        "ru",
    )
    assert second.id > first.id > 0
    assert await stores.tickets.by_id(first.id) == first
    assert await stores.tickets.of_user(REF) == [first]
    assert await stores.tickets.by_id(second.id + 1) is None


async def test_ticket_numbers_are_never_reused_after_an_erase(stores: Stores) -> None:
    erased = await stores.tickets.open(REF, CHAT, "ru", DAY)
    await stores.erase_user(REF)

    again = await stores.tickets.open(REF, CHAT, "ru", DAY)

    assert again.id > erased.id
    assert await stores.tickets.by_id(erased.id) is None


async def test_two_instances_opening_at_once_get_different_numbers(stores: Stores) -> None:
    opened = await asyncio.gather(
        *(stores.tickets.open(f"person-{n}", CHAT + n, "ru", DAY) for n in range(20))
    )

    assert len({ticket.id for ticket in opened}) == 20
    assert (await stores.tickets.counts())["open"] == 20


async def test_current_finds_only_a_ticket_that_is_not_closed(stores: Stores) -> None:
    assert await stores.tickets.current(REF) is None
    old = await stores.tickets.open(REF, CHAT, "ru", DAY)
    await stores.tickets.set_status(old.id, "closed", DAY)
    assert await stores.tickets.current(REF) is None

    new = await stores.tickets.open(REF, CHAT, "ru", DAY)
    await stores.tickets.set_status(new.id, "waiting", DAY)

    current = await stores.tickets.current(REF)
    assert current is not None
    assert (current.id, current.status) == (new.id, "waiting")
    assert [t.status for t in await stores.tickets.of_user(REF)] == ["closed", "waiting"]
    assert await stores.tickets.current(OTHER) is None


async def test_a_ticket_is_found_by_its_topic_once_it_is_set(stores: Stores) -> None:
    ticket = await stores.tickets.open(REF, CHAT, "ru", DAY)
    assert await stores.tickets.by_thread(501) is None

    await stores.tickets.set_thread(ticket.id, 501)
    found = await stores.tickets.by_thread(501)
    assert found is not None
    assert (found.id, found.thread_id, found.chat_id) == (ticket.id, 501, CHAT)

    await stores.tickets.set_thread(ticket.id, 502)  # a new topic: the old one names nothing
    assert await stores.tickets.by_thread(501) is None
    moved = await stores.tickets.by_thread(502)
    assert moved is not None and moved.id == ticket.id


async def test_status_changes_are_counted(stores: Stores) -> None:
    assert await stores.tickets.counts() == {"open": 0, "waiting": 0, "closed": 0}
    first = await stores.tickets.open(REF, CHAT, "ru", DAY)
    second = await stores.tickets.open(OTHER, OTHER_CHAT, "ky", DAY)
    await stores.tickets.open("third", CHAT + 1, "tg", DAY)

    await stores.tickets.set_status(first.id, "waiting", DAY)
    await stores.tickets.set_status(second.id, "waiting", DAY)
    await stores.tickets.set_status(second.id, "closed", DAY)

    assert await stores.tickets.counts() == {"open": 1, "waiting": 1, "closed": 1}
    reread = await stores.tickets.by_id(second.id)
    assert reread is not None and reread.status == "closed"


async def test_relays_come_out_in_order_per_direction_and_done_removes_one(
    stores: Stores,
) -> None:
    ticket = await stores.tickets.open(REF, CHAT, "ru", DAY)
    for message_id in (10, 11, 12):
        await stores.tickets.enqueue(ticket, True, message_id, DAY)
        await stores.tickets.enqueue(ticket, False, message_id + 100, DAY)

    to_staff = await stores.tickets.pending(True, 10)
    assert [r.message_id for r in to_staff] == [10, 11, 12]
    assert {(r.ticket_id, r.to_staff) for r in to_staff} == {(ticket.id, True)}
    back = await stores.tickets.pending(False, 2)
    assert [r.message_id for r in back] == [110, 111]
    assert len({r.id for r in to_staff + back}) == 5  # unique ids
    assert [r.message_id for r in await stores.tickets.pending(True, 10)] == [10, 11, 12]

    await stores.tickets.done(to_staff[0])
    await stores.tickets.done(to_staff[0])  # twice: nothing more happens

    assert [r.message_id for r in await stores.tickets.pending(True, 10)] == [11, 12]
    assert [r.message_id for r in await stores.tickets.pending(False, 10)] == [110, 111, 112]
    assert await stores.tickets.pending(True, 0) == []


async def test_forget_erases_the_persons_tickets_and_relays_and_keeps_anothers(
    stores: Stores,
) -> None:
    theirs = await stores.tickets.open(REF, CHAT, "ru", DAY)
    await stores.tickets.set_thread(theirs.id, 501)
    other = await stores.tickets.open(OTHER, OTHER_CHAT, "uz", DAY)
    await stores.tickets.set_thread(other.id, 502)
    await stores.tickets.set_status(other.id, "waiting", DAY)
    for ticket in (theirs, other):
        await stores.tickets.enqueue(ticket, True, 7, DAY)
        await stores.tickets.enqueue(ticket, False, 8, DAY)

    await stores.erase_user(REF)

    assert await stores.tickets.of_user(REF) == []
    assert await stores.tickets.current(REF) is None
    assert await stores.tickets.by_id(theirs.id) is None
    assert await stores.tickets.by_thread(501) is None
    assert await stores.tickets.by_thread(502) == await stores.tickets.by_id(other.id)
    assert await stores.tickets.counts() == {"open": 0, "waiting": 1, "closed": 0}
    for to_staff in (True, False):
        assert {r.ticket_id for r in await stores.tickets.pending(to_staff, 10)} == {other.id}
    if stores.redis is not None:
        remaining = await stores.redis.keys("*")
        assert all(REF.encode() not in key for key in remaining)
        assert shared._ticket_key(theirs.id).encode() not in remaining
        assert shared._thread_key(501).encode() not in remaining


async def test_a_late_change_does_not_bring_back_an_erased_ticket(stores: Stores) -> None:
    ticket = await stores.tickets.open(REF, CHAT, "ru", DAY)
    await stores.erase_user(REF)

    await stores.tickets.set_status(ticket.id, "closed", DAY)  # a caseworker, meanwhile
    await stores.tickets.set_thread(ticket.id, 501)

    assert await stores.tickets.by_id(ticket.id) is None
    assert await stores.tickets.by_thread(501) is None
    assert await stores.tickets.counts() == {"open": 0, "waiting": 0, "closed": 0}


async def test_the_chat_id_is_never_stored_in_plain(stores: Stores, db: Database) -> None:
    ticket = await stores.tickets.open(REF, CHAT, "ru", DAY)
    await stores.tickets.set_thread(ticket.id, 501)
    await stores.tickets.set_status(ticket.id, "waiting", DAY)
    await stores.tickets.enqueue(ticket, True, 7, DAY)

    if stores.redis is None:
        await db.checkpoint()
        stored = file_bytes(db.path)
        assert REF.encode() in stored  # the check reads where the rows really are
    else:
        stored = await redis_bytes(stores.redis)
        assert shared._ticket_key(ticket.id).encode() in stored
    assert str(CHAT).encode() not in stored
    assert (await stores.tickets.current(REF)) == await stores.tickets.by_id(ticket.id)


async def test_sqlite_tickets_and_relays_expire(stores: Stores, db: Database) -> None:
    if stores.redis is not None:
        pytest.skip("Redis drops them by their TTLs (test_redis_tickets_and_relays_expire)")
    old = await stores.tickets.open(REF, CHAT, "ru", DAY - timedelta(days=91))
    kept = await stores.tickets.open(OTHER, OTHER_CHAT, "ru", DAY - timedelta(days=91))
    await stores.tickets.set_status(kept.id, "waiting", DAY)  # they wrote again: kept
    await stores.tickets.enqueue(kept, True, 1, DAY - timedelta(days=3))
    await stores.tickets.enqueue(kept, True, 2, DAY - timedelta(days=2))

    assert await db.expire(DAY, retention_days=RETENTION_DAYS) == 2

    assert await stores.tickets.by_id(old.id) is None
    assert await stores.tickets.by_id(kept.id) is not None
    assert [r.message_id for r in await stores.tickets.pending(True, 10)] == [2]
    assert await stores.tickets.counts() == {"open": 0, "waiting": 1, "closed": 0}


async def test_redis_tickets_and_relays_expire(redis: Redis) -> None:
    clock = Clock()
    tickets = shared.RedisTickets(redis, Sealer(SECRET), RETENTION_DAYS, clock=clock)
    ticket = await tickets.open(REF, CHAT, "ru", DAY)
    await tickets.set_thread(ticket.id, 501)
    await tickets.enqueue(ticket, True, 7, DAY)
    await tickets.enqueue(ticket, False, 8, DAY)

    counters = {shared.TICKETS_NEXT.encode(), shared.RELAYS_NEXT.encode()}
    for key in await redis.keys("*"):
        ttl = await redis.ttl(key)
        if key in counters:
            assert ttl == -1  # numbers and ids are never given twice
        elif key.startswith(b"jol:relays:"):
            assert 2 * DAY_SECONDS < ttl <= 3 * DAY_SECONDS, key
        else:
            assert RETENTION_DAYS * DAY_SECONDS - 60 < ttl <= RETENTION_DAYS * DAY_SECONDS, key

    # A status change keeps the ticket another retention period, as seen_day in SQLite.
    await redis.expire(shared._ticket_key(ticket.id), 100)
    await tickets.set_status(ticket.id, "waiting", DAY)
    assert await redis.ttl(shared._ticket_key(ticket.id)) > (RETENTION_DAYS - 1) * DAY_SECONDS

    clock.now += 2 * DAY_SECONDS + 1
    assert await tickets.pending(True, 10) == []
    assert await tickets.pending(False, 10) == []
    clock.now += RETENTION_DAYS * DAY_SECONDS
    assert await tickets.counts() == {"open": 0, "waiting": 0, "closed": 0}


async def test_relays_queued_by_several_instances_at_once_keep_one_order(redis: Redis) -> None:
    instances = [shared.RedisTickets(redis, Sealer(SECRET), RETENTION_DAYS) for _ in range(3)]
    ticket = await instances[0].open(REF, CHAT, "ru", DAY)

    await asyncio.gather(*(instances[n % 3].enqueue(ticket, True, n, DAY) for n in range(30)))

    pending = await instances[1].pending(True, 100)
    assert len(pending) == 30
    assert [r.id for r in pending] == sorted(r.id for r in pending)
    for relay in pending[:10]:
        await instances[2].done(relay)
    assert await instances[0].pending(True, 100) == pending[10:]


async def test_one_of_two_leaders_holds_the_lock_until_it_releases(redis: Redis) -> None:
    first = shared.RedisLeader(redis, "relay", ttl_seconds=30)
    second = shared.RedisLeader(redis, "relay", ttl_seconds=30)

    held = await asyncio.gather(first.hold(), second.hold())

    assert sorted(held) == [False, True]
    leader, follower = (first, second) if held[0] else (second, first)
    assert await leader.hold()  # refreshed by its holder
    assert not await follower.hold()
    await follower.release()  # not theirs: nothing happens
    assert await leader.hold()
    assert 0 < await redis.ttl("jol:leader:relay") <= 30

    await leader.release()

    assert await follower.hold()
    assert not await leader.hold()


async def test_a_leader_that_stops_refreshing_hands_over_after_its_ttl(redis: Redis) -> None:
    gone = shared.RedisLeader(redis, "relay", ttl_seconds=0.2)
    waiting = shared.RedisLeader(redis, "relay", ttl_seconds=0.2)
    assert await gone.hold()
    assert not await waiting.hold()

    await asyncio.sleep(0.4)

    assert await waiting.hold()
    assert not await gone.hold()
