"""A reminder that fell due while the bot was down is sent when it starts, once: not again
after the next restart."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from pathlib import Path

from jol.clock import today
from jol.privacy import Pseudonymizer, Sealer
from jol.storage.db import Database
from jol.storage.reminders import NewReminder, SQLiteReminders
from tests.e2e.conftest import BotProcess
from tests.e2e.fake_bot_api import FakeBotAPI, FakeUser
from tests.paths import ROOT

CHAT = 777_123


async def _store_due_reminder(data: Path) -> None:
    secret = (data / "secret.key").read_bytes()
    db = await Database.open(data / "jol.sqlite3")
    try:
        deadline = today() + timedelta(days=3)
        reminder = NewReminder(
            due=datetime.now(UTC) - timedelta(hours=1),  # fell due while the bot was down
            useful_until=deadline,
            kind="registration",
            payload={
                "what": "register_online",
                "deadline": deadline.isoformat(),
                "node": "registration_required",
            },
        )
        ref = Pseudonymizer(secret).ref(CHAT)
        await SQLiteReminders(db, Sealer(secret)).add(ref, CHAT, [reminder])
    finally:
        await db.close()


async def test_a_reminder_due_during_downtime_is_sent_on_start_and_only_once(
    api: FakeBotAPI, tmp_path: Path
) -> None:
    bot = BotProcess(api, tmp_path, content=ROOT / "content")
    await bot.start()  # creates the database and the secret key
    user = FakeUser(id=CHAT, first_name="Aziz", language_code="en")
    api.user_sends(user, "/start")  # Telegram lets a bot write only to people who wrote first
    await api.wait_for_reply(user.id)
    assert await bot.stop() == 0
    await _store_due_reminder(tmp_path)

    await bot.start()
    await api.wait_for(lambda: len(api.messages(CHAT)) == 2, timeout=20)
    sent = api.messages(CHAT)[-1]
    assert sent.plain_text.startswith("🔔 Reminder: register online")
    assert "(days left: 3)" in sent.plain_text
    assert sent.buttons[0] == ["Longer stay: register online"]
    assert await bot.stop() == 0

    rounds = bot.log.read_text().count("reminder round:")
    await bot.start()
    # The start-up delivery round of the new process has run and found nothing due.
    await api.wait_for(lambda: bot.log.read_text().count("reminder round:") > rounds, timeout=20)
    assert await bot.stop() == 0
    rounds_after = [line for line in bot.log.read_text().splitlines() if "reminder round:" in line]
    assert rounds_after[-1].endswith("reminder round: 0 due")
    assert len(api.messages(CHAT)) == 2, "not sent twice"
