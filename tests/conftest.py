from __future__ import annotations

import shutil
from collections.abc import AsyncIterator
from pathlib import Path
from typing import TYPE_CHECKING

import pytest

if TYPE_CHECKING:
    from tests.harness import JolTestBot

from tests.paths import FIXTURES


@pytest.fixture
async def jol(tmp_path: Path) -> AsyncIterator[JolTestBot]:
    from tests.harness import JolTestBot

    bot = await JolTestBot.start(tmp_path)
    yield bot
    await bot.stop()


@pytest.fixture
def content_copy(tmp_path: Path) -> Path:
    """A writable copy of the fixture content, for tests that break it on purpose."""
    target = tmp_path / "content"
    shutil.copytree(FIXTURES / "content", target)
    return target
