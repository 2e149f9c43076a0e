"""/privacy explains what is stored; /forget erases it after a confirmation button."""

from __future__ import annotations

from aiogram import F, Router
from aiogram.filters import Command
from aiogram.types import CallbackQuery, Message
from aiogram.utils.i18n import gettext as _

from jol.render import Renderer
from jol.settings import Settings
from jol.storage.db import Database
from jol.storage.profiles import Profiles
from jol.telegram.callbacks import ConfirmCallback
from jol.telegram.show import edit, reply

FORGET = "forget"


async def privacy(message: Message, render: Renderer, settings: Settings) -> None:
    text = render.ui_format(
        "<b>What Jol stores about you</b>\n\n"
        "• The language you chose and the day you last used Jol.\n"
        "• While you answer a question that asks you to type (for example a date): "
        "your answers to that question.\n\n"
        "It is stored under a code made from your Telegram account, not your name, "
        "phone number or Telegram id. Jol does not store or log the messages you write.\n\n"
        "Everything is deleted automatically after {days} days without use. "
        "Send /forget to delete it now.",
        days=settings.retention_days,
    )
    await reply(message, render.message(text))


async def forget(message: Message, render: Renderer) -> None:
    screen = render.confirm(
        _(
            "Delete everything Jol stores about you (your language and answers)? "
            "This cannot be undone."
        ),
        FORGET,
        yes=_("Yes, delete"),
        no=_("Cancel"),
    )
    await reply(message, screen)


async def forget_confirmed(
    callback: CallbackQuery, render: Renderer, db: Database, profiles: Profiles, user_ref: str
) -> None:
    await db.erase_user(user_ref)
    profiles.forget(user_ref)
    await edit(callback, render.message(_("Done: everything Jol stored about you is deleted.")))


async def forget_cancelled(callback: CallbackQuery, render: Renderer) -> None:
    await edit(callback, render.message(_("Nothing was deleted.")))


def router() -> Router:
    router = Router(name="privacy")
    router.message.register(privacy, Command("privacy"))
    router.message.register(forget, Command("forget"))
    router.callback_query.register(
        forget_confirmed, ConfirmCallback.filter((F.what == FORGET) & F.yes)
    )
    router.callback_query.register(forget_cancelled, ConfirmCallback.filter(F.what == FORGET))
    return router
