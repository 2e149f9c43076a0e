"""Content translations: current ones are shown, outdated (fuzzy) ones never are, machine
translations are marked, and the user is told when a fallback language is shown."""

import subprocess
import sys
from datetime import date
from pathlib import Path

from babel.messages.pofile import read_po

from jol.library import load_bundle
from jol.render import Renderer
from tests.paths import FIXTURES, ROOT


def _renderer(language: str) -> Renderer:
    bundle = load_bundle(FIXTURES / "content", FIXTURES / "locales")
    return Renderer(
        bundle.content, bundle.catalogs, language, lambda text, _code: text, date(2026, 11, 25)
    )


def test_current_translation_is_shown() -> None:
    catalogs = load_bundle(FIXTURES / "content", FIXTURES / "locales").catalogs
    shown = catalogs.translate("ru", "registration.title", "Registration")
    assert (shown.text, shown.language, shown.machine) == ("Регистрация", "ru", False)


def test_outdated_translation_is_never_shown_the_english_is_with_a_notice() -> None:
    text = _renderer("ru").node("registration_needed").parts[0]
    assert "устаревший" not in text
    assert "Register within <b>7 days</b>." in text
    assert "Not yet translated into your language; shown in English." in text


def test_kazakh_falls_back_to_russian_then_english() -> None:
    catalogs = load_bundle(FIXTURES / "content", FIXTURES / "locales").catalogs
    assert catalogs.chain("kk") == ["kk", "ru", "en"]
    assert catalogs.translate("kk", "registration.title", "Registration").language == "ru"
    assert catalogs.translate("kk", "rights.title", "Your rights").language == "en"


def test_machine_translation_is_shown_with_a_marker() -> None:
    text = _renderer("ru").node("registration_not_needed").parts[0]
    assert "Если вы пробудете до 30 дней, регистрироваться не нужно." in text
    assert "Machine translation: it may contain mistakes." in text


def test_fully_translated_screen_has_no_notice() -> None:
    text = _renderer("ru").node("registration_stay").parts[0]
    assert "Как долго вы пробудете в Казахстане?" in text
    assert "Not yet translated" not in text and "Machine translation" not in text


def test_translation_for_an_old_english_text_is_not_used() -> None:
    catalogs = load_bundle(FIXTURES / "content", FIXTURES / "locales").catalogs
    shown = catalogs.translate("ru", "registration.title", "Registration (changed)")
    assert shown.text == "Registration (changed)" and shown.language == "en"


def test_extractor_gives_translators_context_place_and_sources(tmp_path: Path) -> None:
    pot = tmp_path / "content.pot"
    subprocess.run(
        [
            sys.executable,
            "-m",
            "babel.messages.frontend",
            "extract",
            "-F",
            str(ROOT / "babel.cfg"),
            "-o",
            str(pot),
            str(FIXTURES),
        ],
        check=True,
        cwd=ROOT,
    )
    with pot.open("rb") as handle:
        catalog = read_po(handle)
    message = catalog.get(
        "If you stay up to {facts.stay_free_days} days, you do not need to register.",
        context="registration_not_needed.text",
    )
    assert message is not None
    comment = " ".join(message.auto_comments)
    assert "Main menu › Registration › How long will you stay? › No registration needed" in comment
    assert "sources: fixture_law" in comment
    assert message.locations[0][0].endswith("content/topics/registration.yaml")
    assert catalog.get("Longer", context="registration_stay.option.registration_needed") is not None
    assert catalog.get("Test hotline", context="contact.hotline.name") is not None


def test_a_translation_with_a_wrong_placeholder_is_never_shown(tmp_path: Path) -> None:
    po = tmp_path / "ru/LC_MESSAGES/content.po"
    po.parent.mkdir(parents=True)
    text = (FIXTURES / "locales/ru/LC_MESSAGES/content.po").read_text(encoding="utf-8")
    po.write_text(
        text.replace(
            'msgstr "До {facts.stay_free_days} дней"', 'msgstr "До {facts.register_days} дней"'
        )
    )
    bundle = load_bundle(FIXTURES / "content", tmp_path)
    shown = bundle.catalogs.translate(
        "ru",
        "registration_stay.option.registration_not_needed",
        "Up to {facts.stay_free_days} days",
    )
    assert shown.language == "en", "a wrong number in Russian must not reach anyone"
