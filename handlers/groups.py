"""Groups: Jol answers people one to one, so in a group it stays quiet, except that a command
addressed to it by name (/start@jol_bot) gets a pointer to the private chat."""

from __future__ import annotations

from aiogram import Bot, F, Router
from aiogram.enums import ChatType
from aiogram.filters import Filter
from aiogram.types import CallbackQuery, InlineKeyboardButton, InlineKeyboardMarkup, Message
from aiogram.utils.i18n import gettext as _

GROUP_CHATS = {ChatType.GROUP, ChatType.SUPERGROUP}


class AddressedToMe(Filter):
    """A command naming this bot: /command@this_bot."""

    async def __call__(self, message: Message, bot: Bot) -> bool:
        command = (message.text or "").split(maxsplit=1)[0] if message.text else ""
        if not command.startswith("/") or "@" not in command:
            return False
        username = (await bot.me()).username or ""
        return command.rpartition("@")[2].lower() == username.lower()


async def point_to_private_chat(message: Message, bot: Bot) -> None:
    username = (await bot.me()).username
    button = InlineKeyboardButton(text="Jol", url=f"https://t.me/{username}?start=main")
    await message.reply(
        _("I answer questions in a private chat, so that nobody else sees them. Tap to open it."),
        reply_markup=InlineKeyboardMarkup(inline_keyboard=[[button]]),
    )


async def quiet(callback: CallbackQuery) -> None:
    """A button press outside a private chat (forged, or an inline message): nothing to do;
    the callback-answer middleware answers it."""


def router() -> Router:
    router = Router(name="groups")
    router.message.register(point_to_private_chat, F.chat.type.in_(GROUP_CHATS), AddressedToMe())
    router.callback_query.register(quiet, ~(F.message.chat.type == ChatType.PRIVATE))
    return router
