"""Builds the Bot and the Dispatcher, and runs long polling with the database opened and closed
around it. Everything a handler needs is in the Dispatcher's workflow data."""

from __future__ import annotations

import asyncio
import contextlib
import logging
import signal
from collections.abc import AsyncIterator

from aiogram import Bot, Dispatcher
from aiogram.client.default import DefaultBotProperties
from aiogram.client.session.aiohttp import AiohttpSession
from aiogram.client.telegram import PRODUCTION, TelegramAPIServer
from aiogram.enums import ParseMode
from aiogram.types import LinkPreviewOptions
from aiogram.utils.i18n import I18n

from handlers import all_routers
from jol.check import Report
from jol.clock import Clock, now, today
from jol.content.loader import ContentError
from jol.content.report import as_text
from jol.editing.versions import SEED, ContentVersions
from jol.library import Library
from jol.privacy import Pseudonymizer, Sealer, load_or_create_secret
from jol.settings import Settings
from jol.storage.db import Database
from jol.storage.redis import RedisLeader
from jol.storage.stores import ProfileStore, Stores, open_stores
from jol.telegram import profile, reminders, staff
from jol.telegram.callbacks import callback_data_for
from jol.telegram.history import RecordSentMessages
from jol.telegram.metrics import Metrics
from jol.telegram.middlewares import (
    InsightsMiddleware,
    ProfileI18nMiddleware,
    RendererMiddleware,
    UserContextMiddleware,
)
from jol.telegram.relay import Courier
from jol.telegram.retry import CallbackAnswers, RetryMiddleware, RetryPolicy
from jol.telegram.serving import serve_current
from jol.telegram.shutdown import InFlight
from jol.telegram.throttling import FloodGuard

log = logging.getLogger(__name__)
DOMAIN = "bot"
EXPIRY_INTERVAL = 24 * 3600
LEADER_TTL = 10.0  # seconds: the relay loop renews it about every second


def create_bot(settings: Settings) -> Bot:
    assert settings.bot_token is not None
    api = (
        TelegramAPIServer.from_base(settings.telegram_api_url)
        if settings.telegram_api_url
        else PRODUCTION
    )
    return Bot(
        settings.bot_token.get_secret_value(),
        session=AiohttpSession(api=api, timeout=settings.request_timeout),
        default=DefaultBotProperties(
            parse_mode=ParseMode.HTML, link_preview=LinkPreviewOptions(is_disabled=True)
        ),
    )


def install_session_middlewares(
    bot: Bot, settings: Settings, dp: Dispatcher, pseudonymizer: Pseudonymizer
) -> None:
    """Retries (outermost, so a retried send is recorded once) and the sent-message log."""
    profiles: ProfileStore = dp["profiles"]

    async def on_blocked(chat_id: int) -> None:
        await profiles.mark_blocked(pseudonymizer.ref(chat_id))  # private chat id == user id

    policy = RetryPolicy(settings.retry_attempts, settings.retry_backoff, settings.retry_max_wait)
    bot.session.middleware(RetryMiddleware(policy, on_blocked))
    bot.session.middleware(RecordSentMessages(dp["sent_messages"], pseudonymizer))


def create_i18n(settings: Settings, library: Library) -> I18n:
    return I18n(
        path=library.locales_dir,  # the published version's, which may not be the seed
        default_locale=library.current.content.languages.default,
        domain=DOMAIN,
    )


def create_dispatcher(
    *,
    settings: Settings,
    library: Library,
    stores: Stores,
    pseudonymizer: Pseudonymizer,
    i18n: I18n,
    clock: Clock = now,
) -> Dispatcher:
    profiles = stores.profiles
    dp = Dispatcher(
        storage=stores.fsm,
        events_isolation=stores.isolation,
        settings=settings,
        library=library,
        db=stores.db,
        stores=stores,
        profiles=profiles,
        sent_messages=stores.sent,
        versions=ContentVersions.of(settings),
    )
    in_flight = InFlight()
    dp.update.outer_middleware(in_flight)
    dp["metrics"] = Metrics()
    dp.update.outer_middleware(dp["metrics"])

    async def finish_running_handlers(bot: Bot, confirm_updates_on_stop: bool = False) -> None:
        await in_flight.drain(bot, settings.shutdown_timeout, confirm=confirm_updates_on_stop)

    dp.shutdown.register(finish_running_handlers)
    dp.update.outer_middleware(
        UserContextMiddleware(profiles, pseudonymizer, library, clock, stores.subscriptions)
    )
    ProfileI18nMiddleware(i18n).setup(dp)
    dp.update.outer_middleware(RendererMiddleware(i18n, handoff=settings.handoff))
    dp.update.outer_middleware(InsightsMiddleware(stores.stats))
    dp.callback_query.middleware(CallbackAnswers())
    flood_guard = FloodGuard(settings.flood_rate, settings.flood_seconds)
    dp.message.middleware(flood_guard)
    dp.edited_message.middleware(flood_guard)
    dp.include_routers(*all_routers())
    return dp


@contextlib.asynccontextmanager
async def running(settings: Settings) -> AsyncIterator[tuple[Bot, Dispatcher]]:
    """Everything both modes need, set up and torn down in order: content, database, bot,
    dispatcher, the bot's profile, the daily expiry and SIGHUP reloads."""
    versions = ContentVersions.of(settings)
    library = await asyncio.to_thread(open_library, versions)
    _log_report(library.startup_report)
    db = await Database.open(settings.database_path)
    bot = create_bot(settings)
    loop = asyncio.get_running_loop()
    expiry: asyncio.Task[None] | None = None
    delivery: asyncio.Task[None] | None = None
    relaying: asyncio.Task[None] | None = None
    leader: RedisLeader | None = None
    stores: Stores | None = None
    try:
        i18n = create_i18n(settings, library)
        secret = load_or_create_secret(settings.secret_path)
        pseudonymizer = Pseudonymizer(secret)
        settings = await _staff_group_checked(bot, settings)
        stores = open_stores(
            db,
            pseudonymizer,
            Sealer(secret),
            bot_id=bot.id,
            storage_url=settings.storage_url.get_secret_value() if settings.storage_url else "",
            retention_days=settings.retention_days,
        )
        dp = create_dispatcher(
            settings=settings,
            library=library,
            stores=stores,
            pseudonymizer=pseudonymizer,
            i18n=i18n,
        )
        install_session_middlewares(bot, settings, dp, pseudonymizer)
        languages = library.current.content.languages
        await profile.publish(bot, i18n, list(languages.languages), languages.default)
        expiry = asyncio.create_task(_expire_forever(db, settings.retention_days))
        compose = reminders.composer(library, i18n, (await bot.me()).username, today)
        delivery = asyncio.create_task(reminders.deliver_forever(bot, stores, compose, now))
        if settings.staff_chat_id is not None:
            leader = RedisLeader(stores.redis, "relay", LEADER_TTL) if stores.redis else None
            courier = Courier(
                bot,
                stores.tickets,
                settings.staff_chat_id,
                settings.staff_rate,
                staff_text=lambda text: i18n.gettext(text, locale=settings.staff_language),
                today=today,
                # Several instances: one carries at a time, so messages keep their order.
                may_run=leader.hold if leader is not None else None,
            )
            dp["courier"] = courier
            relaying = asyncio.create_task(courier.run_forever())
        reloads: set[asyncio.Task[None]] = set()

        def on_sighup() -> None:
            task = asyncio.create_task(reload_content(library, versions, i18n))
            reloads.add(task)  # the loop keeps only weak references to tasks
            task.add_done_callback(reloads.discard)

        loop.add_signal_handler(signal.SIGHUP, on_sighup)
        yield bot, dp
    finally:
        loop.remove_signal_handler(signal.SIGHUP)
        for task in (expiry, delivery, relaying):
            if task is not None:
                task.cancel()
                try:
                    await task
                except asyncio.CancelledError:
                    pass
                except Exception as exc:  # it had failed: say so, and close the rest anyway
                    log.error("a background task had failed: %s", type(exc).__name__)
        if leader is not None:  # another instance may carry the messages at once
            with contextlib.suppress(Exception):
                await leader.release()
        await bot.session.close()
        if stores is not None:
            await stores.close()
        await db.close()


async def _staff_group_checked(bot: Bot, settings: Settings) -> Settings:
    """ "Ask a person" only when the staff group can take it: a person must never be told
    they are connected when nobody can read them, nor keep a topic /forget cannot delete."""
    if settings.staff_chat_id is None:
        return settings
    problem = await staff.problem(bot, settings.staff_chat_id)
    if problem is None:
        return settings
    log.error("Ask a person is OFF: %s (see docs/HANDOFF.md)", problem)
    return settings.model_copy(update={"staff_chat_id": None})


def open_library(versions: ContentVersions) -> Library:
    """The published version, or the seed when none was published. A published version that
    this Jol cannot serve (e.g. after an upgrade) must not keep the bot down: the newest one
    that passes is served (the seed last) and the log says so loudly, until an admin
    publishes or rolls back."""
    versions.clean_staging()
    current = versions.current_name()
    candidates = [current] + [v.name for v in versions.all() if v.name != current] + [SEED]
    for name in dict.fromkeys(candidates):
        try:
            library = Library(*versions.dirs(name), callback_data_for)
        except ContentError as exc:
            if name == SEED:
                raise
            log.error(
                "content version %s cannot be served, trying an older one:\n%s",
                name,
                as_text(exc.problems, ""),
            )
            continue
        if name != current:
            log.error("serving content version %s, not %s (see above)", name, current)
        return library
    raise AssertionError("unreachable: the seed either loads or raises")


async def run_polling(settings: Settings) -> None:
    async with running(settings) as (bot, dp):
        dp["confirm_updates_on_stop"] = True  # long polling confirms updates by offset
        await dp.start_polling(bot, allowed_updates=dp.resolve_used_update_types())


async def reload_content(library: Library, versions: ContentVersions, i18n: I18n) -> None:
    """SIGHUP: load, validate, swap (the version CURRENT names); on any error keep the
    current content."""
    try:
        report = await asyncio.to_thread(serve_current, library, versions, i18n, today())
    except Exception as exc:  # a reload must never take the bot down; say what happened
        log.error(
            "content NOT reloaded (%s), still serving the previous version", type(exc).__name__
        )
        return
    _log_report(report)


def _log_report(report: Report) -> None:
    if report.ok:
        log.info("content loaded: %s %d warning(s)", report.summary, len(report.problems))
    else:
        log.error(
            "content NOT (re)loaded as it is, still serving the previous version:\n%s",
            as_text(report.problems, report.summary),
        )


async def _expire_forever(db: Database, retention_days: int) -> None:
    while True:
        try:
            removed = await db.expire(today(), retention_days)
        except Exception as exc:  # a busy or full disk today must not stop expiry for good
            log.error("expiry failed, trying again later: %s", type(exc).__name__)
        else:
            if removed:
                log.info("expired %d inactive row(s)", removed)
        await asyncio.sleep(EXPIRY_INTERVAL)
