"""The staff group: a forum supergroup where each ticket has its own topic, named by ticket
number and language only, never by the person's name."""

from __future__ import annotations

import logging

from aiogram import Bot
from aiogram.exceptions import TelegramAPIError
from aiogram.types import ChatMemberAdministrator

from jol.storage.stores import TicketStore
from jol.storage.tickets import Ticket

log = logging.getLogger(__name__)
NOTE_PREFIX = "!"  # a caseworker's message starting with it stays in the group


async def problem(bot: Bot, staff_chat_id: int) -> str | None:
    """What keeps the staff group from working, or None: Jol must be an admin there that may
    manage topics (one per request) and delete messages (/forget deletes a person's topic)."""
    try:
        member = await bot.get_chat_member(staff_chat_id, bot.id)
    except TelegramAPIError as exc:
        return f"the staff group cannot be reached ({type(exc).__name__}): is Jol a member?"
    if not isinstance(member, ChatMemberAdministrator):
        return "Jol is not an admin of the staff group"
    missing = [
        right
        for right, granted in (
            ("Manage topics", member.can_manage_topics),
            ("Delete messages", member.can_delete_messages),
        )
        if not granted
    ]
    return (
        f"Jol lacks these admin rights in the staff group: {', '.join(missing)}"
        if missing
        else None
    )


def topic_name(ticket: Ticket) -> str:
    return f"#{ticket.id} · {ticket.language}"


async def open_topic(
    bot: Bot, staff_chat_id: int, tickets: TicketStore, ticket: Ticket, header: str
) -> int:
    """Makes the ticket's topic and posts ``header`` in it; returns the topic's thread id."""
    topic = await bot.create_forum_topic(staff_chat_id, topic_name(ticket))
    await tickets.set_thread(ticket.id, topic.message_thread_id)
    await bot.send_message(staff_chat_id, header, message_thread_id=topic.message_thread_id)
    return topic.message_thread_id


async def note(bot: Bot, staff_chat_id: int, ticket: Ticket, text: str) -> None:
    """A line from Jol in the ticket's topic; a failure is logged, never the person's problem."""
    if ticket.thread_id is None:
        return
    try:
        await bot.send_message(staff_chat_id, text, message_thread_id=ticket.thread_id)
    except TelegramAPIError as exc:
        log.warning("could not write in the staff topic: %s", type(exc).__name__)


async def close_topic(bot: Bot, staff_chat_id: int, ticket: Ticket) -> None:
    if ticket.thread_id is None:
        return
    try:
        await bot.close_forum_topic(staff_chat_id, ticket.thread_id)
    except TelegramAPIError as exc:  # already closed, or deleted by a caseworker
        log.info("could not close the staff topic: %s", type(exc).__name__)


async def delete_topics(bot: Bot, staff_chat_id: int, tickets: TicketStore, user_ref: str) -> None:
    """/forget: the person's topics go from the staff group, with every message in them."""
    for ticket in await tickets.of_user(user_ref):
        if ticket.thread_id is None:
            continue
        try:
            await bot.delete_forum_topic(staff_chat_id, ticket.thread_id)
        except TelegramAPIError as exc:  # deleted already; the ticket row goes anyway
            log.warning("could not delete a staff topic: %s", type(exc).__name__)
