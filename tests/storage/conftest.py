from __future__ import annotations

from collections.abc import AsyncIterator
from pathlib import Path

import pytest

from jol.privacy import Pseudonymizer
from jol.storage.db import Database
from jol.storage.fsm import SQLiteStorage
from tests.storage.support import DAY, SECRET


@pytest.fixture
def db_path(tmp_path: Path) -> Path:
    return tmp_path / "data" / "jol.sqlite3"  # "data/" does not exist yet: open creates it


@pytest.fixture
async def db(db_path: Path) -> AsyncIterator[Database]:
    database = await Database.open(db_path)
    yield database
    await database.close()


@pytest.fixture
def pseudonymizer() -> Pseudonymizer:
    return Pseudonymizer(SECRET)


@pytest.fixture
def storage(db: Database, pseudonymizer: Pseudonymizer) -> SQLiteStorage:
    return SQLiteStorage(db, pseudonymizer, today=lambda: DAY)
