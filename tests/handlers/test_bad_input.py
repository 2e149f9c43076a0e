"""Anything that is not a button press gets a short helpful reply in the user's language;
nothing crashes and nothing is lost."""

from datetime import UTC, datetime

import pytest
from aiogram.types import (
    Chat,
    Contact,
    Document,
    InaccessibleMessage,
    Location,
    Message,
    PhotoSize,
    User,
    Voice,
)

from tests.harness import JolTestBot, ui

HINT = "I read text and buttons only. Write your question in a few words, or open the main menu."
NOT_FOUND = (
    "I did not find this. Try other words, or look in one of these topics. "
    "For your own case, free legal help is in the Help menu."
)


def _kinds() -> dict[str, dict]:
    return {
        "photo": {"photo": [PhotoSize(file_id="p", file_unique_id="p", width=1, height=1)]},
        "voice": {"voice": Voice(file_id="v", file_unique_id="v", duration=3)},
        "location": {"location": Location(latitude=43.2, longitude=76.9)},
        "contact": {"contact": Contact(phone_number="+70000000000", first_name="A")},
        "document": {"document": Document(file_id="d", file_unique_id="d")},
    }


@pytest.mark.parametrize(
    "text", ["ы" * 4096, "\u202e\x00\ufffd" * 100, "🙂" * 50], ids=["huge", "garbled", "emoji"]
)
async def test_text_that_matches_nothing_gets_an_honest_not_found_and_topics(
    jol: JolTestBot, text: str
) -> None:
    user = jol.user(language_code="ru")
    screen = await user.send(text)
    assert screen.text == ui("ru", NOT_FOUND)
    assert screen.buttons[-1] == "🏠 " + ui("ru", "Main menu")
    assert len(screen.buttons) >= 2, "the nearest topics are offered"


@pytest.mark.parametrize("kind", list(_kinds()))
async def test_user_sends_something_that_is_not_text_and_gets_a_hint_in_russian(
    jol: JolTestBot, kind: str
) -> None:
    user = jol.user(language_code="ru")
    await jol.feed(message=user._message(**_kinds()[kind]))
    assert user.screen.text == ui("ru", HINT)
    assert user.screen.buttons == ["🏠 " + ui("ru", "Main menu")]


async def test_user_sends_a_sticker_and_the_hint_leads_back_to_the_menu(jol: JolTestBot) -> None:
    user = jol.user(language_code="en")
    await user.send_sticker()
    assert user.screen.text == HINT
    menu = await user.press("Main menu")
    assert menu.text.startswith("Welcome to the test bot.")


async def test_edited_message_gets_the_hint(jol: JolTestBot) -> None:
    user = jol.user(language_code="en")
    await jol.feed(edited_message=user._message(text="edited", edit_date=1))
    assert user.screen.text == HINT


async def test_unknown_command_points_to_menu_and_help(jol: JolTestBot) -> None:
    screen = await jol.user(language_code="en").send("/deportation")
    assert screen.text == "I do not know this command. Try /menu or /help."


@pytest.mark.parametrize(
    "data", ["n:", "garbage", "n:" + "x" * 60, "l:xx:yy:zz", "l:xx:", "c:forget:maybe", "n:Main"]
)
async def test_malformed_callback_data_is_answered_and_the_menu_shown(
    jol: JolTestBot, data: str
) -> None:
    user = jol.user(language_code="en")
    await user.send("/start")
    query = await user.press_data(data)
    answer = user.answer_to(query)
    assert (
        answer is not None and answer.text == "This button is out of date. Here is the main menu."
    )
    assert user.screen.text.startswith("Welcome to the test bot.")


async def test_button_for_a_node_removed_from_the_content_opens_the_main_menu(
    jol: JolTestBot,
) -> None:
    user = jol.user(language_code="en")
    await user.send("/start")
    query = await user.press_data("n:removed_node")
    assert user.answer_to(query) is not None
    assert user.screen.text.startswith("Welcome to the test bot.")


async def test_button_on_a_message_telegram_no_longer_has_sends_a_new_message(
    jol: JolTestBot,
) -> None:
    user = jol.user(language_code="en")
    gone = InaccessibleMessage(chat=Chat(id=user.user.id, type="private"), message_id=1)
    from aiogram.types import CallbackQuery

    await jol.feed(
        callback_query=CallbackQuery(
            id="old", from_user=user.user, chat_instance="c", message=gone, data="n:registration"
        )
    )
    assert user.screen.text.startswith("Registration")
    assert user.answer_to("old") is not None


async def test_group_messages_get_no_reply(jol: JolTestBot) -> None:
    group = Chat(id=-100123, type="supergroup", title="Migrants chat")
    member = User(id=555, is_bot=False, first_name="A", language_code="ru")
    await jol.feed(
        message=Message(
            message_id=1, date=datetime.now(UTC), chat=group, from_user=member, text="hello"
        )
    )
    assert jol.session.chats == {}


async def test_one_server_error_is_retried_and_the_user_never_notices(jol: JolTestBot) -> None:
    user = jol.user(language_code="en")
    await user.send("/start")
    jol.session.fail_next("EditMessageText")
    screen = await user.press("Registration")
    assert screen.text.startswith("Registration")


async def test_failure_while_answering_gets_an_apology_in_the_users_language(
    jol: JolTestBot,
) -> None:
    user = jol.user(language_code="ru")
    await user.send("/start")
    jol.session.fail_next("EditMessageText", times=50)  # a lasting outage for edits
    query = await user.press_data("n:registration")
    apology = ui(
        "ru", "Sorry, something went wrong on our side. Please try again from the main menu."
    )
    assert user.screen.text == apology
    assert user.answer_to(query) is not None


async def test_a_command_addressed_to_jol_in_a_group_points_to_the_private_chat(
    jol: JolTestBot,
) -> None:
    group = Chat(id=-100777, type="group", title="Help group")
    member = User(id=556, is_bot=False, first_name="B", language_code="en")
    for text in ["/start", "/help@other_bot", "hello @jol_test_bot"]:
        await jol.feed(
            message=Message(
                message_id=1, date=datetime.now(UTC), chat=group, from_user=member, text=text
            )
        )
    assert jol.session.chats == {}, "quiet unless addressed by name"
    await jol.feed(
        message=Message(
            message_id=2,
            date=datetime.now(UTC),
            chat=group,
            from_user=member,
            text="/start@jol_test_bot",
        )
    )
    (reply,) = jol.session.chats[-100777].values()
    assert (
        reply.text
        == "I answer questions in a private chat, so that nobody else sees them. Tap to open it."
    )
    assert reply.button("Jol").url == "https://t.me/jol_test_bot?start=main"
