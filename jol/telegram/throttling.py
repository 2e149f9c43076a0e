"""Per-user flood control: someone who pastes fifty messages gets a few answers and one polite
notice, not fifty replies — and cannot slow the bot down for everyone else. Private chats only
(the staff group's messages are paced by the relay queue), and an album of photos counts as
one message."""

from __future__ import annotations

import time
from collections import deque
from collections.abc import Callable
from typing import Any

from aiogram import BaseMiddleware
from aiogram.enums import ChatType
from aiogram.types import Message, TelegramObject, User
from aiogram.utils.i18n import gettext as _

from jol.telegram.middlewares import Handler
from jol.telegram.show import reply

MAX_TRACKED = 50_000


class FloodGuard(BaseMiddleware):
    """Inner middleware for messages: more than ``rate`` messages within ``per`` seconds is a
    flood; its first surplus message gets the notice, the rest are dropped until it calms."""

    def __init__(self, rate: int, per: float, clock: Callable[[], float] = time.monotonic) -> None:
        self.rate = rate
        self.per = per
        self.clock = clock
        self._recent: dict[int, deque[float]] = {}  # in memory only, never stored
        self._warned: set[int] = set()
        self._albums: set[str] = set()  # albums already counted (their first photo)

    async def __call__(self, handler: Handler, event: TelegramObject, data: dict[str, Any]) -> Any:
        user: User | None = data.get("event_from_user")
        if user is None or not self._counted(event):
            return await handler(event, data)
        now = self.clock()
        recent = self._recent.setdefault(user.id, deque(maxlen=self.rate))
        while recent and now - recent[0] > self.per:
            recent.popleft()
        if len(recent) < self.rate:
            recent.append(now)
            self._warned.discard(user.id)
            self._forget_idle(now)
            return await handler(event, data)
        if user.id not in self._warned and isinstance(event, Message):
            self._warned.add(user.id)
            text = _("You are sending messages very fast. I will answer again in a few seconds.")
            await reply(event, data["render"].message(text, with_menu=False))
        return None

    def _counted(self, event: TelegramObject) -> bool:
        if not isinstance(event, Message) or event.chat.type != ChatType.PRIVATE:
            return False
        album = event.media_group_id
        if album is None:
            return True
        if album in self._albums:
            return False
        if len(self._albums) > MAX_TRACKED:
            self._albums.clear()
        self._albums.add(album)
        return True

    def _forget_idle(self, now: float) -> None:
        if len(self._recent) < MAX_TRACKED:
            return
        idle = [
            key for key, times in self._recent.items() if not times or now - times[-1] > self.per
        ]
        for key in idle:
            del self._recent[key]
            self._warned.discard(key)
