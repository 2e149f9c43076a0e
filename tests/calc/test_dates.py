"""What people type for a date, in every shipped language: understood exactly, or asked back."""

from datetime import date

import pytest
from babel import Locale
from babel.dates import get_month_names

from jol.calc.dates import (
    LANGUAGES,
    Ambiguous,
    Invalid,
    Parsed,
    Reason,
    fold,
    months_of,
    parse_date,
)

TODAY = date(2026, 12, 20)  # a Sunday; every case below is relative to it


def _value(text: str, lang: str | None = None, today: date = TODAY) -> date:
    result = parse_date(text, today, lang)
    assert isinstance(result, Parsed), (text, result)
    return result.value


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("14.12.2026", date(2026, 12, 14)),
        ("14.12.26", date(2026, 12, 14)),  # two-digit year: 2026, not 2014 (Babel's reading)
        ("14/12/26", date(2026, 12, 14)),
        ("14-12-2026", date(2026, 12, 14)),
        ("2026-12-14", date(2026, 12, 14)),
        ("2026.12.14", date(2026, 12, 14)),
        ("14 12 2026", date(2026, 12, 14)),
        ("14122026", date(2026, 12, 14)),
        ("141226", date(2026, 12, 14)),
        ("1.2.26", date(2026, 2, 1)),  # day first, always
        ("05.06.2026", date(2026, 6, 5)),
        ("  14 . 12 . 2026 ", date(2026, 12, 14)),
    ],
)
def test_numeric_dates(text: str, expected: date) -> None:
    assert _value(text) == expected


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("14/12", date(2026, 12, 14)),
        ("14 12", date(2026, 12, 14)),
        ("14.12", date(2026, 12, 14)),
        ("1412", date(2026, 12, 14)),
        ("3.1", date(2026, 1, 3)),
    ],
)
def test_a_date_without_year_is_the_nearest_one_and_says_so(text: str, expected: date) -> None:
    result = parse_date(text, TODAY)
    assert result == Parsed(expected, year_inferred=True)


def test_a_date_without_year_in_the_new_year_is_from_december() -> None:
    assert _value("28.12", today=date(2027, 1, 5)) == date(2026, 12, 28)


@pytest.mark.parametrize(
    ("text", "lang", "expected"),
    [
        # English
        ("14 December 2026", "en", date(2026, 12, 14)),
        ("Dec 14, 2026", "en", date(2026, 12, 14)),
        ("14th of December 2026", "en", date(2026, 12, 14)),
        ("december 14th", "en", date(2026, 12, 14)),
        ("3 Mar 26", "en", date(2026, 3, 3)),
        # Russian: genitive and nominative, abbreviated, typed in Latin letters
        ("14 декабря 2026", "ru", date(2026, 12, 14)),
        ("14 декабря 2026 г.", "ru", date(2026, 12, 14)),
        ("14-го декабря", "ru", date(2026, 12, 14)),
        ("декабрь 14 2026", "ru", date(2026, 12, 14)),
        ("14 дек. 26", "ru", date(2026, 12, 14)),
        ("1 сентября 2026", "ru", date(2026, 9, 1)),
        ("1 мая", "ru", date(2026, 5, 1)),
        ("14 dekabrya 2026", "ru", date(2026, 12, 14)),
        ("1 sentyabrya 2026", "ru", date(2026, 9, 1)),
        ("5 oktyabrya", "ru", date(2026, 10, 5)),
        # Kazakh: with and without the Kazakh letters, genitive with suffix
        ("14 желтоқсан 2026", "kk", date(2026, 12, 14)),
        ("2026 жылғы 14 желтоқсан", "kk", date(2026, 12, 14)),
        ("14 желтоқсан 2026 ж.", "kk", date(2026, 12, 14)),
        ("желтоқсанның 14-і", "kk", date(2026, 12, 14)),
        ("14 желтоксан", "kk", date(2026, 12, 14)),
        ("5 қаңтар 2026", "kk", date(2026, 1, 5)),
        ("5 кантар 2026", "kk", date(2026, 1, 5)),
        ("22 наурыз 2026", "kk", date(2026, 3, 22)),
        ("9 мамыр 2026", "kk", date(2026, 5, 9)),
        ("1 маусым 2026", "kk", date(2026, 6, 1)),
        # Uzbek, Latin and Cyrillic
        ("14-dekabr 2026-yil", "uz", date(2026, 12, 14)),
        ("2026-yil 14-dekabr", "uz", date(2026, 12, 14)),
        ("14 dekabr", "uz", date(2026, 12, 14)),
        ("21 mart 2026", "uz", date(2026, 3, 21)),
        ("1 iyun 2026", "uz", date(2026, 6, 1)),
        ("1 iyul 2026", "uz", date(2026, 7, 1)),
        ("14 декабр 2026 йил", "uz_Cyrl", date(2026, 12, 14)),
        ("2026 йил 14 декабрда", "uz_Cyrl", date(2026, 12, 14)),
        # Tajik
        ("14 декабри соли 2026", "tg", date(2026, 12, 14)),
        ("14 декабр 2026", "tg", date(2026, 12, 14)),
        ("8 март 2026", "tg", date(2026, 3, 8)),
        # Kyrgyz
        ("14-декабрь 2026-ж.", "ky", date(2026, 12, 14)),
        ("2026-жылдын 14-декабры", "ky", date(2026, 12, 14)),
        ("9-май 2026", "ky", date(2026, 5, 9)),
    ],
)
def test_month_names_in_every_language(text: str, lang: str, expected: date) -> None:
    assert _value(text, lang) == expected
    assert _value(text) == expected  # the interface language is not needed


@pytest.mark.parametrize(
    ("text", "offset"),
    [
        ("today", 0),
        ("Yesterday", -1),
        ("сегодня", 0),
        ("вчера", -1),
        ("позавчера", -2),
        ("бүгін", 0),
        ("бугин", 0),
        ("кеше", -1),
        ("bugun", 0),
        ("kecha", -1),
        ("бугун", 0),
        ("кеча", -1),
        ("имрӯз", 0),
        ("имруз", 0),
        ("дирӯз", -1),
        ("бүгүн", 0),
        ("кечээ", -1),
    ],
)
def test_today_and_yesterday_in_every_language(text: str, offset: int) -> None:
    result = parse_date(text, TODAY)
    assert isinstance(result, Parsed) and result.relative
    assert (result.value - TODAY).days == offset


@pytest.mark.parametrize(
    ("text", "reason"),
    [
        ("", Reason.EMPTY),
        ("  ...  ", Reason.EMPTY),
        ("31.02.2026", Reason.NO_SUCH_DATE),
        ("31.02", Reason.NO_SUCH_DATE),
        ("29.02.2026", Reason.NO_SUCH_DATE),
        ("31 апреля", Reason.NO_SUCH_DATE),
        ("12/14", Reason.NO_SUCH_DATE),  # never swapped into 14 December
        ("14.13.2026", Reason.NO_SUCH_DATE),
        ("14.12.026", Reason.NO_SUCH_DATE),
        ("14.12.1999", Reason.TOO_EARLY),
        ("1 января 1998", Reason.TOO_EARLY),
        ("завтра", Reason.UNKNOWN_WORD),
        ("3 дня назад", Reason.UNKNOWN_WORD),
        ("14 foo 2026", Reason.UNKNOWN_WORD),
        ("декабрь", Reason.INCOMPLETE),
        ("декабрь 2026", Reason.INCOMPLETE),
        ("14", Reason.INCOMPLETE),
        ("2026", Reason.INCOMPLETE),
        ("2026-12", Reason.INCOMPLETE),
        ("1.2.3.4", Reason.TOO_MANY_NUMBERS),
        ("1 2 декабря 2026", Reason.TOO_MANY_NUMBERS),
        ("вчера 14.12", Reason.MIXED),
        ("сегодня вчера", Reason.MIXED),
        ("14 декабря January", Reason.AMBIGUOUS_MONTH),
    ],
)
def test_impossible_or_unclear_input_is_asked_back(text: str, reason: Reason) -> None:
    result = parse_date(text, TODAY)
    assert isinstance(result, Invalid), result
    assert result.reason is reason


def test_an_entry_in_the_future_is_asked_back_with_the_date_understood() -> None:
    assert parse_date("14.01.2027", TODAY) == Invalid(Reason.FUTURE, date(2027, 1, 14))
    assert parse_date("14.01.27", TODAY) == Invalid(Reason.FUTURE, date(2027, 1, 14))
    assert parse_date("14.01.2027", TODAY, allow_future=True) == Parsed(date(2027, 1, 14))


def test_a_past_date_without_year_is_the_last_one_and_is_shown_back() -> None:
    assert parse_date("30.12", TODAY) == Parsed(date(2025, 12, 30), year_inferred=True)
    assert parse_date("1 мая", TODAY) == Parsed(date(2026, 5, 1), year_inferred=True)
    # Where the future is allowed (a planned date), the nearest one.
    assert parse_date("30.12", TODAY, allow_future=True) == Parsed(
        date(2026, 12, 30), year_inferred=True
    )


def test_a_word_that_could_be_two_months_offers_both() -> None:
    result = parse_date("5 iyu 2026", TODAY)
    assert result == Ambiguous(Reason.AMBIGUOUS_MONTH, (date(2026, 6, 5), date(2026, 7, 5)))


@pytest.mark.parametrize("language", LANGUAGES)
def test_every_babel_month_name_reads_as_its_own_month(language: str) -> None:
    """No month name of any shipped language is mistaken for another month, in any language."""
    locale = Locale.parse(language)
    for context in ("format", "stand-alone"):
        for width in ("wide", "abbreviated"):
            for month, name in get_month_names(width, context, locale=locale).items():
                if len(fold(name)) < 3:
                    continue
                assert months_of(fold(name)) == {month}, (language, name)
                assert _value(f"3 {name} 2026") == date(2026, month, 3), (language, name)
