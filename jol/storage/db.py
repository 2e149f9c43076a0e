"""The SQLite database: one file, one connection shared by the whole bot.

Writes wait for other processes' locks (``busy_timeout``) and, if the wait runs out, raise
``sqlite3.OperationalError``; nothing here swallows a failed write.
"""

from __future__ import annotations

import asyncio
import logging
from collections.abc import AsyncIterator, Mapping, Sequence
from contextlib import asynccontextmanager
from datetime import date, timedelta
from pathlib import Path
from typing import Any

import aiosqlite

from jol.storage.migrations import migrate
from jol.storage.registry import TABLES

log = logging.getLogger(__name__)

Params = Sequence[Any] | Mapping[str, Any]
Row = tuple[Any, ...]


class Database:
    def __init__(self, conn: aiosqlite.Connection, path: Path) -> None:
        self.path = path
        self._conn = conn
        # All coroutines share one connection, and a transaction spans several awaits:
        # without this lock another coroutine's statement could land inside it (and be
        # committed or rolled back with it). aiosqlite runs statements one at a time on
        # its thread anyway, so the lock costs no parallelism.
        self._lock = asyncio.Lock()

    @classmethod
    async def open(cls, path: Path | str, *, busy_timeout: float = 5.0) -> Database:
        path = Path(path)
        path.parent.mkdir(parents=True, exist_ok=True)
        # Only the bot's user may read it; SQLite gives the -wal and -shm files the same mode.
        path.touch(mode=0o600, exist_ok=True)
        # Autocommit mode: transactions are explicit (BEGIN IMMEDIATE ... COMMIT) rather than
        # left to the sqlite3 module's implicit BEGIN, which cannot be made IMMEDIATE.
        conn = await aiosqlite.connect(path, timeout=busy_timeout, isolation_level=None)
        try:
            await _configure(conn, busy_timeout)
            await migrate(conn)
        except BaseException:
            await conn.close()
            raise
        return cls(conn, path)

    async def close(self) -> None:
        await self._conn.close()  # aiosqlite: a second close is a no-op

    @asynccontextmanager
    async def transaction(self) -> AsyncIterator[aiosqlite.Connection]:
        """A write transaction; commits on success, rolls back on any exception.

        IMMEDIATE takes the write lock up front, waiting up to busy_timeout for it. A deferred
        transaction that reads first and then writes cannot wait: in WAL mode it fails at
        once with "database is locked" if another connection wrote in between.
        Use only the yielded connection inside (the Database's own methods would deadlock).
        """
        async with self._lock:
            await execute(self._conn, "BEGIN IMMEDIATE")
            try:
                yield self._conn
                await execute(self._conn, "COMMIT")
            except BaseException:
                if self._conn.in_transaction:
                    await execute(self._conn, "ROLLBACK")
                raise

    async def fetchall(self, sql: str, params: Params = ()) -> list[Row]:
        async with self._lock:
            rows = await self._conn.execute_fetchall(sql, params)
        return [tuple(row) for row in rows]

    async def fetchone(self, sql: str, params: Params = ()) -> Row | None:
        rows = await self.fetchall(sql, params)
        return rows[0] if rows else None

    async def tables(self) -> set[str]:
        rows = await self.fetchall(
            "SELECT name FROM sqlite_master WHERE type = 'table' "
            "AND name NOT LIKE 'sqlite\\_%' ESCAPE '\\'"
        )
        return {name for (name,) in rows}

    async def erase_user(self, user_ref: str) -> None:
        """Deletes everything stored about one person, in every registered table.

        secure_delete (set at open) overwrites the deleted content with zeros; the
        checkpoint then drops the WAL, which still holds earlier versions of the pages.
        """
        async with self.transaction() as conn:
            for table in TABLES:
                await execute(conn, table.erase_sql, {"user_ref": user_ref})
        await self.checkpoint()

    async def expire(self, today: date, retention_days: int) -> int:
        """Deletes rows last seen more than ``retention_days`` before ``today``; returns how
        many."""
        if retention_days < 0:
            raise ValueError(f"retention_days must not be negative, got {retention_days}")
        removed = 0
        async with self.transaction() as conn:
            for table in TABLES:
                days = min(retention_days, table.max_days or retention_days)
                cutoff = (today - timedelta(days=days)).isoformat()
                removed += await execute(conn, table.expire_sql, {"cutoff_day": cutoff})
        if removed:
            await self.checkpoint()
        return removed

    async def checkpoint(self) -> bool:
        """Copies the WAL into the database file and truncates it; False if another
        connection's open read kept part of the WAL (it is then reset by a later checkpoint).
        """
        async with self._lock:
            rows = list(await self._conn.execute_fetchall("PRAGMA wal_checkpoint(TRUNCATE)"))
        busy = bool(rows and rows[0][0])
        if busy:
            log.warning("WAL checkpoint incomplete: another connection is reading")
        return not busy


async def execute(conn: aiosqlite.Connection, sql: str, params: Params = ()) -> int:
    """Runs one statement; returns the number of rows it changed."""
    cursor = await conn.execute(sql, params)
    try:
        return cursor.rowcount
    finally:
        await cursor.close()


async def _configure(conn: aiosqlite.Connection, busy_timeout: float) -> None:
    await execute(conn, f"PRAGMA busy_timeout = {round(busy_timeout * 1000):d}")
    mode = await _pragma(conn, "journal_mode = WAL")
    if str(mode).lower() != "wal":
        # Still correct (rollback journal), only slower; e.g. a filesystem without shared
        # memory support.
        log.warning("SQLite WAL mode unavailable, journal_mode is %s", mode)
    # NORMAL in WAL mode: a power cut may lose the last commits, never corrupts the file.
    await execute(conn, "PRAGMA synchronous = NORMAL")
    await execute(conn, "PRAGMA foreign_keys = ON")
    # Deleted rows are overwritten with zeros instead of lingering in free pages.
    await execute(conn, "PRAGMA secure_delete = ON")


async def _pragma(conn: aiosqlite.Connection, pragma: str) -> Any:
    rows = list(await conn.execute_fetchall(f"PRAGMA {pragma}"))
    return rows[0][0] if rows else None
