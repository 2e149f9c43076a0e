"""/language and the language buttons; the choice is stored and survives restarts."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date

from aiogram import F, Router
from aiogram.filters import Command
from aiogram.fsm.context import FSMContext
from aiogram.types import CallbackQuery, Message
from aiogram.utils.callback_answer import CallbackAnswer

from handlers import calculators
from handlers.navigate import leave_calculator, stale_button
from jol.content.model import ROOT
from jol.library import Bundle
from jol.render import Renderer
from jol.storage.stores import ProfileStore
from jol.telegram.callbacks import LanguageCallback
from jol.telegram.show import edit, reply


async def language_command(
    message: Message, render: Renderer, state: FSMContext, raw_state: str | None
) -> None:
    await leave_calculator(state, raw_state)
    await reply(message, render.languages())


async def open_picker(callback: CallbackQuery, render: Renderer) -> None:
    await edit(callback, render.languages())


async def choose(
    callback: CallbackQuery,
    callback_data: LanguageCallback,
    bundle: Bundle,
    profiles: ProfileStore,
    user_ref: str,
    today: date,
    render: Renderer,
    renderer_for: Callable[[str], Renderer],
    callback_answer: CallbackAnswer,
    state: FSMContext,
    raw_state: str | None,
) -> None:
    code = callback_data.code
    if code not in bundle.content.languages.languages:  # forged, or a language since removed
        await stale_button(callback, render, callback_answer)
        return
    await profiles.set_language(user_ref, code, today)
    await leave_calculator(state, raw_state)
    target = callback_data.then if callback_data.then in bundle.content.nodes else ROOT
    node = bundle.content.nodes[target]
    if node.kind == "calculator":  # a poster's deep link, opened before a language was set
        await calculators.begin(callback, node, state, renderer_for(code), bundle)
        return
    await edit(callback, renderer_for(code).node(target))


def router() -> Router:
    router = Router(name="language")
    router.message.register(language_command, Command("language"))
    router.callback_query.register(open_picker, LanguageCallback.filter(F.code == ""))
    router.callback_query.register(choose, LanguageCallback.filter())
    return router
