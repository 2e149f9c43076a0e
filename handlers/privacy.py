"""/privacy explains what is stored; /forget erases it after a confirmation button."""

from __future__ import annotations

import logging

from aiogram import Bot, F, Router
from aiogram.exceptions import TelegramAPIError
from aiogram.filters import Command
from aiogram.fsm.context import FSMContext
from aiogram.types import CallbackQuery, Message
from aiogram.utils.i18n import gettext as _

from handlers.navigate import leave_calculator
from jol.render import Renderer
from jol.settings import Settings
from jol.storage.stores import SentStore, Stores
from jol.telegram import staff
from jol.telegram.callbacks import ConfirmCallback
from jol.telegram.show import edit, reply

FORGET = "forget"
DETAILS = "privacy_details"  # the second layer of /privacy, in content/topics/privacy.yaml
log = logging.getLogger(__name__)


async def privacy(
    message: Message,
    render: Renderer,
    settings: Settings,
    state: FSMContext,
    raw_state: str | None,
) -> None:
    await leave_calculator(state, raw_state)
    text = render.ui_format(
        "<b>What Jol stores about you</b>\n\n"
        "• The language you chose and the day you last used Jol.\n"
        "• While you use a calculator: your answers (the dates until you see the result; "
        "your passport's country, so it is offered first next time).\n"
        "• Reminders you asked for: the day and your chat number, encrypted, until the "
        "reminder is sent or the deadline has passed.\n"
        "• Topics you asked to be notified about (🔔), with your chat number, encrypted.\n"
        "• For two days, the numbers of the messages Jol sent you, so /forget can delete them.\n"
        "• If you ask a person: the number of your request, its state, your language and your "
        "chat number (encrypted). Your messages are passed on to the caseworkers, not kept by "
        "Jol; they stay in the caseworkers' Telegram group until /forget deletes them.\n\n"
        "It is stored under a code made from your Telegram account, not your name, "
        "phone number or Telegram id. Jol does not store or log the messages you write.\n\n"
        "Everything is deleted automatically after {days} days without use. "
        "Send /forget to delete it now.",
        days=settings.retention_days,
    )
    await reply(message, render.message(text, opens=(DETAILS,)))


async def forget(message: Message, render: Renderer) -> None:
    screen = render.confirm(
        _("Delete everything Jol stores about you (see /privacy)? This cannot be undone."),
        FORGET,
        yes=_("Yes, delete"),
        no=_("Cancel"),
    )
    await reply(message, screen)


async def forget_confirmed(
    callback: CallbackQuery,
    bot: Bot,
    render: Renderer,
    stores: Stores,
    sent_messages: SentStore,
    settings: Settings,
    user_ref: str,
) -> None:
    try:
        # A lost or seized phone shows the chat: Jol's recent messages go too (Telegram
        # allows it for 48 hours), except the one that will say what happened.
        keep = callback.message.message_id if callback.message else None
        sent = [i for i in await sent_messages.message_ids(user_ref) if i != keep]
        for start in range(0, len(sent), 100):
            try:
                await bot.delete_messages(callback.from_user.id, sent[start : start + 100])
            except TelegramAPIError as exc:  # too old, or Telegram unreachable: erase anyway
                log.info("could not delete old messages: %s", type(exc).__name__)
        if settings.staff_chat_id is not None:  # conversations with caseworkers, too
            await staff.delete_topics(bot, settings.staff_chat_id, stores.tickets, user_ref)
    finally:  # whatever failed above, the data goes before anyone is told it went
        await stores.erase_user(user_ref)
    done = _(
        "Done: everything Jol stored about you is deleted, and Jol's recent messages are "
        "removed from this chat.\n\nTo remove this chat from your phone as well, open the "
        "chat menu (⋮ or the bot's name at the top) and choose “Delete chat”."
    )
    try:
        await edit(callback, render.message(done, with_menu=False))
    except TelegramAPIError as exc:  # no apology: it would be one more message to erase
        log.info("could not confirm the erasure: %s", type(exc).__name__)
    finally:
        # Telling them may have sent a new message (when the old one could not be edited),
        # and recording it created a row: erase once more, so nothing recorded survives.
        await stores.erase_user(user_ref)


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
