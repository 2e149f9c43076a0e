"""The SQLite database: one file, one connection shared by the whole bot.

Writes go through ``write``, which commits concurrent writes together (group commit): one
transaction for everything queued while the previous one ran, and every caller returns only
after the transaction holding its statements committed. Under load that turns hundreds of
transactions into a few, without giving up durability of a write that returned.

Writes wait for other processes' locks (``busy_timeout``) and, if the wait runs out, raise
``sqlite3.OperationalError``; nothing here swallows a failed write.
"""

from __future__ import annotations

import asyncio
import logging
from collections.abc import AsyncIterator, Mapping, Sequence
from contextlib import asynccontextmanager
from dataclasses import dataclass, field
from datetime import date, timedelta
from pathlib import Path
from typing import Any, Protocol

import aiosqlite

from jol.storage.migrations import migrate
from jol.storage.registry import TABLES

log = logging.getLogger(__name__)

Params = Sequence[Any] | Mapping[str, Any]
Row = tuple[Any, ...]
Statement = tuple[str, Params]


class Cache(Protocol):
    """An in-memory copy of rows about people, told when rows leave the database."""

    def forget(self, user_ref: str) -> None: ...

    def clear(self) -> None: ...


@dataclass
class _Write:
    statements: Sequence[Statement]
    done: asyncio.Future[None] = field(
        default_factory=lambda: asyncio.get_running_loop().create_future()
    )


class Database:
    def __init__(self, conn: aiosqlite.Connection, path: Path) -> None:
        self.path = path
        self._conn = conn
        # All coroutines share one connection, and a transaction spans several awaits:
        # without this lock another coroutine's statement could land inside it (and be
        # committed or rolled back with it). aiosqlite runs statements one at a time on
        # its thread anyway, so the lock costs no parallelism.
        self._lock = asyncio.Lock()
        self._queue: list[_Write] = []
        self._batch: list[_Write] = []  # being committed now
        self._flusher: asyncio.Task[None] | None = None
        self._caches: list[Cache] = []
        self.commits = 0  # write transactions committed, for metrics and the benchmark

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
        await self.drain()
        await self._conn.close()  # aiosqlite: a second close is a no-op

    def add_cache(self, cache: Cache) -> None:
        """Registers a cache to be told, right after the commit, when rows about a person
        are erased or expire, so that it never serves what the database no longer holds."""
        self._caches.append(cache)

    async def write(self, *statements: Statement) -> None:
        """Runs the statements in one transaction, together with whatever else is queued;
        returns once they are committed. Writes commit in the order they were called."""
        if not statements:
            return
        write = _Write(statements)
        # Marks a failure as seen even when the caller was cancelled and never looks.
        write.done.add_done_callback(lambda done: done.exception())
        self._queue.append(write)
        if self._flusher is None or self._flusher.done():
            self._flusher = asyncio.create_task(self._flush())
        # Shielded: a cancelled caller must not cancel the batch it shares with others; its
        # statements still commit (they are queued), it just stops waiting.
        await asyncio.shield(write.done)

    async def drain(self) -> None:
        """Waits until every write queued so far has committed (or failed); writes queued
        meanwhile do not make it wait longer, so a busy bot still drains."""
        pending = [write.done for write in (*self._batch, *self._queue)]
        if pending:
            await asyncio.wait(pending)

    async def _flush(self) -> None:
        while self._queue:
            batch, self._queue = self._queue, []
            self._batch = batch
            try:
                await self._commit(batch)
            except Exception as exc:
                if len(batch) == 1:
                    _settle(batch[0], exc)
                    continue
                # One bad statement must not fail the others: commit each write alone.
                for write in batch:
                    try:
                        await self._commit([write])
                    except Exception as single:
                        _settle(write, single)
                    else:
                        _settle(write)
            else:
                for write in batch:
                    _settle(write)

    async def _commit(self, batch: Sequence[_Write]) -> None:
        statements = [statement for write in batch for statement in write.statements]
        if len(statements) == 1:
            # One statement is its own transaction in autocommit mode: the same commit,
            # without the two extra round trips to SQLite's thread for BEGIN and COMMIT.
            async with self._lock:
                await execute(self._conn, *statements[0])
        else:
            async with self.transaction() as conn:
                for sql, params in statements:
                    await execute(conn, sql, params)
        self.commits += 1

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
        params = {"user_ref": user_ref}
        # Through the queue, so a write queued before the erase cannot land after it.
        await self.write(*((table.erase_sql, params) for table in TABLES if table.erase_sql))
        for cache in self._caches:
            cache.forget(user_ref)
        await self.checkpoint()

    async def expire(self, today: date, retention_days: int) -> int:
        """Deletes rows last seen more than ``retention_days`` before ``today``; returns how
        many."""
        if retention_days < 0:
            raise ValueError(f"retention_days must not be negative, got {retention_days}")
        removed = 0
        await self.drain()
        async with self.transaction() as conn:
            for table in TABLES:
                days = min(retention_days, table.max_days or retention_days)
                cutoff = (today - timedelta(days=days)).isoformat()
                removed += await execute(conn, table.expire_sql, {"cutoff_day": cutoff})
        if removed:
            for cache in self._caches:
                cache.clear()
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


def _settle(write: _Write, error: BaseException | None = None) -> None:
    if error is None:
        write.done.set_result(None)
    else:
        write.done.set_exception(error)


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
