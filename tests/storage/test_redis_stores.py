"""Several instances on one Redis: they agree on everything about a person, keys carry no
Telegram id, and every key expires by itself."""

from __future__ import annotations

from collections.abc import AsyncIterator
from datetime import date, timedelta
from pathlib import Path

import pytest
from aiogram.fsm.storage.base import StorageKey
from redis.asyncio import Redis

from jol.privacy import Pseudonymizer, Sealer
from jol.storage import redis as shared
from jol.storage.db import Database
from jol.storage.stores import Stores, open_stores
from tests.harness import JolTestBot, ui
from tests.storage.support import SECRET

DAY = date(2026, 11, 26)
USER = 555_000_111


@pytest.fixture
async def stores(redis_url: str, db: Database) -> AsyncIterator[Stores]:
    opened = open_stores(
        db,
        Pseudonymizer(SECRET),
        Sealer(SECRET),
        bot_id=42,
        storage_url=redis_url,
        retention_days=90,
    )
    assert opened.redis is not None
    yield opened
    await opened.redis.flushall()
    await opened.close()


def _ref(user_id: int = USER) -> str:
    return Pseudonymizer(SECRET).ref(user_id)


async def _keys(redis: Redis) -> list[bytes]:
    return sorted(await redis.keys("*"))


async def test_a_language_chosen_on_one_instance_is_used_by_another(
    redis_url: str, tmp_path: Path
) -> None:
    first = await JolTestBot.start(tmp_path / "a", storage_url=redis_url)
    second = await JolTestBot.start(tmp_path / "b", storage_url=redis_url)
    try:
        await first.user(language_code="ru").send("/language")
        await first.user(language_code="ru").press("Oʻzbekcha")

        screen = await second.user(language_code="ru").send("/menu")

        assert screen.buttons[-1].startswith("🌐 " + ui("uz", "Language"))
    finally:
        assert first.stores.redis is not None
        await first.stores.redis.flushall()
        await first.stop()
        await second.stop()


async def test_every_key_expires_and_none_carries_a_telegram_id(stores: Stores) -> None:
    key = StorageKey(bot_id=42, chat_id=USER, user_id=USER)
    await stores.fsm.set_state(key, "Calculator:entry")
    await stores.fsm.set_data(key, {"entry": "2026-11-01"})
    await stores.profiles.set_language(_ref(), "ky", DAY)
    await stores.sent.record(_ref(), 7, DAY)
    assert stores.redis is not None

    keys = await _keys(stores.redis)

    assert len(keys) == 4
    for name in keys:
        assert str(USER).encode() not in name
        assert 0 < await stores.redis.ttl(name) <= 90 * 86400, name


async def test_touch_keeps_an_existing_profile_and_creates_none(stores: Stores) -> None:
    assert stores.redis is not None
    await stores.profiles.touch(_ref(), DAY)
    assert await _keys(stores.redis) == []

    await stores.profiles.set_language(_ref(), "tg", DAY)
    await stores.profiles.mark_blocked(_ref())
    assert await stores.profiles.blocked(_ref())
    await stores.profiles.touch(_ref(), DAY + timedelta(days=1))  # they wrote again
    assert not await stores.profiles.blocked(_ref())
    assert await stores.profiles.language(_ref()) == "tg"


async def test_only_the_last_two_days_of_sent_messages_are_kept(stores: Stores) -> None:
    await stores.sent.record(_ref(), 1, DAY)
    await stores.sent.record(_ref(), 2, DAY + timedelta(days=1))
    await stores.sent.record(_ref(), 3, DAY + timedelta(days=3))

    assert await stores.sent.message_ids(_ref()) == [2, 3]


async def test_erasing_a_person_leaves_no_key_of_theirs(stores: Stores) -> None:
    key = StorageKey(bot_id=42, chat_id=USER, user_id=USER)
    other = StorageKey(bot_id=42, chat_id=USER + 1, user_id=USER + 1)
    for k in (key, other):
        await stores.fsm.set_data(k, {"entry": "2026-11-01"})
    await stores.profiles.set_language(_ref(), "ru", DAY)
    await stores.sent.record(_ref(), 1, DAY)
    assert stores.redis is not None

    await stores.erase_user(_ref())

    remaining = await _keys(stores.redis)
    assert all(_ref().encode() not in name for name in remaining)
    assert await stores.fsm.get_data(other) == {"entry": "2026-11-01"}


def test_redis_keys_use_every_part_of_the_storage_key() -> None:
    keys = shared.PseudonymousKeyBuilder(Pseudonymizer(SECRET))
    base = StorageKey(bot_id=42, chat_id=1, user_id=2)
    variants = [
        base,
        StorageKey(bot_id=43, chat_id=1, user_id=2),
        StorageKey(bot_id=42, chat_id=1, user_id=2, thread_id=5),
        StorageKey(bot_id=42, chat_id=1, user_id=2, business_connection_id="b"),
        StorageKey(bot_id=42, chat_id=1, user_id=2, destiny="other"),
        StorageKey(bot_id=42, chat_id=2, user_id=1),
    ]
    assert len({keys.build(k, "state") for k in variants}) == len(variants)
