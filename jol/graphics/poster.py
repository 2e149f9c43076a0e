"""A printable A4 poster as PNG bytes: titles, a big QR code of a link, the link, a caption.

NGO staff print it and hang it up: "scan here for your registration deadline". The QR code holds
a deep link such as ``https://t.me/<bot>?start=<node_id>`` that opens the bot at one answer.

Top to bottom on a white portrait page of ``WIDTH`` × ``HEIGHT`` pixels (A4 at 150 dpi):

- the titles, one per language, centred: the first large, bold and dark, a short blue rule, the
  others smaller and grey. Each is wrapped to the width inside the margins (a word too long for a
  line is broken). The first title shrinks until it takes at most ``FIRST_TITLE_MAX_LINES`` lines,
  the others until each takes at most ``TITLE_MAX_LINES``; at the smallest size a title still
  longer is cut there and ends in "…". When all together need more than ``TITLES_MAX_HEIGHT``
  they shrink further, and at the smallest sizes the last lines are dropped, the one kept last
  ending in "…". Nothing is ever drawn past the margins.
- the QR code (error correction level M or higher, the 4-module quiet zone kept), drawn with a
  whole number of pixels per module and no resampling blur, in pure black;
- the link itself under it, shrunk (down to ``LINK_MIN_SIZE``) or wrapped to stay inside;
- the optional caption (e.g. "Jol — free legal information") at the bottom.

The PNG carries 150 dpi, so printing it "actual size" fills an A4 sheet.
"""

from __future__ import annotations

import io
from collections.abc import Callable
from dataclasses import dataclass

import segno
from PIL import Image, ImageDraw, ImageFont

from jol.graphics.fonts import font
from jol.graphics.text import ELLIPSIS, fit, line_height, one_line

WIDTH = 1240  # A4 (210 × 297 mm) at 150 dpi
HEIGHT = 1754
DPI = 150
MARGIN = 96  # white on every side; home printers cannot print to the edge anyway
INNER = WIDTH - 2 * MARGIN

FIRST_TITLE_SIZE = 84
FIRST_TITLE_MIN_SIZE = 36
FIRST_TITLE_MAX_LINES = 3  # the first title shrinks until it wraps to at most this many lines
TITLE_SIZE = 48
TITLE_MIN_SIZE = 22
TITLE_MAX_LINES = 2  # the other titles shrink, all alike, until each wraps to at most this
TITLES_MAX_HEIGHT = 560
TITLE_GAP = 14  # between two titles
ACCENT_GAP = 22  # above and below the accent rule under the first title
ACCENT_WIDTH = 140
ACCENT_THICKNESS = 8

QR_MAX_SIDE = 760  # the code with its quiet zone; shorter links get bigger modules
QUIET_ZONE = 4  # modules, as the QR standard asks
QR_ERROR = "m"  # segno may raise it when that costs no extra size

LINK_SIZE = 34
LINK_MIN_SIZE = 24  # below this the link wraps instead of shrinking further
LINK_BREAKS = "/?&="  # the link wraps after one of these when it must
LINK_GAP = 8  # between the code's quiet zone and the link
CAPTION_SIZE = 30
CAPTION_MIN_SIZE = 20
CAPTION_GAP = 28  # between the rule and the caption

BACKGROUND = (255, 255, 255)
INK = (31, 41, 51)
MUTED = (97, 110, 124)
ACCENT = (47, 111, 222)
RULE = (214, 220, 226)
QR_DARK = (0, 0, 0)


@dataclass(frozen=True)
class _Line:
    text: str
    face: ImageFont.FreeTypeFont
    fill: tuple[int, int, int]
    gap_before: int = 0


def qr_matrix(link: str) -> list[list[bool]]:
    """The QR code of ``link`` as rows of modules, ``True`` for dark, quiet zone included.

    Raises ``ValueError`` when ``link`` is empty or too long for any QR code.
    """
    if not link:
        raise ValueError("the link is empty")
    try:
        code = segno.make(link, error=QR_ERROR, micro=False, boost_error=True)
    except segno.DataOverflowError as exc:
        raise ValueError(f"the link is too long for a QR code ({len(link)} characters)") from exc
    return [[bool(module) for module in row] for row in code.matrix_iter(border=QUIET_ZONE)]


def poster(titles: list[str], link: str, *, caption: str = "") -> bytes:
    """Render the poster for ``link`` as a PNG of ``WIDTH`` × ``HEIGHT`` pixels.

    ``titles`` go on top in the given order (empty ones are skipped); newlines and runs of
    spaces in them and in the caption are drawn as one space. Raises ``ValueError`` when the
    link is empty, holds whitespace, or is too long for a QR code.
    """
    if any(ch.isspace() for ch in link):
        raise ValueError(f"the link holds whitespace: {link!r}")
    matrix = qr_matrix(link)
    image = Image.new("RGB", (WIDTH, HEIGHT), BACKGROUND)
    draw = ImageDraw.Draw(image)

    # The bottom: the caption above the bottom margin, a thin rule above it.
    bottom = HEIGHT - MARGIN
    caption_line = one_line(caption)
    if caption_line:
        caption_face = font(
            _largest_size(
                CAPTION_SIZE,
                CAPTION_MIN_SIZE,
                lambda size: font(size).getlength(caption_line) <= INNER,
            )
        )
        caption_line = fit(caption_line, caption_face, INNER)
        bottom -= line_height(caption_face)
        draw.text((WIDTH // 2, bottom), caption_line, font=caption_face, fill=MUTED, anchor="ma")
        bottom -= CAPTION_GAP
        draw.line([(MARGIN, bottom), (WIDTH - MARGIN, bottom)], fill=RULE, width=2)
        bottom -= CAPTION_GAP

    # The titles from the top margin down.
    top = MARGIN
    for line in _title_lines(titles):
        top += line.gap_before
        if not line.text:  # the accent rule under the first title
            left = (WIDTH - ACCENT_WIDTH) // 2
            draw.rectangle(
                [(left, top), (left + ACCENT_WIDTH - 1, top + ACCENT_THICKNESS - 1)], fill=ACCENT
            )
            top += ACCENT_THICKNESS
            continue
        draw.text((WIDTH // 2, top), line.text, font=line.face, fill=line.fill, anchor="ma")
        top += line_height(line.face)

    # The code and the link under it, centred in the room left between titles and caption.
    link_face, link_lines = _link_lines(link)
    link_height = len(link_lines) * line_height(link_face)
    modules = len(matrix)
    scale = max(1, min(QR_MAX_SIDE, bottom - top - LINK_GAP - link_height) // modules)
    side = modules * scale
    block = side + LINK_GAP + link_height
    qr_top = top + max(0, (bottom - top - block) // 2)
    qr_left = (WIDTH - side) // 2
    image.paste(_qr_image(matrix, scale), (qr_left, qr_top))

    y = qr_top + side + LINK_GAP
    for text in link_lines:
        draw.text((WIDTH // 2, y), text, font=link_face, fill=INK, anchor="ma")
        y += line_height(link_face)
    return _png(image)


def _qr_image(matrix: list[list[bool]], scale: int) -> Image.Image:
    """The modules as pure black and white squares of ``scale`` pixels, with no blur."""
    modules = len(matrix)
    small = Image.new("RGB", (modules, modules), BACKGROUND)
    small.putdata([QR_DARK if dark else BACKGROUND for row in matrix for dark in row])
    return small.resize((modules * scale, modules * scale), Image.Resampling.NEAREST)


def _title_lines(titles: list[str]) -> list[_Line]:
    """The titles wrapped into lines, as large as their line limits and the title room allow.

    A ``_Line`` with no text stands for the accent rule under the first title.
    """
    texts = [text for text in (one_line(title) for title in titles) if text]
    if not texts:
        return []
    first, others = texts[0], texts[1:]
    first_size = _largest_size(
        FIRST_TITLE_SIZE,
        FIRST_TITLE_MIN_SIZE,
        lambda size: _fits_lines([first], font(size, bold=True), FIRST_TITLE_MAX_LINES),
    )
    other_size = _largest_size(
        TITLE_SIZE, TITLE_MIN_SIZE, lambda size: _fits_lines(others, font(size), TITLE_MAX_LINES)
    )
    while True:
        lines = _title_block(texts, font(first_size, bold=True), font(other_size))
        if _block_height(lines) <= TITLES_MAX_HEIGHT:
            return lines
        if first_size == FIRST_TITLE_MIN_SIZE and other_size == TITLE_MIN_SIZE:
            break
        first_size = max(FIRST_TITLE_MIN_SIZE, first_size - 4)  # both shrink, keeping the ratio
        other_size = max(TITLE_MIN_SIZE, other_size - 2)
    # Even the smallest sizes do not fit: keep the lines that do, mark the cut with "…".
    kept: list[_Line] = []
    for line in lines:
        if _block_height([*kept, line]) > TITLES_MAX_HEIGHT:
            break
        kept.append(line)
    while kept and not kept[-1].text:
        kept.pop()  # never end on the accent rule
    if kept:
        last = kept[-1]
        cut = fit(f"{last.text} {ELLIPSIS}", last.face, INNER)
        kept[-1] = _Line(cut, last.face, last.fill, last.gap_before)
    return kept


def _largest_size(size: int, min_size: int, fits: Callable[[int], bool]) -> int:
    """The largest size from ``size`` down to ``min_size`` for which ``fits``, else ``min_size``."""
    return next((current for current in range(size, min_size, -1) if fits(current)), min_size)


def _fits_lines(texts: list[str], face: ImageFont.FreeTypeFont, max_lines: int) -> bool:
    return all(len(_wrap(text, face, INNER)) <= max_lines for text in texts)


def _title_block(
    texts: list[str], first_face: ImageFont.FreeTypeFont, other_face: ImageFont.FreeTypeFont
) -> list[_Line]:
    """All titles' lines: the first in ``first_face`` and ink, an accent rule, the rest muted.

    A title wrapping to more lines than its limit is cut at the limit, its last line ending in "…".
    """
    lines: list[_Line] = []
    for index, text in enumerate(texts):
        face = first_face if index == 0 else other_face
        fill = INK if index == 0 else MUTED
        gap = 0 if index == 0 else ACCENT_GAP if index == 1 else TITLE_GAP
        wrapped = _wrap(text, face, INNER)
        limit = FIRST_TITLE_MAX_LINES if index == 0 else TITLE_MAX_LINES
        if len(wrapped) > limit:  # only at the smallest size: cut the title, mark it with "…"
            wrapped = [*wrapped[: limit - 1], fit(f"{wrapped[limit - 1]} {ELLIPSIS}", face, INNER)]
        for number, piece in enumerate(wrapped):
            lines.append(_Line(piece, face, fill, gap if number == 0 else 0))
        if index == 0 and len(texts) > 1:
            lines.append(_Line("", face, ACCENT, ACCENT_GAP))  # the accent rule
    return lines


def _block_height(lines: list[_Line]) -> int:
    return sum(
        line.gap_before + (line_height(line.face) if line.text else ACCENT_THICKNESS)
        for line in lines
    )


def _link_lines(link: str) -> tuple[ImageFont.FreeTypeFont, list[str]]:
    """The face and lines to print ``link`` in: one line if it fits at a readable size, else two
    lines broken after a "/", "?", "&" or "=" where possible, else as many as it takes."""
    for size in range(LINK_SIZE, LINK_MIN_SIZE - 1, -1):
        face = font(size)
        if face.getlength(link) <= INNER:
            return face, [link]
    for size in range(LINK_SIZE, LINK_MIN_SIZE - 1, -1):
        face = font(size)
        halves = _split_in_two(link, face)
        if halves:
            return face, halves
    face = font(LINK_MIN_SIZE)
    return face, _break(link, face, INNER)


def _split_in_two(text: str, face: ImageFont.FreeTypeFont) -> list[str]:
    """``text`` as two lines that each fit, as even as possible, after a URL delimiter if any
    such break fits; ``[]`` when no break does."""
    natural = [cut for cut in range(1, len(text)) if text[cut - 1] in LINK_BREAKS]
    for cuts in (natural, range(1, len(text))):
        widths = {cut: max(face.getlength(text[:cut]), face.getlength(text[cut:])) for cut in cuts}
        fitting = {cut: width for cut, width in widths.items() if width <= INNER}
        if fitting:
            cut = min(fitting, key=fitting.__getitem__)
            return [text[:cut], text[cut:]]
    return []


def _wrap(text: str, face: ImageFont.FreeTypeFont, width: float) -> list[str]:
    """``text`` in lines no wider than ``width``, broken at spaces, long words broken inside."""
    lines: list[str] = []
    current = ""
    for word in text.split(" "):
        candidate = f"{current} {word}" if current else word
        if face.getlength(candidate) <= width:
            current = candidate
            continue
        if current:
            lines.append(current)
        if face.getlength(word) <= width:
            current = word
        else:
            *whole, current = _break(word, face, width)
            lines.extend(whole)
    if current:
        lines.append(current)
    return lines


def _break(text: str, face: ImageFont.FreeTypeFont, width: float) -> list[str]:
    """``text`` cut into pieces no wider than ``width`` (at least one character each)."""
    pieces: list[str] = []
    rest = text
    while rest and face.getlength(rest) > width:
        # rest[:low] is kept (one character at least, so the loop ends); rest[:high] is too wide.
        low, high = 1, len(rest)
        while high - low > 1:
            middle = (low + high) // 2
            if face.getlength(rest[:middle]) <= width:
                low = middle
            else:
                high = middle
        pieces.append(rest[:low])
        rest = rest[low:]
    if rest:
        pieces.append(rest)
    return pieces


def _png(image: Image.Image) -> bytes:
    out = io.BytesIO()
    image.save(out, format="PNG", optimize=True, dpi=(DPI, DPI))
    return out.getvalue()
