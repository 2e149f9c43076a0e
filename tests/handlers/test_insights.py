"""NGO staff learn what people read, how it helped and what they could not find, without
learning who: "Was this helpful?" under answers, and /stats for admins (a message, a chart and
a CSV). Real content; SQLite and Redis alike."""

from __future__ import annotations

import csv
import io
from collections.abc import AsyncIterator
from pathlib import Path

import pytest
from PIL import Image

from tests.harness import JolTestBot, TelegramUser
from tests.paths import ROOT

ADMIN = 500
ANSWER = "Employer keeps my passport"


@pytest.fixture(params=["sqlite", "redis"])
async def jol(request: pytest.FixtureRequest, tmp_path: Path) -> AsyncIterator[JolTestBot]:
    storage_url = request.getfixturevalue("redis_url") if request.param == "redis" else ""
    bot = await JolTestBot.start(
        tmp_path,
        content_dir=ROOT / "content",
        admin_ids=frozenset({ADMIN}),
        storage_url=storage_url,
    )
    yield bot
    if bot.stores.redis is not None:
        await bot.stores.redis.flushall()
    await bot.stop()


async def read_answer(user: TelegramUser) -> None:
    await user.send("employer took my passport")
    await user.press(ANSWER)


async def stats_text(jol: JolTestBot, command: str = "/stats") -> str:
    """The report message (a chart and a CSV file follow it)."""
    admin = jol.user(ADMIN, "en")
    await admin.send(command)
    return next(m.text for m in reversed(admin.messages) if m.text.startswith("📊"))


async def test_every_answer_asks_whether_it_helped(jol: JolTestBot) -> None:
    user = jol.user(language_code="en")
    await read_answer(user)
    assert "👍 Helpful" in user.screen.buttons
    assert "👎 Not helpful" in user.screen.buttons


async def test_a_thumbs_up_is_thanked_and_the_question_goes_away(jol: JolTestBot) -> None:
    user = jol.user(language_code="en")
    await read_answer(user)
    answer = await user.press("👍 Helpful")
    thanks = user.answer_to(user.last_query_id)
    assert thanks is not None and thanks.text == "Thank you! This helps us improve Jol."
    assert answer.text.startswith(ANSWER)  # the answer stays on screen
    assert not any(b.startswith(("👍", "👎")) for b in answer.buttons)
    assert "🏠 Main menu" in answer.buttons
    assert f"{ANSWER}: 1 · 👍 1 · 👎 0" in await stats_text(jol)


async def test_pressing_an_old_rating_button_again_counts_once(jol: JolTestBot) -> None:
    user = jol.user(language_code="en")
    await read_answer(user)
    before = user.screen
    rating = before.button("👍").callback_data
    await user.press_data(rating, before)
    await user.press_data(rating, before)  # a double tap, or the same button on an old copy
    assert f"{ANSWER}: 1 · 👍 1 · 👎 0" in await stats_text(jol)


async def test_a_thumbs_down_points_to_free_legal_help(jol: JolTestBot) -> None:
    user = jol.user(language_code="en")
    await read_answer(user)
    sorry = await user.press("👎 Not helpful")
    assert sorry.text.startswith("Sorry that this did not help.")
    assert "Free help and hotlines" in sorry.buttons
    assert not any(b.startswith("👎") for b in user.messages[-2].buttons)


async def test_admins_see_people_by_language_and_the_most_read_answers(jol: JolTestBot) -> None:
    for user_id, language in ((1, "ru"), (2, "ru"), (3, "en")):
        await read_answer(jol.user(user_id, language))
    await read_answer(jol.user(1, "ru"))  # the same person again the same day: counted once
    text = await stats_text(jol)
    assert "Русский: 2" in text
    assert "English: 2" in text  # and the admin who asked
    assert f"1. {ANSWER}: 3 · 👍 0 · 👎 0" in text


async def test_stats_come_with_a_chart_and_a_spreadsheet(jol: JolTestBot) -> None:
    await read_answer(jol.user(1, "kk"))
    await stats_text(jol)
    (chart_name, chart), (csv_name, table) = jol.session.files[ADMIN]
    assert chart_name.endswith(".png") and csv_name.endswith(".csv")
    assert Image.open(io.BytesIO(chart)).size[0] == 1000
    rows = list(csv.DictReader(io.StringIO(table.decode("utf-8-sig"))))
    read = [r for r in rows if r["section"] == "answer"]
    assert read == [
        {
            "section": "answer",
            "language": "kk",
            "id": "rights_passport_kept",
            "text": ANSWER,
            "people": "1",
            "helpful": "0",
            "not_helpful": "0",
        }
    ]


async def test_a_question_nobody_could_answer_shows_once_three_people_asked(
    jol: JolTestBot,
) -> None:
    for user_id in (1, 2):
        await jol.user(user_id, "en").send("zzzz qqqq xxxx")
    text = await stats_text(jol)
    assert "zzzz" not in text
    assert "1 more asked by fewer people are not shown" in text
    await jol.user(3, "en").send("zzzz qqqq xxxx")
    await jol.user(3, "en").send("zzzz qqqq xxxx")  # the same person twice: still three
    assert "❓ [en] zzzz qqqq xxxx: 3" in await stats_text(jol)


async def test_what_is_kept_of_a_question_has_no_numbers_names_or_contacts(
    jol: JolTestBot,
) -> None:
    for user_id in (1, 2, 3):
        await jol.user(user_id, "ru").send("Алия zzzz qqqq +77019198484 12.10.1987 aliya@mail.kz")
    assert "❓ [ru] zzzz qqqq: 3" in await stats_text(jol)
    stored = await jol.everything_stored()
    for secret in ("Алия".encode(), b"77019198484", b"12.10.1987", b"aliya", b"mail.kz"):
        assert secret not in stored


async def test_a_found_answer_rated_not_helpful_tells_editors_the_question(
    jol: JolTestBot,
) -> None:
    for user_id in (1, 2, 3):
        user = jol.user(user_id, "en")
        await read_answer(user)
        await user.press("👎 Not helpful")
    text = await stats_text(jol)
    assert "👎 [en] employer took my passport: 3" in text
    assert f"{ANSWER}: 3 · 👍 0 · 👎 3" in text


async def test_after_forget_a_person_cannot_be_linked_to_what_they_were_counted_for(
    jol: JolTestBot,
) -> None:
    user = jol.user(language_code="en")
    await read_answer(user)
    await user.send("/forget")
    await user.press("Yes, delete")
    await read_answer(user)  # their token of the day is gone: they count as someone new
    assert f"{ANSWER}: 2 ·" in await stats_text(jol)


async def test_stats_are_only_for_admins(jol: JolTestBot) -> None:
    await read_answer(jol.user(1, "en"))
    reply = await jol.user(2, "en").send("/stats")
    assert "Most read answers" not in reply.text
    assert 2 not in jol.session.files


async def test_stats_for_the_last_days_given(jol: JolTestBot) -> None:
    text = await stats_text(jol, "/stats 7")
    assert text.startswith("📊 Jol, Thursday, November 19, 2026 – Wednesday, November 25, 2026")
