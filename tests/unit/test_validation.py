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
    messages = [str(p) for p in _problems(content_copy)]
    assert (
        "topics/rights.yaml:1: menu 'rights' has no options: a dead end → add options" in messages
    )


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
