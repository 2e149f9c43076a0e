"""Helpers shared by the storage tests."""

from __future__ import annotations

from dataclasses import replace
from datetime import date
from pathlib import Path
from typing import Any

from aiogram.fsm.storage.base import StorageKey
from redis.asyncio import Redis

from jol.storage.db import Database

DAY = date(2025, 3, 10)
SECRET = bytes(range(32))
BASE_KEY = StorageKey(bot_id=42, chat_id=1001, user_id=1001)
# Every table of the latest schema: a new one must be added here, and registered.
SCHEMA_TABLES = {
    "fsm",
    "profiles",
    "sent_messages",
    "reminders",
    "stats",
    "tickets",
    "relays",
    "subscriptions",
}


def key(**changes: Any) -> StorageKey:
    """The base key with some components changed."""
    return replace(BASE_KEY, **changes)


def file_bytes(db_path: Path) -> bytes:
    """Everything SQLite keeps on disk for the database: the file and its WAL."""
    parts = [db_path, db_path.with_name(db_path.name + "-wal")]
    return b"".join(part.read_bytes() for part in parts if part.exists())


def main_file_bytes(db_path: Path) -> bytes:
    return db_path.read_bytes()


def wal_bytes(db_path: Path) -> bytes:
    wal = db_path.with_name(db_path.name + "-wal")
    return wal.read_bytes() if wal.exists() else b""


async def fsm_row_count(db: Database) -> int:
    row = await db.fetchone("SELECT count(*) FROM fsm")
    assert row is not None
    return int(row[0])


async def redis_bytes(redis: Redis) -> bytes:
    """Every key and value in Redis, whatever its type: to scan for what must not be kept."""
    found: list[bytes] = []
    for key in await redis.keys("*"):
        found.append(key)
        kind = (await redis.type(key)).decode()
        if kind == "string":
            found.append(await redis.get(key) or b"")
        elif kind == "hash":
            for field, value in (await redis.hgetall(key)).items():
                found += [field, value]
        elif kind == "zset":
            found += await redis.zrange(key, 0, -1)
        elif kind == "set":
            found += list(await redis.smembers(key))
        else:
            raise AssertionError(f"no reader for Redis type {kind} ({key!r})")
    return b"\n".join(found)
