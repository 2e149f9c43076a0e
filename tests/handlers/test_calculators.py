"""A migrant counts their registration deadline and their days of stay, in a few taps, and
asks to be reminded. Real content and rules.yaml; today is 25 November 2026 (the harness)."""

from __future__ import annotations

from collections.abc import AsyncIterator
from datetime import UTC, datetime
from pathlib import Path

import pytest
from aiogram.methods import SendMessage

from jol.telegram.callbacks import CalcCallback
from jol.telegram.reminders import composer, deliver_due
from tests.harness import TODAY, JolTestBot, TelegramUser, ui
from tests.paths import ROOT


async def _start(tmp_path: Path) -> JolTestBot:
    return await JolTestBot.start(tmp_path, content_dir=ROOT / "content")


@pytest.fixture
async def jol(tmp_path: Path) -> AsyncIterator[JolTestBot]:
    bot = await _start(tmp_path)
    yield bot
    await bot.stop()


async def _registration(user: TelegramUser, country: str = "Uzbekistan") -> None:
    await user.send("/start registration_calculator")  # a deep link, e.g. from a poster
    await user.press(country)


async def _stay(user: TelegramUser, country: str) -> None:
    await user.send("/start")
    await user.press("Arrival, stay and expulsion")
    await user.press("Count my days")
    await user.press(country)


async def test_a_migrant_gets_the_last_day_to_register_with_weekday_and_days_left(
    jol: JolTestBot,
) -> None:
    user = jol.user(language_code="en")
    await _registration(user)
    await user.send("1.11.2026")
    result = await user.press("A rented flat or room")

    assert "Your registration deadlines" in result.text
    assert "Last day: Monday, November 30, 2026 (days left: 5)" in result.text
    assert "43,250–86,500 tenge in 2026" in result.text  # 10–20 MCI, MCI from facts.yaml
    assert "Remind me" in result.buttons[0]
    assert "Longer stay: register online" in result.buttons


async def test_the_calculator_opens_from_the_registration_menu(jol: JolTestBot) -> None:
    user = jol.user(language_code="en")
    await user.send("/start")
    await user.press("Registration")
    opened = await user.press("My registration deadline")
    assert "Which passport do you have?" in opened.text


async def test_the_entry_day_can_be_picked_on_the_calendar(jol: JolTestBot) -> None:
    user = jol.user(language_code="en")
    await _registration(user)
    assert "26" not in user.screen.buttons  # tomorrow is not offered for an entry
    await user.press("1")
    result = await user.press("Hotel or hostel")
    assert "Entry: Sunday, November 1, 2026" in result.text


async def test_the_calendar_goes_back_to_earlier_months(jol: JolTestBot) -> None:
    user = jol.user(language_code="en")
    await _registration(user)
    october = await user.press("‹")
    assert "October 2026" in october.buttons
    await user.press("31")
    result = await user.press("Hotel or hostel")
    assert "Entry: Saturday, October 31, 2026" in result.text


@pytest.mark.parametrize(
    ("typed", "answer"),
    [
        ("31.02.2026", "This day does not exist in the calendar"),
        ("14.12.2026", "This date is in the future"),
        ("12.03.1999", "too long ago"),
        ("когда-то давно", "I could not read a date here. Please write it like 25.11.2026"),
    ],
)
async def test_an_impossible_date_is_asked_back_with_an_example(
    jol: JolTestBot, typed: str, answer: str
) -> None:
    user = jol.user(language_code="en")
    await _registration(user)

    asked_back = await user.send(typed)

    assert answer in asked_back.text
    assert "When did you cross the border into Kazakhstan?" in asked_back.text
    assert "Today" in asked_back.buttons
    following = await user.send("01.11.26")  # the answers so far were kept
    assert "Where do you live in Kazakhstan?" in following.text


async def test_a_sticker_instead_of_a_date_gets_a_clear_answer_and_loses_nothing(
    jol: JolTestBot,
) -> None:
    user = jol.user(language_code="en")
    await _registration(user)

    answer = await user.send_sticker()

    assert "Please write the date as text, for example 25.11.2026" in answer.text
    assert "Where do you live" in (await user.send("yesterday")).text


async def test_an_ambiguous_date_is_never_guessed(jol: JolTestBot) -> None:
    user = jol.user(language_code="en")
    await _registration(user)

    choice = await user.send("5 iyu")  # Uzbek: iyun (June) or iyul (July)

    assert "Which date do you mean?" in choice.text
    assert len(choice.buttons) == 3  # two dates and the main menu


async def test_the_deadline_is_written_in_the_users_language(jol: JolTestBot) -> None:
    user = jol.user(language_code="ru")
    await _registration(user, country="Узбекистан")
    await user.send("1 ноября")
    result = await user.press(ui("ru", "A rented flat or room"))
    assert "понедельник, 30 ноября 2026" in result.text


async def test_someone_from_kyrgyzstan_sees_days_used_and_the_last_day(jol: JolTestBot) -> None:
    user = jol.user(language_code="en")
    await _stay(user, "Kyrgyzstan")
    await user.send("01.10.2026")
    await user.press("Yes, still here")
    result = await user.press("No, count my days")

    assert "Days counted in the last 180 days: 56 of 90." in result.text
    assert "You may stay until Tuesday, December 29, 2026 (days left: 34)." in result.text


async def test_an_earlier_trip_is_counted_and_a_wrong_exit_is_refused(jol: JolTestBot) -> None:
    user = jol.user(language_code="en")
    await _stay(user, "Kyrgyzstan")
    await user.send("01.11.2026")
    await user.press("Yes, still here")
    await user.press("Yes, add a trip")
    await user.send("01.08.2026")
    refused = await user.send("01.07.2026")  # left before entering
    assert "The day you left cannot be before the day you entered." in refused.text
    await user.send("20.08.2026")
    result = await user.press("No, count my days")

    assert "Days counted in the last 180 days: 45 of 90." in result.text  # 20 + 25


async def test_an_overstay_is_said_plainly_with_what_to_do(jol: JolTestBot) -> None:
    user = jol.user(language_code="en")
    await _stay(user, "Uzbekistan")
    await user.press("No, or I do not know")  # not registered: 30 days per entry
    await user.send("01.09.2026")
    await user.press("Yes, still here")
    result = await user.press("No, count my days")

    assert "Your allowed time ended on Wednesday, September 30, 2026: 56 days over." in result.text
    assert "My allowed time has ended" in result.buttons
    assert not any("Remind me" in b for b in result.buttons)


async def test_a_half_answered_calculator_survives_a_restart(tmp_path: Path) -> None:
    first = await _start(tmp_path)
    await _registration(first.user(language_code="en"))
    await first.stop()

    second = await _start(tmp_path)
    try:
        answer = await second.user(language_code="en").send("01.11.2026")
        assert "Where do you live in Kazakhstan?" in answer.text
    finally:
        await second.stop()


async def test_a_stale_calculator_button_says_so_and_offers_a_fresh_start(
    jol: JolTestBot,
) -> None:
    user = jol.user(language_code="en")
    await user.send("/start")

    query = await user.press_data(CalcCallback(step="home", value="hotel").pack())

    assert "This calculation has expired" in user.screen.text
    assert "My registration deadline" in user.screen.buttons[0]
    answer = jol.session.callback_answers[query]
    assert answer.text and "expired" in answer.text


async def test_leaving_the_calculator_for_the_menu_ends_the_date_question(
    jol: JolTestBot,
) -> None:
    user = jol.user(language_code="en")
    await _registration(user)
    await user.press("Main menu")

    answer = await user.send("hello")

    assert answer.text.startswith("I did not find this."), "searched, not read as a date"


async def _set_reminders(user: TelegramUser) -> None:
    await _registration(user)
    await user.send("1.11.2026")
    await user.press("A rented flat or room")
    await user.press("Remind me")


async def test_reminders_are_listed_and_cancelled(jol: JolTestBot) -> None:
    user = jol.user(language_code="en")
    await _set_reminders(user)
    assert user.screen.text.splitlines()[1:3] == [
        "• Friday, November 27, 2026: register online, last day Monday, November 30, 2026",
        "• Monday, November 30, 2026: register online, last day Monday, November 30, 2026",
    ]

    listed = await user.send("/reminders")
    assert listed.buttons[:2] == ["✖️ Friday, November 27, 2026", "✖️ Monday, November 30, 2026"]
    after = await user.press("✖️ Friday")
    assert after.buttons[0] == "✖️ Monday, November 30, 2026"
    none = await user.press("Cancel all")
    assert none.text == "You have no reminders."


async def test_a_reminder_comes_once_after_a_restart_in_the_current_language(
    tmp_path: Path,
) -> None:
    first = await _start(tmp_path)
    await _set_reminders(first.user(language_code="en"))
    await first.stop()

    second = await _start(tmp_path)
    try:
        user = second.user(language_code="en")
        await user.send("/language")
        await user.press("Русский")
        compose = composer(second.library, second.i18n, "jol_test_bot", lambda: TODAY)
        sent_before = len(second.session.calls)
        due = datetime(2026, 11, 27, 6, tzinfo=UTC)  # 11:00 in Almaty

        await deliver_due(second.bot, second.stores, compose, due, TODAY, sleep=_no_wait)
        await deliver_due(second.bot, second.stores, compose, due, TODAY, sleep=_no_wait)

        sent = [c for c in second.session.calls[sent_before:] if isinstance(c, SendMessage)]
        assert len(sent) == 1
        assert sent[0].text.startswith("🔔") and "понедельник, 30 ноября 2026" in sent[0].text
    finally:
        await second.stop()


async def test_reminders_stop_for_someone_who_blocked_the_bot(jol: JolTestBot) -> None:
    user = jol.user(language_code="en")
    await _set_reminders(user)
    compose = composer(jol.library, jol.i18n, "jol_test_bot", lambda: TODAY)
    jol.session.forbidden_chats.add(user.user.id)

    await deliver_due(
        jol.bot, jol.stores, compose, datetime(2026, 11, 27, 6, tzinfo=UTC), TODAY, sleep=_no_wait
    )

    assert await jol.stores.reminders.of_user(jol.ref(user)) == []


async def test_forget_erases_reminders(jol: JolTestBot) -> None:
    user = jol.user(language_code="en")
    await _set_reminders(user)
    await user.send("/forget")
    await user.press("Yes, delete")

    assert (await user.send("/reminders")).text == "You have no reminders."


async def _no_wait(_seconds: float) -> None:
    return None


async def test_leaving_and_coming_back_the_same_day_is_one_trip_day(jol: JolTestBot) -> None:
    user = jol.user(language_code="en")
    await _stay(user, "Kyrgyzstan")
    await user.send("01.11.2026")
    await user.press("Yes, still here")
    await user.press("Yes, add a trip")
    await user.send("01.09.2026")
    await user.send("01.11.2026")  # a border run: out and back in on the same day
    result = await user.press("No, count my days")
    assert "Days counted in the last 180 days:" in result.text


async def test_remind_on_an_older_result_does_not_set_the_newer_ones(jol: JolTestBot) -> None:
    user = jol.user(language_code="en")
    await _registration(user)
    await user.send("1.11.2026")
    older = await user.press("A rented flat or room")
    await _stay(user, "Kyrgyzstan")
    await user.send("01.10.2026")
    await user.press("Yes, still here")
    await user.press("No, count my days")

    await user.press("Remind me", on=older)

    refused = jol.session.chats[user.user.id][older.message_id]
    assert "out of date" in refused.text
    assert (await user.send("/reminders")).text == "You have no reminders."


async def test_tapping_remind_twice_does_not_alarm_or_duplicate(jol: JolTestBot) -> None:
    user = jol.user(language_code="en")
    await _registration(user)
    await user.send("1.11.2026")
    result = await user.press("A rented flat or room")
    remind = result.button("Remind me").callback_data
    await user.press_data(remind)

    await user.press_data(remind)  # the second tap of a double tap, before the edit shows

    again = user.screen
    assert "set already" in again.text and "too close" not in again.text
    assert len((await user.send("/reminders")).buttons) == 4  # two, cancel all, main menu


async def test_a_reminder_comes_in_the_language_of_someone_who_never_chose_one(
    jol: JolTestBot,
) -> None:
    user = jol.user(language_code="ru")  # Telegram in Russian, no /language
    await user.send("/start registration_calculator")
    await user.press("Узбекистан")
    await user.send("1.11.2026")
    await user.press(ui("ru", "A rented flat or room"))
    await user.press(ui("ru", "Remind me"))
    compose = composer(jol.library, jol.i18n, "jol_test_bot", lambda: TODAY)

    await deliver_due(
        jol.bot, jol.stores, compose, datetime(2026, 11, 27, 6, tzinfo=UTC), TODAY, sleep=_no_wait
    )

    sent = [c for c in jol.session.calls if isinstance(c, SendMessage)][-1]
    assert sent.text.startswith("🔔") and "понедельник, 30 ноября 2026" in sent.text
    assert ui("ru", "Reminder: {what} — {day} ({left}).").split("{")[0] in sent.text


async def test_a_poster_link_opened_before_choosing_a_language_starts_the_calculator(
    jol: JolTestBot,
) -> None:
    user = jol.user(language_code="de")  # not shipped: the picker comes first
    await user.send("/start registration_calculator")
    started = await user.press("English")
    assert "Which passport do you have?" in started.text


async def test_walking_away_from_a_calculator_keeps_no_dates(jol: JolTestBot) -> None:
    user = jol.user(language_code="en")
    await _registration(user)
    await user.send("1.11.2026")  # now asked where they live
    await user.send("/help")

    stored = await jol.everything_stored()

    assert b"2026-11-01" not in stored
