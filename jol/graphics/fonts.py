"""The font every picture is drawn in: Noto Sans 2.004, regular and bold, shipped unmodified in
``assets/fonts/`` (SIL Open Font License 1.1, see ``LICENSE-NotoSans.txt`` there).

It has every letter of the bot's alphabets: Kazakh, Kyrgyz, Tajik and Russian Cyrillic, Uzbek
Latin (with the turned comma U+02BB of oʻ and gʻ) and Cyrillic, English. ``missing_letters``
reads the fonts' own character maps, so a test can prove it rather than trust it.

The files are found next to the package (``<repo>/assets/fonts``), whatever the working directory.
"""

from __future__ import annotations

import unicodedata
from functools import cache, lru_cache
from pathlib import Path

from fontTools.ttLib import TTFont
from PIL import ImageFont

FONT_DIR = Path(__file__).resolve().parents[2] / "assets" / "fonts"
REGULAR = FONT_DIR / "NotoSans-Regular.ttf"
BOLD = FONT_DIR / "NotoSans-Bold.ttf"
FACES = (REGULAR, BOLD)


@lru_cache(maxsize=64)
def font(size: int, bold: bool = False) -> ImageFont.FreeTypeFont:
    """The shipped font at ``size`` pixels (em size), bold or regular, ready for Pillow."""
    if size <= 0:
        raise ValueError(f"font size must be positive, got {size}")
    return ImageFont.truetype(str(BOLD if bold else REGULAR), size)


@cache
def _codepoints(path: Path) -> frozenset[int]:
    with TTFont(path, lazy=True) as face:
        cmap = face.getBestCmap()
    if not cmap:
        raise ValueError(f"{path} has no Unicode character map")
    return frozenset(cmap)


def missing_letters(text: str) -> set[str]:
    """The characters of ``text`` that the regular or the bold face cannot draw.

    Whitespace and control characters are left out: they are never drawn as glyphs.
    """
    drawable = _codepoints(REGULAR) & _codepoints(BOLD)
    return {
        ch
        for ch in set(text)
        if not ch.isspace() and unicodedata.category(ch) != "Cc" and ord(ch) not in drawable
    }
