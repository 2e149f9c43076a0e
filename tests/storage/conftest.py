from __future__ import annotations

from collections.abc import AsyncIterator
from pathlib import Path

import pytest
from redis.asyncio import Redis

from jol.privacy import Pseudonymizer, Sealer
from jol.storage import redis as shared
from jol.storage.db import Database
from jol.storage.fsm import SQLiteStorage
from jol.storage.stores import Stores, open_stores
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


@pytest.fixture(params=["sqlite", "redis"])
async def stores(request: pytest.FixtureRequest, db: Database) -> AsyncIterator[Stores]:
    """Everything Jol keeps about people, once in SQLite (one instance) and once with the
    shared part in a real Redis (several instances): the same behaviour in both."""
    url = request.getfixturevalue("redis_url") if request.param == "redis" else ""
    opened = open_stores(db, Pseudonymizer(SECRET), Sealer(SECRET), bot_id=42, storage_url=url)
    yield opened
    if opened.redis is not None:
        await opened.redis.flushall()
    await opened.close()


@pytest.fixture
async def redis(redis_url: str) -> AsyncIterator[Redis]:
    client = shared.connect(redis_url)
    yield client
    await client.flushall()
    await client.aclose()
