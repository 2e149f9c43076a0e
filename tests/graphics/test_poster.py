"""The printable poster: an A4 PNG whose QR code a real decoder (zxing-cpp) reads back to exactly
the deep link, drawn crisp, every language's titles on it, nothing past the margins."""

import io

import pytest
import zxingcpp
from PIL import Image, ImageChops

from jol.graphics import poster as poster_module
from jol.graphics.fonts import missing_letters
from jol.graphics.poster import poster, qr_matrix

LINK = "https://t.me/jol_kz_bot?start=registration_deadline"
NODE_ID_40 = "registration-deadline_for_citizens_of_ea"  # Telegram allows up to 64 of [A-Za-z0-9_-]
LONGEST_USERNAME = "a_very_long_ngo_helper_bot_name_b"  # 32 characters, Telegram's maximum

TITLES = [
    "Тіркеу мерзімі: қашан және қалай тіркелу керек",  # Kazakh
    "Мӯҳлати бақайдгирӣ: кай ва чӣ тавр қайд шудан лозим",  # Tajik
    "Каттоо мөөнөтү: качан жана кантип катталуу керек",  # Kyrgyz
    "Roʻyxatdan oʻtish muddati: qachon va qanday",  # Uzbek Latin, with the turned comma
    "Срок регистрации: когда и как встать на учёт",  # Russian
]

WHITE = (255, 255, 255)
BLACK = (0, 0, 0)
EDGE = 60  # the outer columns and rows that must stay white (the margin is wider)


def decode(png: bytes) -> Image.Image:
    image = Image.open(io.BytesIO(png))
    assert image.format == "PNG"
    image.load()
    return image.convert("RGB")


def read_qr(image: Image.Image) -> list[str]:
    results = zxingcpp.read_barcodes(image.convert("L"))
    assert all(result.format == zxingcpp.BarcodeFormat.QRCode for result in results)
    return [result.text for result in results]


def differ(first: Image.Image, second: Image.Image) -> bool:
    assert first.size == second.size
    return ImageChops.difference(first, second).getbbox() is not None


def dark_box(image: Image.Image, colour: tuple[int, int, int]) -> tuple[int, int, int, int] | None:
    """The bounding box of the pixels of exactly ``colour``."""
    red, green, blue = ImageChops.difference(image, Image.new("RGB", image.size, colour)).split()
    off_by = ImageChops.lighter(red, ImageChops.lighter(green, blue))
    return off_by.point(lambda value: 255 if value == 0 else 0).getbbox()


def assert_white_edges(image: Image.Image) -> None:
    width, height = image.size
    for box in (
        (0, 0, EDGE, height),
        (width - EDGE, 0, width, height),
        (0, 0, width, EDGE),
        (0, height - EDGE, width, height),
    ):
        colours = image.crop(box).getcolors(maxcolors=1 << 20)
        assert colours == [(colours[0][0], WHITE)], f"ink inside the edge strip {box}"


def test_poster_is_an_a4_portrait_png_at_150_dpi() -> None:
    png = poster(TITLES, LINK, caption="Jol — free legal information")
    image = Image.open(io.BytesIO(png))
    assert image.format == "PNG"
    assert image.size == (poster_module.WIDTH, poster_module.HEIGHT) == (1240, 1754)
    assert image.size[1] / image.size[0] == pytest.approx(297 / 210, rel=0.01)
    assert image.info["dpi"] == pytest.approx((150, 150), abs=0.05)


def test_the_qr_code_decodes_back_to_exactly_the_link() -> None:
    image = decode(poster(TITLES, LINK, caption="Jol — free legal information"))
    assert read_qr(image) == [LINK]


@pytest.mark.parametrize(
    "link",
    [
        f"https://t.me/jol_kz_bot?start={NODE_ID_40}",
        f"https://t.me/{LONGEST_USERNAME}?start={NODE_ID_40}",
        f"https://t.me/{LONGEST_USERNAME}?start={'x' * 64}",
        "https://t.me/jol_kz_bot?start=a",
        "https://t.me/jol_kz_bot",
    ],
)
def test_long_and_short_links_still_decode(link: str) -> None:
    image = decode(poster(TITLES, link))
    assert read_qr(image) == [link]
    assert_white_edges(image)  # the printed link wraps rather than running off the page


def test_error_correction_is_at_least_m() -> None:
    image = decode(poster(["T"], f"https://t.me/jol_kz_bot?start={NODE_ID_40}"))
    (result,) = zxingcpp.read_barcodes(image.convert("L"))
    assert result.ec_level in {"M", "Q", "H"}


def test_qr_is_big_crisp_and_keeps_its_quiet_zone() -> None:
    link = f"https://t.me/jol_kz_bot?start={NODE_ID_40}"
    matrix = qr_matrix(link)
    image = decode(poster(TITLES, link, caption="Jol"))
    box = dark_box(image, BLACK)  # the text is never pure black: only the code is
    assert box is not None
    left, top, right, bottom = box
    inner_modules = len(matrix) - 2 * poster_module.QUIET_ZONE
    assert (right - left) == (bottom - top)
    scale, rest = divmod(right - left, inner_modules)
    assert rest == 0, "every module is a whole number of pixels"
    assert scale >= 10
    assert right - left >= 0.4 * image.size[0], "the code is big"

    quiet = poster_module.QUIET_ZONE * scale
    area = image.crop((left - quiet, top - quiet, right + quiet, bottom + quiet))
    colours = {rgb for _, rgb in area.getcolors(maxcolors=1 << 20) or []}
    assert colours == {BLACK, WHITE}, "no grey from resampling, no text in the quiet zone"
    for row, modules in enumerate(matrix):
        for column, dark in enumerate(modules):
            x = left - quiet + column * scale + scale // 2
            y = top - quiet + row * scale + scale // 2
            assert image.getpixel((x, y)) == (BLACK if dark else WHITE), (row, column)


def test_titles_in_every_script_are_drawn_above_the_code() -> None:
    assert missing_letters("".join(TITLES)) == set()
    with_titles = decode(poster(TITLES, LINK))
    without = decode(poster([], LINK))
    assert differ(with_titles, without)
    box = dark_box(with_titles, BLACK)
    assert box is not None
    text_area = with_titles.crop((0, 0, with_titles.size[0], box[1]))
    ink = [count for count, rgb in text_area.getcolors(maxcolors=1 << 20) or [] if rgb != WHITE]
    assert sum(ink) > 5000
    assert read_qr(with_titles) == [LINK]


def test_each_title_changes_the_picture() -> None:
    all_titles = decode(poster(TITLES, LINK))
    for index in range(len(TITLES)):
        fewer = [title if i != index else "" for i, title in enumerate(TITLES)]
        assert differ(all_titles, decode(poster(fewer, LINK))), TITLES[index]


def test_caption_is_drawn() -> None:
    assert differ(decode(poster(TITLES, LINK)), decode(poster(TITLES, LINK, caption="Jol")))


@pytest.mark.parametrize(
    ("titles", "caption"),
    [
        (["Тіркеу мерзімі және көші-қон картасы туралы толық ақпарат " * 8], ""),
        (["Регистрациямигрантовиихсемейвказахстане" * 4, "Қ" * 200], "Jol"),
        ([TITLES[0], *(["Мӯҳлати бақайдгирӣ: кай ва чӣ тавр қайд шудан лозим " * 6] * 7)], ""),
        (TITLES, "Jol — free legal information, тегін құқықтық ақпарат " * 6),
    ],
    ids=["long-title", "unbroken-words", "many-long-titles", "long-caption"],
)
def test_long_text_never_overflows(titles: list[str], caption: str) -> None:
    link = f"https://t.me/{LONGEST_USERNAME}?start={NODE_ID_40}"
    image = decode(poster(titles, link, caption=caption))
    assert_white_edges(image)
    assert read_qr(image) == [link]


def test_titles_never_run_into_the_code() -> None:
    many = ["Тіркеу мерзімі және көші-қон картасы туралы толық ақпарат " * 8] * 10
    image = decode(poster(many, LINK, caption="Jol"))
    box = dark_box(image, BLACK)
    assert box is not None
    scale = (box[2] - box[0]) // (len(qr_matrix(LINK)) - 2 * poster_module.QUIET_ZONE)
    quiet_top = box[1] - poster_module.QUIET_ZONE * scale
    band = image.crop((0, quiet_top, image.size[0], box[1]))
    assert band.getcolors(maxcolors=1 << 20) == [(band.size[0] * band.size[1], WHITE)]
    assert read_qr(image) == [LINK]


def test_same_input_same_bytes() -> None:
    assert poster(TITLES, LINK, caption="Jol") == poster(TITLES, LINK, caption="Jol")


def test_qr_matrix_is_square_with_a_white_quiet_zone() -> None:
    matrix = qr_matrix(LINK)
    size = len(matrix)
    assert all(len(row) == size for row in matrix)
    zone = poster_module.QUIET_ZONE
    assert zone >= 4
    for index in range(zone):
        assert not any(matrix[index]) and not any(matrix[size - 1 - index])
        assert not any(row[index] or row[size - 1 - index] for row in matrix)
    assert all(matrix[zone][zone : zone + 7]), "the top-left finder pattern starts at the zone"


@pytest.mark.parametrize(
    "link",
    ["", "https://t.me/jol bot?start=x", "https://t.me/jol_bot?start=x\n", "x" * 3000],
    ids=["empty", "space", "newline", "too-long"],
)
def test_bad_links_are_refused(link: str) -> None:
    with pytest.raises(ValueError):
        poster(TITLES, link)
