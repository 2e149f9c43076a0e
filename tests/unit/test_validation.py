"""`bot.py check`: one broken fixture per defect, each reported with file:line and a hint."""

from datetime import date
from pathlib import Path

import pytest

from jol.content.problems import Severity
from jol.content.validate import validate
from jol.library import load_bundle
from tests.paths import FIXTURES

AS_OF = date(2026, 11, 25)


def _problems(content_dir: Path, locales: Path = FIXTURES / "locales", as_of: date = AS_OF):
    bundle = load_bundle(content_dir, locales)
    return validate(bundle.content, bundle.catalogs, as_of)


def _replace(path: Path, old: str, new: str) -> None:
    text = path.read_text(encoding="utf-8")
    assert old in text
    path.write_text(text.replace(old, new, 1), encoding="utf-8")


def test_fixture_content_has_no_errors() -> None:
    problems = _problems(FIXTURES / "content")
    assert [p for p in problems if p.severity is Severity.ERROR] == []


@pytest.mark.parametrize(
    ("file", "old", "new", "expected"),
    [
        (
            "topics/rights.yaml",
            "- to: rights_police",
            "- to: rights_polise",
            "topics/rights.yaml:5: 'rights' links to missing node 'rights_polise'",
        ),
        (
            "topics/registration.yaml",
            "related: [registration_where]",
            "related: [nowhere]",
            "topics/registration.yaml:30: 'registration_needed' relates to missing node 'nowhere'",
        ),
        (
            "topics/registration.yaml",
            "label: Longer}",
            "}",
            "topics/registration.yaml:13: question 'registration_stay': option to 'registration_needed' has no label",
        ),
        (
            "topics/rights.yaml",
            "  sources: [fixture_law]\n",
            "",
            "topics/rights.yaml:7: answer 'rights_police' states law without a source",
        ),
        (
            "topics/rights.yaml",
            "  reviewed: 2026-11-01\n",
            "",
            "topics/rights.yaml:7: 'rights_police' has no review date",
        ),
        (
            "topics/rights.yaml",
            "reviewed: 2026-11-01",
            "reviewed: 2025-10-01",
            "topics/rights.yaml:12: 'rights_police' was last reviewed on 2025-10-01, over 12 months ago",
        ),
        (
            "topics/rights.yaml",
            "sources: [fixture_law]",
            "sources: [no_such_law]",
            "topics/rights.yaml:11: 'rights_police' cites unknown source 'no_such_law'",
        ),
        (
            "topics/rights.yaml",
            "Carry your passport.",
            "Carry {facts.pasport}.",
            "topics/rights.yaml:10: rights_police.text [en]: unknown placeholder {facts.pasport}",
        ),
        (
            "topics/rights.yaml",
            "Carry your passport.",
            "Carry **your passport.",
            "topics/rights.yaml:10: rights_police.text [en]: '**' is opened but not closed",
        ),
        (
            "topics/main.yaml",
            "contacts: [hotline, shelter]",
            "contacts: [hotline, police]",
            "topics/main.yaml:13: 'emergency' lists unknown contact 'police'",
        ),
        (
            "topics/rights.yaml",
            "    - to: registration_old_rule\n",
            "",
            "topics/registration.yaml:37: 'registration_old_rule' is not reachable from the main menu",
        ),
        (
            "topics/rights.yaml",
            "reviewed: 2026-11-01",
            "reviewed: 2026-04-01",
            "topics/rights.yaml:12: 'rights_police' was last reviewed on 2026-04-01, over 6 months ago",
        ),
    ],
)
def test_each_defect_is_reported_where_it_is(
    content_copy: Path, file: str, old: str, new: str, expected: str
) -> None:
    _replace(content_copy / file, old, new)
    messages = [str(p) for p in _problems(content_copy)]
    assert any(m.startswith(expected) for m in messages), messages


def test_menu_without_options_is_a_dead_end(content_copy: Path) -> None:
    _replace(
        content_copy / "topics/rights.yaml",
        "  options:\n    - to: rights_police\n    - to: registration_old_rule\n",
        "",
    )
    (problem,) = [p for p in _problems(content_copy) if "dead end" in p.message]
    assert (
        str(problem)
        == "topics/rights.yaml:1: menu 'rights' has no options: a dead end → add options"
    )
    assert problem.severity is Severity.WARNING, "Back and Main menu still work there"


def test_review_older_than_a_year_is_an_error_and_six_months_a_warning(content_copy: Path) -> None:
    _replace(content_copy / "topics/rights.yaml", "reviewed: 2026-11-01", "reviewed: 2025-10-01")
    (problem,) = [p for p in _problems(content_copy) if "rights_police" in p.message]
    assert problem.severity is Severity.ERROR
    (later,) = [
        p for p in _problems(content_copy, as_of=date(2026, 6, 1)) if "rights_police" in p.message
    ]
    assert later.severity is Severity.WARNING


def test_translation_with_a_changed_placeholder_is_an_error(tmp_path: Path) -> None:
    locales = tmp_path / "locales"
    po = locales / "ru/LC_MESSAGES/content.po"
    po.parent.mkdir(parents=True)
    text = (FIXTURES / "locales/ru/LC_MESSAGES/content.po").read_text(encoding="utf-8")
    po.write_text(
        text.replace(
            'msgstr "До {facts.stay_free_days} дней"', 'msgstr "До {facts.stay_days} дней"'
        )
    )
    messages = [str(p) for p in _problems(FIXTURES / "content", locales)]
    assert any(
        m.startswith("locales/ru/LC_MESSAGES/content.po:")
        and "registration_stay.option.registration_not_needed [ru]: unknown placeholder {facts.stay_days}"
        in m
        for m in messages
    ), messages


def test_translation_with_broken_markup_is_an_error(tmp_path: Path) -> None:
    locales = tmp_path / "locales"
    po = locales / "ru/LC_MESSAGES/content.po"
    po.parent.mkdir(parents=True)
    text = (FIXTURES / "locales/ru/LC_MESSAGES/content.po").read_text(encoding="utf-8")
    po.write_text(text.replace("**тестовый**", "**тестовый"))
    messages = [str(p) for p in _problems(FIXTURES / "content", locales)]
    assert any("main.text [ru]: '**' is opened but not closed" in m for m in messages), messages


def _check(content_dir: Path, locales: Path, callback_data=None):
    from jol.check import check

    return check(content_dir, locales, AS_OF, callback_data)


def test_answer_longer_than_one_telegram_message_is_an_error(content_copy: Path) -> None:
    _replace(content_copy / "topics/rights.yaml", "You may ask for an interpreter.", "Word " * 900)
    report = _check(content_copy, FIXTURES / "locales")
    assert not report.ok
    assert any(
        str(p).startswith("topics/rights.yaml:10: 'rights_police' [en] is 4")
        and "over Telegram's 4096" in str(p)
        for p in report.problems
    ), report.problems


def test_button_data_over_64_bytes_is_an_error() -> None:
    report = _check(
        FIXTURES / "content", FIXTURES / "locales", lambda node: [f"long-prefix:{node}" * 3]
    )
    assert any(
        "button data for 'registration_not_needed' is" in p.message
        and "over Telegram's 64" in p.message
        for p in report.problems
    )


def test_catalog_that_does_not_parse_is_an_error_with_its_line(tmp_path: Path) -> None:
    po = tmp_path / "ru/LC_MESSAGES/content.po"
    po.parent.mkdir(parents=True)
    text = (FIXTURES / "locales/ru/LC_MESSAGES/content.po").read_text(encoding="utf-8")
    po.write_text(text.replace('msgstr "Регистрация"', 'msgstrr "Регистрация"'), encoding="utf-8")
    report = _check(FIXTURES / "content", tmp_path)
    assert not report.ok and report.bundle is None
    (problem,) = report.problems
    assert str(problem).startswith("locales/ru/LC_MESSAGES/content.po:")
    assert "catalog does not parse" in problem.message


def test_ui_translation_that_breaks_a_tag_or_placeholder_is_an_error(tmp_path: Path) -> None:
    po = tmp_path / "ru/LC_MESSAGES/bot.po"
    po.parent.mkdir(parents=True)
    po.write_text(
        'msgid ""\nmsgstr "Content-Type: text/plain; charset=utf-8\\n"\n\n'
        'msgid "Checked on {date}"\nmsgstr "Проверено {data}"\n\n'
        'msgid "<b>Title</b>"\nmsgstr "<b>Заголовок"\n',
        encoding="utf-8",
    )
    messages = [str(p) for p in _check(FIXTURES / "content", tmp_path).problems]
    assert any(
        m.startswith("locales/ru/LC_MESSAGES/bot.po:4: placeholders differ") for m in messages
    ), messages
    assert any(
        m.startswith("locales/ru/LC_MESSAGES/bot.po:7: HTML tags differ") for m in messages
    ), messages


def test_ui_translation_with_a_stray_brace_a_huge_width_or_a_bare_ampersand_is_an_error(
    tmp_path: Path,
) -> None:
    po = tmp_path / "ru/LC_MESSAGES/bot.po"
    po.parent.mkdir(parents=True)
    po.write_text(
        'msgid ""\nmsgstr "Content-Type: text/plain; charset=utf-8\\n"\n\n'
        'msgid "Days left: {left}"\nmsgstr "Осталось {left} {"\n\n'
        'msgid "Hello {name}"\nmsgstr "Привет {name:>999999999}"\n\n'
        'msgid "Jobs and work"\nmsgstr "Работа & труд"\n',
        encoding="utf-8",
    )
    messages = [str(p) for p in _check(FIXTURES / "content", tmp_path).problems]
    assert any(
        m.startswith("locales/ru/LC_MESSAGES/bot.po:4: placeholders differ") for m in messages
    )
    assert any(
        m.startswith("locales/ru/LC_MESSAGES/bot.po:7: placeholders differ") for m in messages
    )
    assert any(m.startswith("locales/ru/LC_MESSAGES/bot.po:10: HTML tags differ") for m in messages)


def test_ui_catalog_the_bot_could_not_load_is_an_error(tmp_path: Path) -> None:
    po = tmp_path / "ru/LC_MESSAGES/bot.po"
    po.parent.mkdir(parents=True)
    po.write_text(
        'msgid ""\nmsgstr "Content-Type: text/plain; charset=utf-8\\n"\n'
        '"Plural-Forms: nplurals=x; plural=n;\\n"\n',
        encoding="utf-8",
    )
    messages = [str(p) for p in _check(FIXTURES / "content", tmp_path).problems]
    assert any(m.startswith("locales/ru/LC_MESSAGES/bot.po:1:") for m in messages), messages


def test_every_screen_in_every_language_is_html_telegram_accepts() -> None:
    from jol.i18n.ui import po_translator
    from jol.render import Renderer
    from tests.e2e.fake_bot_api import parse_telegram_html
    from tests.harness import fixture_locales

    bundle = load_bundle(FIXTURES / "content", FIXTURES / "locales")
    ui = po_translator(Path("locales"))
    for language in bundle.content.languages.languages:
        renderer = Renderer(bundle.content, bundle.catalogs, language, ui, AS_OF)
        for node_id in bundle.content.nodes:
            for part in renderer.node(node_id).parts:
                parse_telegram_html(part)  # raises on anything Telegram would reject
    assert fixture_locales  # the UI catalogs are the real ones


def test_unclosed_markup_is_reported_not_a_crash_of_the_check(content_copy: Path) -> None:
    _replace(content_copy / "topics/rights.yaml", "Carry your passport.", "Carry **your passport.")
    report = _check(content_copy, FIXTURES / "locales")
    assert not report.ok
    assert any("'**' is opened but not closed" in p.message for p in report.problems)
