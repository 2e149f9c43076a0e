"""Alerts when the law changes (#11): a person subscribes to a topic with one tap, /alerts shows
and stops what they get, and a change an admin marks important reaches each subscriber of the
topics it touches once, in their language, with a button to the new answer. SQLite and Redis
alike."""

from __future__ import annotations

from datetime import UTC, date, datetime

from aiogram.methods import SendMessage

from jol.alerts import queue_alerts
from jol.content.model import Content
from jol.storage.reminders import Reminder
from jol.telegram.callbacks import SubscribeCallback
from jol.telegram.reminders import composer, deliver_due
from tests.harness import TODAY, JolTestBot, TelegramUser, ui

NOW = datetime(TODAY.year, TODAY.month, TODAY.day, 12, tzinfo=UTC)  # the harness's clock
SUBSCRIBED = (
    "Done: you will get a short message here when the information in this topic changes. "
    "Press again to stop."
)
STOPPED = "You will no longer get messages about changes in this topic."


def everywhere(content: Content, nodes: list[str]) -> dict[str, list[str]]:
    """A change seen in every language (the English changed)."""
    return {language: nodes for language in content.languages.languages}


async def subscribe(user: TelegramUser, topic: str) -> str:
    """Opens the topic from the main menu and presses 🔔; returns the toast."""
    await user.send("/menu")
    await user.press(topic)
    await user.press("🔔")
    answer = user.answer_to(user.last_query_id)
    assert answer is not None and answer.text is not None
    return answer.text


async def deliver(jol: JolTestBot) -> list[SendMessage]:
    """One round of the reminder loop; the messages it sent."""
    before = len(jol.session.calls)
    compose = composer(jol.library, jol.i18n, "jol_test_bot", lambda: TODAY)
    await deliver_due(jol.bot, jol.stores, compose, NOW, TODAY, sleep=_no_wait)
    return [c for c in jol.session.calls[before:] if isinstance(c, SendMessage)]


async def _no_wait(_seconds: float) -> None:
    return None


async def test_every_topic_offers_to_notify_of_changes(jol: JolTestBot) -> None:
    user = jol.user(language_code="en")
    await user.send("/menu")
    topic = await user.press("Registration")
    assert topic.buttons[-3:] == ["🔔 Notify me of changes", "◀️ Back", "🏠 Main menu"]
    answer = await user.press("Where to register")
    assert not any("🔔" in label for label in answer.buttons)


async def test_pressing_notify_subscribes_and_says_how_to_stop(jol: JolTestBot) -> None:
    user = jol.user(language_code="en")
    await user.send("/menu")
    topic = await user.press("Registration")

    await user.press("🔔 Notify me of changes")

    answer = user.answer_to(user.last_query_id)
    assert answer is not None and answer.text == SUBSCRIBED
    assert user.screen.text == topic.text  # the topic stays on screen
    assert await jol.stores.subscriptions.of_user(jol.ref(user)) == ["registration"]


async def test_pressing_notify_again_unsubscribes(jol: JolTestBot) -> None:
    user = jol.user(language_code="en")
    assert await subscribe(user, "Registration") == SUBSCRIBED

    await user.press("🔔 Notify me of changes")

    answer = user.answer_to(user.last_query_id)
    assert answer is not None and answer.text == STOPPED
    assert await jol.stores.subscriptions.of_user(jol.ref(user)) == []


async def test_alerts_lists_the_topics_in_the_persons_language_and_stops_one(
    jol: JolTestBot,
) -> None:
    user = jol.user(language_code="ru")  # Telegram in Russian, no /language
    await subscribe(user, "Регистрация")
    await subscribe(user, "Your rights")  # not translated in the fixture: the English title

    listed = await user.send("/alerts")

    assert "• Регистрация" in listed.text and "• Your rights" in listed.text
    assert listed.buttons == ["🔕 Регистрация", "🔕 Your rights", "🏠 " + ui("ru", "Main menu")]
    after = await user.press("🔕 Регистрация")
    answer = user.answer_to(user.last_query_id)
    assert answer is not None and answer.text == ui("ru", STOPPED)
    assert after.message_id == listed.message_id  # the list is updated in place
    assert after.buttons == ["🔕 Your rights", "🏠 " + ui("ru", "Main menu")]
    assert await jol.stores.subscriptions.of_user(jol.ref(user)) == ["rights"]


async def test_a_double_tap_on_stop_does_not_subscribe_again(jol: JolTestBot) -> None:
    user = jol.user(language_code="en")
    await subscribe(user, "Registration")
    listed = await user.send("/alerts")
    stop = listed.button("🔕 Registration").callback_data

    await user.press_data(stop, listed)
    await user.press_data(stop, listed)

    assert await jol.stores.subscriptions.of_user(jol.ref(user)) == []


async def test_alerts_without_subscriptions_says_how_to_get_them(jol: JolTestBot) -> None:
    listed = await jol.user(language_code="en").send("/alerts")
    assert listed.text.startswith("You get no messages about changes.")
    assert "“🔔 Notify me of changes”" in listed.text
    assert listed.buttons == ["🏠 Main menu"]


async def test_a_notify_button_of_a_topic_that_no_longer_exists_shows_the_main_menu(
    jol: JolTestBot,
) -> None:
    user = jol.user(language_code="en")
    await user.send("/menu")

    query = await user.press_data(SubscribeCallback(topic="visas").pack())

    answer = user.answer_to(query)
    assert answer is not None and answer.text is not None and "out of date" in answer.text
    assert user.screen.buttons[0] == "Emergency"
    assert await jol.stores.subscriptions.of_user(jol.ref(user)) == []


async def test_a_change_in_one_language_alerts_only_its_readers(jol: JolTestBot) -> None:
    russian = jol.user(1001, language_code="ru")
    english = jol.user(1002, language_code="en")
    await subscribe(russian, "Регистрация")
    await subscribe(english, "Registration")
    content = jol.library.current.content
    assert await queue_alerts(jol.stores, content, {"ru": ["registration_where"]}, NOW) == 1
    sent = await deliver(jol)
    assert [int(m.chat_id) for m in sent] == [russian.user.id]


async def test_a_change_reaches_each_subscriber_of_its_topic_once_in_their_language(
    jol: JolTestBot,
) -> None:
    russian = jol.user(1001, language_code="ru")
    english = jol.user(1002, language_code="en")
    elsewhere = jol.user(1003, language_code="en")  # subscribed to another topic only
    await subscribe(russian, "Регистрация")
    await subscribe(english, "Registration")
    await subscribe(elsewhere, "Your rights")
    before = {u.user.id: len(u.messages) for u in (russian, english, elsewhere)}

    content = jol.library.current.content
    changed = everywhere(content, ["registration", "registration_needed", "registration_where"])
    assert await queue_alerts(jol.stores, content, changed, NOW) == 2
    sent = await deliver(jol)

    assert sorted(int(m.chat_id) for m in sent) == [russian.user.id, english.user.id]
    assert len(elsewhere.messages) == before[elsewhere.user.id]
    ru_alert, en_alert = russian.screen, english.screen
    assert ru_alert.text.startswith(
        "🔔 " + ui("ru", "The information on “{topic}” has changed.").format(topic="Регистрация")
    )
    assert en_alert.text.startswith("🔔 The information on “Registration” has changed.")
    assert ru_alert.buttons[0] == "Вам нужно зарегистрироваться"  # the first changed answer
    assert en_alert.buttons == ["You must register", "🏠 Main menu"]
    opened = await english.press("You must register")
    assert opened.text.startswith("You must register")

    assert await deliver(jol) == []  # once: a second round sends nothing again


async def test_a_subscriber_who_blocked_the_bot_is_skipped_and_unsubscribed(
    jol: JolTestBot,
) -> None:
    blocked = jol.user(1001, language_code="en")
    reading = jol.user(1002, language_code="en")
    await subscribe(blocked, "Registration")
    await subscribe(reading, "Registration")
    jol.session.forbidden_chats.add(blocked.user.id)
    before = len(blocked.messages)

    await queue_alerts(
        jol.stores,
        jol.library.current.content,
        everywhere(jol.library.current.content, ["registration_where"]),
        NOW,
    )
    sent = await deliver(jol)

    assert len(blocked.messages) == before
    tried = sorted(int(m.chat_id) for m in sent)
    assert tried == sorted([blocked.user.id, reading.user.id])  # once; Telegram refused it
    assert reading.screen.text.startswith("🔔 The information on “Registration” has changed.")
    assert await jol.stores.subscriptions.of_user(jol.ref(blocked)) == []
    assert await jol.stores.reminders.of_user(jol.ref(blocked)) == []
    assert await jol.stores.subscriptions.of_user(jol.ref(reading)) == ["registration"]

    await queue_alerts(
        jol.stores,
        jol.library.current.content,
        everywhere(jol.library.current.content, ["registration_where"]),
        NOW,
    )
    assert [int(m.chat_id) for m in await deliver(jol)] == [reading.user.id]


async def test_a_change_outside_every_topic_tells_nobody(jol: JolTestBot) -> None:
    user = jol.user(language_code="en")
    await subscribe(user, "Registration")

    content = jol.library.current.content
    assert (
        await queue_alerts(
            jol.stores, content, everywhere(content, ["emergency", "main", "removed"]), NOW
        )
        == 0
    )
    assert await deliver(jol) == []


async def test_an_alert_on_its_way_is_not_listed_as_a_reminder(jol: JolTestBot) -> None:
    user = jol.user(language_code="en")
    await subscribe(user, "Registration")
    await queue_alerts(
        jol.stores,
        jol.library.current.content,
        everywhere(jol.library.current.content, ["registration_where"]),
        NOW,
    )

    assert (await user.send("/reminders")).text == "You have no reminders."


async def test_an_alert_about_an_answer_removed_since_opens_its_topic(jol: JolTestBot) -> None:
    compose = composer(jol.library, jol.i18n, "jol_test_bot", lambda: TODAY)
    payload = {"topic": "registration", "node": "registration_gone", "language": "en"}
    reminder = Reminder("1", "ref", 1001, NOW, date(2026, 12, 2), "alert", payload)

    screen = compose(reminder, "en")

    assert screen.parts[0].startswith("🔔 The information on “Registration” has changed.")
    assert [b.label for row in screen.keyboard for b in row] == ["Registration", "🏠 Main menu"]


async def test_forget_erases_subscriptions(jol: JolTestBot) -> None:
    user = jol.user(language_code="en")
    await subscribe(user, "Registration")
    await subscribe(user, "Your rights")
    ref = jol.ref(user).encode()
    assert ref in await jol.everything_stored()  # the check reads where they are

    await user.send("/forget")
    await user.press("Yes, delete")

    assert ref not in await jol.everything_stored()
    assert await jol.stores.subscriptions.subscribers("registration") == []
    assert (await user.send("/alerts")).text.startswith("You get no messages about changes.")


async def test_using_jol_keeps_the_subscriptions_for_another_retention_period(
    jol: JolTestBot,
) -> None:
    user = jol.user(language_code="en")
    await subscribe(user, "Registration")
    ref = jol.ref(user)
    redis = jol.stores.redis
    if redis is None:
        await jol.db.write(("UPDATE subscriptions SET seen_day = '2026-01-01'", ()))
    else:
        for key in await redis.keys("jol:subs:*"):
            await redis.expire(key, 100)
    jol.stores.subscriptions.clear()  # type: ignore[attr-defined]  # as after a restart

    await user.send("/menu")  # a day later: the person uses Jol

    if redis is None:
        await jol.db.expire(TODAY, retention_days=90)
    else:
        for key in await redis.keys("jol:subs:*"):
            assert await redis.ttl(key) > 89 * 24 * 3600, key
    assert await jol.stores.subscriptions.of_user(ref) == ["registration"]
