"""10,000 generated updates of every kind through the real Dispatcher, Jol's routers and a real
SQLite file: no handler ever fails, every private message and every button press gets an
answer, and groups hear nothing unless Jol is addressed by name."""

from __future__ import annotations

import asyncio
import logging
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from aiogram.methods import AnswerCallbackQuery, EditMessageText, SendMessage
from aiogram.types import (
    CallbackQuery,
    Chat,
    ChatMemberLeft,
    ChatMemberMember,
    ChatMemberUpdated,
    Contact,
    Dice,
    Document,
    InaccessibleMessage,
    InlineQuery,
    Location,
    Message,
    MessageEntity,
    PhotoSize,
    Update,
    User,
    Voice,
)
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from jol.telegram.callbacks import ConfirmCallback, LanguageCallback, NavCallback
from tests.harness import STICKER, JolTestBot
from tests.paths import FIXTURES

EXAMPLES = 10_000
NODES = [
    "main",
    "registration",
    "registration_stay",
    "registration_needed",
    "rights_police",
    "emergency",
    "registration_old_rule",
    "no_such_node",
    "",
]
NOW = datetime(2026, 11, 25, 12, tzinfo=UTC)

texts = st.one_of(
    st.text(max_size=50),
    st.text(min_size=4000, max_size=5000, alphabet=st.characters(codec="utf-8")),
    st.sampled_from(
        [
            "/start",
            "/menu",
            "/help",
            "/privacy",
            "/forget",
            "/language",
            "/reload",
            "/start registration_needed",
            "/start ../../etc",
            "/nonsense",
            "/",
            "/start@jol_test_bot",
            "/help@other_bot",
            "регистрация сколько дней",
            "\u202e\u0000\ufffd",
            "🙂" * 3000,
        ]
    ),
)
users = st.builds(
    User,
    id=st.integers(min_value=1, max_value=40),
    is_bot=st.just(False),
    first_name=st.text(min_size=1, max_size=20),
    language_code=st.sampled_from([None, "ru", "en", "uz", "kk", "tg", "ky", "de", "fa", "zz-ZZ"]),
)
private_or_group = st.sampled_from(["private", "private", "private", "group", "supergroup"])
callback_data = st.one_of(
    st.sampled_from(NODES).map(lambda node: NavCallback(node=node).pack()),
    st.sampled_from(["ru", "uz", "xx", ""]).map(lambda code: LanguageCallback(code=code).pack()),
    st.booleans().map(lambda yes: ConfirmCallback(what="forget", yes=yes).pack()),
    st.text(max_size=64),
    st.sampled_from(["n:", "l:", "c:forget:", "n:main:extra", "c:forget:maybe", "l:ru:nowhere"]),
)


def _chat(user: User, kind: str) -> Chat:
    return (
        Chat(id=user.id, type="private")
        if kind == "private"
        else Chat(id=-1000 - user.id, type=kind)
    )


def _content(draw: st.DrawFn) -> dict[str, Any]:
    kind = draw(
        st.sampled_from(
            [
                "text",
                "text",
                "sticker",
                "photo",
                "voice",
                "location",
                "contact",
                "document",
                "dice",
                "caption",
            ]
        )
    )
    if kind == "text":
        text = draw(texts)
        entities = draw(
            st.lists(
                st.builds(
                    MessageEntity,
                    type=st.sampled_from(["bold", "bot_command", "url"]),
                    offset=st.integers(-5, 6000),
                    length=st.integers(0, 6000),
                ),
                max_size=3,
            )
        )
        return {"text": text, "entities": entities or None}
    return {
        "sticker": {"sticker": STICKER},
        "photo": {"photo": [PhotoSize(file_id="p", file_unique_id="p", width=1, height=1)]},
        "voice": {"voice": Voice(file_id="v", file_unique_id="v", duration=1)},
        "location": {"location": Location(latitude=43.2, longitude=76.9)},
        "contact": {"contact": Contact(phone_number="+77010000000", first_name="C")},
        "document": {"document": Document(file_id="d", file_unique_id="d")},
        "dice": {"dice": Dice(emoji="🎲", value=3)},
        "caption": {
            "photo": [PhotoSize(file_id="p", file_unique_id="p", width=1, height=1)],
            "caption": draw(st.text(max_size=1024)),
        },
    }[kind]


@st.composite
def updates(draw: st.DrawFn) -> tuple[str, Update]:
    user = draw(users)
    kind = draw(
        st.sampled_from(
            [
                "message",
                "message",
                "message",
                "edited_message",
                "callback_query",
                "callback_query",
                "stale_callback",
                "channel_post",
                "inline_query",
                "my_chat_member",
            ]
        )
    )
    if kind in ("message", "edited_message"):
        chat = _chat(user, draw(private_or_group))
        extra = {"edit_date": 1_764_000_000} if kind == "edited_message" else {}
        message = Message(
            message_id=draw(st.integers(1, 10**6)),
            date=NOW,
            chat=chat,
            from_user=user,
            **_content(draw),
            **extra,
        )
        return kind, Update(update_id=0, **{kind: message})
    if kind in ("callback_query", "stale_callback"):
        chat = Chat(id=user.id, type="private")
        if kind == "stale_callback":
            message: Message | InaccessibleMessage = InaccessibleMessage(chat=chat, message_id=1)
        else:
            message = Message(
                message_id=draw(st.integers(1, 10**6)), date=NOW, chat=chat, text="old screen"
            )
        query = CallbackQuery(
            id=str(draw(st.integers())),
            from_user=user,
            chat_instance="c",
            message=message,
            data=draw(callback_data),
        )
        return "callback_query", Update(update_id=0, callback_query=query)
    if kind == "channel_post":
        channel = Chat(id=-100999, type="channel", title="news")
        return kind, Update(
            update_id=0,
            channel_post=Message(message_id=1, date=NOW, chat=channel, **_content(draw)),
        )
    if kind == "inline_query":
        return kind, Update(
            update_id=0,
            inline_query=InlineQuery(id="i", from_user=user, query=draw(texts)[:256], offset=""),
        )
    member = ChatMemberUpdated(
        chat=Chat(id=user.id, type="private"),
        from_user=user,
        date=NOW,
        old_chat_member=ChatMemberMember(user=user),
        new_chat_member=ChatMemberLeft(user=user),
    )
    return kind, Update(update_id=0, my_chat_member=member)


class _Failures(logging.Handler):
    def __init__(self) -> None:
        super().__init__(logging.ERROR)
        self.records: list[logging.LogRecord] = []

    def emit(self, record: logging.LogRecord) -> None:
        self.records.append(record)


def test_ten_thousand_generated_updates_never_break_jol_and_never_go_unanswered(
    tmp_path: Path,
) -> None:
    loop = asyncio.new_event_loop()
    jol = loop.run_until_complete(JolTestBot.start(tmp_path, content_dir=FIXTURES / "content"))
    failures = _Failures()
    logging.getLogger().addHandler(failures)
    counter = iter(range(1, 10**9))
    seen = {"private": 0, "callbacks": 0}

    @settings(
        max_examples=EXAMPLES,
        deadline=None,
        derandomize=True,
        database=None,
        suppress_health_check=list(HealthCheck),
    )
    @given(updates())
    def feed(generated: tuple[str, Update]) -> None:
        kind, update = generated
        update = update.model_copy(update={"update_id": next(counter)})
        start = len(jol.session.calls)
        loop.run_until_complete(jol.dp.feed_update(jol.bot, update))
        calls = jol.session.calls[start:]
        assert not failures.records, [r.getMessage() for r in failures.records]
        if kind in ("message", "edited_message"):
            message = update.message or update.edited_message
            assert message is not None
            replied = [
                c
                for c in calls
                if isinstance(c, SendMessage | EditMessageText) and c.chat_id == message.chat.id
            ]
            if message.chat.type == "private":
                seen["private"] += 1
                assert replied, f"no reply to a private {kind}"
            elif not (message.text or "").split(" ")[0].endswith("@jol_test_bot"):
                assert not replied, "the bot spoke in a group unasked"
        elif kind == "callback_query":
            assert update.callback_query is not None
            seen["callbacks"] += 1
            answers = [
                c
                for c in calls
                if isinstance(c, AnswerCallbackQuery)
                and c.callback_query_id == update.callback_query.id
            ]
            assert len(answers) == 1, "every button press is answered exactly once"
        else:
            assert not [c for c in calls if isinstance(c, SendMessage)], f"{kind} got a message"

    try:
        feed()
    finally:
        logging.getLogger().removeHandler(failures)
        loop.run_until_complete(jol.stop())
        loop.close()
    assert seen["private"] > 2000 and seen["callbacks"] > 2000
