"""Stopping without losing or repeating anything (SIGTERM, SIGINT).

aiogram stops polling on a signal, but the handlers it started keep running only until the
event loop closes, and the updates it fetched are confirmed to Telegram only by the next
getUpdates. So: track the updates being handled; on shutdown let them finish (bounded), then
confirm everything handled, so the next start neither misses an answer nor repeats one.
"""

from __future__ import annotations

import asyncio
import logging
from typing import Any

from aiogram import BaseMiddleware, Bot
from aiogram.types import TelegramObject, Update

from jol.telegram.middlewares import Handler

log = logging.getLogger(__name__)


class InFlight(BaseMiddleware):
    """Outer update middleware: which updates are being handled, and the newest started."""

    def __init__(self) -> None:
        self.tasks: set[asyncio.Future[Any]] = set()
        self.last_update_id: int | None = None

    async def __call__(self, handler: Handler, event: TelegramObject, data: dict[str, Any]) -> Any:
        if isinstance(event, Update):
            self.last_update_id = max(event.update_id, self.last_update_id or 0)
        task = asyncio.current_task()
        assert task is not None  # aiogram handles every update in a task
        self.tasks.add(task)
        try:
            return await handler(event, data)
        finally:
            self.tasks.discard(task)

    async def drain(self, bot: Bot, patience: float, *, confirm: bool) -> None:
        """Let running handlers finish (at most ``patience`` seconds), then confirm what was
        handled (long polling only: a webhook acknowledges each update by answering it).
        Called from the Dispatcher's shutdown, before the HTTP session closes."""
        others = {task for task in self.tasks if task is not asyncio.current_task()}
        if others:
            log.info("shutdown: waiting for %d running handler(s)", len(others))
            _, pending = await asyncio.wait(others, timeout=patience)
            if pending:
                log.warning(
                    "shutdown: %d handler(s) did not finish in %.0f s", len(pending), patience
                )
        if confirm and self.last_update_id is not None:
            # Confirms every update up to the newest one handled; an update it returns is left
            # unconfirmed and will come again after the restart.
            await bot.get_updates(offset=self.last_update_id + 1, limit=1, timeout=0)
