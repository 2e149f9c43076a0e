"""The bot's public profile per language: command list, description, short description."""

from __future__ import annotations

import logging

from aiogram import Bot
from aiogram.exceptions import TelegramAPIError
from aiogram.types import BotCommand
from aiogram.utils.i18n import I18n

from jol.i18n.ui import _n

log = logging.getLogger(__name__)


COMMANDS = {
    "menu": _n("Main menu"),
    "language": _n("Change language"),
    "help": _n("How to use Jol"),
    "reminders": _n("Your reminders"),
    "alerts": _n("Your alerts"),
    "privacy": _n("What Jol stores about you"),
    "forget": _n("Delete your data"),
    "start": _n("Start again"),
}
DESCRIPTION = _n(
    "Jol gives free, checked information for migrants and asylum seekers in Kazakhstan: "
    "registration, your rights, detention and expulsion, asylum. In your language, with "
    "sources, and emergency contacts one tap away. Information, not legal advice.\n\n"
    "Privacy: Jol never stores your messages, name or Telegram id; it keeps only what it needs "
    "to answer you, such as your language. /forget deletes it."
)
SHORT_DESCRIPTION = _n(
    "Free legal information for migrants in Kazakhstan. "
    "Never stores your messages; /forget deletes your data."
)


async def publish(bot: Bot, i18n: I18n, languages: list[str], default: str) -> None:
    """Set per language, plus once without language_code for everyone else. A failure is
    logged, not fatal: the bot works without its profile."""
    # Telegram takes two-letter codes only: uz_Cyrl readers get the uz (Latin) profile.
    for code in [*(c for c in languages if len(c) == 2), None]:
        locale = code or default
        try:
            await bot.set_my_commands(
                [
                    BotCommand(command=command, description=i18n.gettext(text, locale=locale))
                    for command, text in COMMANDS.items()
                ],
                language_code=code,
            )
            await bot.set_my_description(
                i18n.gettext(DESCRIPTION, locale=locale), language_code=code
            )
            await bot.set_my_short_description(
                i18n.gettext(SHORT_DESCRIPTION, locale=locale), language_code=code
            )
        except TelegramAPIError as exc:
            log.warning(
                "could not set the bot profile for %s: %s", code or "default", type(exc).__name__
            )
