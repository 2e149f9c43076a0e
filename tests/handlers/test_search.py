"""A migrant types a question in their own words, in any language or script, and gets the
screens that answer it; urgent words bring the emergency screen first. Real content."""

from __future__ import annotations

from collections.abc import AsyncIterator
from pathlib import Path

import pytest

from tests.harness import JolTestBot, ui
from tests.paths import ROOT


@pytest.fixture
async def jol(tmp_path: Path) -> AsyncIterator[JolTestBot]:
    bot = await JolTestBot.start(tmp_path, content_dir=ROOT / "content")
    yield bot
    await bot.stop()


async def test_a_question_in_russian_finds_the_registration_answers(jol: JolTestBot) -> None:
    screen = await jol.user(language_code="en").send("сколько дней можно без регистрации")
    assert screen.text == "This may answer your question:"
    assert "Short stay: no registration" in screen.buttons[:3]


async def test_uzbek_typed_in_latin_letters_is_understood(jol: JolTestBot) -> None:
    screen = await jol.user(language_code="en").send("ish beruvchi pasportimni olib qoydi")
    assert "Employer keeps my passport" in screen.buttons[:3]


async def test_an_urgent_message_brings_the_emergency_screen_first(jol: JolTestBot) -> None:
    screen = await jol.user(language_code="en").send("my husband was detained by police")
    assert screen.buttons[0] == "Emergency: detained, expulsion, violence"


async def test_a_found_answer_opens_with_one_tap(jol: JolTestBot) -> None:
    user = jol.user(language_code="en")
    await user.send("employer took my passport")
    answer = await user.press("Employer keeps my passport")
    assert answer.text.startswith("Employer keeps my passport")


async def test_text_clearly_in_another_language_offers_a_switch_once(jol: JolTestBot) -> None:
    user = jol.user(language_code="ru")
    first = await user.send("корфармо паспортамро гирифт, чӣ кор кунам")
    assert first.buttons[0] == "🌐 " + ui("tg", "Switch to {language}?").format(language="Тоҷикӣ")
    assert ui("tg", "Switch to {language}?") != "Switch to {language}?"  # offered in Tajik
    switched = await user.press("Тоҷикӣ")
    assert switched.buttons[-1].startswith("🌐 Забон")  # the main menu, now in Tajik
    await user.send("/language")
    await user.press("Русский")
    again = await user.send("корфармо паспортамро гирифт")
    assert not any("Тоҷикӣ" in b for b in again.buttons), "offered once, never again"


async def test_a_question_jol_cannot_answer_is_said_honestly(jol: JolTestBot) -> None:
    screen = await jol.user(language_code="en").send("zzzz qqqq xxxx")
    assert screen.text.startswith("I did not find this.")
    assert len(screen.buttons) >= 2  # the nearest topics and the main menu
