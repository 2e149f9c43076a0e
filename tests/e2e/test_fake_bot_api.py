"""Tests of the fake Bot API itself: it must reject what Telegram rejects, or an end-to-end test
against it proves nothing. The client is aiogram's own Bot (the bot's real encoding and error
mapping), configured like Jol's (HTML parse mode by default)."""

from __future__ import annotations

import asyncio
import time

import aiohttp
import pytest
from aiogram import Bot
from aiogram.client.default import DefaultBotProperties
from aiogram.client.session.aiohttp import AiohttpSession
from aiogram.client.telegram import TelegramAPIServer
from aiogram.enums import ParseMode
from aiogram.exceptions import (
    TelegramBadRequest,
    TelegramConflictError,
    TelegramForbiddenError,
    TelegramNotFound,
    TelegramRetryAfter,
    TelegramUnauthorizedError,
)
from aiogram.types import (
    BotCommand,
    ChatMemberAdministrator,
    InlineKeyboardButton,
    InlineKeyboardMarkup,
    LinkPreviewOptions,
    ReplyParameters,
)

from tests.e2e.fake_bot_api import (
    FakeBotAPI,
    FakeGroup,
    FakeUser,
    TelegramHTMLError,
    parse_telegram_html,
    parse_telegram_html_entities,
)

TOKEN = "123456:AAH-fake-token-for-end-to-end-tests"
USER = FakeUser(id=1001, first_name="Айгерим", language_code="ru", username="aigerim")


@pytest.fixture
async def fake():
    api = FakeBotAPI(token=TOKEN)
    await api.start()
    yield api
    await api.stop()


def make_bot(base_url: str, token: str = TOKEN) -> Bot:
    return Bot(
        token,
        session=AiohttpSession(api=TelegramAPIServer.from_base(base_url)),
        default=DefaultBotProperties(
            parse_mode=ParseMode.HTML, link_preview=LinkPreviewOptions(is_disabled=True)
        ),
    )


@pytest.fixture
async def bot(fake):
    client = make_bot(fake.base_url)
    yield client
    await client.session.close()


@pytest.fixture
def chat(fake) -> int:
    """A private chat exists once the user has written to the bot."""
    fake.user_sends(USER, "/start")
    return USER.id


def keyboard(*rows: list[tuple[str, str]]) -> InlineKeyboardMarkup:
    return InlineKeyboardMarkup(
        inline_keyboard=[
            [InlineKeyboardButton(text=text, callback_data=data) for text, data in row]
            for row in rows
        ]
    )


# ---- the HTML referee, as a pure function -------------------------------------------------


@pytest.mark.parametrize(
    ("html", "visible"),
    [
        ("plain", "plain"),
        ("<b>bold <i>both</i></b> <u>u</u> <s>s</s> <del>d</del>", "bold both u s d"),
        ("<B>upper-case tags</B>", "upper-case tags"),
        ("&lt;tag&gt; &amp; &quot;q&quot; &#39; &#x1F600; &#1046;", '<tag> & "q" \' 😀 Ж'),
        ('<a href="https://example.org/?a=1&amp;b=2">link</a>', "link"),
        ('<a href="tg://resolve?domain=jol_test_bot">bot</a>', "bot"),
        ('<pre><code class="language-python">print("x")</code></pre>', 'print("x")'),
        ('<span class="tg-spoiler">s</span> <tg-spoiler>t</tg-spoiler>', "s t"),
        ("<blockquote expandable>quote</blockquote>", "quote"),
        ('<tg-emoji emoji-id="5368324170671202286">👍</tg-emoji>', "👍"),
        ("<code>&lt;b&gt;</code>", "<b>"),
        ("Текст — «кавычки», a/b, 100%", "Текст — «кавычки», a/b, 100%"),
    ],
)
def test_valid_html_gives_the_visible_text(html, visible):
    assert parse_telegram_html(html) == visible


@pytest.mark.parametrize(
    ("html", "description"),
    [
        ("Hello<foo>x</foo>", 'Unsupported start tag "foo" at byte offset 5'),
        ("Привет<foo>", 'Unsupported start tag "foo" at byte offset 12'),  # bytes, not chars
        ("<b>bold", 'Can\'t find end tag corresponding to start tag "b"'),
        ("1 < 2", 'Unsupported start tag "" at byte offset 2'),
        ("a<b", "Unclosed start tag at byte offset 1"),
        ("<b><i>x</b></i>", 'Unmatched end tag at byte offset 7, expected "</i>", found "</b>"'),
        ("x</b>", "Unexpected end tag at byte offset 1"),
        ("<b class>x</b>", 'Expected equal sign in declaration of an attribute of the tag "b"'),
        ("<a href=https://x.org>x</a>", "Unexpected end of name token at byte offset 8"),
        ('<span class="x">s</span>', 'Tag "span" must have class "tg-spoiler"'),
        ('<tg-emoji emoji-id="abc">x</tg-emoji>', "Invalid custom emoji identifier specified"),
        # documented rules Telegram "repairs" silently; strict mode rejects them
        ("R&D", 'Unescaped "&" at byte offset 1'),
        ("&nbsp;", 'Unescaped "&" at byte offset 0'),
        ("&lt no semicolon", "must end with ';'"),
        ("a > b", 'Unescaped ">" at byte offset 2'),
        ('<a href="javascript:alert(1)">x</a>', 'Tag "a" at byte offset 0 needs href'),
        ("<a>https://example.org</a>", 'Tag "a" at byte offset 0 needs href'),
        ("<code><b>x</b></code>", "inside <code>/<pre>"),
        ("<blockquote><blockquote>x</blockquote></blockquote>", "Nested blockquote"),
    ],
)
def test_invalid_html_is_rejected_with_telegrams_description(html, description):
    with pytest.raises(TelegramHTMLError) as error:
        parse_telegram_html(html)
    assert description in error.value.description


def test_lenient_mode_accepts_what_telegram_accepts():
    assert parse_telegram_html("R&D > x &lt", strict=False) == "R&D > x <"
    with pytest.raises(TelegramHTMLError):
        parse_telegram_html("<foo>", strict=False)


def test_entities_are_in_utf16_units():
    html = '😀 <b>жирный</b> <a href="https://e.org">e</a> '
    text, entities = parse_telegram_html_entities(
        html + '<pre><code class="language-py">x</code></pre>'
    )
    assert text == "😀 жирный e x"
    assert entities == [
        {"type": "bold", "offset": 3, "length": 6},
        {"type": "text_link", "offset": 10, "length": 1, "url": "https://e.org"},
        {"type": "pre", "offset": 12, "length": 1, "language": "py"},
    ]


# ---- over HTTP, with aiogram as the client -------------------------------------------------


async def test_get_me_describes_the_bot(bot):
    me = await bot.get_me()
    assert (me.id, me.is_bot, me.username, me.first_name) == (
        123456,
        True,
        "jol_test_bot",
        "Jol Test",
    )


async def test_aiogram_requests_are_form_encoded_and_decoded_back(fake, bot, chat):
    markup = keyboard([("Да", "yes")])
    await bot.send_message(chat, "<b>x</b>", reply_markup=markup)
    call = fake.calls[-1]
    assert call.content_type == "application/x-www-form-urlencoded"
    assert call.params["chat_id"] == chat  # the form string "1001", decoded
    assert call.params["parse_mode"] == "HTML"
    assert call.params["reply_markup"] == {
        "inline_keyboard": [[{"text": "Да", "callback_data": "yes"}]]
    }
    assert call.params["link_preview_options"] == {"is_disabled": True}


async def test_a_json_body_is_accepted_too(fake, chat):
    url = f"{fake.base_url}/bot{TOKEN}/sendMessage"
    body = {"chat_id": chat, "text": "hi", "reply_markup": {"inline_keyboard": [[{"text": "a"}]]}}
    async with aiohttp.ClientSession() as session, session.post(url, json=body) as response:
        assert response.status == 400
        assert await response.json() == {
            "ok": False,
            "error_code": 400,
            "description": "Bad Request: can't parse inline keyboard button: "
            "Text buttons are unallowed in the inline keyboard",
        }
        body.pop("reply_markup")
    async with aiohttp.ClientSession() as session, session.post(url, json=body) as response:
        assert response.status == 200
        assert (await response.json())["result"]["text"] == "hi"


@pytest.mark.parametrize(
    "html",
    ["Hello<foo>x</foo>", "<b>unclosed", "1 < 2", "R&D", "<i>a</b>", "<a href='ftp://x'>x</a>"],
)
async def test_invalid_html_raises_telegram_bad_request(fake, bot, chat, html):
    with pytest.raises(TelegramBadRequest, match="can't parse entities"):
        await bot.send_message(chat, html)
    assert fake.errors()[-1].error.startswith("Bad Request: can't parse entities: ")
    assert fake.messages(chat) == []


async def test_valid_nested_html_passes_and_comes_back_as_entities(fake, bot, chat):
    html = '<b>Права <i>мигранта</i></b> &amp; <a href="https://adilet.zan.kz">закон</a> 😀'
    message = await bot.send_message(chat, html)
    assert message.text == "Права мигранта & закон 😀"
    assert [(e.type, e.offset, e.length) for e in message.entities or []] == [
        ("bold", 0, 14),
        ("italic", 6, 8),
        ("text_link", 17, 5),
    ]
    [shown] = fake.messages(chat)
    assert (shown.text, shown.plain_text) == (html, message.text)


@pytest.mark.parametrize(
    ("text", "accepted"),
    [
        ("a" * 4096, True),
        ("a" * 4097, False),
        ("д" * 4096, True),  # 8192 bytes, but 4096 UTF-16 units
        ("д" * 4097, False),
        ("😀" * 2048, True),  # each emoji is 2 UTF-16 units
        ("😀" * 2048 + "a", False),
        ("<b>" + "a" * 4096 + "</b>", True),  # the limit is on the visible text
        ("&amp;" * 4096, True),
        ("&amp;" * 4097, False),
        ("  " + "a" * 4096 + "\n\n", True),  # Telegram trims surrounding whitespace first
    ],
)
async def test_length_limit_is_4096_utf16_units_of_visible_text(fake, bot, chat, text, accepted):
    if accepted:
        await bot.send_message(chat, text)
    else:
        with pytest.raises(TelegramBadRequest, match="message is too long"):
            await bot.send_message(chat, text)


@pytest.mark.parametrize("text", [" \n ", "<b></b>", "<b> </b>"])
async def test_empty_visible_text_is_rejected(bot, chat, text):
    with pytest.raises(TelegramBadRequest, match="message text is empty"):
        await bot.send_message(chat, text)


async def test_unsupported_parse_mode_is_rejected(bot, chat):
    with pytest.raises(TelegramBadRequest, match="unsupported parse_mode"):
        await bot.send_message(chat, "*x*", parse_mode="MarkdownV2")
    await bot.send_message(chat, "1 < 2 & no HTML", parse_mode=None)


async def test_sending_to_a_chat_that_never_wrote_fails(bot):
    with pytest.raises(TelegramBadRequest, match="chat not found"):
        await bot.send_message(424242, "hello")


async def test_a_blocked_user_gives_403(fake, bot, chat):
    fake.user_blocks(USER)
    with pytest.raises(TelegramForbiddenError, match="bot was blocked by the user"):
        await bot.send_message(chat, "hello")


async def test_editing_follows_telegrams_rules(fake, bot, chat):
    sent = await bot.send_message(chat, "<b>Меню</b>", reply_markup=keyboard([("A", "a")]))
    with pytest.raises(TelegramBadRequest, match="message is not modified") as error:
        await bot.edit_message_text(
            "<b>Меню</b>",
            chat_id=chat,
            message_id=sent.message_id,
            reply_markup=keyboard([("A", "a")]),
        )
    assert "exactly the same as a current content and reply markup" in error.value.message
    # <strong> is the same bold entity, so this too changes nothing
    with pytest.raises(TelegramBadRequest, match="message is not modified"):
        await bot.edit_message_text(
            "<strong>Меню</strong>", chat_id=chat, message_id=sent.message_id,
            reply_markup=keyboard([("A", "a")]),
        )  # fmt: skip
    await bot.edit_message_text(
        "<b>Меню</b>", chat_id=chat, message_id=sent.message_id, reply_markup=keyboard([("B", "b")])
    )
    [shown] = fake.messages(chat)
    assert (shown.buttons, shown.button_data, shown.edit_count) == ([["B"]], [["b"]], 1)
    # an edit without reply_markup removes the keyboard, as in Telegram
    await bot.edit_message_text("Готово", chat_id=chat, message_id=sent.message_id)
    [shown] = fake.messages(chat)
    assert (shown.plain_text, shown.buttons) == ("Готово", [])
    with pytest.raises(TelegramBadRequest, match="message to edit not found"):
        await bot.edit_message_text("x", chat_id=chat, message_id=9999)
    user_message_id = fake.user_sends(USER, "hi")
    with pytest.raises(TelegramBadRequest, match="message can't be edited"):
        await bot.edit_message_text("x", chat_id=chat, message_id=user_message_id)


async def test_edit_reply_markup_and_delete(fake, bot, chat):
    sent = await bot.send_message(chat, "x", reply_markup=keyboard([("A", "a")]))
    with pytest.raises(TelegramBadRequest, match="message is not modified"):
        await bot.edit_message_reply_markup(
            chat_id=chat, message_id=sent.message_id, reply_markup=keyboard([("A", "a")])
        )
    await bot.edit_message_reply_markup(chat_id=chat, message_id=sent.message_id)
    assert fake.messages(chat)[0].buttons == []
    assert await bot.delete_message(chat, sent.message_id)
    assert fake.messages(chat) == []
    with pytest.raises(TelegramBadRequest, match="message to delete not found"):
        await bot.delete_message(chat, sent.message_id)


async def test_callback_queries_can_be_answered_once(fake, bot, chat):
    sent = await bot.send_message(chat, "Язык?", reply_markup=keyboard([("Русский", "lang:ru")]))
    query_id = fake.user_presses_button(USER, "Русский")
    assert fake.unanswered_callbacks() == [query_id]
    [update] = await bot.get_updates(offset=-1)
    assert update.callback_query is not None
    assert update.callback_query.data == "lang:ru"
    assert update.callback_query.message.message_id == sent.message_id
    markup = update.callback_query.message.reply_markup
    assert markup is not None
    assert markup.model_dump() == keyboard([("Русский", "lang:ru")]).model_dump()

    with pytest.raises(TelegramBadRequest, match="MESSAGE_TOO_LONG"):
        await bot.answer_callback_query(query_id, text="x" * 201)
    assert await bot.answer_callback_query(query_id, text="Готово", show_alert=True)
    assert fake.unanswered_callbacks() == []
    answer = fake.callback_answer(query_id)
    assert answer is not None and (answer.text, answer.show_alert) == ("Готово", True)
    with pytest.raises(TelegramBadRequest, match="query is too old and response timeout expired"):
        await bot.answer_callback_query(query_id)
    with pytest.raises(TelegramBadRequest, match="query ID is invalid"):
        await bot.answer_callback_query("12345")


async def test_users_can_only_press_buttons_that_exist(fake, bot, chat):
    sent = await bot.send_message(chat, "?", reply_markup=keyboard([("Да", "y"), ("Нет", "n")]))
    with pytest.raises(AssertionError, match=r"no button 'Может быть'.*\['Да', 'Нет'\]"):
        fake.user_presses_button(USER, "Может быть")
    with pytest.raises(AssertionError, match="no button with callback_data 'maybe'"):
        fake.user_presses(USER, sent.message_id, "maybe")
    await bot.edit_message_text("ok", chat_id=chat, message_id=sent.message_id)
    with pytest.raises(AssertionError):  # the edit removed the keyboard
        fake.user_presses(USER, sent.message_id, "y")


@pytest.mark.parametrize(
    ("data", "accepted"),
    [("я" * 32, True), ("я" * 33, False), ("a" * 64, True), ("a" * 65, False)],
)
async def test_callback_data_is_limited_to_64_bytes(bot, chat, data, accepted):
    markup = keyboard([("Кнопка", data)])
    if accepted:
        await bot.send_message(chat, "x", reply_markup=markup)
    else:
        with pytest.raises(TelegramBadRequest, match="BUTTON_DATA_INVALID"):
            await bot.send_message(chat, "x", reply_markup=markup)


@pytest.mark.parametrize(
    ("button", "description"),
    [
        (InlineKeyboardButton(text="No action"), "Text buttons are unallowed"),
        (InlineKeyboardButton(text="Empty data", callback_data=""), "Text buttons are unallowed"),
        (InlineKeyboardButton(text="", callback_data="x"), "BUTTON_TEXT_INVALID"),
        (InlineKeyboardButton(text="FTP", url="ftp://example.org"), "Unsupported URL protocol"),
        (InlineKeyboardButton(text="No scheme", url="example.org"), "BUTTON_URL_INVALID"),
        (InlineKeyboardButton(text="Both", url="https://e.org", callback_data="x"), "exactly one"),
    ],
)
async def test_invalid_buttons_are_rejected(bot, chat, button, description):
    markup = InlineKeyboardMarkup(inline_keyboard=[[button]])
    with pytest.raises(TelegramBadRequest, match=description):
        await bot.send_message(chat, "x", reply_markup=markup)


async def test_unknown_method_is_404(fake):
    async with aiohttp.ClientSession() as session:
        async with session.post(f"{fake.base_url}/bot{TOKEN}/sendTelepathy") as response:
            assert response.status == 404
            assert await response.json() == {
                "ok": False,
                "error_code": 404,
                "description": "Not Found",
            }
        async with session.get(f"{fake.base_url}/file/bot{TOKEN}/photos/x.jpg") as response:
            assert response.status == 404


async def test_wrong_token_is_401(fake):
    intruder = make_bot(fake.base_url, token="654321:wrong")
    try:
        with pytest.raises(TelegramUnauthorizedError, match="Unauthorized"):
            await intruder.get_me()
    finally:
        await intruder.session.close()
    assert fake.errors()[-1].error == "Unauthorized"


async def test_the_token_is_checked_before_the_method_and_its_parameters(fake):
    async with aiohttp.ClientSession() as session:
        url = f"{fake.base_url}/bot654321:wrong/noSuchMethod"
        async with session.post(url, data={"reply_markup": "{not json"}) as response:
            assert response.status == 401
        url = f"{fake.base_url}/bot{TOKEN}/sendMessage"
        async with session.post(url, data={"reply_markup": "{not json"}) as response:
            assert (await response.json())["description"] == (
                "Bad Request: can't parse reply keyboard markup JSON object"
            )


async def test_method_names_are_case_insensitive_like_telegram(fake):
    url = f"{fake.base_url}/bot{TOKEN}/getme"
    async with aiohttp.ClientSession() as session, session.get(url) as response:
        assert (await response.json())["result"]["username"] == "jol_test_bot"


async def test_long_poll_returns_an_update_enqueued_while_waiting(fake, bot):
    started = time.monotonic()
    assert not fake.polling
    poll = asyncio.create_task(bot.get_updates(timeout=5))
    await fake.wait_until_polling(timeout=2)
    assert not poll.done()
    fake.user_sends(USER, "/start payload")
    [update] = await asyncio.wait_for(poll, 2)
    assert not fake.polling
    assert time.monotonic() - started < 2
    message = update.message
    assert message is not None and message.text == "/start payload"
    assert message.from_user is not None and message.from_user.language_code == "ru"
    assert message.chat.type == "private" and message.chat.id == USER.id
    assert [(e.type, e.offset, e.length) for e in message.entities or []] == [("bot_command", 0, 6)]

    # not confirmed yet: delivered again; confirmed by offset: gone
    again = await bot.get_updates(timeout=0)
    assert [u.update_id for u in again] == [update.update_id]
    assert await bot.get_updates(offset=update.update_id + 1, timeout=0) == []


async def test_long_poll_times_out_empty(bot):
    started = time.monotonic()
    assert await bot.get_updates(timeout=1) == []
    assert 0.9 < time.monotonic() - started < 3


async def test_a_second_poller_ends_the_first_with_409(bot):
    first = asyncio.create_task(bot.get_updates(timeout=5))
    await asyncio.sleep(0.2)
    second = asyncio.create_task(bot.get_updates(timeout=1))
    with pytest.raises(TelegramConflictError, match="terminated by other getUpdates request"):
        await first
    assert await second == []


async def test_allowed_updates_filters_later_updates(fake, bot, chat):
    sent = await bot.send_message(chat, "?", reply_markup=keyboard([("Да", "y")]))
    await bot.get_updates(offset=-1, timeout=0, allowed_updates=["message"])
    fake.user_presses(USER, sent.message_id, "y")
    assert fake.dropped_updates and "callback_query" in fake.dropped_updates[-1]


async def test_stickers_and_photos_are_valid_updates(fake, bot):
    fake.user_sends_sticker(USER)
    fake.user_sends_photo(USER, caption="паспорт")
    sticker, photo = await bot.get_updates(timeout=0)
    assert sticker.message is not None and sticker.message.sticker is not None
    assert sticker.message.sticker.emoji == "👍"
    assert photo.message is not None and photo.message.photo and len(photo.message.photo) == 3
    assert photo.message.caption == "паспорт"
    assert photo.message.message_id == sticker.message.message_id + 1


async def test_commands_are_validated_and_stored_per_language(fake, bot):
    commands = [
        BotCommand(command="start", description="Начать"),
        BotCommand(command="forget", description="Забыть меня"),
    ]
    assert await bot.set_my_commands(commands, language_code="ru")
    assert await bot.set_my_commands([BotCommand(command="start", description="Start")])
    assert [c.command for c in await bot.get_my_commands(language_code="ru")] == ["start", "forget"]
    assert [c.description for c in await bot.get_my_commands()] == ["Start"]
    assert await bot.get_my_commands(language_code="kk") == []

    for bad in ["Start", "/start", "старт", "a" * 33, "with-dash"]:
        with pytest.raises(TelegramBadRequest, match="BOT_COMMAND_INVALID"):
            await bot.set_my_commands([BotCommand(command=bad, description="x")])
    with pytest.raises(TelegramBadRequest, match="description must be non-empty"):
        await bot.set_my_commands([BotCommand(command="start", description=" ")])
    with pytest.raises(TelegramBadRequest, match="BOT_COMMAND_DESCRIPTION_INVALID"):
        await bot.set_my_commands([BotCommand(command="start", description="x" * 257)])
    with pytest.raises(TelegramBadRequest, match="BOT_COMMANDS_TOO_MUCH"):
        await bot.set_my_commands(
            [BotCommand(command=f"c{i}", description="x") for i in range(101)]
        )
    with pytest.raises(TelegramBadRequest, match="language code"):
        await bot.set_my_commands(commands, language_code="rus")


async def test_descriptions_are_limited_and_stored_per_language(fake, bot):
    assert await bot.set_my_description("Описание", language_code="ru")
    assert await bot.set_my_short_description("Коротко", language_code="ru")
    assert (await bot.get_my_description(language_code="ru")).description == "Описание"
    assert (await bot.get_my_short_description(language_code="ru")).short_description == "Коротко"
    assert fake.descriptions == {"ru": "Описание"}
    await bot.set_my_description("д" * 512)
    with pytest.raises(TelegramBadRequest, match="too long"):
        await bot.set_my_description("д" * 513)
    with pytest.raises(TelegramBadRequest, match="too long"):
        await bot.set_my_short_description("д" * 121)


async def test_chat_action_must_be_a_known_one(bot, chat):
    assert await bot.send_chat_action(chat, "typing")
    with pytest.raises(TelegramBadRequest, match="wrong parameter action"):
        await bot.send_chat_action(chat, "dancing")


async def test_wait_for_reply_returns_the_message_sent_after_the_users_action(fake, bot, chat):
    await bot.send_message(chat, "old")
    fake.user_sends(USER, "ещё")

    async def reply_later() -> None:
        await asyncio.sleep(0.1)
        await bot.send_message(chat, "<i>new</i>")

    task = asyncio.create_task(reply_later())
    reply = await fake.wait_for_reply(chat)
    await task
    assert (reply.text, reply.plain_text) == ("<i>new</i>", "new")


async def test_wait_for_times_out_with_a_summary_of_calls(fake, bot, chat):
    with pytest.raises(TelegramBadRequest):
        await bot.send_message(chat, "<oops>")
    with pytest.raises(AssertionError, match=r"(?s)within 0.1 s.*sendMessage FAILED: .*oops"):
        await fake.wait_for(lambda: False, timeout=0.1)


async def test_not_found_error_class_for_404(fake, bot):
    """aiogram raises TelegramNotFound for a 404, e.g. a method the fake does not implement."""
    from aiogram.methods import SetChatTitle

    with pytest.raises(TelegramNotFound):
        await bot(SetChatTitle(chat_id=1, title="not implemented by the fake"))


# ---- forum supergroups, topics, copies --------------------------------------------------------

STAFF_CHAT = -1001987654321
CASEWORKER = FakeUser(id=2001, first_name="Dana", language_code="en", username="dana_ngo")
COORDINATOR = FakeUser(id=2002, first_name="Марат", language_code="ru")
OUTSIDER = FakeUser(id=3001, first_name="Stranger", language_code=None)
GREEN = 0x8EEE98


@pytest.fixture
def staff(fake) -> FakeGroup:
    return fake.add_forum_group(
        STAFF_CHAT, "Jol caseworkers", members=[CASEWORKER], admins=[COORDINATOR]
    )


@pytest.fixture
async def topic(bot, staff) -> int:
    """A topic the bot opened for USER; its message_thread_id."""
    created = await bot.create_forum_topic(STAFF_CHAT, "Айгерим · 1001")
    return created.message_thread_id


async def test_the_bot_is_an_admin_of_the_staff_group_and_knows_its_members(fake, bot, staff):
    me = await bot.get_chat_member(STAFF_CHAT, fake.bot_id)
    assert me.status == "administrator"
    assert isinstance(me, ChatMemberAdministrator) and me.can_manage_topics
    member = await bot.get_chat_member(STAFF_CHAT, CASEWORKER.id)
    assert (member.status, member.user.first_name) == ("member", "Dana")
    assert (await bot.get_chat_member(STAFF_CHAT, COORDINATOR.id)).status == "administrator"
    fake.user_sends(USER, "/start")  # the bot has met USER, who is not in the group
    assert (await bot.get_chat_member(STAFF_CHAT, USER.id)).status == "left"
    staff.remove_member(CASEWORKER)
    assert (await bot.get_chat_member(STAFF_CHAT, CASEWORKER.id)).status == "left"
    with pytest.raises(TelegramBadRequest, match="user not found"):
        await bot.get_chat_member(STAFF_CHAT, 987654)
    with pytest.raises(TelegramBadRequest, match="chat not found"):
        await bot.get_chat_member(-1001111111111, CASEWORKER.id)
    with pytest.raises(TelegramBadRequest, match="chat not found"):
        await bot.send_message(-1001111111111, "the bot is not in this group")


async def test_create_forum_topic_returns_the_topic_and_posts_its_creation_message(
    fake, bot, staff
):
    created = await bot.create_forum_topic(STAFF_CHAT, "  Айгерим · 1001 ")
    assert (created.name, created.icon_color) == ("Айгерим · 1001", 0x6FB9F0)
    green = await bot.create_forum_topic(STAFF_CHAT, "Second", icon_color=GREEN)
    assert green.icon_color == GREEN
    # a topic is the thread of its creation message, so ids come from the chat's message ids
    first, second = fake.topics(STAFF_CHAT)
    assert second.message_thread_id > first.message_thread_id == created.message_thread_id
    [service] = fake.history(STAFF_CHAT, created.message_thread_id)
    assert service["message_id"] == service["message_thread_id"] == created.message_thread_id
    assert service["forum_topic_created"] == {"name": "Айгерим · 1001", "icon_color": 0x6FB9F0}
    assert service["is_topic_message"] is True and service["from"]["is_bot"]
    assert fake.messages(STAFF_CHAT) == []  # service messages are not the bot's messages
    with pytest.raises(TelegramBadRequest, match="message can't be deleted"):
        await bot.delete_message(STAFF_CHAT, created.message_thread_id)


@pytest.mark.parametrize(
    ("name", "icon_color", "description"),
    [
        ("", None, "Bad Request: title must be non-empty"),
        (" \n ", None, "Bad Request: title must be non-empty"),
        ("я" * 129, None, "topic name is longer than 128 characters"),
        ("Topic", 0x123456, "Bad Request: invalid icon color specified"),
    ],
)
async def test_create_forum_topic_validates_name_and_color(
    bot, staff, name, icon_color, description
):
    with pytest.raises(TelegramBadRequest) as error:
        await bot.create_forum_topic(STAFF_CHAT, name, icon_color=icon_color)
    assert description in error.value.message


async def test_topics_exist_only_in_forums_the_bot_may_manage(fake, bot, chat):
    fake.add_group(-1002000000001, "Volunteers")
    fake.add_forum_group(-1002000000002, "Read-only forum", can_manage_topics=False)
    await bot.create_forum_topic(fake.add_forum_group(-1002000000003).id, "я" * 128)
    for chat_id, description in [
        (chat, "Bad Request: the chat is not a forum"),
        (-1002000000001, "Bad Request: the chat is not a forum"),
        (-1002000000002, "Bad Request: not enough rights to create a topic"),
        (-1002000000009, "Bad Request: chat not found"),
    ]:
        with pytest.raises(TelegramBadRequest) as error:
            await bot.create_forum_topic(chat_id, "Topic")
        assert error.value.message == description


async def test_edit_close_and_reopen_a_topic(fake, bot, topic):
    assert await bot.edit_forum_topic(STAFF_CHAT, topic)  # nothing to change: ok, no request
    assert await bot.edit_forum_topic(STAFF_CHAT, topic, name="Айгерим · closed case")
    assert fake.topic(STAFF_CHAT, topic).name == "Айгерим · closed case"
    with pytest.raises(TelegramBadRequest, match="TOPIC_NOT_MODIFIED"):
        await bot.edit_forum_topic(STAFF_CHAT, topic, name="Айгерим · closed case")
    with pytest.raises(TelegramBadRequest, match="title must be non-empty"):
        await bot.edit_forum_topic(STAFF_CHAT, topic, name="   ")

    assert await bot.close_forum_topic(STAFF_CHAT, topic)
    assert fake.topic(STAFF_CHAT, topic).closed
    with pytest.raises(TelegramBadRequest, match="TOPIC_NOT_MODIFIED"):
        await bot.close_forum_topic(STAFF_CHAT, topic)
    # the bot is an administrator: it may still post in the closed topic
    sent = await bot.send_message(STAFF_CHAT, "Дело закрыто", message_thread_id=topic)
    assert sent.message_thread_id == topic
    assert await bot.reopen_forum_topic(STAFF_CHAT, topic)
    with pytest.raises(TelegramBadRequest, match="TOPIC_NOT_MODIFIED"):
        await bot.reopen_forum_topic(STAFF_CHAT, topic)
    services = [m for m in fake.history(STAFF_CHAT, topic) if "text" not in m]
    assert [next(k for k in m if k.startswith("forum_topic")) for m in services] == [
        "forum_topic_created",
        "forum_topic_edited",
        "forum_topic_closed",
        "forum_topic_reopened",
    ]
    assert services[1]["forum_topic_edited"] == {"name": "Айгерим · closed case"}

    with pytest.raises(TelegramBadRequest, match="TOPIC_ID_INVALID"):
        await bot.close_forum_topic(STAFF_CHAT, 9999)
    with pytest.raises(TelegramBadRequest, match="invalid message thread identifier specified"):
        await bot.close_forum_topic(STAFF_CHAT, 0)
    fake.user_sends(USER, "hi")
    with pytest.raises(TelegramBadRequest, match="the chat is not a forum"):
        await bot.close_forum_topic(USER.id, topic)


async def test_messages_go_into_a_topic_and_are_listed_per_topic(fake, bot, staff, topic):
    other = (await bot.create_forum_topic(STAFF_CHAT, "Other")).message_thread_id
    sent = await bot.send_message(STAFF_CHAT, "<b>Новое обращение</b>", message_thread_id=topic)
    assert (sent.message_thread_id, sent.is_topic_message) == (topic, True)
    assert sent.chat.type == "supergroup" and sent.chat.is_forum
    # Telegram makes every topic message a reply to the topic's creation message
    assert sent.reply_to_message is not None
    assert sent.reply_to_message.forum_topic_created is not None
    await bot.send_message(STAFF_CHAT, "elsewhere", message_thread_id=other)
    await bot.send_message(STAFF_CHAT, "in General")
    [shown] = fake.messages(STAFF_CHAT, topic)
    assert (shown.plain_text, shown.thread_id) == ("Новое обращение", topic)
    assert [m.thread_id for m in fake.messages(STAFF_CHAT)] == [topic, other, None]
    # a reply without message_thread_id lands in the replied message's topic
    reply = await bot.send_message(
        STAFF_CHAT, "reply", reply_parameters=ReplyParameters(message_id=sent.message_id)
    )
    assert reply.message_thread_id == topic
    assert reply.reply_to_message is not None
    assert reply.reply_to_message.message_id == sent.message_id
    await bot.send_chat_action(STAFF_CHAT, "typing", message_thread_id=topic)


@pytest.mark.parametrize("thread_id", [9999, 1])  # 1 is General, never a created topic
async def test_sending_into_a_topic_that_does_not_exist_fails(fake, bot, staff, chat, thread_id):
    with pytest.raises(TelegramBadRequest, match="message thread not found"):
        await bot.send_message(STAFF_CHAT, "x", message_thread_id=thread_id)
    fake.add_group(-1002000000001, "Not a forum")
    for chat_id in (chat, -1002000000001):
        with pytest.raises(TelegramBadRequest, match="message thread not found"):
            await bot.send_message(chat_id, "x", message_thread_id=thread_id)
    with pytest.raises(TelegramBadRequest, match="message thread not found"):
        await bot.send_chat_action(STAFF_CHAT, "typing", message_thread_id=thread_id)


async def test_deleting_a_topic_deletes_its_messages_and_closes_it_for_good(fake, bot, topic):
    await bot.send_message(STAFF_CHAT, "case notes", message_thread_id=topic)
    fake.staff_sends(CASEWORKER, STAFF_CHAT, topic, "I'll call her")
    assert await bot.delete_forum_topic(STAFF_CHAT, topic)
    assert fake.messages(STAFF_CHAT, topic) == [] and fake.history(STAFF_CHAT, topic) == []
    assert fake.topics(STAFF_CHAT) == [] and fake.topic(STAFF_CHAT, topic).deleted
    with pytest.raises(TelegramBadRequest, match="message thread not found"):
        await bot.send_message(STAFF_CHAT, "x", message_thread_id=topic)
    for method in (bot.close_forum_topic, bot.delete_forum_topic):
        with pytest.raises(TelegramBadRequest, match="TOPIC_ID_INVALID"):
            await method(STAFF_CHAT, topic)
    with pytest.raises(AssertionError, match="no topic"):
        fake.staff_sends(CASEWORKER, STAFF_CHAT, topic, "hello?")


async def test_staff_messages_arrive_as_telegram_delivers_topic_messages(fake, bot, topic):
    first = fake.staff_sends(CASEWORKER, STAFF_CHAT, topic, "Здравствуйте! /help")
    sent = await bot.send_message(STAFF_CHAT, "bot note", message_thread_id=topic)
    fake.staff_sends(COORDINATOR, STAFF_CHAT, topic, "reply to the bot", reply_to=sent.message_id)
    fake.staff_sends(CASEWORKER, STAFF_CHAT, None, "in General")
    fake.staff_sends_photo(CASEWORKER, STAFF_CHAT, topic, caption="справка")
    fake.staff_sends_voice(CASEWORKER, STAFF_CHAT, topic)
    fake.staff_sends_document(CASEWORKER, STAFF_CHAT, topic, file_name="договор.pdf")
    fake.staff_sends_sticker(CASEWORKER, STAFF_CHAT, topic)
    updates = await bot.get_updates(timeout=0)
    text, reply, general, photo, voice, document, sticker = (u.message for u in updates)
    assert text is not None and text.message_id == first
    assert (text.chat.id, text.chat.type, text.chat.is_forum) == (STAFF_CHAT, "supergroup", True)
    assert (text.message_thread_id, text.is_topic_message) == (topic, True)
    assert text.from_user is not None and text.from_user.id == CASEWORKER.id
    assert text.reply_to_message is not None
    assert text.reply_to_message.message_id == topic
    assert text.reply_to_message.forum_topic_created is not None
    assert [(e.type, e.offset) for e in text.entities or []] == [("bot_command", 14)]
    assert reply is not None and reply.reply_to_message is not None
    assert reply.reply_to_message.message_id == sent.message_id
    assert reply.reply_to_message.from_user is not None and reply.reply_to_message.from_user.is_bot
    assert general is not None and general.message_thread_id is None
    assert not general.is_topic_message and general.reply_to_message is None
    assert photo is not None and photo.photo and photo.caption == "справка"
    assert voice is not None and voice.voice is not None and voice.voice.mime_type == "audio/ogg"
    assert document is not None and document.document is not None
    assert document.document.file_name == "договор.pdf"
    assert document.document.mime_type == "application/pdf"
    assert sticker is not None and sticker.sticker is not None
    assert all(m is not None and m.message_thread_id in (topic, None) for m in (photo, voice))


async def test_only_members_write_in_the_staff_group_and_only_admins_in_closed_topics(
    fake, bot, topic
):
    with pytest.raises(AssertionError, match="not a member"):
        fake.staff_sends(OUTSIDER, STAFF_CHAT, topic, "let me in")
    with pytest.raises(AssertionError, match="no group"):
        fake.staff_sends(CASEWORKER, -1002000000009, None, "where am I")
    await bot.close_forum_topic(STAFF_CHAT, topic)
    with pytest.raises(AssertionError, match="closed"):
        fake.staff_sends(CASEWORKER, STAFF_CHAT, topic, "still there?")
    fake.staff_sends(COORDINATOR, STAFF_CHAT, topic, "admins may")


async def test_other_groups_can_write_to_the_bot_within_privacy_mode(fake, bot):
    fake.add_group(-1002000000001, "Neighbours", members=[OUTSIDER])
    fake.add_group(-1002000000002, "Bot not admin", members=[OUTSIDER], bot_is_admin=False)
    fake.group_sends(OUTSIDER, -1002000000001, "hello from a neighbour group")
    fake.group_sends(OUTSIDER, -1002000000002, "plain chatter the bot cannot see")
    fake.group_sends(OUTSIDER, -1002000000002, "/start@jol_test_bot")
    neighbour, command = (u.message for u in await bot.get_updates(timeout=0))
    assert neighbour is not None and neighbour.chat.type == "supergroup"
    assert not neighbour.chat.is_forum and neighbour.message_thread_id is None
    assert neighbour.from_user is not None and neighbour.from_user.id == OUTSIDER.id
    assert command is not None and command.text == "/start@jol_test_bot"
    [hidden] = fake.privacy_hidden
    assert hidden["text"] == "plain chatter the bot cannot see"
    fake.user_sends(OUTSIDER, "and in private")
    [private] = [u.message for u in await bot.get_updates(timeout=0)][-1:]
    assert private is not None and private.chat.type == "private"


async def test_user_media_messages_are_valid_updates(fake, bot):
    fake.user_sends_voice(USER, duration=9)
    fake.user_sends_document(USER, file_name="patent.jpg", caption="скан")
    fake.user_sends_video(USER)
    voice, document, video = (u.message for u in await bot.get_updates(timeout=0))
    assert voice is not None and voice.voice is not None and voice.voice.duration == 9
    assert document is not None and document.document is not None
    assert (document.document.file_name, document.document.mime_type) == (
        "patent.jpg",
        "image/jpeg",
    )
    assert document.caption == "скан"
    assert video is not None and video.video is not None and video.video.mime_type == "video/mp4"


async def test_copy_message_copies_any_content_without_a_link_to_the_original(fake, bot, topic):
    originals = [
        fake.user_sends(USER, "Мне не платят зарплату"),
        fake.user_sends_voice(USER),
        fake.user_sends_document(USER, file_name="contract.pdf"),
        fake.user_sends_photo(USER, caption="паспорт"),
        fake.user_sends_sticker(USER),
        fake.user_sends_video(USER, caption="видео"),
    ]
    for message_id in originals:
        copied = await bot.copy_message(STAFF_CHAT, USER.id, message_id, message_thread_id=topic)
        assert copied.message_id > topic
    copies = fake.messages(STAFF_CHAT, topic)
    text, photo, video = copies[0], copies[3], copies[5]
    assert [m.kind for m in copies] == ["text", "voice", "document", "photo", "sticker", "video"]
    assert text.plain_text == "Мне не платят зарплату"
    user_side = {m["message_id"]: m for m in fake.history(USER.id)}
    for original_id, copied in zip(originals[1:], copies[1:], strict=True):
        assert copied.content[copied.kind] == user_side[original_id][copied.kind]
        assert copied.file_id is not None
    assert (photo.kind, photo.caption, video.caption) == ("photo", "паспорт", "видео")
    for shown in fake.history(STAFF_CHAT, topic)[1:]:
        assert "forward_origin" not in shown and shown["from"]["is_bot"]
        assert shown["message_thread_id"] == topic and shown["is_topic_message"]
    # a staff answer (with a new caption) back to the user's private chat
    answer = fake.staff_sends_photo(CASEWORKER, STAFF_CHAT, topic, caption="internal note")
    copied = await bot.copy_message(
        USER.id,
        STAFF_CHAT,
        answer,
        caption="Ответ <b>юриста</b>",
        reply_markup=keyboard([("OK", "ok")]),
    )
    [back] = [m for m in fake.messages(USER.id) if m.message_id == copied.message_id]
    assert (back.kind, back.caption, back.thread_id, back.buttons) == (
        "photo",
        "Ответ юриста",
        None,
        [["OK"]],
    )
    assert back.content["caption_entities"] == [{"type": "bold", "offset": 6, "length": 6}]
    # an empty caption removes it (aiogram leaves caption="" out, so as raw JSON)
    body = {"chat_id": USER.id, "from_chat_id": STAFF_CHAT, "message_id": answer, "caption": ""}
    url = f"{fake.base_url}/bot{TOKEN}/copyMessage"
    async with aiohttp.ClientSession() as session, session.post(url, json=body) as response:
        removed = (await response.json())["result"]
    assert fake.messages(USER.id)[-1].message_id == removed["message_id"]
    assert fake.messages(USER.id)[-1].caption is None


async def test_copy_message_errors(fake, bot, topic):
    text = fake.user_sends(USER, "hi")
    sticker = fake.user_sends_sticker(USER)
    with pytest.raises(TelegramBadRequest, match="message to copy not found"):
        await bot.copy_message(STAFF_CHAT, USER.id, 9999, message_thread_id=topic)
    with pytest.raises(TelegramBadRequest, match="chat not found"):
        await bot.copy_message(STAFF_CHAT, 424242, text, message_thread_id=topic)
    with pytest.raises(TelegramBadRequest, match="message thread not found"):
        await bot.copy_message(STAFF_CHAT, USER.id, text, message_thread_id=9999)
    with pytest.raises(TelegramBadRequest, match="message can't be copied"):
        await bot.copy_message(USER.id, STAFF_CHAT, topic)  # the topic's creation message
    with pytest.raises(TelegramBadRequest, match="no caption to replace"):
        await bot.copy_message(STAFF_CHAT, USER.id, sticker, caption="x", message_thread_id=topic)
    photo = fake.user_sends_photo(USER)
    with pytest.raises(TelegramBadRequest, match="message caption is too long"):
        await bot.copy_message(STAFF_CHAT, USER.id, photo, caption="д" * 1025)
    with pytest.raises(TelegramBadRequest, match="can't parse entities"):
        await bot.copy_message(STAFF_CHAT, USER.id, photo, caption="<oops>")
    answer = fake.staff_sends(CASEWORKER, STAFF_CHAT, topic, "Ответ")
    fake.user_blocks(USER)
    with pytest.raises(TelegramForbiddenError, match="bot was blocked by the user"):
        await bot.copy_message(USER.id, STAFF_CHAT, answer)
    # the blocked user's own messages can still be copied to the staff
    await bot.copy_message(STAFF_CHAT, USER.id, text, message_thread_id=topic)


async def test_copy_messages_and_forward_message(fake, bot, topic):
    ids = [fake.user_sends(USER, "one"), fake.user_sends_photo(USER, caption="two")]
    copies = await bot.copy_messages(
        STAFF_CHAT, USER.id, [*ids, 9999], message_thread_id=topic, remove_caption=True
    )
    assert len(copies) == 2  # the missing one is skipped
    one, two = fake.messages(STAFF_CHAT, topic)
    assert (one.plain_text, two.kind, two.caption) == ("one", "photo", None)
    with pytest.raises(TelegramBadRequest, match="strictly increasing"):
        await bot.copy_messages(STAFF_CHAT, USER.id, [ids[1], ids[0]])
    forwarded = await bot.forward_message(STAFF_CHAT, USER.id, ids[0], message_thread_id=topic)
    assert forwarded.forward_origin is not None
    assert forwarded.forward_origin.type == "user"
    assert forwarded.forward_origin.sender_user.id == USER.id
    assert forwarded.message_thread_id == topic and forwarded.text == "one"
    with pytest.raises(TelegramBadRequest, match="message to forward not found"):
        await bot.forward_message(STAFF_CHAT, USER.id, 9999)


async def test_wait_for_reply_sees_copies_and_filters_by_topic(fake, bot, topic):
    fake.user_sends(USER, "/start")
    question = fake.user_sends(USER, "Помогите")

    async def hand_off() -> None:
        await asyncio.sleep(0.05)
        await bot.send_message(STAFF_CHAT, "in General")
        await bot.copy_message(STAFF_CHAT, USER.id, question, message_thread_id=topic)

    task = asyncio.create_task(hand_off())
    arrived = await fake.wait_for_reply(STAFF_CHAT, fake.mark(), thread_id=topic)
    await task
    assert (arrived.plain_text, arrived.thread_id) == ("Помогите", topic)

    answer = fake.staff_sends(CASEWORKER, STAFF_CHAT, topic, "Мы поможем")
    task = asyncio.create_task(bot.copy_message(USER.id, STAFF_CHAT, answer))
    reply = await fake.wait_for_reply(USER.id, fake.mark())
    await task
    assert reply.plain_text == "Мы поможем"


async def test_staff_press_buttons_in_the_group(fake, bot, topic):
    await bot.send_message(
        STAFF_CHAT,
        "Взять дело?",
        message_thread_id=topic,
        reply_markup=keyboard([("Беру", "take")]),
    )
    query_id = fake.user_presses_button(CASEWORKER, "Беру", chat_id=STAFF_CHAT, thread_id=topic)
    [update] = await bot.get_updates(timeout=0)
    query = update.callback_query
    assert query is not None and query.id == query_id and query.data == "take"
    assert query.from_user.id == CASEWORKER.id
    assert query.message is not None and query.message.chat.id == STAFF_CHAT
    assert query.message.message_thread_id == topic
    with pytest.raises(AssertionError, match="not a member"):
        fake.user_presses_button(OUTSIDER, "Беру", chat_id=STAFF_CHAT)


async def test_a_group_rate_limit_answers_429_with_retry_after(fake, bot, chat):
    group = fake.add_forum_group(group_rate=(2, 60.0))
    topic = (await bot.create_forum_topic(group.id, "case")).message_thread_id  # not counted
    await bot.send_message(group.id, "1", message_thread_id=topic)
    await bot.send_message(group.id, "2")
    with pytest.raises(TelegramRetryAfter) as error:
        await bot.send_message(group.id, "3")
    assert 59 <= error.value.retry_after <= 60
    assert "Too Many Requests: retry after" in error.value.message
    fake.user_sends(USER, "hi")
    with pytest.raises(TelegramRetryAfter):
        await bot.copy_message(group.id, USER.id, fake.user_sends(USER, "x"))
    for _ in range(3):
        await bot.send_message(chat, "private chats are not limited by the group rate")
    async with aiohttp.ClientSession() as session:
        url = f"{fake.base_url}/bot{TOKEN}/sendMessage"
        async with session.post(url, json={"chat_id": group.id, "text": "4"}) as response:
            assert response.status == 429
            body = await response.json()
    assert body["error_code"] == 429 and body["parameters"]["retry_after"] >= 59
    assert (
        body["description"] == f"Too Many Requests: retry after {body['parameters']['retry_after']}"
    )


async def test_the_group_rate_window_slides(fake, bot):
    group = fake.add_group(-1002000000001, "Busy", group_rate=(1, 0.3))
    await bot.send_message(group.id, "1")
    with pytest.raises(TelegramRetryAfter) as error:
        await bot.send_message(group.id, "2")
    assert error.value.retry_after == 1  # Telegram's retry_after is whole seconds
    await asyncio.sleep(0.35)
    await bot.send_message(group.id, "2")
