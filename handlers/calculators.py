"""The registration-deadline and stay calculators, and the reminders they offer.

The questions and their order are ``jol.calc.dialog``; the words are ``jol.calc.screens``. Here:
which update is which answer, the FSM (the dialog is kept in the FSM data, so a half-answered
calculator survives restarts), and storing reminders.
"""

from __future__ import annotations

from datetime import UTC, date, datetime, time, timedelta
from typing import Any

from aiogram import F, Router
from aiogram.filters import Command, Filter
from aiogram.fsm.context import FSMContext
from aiogram.fsm.state import State, StatesGroup
from aiogram.types import CallbackQuery, Message
from aiogram.utils.callback_answer import CallbackAnswer
from aiogram.utils.i18n import gettext as _

from handlers.navigate import leave_calculator
from jol.alerts import ALERT
from jol.calc import screens
from jol.calc.dates import Ambiguous, Invalid, Reason, parse_date
from jol.calc.dialog import Ask, Dialog, advance, reminders_for, start
from jol.calc.dialog import Invalid as InvalidAnswer
from jol.calc.dialog import outcome as calc_outcome
from jol.calc.ruleset import RuleSet
from jol.clock import ALMATY
from jol.content.model import Node
from jol.library import Bundle
from jol.render import Renderer, Screen
from jol.storage.reminders import NewReminder
from jol.storage.stores import Stores
from jol.telegram.callbacks import CalcCallback, NavCallback
from jol.telegram.show import edit, reply

REMIND_DAYS_BEFORE = 3
REMIND_AT = {REMIND_DAYS_BEFORE: time(10), 0: time(9)}  # Almaty time


class Calculating(StatesGroup):
    date = State()  # a typed date is the answer (which one: Dialog.asking)


async def _show(
    event: CallbackQuery | Message, screen: Screen, state: FSMContext, waits_for_date: bool
) -> None:
    wanted = Calculating.date.state if waits_for_date else None
    if await state.get_state() != wanted:  # a read from memory saves a write to the file
        await state.set_state(wanted)
    if isinstance(event, CallbackQuery):
        await edit(event, screen)
    else:
        await reply(event, screen)


async def _ask(
    event: CallbackQuery | Message,
    dialog: Dialog,
    ask: Ask,
    state: FSMContext,
    render: Renderer,
    bundle: Bundle,
    today: date,
    month: date | None = None,
) -> None:
    rules = RuleSet.from_content(bundle.content)
    data = await state.get_data()
    unchanged = data.get("dialog") == dialog.to_data()  # e.g. another month of the calendar
    data["dialog"] = dialog.to_data()
    if ask is Ask.RESULT:
        outcome = calc_outcome(dialog, rules, today)
        remind = _remind_data(dialog.calc, reminders_for(outcome) if outcome else [])
        screen = screens.result(render, outcome, remind.get("token"))
        # What is kept after the result: the passport (asked first next time) and what a
        # reminder needs; the dates themselves go.
        await state.set_data({"country": dialog.country, "last": dialog.calc, "remind": remind})
        await _show(event, screen, state, waits_for_date=False)
        return
    if not unchanged:
        await state.set_data(data)
    screen = screens.question(render, ask, dialog, rules, today, data.get("country"), month)
    await _show(event, screen, state, waits_for_date=ask is Ask.DATE)


def _remind_data(calc: str, items: list[dict[str, str]]) -> dict[str, Any]:
    """What "Remind me" needs, named by a token the button carries: a tap on an older result
    must not set the reminders of a newer one."""
    if not items:
        return {}
    token = calc[0] + "".join(sorted(item["deadline"].replace("-", "") for item in items))[:40]
    return {"token": token, "items": items}


# --- handlers ---------------------------------------------------------------------------------


async def open_calculator(
    callback: CallbackQuery,
    callback_data: NavCallback,
    bundle: Bundle,
    state: FSMContext,
    render: Renderer,
) -> None:
    await begin(callback, bundle.content.nodes[callback_data.node], state, render, bundle)


async def begin(
    event: CallbackQuery | Message, node: Node, state: FSMContext, render: Renderer, bundle: Bundle
) -> None:
    """From a menu button or a deep link (t.me/<bot>?start=registration_calculator)."""
    dialog, ask = start(node.calculator or "registration")
    await _ask(event, dialog, ask, state, render, bundle, render.today)


async def button(
    callback: CallbackQuery,
    callback_data: CalcCallback,
    bundle: Bundle,
    state: FSMContext,
    render: Renderer,
    today: date,
    stores: Stores,
    user_ref: str,
    callback_answer: CallbackAnswer,
    now: datetime,
) -> None:
    step, value = callback_data.step, callback_data.value
    if step == "noop":
        return
    if step == "remind":
        await _remind(callback, value, state, render, stores, user_ref, now)
        return
    if step == "cancel":
        await _cancel(callback, value, render, stores, user_ref)
        return
    data = await state.get_data()
    if step == "restart":
        await _ask(
            callback, *start(data.get("last") or "registration"), state, render, bundle, today
        )
        return
    stored = Dialog.from_data(data.get("dialog"))
    if stored is None:
        await _expired(callback, render, callback_answer)
        return
    dialog = stored
    rules = RuleSet.from_content(bundle.content)
    try:
        if step == "month":
            month = date.fromisoformat(value + "-01")
            await _ask(callback, dialog, Ask.DATE, state, render, bundle, today, month=month)
            return
        if step == "date":
            if date.fromisoformat(value) > today:
                raise InvalidAnswer(value)
            problem = dialog.date_problem(date.fromisoformat(value))
            if problem:
                callback_answer.text = _problem_text(problem)
                callback_answer.show_alert = True
                return
        dialog, ask = advance(dialog, step, value, rules)
    except (InvalidAnswer, ValueError):
        await _expired(callback, render, callback_answer, state)
        return
    await _ask(callback, dialog, ask, state, render, bundle, today)


async def typed_date(
    message: Message, bundle: Bundle, state: FSMContext, render: Renderer, today: date
) -> None:
    dialog = Dialog.from_data((await state.get_data()).get("dialog"))
    if dialog is None or dialog.asking is None:
        await state.set_state(None)
        await reply(message, _expired_screen(render))
        return
    example = today.strftime("%d.%m.%Y")
    question = screens.date_question(render, dialog)
    parsed = parse_date(message.text or "", today, render.language)
    if isinstance(parsed, Ambiguous):
        await reply(message, screens.choose_between(render, parsed.candidates))
        return
    if isinstance(parsed, Invalid):
        await reply(
            message,
            screens.ask_date(render, _why(parsed.reason, example) + "\n\n" + question, today),
        )
        return
    problem = dialog.date_problem(parsed.value)
    if problem:
        await reply(
            message, screens.ask_date(render, _problem_text(problem) + "\n\n" + question, today)
        )
        return
    dialog, ask = advance(
        dialog, "date", parsed.value.isoformat(), RuleSet.from_content(bundle.content)
    )
    await _ask(message, dialog, ask, state, render, bundle, today)


async def not_a_date(message: Message, state: FSMContext, render: Renderer, today: date) -> None:
    """A sticker, photo or voice where a date is expected: ask again, keep the answers."""
    dialog = Dialog.from_data((await state.get_data()).get("dialog"))
    question = screens.date_question(render, dialog) if dialog and dialog.asking else ""
    example = today.strftime("%d.%m.%Y")
    text = _("Please write the date as text, for example {example}.").format(example=example)
    await reply(message, screens.ask_date(render, f"{text}\n\n{question}".strip(), today))


def _why(reason: Reason, example: str) -> str:
    texts = {
        Reason.FUTURE: _("This date is in the future. Please write a day that has passed."),
        Reason.TOO_EARLY: _("This date is too long ago. Please check the year."),
        Reason.NO_SUCH_DATE: _("This day does not exist in the calendar. Please check it."),
    }
    default = _("I could not read a date here. Please write it like {example}.")
    return "❓ " + texts.get(reason, default).format(example=example)


def _problem_text(problem: str) -> str:
    return {
        "exit_before_entry": _("The day you left cannot be before the day you entered."),
        "overlap": _("That trip must be before your later trip."),
    }.get(problem, _("Please check the date."))


async def _expired(
    callback: CallbackQuery,
    render: Renderer,
    callback_answer: CallbackAnswer,
    state: FSMContext | None = None,
) -> None:
    if state is not None:  # nothing half-answered stays behind
        await state.set_state(None)
        await state.update_data(dialog=None)
    callback_answer.text = _("This calculation has expired. Please start again.")
    await edit(callback, _expired_screen(render))


def _expired_screen(render: Renderer) -> Screen:
    return render.message(
        _("This calculation has expired. Please start again."), opens=screens.CALCULATORS
    )


# --- reminders --------------------------------------------------------------------------------


def _due(deadline: date, days_before: int) -> datetime:
    local = datetime.combine(deadline - timedelta(days=days_before), REMIND_AT[days_before], ALMATY)
    return local.astimezone(UTC)


async def _remind(
    callback: CallbackQuery,
    value: str,
    state: FSMContext,
    render: Renderer,
    stores: Stores,
    user_ref: str,
    now: datetime,
) -> None:
    remind: dict[str, Any] = (await state.get_data()).get("remind") or {}
    if remind.get("token") != value:  # an older result, or reminders already set from it
        done = _(
            "These reminders are set already, or this result is out of date. "
            "/reminders shows what is set; count again for new dates."
        )
        await edit(callback, render.message(done, opens=screens.CALCULATORS))
        return
    existing = {
        (r.kind, str(r.payload.get("deadline")), r.due)
        for r in await stores.reminders.of_user(user_ref)
    }
    new = [
        NewReminder(
            due=due,
            useful_until=date.fromisoformat(item["deadline"]),
            kind=str(item["what"]),
            # The language they use now, for when they never chose one (Telegram's).
            payload={**{k: str(v) for k, v in item.items()}, "language": render.language},
        )
        for item in remind["items"]
        for before in REMIND_AT
        if (due := _due(date.fromisoformat(item["deadline"]), before)) > now
        and (str(item["what"]), item["deadline"], due) not in existing
    ]
    if not new:
        too_close = _("The day is too close for a reminder: please act now.")
        await edit(callback, render.message(too_close, opens=screens.CALCULATORS))
        return
    assert callback.message is not None
    await stores.reminders.add(user_ref, callback.message.chat.id, new)
    await state.update_data(remind={})  # one tap, one set of reminders
    listed = [
        (r.due.astimezone(ALMATY).date(), r.kind, r.useful_until)
        for r in sorted(new, key=lambda r: r.due)
    ]
    await edit(callback, screens.reminders_set(render, listed))


async def _cancel(
    callback: CallbackQuery,
    value: str,
    render: Renderer,
    stores: Stores,
    user_ref: str,
) -> None:
    await stores.reminders.cancel(user_ref, None if value == "all" else value)
    await edit(callback, await _reminders_screen(render, stores, user_ref))


async def _reminders_screen(render: Renderer, stores: Stores, user_ref: str) -> Screen:
    items = [
        (r.id, r.due.astimezone(ALMATY).date(), r.kind, r.useful_until)
        for r in await stores.reminders.of_user(user_ref)
        if r.kind != ALERT  # a notice about changed content, on its way (/alerts)
    ]
    return screens.reminders_list(render, items)


async def reminders_command(
    message: Message,
    render: Renderer,
    stores: Stores,
    user_ref: str,
    state: FSMContext,
    raw_state: str | None,
) -> None:
    await leave_calculator(state, raw_state)
    await reply(message, await _reminders_screen(render, stores, user_ref))


class CalculatorNode(Filter):
    """A menu button whose node is a calculator: it starts the dialog instead of a screen."""

    async def __call__(
        self, callback: CallbackQuery, callback_data: NavCallback, bundle: Bundle
    ) -> bool:
        node = bundle.content.nodes.get(callback_data.node)
        return node is not None and node.kind == "calculator"


def router() -> Router:
    router = Router(name="calculators")
    router.callback_query.register(open_calculator, NavCallback.filter(), CalculatorNode())
    router.callback_query.register(button, CalcCallback.filter())
    router.message.register(reminders_command, Command("reminders"))
    router.message.register(typed_date, Calculating.date, F.text, ~F.text.startswith("/"))
    router.message.register(not_a_date, Calculating.date, ~F.text)
    return router
