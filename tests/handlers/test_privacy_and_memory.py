"""What Jol remembers, for how long, and how a person erases it."""

from pathlib import Path

from jol.privacy import Pseudonymizer
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
    assert done.text == ui(
        "ru",
        "Done: everything Jol stored about you is deleted, and Jol's recent messages are "
        "removed from this chat.\n\nTo remove this chat from your phone as well, open the "
        "chat menu (⋮ or the bot's name at the top) and choose “Delete chat”.",
    )
    assert done.text.startswith("Готово")
    assert _ref(user.user.id) not in await jol.everything_stored()
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


async def test_the_database_never_contains_the_telegram_id(jol: JolTestBot) -> None:
    user = jol.user(user_id=987654321, language_code="en")
    await user.send("/language")
    await user.press("Русский")
    assert _ref(user.user.id) in await jol.everything_stored()  # the profile is there ...
    assert b"987654321" not in await jol.everything_stored()  # ... under a pseudonym


async def test_privacy_has_layers_summary_details_and_full_policy(
    tmp_path: Path, content_copy: Path
) -> None:
    privacy = content_copy / "topics/privacy.yaml"
    privacy.write_text(
        "privacy_details:\n  kind: answer\n  title: Your privacy\n  text: The details.\n"
        "  legal: false\n  reviewed: 2026-11-01\n  related: [privacy_policy]\n"
        "privacy_policy:\n  kind: answer\n  title: Full policy\n  text: The whole policy.\n"
        "  legal: false\n  reviewed: 2026-11-01\n"
    )
    jol = await JolTestBot.start(tmp_path, content_dir=content_copy)
    try:
        user = jol.user(language_code="en")
        summary = await user.send("/privacy")
        assert summary.buttons == ["Your privacy", "🏠 Main menu"]
        details = await user.press("Your privacy")
        assert "The details." in details.text
        policy = await user.press("Full policy")
        assert "The whole policy." in policy.text
    finally:
        await jol.stop()


def _ref(user_id: int) -> bytes:
    return Pseudonymizer(b"test-secret").ref(user_id).encode()


def _encodings(number: int) -> list[bytes]:
    """How the number could appear in a file: as text, or as SQLite stores integers
    (big-endian two's complement in 1, 2, 3, 4, 6 or 8 bytes)."""
    found = [str(number).encode()]
    for size in (3, 4, 6, 8):
        if number < 2 ** (8 * size - 1):
            found.append(number.to_bytes(size, "big", signed=True))
    return found


async def test_forget_removes_jols_messages_and_leaves_nothing_in_the_files(
    jol: JolTestBot,
) -> None:
    user = jol.user(user_id=1_234_567_891, language_code="en")
    await user.send("/language")
    await user.press("English")
    await user.send("/start rights_police")
    await user.send("/privacy")
    confirm = await user.send("/forget")
    done = await user.press("Yes, delete")
    assert [m.message_id for m in user.messages] == [confirm.message_id], "only the last word stays"
    assert done.text.startswith("Done: everything Jol stored about you is deleted")
    assert "“Delete chat”" in done.text

    stored = await jol.everything_stored()
    assert _ref(user.user.id) not in stored, "the pseudonym is left"
    for encoded in _encodings(user.user.id):
        assert encoded not in stored, f"{encoded!r} found"
    for table in ("profiles", "fsm", "sent_messages"):
        assert await jol.db.fetchall(f"SELECT * FROM {table}") == []


async def test_forget_erases_even_when_telegram_fails_to_delete_the_messages(
    jol: JolTestBot,
) -> None:
    user = jol.user(language_code="en")
    await user.send("/language")
    await user.press("English")
    await user.send("/forget")
    jol.session.fail_next("DeleteMessages", times=50)
    jol.session.fail_next("EditMessageText", times=50)
    await user.press("Yes, delete")
    assert _ref(user.user.id) not in await jol.everything_stored()
