"""``python bot.py webhook``: Telegram pushes updates to an aiohttp server, for operators who run
Jol behind a reverse proxy. Also serves /healthz and /metrics. One instance per database: the
profile cache, event isolation and flood control live in the process.

Each update is acknowledged only after it was handled (``handle_in_background=False``): if the
process dies mid-answer, Telegram delivers the update again instead of it being lost.
"""

from __future__ import annotations

import asyncio
import logging
import signal
from collections.abc import Awaitable
from typing import cast

from aiogram import Bot, Dispatcher
from aiogram.webhook.aiohttp_server import SimpleRequestHandler, setup_application
from aiohttp import web

from jol.settings import Settings
from jol.storage.stores import Stores
from jol.telegram.app import running

log = logging.getLogger(__name__)


def create_app(bot: Bot, dp: Dispatcher, settings: Settings) -> web.Application:
    app = web.Application()
    SimpleRequestHandler(
        dispatcher=dp,
        bot=bot,
        handle_in_background=False,
        secret_token=settings.webhook_secret.get_secret_value()
        if settings.webhook_secret
        else None,
    ).register(app, path=settings.webhook_path)
    setup_application(app, dp, bot=bot)
    stores: Stores = dp["stores"]

    async def healthz(request: web.Request) -> web.Response:
        try:
            await stores.db.fetchone("SELECT 1")
            if stores.redis is not None:
                await cast(Awaitable[bool], stores.redis.ping())  # typed for sync and async
        except Exception as exc:  # reported, not raised: the check must answer
            log.error("health check failed: %s", type(exc).__name__)
            return web.Response(status=503, text="storage unavailable\n")
        return web.Response(text="ok\n")

    async def metrics(request: web.Request) -> web.Response:
        return web.Response(text=dp["metrics"].render(), content_type="text/plain")

    app.router.add_get("/healthz", healthz)
    app.router.add_get("/metrics", metrics)
    return app


async def run_webhook(settings: Settings) -> None:
    if not settings.webhook_url:
        raise SystemExit("WEBHOOK_URL is not set: the public https address Telegram should call")
    if not settings.webhook_secret:
        # Without it anyone who finds the URL can post forged updates (e.g. a /forget for
        # someone else).
        raise SystemExit(
            "WEBHOOK_SECRET is not set: a random string Telegram sends with every call"
        )
    async with running(settings) as (bot, dp):
        await bot.set_webhook(
            url=settings.webhook_url,
            secret_token=settings.webhook_secret.get_secret_value()
            if settings.webhook_secret
            else None,
            allowed_updates=dp.resolve_used_update_types(),
            drop_pending_updates=False,  # what people sent while Jol was down is still answered
        )
        runner = web.AppRunner(create_app(bot, dp, settings), access_log=None)
        await runner.setup()
        await web.TCPSite(runner, settings.webhook_host, settings.webhook_port).start()
        log.info("webhook server listening on %s:%d", settings.webhook_host, settings.webhook_port)
        stop = asyncio.Event()
        loop = asyncio.get_running_loop()
        for signum in (signal.SIGTERM, signal.SIGINT):
            loop.add_signal_handler(signum, stop.set)
        await stop.wait()
        log.info("stopping: finishing running handlers")
        await runner.cleanup()  # stops accepting, then the Dispatcher's shutdown drains handlers
