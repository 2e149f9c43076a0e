"""Sending survives Telegram's throttling and a bad network; answers are never dropped."""

from __future__ import annotations

from typing import Any

import aiohttp
import pytest
from aiogram import Bot
from aiogram.exceptions import (
    TelegramForbiddenError,
    TelegramNetworkError,
    TelegramRetryAfter,
    TelegramServerError,
)
from aiogram.methods import GetUpdates, SendMessage, TelegramMethod

from jol.telegram.retry import RetryMiddleware, RetryPolicy
from tests.harness import RecordingSession


class FlakySession(RecordingSession):
    """Fails the next calls with the given errors, then behaves like Telegram."""

    def __init__(self, *failures: Any) -> None:
        super().__init__()
        self.failures = list(failures)
        self.attempts = 0

    async def make_request(
        self, bot: Bot, method: TelegramMethod[Any], timeout: int | None = None
    ) -> Any:
        self.attempts += 1
        if self.failures:
            failure = self.failures.pop(0)
            raise failure(method)
        return await super().make_request(bot, method, timeout)


def too_many(retry_after: int):
    return lambda method: TelegramRetryAfter(method, "Too Many Requests", retry_after)


def server_error(method):
    return TelegramServerError(method, "Internal Server Error")


def refused(method):
    error = TelegramNetworkError(method, "ClientConnectorError")
    error.__cause__ = aiohttp.ClientConnectionError("refused")
    return error


def timed_out(method):
    error = TelegramNetworkError(method, "Request timeout error")
    error.__cause__ = TimeoutError()
    return error


def blocked(method):
    return TelegramForbiddenError(method, "Forbidden: bot was blocked by the user")


async def _send(
    *failures: Any, on_blocked=None, method=None
) -> tuple[FlakySession, list[float], Any]:
    session = FlakySession(*failures)
    waits: list[float] = []

    async def sleep(seconds: float) -> None:
        waits.append(seconds)

    session.middleware(
        RetryMiddleware(RetryPolicy(attempts=4, backoff=1.0, max_wait=30), on_blocked, sleep)
    )
    bot = Bot("42:TEST-TOKEN-aaaaaaaaaaaaaaaaaaaaaaaaaaaaaa", session=session)
    try:
        result = await bot(method or SendMessage(chat_id=7, text="answer"))
    except Exception as exc:  # the test inspects it
        result = exc
    return session, waits, result


async def test_telegram_asks_to_slow_down_and_the_answer_is_sent_after_waiting() -> None:
    session, waits, result = await _send(too_many(3), too_many(5))
    assert waits == [3.0, 5.0]
    assert result.text == "answer" and session.attempts == 3


async def test_a_very_long_retry_after_is_capped() -> None:
    _, waits, _ = await _send(too_many(600))
    assert waits == [30.0]


async def test_server_errors_are_retried_with_growing_pauses() -> None:
    session, waits, result = await _send(server_error, server_error, refused)
    assert waits == [1.0, 2.0, 4.0]
    assert result.text == "answer" and session.attempts == 4


async def test_a_lasting_outage_ends_with_the_error_after_the_attempts() -> None:
    session, _, result = await _send(*[server_error] * 10)
    assert isinstance(result, TelegramServerError) and session.attempts == 4


async def test_after_a_timeout_the_call_is_repeated_once_only() -> None:
    session, _, result = await _send(timed_out)
    assert result.text == "answer" and session.attempts == 2
    session, _, result = await _send(timed_out, timed_out)
    assert isinstance(result, TelegramNetworkError) and session.attempts == 2


async def test_a_user_who_blocked_the_bot_is_marked_and_not_retried() -> None:
    marked: list[int] = []

    async def on_blocked(chat_id: int) -> None:
        marked.append(chat_id)

    session, waits, result = await _send(blocked, on_blocked=on_blocked)
    assert isinstance(result, TelegramForbiddenError)
    assert marked == [7] and session.attempts == 1 and waits == []


async def test_long_polling_keeps_aiogram_s_own_back_off() -> None:
    session, waits, result = await _send(server_error, method=GetUpdates(timeout=0))
    assert isinstance(result, TelegramServerError) and session.attempts == 1 and waits == []


@pytest.mark.parametrize("failure", [server_error, refused])
async def test_every_kind_of_transient_failure_still_delivers(failure) -> None:
    _, _, result = await _send(failure)
    assert result.text == "answer"
