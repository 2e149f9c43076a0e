"""Writes share transactions under load, each returns only once it is in the file, and the
in-memory copy never serves what the file no longer holds."""

from __future__ import annotations

import asyncio
import sqlite3
from contextlib import closing
from datetime import timedelta
from pathlib import Path

import pytest

from jol.privacy import Pseudonymizer
from jol.storage.db import Database
from jol.storage.fsm import SQLiteStorage
from tests.storage.support import DAY, fsm_row_count, key


def _rows_in_file(db_path: Path) -> int:
    """Counted by a separate connection: what any other process (or a restart) would see."""
    with closing(sqlite3.connect(db_path)) as other:
        return int(other.execute("SELECT count(*) FROM fsm").fetchone()[0])


async def test_concurrent_writers_share_a_few_transactions(
    storage: SQLiteStorage, db: Database
) -> None:
    before = db.commits

    await asyncio.gather(*(storage.set_state(key(user_id=n), "Form:date") for n in range(300)))

    assert db.commits - before < 30
    assert [await storage.get_state(key(user_id=n)) for n in range(300)] == ["Form:date"] * 300


async def test_every_write_is_in_the_file_when_it_returns(
    storage: SQLiteStorage, db_path: Path
) -> None:
    seen_on_return: list[int] = []

    async def write(n: int) -> None:
        await storage.set_data(key(user_id=n), {"n": n})
        seen_on_return.append(_rows_in_file(db_path))

    await asyncio.gather(*(write(n) for n in range(50)))

    # The k-th writer to return sees at least k rows: its own and everyone's before it.
    assert all(rows >= k for k, rows in enumerate(seen_on_return, start=1))


async def test_a_failing_write_fails_alone_and_the_others_commit(db: Database) -> None:
    good = "INSERT INTO profiles (user_ref, language, seen_day) VALUES (?, 'ru', '2025-03-10')"
    bad = "INSERT INTO no_such_table VALUES (1)"

    results = await asyncio.gather(
        db.write((good, ("a",))),
        db.write((bad, ())),
        db.write((good, ("b",))),
        return_exceptions=True,
    )

    assert results[0] is None and results[2] is None
    assert isinstance(results[1], sqlite3.OperationalError)
    assert await db.fetchall("SELECT user_ref FROM profiles ORDER BY user_ref") == [("a",), ("b",)]


async def test_an_erased_person_is_not_served_from_memory(
    storage: SQLiteStorage, db: Database, pseudonymizer: Pseudonymizer
) -> None:
    await storage.set_state(key(), "Form:date")
    await storage.set_data(key(), {"entry": "2025-03-01"})

    await db.erase_user(pseudonymizer.ref(key().user_id))

    assert await storage.get_state(key()) is None
    assert await storage.get_data(key()) == {}


async def test_a_write_queued_before_an_erase_does_not_survive_it(
    storage: SQLiteStorage, db: Database, pseudonymizer: Pseudonymizer
) -> None:
    await storage.get_state(key())  # cached: the write below is queued without waiting

    await asyncio.gather(
        storage.set_data(key(), {"entry": "2025-03-01"}),
        db.erase_user(pseudonymizer.ref(key().user_id)),
    )

    assert await fsm_row_count(db) == 0
    assert await storage.get_data(key()) == {}


async def test_expired_conversations_are_not_served_from_memory(
    storage: SQLiteStorage, db: Database
) -> None:
    await storage.set_state(key(), "Form:date")

    assert await db.expire(DAY + timedelta(days=10), retention_days=5) == 1

    assert await storage.get_state(key()) is None


async def test_a_small_memory_bound_still_gives_right_answers(
    db: Database, pseudonymizer: Pseudonymizer
) -> None:
    storage = SQLiteStorage(db, pseudonymizer, today=lambda: DAY, max_cached=3)
    keys = [key(user_id=n) for n in range(20)]
    for n, k in enumerate(keys):
        await storage.set_state(k, f"s{n}")
        await storage.set_data(k, {"n": n})

    assert [await storage.get_state(k) for k in reversed(keys)] == [
        f"s{n}" for n in reversed(range(20))
    ]
    assert [await storage.get_data(k) for k in keys] == [{"n": n} for n in range(20)]


async def test_closing_the_database_commits_what_is_queued(
    db_path: Path, pseudonymizer: Pseudonymizer
) -> None:
    db = await Database.open(db_path)
    storage = SQLiteStorage(db, pseudonymizer, today=lambda: DAY)
    for n in range(20):
        await storage.get_state(key(user_id=n))  # cached: each write below queues at once
    writes = [asyncio.create_task(storage.set_state(key(user_id=n), "s")) for n in range(20)]
    await asyncio.sleep(0)

    await db.close()

    await asyncio.gather(*writes)
    assert _rows_in_file(db_path) == 20


@pytest.mark.parametrize("cancel_after", [0, 1])
async def test_a_cancelled_writer_does_not_cancel_the_others(
    storage: SQLiteStorage, db: Database, db_path: Path, cancel_after: int
) -> None:
    writes = [asyncio.create_task(storage.set_state(key(user_id=n), "s")) for n in range(10)]
    for _ in range(cancel_after):
        await asyncio.sleep(0)
    writes[0].cancel()

    results = await asyncio.gather(*writes, return_exceptions=True)

    assert all(result is None for result in results[1:])
    await db.drain()
    assert _rows_in_file(db_path) >= 9
