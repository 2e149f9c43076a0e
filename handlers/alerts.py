"""Alerts when the law changes (#11), the person's side: "🔔 Notify me of changes" on every
topic subscribes and, pressed again, unsubscribes (a screen cannot know which the person is);
/alerts lists their topics, each with a button that stops it. The notices are queued by
``jol.alerts.queue_alerts`` when an admin publishes a change marked important."""

from __future__ import annotations

from datetime import date

from aiogram import Router
from aiogram.filters import Command
from aiogram.fsm.context import FSMContext
from aiogram.types import CallbackQuery, Message
from aiogram.utils.callback_answer import CallbackAnswer
from aiogram.utils.i18n import gettext as _

from handlers.navigate import leave_calculator, stale_button
from jol import alerts, flow
from jol.library import Bundle
from jol.render import Renderer, Screen
from jol.storage.stores import Stores
from jol.telegram.callbacks import SubscribeCallback
from jol.telegram.show import edit, reply


async def press(
    callback: CallbackQuery,
    callback_data: SubscribeCallback,
    bundle: Bundle,
    render: Renderer,
    stores: Stores,
    user_ref: str,
    today: date,
    callback_answer: CallbackAnswer,
) -> None:
    topic = callback_data.topic
    stopped = _("You will no longer get messages about changes in this topic.")
    if callback_data.stop:  # from /alerts: only ever stops, so a double tap cannot restart it
        await stores.subscriptions.unsubscribe(user_ref, topic)
        callback_answer.text = stopped
        await edit(callback, await _listed(render, stores, bundle, user_ref))
        return
    if not flow.is_topic(bundle.content, topic):  # a button of a topic a reload removed
        await stores.subscriptions.unsubscribe(user_ref, topic)  # it can never change again
        await stale_button(callback, render, callback_answer)
        return
    chat_id = callback.message.chat.id if callback.message else callback.from_user.id
    if await stores.subscriptions.toggle(user_ref, topic, chat_id, render.language, today):
        callback_answer.text = _(
            "Done: you will get a short message here when the information in this topic "
            "changes. Press again to stop."
        )
    else:
        callback_answer.text = stopped


async def alerts_command(
    message: Message,
    bundle: Bundle,
    render: Renderer,
    stores: Stores,
    user_ref: str,
    state: FSMContext,
    raw_state: str | None,
) -> None:
    await leave_calculator(state, raw_state)
    await reply(message, await _listed(render, stores, bundle, user_ref))


async def _listed(render: Renderer, stores: Stores, bundle: Bundle, user_ref: str) -> Screen:
    topics = []
    for topic in await stores.subscriptions.of_user(user_ref):
        if flow.is_topic(bundle.content, topic):
            topics.append(topic)
        else:  # removed or moved by a reload: no change can reach it any more
            await stores.subscriptions.unsubscribe(user_ref, topic)
    return alerts.subscriptions(render, topics)


def router() -> Router:
    router = Router(name="alerts")
    router.message.register(alerts_command, Command("alerts"))
    router.callback_query.register(press, SubscribeCallback.filter())
    return router
