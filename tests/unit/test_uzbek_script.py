"""Uzbek in Cyrillic is the Latin translation read back into Cyrillic: the same reviewed text,
never a second translation."""

import pytest

from jol.i18n.uzbek import latin_to_cyrillic


@pytest.mark.parametrize(
    ("latin", "cyrillic"),
    [
        ("Oʻzbekcha", "Ўзбекча"),
        ("roʻyxatdan oʻtish", "рўйхатдан ўтиш"),
        ("Shoshilinch yordam", "Шошилинч ёрдам"),
        ("gʻoya", "ғоя"),
        ("yoʻq", "йўқ"),  # y + oʻ, not yo + ʻ
        ("Yoʻl hujjati", "Йўл ҳужжати"),
        ("Yangi yil", "Янги йил"),
        ("yuz", "юз"),
        ("ekran", "экран"),  # e at the start of a word is э
        ("maʼlumot", "маълумот"),  # the glottal stop is ъ
        ("Toshkent shahri", "Тошкент шаҳри"),
        ("qochoq", "қочоқ"),
        ("SHAHAR", "ШАҲАР"),
        ("o'zbek", "ўзбек"),  # a plain apostrophe, as people often type it
        ("deportatsiya", "депортация"),  # Russian loanwords keep ц
        ("ketsin", "кетсин"),  # a native word with t + s stays тс
    ],
)
def test_words_are_written_in_cyrillic(latin: str, cyrillic: str) -> None:
    assert latin_to_cyrillic(latin) == cyrillic


def test_placeholders_markup_links_and_commands_are_left_alone() -> None:
    text = "**Roʻyxat** {facts.registration_deadline_days} kun ichida: [eGov](https://egov.kz/ru) yoki /forget"
    assert latin_to_cyrillic(text) == (
        "**Рўйхат** {facts.registration_deadline_days} кун ичида: [eGov](https://egov.kz/ru) ёки /forget"
    )


def test_html_and_names_that_stay_latin_are_kept() -> None:
    assert latin_to_cyrillic("<b>Jol</b> va UNHCR") == "<b>Jol</b> ва UNHCR"


def test_file_names_paths_and_technical_words_stay_as_they_are() -> None:
    from jol.i18n.uzbek import latin_to_cyrillic

    text = "Faqat content/*.yaml va locales/<language>/LC_MESSAGES/*.po: bot.po, ZIP, {mb} MB"
    assert latin_to_cyrillic(text) == (
        "Фақат content/*.yaml ва locales/<language>/LC_MESSAGES/*.po: bot.po, ZIP, {mb} MB"
    )
