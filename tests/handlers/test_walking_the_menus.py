"""A migrant taps through the menus: greeting, language, answers, Back, Main menu, sharing."""

from copy import copy

from tests.harness import JolTestBot, ui


async def test_russian_telegram_user_sends_start_and_sees_the_main_menu_in_russian(
    jol: JolTestBot,
) -> None:
    user = jol.user(language_code="ru")
    screen = await user.send("/start")
    assert screen.text.startswith("Добро пожаловать в тестовый бот. Выберите тему.")
    assert screen.buttons[:3] == ["Экстренная помощь", "Регистрация", "Your rights"]


async def test_main_menu_has_emergency_first_and_a_language_switch_everyone_recognises(
    jol: JolTestBot,
) -> None:
    screen = await jol.user(language_code="ru").send("/start")
    assert screen.buttons[0] == "Экстренная помощь"
    words = [ui(code, "Language") for code in ["ru", "kk", "en", "uz", "tg", "ky"]]
    assert screen.buttons[-1] == "🌐 " + " · ".join(dict.fromkeys(words))
    assert len(set(words)) >= 4, "the word is translated in most languages"


async def test_user_with_an_unsupported_telegram_language_is_asked_to_choose(
    jol: JolTestBot,
) -> None:
    user = jol.user(language_code="de")
    picker = await user.send("/start")
    assert picker.buttons == ["Қазақша", "Русский", "English", "Oʻzbekcha", "Тоҷикӣ", "Кыргызча"]
    for code in ["kk", "ru", "en", "uz", "tg", "ky"]:
        assert ui(code, "Choose your language") in picker.text
    assert ui("ru", "Choose your language") != "Choose your language"
    menu = await user.press("Русский")
    assert menu.message_id == picker.message_id  # edited in place
    assert menu.text.startswith("Добро пожаловать")


async def test_user_walks_from_the_menu_to_an_answer_with_sources(jol: JolTestBot) -> None:
    user = jol.user(language_code="en")
    await user.send("/start")
    await user.press("Registration")
    question = await user.press("How long will you stay?")
    assert "How long will you stay in Kazakhstan?" in question.text
    answer = await user.press("Longer")
    assert answer.text.startswith("You must register\n\nRegister within 7 days.")
    assert "Sources: Fixture Act No. 1, Art. 2; Fixture Order No. 7" in answer.text
    assert "Checked on November 1, 2026" in answer.text
    assert answer.buttons == [
        "Where to register",
        "👍 Helpful",
        "👎 Not helpful",
        "📤 Share",
        "◀️ Back",
        "🏠 Main menu",
    ]
    assert len(user.messages) == 1, "every tap edits the same message"


async def test_every_button_press_is_answered(jol: JolTestBot) -> None:
    user = jol.user(language_code="en")
    await user.send("/start")
    for label in ["Registration", "Where to register", "Back", "Main menu", "Emergency"]:
        await user.press(label)
        assert user.answer_to(user.last_query_id) is not None, label


async def test_back_goes_to_the_parent_and_main_menu_goes_home(jol: JolTestBot) -> None:
    user = jol.user(language_code="en")
    await user.send("/start")
    await user.press("Registration")
    await user.press("How long will you stay?")
    await user.press("Up to 30 days")
    back = await user.press("Back")
    assert back.text.startswith("How long will you stay?")
    home = await user.press("Main menu")
    assert home.text.startswith("Welcome to the test bot.")


async def test_share_button_carries_the_answers_deep_link(jol: JolTestBot) -> None:
    user = jol.user(language_code="en")
    await user.send("/start registration_where")
    share = user.screen.button("Share")
    assert share.url.startswith(
        "https://t.me/share/url?url=https%3A%2F%2Ft.me%2Fjol_test_bot%3Fstart%3Dregistration_where"
    )


async def test_deep_link_opens_the_answer_directly(jol: JolTestBot) -> None:
    screen = await jol.user(language_code="en").send("/start rights_police")
    assert screen.text.startswith("Police checks\n\nCarry your passport.")
    assert screen.buttons[-2:] == ["◀️ Back", "🏠 Main menu"]


async def test_deep_link_to_an_unknown_node_opens_the_main_menu(jol: JolTestBot) -> None:
    screen = await jol.user(language_code="en").send("/start no_such_thing")
    assert screen.text.startswith("Welcome to the test bot.")


async def test_deep_link_before_a_language_is_chosen_opens_the_answer_after_choosing(
    jol: JolTestBot,
) -> None:
    user = jol.user(language_code="fa")
    await user.send("/start registration_stay")
    screen = await user.press("Русский")
    assert screen.text.startswith("Как долго вы пробудете?")


async def test_emergency_screen_lists_who_to_call(jol: JolTestBot) -> None:
    user = jol.user(language_code="en")
    await user.send("/menu")
    screen = await user.press("Emergency")
    assert "Call now if you are in danger." in screen.text
    assert "Test hotline\nAnswers questions about tests\n☎️ +7 700 000 00 00" in screen.text


async def test_outdated_russian_text_is_replaced_by_english_with_a_notice_in_russian(
    jol: JolTestBot,
) -> None:
    screen = await jol.user(language_code="ru").send("/start registration_needed")
    assert "устаревший" not in screen.text
    assert "Register within 7 days." in screen.text
    notice = ui("ru", "Not yet translated into your language; shown in {language}.")
    assert screen.text.rstrip().endswith(notice.format(language="English"))
    assert not notice.startswith("Not yet"), "the notice is in Russian"


async def test_tapping_a_button_twice_quickly_is_not_an_error(jol: JolTestBot) -> None:
    user = jol.user(language_code="en")
    await user.send("/start")
    menu = await user.press("Registration")
    data = menu.button("Where to register").callback_data
    tapped = copy(menu)  # both taps carry the message as the phone showed it
    first = await user.press_data(data, tapped)
    second = await user.press_data(data, tapped)  # Telegram: "message is not modified"
    assert user.answer_to(first) is not None and user.answer_to(second) is not None
    assert user.screen.text.startswith("Where to register")
    assert len(user.messages) == 1
