"""/start, with or without a deep-link payload (t.me/<bot>?start=<node_id>)."""

from __future__ import annotations

from aiogram import Router
from aiogram.filters import CommandObject, CommandStart
from aiogram.fsm.context import FSMContext
from aiogram.types import Message

from handlers import calculators
from handlers.navigate import counted_if_answer, leave_calculator
from jol import flow
from jol.content.model import ROOT
from jol.insights.record import Recorder
from jol.library import Bundle
from jol.render import Renderer
from jol.telegram.show import reply


async def start(
    message: Message,
    command: CommandObject,
    bundle: Bundle,
    render: Renderer,
    language: str | None,
    state: FSMContext,
    raw_state: str | None,
    insights: Recorder,
) -> None:
    await leave_calculator(state, raw_state)
    target = flow.start_target(bundle.content, command.args) or ROOT
    if language is None:  # Telegram's language is not one we ship: ask first, then go on
        await reply(message, render.languages(), then=target)
        return
    if bundle.content.nodes[target].kind == "calculator":
        await calculators.begin(message, bundle.content.nodes[target], state, render, bundle)
        return
    await reply(message, render.node(target))
    await counted_if_answer(insights, bundle, target)


def router() -> Router:
    router = Router(name="start")
    router.message.register(start, CommandStart())
    return router
