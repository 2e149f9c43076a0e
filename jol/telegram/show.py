"""Putting a Screen in front of the user: a new message, or the pressed message edited in
place. Telegram's "message is not modified" (a double tap) is not an error."""

from __future__ import annotations

from aiogram import Bot
from aiogram.exceptions import TelegramBadRequest
from aiogram.types import CallbackQuery, Message

from jol.render import Screen
from jol.telegram.keyboards import inline_keyboard


async def send(bot: Bot, chat_id: int, screen: Screen, *, then: str = "") -> None:
    markup = inline_keyboard(screen.keyboard, then=then)
    for index, part in enumerate(screen.parts):
        last = index == len(screen.parts) - 1
        await bot.send_message(chat_id, part, reply_markup=markup if last else None)


async def reply(message: Message, screen: Screen, *, then: str = "") -> None:
    assert message.bot is not None
    await send(message.bot, message.chat.id, screen, then=then)


async def edit(callback: CallbackQuery, screen: Screen, *, then: str = "") -> None:
    """Edit the pressed message; send a new one when it cannot be edited (too old, deleted)."""
    message = callback.message
    assert callback.bot is not None
    if not isinstance(message, Message):  # inaccessible: the message no longer exists for us
        await send(callback.bot, callback.from_user.id, screen, then=then)
        return
    markup = inline_keyboard(screen.keyboard, then=then)
    first, rest = screen.parts[0], screen.parts[1:]
    try:
        await message.edit_text(first, reply_markup=None if rest else markup)
    except TelegramBadRequest as exc:
        if "not modified" in exc.message:
            return
        await send(callback.bot, message.chat.id, screen, then=then)
        return
    for index, part in enumerate(rest):
        last = index == len(rest) - 1
        await callback.bot.send_message(
            message.chat.id, part, reply_markup=markup if last else None
        )
