"""aiogram FSM storage in SQLite, as fast as memory for reads and durable for writes.

Every update reads state and data, few write them. So reads are served from an in-memory copy
of the rows this process wrote or read (the process is the only writer of the table, one bot
per database file), and writes go through the database's group commit: concurrent writes share
one transaction, and ``set_state``/``set_data`` return only after theirs is committed.

Data is stored as JSON, like RedisStorage: values must be JSON-serializable, and what comes
back is what JSON gives (tuples become lists, non-string dict keys become strings).
"""

from __future__ import annotations

import json
from collections import Counter, OrderedDict
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from datetime import date
from typing import Any

from aiogram.exceptions import DataNotDictLikeError
from aiogram.fsm.state import State
from aiogram.fsm.storage.base import BaseStorage, StateType, StorageKey

from jol import clock
from jol.privacy import Pseudonymizer
from jol.storage.db import Database, Statement

EMPTY_DATA = "{}"
# About 300 bytes a person: 100,000 people active at once is ~30 MB. Beyond, the least
# recently used rows are read from the file again.
MAX_CACHED = 100_000

_KEY_COLUMNS = "bot_id, chat_ref, user_ref, thread_id, business_connection_id, destiny"
_KEY_VALUES = ":bot_id, :chat_ref, :user_ref, :thread_id, :business_connection_id, :destiny"
_KEY_MATCH = (
    "bot_id = :bot_id AND chat_ref = :chat_ref AND user_ref = :user_ref"
    " AND thread_id = :thread_id AND business_connection_id = :business_connection_id"
    " AND destiny = :destiny"
)
_SELECT = f"SELECT state, data FROM fsm WHERE {_KEY_MATCH}"
_UPSERT = (
    f"INSERT INTO fsm ({_KEY_COLUMNS}, state, data, seen_day)"
    f" VALUES ({_KEY_VALUES}, :state, :data, :seen_day)"
    f" ON CONFLICT ({_KEY_COLUMNS}) DO UPDATE SET"
    " state = excluded.state, data = excluded.data, seen_day = excluded.seen_day"
)
# An empty row means the same as no row; dropping it keeps the table to active conversations.
_DELETE = f"DELETE FROM fsm WHERE {_KEY_MATCH}"


@dataclass(frozen=True, slots=True)
class _Row:
    params: dict[str, Any]  # the key as stored: pseudonyms instead of ids
    state: str | None = None
    data: str = EMPTY_DATA

    @property
    def empty(self) -> bool:
        return self.state is None and self.data == EMPTY_DATA


class SQLiteStorage(BaseStorage):
    def __init__(
        self,
        db: Database,
        pseudonymizer: Pseudonymizer,
        *,
        today: Callable[[], date] = clock.today,
        max_cached: int = MAX_CACHED,
    ) -> None:
        self._db = db
        self._pseudonymizer = pseudonymizer
        self._today = today
        self._max_cached = max_cached
        self._rows: OrderedDict[StorageKey, _Row] = OrderedDict()
        # Writes not yet committed per key: such a row must stay cached, since the file
        # does not hold it yet.
        self._unsaved: Counter[StorageKey] = Counter()
        # Bumped whenever rows leave the database: a read that started before must not
        # cache what it read.
        self._generation = 0
        db.add_cache(self)

    async def close(self) -> None:
        """Nothing to do: the Database belongs to the application, which drains its writes
        and closes it after the Dispatcher (aiogram calls this on shutdown)."""

    async def set_state(self, key: StorageKey, state: StateType = None) -> None:
        value = state.state if isinstance(state, State) else state
        row = await self._row(key)
        await self._save(key, _Row(row.params, value, row.data))

    async def get_state(self, key: StorageKey) -> str | None:
        return (await self._row(key)).state

    async def set_data(self, key: StorageKey, data: Mapping[str, Any]) -> None:
        # Same check as aiogram's storages: a dict, not just any Mapping.
        if not isinstance(data, dict):
            msg = f"Data must be a dict or dict-like object, got {type(data).__name__}"
            raise DataNotDictLikeError(msg)
        encoded = json.dumps(data, ensure_ascii=False, separators=(",", ":"))
        row = await self._row(key)
        await self._save(key, _Row(row.params, row.state, encoded))

    async def get_data(self, key: StorageKey) -> dict[str, Any]:
        row = await self._row(key)
        if row.data == EMPTY_DATA:
            return {}
        data: dict[str, Any] = json.loads(row.data)  # a fresh copy, as MemoryStorage gives
        return data

    # Cache protocol of Database: rows about a person were erased, or rows expired.
    # Rows with writes still queued stay: those writes were made after the erase or expiry
    # (the queue keeps order), so the file will hold them.
    def forget(self, user_ref: str) -> None:
        self._generation += 1
        for key in [
            key
            for key, row in self._rows.items()
            if row.params["user_ref"] == user_ref and key not in self._unsaved
        ]:
            del self._rows[key]

    def clear(self) -> None:
        self._generation += 1
        for key in [key for key in self._rows if key not in self._unsaved]:
            del self._rows[key]

    async def _row(self, key: StorageKey) -> _Row:
        row = self._rows.get(key)
        if row is not None:
            self._rows.move_to_end(key)
            return row
        generation = self._generation
        params = self._params(key)
        found = await self._db.fetchone(_SELECT, params)
        # A write for this key may have run while we read: its row is the newer one.
        row = self._rows.get(key)
        if row is not None:
            return row
        row = _Row(params) if found is None else _Row(params, found[0], found[1])
        if generation == self._generation:
            self._remember(key, row)
        return row

    async def _save(self, key: StorageKey, row: _Row) -> None:
        self._remember(key, row)
        statement: Statement = (_DELETE, row.params)
        if not row.empty:
            seen_day = self._today().isoformat()
            values = {"state": row.state, "data": row.data, "seen_day": seen_day}
            statement = (_UPSERT, {**row.params, **values})
        self._unsaved[key] += 1
        try:
            await self._db.write(statement)
        except Exception:
            # Not in the file: the next read must see what the file holds, not this. (A
            # cancelled caller's write still commits: its row stays.)
            self._rows.pop(key, None)
            raise
        finally:
            self._unsaved[key] -= 1
            if not self._unsaved[key]:
                del self._unsaved[key]

    def _remember(self, key: StorageKey, row: _Row) -> None:
        self._rows[key] = row
        self._rows.move_to_end(key)
        while len(self._rows) > self._max_cached:
            oldest = next(
                (old for old in self._rows if old not in self._unsaved and old != key), None
            )
            if oldest is None:
                return
            del self._rows[oldest]

    def _params(self, key: StorageKey) -> dict[str, Any]:
        return {
            "bot_id": key.bot_id,
            "chat_ref": self._pseudonymizer.ref(key.chat_id),
            "user_ref": self._pseudonymizer.ref(key.user_id),
            # Telegram thread ids are > 0 and business connection ids non-empty, so 0 and ''
            # stand for "none" without colliding with a real value.
            "thread_id": key.thread_id or 0,
            "business_connection_id": key.business_connection_id or "",
            "destiny": key.destiny,
        }
