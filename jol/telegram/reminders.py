"""Sends reminders when they are due: at start (those that fell due while the bot was down,
if still useful) and then every half minute, paced under Telegram's limits."""

from __future__ import annotations

import asyncio
import logging
from collections.abc import Awaitable, Callable
from datetime import UTC, date, datetime, timedelta

from aiogram import Bot
from aiogram.exceptions import (
    TelegramAPIError,
    TelegramForbiddenError,
    TelegramNetworkError,
    TelegramRetryAfter,
    TelegramServerError,
)
from aiogram.utils.i18n import I18n

from jol import alerts
from jol.calc import screens
from jol.clock import ALMATY, Clock
from jol.library import Library
from jol.render import Screen
from jol.storage.reminders import NewReminder, Reminder
from jol.storage.stores import Stores
from jol.telegram.middlewares import make_renderer
from jol.telegram.show import send

log = logging.getLogger(__name__)

INTERVAL = 30.0  # seconds between looks for due reminders
BATCH = 100
# Telegram allows about 30 messages a second overall; 429s are still retried (RetryMiddleware).
PACE = 1 / 25
RETRY_LATER = timedelta(minutes=10)

Compose = Callable[[Reminder, str | None], Screen]  # the reminder, the person's language


async def deliver_due(
    bot: Bot,
    stores: Stores,
    compose: Compose,
    now: datetime,
    today: date,
    sleep: Callable[[float], Awaitable[None]] = asyncio.sleep,
) -> int:
    """Sends what is due now; returns how many reminders were taken (sent or dropped)."""
    due = await stores.reminders.due(now, BATCH)
    log.debug("reminder round: %d due", len(due))
    for reminder in due:
        if not await stores.reminders.claim(reminder):
            continue  # another instance took it
        if reminder.useful_until < today:
            log.info("dropped a reminder that fell due while the bot was down: too late")
            continue
        if await stores.profiles.blocked(reminder.user_ref):
            await _stop_everything(stores, reminder.user_ref)
            continue
        chosen = await stores.profiles.language(reminder.user_ref)
        screen = compose(reminder, chosen or str(reminder.payload.get("language", "")) or None)
        try:
            await send(bot, reminder.chat_id, screen)
        except TelegramForbiddenError:  # they blocked the bot: nothing more goes to them
            await _stop_everything(stores, reminder.user_ref)
        except (TelegramNetworkError, TelegramServerError, TelegramRetryAfter) as exc:
            # Telegram unreachable even after the retries: try again later while it helps.
            log.warning("a reminder could not be sent, trying later: %s", type(exc).__name__)
            again = NewReminder(
                due=now + RETRY_LATER,
                useful_until=reminder.useful_until,
                kind=reminder.kind,
                payload=reminder.payload,
            )
            await stores.reminders.add(reminder.user_ref, reminder.chat_id, [again])
        except TelegramAPIError as exc:
            log.warning("a reminder could not be sent: %s", type(exc).__name__)
        await sleep(PACE)
    return len(due)


async def _stop_everything(stores: Stores, user_ref: str) -> None:
    """Someone who blocked the bot gets no more reminders and no more alerts."""
    await stores.reminders.cancel(user_ref)
    await stores.subscriptions.unsubscribe(user_ref)


def composer(
    library: Library, i18n: I18n, username: str | None, today: Callable[[], date]
) -> Compose:
    """A reminder as a screen in the person's current language, from the current content."""

    def compose(reminder: Reminder, language: str | None) -> Screen:
        bundle = library.current
        if language not in bundle.content.languages.languages:
            language = i18n.default_locale
        day = today()
        render = make_renderer(bundle, i18n, language or i18n.default_locale, day, username)
        payload = reminder.payload
        if reminder.kind == alerts.ALERT:  # a topic's information changed
            return alerts.alert(render, str(payload.get("topic", "")), str(payload.get("node", "")))
        deadline = date.fromisoformat(str(payload.get("deadline")))
        what, node = str(payload.get("what", "")), str(payload.get("node", ""))
        return screens.reminder(render, what, deadline, node, day)

    return compose


async def deliver_forever(bot: Bot, stores: Stores, compose: Compose, clock: Clock) -> None:
    while True:
        try:
            while True:
                moment = clock()
                today = moment.astimezone(ALMATY).date()
                if await deliver_due(bot, stores, compose, moment.astimezone(UTC), today) < BATCH:
                    break  # else a backlog (after downtime): keep going
        except Exception as exc:  # a failing round must not stop reminders for good
            log.error("reminder delivery failed, trying again later: %s", type(exc).__name__)
        await asyncio.sleep(INTERVAL)
