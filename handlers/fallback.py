"""Last router: whatever no other router handled (a photo, a voice message, an edited
message, an unknown command) gets a short, helpful answer in the user's language pointing to
the menu. Nothing is silently ignored in a private chat. Free text goes to search before."""

from __future__ import annotations

from aiogram import F, Router
from aiogram.types import Message
from aiogram.utils.i18n import gettext as _

from handlers.navigate import stale_button
from jol.render import Renderer
from jol.telegram.show import reply


async def unknown_command(message: Message, render: Renderer) -> None:
    await reply(message, render.message(_("I do not know this command. Try /menu or /help.")))


async def anything_else(message: Message, render: Renderer) -> None:
    await reply(
        message,
        render.message(
            _(
                "I read text and buttons only. Write your question in a few words, "
                "or open the main menu."
            )
        ),
    )


def router() -> Router:
    router = Router(name="fallback")
    router.message.register(unknown_command, F.text.startswith("/"))
    router.message.register(anything_else)
    router.edited_message.register(anything_else)
    router.callback_query.register(stale_button)
    return router
