""" "Was this helpful? 👍 👎" under every answer: counted per answer and language (never who);
the row then goes, so the person sees their answer was taken and cannot count twice. A 👎 on
an answer that search offered also counts the (anonymised) question as not answered well."""

from __future__ import annotations

import logging

from aiogram import Router
from aiogram.exceptions import TelegramBadRequest
from aiogram.fsm.context import FSMContext
from aiogram.types import CallbackQuery, Message
from aiogram.utils.callback_answer import CallbackAnswer
from aiogram.utils.i18n import gettext as _

from handlers.search import LAST_SEARCH
from jol.insights.record import Recorder
from jol.library import Bundle
from jol.render import Renderer
from jol.telegram.callbacks import RateCallback
from jol.telegram.keyboards import inline_keyboard
from jol.telegram.show import send

HELP = "help"  # the menu of organisations that give free legal help (content/topics/help.yaml)
log = logging.getLogger(__name__)


async def rate(
    callback: CallbackQuery,
    callback_data: RateCallback,
    bundle: Bundle,
    render: Renderer,
    insights: Recorder,
    state: FSMContext,
    callback_answer: CallbackAnswer,
) -> None:
    node = callback_data.node
    callback_answer.text = _("Thank you! This helps us improve Jol.")
    if node not in bundle.content.nodes:  # removed by a reload since: thanks, nothing to count
        return
    await insights.rated(node, callback_data.helpful)
    searched = (await state.get_data()).get(LAST_SEARCH)
    if not callback_data.helpful and searched and node in searched.get("offered", ()):
        await insights.not_helpful(searched.get("query"))
        await state.update_data({LAST_SEARCH: None})  # one question, counted once
    if isinstance(callback.message, Message):
        markup = inline_keyboard(render.node(node, rated=True).keyboard)
        try:
            await callback.message.edit_reply_markup(reply_markup=markup)
        except TelegramBadRequest as exc:  # a double tap, or a message too old to edit
            log.info("could not remove the rating row: %s", type(exc).__name__)
    if not callback_data.helpful:
        text = _(
            "Sorry that this did not help. Write your question in your own words, or find "
            "free legal help for your own case here:"
        )
        opens = (HELP,) if HELP in bundle.content.nodes else ()
        assert callback.bot is not None
        screen = render.message(text, opens=opens, ask_person=True, reading=node)
        await send(callback.bot, callback.from_user.id, screen)


def router() -> Router:
    router = Router(name="feedback")
    router.callback_query.register(rate, RateCallback.filter())
    return router
