"""bot.py as a separate process against the local Bot API server (fake_bot_api)."""

from __future__ import annotations

import asyncio
import os
import signal
import sys
from collections.abc import AsyncIterator
from pathlib import Path

import pytest

from tests.e2e.fake_bot_api import FakeBotAPI
from tests.harness import fixture_locales
from tests.paths import FIXTURES, ROOT

TOKEN = "123456:AAH-fake-token-for-end-to-end-tests"


class BotProcess:
    def __init__(
        self,
        api: FakeBotAPI,
        data: Path,
        content: Path = FIXTURES / "content",
        mode: str = "run",
        env: dict[str, str] | None = None,
    ) -> None:
        self.api = api
        self.data = data
        self.content = content
        self.mode = mode
        self.extra_env = env or {}
        self.process: asyncio.subprocess.Process | None = None
        self.log = data / "bot.log"

    async def start(self) -> None:
        env = {k: v for k, v in os.environ.items() if k not in {"ADMIN_IDS"}}
        env.update(
            BOT_TOKEN=TOKEN,
            TELEGRAM_API_URL=self.api.base_url,
            DATABASE_PATH=str(self.data / "jol.sqlite3"),
            SECRET_PATH=str(self.data / "secret.key"),
            CONTENT_DIR=str(self.content),
            LOCALES_DIR=str(fixture_locales(self.data / "locales")),
            REQUEST_TIMEOUT="2",
            RETRY_BACKOFF="0.05",
            SHUTDOWN_TIMEOUT="10",
            LOG_LEVEL="DEBUG",
        )
        env.update(self.extra_env)
        mark = self.api.mark()
        with self.log.open("ab") as log:
            self.process = await asyncio.create_subprocess_exec(
                sys.executable,
                str(ROOT / "bot.py"),
                self.mode,
                cwd=self.data,
                env=env,
                stdout=log,
                stderr=log,
            )
        if self.mode == "webhook":
            await self.api.wait_for(lambda: bool(self.api.webhook_url), timeout=30)
        else:
            # This process's own start-up calls first: a poll left over from a process that
            # just stopped can still look like polling.
            await self.api.wait_for(
                lambda: any(c.method.lower() == "setmycommands" for c in self.api.calls[mark:]),
                timeout=30,
            )
            await self.api.wait_until_polling(timeout=30)

    async def stop(self) -> int:
        assert self.process is not None
        self.process.send_signal(signal.SIGTERM)
        code = await asyncio.wait_for(self.process.wait(), timeout=30)
        self.process = None
        return code


@pytest.fixture
async def api() -> AsyncIterator[FakeBotAPI]:
    server = FakeBotAPI(TOKEN)
    await server.start()
    yield server
    await server.stop()


@pytest.fixture
async def bot(api: FakeBotAPI, tmp_path: Path) -> AsyncIterator[BotProcess]:
    process = BotProcess(api, tmp_path)
    await process.start()
    yield process
    if process.process is not None:
        await process.stop()
