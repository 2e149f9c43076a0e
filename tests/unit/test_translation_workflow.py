"""An editor changes English content and runs `make translations` (pybabel extract, then
`bot.py translations`): translators see exactly what changed, users never see stale text."""

import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from jol.i18n.catalogs import read_catalog
from jol.library import load_bundle
from tests.paths import FIXTURES, ROOT

RU = "locales/ru/LC_MESSAGES/content.po"


@pytest.fixture
def project(tmp_path: Path) -> Path:
    shutil.copytree(FIXTURES / "content", tmp_path / "content")
    shutil.copytree(FIXTURES / "locales", tmp_path / "locales")
    return tmp_path


def _make_translations(project: Path) -> str:
    """What `make translations` runs, on a copy of the project."""
    for domain, config, extra in [
        ("bot", "babel-bot.cfg", ["-k", "_n", "-k", "in_every_language", "-k", "ui_format"]),
        ("content", "babel.cfg", []),
    ]:
        source = ROOT if domain == "bot" else project
        subprocess.run(
            [
                sys.executable,
                "-m",
                "babel.messages.frontend",
                "-q",
                "extract",
                "-F",
                str(ROOT / config),
                *extra,
                "-o",
                str(project / f"locales/{domain}.pot"),
                str(source),
            ],
            check=True,
            cwd=source,
        )
    env = {
        **os.environ,
        "CONTENT_DIR": str(project / "content"),
        "LOCALES_DIR": str(project / "locales"),
    }
    result = subprocess.run(
        [sys.executable, str(ROOT / "bot.py"), "translations"],
        env=env,
        capture_output=True,
        text=True,
        check=True,
    )
    return result.stdout


def _catalog(project: Path):
    return read_catalog(project / RU, RU)


def _edit(path: Path, old: str, new: str) -> None:
    text = path.read_text(encoding="utf-8")
    assert old in text
    path.write_text(text.replace(old, new), encoding="utf-8")


def test_changed_english_keeps_its_translation_as_fuzzy_with_the_old_english_beside_it(
    project: Path,
) -> None:
    _edit(
        project / "content/topics/registration.yaml",
        "title: Registration\n",
        "title: Registering your stay\n",
    )
    output = _make_translations(project)
    assert f"{RU}: 0 new, 1 changed (now fuzzy), 0 removed" in output
    message = _catalog(project).get("Registering your stay", context="registration.title")
    assert message.string == "Регистрация"
    assert message.fuzzy
    assert message.previous_id == ["Registration"]
    _make_translations(project)  # a second run keeps showing translators what changed
    assert '#| msgid "Registration"\nmsgctxt "registration.title"' in (project / RU).read_text()
    bundle = load_bundle(project / "content", project / "locales")
    shown = bundle.catalogs.translate("ru", "registration.title", "Registering your stay")
    assert (shown.text, shown.language) == ("Registering your stay", "en")


def test_unchanged_translations_and_their_machine_flag_survive(project: Path) -> None:
    _make_translations(project)
    catalog = _catalog(project)
    kept = catalog.get("How long will you stay?", context="registration_stay.title")
    assert kept.string == "Как долго вы пробудете?" and not kept.fuzzy
    machine = catalog.get(
        "If you stay up to {facts.stay_free_days} days, you do not need to register.",
        context="registration_not_needed.text",
    )
    assert "machine" in machine.flags and not machine.fuzzy


def test_new_node_appears_untranslated_and_removed_node_disappears(project: Path) -> None:
    rights = project / "content/topics/rights.yaml"
    rights.write_text(
        rights.read_text()
        + "rights_school:\n  kind: answer\n  title: School\n  text: Children may go to school.\n  legal: false\n  reviewed: 2026-11-01\n"
    )
    _edit(
        project / "content/topics/main.yaml",
        "    - to: rights\n",
        "    - to: rights\n    - to: rights_school\n",
    )
    output = _make_translations(project)
    assert f"{RU}: 2 new, 0 changed (now fuzzy), 0 removed" in output
    assert _catalog(project).get("School", context="rights_school.title").string == ""


def test_poedit_machine_output_marked_fuzzy_becomes_machine_but_outdated_stays_fuzzy(
    project: Path,
) -> None:
    po = project / RU
    text = po.read_text(encoding="utf-8")
    marker = 'msgctxt "rights.title"\nmsgid "Your rights"\nmsgstr ""'
    assert marker in text
    po.write_text(
        text.replace(
            marker, '#, fuzzy\nmsgctxt "rights.title"\nmsgid "Your rights"\nmsgstr "Ваши права"'
        )
    )
    _edit(
        project / "content/topics/registration.yaml",
        "title: Registration\n",
        "title: Registering\n",
    )
    env = {
        **os.environ,
        "CONTENT_DIR": str(project / "content"),
        "LOCALES_DIR": str(project / "locales"),
    }
    _make_translations(project)
    subprocess.run(
        [sys.executable, str(ROOT / "bot.py"), "translations", "--accept-machine", "ru"],
        env=env,
        check=True,
        capture_output=True,
    )
    catalog = _catalog(project)
    rights = catalog.get("Your rights", context="rights.title")
    assert "machine" in rights.flags and not rights.fuzzy
    assert catalog.get("Registering", context="registration.title").fuzzy


def test_two_english_changes_before_a_translator_comes_keep_the_english_it_was_made_from(
    project: Path,
) -> None:
    _edit(
        project / "content/topics/registration.yaml",
        "title: Registration\n",
        "title: Registering\n",
    )
    _make_translations(project)
    _edit(
        project / "content/topics/registration.yaml",
        "title: Registering\n",
        "title: Your registration\n",
    )
    _make_translations(project)
    message = _catalog(project).get("Your registration", context="registration.title")
    assert message.fuzzy and message.string == "Регистрация"
    assert message.previous_id == ["Registration"], "the English the Russian was made from"
