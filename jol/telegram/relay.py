"""Carries messages between a person's chat and their topic in the staff group, in order and
within Telegram's limits (about 20 messages a minute into one group).

Relays are queued in the store, not in memory: a restart resumes where it stopped. Telegram
copies each message (``copyMessage``), so Jol never downloads or stores a body. A relay is
removed after it was carried: a crash in between sends it twice rather than losing it.
"""

from __future__ import annotations

import asyncio
import contextlib
import logging
import time
from collections.abc import Awaitable, Callable
from datetime import date
from enum import Enum

from aiogram import Bot
from aiogram.exceptions import (
    TelegramAPIError,
    TelegramBadRequest,
    TelegramForbiddenError,
    TelegramNetworkError,
    TelegramRetryAfter,
    TelegramServerError,
)

from jol.i18n.ui import _n
from jol.storage.stores import TicketStore
from jol.storage.tickets import Relay, Ticket
from jol.telegram import staff

log = logging.getLogger(__name__)

BATCH = 20
IDLE = 1.0  # seconds between looks when nobody woke the loop (another instance queued)
RETRY_LATER = 5.0  # Telegram unreachable: try the same relay again after this
PERSON_GAP = 0.05  # between messages to people (Telegram: about 30 a second overall)
MAX_TRIES = 5  # an unforeseen error on one relay: tried this often, then dropped


class _Outcome(Enum):
    CARRIED = "carried"
    DROPPED = "dropped"  # can never be carried (erased ticket, message deleted): forget it
    AGAIN = "again"  # carry it again now (a topic was made anew)
    LATER = "later"  # Telegram unreachable: wait, then again


StaffText = Callable[[str], str]  # a UI text in the staff group's language


class Courier:
    def __init__(
        self,
        bot: Bot,
        tickets: TicketStore,
        staff_chat_id: int,
        per_minute: int,
        staff_text: StaffText,
        today: Callable[[], date],
        may_run: Callable[[], Awaitable[bool]] | None = None,
    ) -> None:
        self.bot = bot
        self.tickets = tickets
        self.staff_chat_id = staff_chat_id
        self.staff_text = staff_text
        self.today = today
        # With several instances only the one holding the lock carries, so order is kept.
        self.may_run = may_run
        self._gap = {True: 60.0 / per_minute, False: PERSON_GAP}
        self._woken = {True: asyncio.Event(), False: asyncio.Event()}
        self._failures: dict[int, int] = {}  # relay id -> failed attempts (unforeseen errors)

    def wake(self, to_staff: bool) -> None:
        self._woken[to_staff].set()

    async def run_forever(self) -> None:
        await asyncio.gather(self._loop(to_staff=True), self._loop(to_staff=False))

    async def _loop(self, to_staff: bool) -> None:
        last_sent = 0.0
        while True:
            self._woken[to_staff].clear()
            relays = await self._pending(to_staff)
            for relay in relays:
                await asyncio.sleep(max(0.0, last_sent + self._gap[to_staff] - time.monotonic()))
                if self.may_run is not None and not await self._may_run():
                    break  # another instance took over: it carries the rest, in order
                outcome = await self._carry_safely(relay)
                last_sent = time.monotonic()
                if outcome is _Outcome.AGAIN:
                    break
                if outcome is _Outcome.LATER:
                    await asyncio.sleep(RETRY_LATER)
                    break
                await self._done(relay)
            if not relays:
                with contextlib.suppress(TimeoutError):
                    await asyncio.wait_for(self._woken[to_staff].wait(), IDLE)

    async def _pending(self, to_staff: bool) -> list[Relay]:
        try:
            if self.may_run is not None and not await self._may_run():
                return []
            return await self.tickets.pending(to_staff, BATCH)
        except Exception as exc:  # a busy store must not stop the relay for good
            log.error("relay queue unreadable, trying again: %s", type(exc).__name__)
            await asyncio.sleep(RETRY_LATER)
            return []

    async def _may_run(self) -> bool:
        assert self.may_run is not None
        try:
            return await self.may_run()
        except Exception as exc:
            log.error("relay lock unreachable: %s", type(exc).__name__)
            return False

    async def _carry_safely(self, relay: Relay) -> _Outcome:
        """Whatever goes wrong with one relay, the loop goes on; a relay that fails for an
        unforeseen reason is tried a few times, then dropped (and logged), so that one bad
        row cannot stop every conversation."""
        try:
            return await self._carry(relay)
        except Exception as exc:
            tries = self._failures[relay.id] = self._failures.get(relay.id, 0) + 1
            log.error("a relay failed (%s), attempt %d", type(exc).__name__, tries)
            return _Outcome.DROPPED if tries >= MAX_TRIES else _Outcome.LATER

    async def _done(self, relay: Relay) -> None:
        self._failures.pop(relay.id, None)
        try:
            await self.tickets.done(relay)
        except Exception as exc:  # carried already; at worst it is carried once more
            log.error("a carried relay could not be removed: %s", type(exc).__name__)

    async def _carry(self, relay: Relay) -> _Outcome:
        ticket = await self.tickets.by_id(relay.ticket_id)
        if ticket is None:  # erased (/forget) or expired
            return _Outcome.DROPPED
        try:
            if relay.to_staff:
                await self._to_staff(ticket, relay.message_id)
            else:
                await self.bot.copy_message(ticket.chat_id, self.staff_chat_id, relay.message_id)
        except TelegramForbiddenError:
            if relay.to_staff:  # Jol was removed from the staff group: keep the messages
                log.error("cannot write in the staff group: is Jol still an admin there?")
                return _Outcome.LATER
            await self._person_gone(ticket)
            return _Outcome.DROPPED
        except TelegramBadRequest as exc:
            if relay.to_staff and "thread not found" in exc.message:
                return await self._new_topic_or_later(ticket)  # a caseworker deleted it
            log.warning("a message could not be carried (Telegram said 400)")
            return _Outcome.DROPPED
        except (TelegramNetworkError, TelegramServerError, TelegramRetryAfter) as exc:
            log.warning("Telegram unreachable, relay waits: %s", type(exc).__name__)
            return _Outcome.LATER
        return _Outcome.CARRIED

    async def _to_staff(self, ticket: Ticket, message_id: int) -> None:
        thread_id = ticket.thread_id or await self._new_topic(ticket)
        await self.bot.copy_message(
            self.staff_chat_id, ticket.chat_id, message_id, message_thread_id=thread_id
        )

    async def _new_topic_or_later(self, ticket: Ticket) -> _Outcome:
        try:
            await self._new_topic(ticket)
        except TelegramAPIError as exc:  # e.g. Jol lost the right to manage topics
            log.error("could not make a new staff topic: %s", type(exc).__name__)
            return _Outcome.LATER
        return _Outcome.AGAIN

    async def _new_topic(self, ticket: Ticket) -> int:
        header = self.staff_text(
            _n("This request's topic could not be used (deleted?); its messages continue here.")
        )
        return await staff.open_topic(self.bot, self.staff_chat_id, self.tickets, ticket, header)

    async def _person_gone(self, ticket: Ticket) -> None:
        if ticket.status == "closed":  # said once, not for every message still queued
            return
        await self.tickets.set_status(ticket.id, "closed", self.today())
        text = self.staff_text(_n("Not delivered: the person has blocked Jol. Request closed."))
        await staff.note(self.bot, self.staff_chat_id, ticket, text)
        await staff.close_topic(self.bot, self.staff_chat_id, ticket)
