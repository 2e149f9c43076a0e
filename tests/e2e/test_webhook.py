"""`bot.py webhook`: Telegram pushes updates to Jol's web server; the operator gets /healthz
and /metrics; calls without the secret are refused."""

from __future__ import annotations

import socket
from pathlib import Path

import aiohttp

from tests.e2e.conftest import BotProcess
from tests.e2e.fake_bot_api import FakeBotAPI, FakeUser

SECRET = "webhook-secret-123"


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


async def test_updates_arrive_by_webhook_and_the_operator_can_watch(
    api: FakeBotAPI, tmp_path: Path
) -> None:
    port = _free_port()
    base = f"http://127.0.0.1:{port}"
    bot = BotProcess(
        api,
        tmp_path,
        mode="webhook",
        env={
            "WEBHOOK_URL": f"{base}/telegram",
            "WEBHOOK_SECRET": SECRET,
            "WEBHOOK_PORT": str(port),
        },
    )
    await bot.start()
    try:
        user = FakeUser(id=888001, first_name="Gulnora", language_code="en")
        api.user_sends(user, "/start")
        menu = await api.wait_for_reply(user.id)
        assert menu.plain_text.startswith("Welcome to the test bot.")
        api.user_presses_button(user, "Registration")
        screen = await api.wait_for_reply(user.id)
        assert screen.message_id == menu.message_id and screen.plain_text.startswith("Registration")
        # Counted when the webhook call returns, which is after the handler's edit arrives.
        await api.wait_for(lambda: api.webhook_deliveries == 2, timeout=10)

        async with aiohttp.ClientSession() as http:
            async with http.get(f"{base}/healthz") as health:
                assert health.status == 200 and await health.text() == "ok\n"
            async with http.get(f"{base}/metrics") as metrics:
                text = await metrics.text()
            assert 'jol_updates_total{type="message"} 1' in text
            assert 'jol_updates_total{type="callback_query"} 1' in text
            assert "jol_active_users_today 1" in text
            assert "888001" not in text
            forged = {
                "update_id": 1,
                "message": {
                    "message_id": 1,
                    "date": 0,
                    "chat": {"id": 5, "type": "private"},
                    "text": "/start",
                },
            }
            async with http.post(f"{base}/telegram", json=forged) as refused:
                assert refused.status == 401, "no secret, no update"
        assert await bot.stop() == 0
    finally:
        if bot.process is not None:
            await bot.stop()
    assert api.errors() == [], api.summary()
