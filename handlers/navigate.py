"""Walking the content: every content button carries its target node (stateless, so buttons
on old messages and after restarts keep working); /menu opens the main menu."""

from __future__ import annotations

from aiogram import Router
from aiogram.filters import Command
from aiogram.fsm.context import FSMContext
from aiogram.types import CallbackQuery, Message
from aiogram.utils.callback_answer import CallbackAnswer
from aiogram.utils.i18n import gettext as _

from jol.content.model import ROOT
from jol.insights.record import Recorder
from jol.library import Bundle, Library
from jol.render import Renderer
from jol.telegram.callbacks import NavCallback
from jol.telegram.show import edit, reply


async def leave_calculator(state: FSMContext, raw_state: str | None) -> None:
    """Walking away from a calculator's question: typed text is no longer a date, and the
    dates answered so far are not kept."""
    if raw_state is not None:
        await state.set_state(None)
    if (await state.get_data()).get("dialog"):
        await state.update_data(dialog=None)


async def menu(
    message: Message, render: Renderer, state: FSMContext, raw_state: str | None
) -> None:
    await leave_calculator(state, raw_state)
    await reply(message, render.node(ROOT))


async def go(
    callback: CallbackQuery,
    callback_data: NavCallback,
    bundle: Bundle,
    library: Library,
    render: Renderer,
    callback_answer: CallbackAnswer,
    state: FSMContext,
    raw_state: str | None,
    insights: Recorder,
) -> None:
    await leave_calculator(state, raw_state)
    target = callback_data.node
    if target not in bundle.content.nodes:
        # Removed by a content reload while the user was in the flow: the closest topic.
        ancestor = library.surviving_ancestor(target, bundle.content)
        if ancestor is None:
            await stale_button(callback, render, callback_answer)
            return
        callback_answer.text = _("This part of the menu has changed. Here is the closest topic.")
        target = ancestor
    await edit(callback, render.node(target))
    await counted_if_answer(insights, bundle, target)


async def counted_if_answer(insights: Recorder, bundle: Bundle, node_id: str) -> None:
    """Editors see which answers are read (menus and lists are ways to them)."""
    if bundle.content.nodes[node_id].kind == "answer":
        await insights.read(node_id)


async def stale_button(
    callback: CallbackQuery, render: Renderer, callback_answer: CallbackAnswer
) -> None:
    """A button from an old message or an older Jol: say so, and show the main menu."""
    callback_answer.text = _("This button is out of date. Here is the main menu.")
    await edit(callback, render.node(ROOT))


def router() -> Router:
    router = Router(name="navigate")
    router.message.register(menu, Command("menu"))
    router.callback_query.register(go, NavCallback.filter())
    return router
