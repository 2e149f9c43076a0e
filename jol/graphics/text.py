"""Measuring text for pictures (charts, posters): one line, cut to a width, line height."""

from __future__ import annotations

from PIL import ImageFont

ELLIPSIS = "…"


def one_line(text: str) -> str:
    return " ".join(text.split())


def fit(text: str, face: ImageFont.FreeTypeFont, width: float) -> str:
    """``text``, or its longest start that fits ``width`` pixels with "…" after it."""
    if face.getlength(text) <= width:
        return text
    low, high = 0, len(text)  # text[:low] + "…" fits; text[:high] + "…" does not
    while high - low > 1:
        middle = (low + high) // 2
        if face.getlength(text[:middle].rstrip() + ELLIPSIS) <= width:
            low = middle
        else:
            high = middle
    return text[:low].rstrip() + ELLIPSIS


def line_height(face: ImageFont.FreeTypeFont) -> int:
    ascent, descent = face.getmetrics()
    return int(ascent + descent)
