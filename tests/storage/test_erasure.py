"""Personal data: no raw ids on disk, /forget erases everything, old rows expire."""

from __future__ import annotations

import functools
from datetime import date, timedelta
from pathlib import Path

import pytest

from jol.privacy import Pseudonymizer
from jol.storage.db import Database
from jol.storage.fsm import SQLiteStorage
from jol.storage.profiles import Profiles
from jol.storage.registry import TABLES, unregistered_tables
from tests.storage.support import (
    DAY,
    SCHEMA_TABLES,
    file_bytes,
    fsm_row_count,
    key,
    main_file_bytes,
    wal_bytes,
)

TELEGRAM_ID = 123456789


def _same(day: date) -> date:
    return day


async def test_the_raw_telegram_id_never_reaches_the_database_files(
    db_path: Path, pseudonymizer: Pseudonymizer
) -> None:
    db = await Database.open(db_path)
    storage = SQLiteStorage(db, pseudonymizer, today=lambda: DAY)
    person = key(chat_id=TELEGRAM_ID, user_id=TELEGRAM_ID)
    await storage.set_state(person, "Form:name")
    await storage.set_data(person, {"note": "VISIBLE-MARKER"})
    await Profiles(db).set_language(pseudonymizer.ref(TELEGRAM_ID), "ru", DAY)

    while_open = file_bytes(db_path)
    await db.close()
    after_close = file_bytes(db_path)

    assert b"VISIBLE-MARKER" in while_open  # the check reads where the data really is
    assert b"VISIBLE-MARKER" in after_close
    assert str(TELEGRAM_ID).encode() not in while_open
    assert str(TELEGRAM_ID).encode() not in after_close


async def test_every_table_in_the_schema_is_registered(db: Database) -> None:
    assert await db.tables() == SCHEMA_TABLES
    assert await unregistered_tables(db) == set()
    for table in TABLES:
        assert ":user_ref" in table.erase_sql or table.not_personal, table.name
        assert ":cutoff_day" in table.expire_sql, table.name


async def test_the_registry_check_reports_an_unregistered_table(db: Database) -> None:
    async with db.transaction() as conn:
        await conn.execute("CREATE TABLE notes (user_ref TEXT, note TEXT)")
    assert await unregistered_tables(db) == {"notes"}


async def test_erasing_a_person_removes_their_rows_and_keeps_everyone_elses(
    db: Database, storage: SQLiteStorage, pseudonymizer: Pseudonymizer
) -> None:
    profiles = Profiles(db)
    gone, kept = 1001, 2002
    gone_keys = [key(chat_id=gone, user_id=gone), key(chat_id=gone, user_id=gone, destiny="x")]
    gone_keys.append(key(chat_id=gone, user_id=gone, thread_id=3))
    kept_key = key(chat_id=kept, user_id=kept)
    for k in [*gone_keys, kept_key]:
        await storage.set_state(k, "Form:name")
        await storage.set_data(k, {"user": k.user_id})
    await profiles.set_language(pseudonymizer.ref(gone), "ru", DAY)
    await profiles.set_language(pseudonymizer.ref(kept), "kk", DAY)

    await db.erase_user(pseudonymizer.ref(gone))
    profiles.forget(pseudonymizer.ref(gone))

    for k in gone_keys:
        assert await storage.get_state(k) is None
        assert await storage.get_data(k) == {}
    assert await profiles.language(pseudonymizer.ref(gone)) is None
    assert await storage.get_state(kept_key) == "Form:name"
    assert await storage.get_data(kept_key) == {"user": kept}
    assert await profiles.language(pseudonymizer.ref(kept)) == "kk"
    assert await fsm_row_count(db) == 1
    assert await db.fetchall("SELECT user_ref FROM profiles") == [(pseudonymizer.ref(kept),)]


async def test_erased_data_is_gone_from_the_database_file_and_the_wal(
    db: Database, storage: SQLiteStorage, pseudonymizer: Pseudonymizer, db_path: Path
) -> None:
    person, other = key(chat_id=1001, user_id=1001), key(chat_id=2002, user_id=2002)
    await storage.set_data(person, {"note": "MARKER-xyz"})
    await db.checkpoint()  # one copy in the database file...
    await storage.set_data(person, {"note": "MARKER-xyz", "step": 2})  # ...and one in the WAL
    await storage.set_data(other, {"note": "OTHER-abc"})
    assert b"MARKER-xyz" in main_file_bytes(db_path)
    assert b"MARKER-xyz" in wal_bytes(db_path)

    await db.erase_user(pseudonymizer.ref(1001))

    assert b"MARKER-xyz" not in main_file_bytes(db_path)
    assert b"MARKER-xyz" not in wal_bytes(db_path)
    assert b"OTHER-abc" in file_bytes(db_path)
    assert await storage.get_data(other) == {"note": "OTHER-abc"}


async def test_expiry_deletes_rows_not_seen_within_the_retention_period(
    db: Database, pseudonymizer: Pseudonymizer
) -> None:
    profiles = Profiles(db)
    last_seen = {
        1: DAY - timedelta(days=31),  # too old
        2: DAY - timedelta(days=30),  # exactly the retention period: kept
        3: DAY - timedelta(days=1),
    }
    for user, day in last_seen.items():
        storage = SQLiteStorage(db, pseudonymizer, today=functools.partial(_same, day))
        await storage.set_state(key(chat_id=user, user_id=user), "Form:name")
        await profiles.set_language(pseudonymizer.ref(user), "ru", day)

    removed = await db.expire(DAY, retention_days=30)

    assert removed == 2  # one fsm row and one profile
    refs = {pseudonymizer.ref(user): user for user in last_seen}
    fsm_users = {refs[ref] for (ref,) in await db.fetchall("SELECT user_ref FROM fsm")}
    profile_users = {refs[ref] for (ref,) in await db.fetchall("SELECT user_ref FROM profiles")}
    assert fsm_users == {2, 3}
    assert profile_users == {2, 3}
    assert await db.expire(DAY, retention_days=30) == 0


async def test_expiry_rejects_a_negative_retention(db: Database) -> None:
    with pytest.raises(ValueError, match="negative"):
        await db.expire(date(2025, 1, 1), retention_days=-1)
