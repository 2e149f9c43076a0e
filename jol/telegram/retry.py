"""Outgoing Bot API calls that survive Telegram's throttling and a bad network.

aiogram raises on the first failure; this request middleware retries as Telegram asks:
- 429: wait ``retry_after``, then again;
- 5xx and connection errors (the request never reached Telegram): back off and retry;
- a timeout (the request may have landed; the Bot API has no idempotency key): retry once —
  a rare duplicate answer beats a lost one;
- 403 (the user blocked the bot): no retry; the user is marked blocked so nothing more is
  sent to them until they write again.
Long polling (getUpdates) has its own back-off in aiogram and is left alone.
"""

from __future__ import annotations

import asyncio
import logging
from collections.abc import Awaitable, Callable
from dataclasses import dataclass
from typing import Any

import aiohttp
from aiogram import Bot
from aiogram.client.session.middlewares.base import (
    BaseRequestMiddleware,
    NextRequestMiddlewareType,
)
from aiogram.exceptions import (
    TelegramBadRequest,
    TelegramForbiddenError,
    TelegramNetworkError,
    TelegramRetryAfter,
    TelegramServerError,
)
from aiogram.methods import GetUpdates, Response, TelegramMethod
from aiogram.types import CallbackQuery
from aiogram.utils.callback_answer import CallbackAnswer, CallbackAnswerMiddleware

log = logging.getLogger(__name__)

OnBlocked = Callable[[int], Awaitable[None]]  # chat id


@dataclass(frozen=True)
class RetryPolicy:
    attempts: int = 5  # in all, for 5xx and connection errors
    backoff: float = 1.0  # seconds before the second attempt; doubles each time
    max_wait: float = 60.0  # longest single wait, also for a 429's retry_after
    flood_attempts: int = 20  # 429s in a row before giving up (a stuck flood limit)


class RetryMiddleware(BaseRequestMiddleware):
    def __init__(
        self,
        policy: RetryPolicy,
        on_blocked: OnBlocked | None = None,
        sleep: Callable[[float], Awaitable[None]] = asyncio.sleep,
    ) -> None:
        self.policy = policy
        self.on_blocked = on_blocked
        self.sleep = sleep

    async def __call__(
        self,
        make_request: NextRequestMiddlewareType[Any],
        bot: Bot,
        method: TelegramMethod[Any],
    ) -> Response[Any]:
        if isinstance(method, GetUpdates):
            return await make_request(bot, method)
        failures = floods = 0
        timed_out = False
        while True:
            try:
                return await make_request(bot, method)
            except TelegramRetryAfter as exc:
                floods += 1
                if floods >= self.policy.flood_attempts:
                    raise
                wait = min(float(exc.retry_after), self.policy.max_wait)
                log.warning("429 on %s: waiting %.1f s", method.__api_method__, wait)
                await self.sleep(wait)
            except TelegramForbiddenError:
                chat_id = getattr(method, "chat_id", None)
                if self.on_blocked is not None and isinstance(chat_id, int):
                    await self.on_blocked(chat_id)
                raise
            except (TelegramServerError, TelegramNetworkError) as exc:
                maybe_landed = _timed_out(exc)
                if maybe_landed and timed_out:
                    raise  # one retry after a timeout, no more: it may already have landed
                timed_out = timed_out or maybe_landed
                failures += 1
                if failures >= self.policy.attempts:
                    raise
                wait = min(self.policy.backoff * 2 ** (failures - 1), self.policy.max_wait)
                log.warning(
                    "%s on %s: retry %d in %.1f s",
                    type(exc).__name__,
                    method.__api_method__,
                    failures,
                    wait,
                )
                await self.sleep(wait)


def _timed_out(exc: Exception) -> bool:
    """Whether the request may have reached Telegram: a timeout, or a connection dropped
    after it was sent (aiogram wraps both in TelegramNetworkError). A refused connection or
    a 5xx answer means it did not."""
    cause = exc.__cause__
    return isinstance(exc, TelegramNetworkError) and isinstance(
        cause, asyncio.TimeoutError | aiohttp.ServerDisconnectedError
    )


class CallbackAnswers(CallbackAnswerMiddleware):
    """aiogram's automatic callback answer, tolerant of a query Telegram already considers
    answered: after a timed-out answer is retried, or for a query older than Telegram keeps.
    A spinner that already stopped is no reason to fail the user's update."""

    async def answer(self, event: CallbackQuery, callback_answer: CallbackAnswer) -> None:  # type: ignore[override]
        try:
            await super().answer(event, callback_answer)
        except TelegramBadRequest as exc:
            if "query is too old" not in exc.message and "query ID is invalid" not in exc.message:
                raise
            log.info("callback query already answered or expired")
