"""A failed handler must never leave the user with silence or a traceback."""

from __future__ import annotations

import logging

from aiogram import Bot, Router
from aiogram.types import ErrorEvent, Update
from aiogram.utils.i18n import gettext as _

from jol.render import Renderer
from jol.telegram.show import send

log = logging.getLogger("jol.errors")


async def on_error(event: ErrorEvent, bot: Bot, render: Renderer | None = None) -> None:
    exc = event.exception
    trace = exc.__traceback__
    while trace is not None and trace.tb_next is not None:
        trace = trace.tb_next
    where = f"{trace.tb_frame.f_code.co_filename}:{trace.tb_lineno}" if trace else "?"
    # The exception's text can carry user input (pydantic's input_value, API errors): log the
    # type and the place only.
    log.error(
        "handler failed: %s at %s (update %s)", type(exc).__name__, where, event.update.update_id
    )
    chat_id = _private_chat(event.update)
    if chat_id is None or render is None:
        return
    apology = _("Sorry, something went wrong on our side. Please try again from the main menu.")
    try:
        await send(bot, chat_id, render.message(apology))
    except Exception as failed:  # the apology itself failed (network): nothing more to do here
        log.warning("could not tell the user about the failure: %s", type(failed).__name__)


def _private_chat(update: Update) -> int | None:
    if update.callback_query is not None:
        return update.callback_query.from_user.id
    message = update.message or update.edited_message
    if message is not None and message.chat.type == "private":
        return message.chat.id
    return None


def router() -> Router:
    router = Router(name="errors")
    router.errors.register(on_error)
    return router
