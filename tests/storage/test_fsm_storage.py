"""SQLiteStorage behaves like aiogram's own storages, keyed by the whole StorageKey."""

from __future__ import annotations

from datetime import date, timedelta
from types import MappingProxyType
from typing import Any

import pytest
from aiogram.exceptions import DataNotDictLikeError
from aiogram.fsm.context import FSMContext
from aiogram.fsm.state import State, StatesGroup
from aiogram.fsm.storage.base import StorageKey
from aiogram.fsm.storage.memory import MemoryStorage

from jol.privacy import Pseudonymizer
from jol.storage.db import Database
from jol.storage.fsm import SQLiteStorage
from tests.storage.support import DAY, key


class Form(StatesGroup):
    name = State()
    birthday = State()


async def test_missing_key_has_no_state_and_empty_data(storage: SQLiteStorage) -> None:
    assert await storage.get_state(key()) is None
    assert await storage.get_data(key()) == {}


async def test_get_value_gives_the_default_for_a_missing_value_and_the_stored_one_otherwise(
    storage: SQLiteStorage,
) -> None:
    assert await storage.get_value(key(), "age") is None
    assert await storage.get_value(key(), "age", 7) == 7

    await storage.set_data(key(), {"age": 30, "nothing": None})

    assert await storage.get_value(key(), "age") == 30
    assert await storage.get_value(key(), "age", 7) == 30
    assert await storage.get_value(key(), "nothing", 7) is None  # stored None is a value
    assert await storage.get_value(key(), "other", "fallback") == "fallback"


async def test_state_is_stored_as_its_name(storage: SQLiteStorage) -> None:
    await storage.set_state(key(), Form.birthday)
    assert await storage.get_state(key()) == "Form:birthday"

    await storage.set_state(key(), "custom")
    assert await storage.get_state(key()) == "custom"


async def test_data_round_trips_including_non_ascii_text(storage: SQLiteStorage) -> None:
    data = {"city": "Алматы", "nested": {"list": [1, 2.5, True, None]}, "empty": ""}
    await storage.set_data(key(), data)
    assert await storage.get_data(key()) == data


async def test_returned_data_is_a_copy(storage: SQLiteStorage) -> None:
    await storage.set_data(key(), {"items": [1]})
    (await storage.get_data(key()))["items"].append(2)
    assert await storage.get_data(key()) == {"items": [1]}


COMPONENTS = {
    "bot id": key(bot_id=43),
    "chat": key(chat_id=1002),
    "user": key(user_id=1002),
    "thread id": key(thread_id=7),
    "business connection id": key(business_connection_id="bc-1"),
    "destiny": key(destiny="other"),
}


@pytest.mark.parametrize("other", COMPONENTS.values(), ids=COMPONENTS.keys())
async def test_keys_that_differ_in_one_component_are_kept_apart(
    storage: SQLiteStorage, other: StorageKey
) -> None:
    await storage.set_state(key(), "mine")
    await storage.set_data(key(), {"who": "mine"})

    assert await storage.get_state(other) is None
    assert await storage.get_data(other) == {}

    await storage.set_state(other, "theirs")
    await storage.set_data(other, {"who": "theirs"})

    assert await storage.get_state(key()) == "mine"
    assert await storage.get_data(key()) == {"who": "mine"}
    assert await storage.get_state(other) == "theirs"
    assert await storage.get_data(other) == {"who": "theirs"}


@pytest.mark.parametrize(
    "not_a_dict",
    [[("a", 1)], "text", MappingProxyType({"a": 1}), None],
    ids=["list", "str", "read-only mapping", "None"],
)
async def test_data_that_is_not_a_dict_is_rejected_and_nothing_is_written(
    storage: SQLiteStorage, db: Database, not_a_dict: Any
) -> None:
    await storage.set_data(key(), {"keep": 1})

    with pytest.raises(DataNotDictLikeError):
        await storage.set_data(key(), not_a_dict)
    with pytest.raises(DataNotDictLikeError):
        await storage.set_data(key(user_id=5), not_a_dict)

    assert await storage.get_data(key()) == {"keep": 1}
    assert await db.fetchall("SELECT data FROM fsm") == [('{"keep":1}',)]


async def test_data_that_is_not_json_is_rejected_and_the_previous_data_kept(
    storage: SQLiteStorage,
) -> None:
    await storage.set_data(key(), {"keep": 1})
    with pytest.raises(TypeError):
        await storage.set_data(key(), {"day": DAY})
    assert await storage.get_data(key()) == {"keep": 1}


async def test_clearing_the_data_keeps_the_state(storage: SQLiteStorage) -> None:
    await storage.set_state(key(), Form.name)
    await storage.set_data(key(), {"name": "Ali"})

    await storage.set_data(key(), {})

    assert await storage.get_state(key()) == "Form:name"
    assert await storage.get_data(key()) == {}


async def test_clearing_the_state_keeps_the_data(storage: SQLiteStorage) -> None:
    await storage.set_state(key(), Form.name)
    await storage.set_data(key(), {"name": "Ali"})

    await storage.set_state(key(), None)

    assert await storage.get_state(key()) is None
    assert await storage.get_data(key()) == {"name": "Ali"}


async def test_a_fully_cleared_key_leaves_no_row(storage: SQLiteStorage, db: Database) -> None:
    await storage.set_state(key(), Form.name)
    await storage.set_data(key(), {"name": "Ali"})
    await storage.set_state(key(user_id=5), "other")

    await storage.set_state(key(), None)
    await storage.set_data(key(), {})

    rows = await db.fetchall("SELECT state, data FROM fsm")
    assert rows == [("other", "{}")]


async def test_clearing_a_key_that_was_never_set_writes_no_row(
    storage: SQLiteStorage, db: Database
) -> None:
    await storage.set_state(key(), None)
    await storage.set_data(key(), {})
    assert await db.fetchall("SELECT * FROM fsm") == []


async def test_every_write_records_the_day_it_happened(
    db: Database, pseudonymizer: Pseudonymizer
) -> None:
    days = iter([DAY, DAY + timedelta(days=3)])
    storage = SQLiteStorage(db, pseudonymizer, today=lambda: next(days))

    await storage.set_state(key(), "first")
    assert await db.fetchall("SELECT seen_day FROM fsm") == [(DAY.isoformat(),)]
    await storage.set_data(key(), {"a": 1})
    assert await db.fetchall("SELECT seen_day FROM fsm") == [("2025-03-13",)]


async def test_default_day_is_a_date(db: Database, pseudonymizer: Pseudonymizer) -> None:
    await SQLiteStorage(db, pseudonymizer).set_state(key(), "x")
    row = await db.fetchone("SELECT seen_day FROM fsm")
    assert row is not None
    assert isinstance(date.fromisoformat(row[0]), date)


async def test_behaves_like_aiogram_memory_storage(storage: SQLiteStorage) -> None:
    memory = MemoryStorage()
    steps: list[tuple[str, Any]] = [
        ("state", Form.name),
        ("data", {"name": "Ali"}),
        ("state", "Form:birthday"),
        ("update", {"birthday": "2000-01-02"}),
        ("data", {}),
        ("state", None),
        ("update", {"again": 1}),
        ("state", ""),
    ]
    for action, value in steps:
        for target in (memory, storage):
            if action == "state":
                await target.set_state(key(), value)
            elif action == "data":
                await target.set_data(key(), value)
            else:
                await target.update_data(key(), value)
        assert await storage.get_state(key()) == await memory.get_state(key()), (action, value)
        assert await storage.get_data(key()) == await memory.get_data(key()), (action, value)


async def test_works_through_aiogram_fsm_context(storage: SQLiteStorage) -> None:
    context = FSMContext(storage, key())
    await context.set_state(Form.name)
    assert await context.update_data(name="Ali") == {"name": "Ali"}
    assert await context.get_value("name") == "Ali"

    await context.clear()

    assert await context.get_state() is None
    assert await context.get_data() == {}


async def test_closing_the_storage_leaves_the_database_to_its_owner(
    storage: SQLiteStorage,
) -> None:
    await storage.close()
    await storage.set_data(key(), {"still": "works"})
    assert await storage.get_data(key()) == {"still": "works"}
