"""Handler tests that read like a user's taps (after aiogram_dialog's BotClient): a real
Dispatcher with Jol's routers and a real SQLite file; only the HTTP session (the network edge)
is replaced, recording what the user would see."""

from __future__ import annotations

import asyncio
import gettext
import itertools
import shutil
from dataclasses import dataclass, field
from datetime import UTC, date, datetime
from pathlib import Path
from typing import Any

from aiogram import Bot, Dispatcher
from aiogram.client.session.base import BaseSession
from aiogram.exceptions import TelegramBadRequest, TelegramForbiddenError, TelegramServerError
from aiogram.methods import (
    AnswerCallbackQuery,
    DeleteMessages,
    EditMessageReplyMarkup,
    EditMessageText,
    GetFile,
    GetMe,
    SendDocument,
    SendMessage,
    SendPhoto,
    SetMyCommands,
    SetMyDescription,
    SetMyShortDescription,
    TelegramMethod,
)
from aiogram.types import (
    BufferedInputFile,
    CallbackQuery,
    Chat,
    Document,
    File,
    InlineKeyboardMarkup,
    Message,
    MessageEntity,
    Sticker,
    Update,
    User,
)
from aiogram.utils.i18n import I18n

from jol.editing.versions import ContentVersions
from jol.library import Library
from jol.markup import to_plain
from jol.privacy import Pseudonymizer, Sealer
from jol.settings import Settings
from jol.storage.db import Database
from jol.storage.stores import Stores, open_stores
from jol.telegram.app import (
    create_dispatcher,
    create_i18n,
    install_session_middlewares,
    open_library,
)
from tests.paths import FIXTURES, ROOT
from tests.storage.support import redis_bytes

BOT_USER = User(id=42, is_bot=True, first_name="Jol", username="jol_test_bot")
TODAY = date(2026, 11, 25)
STICKER = Sticker(
    file_id="s",
    file_unique_id="s",
    type="regular",
    width=1,
    height=1,
    is_animated=False,
    is_video=False,
)


def ui(language: str, text: str) -> str:
    """A UI string as the user sees it in ``language``, from the real compiled catalogs."""
    found = gettext.translation("bot", ROOT / "locales", languages=[language], fallback=True)
    return found.gettext(text)


def real_locales(target: Path) -> Path:
    """A copy of the shipped catalogs (with the UI ones compiled by `make setup`)."""
    if not target.exists():
        shutil.copytree(ROOT / "locales", target, ignore=shutil.ignore_patterns("*.pot"))
    return target


def fixture_locales(target: Path) -> Path:
    """The real UI catalogs (compiled by `make setup`) with the fixture content catalogs."""
    for mo in (ROOT / "locales").glob("*/LC_MESSAGES/bot.mo"):
        destination = target / mo.relative_to(ROOT / "locales")
        destination.parent.mkdir(parents=True, exist_ok=True)
        shutil.copy(mo, destination)
    shutil.copytree(FIXTURES / "locales", target, dirs_exist_ok=True)
    return target


@dataclass
class Shown:
    """A message as the user sees it."""

    message_id: int
    html: str
    markup: InlineKeyboardMarkup | None

    @property
    def text(self) -> str:
        return to_plain(self.html)

    @property
    def buttons(self) -> list[str]:
        return [b.text for row in (self.markup.inline_keyboard if self.markup else []) for b in row]

    def button(self, label: str) -> Any:
        for row in self.markup.inline_keyboard if self.markup else []:
            for button in row:
                if button.text == label or label in button.text:
                    return button
        raise AssertionError(f"no button {label!r}; the user sees {self.buttons}")


class RecordingSession(BaseSession):
    """Answers Bot API calls as Telegram would for a private chat and records them."""

    def __init__(self) -> None:
        super().__init__()
        self.calls: list[TelegramMethod[Any]] = []
        self.chats: dict[int, dict[int, Shown]] = {}
        self.callback_answers: dict[str, AnswerCallbackQuery] = {}
        self._ids = itertools.count(1000)
        self._failures: list[str] = []
        self.slow_chats: dict[int, asyncio.Event] = {}  # sends to these chats wait for the event
        self.forbidden_chats: set[int] = set()  # these users blocked the bot (403)
        self.files: dict[int, list[tuple[str, bytes]]] = {}  # chat -> (file name, content) sent
        self.uploads: dict[str, bytes] = {}  # file id -> what a user sent

    def fail_next(self, method_name: str, times: int = 1) -> None:
        """The next calls of this method fail as Telegram's servers sometimes do (HTTP 500)."""
        self._failures.extend([method_name] * times)

    async def make_request(
        self,
        bot: Bot,
        method: TelegramMethod[Any],
        timeout: int | None = None,
    ) -> Any:
        self.calls.append(method)
        if type(method).__name__ in self._failures:
            self._failures.remove(type(method).__name__)
            raise TelegramServerError(method, "Internal Server Error")
        if isinstance(method, GetMe):
            return BOT_USER
        if isinstance(method, SendMessage):
            if int(method.chat_id) in self.forbidden_chats:
                raise TelegramForbiddenError(method, "Forbidden: bot was blocked by the user")
            if int(method.chat_id) in self.slow_chats:
                await self.slow_chats[int(method.chat_id)].wait()
            shown = Shown(next(self._ids), method.text, method.reply_markup)  # type: ignore[arg-type]
            self.chats.setdefault(int(method.chat_id), {})[shown.message_id] = shown
            return self._message(int(method.chat_id), shown)
        if isinstance(method, EditMessageText):
            chat = self.chats.get(int(method.chat_id or 0), {})
            current = chat.get(method.message_id or 0)
            if current is None:
                raise TelegramBadRequest(method, "Bad Request: message to edit not found")
            if current.html == method.text and current.markup == method.reply_markup:
                raise TelegramBadRequest(
                    method,
                    "Bad Request: message is not modified: specified new "
                    "message content and reply markup are exactly the same",
                )
            current.html, current.markup = method.text, method.reply_markup  # type: ignore[assignment]
            return self._message(int(method.chat_id or 0), current)
        if isinstance(method, EditMessageReplyMarkup):
            chat = self.chats.get(int(method.chat_id or 0), {})
            current = chat.get(method.message_id or 0)
            if current is None:
                raise TelegramBadRequest(method, "Bad Request: message to edit not found")
            if current.markup == method.reply_markup:
                raise TelegramBadRequest(method, "Bad Request: message is not modified")
            current.markup = method.reply_markup
            return self._message(int(method.chat_id or 0), current)
        if isinstance(method, SendPhoto | SendDocument):
            upload = method.photo if isinstance(method, SendPhoto) else method.document
            assert isinstance(upload, BufferedInputFile), "Jol uploads what it made"
            self.files.setdefault(int(method.chat_id), []).append((upload.filename, upload.data))
            shown = Shown(next(self._ids), method.caption or "", None)
            self.chats.setdefault(int(method.chat_id), {})[shown.message_id] = shown
            return self._message(int(method.chat_id), shown)
        if isinstance(method, GetFile):
            if method.file_id not in self.uploads:
                raise TelegramBadRequest(method, "Bad Request: invalid file_id")
            return File(
                file_id=method.file_id,
                file_unique_id=method.file_id,
                file_path=f"documents/{method.file_id}",
            )
        if isinstance(method, AnswerCallbackQuery):
            if method.callback_query_id in self.callback_answers:
                raise TelegramBadRequest(
                    method, "Bad Request: query is too old and response timeout expired"
                )
            self.callback_answers[method.callback_query_id] = method
            return True
        if isinstance(method, SetMyCommands | SetMyDescription | SetMyShortDescription):
            return True
        if isinstance(method, DeleteMessages):  # unknown ids are skipped, as Telegram does
            for message_id in method.message_ids:
                self.chats.get(int(method.chat_id), {}).pop(message_id, None)
            return True
        raise AssertionError(f"unexpected Bot API call {type(method).__name__}")

    def _message(self, chat_id: int, shown: Shown) -> Message:
        return Message(
            message_id=shown.message_id,
            date=datetime.now(UTC),
            chat=Chat(id=chat_id, type="private"),
            from_user=BOT_USER,
            text=to_plain(shown.html),
            reply_markup=shown.markup,
        )

    async def close(self) -> None:
        pass

    async def stream_content(self, url: str, *args: Any, **kwargs: Any) -> Any:
        """Downloads of files users sent (an admin's upload): the bytes by file path."""
        yield self.uploads[url.rsplit("/", 1)[1]]


@dataclass
class JolTestBot:
    dp: Dispatcher
    bot: Bot
    session: RecordingSession
    db: Database
    stores: Stores
    library: Library
    i18n: I18n
    _update_ids: itertools.count[int] = field(default_factory=lambda: itertools.count(1))

    @classmethod
    async def start(
        cls,
        tmp_path: Path,
        content_dir: Path | None = None,
        admin_ids: frozenset[int] = frozenset(),
        flood_rate: int = 1000,  # tests type faster than people; the flood test sets it
        storage_url: str = "",
        locales_dir: Path | None = None,
    ) -> JolTestBot:
        settings = Settings(
            _env_file=None,  # type: ignore[call-arg]
            database_path=tmp_path / "jol.sqlite3",
            content_dir=content_dir or FIXTURES / "content",
            locales_dir=locales_dir or fixture_locales(tmp_path / "locales"),
            secret_path=tmp_path / "secret.key",
            versions_dir=tmp_path / "versions",
            admin_ids=admin_ids,
            flood_rate=flood_rate,
            retry_backoff=0.01,
        )
        library = open_library(ContentVersions.of(settings))
        db = await Database.open(settings.database_path)
        session = RecordingSession()
        pseudonymizer = Pseudonymizer(b"test-secret")
        bot = Bot("42:TEST-TOKEN-aaaaaaaaaaaaaaaaaaaaaaaaaaaaaa", session=session)
        i18n = create_i18n(settings, library)
        stores = open_stores(
            db, pseudonymizer, Sealer(b"test-secret"), bot_id=bot.id, storage_url=storage_url
        )
        dp = create_dispatcher(
            settings=settings,
            library=library,
            stores=stores,
            pseudonymizer=pseudonymizer,
            i18n=i18n,
            clock=lambda: datetime(TODAY.year, TODAY.month, TODAY.day, 12, tzinfo=UTC),
        )
        install_session_middlewares(bot, settings, dp, pseudonymizer)
        return cls(dp, bot, session, db, stores, library, i18n)

    def ref(self, user: TelegramUser) -> str:
        """The pseudonym Jol stores the user under."""
        return Pseudonymizer(b"test-secret").ref(user.user.id)

    async def everything_stored(self) -> bytes:
        """Every byte Jol keeps: the SQLite file and its WAL and, with Redis, every key and
        value there."""
        await self.db.checkpoint()
        parts = [path.read_bytes() for path in self.db.path.parent.glob(self.db.path.name + "*")]
        if self.stores.redis is not None:
            parts.append(await redis_bytes(self.stores.redis))
        return b"\n".join(parts)

    async def stop(self) -> None:
        await self.stores.close()
        await self.db.close()

    def user(self, user_id: int = 1001, language_code: str | None = "ru") -> TelegramUser:
        return TelegramUser(
            self, User(id=user_id, is_bot=False, first_name="Test", language_code=language_code)
        )

    async def feed(self, **update: Any) -> None:
        await self.dp.feed_update(self.bot, Update(update_id=next(self._update_ids), **update))


@dataclass
class TelegramUser:
    """One person in a private chat with the bot."""

    jol: JolTestBot
    user: User
    last_query_id: str = ""

    @property
    def chat(self) -> Chat:
        return Chat(id=self.user.id, type="private")

    @property
    def messages(self) -> list[Shown]:
        return list(self.jol.session.chats.get(self.user.id, {}).values())

    @property
    def screen(self) -> Shown:
        """The newest message the bot sent or edited, i.e. what is on the user's screen."""
        assert self.messages, "the bot has sent nothing to this user"
        return self.messages[-1]

    def _message(self, **fields: Any) -> Message:
        return Message(
            message_id=next(self.jol.session._ids),
            date=datetime.now(UTC),
            chat=self.chat,
            from_user=self.user,
            **fields,
        )

    async def send(self, text: str) -> Shown:
        entities = None
        if text.startswith("/"):
            entities = [MessageEntity(type="bot_command", offset=0, length=len(text.split()[0]))]
        await self.jol.feed(message=self._message(text=text, entities=entities))
        return self.screen

    async def send_document(self, file_name: str, data: bytes) -> Shown:
        file_id = f"doc{next(self.jol.session._ids)}"
        self.jol.session.uploads[file_id] = data
        document = Document(
            file_id=file_id, file_unique_id=file_id, file_name=file_name, file_size=len(data)
        )
        await self.jol.feed(message=self._message(document=document))
        return self.screen

    async def send_sticker(self) -> Shown:
        await self.jol.feed(message=self._message(sticker=STICKER))
        return self.screen

    async def send_update(self, **update: Any) -> None:
        await self.jol.feed(**update)

    async def press(self, label: str, on: Shown | None = None) -> Shown:
        """Press the button whose label contains ``label`` (on ``on``, default the newest)."""
        shown = on or self.screen
        button = shown.button(label)
        assert button.callback_data, f"{label!r} is a link button"
        self.last_query_id = await self.press_data(button.callback_data, shown)
        return self.screen

    async def press_data(self, data: str, shown: Shown | None = None) -> str:
        shown = shown or self.screen
        query_id = f"q{next(self.jol.session._ids)}"
        message = self.jol.session._message(self.user.id, shown)
        await self.jol.feed(
            callback_query=CallbackQuery(
                id=query_id, from_user=self.user, chat_instance="c", message=message, data=data
            )
        )
        return query_id

    def answer_to(self, query_id: str) -> AnswerCallbackQuery | None:
        return self.jol.session.callback_answers.get(query_id)
