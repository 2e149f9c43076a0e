"""Event isolation: one update at a time per FSM key, with locks freed after use.

aiogram's SimpleEventIsolation keeps a lock for every key it has ever seen, so memory grows
with the number of people who ever wrote to the bot. Here a lock lives only while someone
holds it or waits for it.
"""

from __future__ import annotations

import asyncio
from collections.abc import AsyncIterator, Hashable
from contextlib import asynccontextmanager
from dataclasses import dataclass, field

from aiogram.fsm.storage.base import BaseEventIsolation, StorageKey


@dataclass
class _Entry:
    lock: asyncio.Lock = field(default_factory=asyncio.Lock)
    users: int = 0  # holders + waiters


class UserLocks(BaseEventIsolation):
    def __init__(self) -> None:
        self._entries: dict[Hashable, _Entry] = {}

    @asynccontextmanager
    async def lock(self, key: StorageKey) -> AsyncIterator[None]:
        entry = self._entries.setdefault(key, _Entry())
        entry.users += 1
        try:
            async with entry.lock:
                yield
        finally:
            # Also runs when a waiter is cancelled or the handler raises.
            entry.users -= 1
            if entry.users == 0 and self._entries.get(key) is entry:
                del self._entries[key]

    @property
    def held_keys(self) -> int:
        """Keys with a lock held or awaited.

        Deliberately not ``__len__``: an empty UserLocks would then be falsy, and aiogram's
        Dispatcher (``events_isolation or DisabledEventIsolation()``) would drop it.
        """
        return len(self._entries)

    async def close(self) -> None:
        self._entries.clear()
