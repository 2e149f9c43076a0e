from __future__ import annotations

import shutil
from collections.abc import AsyncIterator, Iterator
from pathlib import Path
from typing import TYPE_CHECKING

import pytest

if TYPE_CHECKING:
    from tests.harness import JolTestBot

from tests.paths import FIXTURES
from tests.redis_server import redis_server


@pytest.fixture(scope="session")
def redis_url(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    """One real redis-server for the whole run; each test empties it afterwards."""
    with redis_server(tmp_path_factory.mktemp("redis")) as url:
        yield url


@pytest.fixture(params=["sqlite", "redis"])
async def jol(request: pytest.FixtureRequest, tmp_path: Path) -> AsyncIterator[JolTestBot]:
    """The bot as a user meets it, once with everything in SQLite (one instance) and once
    with the shared state in Redis (several instances): the same behaviour in both."""
    from tests.harness import JolTestBot

    storage_url = request.getfixturevalue("redis_url") if request.param == "redis" else ""
    bot = await JolTestBot.start(tmp_path, storage_url=storage_url)
    yield bot
    if bot.stores.redis is not None:
        await bot.stores.redis.flushall()
    await bot.stop()


@pytest.fixture
def content_copy(tmp_path: Path) -> Path:
    """A writable copy of the fixture content, for tests that break it on purpose."""
    target = tmp_path / "content"
    shutil.copytree(FIXTURES / "content", target)
    return target
