"""People's names, phone numbers, passport numbers, Telegram ids and words never reach the
logs — through any handler, any error path, at DEBUG level, in text or JSON."""

from __future__ import annotations

import io
import logging
from collections.abc import Iterator
from datetime import UTC, datetime

import pytest
from aiogram.types import Contact, Message, User

from jol import logs
from tests.harness import JolTestBot

NAME = "Zulfiyaxonim"
PHONE = "+77017654321"
PASSPORT = "FA9876543"
USER_ID = 987_650_123
WORDS = "my boss took my passport"
MARKERS = [NAME, PHONE, PASSPORT, str(USER_ID), WORDS, "Zulfiya"]


@pytest.fixture(params=["text", "json"])
def captured(request: pytest.FixtureRequest) -> Iterator[io.StringIO]:
    stream = io.StringIO()
    handler = logs.handler(stream, request.param)
    root = logging.getLogger()
    previous = root.level
    root.addHandler(handler)
    root.setLevel(logging.DEBUG)
    for name in logs.QUIET:
        logging.getLogger(name).setLevel(logging.WARNING)
    yield stream
    root.removeHandler(handler)
    root.setLevel(previous)


async def test_every_handler_and_error_path_logs_nothing_about_the_person(
    jol: JolTestBot, captured: io.StringIO
) -> None:
    user = jol.user(user_id=USER_ID, language_code="ru")
    user.user = User(
        id=USER_ID,
        is_bot=False,
        first_name=NAME,
        last_name="Zulfiya",
        username=NAME.lower(),
        language_code="ru",
    )
    for text in [
        "/start",
        f"{WORDS} {PASSPORT} call {PHONE}",
        "/help",
        "/privacy",
        "/language",
        "/menu",
        f"/start {PASSPORT}",
        "/nonsense " + NAME,
        "/forget",
    ]:
        await user.send(text)
    await jol.feed(
        message=Message(
            message_id=9,
            date=datetime.now(UTC),
            chat=user.chat,
            from_user=user.user,
            contact=Contact(phone_number=PHONE, first_name=NAME),
        )
    )
    await user.press_data(f"n:{PASSPORT.lower()}")  # a forged button
    await user.press_data(f"{NAME}:{PHONE}")  # garbage
    jol.session.fail_next("SendMessage", times=50)  # Telegram down while answering
    await user.send(f"{WORDS} again")
    jol.session.fail_next("EditMessageText", times=50)
    await user.press_data("n:registration")
    log = captured.getvalue()
    assert "handler failed" in log, "the error paths really ran"
    for marker in MARKERS:
        assert marker.lower() not in log.lower(), f"{marker!r} leaked into the log"


def test_an_exception_passed_as_a_log_argument_is_redacted(captured: io.StringIO) -> None:
    # aiogram's polling loop: "Failed to fetch updates - %s: %s", type(e).__name__, e — where a
    # decoding error's text is the whole getUpdates answer, names and messages included.
    leaked = ValueError(f'Content: {{"first_name": "{NAME}", "text": "{WORDS}"}}')
    logging.getLogger("aiogram.dispatcher").error(
        "Failed to fetch updates - %s: %s", "ClientDecodeError", leaked
    )
    log = captured.getvalue()
    assert "Failed to fetch updates - ClientDecodeError: ValueError (details redacted)" in log
    assert NAME not in log and WORDS not in log
