"""A database as it looks after a million people used Jol: a profile each, and the answers
they gave a calculator (FSM data)."""

from __future__ import annotations

import asyncio
import json
import sqlite3
import time
from pathlib import Path

from benchmarks.harness import LANGUAGES, SECRET
from jol.privacy import Pseudonymizer
from jol.storage.db import Database

FIRST_USER = 10_000_000  # the simulated users of the benchmark are among these people
CHUNK = 50_000


async def prefill(path: Path, people: int) -> float:
    started = time.perf_counter()
    db = await Database.open(path)  # creates the schema
    await db.close()
    await asyncio.to_thread(_fill, path, people)
    return time.perf_counter() - started


def _fill(path: Path, people: int) -> None:
    ref = Pseudonymizer(SECRET).ref
    data = json.dumps({"citizenship": "UZ", "entry": "2026-11-01"})
    conn = sqlite3.connect(path, isolation_level=None)
    try:
        conn.execute("PRAGMA synchronous = OFF")  # a fixture, not data to keep
        for start in range(0, people, CHUNK):
            users = range(FIRST_USER + start, FIRST_USER + min(people, start + CHUNK))
            refs = [(user, ref(user)) for user in users]
            conn.execute("BEGIN")
            conn.executemany(
                "INSERT OR IGNORE INTO profiles (user_ref, language, seen_day) VALUES (?, ?, ?)",
                [(r, LANGUAGES[u % len(LANGUAGES)], "2026-11-20") for u, r in refs],
            )
            conn.executemany(
                "INSERT OR IGNORE INTO fsm (bot_id, chat_ref, user_ref, destiny, state, data,"
                " seen_day) VALUES (42, ?, ?, 'default', NULL, ?, '2026-11-20')",
                [(r, r, data) for _, r in refs],
            )
            conn.execute("COMMIT")
        conn.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    finally:
        conn.close()
