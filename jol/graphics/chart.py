"""A horizontal bar chart as PNG bytes, drawn with Pillow in the shipped font.

One row per bar: the label on the left (cut with "…" when too long), a bar scaled to the largest
value, the value printed just past the bar's end. A zero draws only the light track behind the
bar; a chart with no bars shows "—" under its title. The image is ``WIDTH`` pixels wide and grows
by ``ROW_HEIGHT`` per bar.
"""

from __future__ import annotations

import io

from PIL import Image, ImageDraw

from jol.graphics.fonts import font
from jol.graphics.text import fit, line_height, one_line

WIDTH = 1000
PADDING = 40
ROW_HEIGHT = 48
BAR_THICKNESS = 30
LABEL_GAP = 18  # between the label column and the bars
VALUE_GAP = 10  # between a bar's end and its value
MAX_LABEL_SHARE = 0.4  # of the drawing width; longer labels are cut

TITLE_SIZE = 34
SUBTITLE_SIZE = 22
TEXT_SIZE = 22

BACKGROUND = (255, 255, 255)
INK = (31, 41, 51)
MUTED = (97, 110, 124)
TRACK = (236, 240, 244)
BAR = (47, 111, 222)
RULE = (214, 220, 226)

EMPTY = "—"


def bar_chart(title: str, bars: list[tuple[str, int]], *, subtitle: str = "") -> bytes:
    """Render ``bars`` (label, value) top to bottom under ``title`` as a PNG image.

    Values must not be negative. Labels, title and subtitle may be in any of the bot's
    languages; newlines and runs of spaces in them are drawn as one space.
    """
    for label, value in bars:
        if value < 0:
            raise ValueError(f"bar {label!r} has a negative value: {value}")

    title_font = font(TITLE_SIZE, bold=True)
    subtitle_font = font(SUBTITLE_SIZE)
    label_font = font(TEXT_SIZE)
    value_font = font(TEXT_SIZE, bold=True)
    inner = WIDTH - 2 * PADDING

    title_line = fit(one_line(title), title_font, inner)
    subtitle_line = fit(one_line(subtitle), subtitle_font, inner)
    header = line_height(title_font)
    if subtitle_line:
        header += 8 + line_height(subtitle_font)
    top = PADDING + header + 24  # the rule under the header sits 12 px above the first row

    rows = max(len(bars), 1)
    height = top + rows * ROW_HEIGHT + PADDING
    image = Image.new("RGB", (WIDTH, height), BACKGROUND)
    draw = ImageDraw.Draw(image)

    draw.text((PADDING, PADDING), title_line, font=title_font, fill=INK)
    if subtitle_line:
        y = PADDING + line_height(title_font) + 8
        draw.text((PADDING, y), subtitle_line, font=subtitle_font, fill=MUTED)
    draw.line([(PADDING, top - 12), (WIDTH - PADDING, top - 12)], fill=RULE, width=1)

    if not bars:
        draw.text(
            (WIDTH // 2, top + ROW_HEIGHT // 2), EMPTY, font=title_font, fill=MUTED, anchor="mm"
        )
        return _png(image)

    labels = [one_line(label) for label, _ in bars]
    values = [_number(value) for _, value in bars]
    label_width = min(max(label_font.getlength(label) for label in labels), inner * MAX_LABEL_SHARE)
    value_width = max(value_font.getlength(value) for value in values)
    bar_left = PADDING + round(label_width) + LABEL_GAP
    bar_room = WIDTH - PADDING - round(value_width) - VALUE_GAP - bar_left
    largest = max(value for _, value in bars)

    for index, ((_, value), label, shown) in enumerate(zip(bars, labels, values, strict=True)):
        middle = top + index * ROW_HEIGHT + ROW_HEIGHT // 2
        bar_top = middle - BAR_THICKNESS // 2
        bar_bottom = bar_top + BAR_THICKNESS - 1
        draw.text(
            (PADDING, middle),
            fit(label, label_font, label_width),
            font=label_font,
            fill=INK,
            anchor="lm",
        )
        draw.rectangle([(bar_left, bar_top), (bar_left + bar_room, bar_bottom)], fill=TRACK)
        length = round(bar_room * value / largest) if largest else 0
        if value and length < 2:
            length = 2  # a small value stays visible next to a huge one
        if length:
            draw.rectangle([(bar_left, bar_top), (bar_left + length, bar_bottom)], fill=BAR)
        draw.text(
            (bar_left + length + VALUE_GAP, middle), shown, font=value_font, fill=INK, anchor="lm"
        )
    return _png(image)


def _number(value: int) -> str:
    """12345 -> "12 345" (no-break space), as Russian and Kazakh write it."""
    return f"{value:,}".replace(",", "\u00a0")


def _png(image: Image.Image) -> bytes:
    out = io.BytesIO()
    image.save(out, format="PNG", optimize=True)
    return out.getvalue()
