"""/start, with or without a deep-link payload (t.me/<bot>?start=<node_id>)."""

from __future__ import annotations

from aiogram import Router
from aiogram.filters import CommandObject, CommandStart
from aiogram.types import Message

from jol import flow
from jol.content.model import ROOT
from jol.library import Bundle
from jol.render import Renderer
from jol.telegram.show import reply


async def start(
    message: Message, command: CommandObject, bundle: Bundle, render: Renderer, language: str | None
) -> None:
    target = flow.start_target(bundle.content, command.args) or ROOT
    if language is None:  # Telegram's language is not one we ship: ask first, then go on
        await reply(message, render.languages(), then=target)
        return
    await reply(message, render.node(target))


def router() -> Router:
    router = Router(name="start")
    router.message.register(start, CommandStart())
    return router
