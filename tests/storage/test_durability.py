"""What is written stays written: across restarts, processes, concurrent writers and locks."""

from __future__ import annotations

import asyncio
import os
import sqlite3
import sys
from pathlib import Path

import pytest

from jol.privacy import Pseudonymizer
from jol.storage.db import Database
from jol.storage.fsm import SQLiteStorage
from tests.storage.support import DAY, SECRET, key

REPO = Path(__file__).resolve().parents[2]

WRITER = """
import asyncio, sys
from datetime import date

from aiogram.fsm.storage.base import StorageKey

from jol.privacy import Pseudonymizer
from jol.storage.db import Database
from jol.storage.fsm import SQLiteStorage


async def main(path: str, secret: bytes) -> None:
    db = await Database.open(path)
    try:
        storage = SQLiteStorage(db, Pseudonymizer(secret), today=lambda: date(2025, 3, 10))
        key = StorageKey(bot_id=42, chat_id=1001, user_id=1001)
        await storage.set_state(key, "Form:name")
        await storage.set_data(key, {"name": "Айгерим"})
    finally:
        await db.close()


asyncio.run(main(sys.argv[1], bytes.fromhex(sys.argv[2])))
"""


async def test_state_and_data_survive_reopening_the_database(
    db_path: Path, pseudonymizer: Pseudonymizer
) -> None:
    db = await Database.open(db_path)
    storage = SQLiteStorage(db, pseudonymizer, today=lambda: DAY)
    await storage.set_state(key(), "Form:name")
    await storage.set_data(key(), {"name": "Ali"})
    await db.close()

    reopened = await Database.open(db_path)
    try:
        storage = SQLiteStorage(reopened, pseudonymizer, today=lambda: DAY)
        assert await storage.get_state(key()) == "Form:name"
        assert await storage.get_data(key()) == {"name": "Ali"}
    finally:
        await reopened.close()


async def test_what_another_process_writes_is_read_here(
    db: Database, storage: SQLiteStorage, db_path: Path
) -> None:
    # The database is open here while the other process writes, as with a restart overlap.
    process = await asyncio.create_subprocess_exec(
        sys.executable,
        "-c",
        WRITER,
        str(db_path),
        SECRET.hex(),
        cwd=REPO,
        env={**os.environ, "PYTHONPATH": str(REPO)},
        stdout=asyncio.subprocess.PIPE,
        stderr=asyncio.subprocess.PIPE,
    )
    _, stderr = await process.communicate()
    assert process.returncode == 0, stderr.decode()

    assert await storage.get_state(key()) == "Form:name"
    assert await storage.get_data(key()) == {"name": "Айгерим"}


async def test_500_concurrent_writers_lose_nothing(storage: SQLiteStorage) -> None:
    keys = [key(user_id=n, chat_id=n) for n in range(500)]

    await asyncio.gather(*(storage.set_data(k, {"n": k.user_id}) for k in keys))

    assert [await storage.get_data(k) for k in keys] == [{"n": n} for n in range(500)]


async def test_two_connections_writing_interleaved_lose_nothing(
    db_path: Path, pseudonymizer: Pseudonymizer
) -> None:
    first = await Database.open(db_path)
    second = await Database.open(db_path)
    try:
        storages = [SQLiteStorage(db, pseudonymizer, today=lambda: DAY) for db in (first, second)]
        keys = [key(user_id=n) for n in range(200)]

        await asyncio.gather(
            *(storages[n % 2].set_data(k, {"n": n}) for n, k in enumerate(keys)),
            *(storages[n % 2].set_state(k, f"s{n}") for n, k in enumerate(keys)),
        )

        for storage in storages:  # each connection sees the other's writes
            assert [await storage.get_data(k) for k in keys] == [{"n": n} for n in range(200)]
            assert [await storage.get_state(k) for k in keys] == [f"s{n}" for n in range(200)]
    finally:
        await first.close()
        await second.close()


def _lock_database(db_path: Path) -> sqlite3.Connection:
    """Another connection holding the write lock, like a second process mid-transaction."""
    blocker = sqlite3.connect(db_path, isolation_level=None)
    blocker.execute("BEGIN IMMEDIATE")
    return blocker


async def test_a_write_waits_for_a_locked_database_and_then_happens(
    storage: SQLiteStorage, db_path: Path
) -> None:
    blocker = _lock_database(db_path)
    released: list[bool] = []

    def release() -> None:
        released.append(True)
        blocker.execute("COMMIT")

    asyncio.get_running_loop().call_later(0.3, release)
    try:
        await storage.set_data(key(), {"waited": True})
    finally:
        blocker.close()

    assert released == [True]  # the write completed only after the lock was released
    assert await storage.get_data(key()) == {"waited": True}


async def test_a_write_that_cannot_get_the_lock_in_time_raises(
    db_path: Path, pseudonymizer: Pseudonymizer
) -> None:
    db = await Database.open(db_path, busy_timeout=0.05)
    storage = SQLiteStorage(db, pseudonymizer, today=lambda: DAY)
    try:
        blocker = _lock_database(db_path)
        try:
            with pytest.raises(sqlite3.OperationalError, match="locked"):
                await storage.set_data(key(), {"lost": True})
        finally:
            blocker.close()

        assert await storage.get_data(key()) == {}
        await storage.set_data(key(), {"later": True})  # the failure left the connection usable
        assert await storage.get_data(key()) == {"later": True}
    finally:
        await db.close()
