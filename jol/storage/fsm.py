"""aiogram FSM storage in SQLite, with the semantics of aiogram's Memory/Redis storages.

Data is stored as JSON, like RedisStorage: values must be JSON-serializable, and what comes
back is what JSON gives (tuples become lists, non-string dict keys become strings).
"""

from __future__ import annotations

import json
from collections.abc import Callable, Mapping
from datetime import date
from typing import Any

from aiogram.exceptions import DataNotDictLikeError
from aiogram.fsm.state import State
from aiogram.fsm.storage.base import BaseStorage, StateType, StorageKey

from jol import clock
from jol.privacy import Pseudonymizer
from jol.storage.db import Database, execute

EMPTY_DATA = "{}"

_KEY_COLUMNS = "bot_id, chat_ref, user_ref, thread_id, business_connection_id, destiny"
_KEY_VALUES = ":bot_id, :chat_ref, :user_ref, :thread_id, :business_connection_id, :destiny"
_KEY_MATCH = (
    "bot_id = :bot_id AND chat_ref = :chat_ref AND user_ref = :user_ref"
    " AND thread_id = :thread_id AND business_connection_id = :business_connection_id"
    " AND destiny = :destiny"
)


def _upsert(column: str) -> str:
    return (
        f"INSERT INTO fsm ({_KEY_COLUMNS}, {column}, seen_day)"
        f" VALUES ({_KEY_VALUES}, :value, :seen_day)"
        f" ON CONFLICT ({_KEY_COLUMNS})"
        f" DO UPDATE SET {column} = excluded.{column}, seen_day = excluded.seen_day"
    )


def _update(column: str) -> str:
    return f"UPDATE fsm SET {column} = :value, seen_day = :seen_day WHERE {_KEY_MATCH}"


_SELECT = f"SELECT state, data FROM fsm WHERE {_KEY_MATCH}"
# An empty row means the same as no row; dropping it keeps the table to active conversations.
_DELETE_EMPTY = f"DELETE FROM fsm WHERE {_KEY_MATCH} AND state IS NULL AND data = '{EMPTY_DATA}'"


class SQLiteStorage(BaseStorage):
    def __init__(
        self,
        db: Database,
        pseudonymizer: Pseudonymizer,
        *,
        today: Callable[[], date] = clock.today,
    ) -> None:
        self._db = db
        self._pseudonymizer = pseudonymizer
        self._today = today

    async def close(self) -> None:
        """Nothing to do: the Database belongs to the application, which closes it after the
        Dispatcher (aiogram calls this on shutdown)."""

    async def set_state(self, key: StorageKey, state: StateType = None) -> None:
        value = state.state if isinstance(state, State) else state
        await self._write(key, "state", value, empty=value is None)

    async def get_state(self, key: StorageKey) -> str | None:
        row = await self._db.fetchone(_SELECT, self._key(key))
        return None if row is None else row[0]

    async def set_data(self, key: StorageKey, data: Mapping[str, Any]) -> None:
        # Same check as aiogram's storages: a dict, not just any Mapping.
        if not isinstance(data, dict):
            msg = f"Data must be a dict or dict-like object, got {type(data).__name__}"
            raise DataNotDictLikeError(msg)
        encoded = json.dumps(data, ensure_ascii=False, separators=(",", ":"))
        await self._write(key, "data", encoded, empty=not data)

    async def get_data(self, key: StorageKey) -> dict[str, Any]:
        row = await self._db.fetchone(_SELECT, self._key(key))
        if row is None:
            return {}
        data: dict[str, Any] = json.loads(row[1])
        return data

    async def _write(self, key: StorageKey, column: str, value: str | None, *, empty: bool) -> None:
        params = {**self._key(key), "value": value, "seen_day": self._today().isoformat()}
        async with self._db.transaction() as conn:
            if empty:
                # Clearing must not create a row for someone who has none.
                await execute(conn, _update(column), params)
                await execute(conn, _DELETE_EMPTY, params)
            else:
                await execute(conn, _upsert(column), params)

    def _key(self, key: StorageKey) -> dict[str, Any]:
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
