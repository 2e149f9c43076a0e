""" "Ask a person": the consented hand-off to NGO caseworkers, both sides.

The person: a consent screen (who reads, what is shared, how long it is kept, how to stop),
then everything they send goes to their topic in the staff group until they end it or a
caseworker closes it; commands and menu buttons keep working meanwhile.
The caseworkers: every message in the topic reaches the person, except internal notes
(starting with ``!``); ``/close`` ends the conversation.
Messages are carried by the Courier (jol/telegram/relay.py), in order and within limits.
"""

from __future__ import annotations

import html
import logging
from collections.abc import Callable
from datetime import date, datetime
from typing import Any

import holidays
from aiogram import Bot, F, Router
from aiogram.enums import ContentType
from aiogram.exceptions import TelegramAPIError
from aiogram.filters import Command, Filter
from aiogram.fsm.context import FSMContext
from aiogram.types import CallbackQuery, Message
from aiogram.utils.i18n import gettext as _

from handlers.navigate import leave_calculator
from jol.calc.ruleset import RuleSet
from jol.content.model import EMERGENCY
from jol.handoff.hours import Hours
from jol.library import Bundle
from jol.render import AskPerson, Button, Renderer, Screen
from jol.settings import Settings
from jol.storage.stores import Stores
from jol.storage.tickets import Ticket
from jol.telegram import staff
from jol.telegram.callbacks import AskCallback
from jol.telegram.middlewares import RendererFor
from jol.telegram.relay import Courier
from jol.telegram.show import edit, reply

log = logging.getLogger(__name__)

# What Telegram can copy from one chat to another; anything else is not passed on.
CARRIED = {
    ContentType.TEXT,
    ContentType.PHOTO,
    ContentType.VOICE,
    ContentType.AUDIO,
    ContentType.DOCUMENT,
    ContentType.VIDEO,
    ContentType.VIDEO_NOTE,
    ContentType.ANIMATION,
    ContentType.STICKER,
    ContentType.LOCATION,
    ContentType.CONTACT,
}


# --- the person ----------------------------------------------------------------------------
async def consent(
    callback: CallbackQuery,
    callback_data: AskCallback,
    render: Renderer,
    settings: Settings,
    stores: Stores,
    user_ref: str,
) -> None:
    if await _cannot_ask(callback, render, settings, stores, user_ref):
        return
    text = render.ui_format(
        "<b>Ask a person</b>\n\n"
        "• Who reads your messages: caseworkers of {ngo}.\n"
        "• What they see: what you send here (text, voice, photos, documents) and, if you "
        "choose, your first name. Never your username or phone number, unless you send them.\n"
        "• How long: Jol keeps only the number of your request, not your messages, for "
        "{days} days after your last message. Your messages stay with {ngo} in Telegram "
        "until /forget deletes them.\n"
        "• How to stop: “End conversation” at any time; /forget deletes everything.\n\n"
        "Do you want them to see your first name?",
        ngo=html.escape(settings.staff_ngo_name),
        days=settings.retention_days,
    )
    node = callback_data.node
    rows = (
        (Button(_("Yes, show my first name"), AskPerson("named", node)),),
        (Button(_("No, stay anonymous"), AskPerson("anonymous", node)),),
        (Button(_("Cancel"), AskPerson("cancel", node)),),
    )
    await edit(callback, Screen((text,), rows))


async def begin(
    callback: CallbackQuery,
    callback_data: AskCallback,
    bot: Bot,
    bundle: Bundle,
    render: Renderer,
    renderer_for: RendererFor,
    settings: Settings,
    stores: Stores,
    user_ref: str,
    today: date,
    now: datetime,
    state: FSMContext,
    raw_state: str | None,
) -> None:
    if await _cannot_ask(callback, render, settings, stores, user_ref):  # e.g. a double tap
        return
    assert settings.staff_chat_id is not None
    # A calculator's date question left open would take the person's messages for dates.
    await leave_calculator(state, raw_state)
    ticket = await stores.tickets.open(user_ref, callback.from_user.id, render.language, today)
    name = callback.from_user.first_name if callback_data.step == "named" else None
    header = _header(
        renderer_for(settings.staff_language), bundle, ticket, name, callback_data.node
    )
    try:
        await staff.open_topic(bot, settings.staff_chat_id, stores.tickets, ticket, header)
    except TelegramAPIError as exc:
        log.error("could not open a staff topic: %s", type(exc).__name__)
        await stores.tickets.set_status(ticket.id, "closed", today)
        text = _(
            "Sorry, the caseworkers cannot be reached right now. Please try again later. "
            "If you are in danger, see the emergency numbers."
        )
        await edit(callback, render.message(text, opens=(EMERGENCY,)))
        return
    text = render.ui_format(
        "You are connected to {ngo}. Write your question here: text, voice messages, photos "
        "and documents reach the caseworkers, and their answers come to this chat.",
        ngo=html.escape(settings.staff_ngo_name),
    )
    await edit(callback, _talking(render, text + _when(render, settings, bundle, now)))


async def _cannot_ask(
    callback: CallbackQuery, render: Renderer, settings: Settings, stores: Stores, user_ref: str
) -> bool:
    """Says why a new conversation cannot start (hand-off off, or one already open)."""
    if not settings.handoff:
        await edit(callback, render.message(_("Asking a person is not available now.")))
        return True
    if await stores.tickets.current(user_ref) is not None:
        await edit(callback, _talking(render, _("You are already talking with a caseworker.")))
        return True
    return False


async def cancelled(callback: CallbackQuery, render: Renderer) -> None:
    await edit(callback, render.message(_("Nothing was sent.")))


async def end(
    callback: CallbackQuery,
    bot: Bot,
    render: Renderer,
    renderer_for: RendererFor,
    settings: Settings,
    stores: Stores,
    user_ref: str,
    today: date,
) -> None:
    ticket = await stores.tickets.current(user_ref)
    if ticket is not None:
        await stores.tickets.set_status(ticket.id, "closed", today)
        if settings.staff_chat_id is not None:
            note = renderer_for(settings.staff_language).gettext(
                "The person ended the conversation."
            )
            await staff.note(bot, settings.staff_chat_id, ticket, "🔚 " + note)
            await staff.close_topic(bot, settings.staff_chat_id, ticket)
    text = _(
        "The conversation has ended. What you write now is no longer sent to the caseworkers. "
        "You can ask again at any time."
    )
    await edit(callback, render.message(text))


class InConversation(Filter):
    """The person has a conversation with caseworkers open: gives handlers the ``ticket``."""

    async def __call__(
        self, message: Message, settings: Settings, stores: Stores, user_ref: str | None
    ) -> bool | dict[str, Any]:
        if not settings.handoff or user_ref is None:
            return False
        ticket = await stores.tickets.current(user_ref)
        return {"ticket": ticket} if ticket is not None else False


async def to_caseworkers(
    message: Message,
    ticket: Ticket,
    bundle: Bundle,
    render: Renderer,
    settings: Settings,
    stores: Stores,
    courier: Courier,
    today: date,
    now: datetime,
) -> None:
    if message.content_type not in CARRIED:
        text = _(
            "This kind of message cannot be passed on. Please write, or send a voice "
            "message, a photo or a document."
        )
        await reply(message, _talking(render, text))
        return
    await stores.tickets.enqueue(ticket, True, message.message_id, today)
    courier.wake(to_staff=True)
    if ticket.status != "waiting":  # once per turn, not for every message
        await stores.tickets.set_status(ticket.id, "waiting", today)
        text = _("Sent. A caseworker will answer here, in this chat.")
        await reply(message, _talking(render, text + _when(render, settings, bundle, now)))


def _talking(render: Renderer, text: str) -> Screen:
    """A message while the conversation is open: how to end it, and the emergency numbers,
    are always at hand."""
    screen = render.message(text, opens=(EMERGENCY,))
    end_row = (Button("🔚 " + render.gettext("End conversation"), AskPerson("end")),)
    return Screen(screen.parts, (end_row, *screen.keyboard))


def _when(render: Renderer, settings: Settings, bundle: Bundle, now: datetime) -> str:
    """Outside working hours: when to expect an answer, and where help is now."""
    hours = Hours.parse(settings.staff_hours)
    closed_day = public_holidays(bundle)

    opening = hours.next_opening(now, closed_day)
    if opening == now:
        return ""
    text = "\n\n" + render.ui_format(
        "The caseworkers work {hours} (Almaty time).", hours=hours.describe(render.language)
    )
    if opening is not None:
        text += " " + render.ui_format(
            "Expect an answer from {day}, {time}.",
            day=render.weekday_date(opening.date()),
            time=f"{opening:%H:%M}",
        )
    return text + " " + render.gettext("If you are in danger now, see the emergency numbers.")


def public_holidays(bundle: Bundle) -> Callable[[date], bool]:
    """Kazakhstan's public holidays (with rules.yaml's transfers), on whatever day they fall:
    the caseworkers' own days off are in STAFF_HOURS."""
    overrides = RuleSet.from_content(bundle.content).holidays
    calendar = holidays.country_holidays("KZ")

    def closed(day: date) -> bool:
        if day in overrides.working_days:
            return False
        return day in overrides.days_off or day in calendar

    return closed


def _header(render: Renderer, bundle: Bundle, ticket: Ticket, name: str | None, node: str) -> str:
    """The first message of the topic, in the staff group's language."""
    languages = bundle.content.languages.languages
    language = languages[ticket.language].name if ticket.language in languages else ticket.language
    reading = render.title(node) if node and render.has_node(node) else "—"
    lines = [
        render.ui_format(
            "🆕 <b>Request #{number}</b> · {language}", number=ticket.id, language=language
        ),
        render.ui_format(
            "Name: {name}", name=html.escape(name) if name else render.gettext("anonymous")
        ),
        render.ui_format("Was reading: {title}", title=reading),
        "",
        html.escape(
            render.gettext(
                "Everything you write in this topic reaches the person, except messages "
                "starting with ! (internal notes). /close ends the conversation."
            )
        ),
    ]
    return "\n".join(lines)


# --- the caseworkers -----------------------------------------------------------------------
class InStaffTopic(Filter):
    """A message in a ticket's topic of the staff group, from a caseworker (or the group
    posting anonymously): gives handlers the ``ticket``. Anything from elsewhere is not."""

    async def __call__(
        self, message: Message, settings: Settings, stores: Stores
    ) -> bool | dict[str, Any]:
        staff_chat = settings.staff_chat_id
        if staff_chat is None or message.chat.id != staff_chat or not message.is_topic_message:
            return False
        anonymous_admin = message.sender_chat is not None and message.sender_chat.id == staff_chat
        person = message.from_user is not None and not message.from_user.is_bot
        if not (anonymous_admin or person) or message.message_thread_id is None:
            return False
        ticket = await stores.tickets.by_thread(message.message_thread_id)
        return {"ticket": ticket} if ticket is not None else False


async def close(
    message: Message,
    ticket: Ticket,
    bot: Bot,
    renderer_for: RendererFor,
    settings: Settings,
    stores: Stores,
    today: date,
) -> None:
    assert settings.staff_chat_id is not None
    staff_render = renderer_for(settings.staff_language)
    if ticket.status == "closed":
        await message.reply(staff_render.gettext("This request is already closed."))
        return
    await stores.tickets.set_status(ticket.id, "closed", today)
    person = renderer_for(ticket.language)
    text = person.gettext(
        "The caseworker has closed this conversation. Thank you for writing. If you need "
        "help again, tap “Ask a person” in the main menu."
    )
    try:
        await bot.send_message(ticket.chat_id, text)
    except TelegramAPIError as exc:  # blocked: the request is closed all the same
        log.info("could not tell the person the request was closed: %s", type(exc).__name__)
    await staff.note(bot, settings.staff_chat_id, ticket, "✅ " + staff_render.gettext("Closed."))
    await staff.close_topic(bot, settings.staff_chat_id, ticket)


async def to_person(
    message: Message,
    ticket: Ticket,
    renderer_for: RendererFor,
    settings: Settings,
    stores: Stores,
    courier: Courier,
    today: date,
) -> None:
    if ticket.status == "closed":
        await message.reply(
            renderer_for(settings.staff_language).gettext(
                "This request is closed: the person did not receive this message."
            )
        )
        return
    await stores.tickets.enqueue(ticket, False, message.message_id, today)
    courier.wake(to_staff=False)
    if ticket.status != "open":
        await stores.tickets.set_status(ticket.id, "open", today)


async def edit_not_carried(message: Message, render: Renderer) -> None:
    """Telegram cannot copy an edit: say so, rather than let a correction go unseen."""
    text = _(
        "Changes to a sent message do not reach the caseworkers: send it again as a new message."
    )
    await reply(message, _talking(render, text))


async def staff_edit_not_carried(
    message: Message, renderer_for: RendererFor, settings: Settings
) -> None:
    text = renderer_for(settings.staff_language).gettext(
        "Edits do not reach the person: send the corrected text as a new message."
    )
    await message.reply(text)


def _internal_note(message: Message) -> bool:
    return (message.text or message.caption or "").startswith(staff.NOTE_PREFIX)


def person_router() -> Router:
    router = Router(name="handoff: the person")
    router.callback_query.register(consent, AskCallback.filter(F.step == "consent"))
    router.callback_query.register(begin, AskCallback.filter(F.step.in_({"named", "anonymous"})))
    router.callback_query.register(cancelled, AskCallback.filter(F.step == "cancel"))
    router.callback_query.register(end, AskCallback.filter(F.step == "end"))
    # Commands keep working during a conversation; everything else goes to the caseworkers.
    router.message.register(to_caseworkers, ~F.text.startswith("/"), InConversation())
    router.edited_message.register(edit_not_carried, InConversation())
    return router


def staff_router() -> Router:
    router = Router(name="handoff: the caseworkers")
    router.message.register(close, Command("close"), InStaffTopic())
    router.message.register(
        to_person,
        InStaffTopic(),
        F.content_type.in_(CARRIED),
        ~F.func(_internal_note),
        ~F.text.startswith("/"),
    )
    router.edited_message.register(staff_edit_not_carried, InStaffTopic(), ~F.func(_internal_note))
    return router
