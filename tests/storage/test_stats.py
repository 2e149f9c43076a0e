"""Counts for editors: each person once per day and thing, a new day counts anew, old counts
expire, and nothing in the database links a count to a person. SQLite and Redis alike."""

from __future__ import annotations

from collections.abc import AsyncIterator
from datetime import date, timedelta

import pytest

from jol.privacy import Sealer
from jol.storage import redis as shared
from jol.storage.db import Database
from jol.storage.stats import Count, SQLiteStats
from jol.storage.stores import StatsStore

DAY = date(2026, 11, 25)
NEXT = DAY + timedelta(days=1)


@pytest.fixture(params=["sqlite", "redis"])
async def stats(request: pytest.FixtureRequest, db: Database) -> AsyncIterator[StatsStore]:
    if request.param == "sqlite":
        yield SQLiteStats(db)
        return
    redis = shared.connect(request.getfixturevalue("redis_url"))
    yield shared.RedisStats(redis, retention_days=90)
    await redis.flushall()
    await redis.aclose()


def people(counts: list[Count], kind: str = "read", item: str = "a") -> int:
    return sum(c.people for c in counts if c.kind == kind and c.item == item)


async def test_a_person_is_counted_once_a_day_per_thing(stats: StatsStore) -> None:
    for _ in range(3):
        await stats.add(DAY, "read", "ru", "a", "person-1")
    await stats.add(DAY, "read", "ru", "a", "person-2")
    await stats.add(DAY, "read", "ru", "b", "person-1")
    counts = await stats.totals(DAY, DAY)
    assert people(counts, item="a") == 2
    assert people(counts, item="b") == 1


async def test_the_next_day_counts_the_same_person_again(stats: StatsStore) -> None:
    await stats.add(DAY, "read", "ru", "a", "person-1")
    await stats.add(NEXT, "read", "ru", "a", "person-1")
    assert people(await stats.totals(DAY, NEXT)) == 2
    assert people(await stats.totals(NEXT, NEXT)) == 1


async def test_counts_are_kept_apart_by_language(stats: StatsStore) -> None:
    await stats.add(DAY, "read", "ru", "a", "person-1")
    await stats.add(DAY, "read", "kk", "a", "person-2")
    counts = await stats.totals(DAY, DAY)
    assert sorted((c.language, c.people) for c in counts) == [("kk", 1), ("ru", 1)]


async def test_the_database_holds_counts_never_a_person(db: Database) -> None:
    stats = SQLiteStats(db)
    await stats.add(DAY, "not_found", "ru", "zzzz qqqq", "person-ref-abc")
    await db.checkpoint()
    stored = b"".join(p.read_bytes() for p in db.path.parent.glob(db.path.name + "*"))
    assert b"zzzz qqqq" in stored  # the check reads where the data really is
    assert b"person-ref-abc" not in stored


async def test_old_counts_expire_with_the_retention_period(db: Database) -> None:
    stats = SQLiteStats(db)
    await stats.add(DAY - timedelta(days=91), "read", "ru", "a", "person-1")
    await stats.add(DAY, "read", "ru", "a", "person-1")
    await db.expire(DAY, retention_days=90)
    assert people(await stats.totals(DAY - timedelta(days=365), DAY)) == 1


async def test_redis_keeps_the_days_tokens_for_a_day_only(redis_url: str) -> None:
    redis = shared.connect(redis_url)
    try:
        await shared.RedisStats(redis, retention_days=90).add(DAY, "read", "ru", "a", "p")
        for key in await redis.keys("jol:stats:*"):
            ttl = await redis.ttl(key)
            if b":counts:" in key:
                assert ttl > 89 * 24 * 3600
            else:  # the day's key and each person's token
                assert 0 < ttl <= 26 * 3600
        assert len(await redis.keys("jol:stats:seen:*")) == 1
        await shared.erase_user(redis, Sealer(b"test-secret"), bot_id=42, user_ref="p")
        assert await redis.keys("jol:stats:seen:*") == []
    finally:
        await redis.flushall()
        await redis.aclose()
