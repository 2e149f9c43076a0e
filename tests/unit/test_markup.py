import pytest

from jol.markup import MarkupError, split_message, to_html, visible_length


def test_editor_markup_becomes_telegram_html_and_everything_else_is_escaped() -> None:
    html = to_html("Call **now** or __later__ <script> & [eGov](https://egov.kz/a?b=1&c=2)")
    assert html == (
        "Call <b>now</b> or <i>later</i> &lt;script&gt; &amp; "
        '<a href="https://egov.kz/a?b=1&amp;c=2">eGov</a>'
    )


def test_dash_lines_become_bullets() -> None:
    assert to_html("Bring:\n- passport\n- **migration card**") == (
        "Bring:\n• passport\n• <b>migration card</b>"
    )


@pytest.mark.parametrize("text", ["a **b", "a __b** c__", "**a\nb**"])
def test_unclosed_or_crossed_markup_is_an_error(text: str) -> None:
    with pytest.raises(MarkupError):
        to_html(text)


def test_links_to_other_schemes_stay_plain_text() -> None:
    assert to_html("[x](javascript:alert(1))") == "[x](javascript:alert(1))"


def test_length_is_counted_in_utf16_units_without_tags() -> None:
    assert visible_length("<b>Ая</b> &amp; 🙂") == 2 + 3 + 2


def test_short_text_is_one_part() -> None:
    assert split_message("<b>hi</b>") == ["<b>hi</b>"]


def test_long_text_is_split_at_line_breaks_under_the_limit() -> None:
    lines = [f"<b>line {i}</b> " + "слово " * 30 for i in range(60)]
    parts = split_message("\n".join(lines), limit=1000)
    assert len(parts) > 1
    assert all(visible_length(part) <= 1000 for part in parts)
    assert "\n".join(parts).count("<b>line") == 60


def test_one_huge_bold_line_is_split_with_tags_closed_and_reopened() -> None:
    parts = split_message("<b>" + "word " * 3000 + "</b>", limit=4096)
    assert len(parts) == 4
    for part in parts:
        assert part.startswith("<b>") and part.endswith("</b>")
        assert visible_length(part) <= 4096
