"""Profiles: the chosen language and the last day of use, cached in memory."""

from __future__ import annotations

import asyncio
from datetime import timedelta
from pathlib import Path

from jol.storage.db import Database
from jol.storage.profiles import Profiles
from tests.storage.support import DAY

REF = "0123456789abcdef0123456789abcdef"


async def _seen_day(db: Database, user_ref: str = REF) -> str | None:
    row = await db.fetchone("SELECT seen_day FROM profiles WHERE user_ref = ?", (user_ref,))
    return None if row is None else row[0]


async def _set_row(db: Database, column: str, value: str, user_ref: str = REF) -> None:
    """Changes the row behind the cache's back, to see whether the cache is used."""
    async with db.transaction() as conn:
        await conn.execute(
            f"UPDATE profiles SET {column} = ? WHERE user_ref = ?", (value, user_ref)
        )


async def test_a_chosen_language_is_read_back(db: Database) -> None:
    profiles = Profiles(db)
    assert await profiles.language(REF) is None

    await profiles.set_language(REF, "kk", DAY)
    assert await profiles.language(REF) == "kk"

    await profiles.set_language(REF, "ru", DAY)
    assert await profiles.language(REF) == "ru"
    assert await db.fetchall("SELECT user_ref, language, seen_day, blocked FROM profiles") == [
        (REF, "ru", DAY.isoformat(), 0)
    ]


async def test_a_user_who_blocked_the_bot_is_unblocked_when_they_write_again(db: Database) -> None:
    profiles = Profiles(db)
    await profiles.set_language(REF, "ru", DAY)
    await profiles.mark_blocked(REF)
    assert await profiles.blocked(REF)
    await profiles.touch(REF, DAY)  # same day: the cache must not skip the write
    assert not await profiles.blocked(REF)


async def test_the_language_survives_a_restart(db_path: Path) -> None:
    db = await Database.open(db_path)
    await Profiles(db).set_language(REF, "uz", DAY)
    await db.close()

    db = await Database.open(db_path)
    try:
        assert await Profiles(db).language(REF) == "uz"
    finally:
        await db.close()


async def test_touch_writes_the_day_at_most_once_a_day(db: Database) -> None:
    profiles = Profiles(db)
    await profiles.set_language(REF, "ru", DAY)
    next_day = DAY + timedelta(days=1)

    await profiles.touch(REF, next_day)
    assert await _seen_day(db) == next_day.isoformat()

    await _set_row(db, "seen_day", "untouched")
    await profiles.touch(REF, next_day)
    assert await _seen_day(db) == "untouched"  # no second write on the same day

    await profiles.touch(REF, next_day + timedelta(days=1))
    assert await _seen_day(db) == (next_day + timedelta(days=1)).isoformat()


async def test_touch_creates_no_profile_for_someone_without_one(db: Database) -> None:
    await Profiles(db).touch(REF, DAY)
    assert await db.fetchall("SELECT * FROM profiles") == []


async def test_erasing_a_person_drops_their_cached_profile(db: Database) -> None:
    profiles = Profiles(db)
    await profiles.set_language(REF, "ru", DAY)

    await db.erase_user(REF)

    assert await profiles.language(REF) is None
    await profiles.set_language(REF, "kk", DAY)
    await db.erase_user(REF)
    insert = "INSERT INTO profiles (user_ref, language, seen_day) VALUES (?, 'kk', 'stale')"
    await db.write((insert, (REF,)))
    await profiles.touch(REF, DAY)
    assert await _seen_day(db) == DAY.isoformat()  # the cached day was forgotten too


async def test_profiles_that_expired_from_the_database_leave_the_cache(db: Database) -> None:
    profiles = Profiles(db)
    await profiles.set_language(REF, "ru", DAY)

    assert await db.expire(DAY + timedelta(days=10), retention_days=5) == 1

    assert await profiles.language(REF) is None


async def test_a_read_in_flight_during_forget_does_not_cache_what_it_read(db: Database) -> None:
    profiles = Profiles(db)
    await profiles.set_language(REF, "ru", DAY)
    profiles.forget(REF)

    read = asyncio.create_task(profiles.language(REF))
    await asyncio.sleep(0)  # the read is now waiting for the database
    profiles.forget(REF)
    assert await read == "ru"

    await _set_row(db, "language", "kk")
    assert await profiles.language(REF) == "kk"


async def test_a_small_cache_bound_still_gives_right_answers(db: Database) -> None:
    profiles = Profiles(db, max_cached=2)
    refs = [f"{n:032x}" for n in range(5)]
    for n, ref in enumerate(refs):
        await profiles.set_language(ref, f"l{n}", DAY)
        await profiles.touch(ref, DAY + timedelta(days=1))

    assert [await profiles.language(ref) for ref in refs] == [f"l{n}" for n in range(5)]
    for ref in refs:
        assert await _seen_day(db, ref) == (DAY + timedelta(days=1)).isoformat()
