"""The real Dispatcher with Jol's routers and content, fed simulated users; the Bot API is
answered in-process, so what is measured is Jol and its storage, not a network."""

from __future__ import annotations

import asyncio
import itertools
import time
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from aiogram import Bot, Dispatcher
from aiogram.client.session.base import BaseSession
from aiogram.fsm.storage.base import BaseStorage, StateType, StorageKey
from aiogram.methods import GetMe, SendMessage, TelegramMethod
from aiogram.types import CallbackQuery, Chat, Message, MessageEntity, Update, User

from jol.library import Library
from jol.privacy import Pseudonymizer, Sealer
from jol.settings import Settings
from jol.storage.db import Database
from jol.storage.stores import Stores, open_stores
from jol.telegram.app import create_dispatcher, create_i18n, install_session_middlewares
from jol.telegram.callbacks import CalcCallback, LanguageCallback, NavCallback

ROOT = Path(__file__).resolve().parents[1]
BOT_USER = User(id=42, is_bot=True, first_name="Jol", username="jol_bench_bot")
TOKEN = "42:BENCH-TOKEN-aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa"
SECRET = b"benchmark-secret"
LANGUAGES = ["ru", "uz", "kk", "en", "ky", "tg"]


class InProcessAPI(BaseSession):
    """Answers every Bot API call at once, as Telegram would for a private chat."""

    def __init__(self) -> None:
        super().__init__()
        self._ids = itertools.count(1)

    async def make_request(
        self,
        bot: Bot,
        method: TelegramMethod[Any],
        timeout: int | None = None,  # noqa: ASYNC109 (aiogram's signature)
    ) -> Any:
        if isinstance(method, GetMe):
            return BOT_USER
        if isinstance(method, SendMessage):
            return _message(int(method.chat_id), next(self._ids), BOT_USER, "…")
        return True  # edits, callback answers, deletions

    async def close(self) -> None:
        pass

    async def stream_content(self, *args: Any, **kwargs: Any) -> Any:  # pragma: no cover
        raise NotImplementedError


def _message(chat_id: int, message_id: int, sender: User, text: str) -> Message:
    entities = None
    if text.startswith("/"):
        entities = [MessageEntity(type="bot_command", offset=0, length=len(text.split()[0]))]
    return Message(
        message_id=message_id,
        date=datetime.now(UTC),
        chat=Chat(id=chat_id, type="private"),
        from_user=sender,
        text=text,
        entities=entities,
    )


# A person's visit, as the steps they take: menus (read the FSM state only) and a calculator
# (each answer also writes state and data, as people's answers do).
Step = tuple[str, str]  # ("text", "...") or ("tap", callback data)
VISIT: list[Step] = [
    ("text", "/start"),
    # The registration calculator: every step writes the dialog to the FSM storage.
    ("tap", NavCallback(node="registration_calculator").pack()),
    ("tap", CalcCallback(step="country", value="UZ").pack()),
    ("text", "01.11.2026"),
    ("tap", CalcCallback(step="home", value="rented").pack()),
    ("tap", NavCallback(node="registration").pack()),
    ("tap", NavCallback(node="registration_stay").pack()),
    ("tap", NavCallback(node="registration_required").pack()),
    ("tap", NavCallback(node="main").pack()),
    ("tap", NavCallback(node="stay").pack()),
    ("tap", NavCallback(node="stay_count_days").pack()),
    ("tap", NavCallback(node="main").pack()),
]
FIRST_VISIT: list[Step] = [("tap", LanguageCallback(code="ru").pack()), *VISIT]


def visit_updates(user_id: int, steps: Sequence[Step], ids: itertools.count[int]) -> list[Update]:
    user = User(
        id=user_id,
        is_bot=False,
        first_name="A",
        language_code=LANGUAGES[user_id % len(LANGUAGES)],
    )
    screen = _message(user_id, 1, BOT_USER, "…")
    updates = []
    for kind, value in steps:
        update_id = next(ids)
        if kind == "text":
            message = _message(user_id, update_id, user, value)
            updates.append(Update(update_id=update_id, message=message))
        else:
            query = CallbackQuery(
                id=str(update_id), from_user=user, chat_instance="c", message=screen, data=value
            )
            updates.append(Update(update_id=update_id, callback_query=query))
    return updates


@dataclass
class Counts:
    reads: int = 0
    writes: int = 0


class CountingStorage(BaseStorage):
    """Counts the calls that reach the storage (for the read/write mix), then delegates."""

    def __init__(self, inner: BaseStorage, counts: Counts) -> None:
        self.inner, self.counts = inner, counts

    async def set_state(self, key: StorageKey, state: StateType = None) -> None:
        self.counts.writes += 1
        await self.inner.set_state(key, state)

    async def get_state(self, key: StorageKey) -> str | None:
        self.counts.reads += 1
        return await self.inner.get_state(key)

    async def set_data(self, key: StorageKey, data: Any) -> None:
        self.counts.writes += 1
        await self.inner.set_data(key, data)

    async def get_data(self, key: StorageKey) -> dict[str, Any]:
        self.counts.reads += 1
        return await self.inner.get_data(key)

    async def close(self) -> None:
        await self.inner.close()


@dataclass
class JolUnderTest:
    dp: Dispatcher
    bot: Bot
    db: Database
    stores: Stores
    latencies: list[float] = field(default_factory=list)
    # Updates handled at once. Telegram hands a bot at most 100 updates per getUpdates and
    # opens at most 100 webhook connections (default 40): beyond that, updates wait upstream.
    in_flight: asyncio.Semaphore = field(default_factory=lambda: asyncio.Semaphore(100))

    @classmethod
    async def start(
        cls,
        workdir: Path,
        library: Library,
        *,
        storage_url: str = "",
        fsm: Callable[[Stores], BaseStorage] | None = None,
    ) -> JolUnderTest:
        settings = Settings(
            _env_file=None,  # type: ignore[call-arg]
            database_path=workdir / "jol.sqlite3",
            content_dir=ROOT / "content",
            locales_dir=ROOT / "locales",
            secret_path=workdir / "secret.key",
            flood_rate=1_000_000,  # simulated users type faster than people
        )
        db = await Database.open(settings.database_path)
        pseudonymizer = Pseudonymizer(SECRET)
        bot = Bot(TOKEN, session=InProcessAPI())
        stores = open_stores(
            db, pseudonymizer, Sealer(SECRET), bot_id=bot.id, storage_url=storage_url
        )
        if fsm is not None:
            stores.fsm = fsm(stores)
        dp = create_dispatcher(
            settings=settings,
            library=library,
            stores=stores,
            pseudonymizer=pseudonymizer,
            i18n=create_i18n(settings, library),
        )
        install_session_middlewares(bot, settings, dp, pseudonymizer)
        return cls(dp, bot, db, stores)

    async def feed(self, update: Update) -> None:
        async with self.in_flight:
            started = time.perf_counter()
            await self.dp.feed_update(self.bot, update)
            self.latencies.append(time.perf_counter() - started)

    async def walk(self, updates: Sequence[Update]) -> None:
        for update in updates:
            await self.feed(update)

    async def stop(self) -> None:
        await self.stores.close()
        await self.db.close()
