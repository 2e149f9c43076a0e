"""Schema migrations: ``MIGRATIONS[n]`` takes the schema from version n to n + 1.

The version is SQLite's ``PRAGMA user_version``. Append new scripts; never edit one that has
shipped. Every table created here must also be registered in ``jol.storage.registry``.
"""

from __future__ import annotations

import sqlite3
from collections.abc import Iterator, Sequence

import aiosqlite

MIGRATIONS: list[str] = [
    # 1: FSM state and data, and the profile (chosen language).
    """
    -- The full aiogram StorageKey is the primary key, with ids replaced by pseudonyms.
    -- thread_id NULL is stored as 0 and business_connection_id NULL as '': Telegram thread
    -- ids are > 0 and business connection ids are non-empty, so neither can collide with a
    -- real value (aiogram's own key builder treats them the same way).
    -- seen_day is an ISO date: day granularity records no time of use and lets a row be
    -- refreshed at most once a day.
    CREATE TABLE fsm (
        bot_id INTEGER NOT NULL,
        chat_ref TEXT NOT NULL,
        user_ref TEXT NOT NULL,
        thread_id INTEGER NOT NULL DEFAULT 0,
        business_connection_id TEXT NOT NULL DEFAULT '',
        destiny TEXT NOT NULL,
        state TEXT,
        data TEXT NOT NULL DEFAULT '{}',
        seen_day TEXT NOT NULL,
        PRIMARY KEY (bot_id, chat_ref, user_ref, thread_id, business_connection_id, destiny)
    ) WITHOUT ROWID;

    CREATE TABLE profiles (
        user_ref TEXT PRIMARY KEY,
        language TEXT,
        seen_day TEXT NOT NULL
    ) WITHOUT ROWID;
    """,
    # 2: the person blocked the bot (Telegram answered 403): nothing is sent to them until
    # they write again.
    """
    ALTER TABLE profiles ADD COLUMN blocked INTEGER NOT NULL DEFAULT 0;
    """,
    # 3: ids of the messages Jol sent in the last days, so /forget can delete them from the
    # chat (a lost or seized phone shows what was asked). Kept at most two days.
    """
    CREATE TABLE sent_messages (
        user_ref TEXT NOT NULL,
        message_id INTEGER NOT NULL,
        sent_day TEXT NOT NULL,
        PRIMARY KEY (user_ref, message_id)
    ) WITHOUT ROWID;
    """,
    # 4: reminders the person asked for (e.g. 3 days before a registration deadline). The chat
    # id is needed to send them: it is kept sealed (encrypted with the secret key), never plain.
    # A reminder is useless after its deadline: it expires a day after `useful_until`.
    """
    CREATE TABLE reminders (
        id INTEGER PRIMARY KEY,
        user_ref TEXT NOT NULL,
        chat BLOB NOT NULL,
        due TEXT NOT NULL,
        useful_until TEXT NOT NULL,
        kind TEXT NOT NULL,
        payload TEXT NOT NULL
    );
    CREATE INDEX reminders_by_due ON reminders (due);
    CREATE INDEX reminders_by_user ON reminders (user_ref);
    """,
    # 5: counts for NGO editors (jol.insights): how many different people did something on a
    # day, never who. `item` is a node id, or a query stripped of anything personal.
    """
    CREATE TABLE stats (
        day TEXT NOT NULL,
        kind TEXT NOT NULL,
        language TEXT NOT NULL,
        item TEXT NOT NULL,
        people INTEGER NOT NULL,
        PRIMARY KEY (day, kind, language, item)
    ) WITHOUT ROWID;
    """,
    # 6: conversations with caseworkers (handlers/handoff.py). The person's chat id is sealed;
    # message bodies are never stored: a relay row names a message for Telegram to copy.
    # AUTOINCREMENT: a ticket number is never given twice, even after an erase.
    """
    CREATE TABLE tickets (
        id INTEGER PRIMARY KEY AUTOINCREMENT,
        user_ref TEXT NOT NULL,
        chat BLOB NOT NULL,
        language TEXT NOT NULL,
        status TEXT NOT NULL,
        thread_id INTEGER,
        seen_day TEXT NOT NULL
    );
    CREATE INDEX tickets_by_user ON tickets (user_ref);
    CREATE INDEX tickets_by_thread ON tickets (thread_id);

    CREATE TABLE relays (
        id INTEGER PRIMARY KEY AUTOINCREMENT,
        ticket_id INTEGER NOT NULL,
        user_ref TEXT NOT NULL,
        to_staff INTEGER NOT NULL,
        message_id INTEGER NOT NULL,
        queued_day TEXT NOT NULL
    );
    CREATE INDEX relays_in_order ON relays (to_staff, id);
    """,
    # 7: topics a person asked to hear about when their information changes (jol/alerts.py).
    # The chat id is sealed, as for reminders; the language is the one they used when they
    # subscribed, for someone who never chose one. seen_day is their last use of Jol: a
    # subscription expires with the rest of their data.
    """
    CREATE TABLE subscriptions (
        user_ref TEXT NOT NULL,
        topic TEXT NOT NULL,
        chat BLOB NOT NULL,
        language TEXT NOT NULL,
        seen_day TEXT NOT NULL,
        PRIMARY KEY (user_ref, topic)
    ) WITHOUT ROWID;
    CREATE INDEX subscriptions_by_topic ON subscriptions (topic);
    """,
]


class SchemaTooNewError(RuntimeError):
    """The database was written by a newer Jol; running older code on it could corrupt it."""


async def user_version(conn: aiosqlite.Connection) -> int:
    rows = list(await conn.execute_fetchall("PRAGMA user_version"))
    return int(rows[0][0])


async def migrate(conn: aiosqlite.Connection, migrations: Sequence[str] = MIGRATIONS) -> int:
    """Applies the missing migrations, each in its own transaction; returns the version.

    ``conn`` must be in autocommit mode (``isolation_level=None``).
    """
    target = len(migrations)
    while True:
        # BEGIN IMMEDIATE takes the write lock before the version is read, so two processes
        # starting together cannot both apply the same migration.
        await _run(conn, "BEGIN IMMEDIATE")
        try:
            version = await user_version(conn)
            _check_not_newer(version, target)
            if version == target:
                await _run(conn, "COMMIT")
                return version
            for statement in split_statements(migrations[version]):
                await _run(conn, statement)
            # user_version lives in the database header, so it commits or rolls back together
            # with the migration. PRAGMA takes no parameters; the value is our own int.
            await _run(conn, f"PRAGMA user_version = {version + 1:d}")
            await _run(conn, "COMMIT")
        except BaseException:
            if conn.in_transaction:
                await _run(conn, "ROLLBACK")
            raise


def _check_not_newer(version: int, target: int) -> None:
    if version > target:
        raise SchemaTooNewError(
            f"database schema version {version} is newer than this Jol ({target}); upgrade Jol"
        )


def split_statements(script: str) -> Iterator[str]:
    """The statements of ``script``, one by one.

    ``executescript`` would do this, but it commits any open transaction first, which would
    break "one migration, one transaction". ``sqlite3.complete_statement`` knows about quotes,
    comments and trigger bodies, so a ';' inside them does not end a statement.
    """
    pending = ""
    # The last piece gets a ';' too, so a script may omit the final one.
    for piece in script.rstrip().split(";"):
        pending += piece + ";"
        if sqlite3.complete_statement(pending):
            if _has_sql(pending):
                yield pending.strip()
            pending = ""
    if _has_sql(pending[:-1]):
        raise ValueError(f"incomplete SQL statement in migration: {pending[:-1].strip()!r}")


def _has_sql(text: str) -> bool:
    """False for text that is only whitespace, comments and semicolons."""
    lines = (line.split("--", 1)[0] for line in text.splitlines())
    return any(line.strip(" \t;") for line in lines)


async def _run(conn: aiosqlite.Connection, sql: str) -> None:
    cursor = await conn.execute(sql)
    await cursor.close()
