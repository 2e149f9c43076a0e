"""Schema versions: applied in order, one transaction each; a newer database is refused."""

from __future__ import annotations

import re
import sqlite3
from collections.abc import AsyncIterator
from pathlib import Path

import aiosqlite
import pytest

from jol.storage.db import Database
from jol.storage.migrations import MIGRATIONS, migrate, split_statements, user_version
from tests.storage.support import SCHEMA_TABLES


@pytest.fixture
async def raw(tmp_path: Path) -> AsyncIterator[aiosqlite.Connection]:
    conn = await aiosqlite.connect(tmp_path / "raw.sqlite3", isolation_level=None)
    yield conn
    await conn.close()


def _user_version(path: Path) -> int:
    with sqlite3.connect(path) as conn:
        return int(conn.execute("PRAGMA user_version").fetchone()[0])


async def test_a_new_database_has_the_latest_schema(db: Database, db_path: Path) -> None:
    assert _user_version(db_path) == len(MIGRATIONS)
    assert await db.tables() == SCHEMA_TABLES


async def test_reopening_keeps_the_schema_and_the_rows(db_path: Path) -> None:
    db = await Database.open(db_path)
    async with db.transaction() as conn:
        await conn.execute(
            "INSERT INTO profiles (user_ref, language, seen_day) VALUES ('ref', 'ru', '2025-01-01')"
        )
    await db.close()

    db = await Database.open(db_path)
    try:
        rows = await db.fetchall("SELECT user_ref, language, seen_day FROM profiles")
        assert rows == [("ref", "ru", "2025-01-01")]
    finally:
        await db.close()
    assert _user_version(db_path) == len(MIGRATIONS)


async def test_a_database_from_a_newer_jol_is_refused_and_left_alone(db_path: Path) -> None:
    db_path.parent.mkdir(parents=True)
    newer = len(MIGRATIONS) + 1
    with sqlite3.connect(db_path) as conn:
        conn.execute(f"PRAGMA user_version = {newer}")

    message = f"database schema version {newer} is newer than this Jol ({len(MIGRATIONS)})"
    with pytest.raises(RuntimeError, match=f"^{re.escape(message)}; upgrade Jol$"):
        await Database.open(db_path)

    assert _user_version(db_path) == newer


async def test_missing_migrations_are_applied_in_order(raw: aiosqlite.Connection) -> None:
    steps = ["CREATE TABLE a (x)", "INSERT INTO a VALUES (1)", "INSERT INTO a SELECT x + 1 FROM a"]
    assert await migrate(raw, steps[:1]) == 1

    assert await migrate(raw, steps) == 3

    assert list(await raw.execute_fetchall("SELECT x FROM a ORDER BY x")) == [(1,), (2,)]
    assert await user_version(raw) == 3


async def test_a_failing_migration_leaves_no_trace(raw: aiosqlite.Connection) -> None:
    broken = "CREATE TABLE half (x); INSERT INTO missing VALUES (1);"

    with pytest.raises(sqlite3.OperationalError, match="missing"):
        await migrate(raw, [MIGRATIONS[0], broken])

    assert await user_version(raw) == 1  # the first migration is committed on its own
    tables = {name for (name,) in await raw.execute_fetchall("SELECT name FROM sqlite_master")}
    assert "half" not in tables
    assert not raw.in_transaction


def test_statements_are_split_only_where_they_end() -> None:
    script = """
        -- a comment; with a semicolon
        CREATE TABLE t (x TEXT DEFAULT 'a;b');
        CREATE TRIGGER tr AFTER INSERT ON t BEGIN
            DELETE FROM t WHERE x = ';';
        END;
        INSERT INTO t VALUES ('no final semicolon')
    """
    statements = list(split_statements(script))

    assert len(statements) == 3
    assert statements[0].endswith("CREATE TABLE t (x TEXT DEFAULT 'a;b');")
    assert statements[1].startswith("CREATE TRIGGER") and statements[1].endswith("END;")
    assert statements[2] == "INSERT INTO t VALUES ('no final semicolon');"


def test_an_unfinished_statement_is_an_error() -> None:
    with pytest.raises(ValueError, match="incomplete"):
        list(split_statements("INSERT INTO t VALUES ('unclosed);"))
