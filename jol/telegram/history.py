"""Remembers the ids of the messages Jol sends in private chats, so /forget can delete them.
A request middleware, so no handler has to remember to do it."""

from __future__ import annotations

from typing import Any

from aiogram import Bot
from aiogram.client.session.middlewares.base import (
    BaseRequestMiddleware,
    NextRequestMiddlewareType,
)
from aiogram.methods import Response, SendMessage, TelegramMethod
from aiogram.types import Message

from jol.clock import today
from jol.privacy import Pseudonymizer
from jol.storage.stores import SentStore


class RecordSentMessages(BaseRequestMiddleware):
    def __init__(self, sent: SentStore, pseudonymizer: Pseudonymizer) -> None:
        self.sent = sent
        self.pseudonymizer = pseudonymizer

    async def __call__(
        self,
        make_request: NextRequestMiddlewareType[Any],
        bot: Bot,
        method: TelegramMethod[Any],
    ) -> Response[Any]:
        # aiogram's chain hands back the method's result itself, whatever the annotation says.
        result: Any = await make_request(bot, method)
        # Private chats have positive ids (the user's own); groups and channels negative.
        if isinstance(method, SendMessage) and isinstance(result, Message) and result.chat.id > 0:
            await self.sent.record(
                self.pseudonymizer.ref(result.chat.id), result.message_id, today()
            )
        return result  # type: ignore[no-any-return]
