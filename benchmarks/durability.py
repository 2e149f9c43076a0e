"""kill -9 at random moments while many users write: every write that returned must be in the
file afterwards. The child prints a line after each returned write; the parent kills it,
reopens the database and compares."""

from __future__ import annotations

import asyncio
import json
import random
import signal
import sqlite3
import sys
import tempfile
from datetime import date
from pathlib import Path

from aiogram.fsm.storage.base import StorageKey

from benchmarks.harness import SECRET
from jol.privacy import Pseudonymizer
from jol.storage.db import Database
from jol.storage.fsm import SQLiteStorage

FIRST_USER = 20_000_000


async def child(path: str, users: int) -> None:
    db = await Database.open(path)
    storage = SQLiteStorage(db, Pseudonymizer(SECRET), today=lambda: date(2026, 11, 26))
    out = sys.stdout

    async def user(user_id: int) -> None:
        key = StorageKey(bot_id=42, chat_id=user_id, user_id=user_id)
        seq = (await storage.get_data(key)).get("seq", 0)
        while True:
            seq += 1
            await storage.set_data(key, {"seq": seq})
            out.write(f"{user_id} {seq}\n")  # only after the write returned
            out.flush()

    await asyncio.gather(*(user(FIRST_USER + n) for n in range(users)))


async def kill_nine(users: int, kills: int) -> str:
    acked: dict[int, int] = {}
    checked = lost = 0
    with tempfile.TemporaryDirectory() as workdir:
        path = Path(workdir) / "jol.sqlite3"
        for _ in range(kills):
            process = await asyncio.create_subprocess_exec(
                sys.executable,
                "-m",
                "benchmarks.durability",
                str(path),
                str(users),
                stdout=asyncio.subprocess.PIPE,
            )
            assert process.stdout is not None
            first = await process.stdout.readline()  # the child is up and writing
            user_id, seq = map(int, first.split())
            acked[user_id] = seq
            deadline = asyncio.get_running_loop().time() + random.uniform(0.2, 2.0)
            while asyncio.get_running_loop().time() < deadline:
                line = await process.stdout.readline()
                if not line:
                    break
                user_id, seq = map(int, line.split())
                acked[user_id] = seq
            process.send_signal(signal.SIGKILL)
            for line in (await process.stdout.read()).splitlines():  # acked before the kill
                user_id, seq = map(int, line.split())
                acked[user_id] = seq
            await process.wait()
            stored = _stored(path, list(acked))
            checked += len(acked)
            lost += sum(1 for user_id, seq in acked.items() if stored.get(user_id, 0) < seq)
        writes = sum(acked.values())
    return (
        f"{kills} kills, {writes:,} acknowledged writes by {len(acked)} users; "
        f"{checked:,} last-acknowledged values checked, {lost} lost"
    )


def _stored(path: Path, user_ids: list[int]) -> dict[int, int]:
    ref = Pseudonymizer(SECRET).ref
    by_ref = {ref(user_id): user_id for user_id in user_ids}
    with sqlite3.connect(path) as conn:  # recovers the WAL like any reader after a crash
        rows = conn.execute("SELECT user_ref, data FROM fsm").fetchall()
    return {by_ref[r]: json.loads(d)["seq"] for r, d in rows if r in by_ref}


if __name__ == "__main__":
    asyncio.run(child(sys.argv[1], int(sys.argv[2])))
