"""The bar chart: a PNG of the right size, every language's letters drawn, edge cases calm."""

import io

import pytest
from PIL import Image, ImageChops

from jol.graphics import chart
from jol.graphics.chart import bar_chart
from jol.graphics.fonts import missing_letters
from jol.graphics.text import fit

KAZAKH_TAJIK = [
    ("Тіркеу және көші-қон картасы", 12),
    ("Иҷозати кор ва патент", 7),
    ("Ҳуқуқҳои муҳоҷирон: ӯ ӣ ҷ", 3),
    ("Ұзақ мерзімді виза: ә ғ ң ө ү һ", 0),
]


def decode(png: bytes) -> Image.Image:
    image = Image.open(io.BytesIO(png))
    assert image.format == "PNG"
    image.load()
    return image.convert("RGB")


def differ(first: bytes, second: bytes) -> bool:
    a, b = decode(first), decode(second)
    assert a.size == b.size
    return ImageChops.difference(a, b).getbbox() is not None


def colour_count(image: Image.Image, colour: tuple[int, int, int]) -> int:
    return sum(count for count, rgb in image.getcolors(maxcolors=1 << 20) or [] if rgb == colour)


def test_chart_is_a_png_about_a_thousand_pixels_wide() -> None:
    image = decode(bar_chart("Сұрақтар", KAZAKH_TAJIK, subtitle="Соңғы 30 күн"))
    width, height = image.size
    assert width == chart.WIDTH == 1000
    assert 4 * chart.ROW_HEIGHT < height < 4 * chart.ROW_HEIGHT + 300


def test_height_grows_by_one_row_per_bar() -> None:
    heights = [
        decode(bar_chart("Title", [(f"bar {i}", i) for i in range(n)])).size[1]
        for n in (1, 2, 10, 40)
    ]
    assert heights[1] - heights[0] == chart.ROW_HEIGHT
    assert heights[2] - heights[0] == 9 * chart.ROW_HEIGHT
    assert heights[3] - heights[0] == 39 * chart.ROW_HEIGHT


def test_kazakh_and_tajik_labels_are_drawn() -> None:
    empty = bar_chart("Сұрақтар", [])
    one_bar = bar_chart("Сұрақтар", [KAZAKH_TAJIK[0]])
    assert differ(empty, one_bar)
    labels = bar_chart("T", [(label, 0) for label, _ in KAZAKH_TAJIK])
    blank = bar_chart("T", [("", 0) for _ in KAZAKH_TAJIK])
    assert differ(labels, blank)


@pytest.mark.parametrize(
    ("letters", "others"),
    [
        ("ӘҒҚҢӨҰҮҺІ", "АГКНОУҮХИ"),  # Kazakh against the Russian letters they are built on
        ("әғқңөұүһі", "агкноуүхи"),
        ("ӢӮҲҶ", "ИУХЧ"),  # Tajik
        ("ӣӯҳҷ", "иухч"),
        ("Ўў oʻ gʻ", "Уу o' g'"),  # Uzbek
    ],
)
def test_special_letters_are_drawn_as_themselves_not_as_one_tofu_box(
    letters: str, others: str
) -> None:
    # Letters missing from a font are all drawn as the same box: two different strings
    # drawing alike would mean boxes. Each special letter alone must change the picture.
    base = bar_chart("T", [(others, 1)])
    for index, letter in enumerate(letters):
        changed = others[:index] + letter + others[index + 1 :]
        if changed != others:
            assert differ(base, bar_chart("T", [(changed, 1)])), letter


def test_letters_missing_from_the_font_would_draw_alike() -> None:
    # The premise of the test above: two letters the font lacks give the same picture.
    assert missing_letters("中国") == {"中", "国"}
    assert not differ(bar_chart("T", [("a中", 1)]), bar_chart("T", [("a国", 1)]))


def test_empty_list_draws_a_dash_instead_of_crashing() -> None:
    image = decode(bar_chart("Бос", []))
    assert image.size[0] == chart.WIDTH
    assert colour_count(image, chart.BAR) == 0
    assert colour_count(image, chart.MUTED) > 0  # the dash


def test_zero_bars_are_empty_tracks() -> None:
    zeros = decode(bar_chart("T", [("a", 0), ("b", 0)]))
    assert colour_count(zeros, chart.BAR) == 0
    assert colour_count(zeros, chart.TRACK) > 0
    some = decode(bar_chart("T", [("a", 0), ("b", 5)]))
    assert colour_count(some, chart.BAR) > 0


def test_long_labels_are_cut_so_their_endings_do_not_show() -> None:
    long = "Шетелдіктердің Қазақстан Республикасында уақытша тұруға рұқсат алуы " * 3
    assert not differ(
        bar_chart("T", [(long + "ә", 1)]),
        bar_chart("T", [(long + "ҷ", 1)]),
    )
    assert fit(long, chart.font(chart.TEXT_SIZE), 300).endswith("…")


def test_long_title_and_huge_values_still_fit_the_width() -> None:
    png = bar_chart("Сарлауҳа " * 40, [("a", 10**12), ("b", 1)], subtitle="ӯ " * 200)
    assert decode(png).size[0] == chart.WIDTH


def test_negative_values_are_refused() -> None:
    with pytest.raises(ValueError):
        bar_chart("T", [("a", -1)])
