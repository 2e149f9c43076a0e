"""End to end: `bot.py` runs as its own process against a local HTTP server that speaks the Bot
API and rejects what Telegram rejects. A user walks /start → language → menu → answer → Back,
the bot restarts, and the language is remembered."""

from __future__ import annotations

import json
import shutil
import signal
from pathlib import Path

from tests.e2e.conftest import TOKEN, BotProcess
from tests.e2e.fake_bot_api import FakeBotAPI, FakeUser
from tests.harness import ui
from tests.paths import FIXTURES

LANGUAGES = ["kk", "ru", "en", "uz", "tg", "ky"]
DEFAULT_SCOPE = json.dumps({"type": "default"}, sort_keys=True)


async def test_a_user_walks_the_flow_and_the_bot_remembers_the_language_after_a_restart(
    api: FakeBotAPI, bot: BotProcess
) -> None:
    user = FakeUser(id=777001, first_name="Dilnoza", language_code="de")  # not shipped: picker
    api.user_sends(user, "/start")
    picker = await api.wait_for_reply(user.id)
    assert ui("ru", "Choose your language") in picker.plain_text
    assert picker.buttons == [
        ["Қазақша", "Русский"],
        ["English", "Oʻzbekcha"],
        ["Тоҷикӣ", "Кыргызча"],
    ]

    api.user_presses_button(user, "Русский")
    menu = await api.wait_for_reply(user.id)
    assert menu.message_id == picker.message_id, "the picker is edited into the menu"
    assert menu.plain_text.startswith("Добро пожаловать в тестовый бот.")

    api.user_presses_button(user, "Регистрация")
    await api.wait_for_reply(user.id)
    api.user_presses_button(user, "Как долго вы пробудете?")
    await api.wait_for_reply(user.id)
    api.user_presses_button(user, "До 30 дней")
    answer = await api.wait_for_reply(user.id)
    assert "Если вы пробудете до 30 дней, регистрироваться не нужно." in answer.plain_text
    assert "Тестовый закон № 1, ст. 2" in answer.plain_text

    api.user_presses_button(user, ui("ru", "Back"))
    back = await api.wait_for_reply(user.id)
    assert back.plain_text.startswith("Как долго вы пробудете?")

    assert await bot.stop() == 0
    await bot.start()
    api.user_sends(user, "/menu")
    after_restart = await api.wait_for_reply(user.id)
    assert after_restart.plain_text.startswith("Добро пожаловать в тестовый бот.")

    await api.wait_for(lambda: not api.unanswered_callbacks())
    assert api.errors() == [], api.summary()


async def test_the_bot_sets_its_commands_and_descriptions_in_every_language(
    api: FakeBotAPI, bot: BotProcess
) -> None:
    await api.wait_for(lambda: len(api.short_descriptions) == len(LANGUAGES) + 1)
    for code in LANGUAGES:
        assert [c["command"] for c in api.commands[(DEFAULT_SCOPE, code)]] == [
            "menu",
            "language",
            "help",
            "reminders",
            "alerts",
            "privacy",
            "forget",
            "start",
        ]
        assert "/forget" in api.short_descriptions[code]
    assert api.descriptions["ru"] != api.descriptions["en"]
    assert api.errors() == [], api.summary()


async def test_anything_but_a_button_gets_a_reply_and_nothing_leaks_into_the_log(
    api: FakeBotAPI, bot: BotProcess
) -> None:
    user = FakeUser(id=987650001, first_name="Rustam", language_code="ru")
    api.user_sends_sticker(user)
    hint = await api.wait_for_reply(user.id)
    assert hint.buttons == [["🏠 " + ui("ru", "Main menu")]]
    api.user_sends(user, "my passport AB1234567 was taken SECRET-MARKER")
    await api.wait_for_reply(user.id)
    api.user_sends_photo(user, caption="SECRET-CAPTION")
    await api.wait_for_reply(user.id)
    api.user_sends(user, "/nonsense")
    unknown = await api.wait_for_reply(user.id)
    assert "/help" in unknown.plain_text
    assert await bot.stop() == 0
    log = bot.log.read_text(encoding="utf-8")
    assert "Update id=" in log, "the log is there and verbose (DEBUG)"
    for secret in [
        "SECRET-MARKER",
        "SECRET-CAPTION",
        "AB1234567",
        "987650001",
        TOKEN.split(":")[1],
    ]:
        assert secret not in log
    assert api.errors() == [], api.summary()


async def test_sighup_reloads_edited_content_without_a_restart(
    api: FakeBotAPI, tmp_path: Path
) -> None:
    content = tmp_path / "content"
    shutil.copytree(FIXTURES / "content", content)
    bot = BotProcess(api, tmp_path, content)
    await bot.start()
    try:
        user = FakeUser(id=777002, first_name="Farrukh", language_code="en")
        api.user_sends(user, "/start rights_police")
        assert "Carry your passport." in (await api.wait_for_reply(user.id)).plain_text

        answer = content / "topics/rights.yaml"
        answer.write_text(answer.read_text().replace("Carry your passport.", "Carry your ID card."))
        assert bot.process is not None
        bot.process.send_signal(signal.SIGHUP)
        await api.wait_for(lambda: bot.log.read_text().count("content loaded") == 2)  # start + HUP

        api.user_sends(user, "/start rights_police")
        assert "Carry your ID card." in (await api.wait_for_reply(user.id)).plain_text
        assert await bot.stop() == 0
    finally:
        if bot.process is not None:
            await bot.stop()
    assert api.errors() == [], api.summary()
