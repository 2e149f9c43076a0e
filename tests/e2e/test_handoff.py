"""A person asks a person: the real bot.py against the local Bot API server, with a forum
staff group where each person gets their own topic."""

from __future__ import annotations

from collections.abc import AsyncIterator
from datetime import datetime, timedelta
from pathlib import Path

import pytest

from jol.clock import ALMATY
from tests.e2e.conftest import BotProcess
from tests.e2e.fake_bot_api import FakeBotAPI, FakeTopic, FakeUser, SentMessage
from tests.paths import ROOT

STAFF = -1001987654321
OUTSIDER_GROUP = -1002000000001
ALWAYS_OPEN = "Mon-Sun 00:00-23:59"
ENV = {
    "STAFF_CHAT_ID": str(STAFF),
    "STAFF_NGO_NAME": "Sana Sezim",
    "STAFF_HOURS": ALWAYS_OPEN,
    "STAFF_LANGUAGE": "en",
    "STAFF_RATE": "600",
}
WORKER = FakeUser(id=9001, first_name="Dana", language_code="ru")


@pytest.fixture
async def jol(api: FakeBotAPI, tmp_path: Path) -> AsyncIterator[BotProcess]:
    api.add_forum_group(STAFF, "Caseworkers", admins=[WORKER])
    process = BotProcess(api, tmp_path, content=ROOT / "content", env=ENV)
    await process.start()
    yield process
    if process.process is not None:
        await process.stop()


async def arrives(
    api: FakeBotAPI, chat_id: int, text: str, thread: int | None = None
) -> SentMessage:
    """The message with this text, once it is in the chat (or topic)."""

    def found() -> list[SentMessage]:
        return [m for m in api.messages(chat_id, thread) if m.plain_text.startswith(text)]

    await api.wait_for(lambda: bool(found()))
    return found()[-1]


async def consent_and_connect(
    api: FakeBotAPI, user: FakeUser, *, name: bool = False
) -> SentMessage:
    """From "🙋 Ask a person" (on the newest screen that has it): consent; returns the
    "connected" message."""
    api.user_presses_button(user, "🙋 Ask a person")
    consent = await arrives(api, user.id, "Ask a person")
    assert "caseworkers of Sana Sezim" in consent.plain_text
    api.user_presses_button(user, "Yes, show my first name" if name else "No, stay anonymous")
    return await arrives(api, user.id, "You are connected to Sana Sezim.")


async def ask_a_person(api: FakeBotAPI, user: FakeUser, *, name: bool = False) -> int:
    """The person opens the menu, asks, consents; returns the topic's thread id."""
    api.user_sends(user, "/start")
    await api.wait_for_reply(user.id)
    await consent_and_connect(api, user, name=name)
    await api.wait_for(lambda: len(api.topics(STAFF)) == 1)
    return api.topics(STAFF)[0].message_thread_id


async def test_a_person_asks_and_a_caseworker_answers_in_their_topic(
    jol: BotProcess, api: FakeBotAPI
) -> None:
    user = FakeUser(id=5001, first_name="Aziz", language_code="en")
    thread = await ask_a_person(api, user)
    topic = api.topic(STAFF, thread)
    assert topic.name == "#1 · en"  # number and language, never the name
    header = api.messages(STAFF, thread)[0].plain_text
    assert "Request #1 · English" in header and "Name: anonymous" in header
    assert "Aziz" not in header

    api.user_sends(user, "My employer has not paid me for three months")
    await arrives(api, STAFF, "My employer has not paid me for three months", thread)
    await arrives(api, user.id, "Sent. A caseworker will answer here")

    api.staff_sends(WORKER, STAFF, thread, "Hello! Do you have a written contract?")
    await arrives(api, user.id, "Hello! Do you have a written contract?")


async def test_the_topic_shows_the_first_name_only_when_chosen_and_what_was_read(
    jol: BotProcess, api: FakeBotAPI
) -> None:
    user = FakeUser(id=5002, first_name="Aziz", language_code="en")
    api.user_sends(user, "/start")
    await api.wait_for_reply(user.id)
    api.user_presses_button(user, "Emergency")
    await api.wait_for_reply(user.id)
    await consent_and_connect(api, user, name=True)
    await api.wait_for(lambda: len(api.topics(STAFF)) == 1)
    thread = api.topics(STAFF)[0].message_thread_id
    await api.wait_for(lambda: bool(api.messages(STAFF, thread)))
    header = api.messages(STAFF, thread)[0].plain_text
    assert "Name: Aziz" in header
    assert "Was reading: Emergency" in header


async def test_photos_voice_and_documents_go_both_ways(jol: BotProcess, api: FakeBotAPI) -> None:
    user = FakeUser(id=5003, first_name="Aziz", language_code="en")
    thread = await ask_a_person(api, user)
    api.user_sends_photo(user, caption="my work permit")
    await api.wait_for(lambda: api.messages(STAFF, thread)[-1].kind == "photo")
    assert api.messages(STAFF, thread)[-1].caption == "my work permit"
    api.user_sends_voice(user)
    await api.wait_for(lambda: api.messages(STAFF, thread)[-1].kind == "voice")

    api.staff_sends_document(WORKER, STAFF, thread, file_name="claim-template.docx")
    document = await api.wait_for_reply(user.id)
    assert document.kind == "document"


async def test_internal_notes_stay_in_the_staff_group(jol: BotProcess, api: FakeBotAPI) -> None:
    user = FakeUser(id=5004, first_name="Aziz", language_code="en")
    thread = await ask_a_person(api, user)
    before = len(api.messages(user.id))
    api.staff_sends(WORKER, STAFF, thread, "! check the labour inspection contact first")
    api.staff_sends(WORKER, STAFF, thread, "We will call the labour inspection.")
    await arrives(api, user.id, "We will call the labour inspection.")
    assert len(api.messages(user.id)) == before + 1


async def test_while_talking_free_text_goes_to_caseworkers_and_menus_still_work(
    jol: BotProcess, api: FakeBotAPI
) -> None:
    user = FakeUser(id=5005, first_name="Aziz", language_code="en")
    thread = await ask_a_person(api, user)
    api.user_sends(user, "/menu")
    menu = await api.wait_for_reply(user.id)
    assert "🏠" not in menu.plain_text and menu.buttons  # the main menu, not relayed
    api.user_sends(user, "registration how many days")  # would be a search otherwise
    await arrives(api, STAFF, "registration how many days", thread)


async def test_closing_in_the_topic_tells_the_person_and_ends_the_relay(
    jol: BotProcess, api: FakeBotAPI
) -> None:
    user = FakeUser(id=5006, first_name="Aziz", language_code="en")
    thread = await ask_a_person(api, user)
    api.staff_sends(WORKER, STAFF, thread, "/close")
    await arrives(api, user.id, "The caseworker has closed this conversation.")
    await api.wait_for(lambda: api.topic(STAFF, thread).closed)
    api.user_sends(user, "employer took my passport")
    searched = await api.wait_for_reply(user.id)
    assert searched.plain_text == "This may answer your question:"  # search again


async def test_the_person_can_end_the_conversation(jol: BotProcess, api: FakeBotAPI) -> None:
    user = FakeUser(id=5007, first_name="Aziz", language_code="en")
    thread = await ask_a_person(api, user)
    api.user_presses_button(user, "🔚 End conversation")
    await arrives(api, user.id, "The conversation has ended.")
    await arrives(api, STAFF, "🔚 The person ended the conversation.", thread)
    api.staff_sends(WORKER, STAFF, thread, "Are you still there?")
    await arrives(api, STAFF, "This request is closed", thread)
    assert not any(m.plain_text == "Are you still there?" for m in api.messages(user.id))


async def test_nothing_is_lost_when_the_bot_restarts_mid_conversation(
    jol: BotProcess, api: FakeBotAPI
) -> None:
    user = FakeUser(id=5008, first_name="Aziz", language_code="en")
    thread = await ask_a_person(api, user)
    assert await jol.stop() == 0
    api.user_sends(user, "Are you there? I wrote while you were away")
    api.staff_sends(WORKER, STAFF, thread, "Yes, we are here.")
    await jol.start()
    await api.wait_for(
        lambda: any(
            m.plain_text == "Are you there? I wrote while you were away"
            for m in api.messages(STAFF, thread)
        )
    )
    await api.wait_for(
        lambda: any(m.plain_text == "Yes, we are here." for m in api.messages(user.id))
    )


async def test_forget_erases_the_request_and_its_topic(jol: BotProcess, api: FakeBotAPI) -> None:
    user = FakeUser(id=5009, first_name="Aziz", language_code="en")
    thread = await ask_a_person(api, user)
    api.user_sends(user, "something private")
    await arrives(api, STAFF, "something private", thread)
    api.user_sends(user, "/forget")
    await api.wait_for_reply(user.id)
    api.user_presses_button(user, "Yes, delete")
    await api.wait_for(lambda: api.topic(STAFF, thread).deleted)
    api.user_sends(user, "employer took my passport")
    searched = await api.wait_for_reply(user.id)
    assert searched.plain_text == "This may answer your question:"  # no conversation left


async def test_a_person_who_blocked_the_bot_is_reported_in_the_topic(
    jol: BotProcess, api: FakeBotAPI
) -> None:
    user = FakeUser(id=5010, first_name="Aziz", language_code="en")
    thread = await ask_a_person(api, user)
    api.user_blocks(user)
    api.staff_sends(WORKER, STAFF, thread, "Hello?")
    await arrives(api, STAFF, "Not delivered: the person has blocked Jol.", thread)
    await api.wait_for(lambda: api.topic(STAFF, thread).closed)


async def test_nobody_outside_the_staff_group_can_reply_to_a_person(
    jol: BotProcess, api: FakeBotAPI
) -> None:
    user = FakeUser(id=5011, first_name="Aziz", language_code="en")
    thread = await ask_a_person(api, user)
    stranger = FakeUser(id=6666, first_name="Mallory", language_code="en")
    other = api.add_forum_group(OUTSIDER_GROUP, "Elsewhere", members=[stranger])
    # A topic with the very same thread id in another forum the bot is in, and a private chat.
    other.topics[thread] = FakeTopic(other.id, thread, "#1 · en", 0x6FB9F0)
    api.staff_sends(stranger, other.id, thread, "Send me your passport photo")
    api.group_sends(stranger, other.id, "Send me your passport photo")
    api.user_sends(stranger, "Send me your passport photo")
    await api.wait_for_reply(stranger.id)
    api.staff_sends(WORKER, STAFF, thread, "A real caseworker here.")
    await arrives(api, user.id, "A real caseworker here.")
    texts = [m.plain_text for m in api.messages(user.id)]
    assert "Send me your passport photo" not in texts


async def test_a_calculator_question_left_open_does_not_swallow_the_conversation(
    jol: BotProcess, api: FakeBotAPI
) -> None:
    user = FakeUser(id=5013, first_name="Aziz", language_code="en")
    api.user_sends(user, "/start")
    await api.wait_for_reply(user.id)
    api.user_sends(user, "/start registration_calculator")
    await api.wait_for_reply(user.id)
    api.user_presses_button(user, "Uzbekistan")
    asked = await api.wait_for_reply(user.id)
    assert "date" in asked.plain_text.lower()  # the calculator waits for a typed date
    await consent_and_connect(api, user)  # "Ask a person" on the main menu further up
    thread = api.topics(STAFF)[0].message_thread_id
    api.user_sends(user, "Police took my passport")
    await arrives(api, STAFF, "Police took my passport", thread)


async def test_messages_waiting_in_the_queue_are_carried_after_a_restart(
    api: FakeBotAPI, tmp_path: Path
) -> None:
    api.add_forum_group(STAFF, "Caseworkers", admins=[WORKER])
    slow = {**ENV, "STAFF_RATE": "12"}  # one message every 5 s into the group
    process = BotProcess(api, tmp_path, content=ROOT / "content", env=slow)
    await process.start()
    user = FakeUser(id=5014, first_name="Aziz", language_code="en")
    thread = await ask_a_person(api, user)
    for n in (1, 2, 3):
        api.user_sends(user, f"part {n} of my story")
    await arrives(api, STAFF, "part 1 of my story", thread)
    assert await process.stop() == 0  # parts 2 and 3 are still queued
    assert not any(m.plain_text == "part 3 of my story" for m in api.messages(STAFF, thread))
    await process.start()
    try:
        await api.wait_for(
            lambda: (
                [m.plain_text for m in api.messages(STAFF, thread)][-3:]
                == ["part 1 of my story", "part 2 of my story", "part 3 of my story"]
                or [m.plain_text for m in api.messages(STAFF, thread)][-2:]
                == ["part 2 of my story", "part 3 of my story"]
            ),
            timeout=30,
        )
    finally:
        await process.stop()


async def test_without_admin_rights_in_the_staff_group_nobody_is_offered_a_person(
    api: FakeBotAPI, tmp_path: Path
) -> None:
    api.add_group(STAFF, "Caseworkers", admins=[WORKER], forum=True, bot_is_admin=False)
    process = BotProcess(api, tmp_path, content=ROOT / "content", env=ENV)
    await process.start()
    try:
        user = FakeUser(id=5015, first_name="Aziz", language_code="en")
        api.user_sends(user, "/start")
        menu = await api.wait_for_reply(user.id)
        assert not any("Ask a person" in label for row in menu.buttons for label in row)
        assert (
            "Ask a person is OFF: Jol is not an admin of the staff group" in process.log.read_text()
        )
    finally:
        await process.stop()


async def test_outside_working_hours_the_person_learns_when_to_expect_an_answer(
    api: FakeBotAPI, tmp_path: Path
) -> None:
    api.add_forum_group(STAFF, "Caseworkers", admins=[WORKER])
    later = datetime.now(ALMATY) + timedelta(hours=6)
    closed_now = (
        f"Mon-Sun {later:%H}:00-{later:%H}:30" if later.hour < 23 else "Mon-Sun 01:00-01:30"
    )
    process = BotProcess(
        api, tmp_path, content=ROOT / "content", env={**ENV, "STAFF_HOURS": closed_now}
    )
    await process.start()
    try:
        user = FakeUser(id=5012, first_name="Aziz", language_code="en")
        api.user_sends(user, "/start")
        await api.wait_for_reply(user.id)
        connected = await consent_and_connect(api, user)
        assert "The caseworkers work Mon–Sun" in connected.plain_text
        assert "Expect an answer from" in connected.plain_text
        assert "emergency numbers" in connected.plain_text
        assert any("Emergency" in label for row in connected.buttons for label in row)
    finally:
        await process.stop()
