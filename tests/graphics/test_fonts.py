"""The shipped font draws every letter of the bot's six languages, and the check can fail."""

from pathlib import Path

import pytest
from PIL import ImageFont

from jol.graphics import fonts
from jol.graphics.fonts import font, missing_letters

# Each alphabet in its official order, capitals then small letters.
ALPHABETS = {
    "kazakh": (
        "АӘБВГҒДЕЁЖЗИЙКҚЛМНҢОӨПРСТУҰҮФХҺЦЧШЩЪЫІЬЭЮЯ",
        "аәбвгғдеёжзийкқлмнңоөпрстуұүфхһцчшщъыіьэюя",
        42,
    ),
    "russian": (
        "АБВГДЕЁЖЗИЙКЛМНОПРСТУФХЦЧШЩЪЫЬЭЮЯ",
        "абвгдеёжзийклмнопрстуфхцчшщъыьэюя",
        33,
    ),
    "tajik": (
        "АБВГҒДЕЁЖЗИӢЙКҚЛМНОПРСТУӮФХҲЧҶШЪЭЮЯ",
        "абвгғдеёжзиӣйкқлмнопрстуӯфхҳчҷшъэюя",
        35,
    ),
    "kyrgyz": (
        "АБВГДЕЁЖЗИЙКЛМНҢОӨПРСТУҮФХЦЧШЩЪЫЬЭЮЯ",
        "абвгдеёжзийклмнңоөпрстуүфхцчшщъыьэюя",
        36,
    ),
    "uzbek_cyrillic": (
        "АБВГДЕЁЖЗИЙКЛМНОПРСТУФХЦЧШЪЬЭЮЯЎҚҒҲ",
        "абвгдеёжзийклмнопрстуфхцчшъьэюяўқғҳ",
        35,
    ),
    "english": ("ABCDEFGHIJKLMNOPQRSTUVWXYZ", "abcdefghijklmnopqrstuvwxyz", 26),
}

# Uzbek Latin letters are partly digraphs: Oʻ and Gʻ take U+02BB (turned comma), and the
# tutuq belgisi (glottal stop) is U+02BC.
UZBEK_LATIN = [
    *"ABDEFGHIJKLMNOPQRSTUVXYZ",
    "Oʻ",
    "Gʻ",
    "Sh",
    "Ch",
    "Ng",
    "ʼ",
]

DIGITS_AND_PUNCTUATION = "0123456789 .,:;!?-–—()[]«»“”„\"'‘’/%№+=…·•×"


@pytest.mark.parametrize("name", sorted(ALPHABETS))
def test_every_letter_of_each_cyrillic_and_english_alphabet_is_in_the_font(name: str) -> None:
    upper, lower, count = ALPHABETS[name]
    # Guards against a typo in the alphabet itself (a Latin look-alike, a missing letter).
    assert len(upper) == len(set(upper)) == count
    assert upper.lower() == lower
    assert missing_letters(upper + lower) == set()


def test_uzbek_latin_letters_both_cases_are_in_the_font() -> None:
    assert len(UZBEK_LATIN) == 30  # 29 letters and the tutuq belgisi
    text = "".join(UZBEK_LATIN) + "".join(UZBEK_LATIN).lower()
    assert "\u02bb" in text and "oʻ" in text and "gʻ" in text
    assert missing_letters(text) == set()


def test_digits_and_punctuation_are_in_the_font() -> None:
    assert missing_letters(DIGITS_AND_PUNCTUATION) == set()


def test_letters_the_font_lacks_are_reported() -> None:
    assert missing_letters("中") == {"中"}
    assert missing_letters("Қазақстан 中国 → ok") == {"中", "国", "→"}


def test_whitespace_and_control_characters_are_not_letters_to_draw() -> None:
    assert missing_letters("а\tә\nb\r\x00 \u00a0") == set()


def test_fonts_are_shipped_files_with_their_license(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.chdir(tmp_path)  # found next to the package, not in the working directory
    for path in fonts.FACES:
        assert path.is_absolute() and path.is_file()
    assert (fonts.FONT_DIR / "LICENSE-NotoSans.txt").is_file()
    total = sum(path.stat().st_size for path in fonts.FONT_DIR.iterdir())
    assert total < 1_500_000


@pytest.mark.parametrize("bold", [False, True])
def test_font_returns_a_pillow_font_of_the_size_asked(bold: bool) -> None:
    face = font(24, bold=bold)
    assert isinstance(face, ImageFont.FreeTypeFont)
    assert face.size == 24
    assert face.getname() == ("Noto Sans", "Bold" if bold else "Regular")
    assert face.getlength("Әә") > 0


def test_font_size_must_be_positive() -> None:
    with pytest.raises(ValueError):
        font(0)
