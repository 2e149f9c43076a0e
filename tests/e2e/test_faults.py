"""bot.py against a Bot API server that throttles, fails, drops connections and times out:
every user still gets every answer, and the only duplicate is the documented one (a message
whose answer timed out after it landed is sent again)."""

from __future__ import annotations

import asyncio

from tests.e2e.conftest import BotProcess
from tests.e2e.fake_bot_api import FakeBotAPI, FakeUser


async def test_every_answer_arrives_through_429s_500s_and_dropped_connections(
    api: FakeBotAPI, bot: BotProcess
) -> None:
    user = FakeUser(id=555001, first_name="Aziz", language_code="en")
    api.inject("sendMessage", "429", retry_after=1)
    api.inject("sendMessage", "500", times=2)
    api.user_sends(user, "/start")
    menu = await api.wait_for_reply(user.id, timeout=20)
    assert menu.plain_text.startswith("Welcome to the test bot.")

    api.inject("editMessageText", "drop")
    api.inject("answerCallbackQuery", "500")
    api.user_presses_button(user, "Registration")
    screen = await api.wait_for_reply(user.id, timeout=20)
    assert screen.plain_text.startswith("Registration")

    api.inject("answerCallbackQuery", "drop")
    api.inject("editMessageText", "429", retry_after=1)
    api.user_presses_button(user, "Where to register")
    screen = await api.wait_for_reply(user.id, timeout=20)
    assert screen.plain_text.startswith("Where to register")

    await api.wait_for(lambda: not api.unanswered_callbacks(), timeout=20)
    assert len(api.messages(user.id)) == 1, "no duplicate messages: every tap edited the menu"
    assert sorted(set(api.faults_applied)) == sorted(
        {
            ("sendMessage", "429"),
            ("sendMessage", "500"),
            ("editMessageText", "drop"),
            ("answerCallbackQuery", "500"),
            ("answerCallbackQuery", "drop"),
            ("editMessageText", "429"),
        }
    )
    assert api.errors() == [], api.summary()


async def test_a_reply_that_timed_out_after_landing_is_sent_again_once(
    api: FakeBotAPI, bot: BotProcess
) -> None:
    user = FakeUser(id=555002, first_name="Bahrom", language_code="en")
    api.inject("sendMessage", "timeout", delay=3)  # longer than REQUEST_TIMEOUT=2
    api.user_sends(user, "hello")
    await api.wait_for(lambda: len(api.messages(user.id)) == 2, timeout=20)
    first, second = [m.plain_text for m in api.messages(user.id)]
    assert first == second, "the documented duplicate"
    await asyncio.sleep(1)
    assert len(api.messages(user.id)) == 2, "retried once, not more"


async def test_sigterm_lets_a_running_answer_finish_and_the_restart_repeats_nothing(
    api: FakeBotAPI, bot: BotProcess
) -> None:
    user = FakeUser(id=555003, first_name="Dilshod", language_code="en")
    api.inject("sendMessage", "slow", delay=1.2)  # under REQUEST_TIMEOUT: no retry
    api.user_sends(user, "/start")
    await api.wait_for(lambda: api.faults_pending == 0, timeout=10)  # the slow send has begun
    assert await bot.stop() == 0
    assert [m.plain_text.split(".")[0] for m in api.messages(user.id)] == [
        "Welcome to the test bot"
    ]

    await bot.start()
    other = FakeUser(id=555004, first_name="Ekaterina", language_code="en")
    api.user_sends(other, "/start")
    await api.wait_for_reply(other.id)
    assert len(api.messages(user.id)) == 1, "the handled /start was not delivered again"
    assert api.errors() == [], api.summary()
