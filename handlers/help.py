"""/help: what Jol is, what it is not, and how to use it."""

from __future__ import annotations

from aiogram import Router
from aiogram.filters import Command
from aiogram.fsm.context import FSMContext
from aiogram.types import Message
from aiogram.utils.i18n import gettext as _

from handlers.navigate import leave_calculator
from jol.render import Renderer
from jol.telegram.show import reply


async def help_command(
    message: Message, render: Renderer, state: FSMContext, raw_state: str | None
) -> None:
    await leave_calculator(state, raw_state)
    text = _(
        "I am Jol, a free information bot for migrants and asylum seekers in Kazakhstan.\n\n"
        "Tap the buttons to find answers about registration, your rights and asylum, or "
        "write your question in your own words. Every answer shows its sources and the date "
        "it was checked. The calculators count your registration deadline and your days of "
        "stay, and can remind you.\n\n"
        "I give information, not legal advice: for your own case, contact the free help "
        "listed in the answers, or tap “Ask a person” in the main menu when it is there.\n\n"
        "/menu: main menu\n/language: change language\n/reminders: your reminders\n"
        "/alerts: topics you follow\n/privacy: what I store\n/forget: erase your data"
    )
    await reply(message, render.message(text))


def router() -> Router:
    router = Router(name="help")
    router.message.register(help_command, Command("help"))
    return router
