"""What Jol remembers, for how long, and how a person erases it."""

from pathlib import Path

from tests.harness import JolTestBot, ui


async def test_chosen_language_survives_a_restart(tmp_path: Path) -> None:
    first = await JolTestBot.start(tmp_path)
    user = first.user(language_code="ru")
    await user.send("/language")
    await user.press("Oʻzbekcha")
    await first.stop()

    second = await JolTestBot.start(tmp_path)
    try:
        screen = await second.user(language_code="ru").send("/menu")
        assert screen.buttons[-1].startswith("🌐 " + ui("uz", "Language"))
    finally:
        await second.stop()


async def test_buttons_on_old_messages_work_after_a_restart(tmp_path: Path) -> None:
    first = await JolTestBot.start(tmp_path)
    user = first.user(language_code="en")
    old = await user.send("/start")
    await first.stop()

    second = await JolTestBot.start(tmp_path)
    try:
        second.session.chats = first.session.chats  # the user's phone still shows the old message
        again = second.user(language_code="en")
        screen = await again.press("Registration", on=old)
        assert screen.text.startswith("Registration")
    finally:
        await second.stop()


async def test_privacy_explains_what_is_stored_and_for_how_long(jol: JolTestBot) -> None:
    screen = await jol.user(language_code="en").send("/privacy")
    assert "What Jol stores about you" in screen.text
    assert "deleted automatically after 90 days without use" in screen.text
    assert "/forget" in screen.text


async def test_help_lists_the_commands(jol: JolTestBot) -> None:
    screen = await jol.user(language_code="en").send("/help")
    for command in ["/menu", "/language", "/privacy", "/forget"]:
        assert command in screen.text


async def test_forget_asks_first_then_erases_the_language(jol: JolTestBot) -> None:
    user = jol.user(language_code="en")
    await user.send("/language")
    await user.press("Русский")
    confirm = await user.send("/forget")
    assert confirm.buttons == [ui("ru", "Yes, delete"), ui("ru", "Cancel")]
    done = await user.press(ui("ru", "Yes, delete"))
    assert done.text == ui("ru", "Done: everything Jol stored about you is deleted.")
    rows = await jol.db.fetchone("SELECT count(*) FROM profiles")
    assert rows == (0,)
    menu = await user.send("/menu")
    assert menu.buttons[0] == "Emergency", "back to Telegram's language (en)"


async def test_forget_cancelled_keeps_everything(jol: JolTestBot) -> None:
    user = jol.user(language_code="en")
    await user.send("/language")
    await user.press("Русский")
    await user.send("/forget")
    done = await user.press(ui("ru", "Cancel"))
    assert done.text == ui("ru", "Nothing was deleted.")
    assert (await user.send("/menu")).buttons[0] == "Экстренная помощь"


async def test_the_database_never_contains_the_telegram_id(jol: JolTestBot, tmp_path: Path) -> None:
    user = jol.user(user_id=987654321, language_code="en")
    await user.send("/language")
    await user.press("Русский")
    await jol.db.checkpoint()
    for path in tmp_path.glob("jol.sqlite3*"):
        assert b"987654321" not in path.read_bytes()
