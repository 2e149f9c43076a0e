"""What one screen looks like: text, sources, buttons, Back and Main menu."""

from datetime import date

from jol.library import load_bundle
from jol.render import Button, ChooseLanguage, Go, OpenUrl, Rate, Renderer, Subscribe
from tests.paths import FIXTURES

TODAY = date(2026, 11, 25)


def _renderer(language: str = "en", today: date = TODAY) -> Renderer:
    bundle = load_bundle(FIXTURES / "content", FIXTURES / "locales")
    return Renderer(
        bundle.content,
        bundle.catalogs,
        language,
        lambda text, code: f"{text}",
        today,
        deep_link=lambda node: f"https://t.me/jol_test_bot?start={node}",
    )


def _labels(screen) -> list[str]:
    return [button.label for row in screen.keyboard for button in row]


def test_answer_states_sources_review_date_and_facts() -> None:
    screen = _renderer().node("registration_needed")
    text = screen.parts[0]
    assert text.startswith("<b>You must register</b>")
    assert "Register within <b>7 days</b>." in text and "Call 1414." in text
    assert "Sources: Fixture Act No. 1, Art. 2; Fixture Order No. 7" in text
    assert "Checked on November 1, 2026" in text


def test_answer_has_related_rating_share_back_and_main_menu() -> None:
    screen = _renderer().node("registration_needed")
    actions = [button.action for row in screen.keyboard for button in row]
    assert actions[0] == Go("registration_where")
    assert actions[1:3] == [Rate("registration_needed", True), Rate("registration_needed", False)]
    share = actions[3]
    assert isinstance(share, OpenUrl)
    assert share.url == (
        "https://t.me/share/url?url=https%3A%2F%2Ft.me%2Fjol_test_bot%3Fstart%3Dregistration_needed"
        "&text=You%20must%20register"
    )
    assert actions[4:] == [Go("registration_stay"), Go("main")]
    assert _labels(screen)[1:3] == ["👍 Helpful", "👎 Not helpful"]
    assert _labels(screen)[4:] == ["◀️ Back", "🏠 Main menu"]


def test_an_answer_already_rated_does_not_ask_again() -> None:
    screen = _renderer().node("registration_needed", rated=True)
    assert not any(isinstance(b.action, Rate) for row in screen.keyboard for b in row)


def test_main_menu_puts_emergency_first_and_offers_the_language_switch() -> None:
    screen = _renderer().node("main")
    assert _labels(screen)[0] == "Emergency"
    last = screen.keyboard[-1][0]
    assert last.action == ChooseLanguage(None)
    assert "Back" not in " ".join(_labels(screen))


def test_question_buttons_carry_labels_with_facts() -> None:
    assert _labels(_renderer().node("registration_stay"))[:2] == ["Up to 30 days", "Longer"]


def test_rule_no_longer_in_force_is_not_offered_in_menus() -> None:
    assert "Old rule" not in _labels(_renderer().node("rights"))
    assert "Old rule" in _labels(_renderer(today=date(2026, 6, 1)).node("rights"))


def test_rule_no_longer_in_force_opened_by_link_says_so() -> None:
    text = _renderer().node("registration_old_rule").parts[0]
    assert "No longer in force since June 30, 2026." in text


def test_contacts_show_phone_address_and_link() -> None:
    text = _renderer().node("emergency").parts[0]
    assert "<b>Test hotline</b>\nAnswers questions about tests\n☎️ +7 700 000 00 00" in text
    assert "📍 1 Example Street, Almaty" in text
    assert (
        '<a href="https://example.org/shelter/">' in text
        or '<a href="https://example.org/shelter">' in text
    )


def test_language_picker_lists_every_language_with_its_own_name() -> None:
    screen = _renderer().languages()
    assert _labels(screen) == ["Қазақша", "Русский", "English", "Oʻzbekcha", "Тоҷикӣ", "Кыргызча"]
    assert screen.parts[0] == "🌐 Choose your language"


def test_dates_are_written_in_the_users_language() -> None:
    assert "1 ноября 2026" in _renderer("ru").node("rights_police").parts[0]


def test_a_translation_that_broke_a_placeholder_falls_back_to_english_instead_of_failing() -> None:
    bundle = load_bundle(FIXTURES / "content", FIXTURES / "locales")
    broken = {"Checked on {date}": "Проверено {data}"}
    renderer = Renderer(
        bundle.content, bundle.catalogs, "ru", lambda text, code: broken.get(text, text), TODAY
    )
    assert "Checked on 1 ноября 2026\u202fг." in renderer.node("rights_police").parts[0]


def test_a_topic_offers_to_notify_of_changes_above_back_and_main_menu() -> None:
    screen = _renderer().node("registration")
    assert screen.keyboard[-2] == (Button("🔔 Notify me of changes", Subscribe("registration")),)
    assert _labels(screen)[-2:] == ["◀️ Back", "🏠 Main menu"]


def test_only_topics_offer_to_notify_of_changes() -> None:
    for node_id in ("main", "emergency", "registration_stay", "registration_needed"):
        screen = _renderer().node(node_id)
        assert not any(isinstance(b.action, Subscribe) for row in screen.keyboard for b in row)
