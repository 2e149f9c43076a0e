"""Subscriptions to topics ("tell me when this changes"): the same behaviour in SQLite (one
instance) and Redis (several), erased on /forget, expiring unless the person uses Jol, and the
person's chat id never stored in plain."""

from __future__ import annotations

from datetime import date, timedelta

import pytest
from redis.asyncio import Redis

from jol.privacy import Pseudonymizer, Sealer
from jol.storage import redis as shared
from jol.storage.db import Database
from jol.storage.stores import Stores
from jol.storage.subscriptions import Subscriber
from tests.storage.support import SECRET, file_bytes, redis_bytes

DAY = date(2026, 11, 26)
CHAT = 731_000_222
OTHER_CHAT = 731_000_333
REF = Pseudonymizer(SECRET).ref(CHAT)
OTHER = Pseudonymizer(SECRET).ref(OTHER_CHAT)
RETENTION_DAYS = 90
DAY_SECONDS = 24 * 3600


async def _stored(stores: Stores, db: Database) -> bytes:
    """Every byte kept: the SQLite file and WAL, or every key and value in Redis."""
    if stores.redis is None:
        await db.checkpoint()
        return file_bytes(db.path)
    return await redis_bytes(stores.redis)


async def test_pressing_twice_subscribes_then_unsubscribes(stores: Stores) -> None:
    subs = stores.subscriptions

    assert await subs.toggle(REF, "registration", CHAT, "ru", DAY) is True
    assert await subs.of_user(REF) == ["registration"]
    assert await subs.toggle(REF, "registration", CHAT, "ru", DAY) is False
    assert await subs.of_user(REF) == []
    assert await subs.subscribers("registration") == []
    assert await subs.toggle(REF, "registration", CHAT, "ru", DAY) is True


async def test_subscribers_of_a_topic_come_with_their_chat_and_language(stores: Stores) -> None:
    subs = stores.subscriptions
    await subs.toggle(REF, "registration", CHAT, "ru", DAY)
    await subs.subscribe(OTHER, "registration", OTHER_CHAT, "uz", DAY)
    await subs.subscribe(OTHER, "rights", OTHER_CHAT, "uz", DAY)

    found = await subs.subscribers("registration")

    assert sorted(found) == sorted(
        [Subscriber(REF, CHAT, "ru"), Subscriber(OTHER, OTHER_CHAT, "uz")]
    )
    assert await subs.subscribers("rights") == [Subscriber(OTHER, OTHER_CHAT, "uz")]
    assert await subs.subscribers("asylum") == []
    assert await subs.of_user(OTHER) == ["registration", "rights"]


async def test_subscribing_again_keeps_one_subscription_in_the_newest_language(
    stores: Stores,
) -> None:
    subs = stores.subscriptions
    await subs.subscribe(REF, "registration", CHAT, "ru", DAY)
    await subs.subscribe(REF, "registration", CHAT, "kk", DAY)

    assert await subs.subscribers("registration") == [Subscriber(REF, CHAT, "kk")]


async def test_unsubscribing_one_topic_or_all_of_them(stores: Stores) -> None:
    subs = stores.subscriptions
    for topic in ("registration", "rights", "asylum"):
        await subs.subscribe(REF, topic, CHAT, "ru", DAY)
    await subs.subscribe(OTHER, "rights", OTHER_CHAT, "en", DAY)

    await subs.unsubscribe(REF, "rights")
    assert await subs.of_user(REF) == ["asylum", "registration"]
    await subs.unsubscribe(REF, "not_subscribed")  # nothing to stop: no error
    await subs.unsubscribe(REF)  # all: the person blocked the bot

    assert await subs.of_user(REF) == []
    assert await subs.subscribers("registration") == []
    assert await subs.subscribers("rights") == [Subscriber(OTHER, OTHER_CHAT, "en")]


async def test_forget_erases_the_persons_subscriptions_and_keeps_anothers(
    stores: Stores, db: Database
) -> None:
    subs = stores.subscriptions
    await subs.subscribe(REF, "registration", CHAT, "ru", DAY)
    await subs.subscribe(REF, "rights", CHAT, "ru", DAY)
    await subs.subscribe(OTHER, "registration", OTHER_CHAT, "en", DAY)
    assert REF.encode() in await _stored(stores, db)  # the check reads where the rows are

    await stores.erase_user(REF)

    assert REF.encode() not in await _stored(stores, db)
    assert await subs.of_user(REF) == []
    assert await subs.subscribers("registration") == [Subscriber(OTHER, OTHER_CHAT, "en")]
    assert await subs.subscribers("rights") == []


async def test_the_chat_id_is_never_stored_in_plain(stores: Stores, db: Database) -> None:
    await stores.subscriptions.subscribe(REF, "registration", CHAT, "ru", DAY)

    stored = await _stored(stores, db)

    assert REF.encode() in stored
    assert str(CHAT).encode() not in stored
    assert (await stores.subscriptions.subscribers("registration"))[0].chat_id == CHAT


async def test_a_subscription_sealed_with_another_key_is_dropped(stores: Stores) -> None:
    await stores.subscriptions.subscribe(REF, "registration", CHAT, "ru", DAY)
    stores.subscriptions._sealer = Sealer(bytes(32))  # type: ignore[attr-defined]  # key replaced
    await stores.subscriptions.subscribe(OTHER, "registration", OTHER_CHAT, "en", DAY)

    assert await stores.subscriptions.subscribers("registration") == [
        Subscriber(OTHER, OTHER_CHAT, "en")
    ]
    assert await stores.subscriptions.of_user(REF) == []


async def test_sqlite_subscriptions_expire_unless_the_person_uses_jol(
    stores: Stores, db: Database
) -> None:
    if stores.redis is not None:
        pytest.skip("Redis drops them by their TTLs (test_redis_subscriptions_expire)")
    long_ago = DAY - timedelta(days=RETENTION_DAYS + 1)
    await stores.subscriptions.subscribe(REF, "registration", CHAT, "ru", long_ago)
    await stores.subscriptions.subscribe(OTHER, "registration", OTHER_CHAT, "en", long_ago)
    await stores.subscriptions.touch(OTHER, DAY - timedelta(days=1))  # they came back

    assert await db.expire(DAY, retention_days=RETENTION_DAYS) == 1

    assert await stores.subscriptions.subscribers("registration") == [
        Subscriber(OTHER, OTHER_CHAT, "en")
    ]


async def test_redis_subscriptions_expire_after_the_retention_period_renewed_on_use(
    redis: Redis,
) -> None:
    subs = shared.RedisSubscriptions(redis, Sealer(SECRET), RETENTION_DAYS)
    await subs.subscribe(REF, "registration", CHAT, "ru", DAY)
    await subs.subscribe(REF, "rights", CHAT, "ru", DAY)

    keys = await redis.keys("*")
    assert len(keys) == 3  # the person's hash and one set per topic
    for key in keys:
        ttl = await redis.ttl(key)
        assert RETENTION_DAYS * DAY_SECONDS - 60 < ttl <= RETENTION_DAYS * DAY_SECONDS, key

    for key in keys:
        await redis.expire(key, 100)
    await subs.touch(REF, DAY + timedelta(days=1))  # they used Jol
    for key in keys:
        assert await redis.ttl(key) > (RETENTION_DAYS - 1) * DAY_SECONDS, key

    # The person's hash expired: the topic's set forgets them when it is read.
    await redis.delete(shared._user_subs_key(REF))
    assert await subs.subscribers("registration") == []
    assert await redis.smembers(shared._topic_subs_key("registration")) == set()
