"""An editor changes content and an admin sends /reload: good content is swapped in at once,
broken content is refused with file:line, and users mid-flow never see an error."""

from pathlib import Path

import pytest

from tests.harness import JolTestBot, ui

ADMIN = 4242


@pytest.fixture
async def editable(tmp_path: Path, content_copy: Path):
    bot = await JolTestBot.start(tmp_path, content_dir=content_copy, admin_ids=frozenset({ADMIN}))
    yield bot, content_copy
    await bot.stop()


def _edit(path: Path, old: str, new: str) -> None:
    text = path.read_text(encoding="utf-8")
    assert old in text
    path.write_text(text.replace(old, new), encoding="utf-8")


async def test_admin_reloads_a_changed_answer_and_users_see_it_at_once(editable) -> None:
    jol, content = editable
    _edit(content / "topics/rights.yaml", "Carry your passport.", "Always carry your passport.")
    report = await jol.user(ADMIN, "en").send("/reload")
    assert report.text.startswith("Content reloaded.")
    answer = await jol.user(1001, "en").send("/start rights_police")
    assert "Always carry your passport." in answer.text


async def test_reload_with_a_broken_file_keeps_the_old_content_and_says_where(editable) -> None:
    jol, content = editable
    _edit(content / "topics/rights.yaml", "  kind: answer\n", "  kind: answer\n  txet: oops\n")
    report = await jol.user(ADMIN, "en").send("/reload")
    assert report.text.startswith("Content NOT reloaded: Jol keeps serving the previous version.")
    assert "topics/rights.yaml:9: rights_police.txet: unknown field" in report.text
    answer = await jol.user(1001, "en").send("/start rights_police")
    assert "Carry your passport." in answer.text


async def test_reload_refuses_content_with_validation_errors(editable) -> None:
    jol, content = editable
    _edit(content / "topics/rights.yaml", "- to: rights_police", "- to: rights_polise")
    report = await jol.user(ADMIN, "en").send("/reload")
    assert report.text.startswith("Content NOT reloaded")
    assert "topics/rights.yaml:5: 'rights' links to missing node 'rights_polise'" in report.text
    menu = await jol.user(1001, "en").send("/start rights")
    assert "Police checks" in menu.buttons


async def test_reload_from_someone_who_is_not_an_admin_looks_like_any_unknown_command(
    editable,
) -> None:
    jol, content = editable
    _edit(content / "topics/rights.yaml", "Carry your passport.", "Changed.")
    reply = await jol.user(1001, "ru").send("/reload")
    assert reply.text == ui("ru", "I do not know this command. Try /menu or /help.")
    answer = await jol.user(1001, "en").send("/start rights_police")
    assert "Carry your passport." in answer.text


async def test_user_mid_flow_whose_node_was_removed_lands_on_the_nearest_menu(editable) -> None:
    jol, content = editable
    user = jol.user(1001, "en")
    await user.send("/start registration")
    registration_menu = user.screen
    # The editor removes "Where to register" (and the link to it) and reloads.
    _edit(content / "topics/registration.yaml", "    - to: registration_where\n", "")
    _edit(content / "topics/registration.yaml", "  related: [registration_where]\n", "")
    text = (content / "topics/registration.yaml").read_text(encoding="utf-8")
    start = text.index("registration_where:\n")
    end = text.index("registration_old_rule:\n")
    (content / "topics/registration.yaml").write_text(text[:start] + text[end:], encoding="utf-8")
    assert (await jol.user(ADMIN, "en").send("/reload")).text.startswith("Content reloaded.")

    screen = await user.press("Where to register", on=registration_menu)
    assert screen.text.startswith("Registration")
    assert "Where to register" not in screen.buttons
    assert user.answer_to(user.last_query_id).text == (
        "This part of the menu has changed. Here is the closest topic."
    )


async def test_a_long_reload_report_arrives_in_several_valid_messages(editable) -> None:
    from tests.e2e.fake_bot_api import parse_telegram_html

    jol, content = editable
    rights = content / "topics/rights.yaml"
    rights.write_text(
        rights.read_text()
        + "".join(
            f"broken_{n}:\n  kind: answer\n  title: Broken {n}\n  text: Broken **{n}.\n  legal: false\n  reviewed: 2026-11-01\n"
            for n in range(60)
        )
    )
    await jol.user(ADMIN, "en").send("/reload")
    parts = jol.user(ADMIN, "en").messages
    assert len(parts) > 1
    assert parts[0].text.startswith("Content NOT reloaded")
    for part in parts:
        parse_telegram_html(part.html)  # Telegram would accept each part
