"""What people type for a date -> a date, or the reason it is not one (never a guess).

Accepted: ``14.12.2026``, ``14.12.26``, ``14/12``, ``14 12``, ``2026-12-14``, ``14122026``,
"today"/"yesterday" and month names in every shipped language (``14 декабря``, ``14-dekabr
2026-yil``, ``қаңтардың 5-і``, ``December 14th``), abbreviated or inflected. Day comes before
month (as everywhere in the region); only a leading four-digit year makes it year-month-day.

A two-digit year is 2000 + yy (dates before 2000 are out of range anyway). Babel's date parser
is not used: it reads ``14.12.26`` as 2014. A date without a year is the last 14 December up to
today (or, where future dates are allowed, the nearest one); the result says the year was
inferred, so the handler shows the full date back.

Month names come from Babel (format and stand-alone, wide and abbreviated, for en ru kk uz uz_Cyrl
tg ky), folded with ``fold`` and, for Cyrillic names, also in Latin letters (people type Russian
in Latin: ``sentyabrya``). A word is a month when it starts with a month name (``январда``,
``марта``) or is the start of one, at least three letters long (``dek``).
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date, timedelta
from enum import StrEnum
from functools import cache

from babel import Locale
from babel.dates import get_month_names

from jol.calc import words

LANGUAGES = ("en", "ru", "kk", "uz", "uz_Cyrl", "tg", "ky")
EARLIEST = date(2000, 1, 1)
MIN_PREFIX = 3


class Reason(StrEnum):
    EMPTY = "empty"
    UNKNOWN_WORD = "unknown_word"  # a word that is neither a month nor "today"/"yesterday"
    INCOMPLETE = "incomplete"  # day or month missing
    TOO_MANY_NUMBERS = "too_many_numbers"
    NO_SUCH_DATE = "no_such_date"  # 31.02, month 13, a three-digit year
    TOO_EARLY = "too_early"  # before 2000
    FUTURE = "future"  # after today where only past dates make sense (an entry date)
    AMBIGUOUS_MONTH = "ambiguous_month"  # a word that could be two months (``iyu``)
    AMBIGUOUS_ORDER = "ambiguous_order"  # eight digits that read as two dates (ddmmyyyy, yyyymmdd)
    MIXED = "mixed"  # "yesterday" together with a date


@dataclass(frozen=True)
class Parsed:
    value: date
    year_inferred: bool = False  # no year typed: show the full date back to the user
    relative: bool = False  # "today"/"yesterday"


@dataclass(frozen=True)
class Ambiguous:
    reason: Reason
    candidates: tuple[date, ...]  # offer these as buttons


@dataclass(frozen=True)
class Invalid:
    reason: Reason
    value: date | None = None  # the date that was understood, when it is out of range


Result = Parsed | Ambiguous | Invalid

_FOLD = str.maketrans(
    {
        "ё": "е",
        "қ": "к",
        "ғ": "г",
        "ң": "н",
        "ү": "у",
        "ұ": "у",
        "ө": "о",
        "ә": "а",
        "і": "и",
        "һ": "х",
        "ӯ": "у",
        "ҷ": "ч",
        "ҳ": "х",
        "ӣ": "и",
        "ў": "у",
        "ъ": "",
        "ь": "",
        "ʻ": "",
        "ʼ": "",
        "‘": "",
        "’": "",
        "'": "",
        "`": "",
        ".": "",
    }
)
_LATIN = str.maketrans(
    {
        "а": "a",
        "б": "b",
        "в": "v",
        "г": "g",
        "д": "d",
        "е": "e",
        "ж": "zh",
        "з": "z",
        "и": "i",
        "й": "y",
        "к": "k",
        "л": "l",
        "м": "m",
        "н": "n",
        "о": "o",
        "п": "p",
        "р": "r",
        "с": "s",
        "т": "t",
        "у": "u",
        "ф": "f",
        "х": "kh",
        "ц": "ts",
        "ч": "ch",
        "ш": "sh",
        "щ": "sch",
        "ы": "y",
        "э": "e",
        "ю": "yu",
        "я": "ya",
    }
)
_TOKEN = re.compile(r"\d+|[^\W\d_]+(?:[ʻʼ‘’'`][^\W\d_]+)*")


def fold(word: str) -> str:
    """Lowercase, without the letters people often cannot type (Kazakh қ -> к, ...)."""
    return word.casefold().translate(_FOLD)


@cache
def month_lexicon() -> dict[str, frozenset[tuple[int, str]]]:
    """Folded month name -> {(month, language)} from Babel, plus Latin spellings of Cyrillic."""
    lexicon: dict[str, set[tuple[int, str]]] = {}
    for language in LANGUAGES:
        locale = Locale.parse(language)
        for context in ("format", "stand-alone"):
            for width in ("wide", "abbreviated"):
                for month, name in get_month_names(width, context, locale=locale).items():
                    folded = fold(name)
                    spellings = {folded, folded.translate(_LATIN)}
                    for spelling in spellings:
                        if len(spelling) >= MIN_PREFIX:
                            lexicon.setdefault(spelling, set()).add((month, language))
    return {name: frozenset(found) for name, found in lexicon.items()}


@cache
def _relative_words() -> dict[str, int]:
    table: dict[str, int] = {}
    for today_word, yesterday_word in words.RELATIVE.values():
        table[fold(today_word)] = 0
        table[fold(yesterday_word)] = -1
    for word, offset in words.RELATIVE_EXTRA.items():
        table[fold(word)] = offset
    return table


@cache
def _filler_words() -> frozenset[str]:
    return frozenset(fold(word) for group in words.FILLER.values() for word in group)


def months_of(word: str, language: str | None = None) -> frozenset[int]:
    """The months a (folded) word can name: none, one, or several (``iyu``: June or July).
    Where the word names exactly one month in ``language``, that one."""
    found: set[tuple[int, str]] = set()
    for name, months in month_lexicon().items():
        if word.startswith(name) or (len(word) >= MIN_PREFIX and name.startswith(word)):
            found |= months
    preferred = {month for month, lang in found if lang == language}
    if len(preferred) == 1:
        return frozenset(preferred)
    return frozenset(month for month, _ in found)


def parse_date(
    text: str,
    today: date,
    lang: str | None = None,
    *,
    allow_future: bool = False,
    earliest: date = EARLIEST,
) -> Result:
    """``text`` as a date. ``today`` is the Almaty date; ``lang`` only breaks ties between
    languages; ``allow_future`` is False for dates that have happened (an entry)."""
    tokens = _TOKEN.findall(text)
    if not tokens:
        return Invalid(Reason.EMPTY)
    numbers: list[str] = []
    months: frozenset[int] | None = None
    relative: int | None = None
    for token in tokens:
        if token.isdigit():
            numbers.append(token)
            continue
        word = fold(token)
        if word in _relative_words():
            if relative is not None and relative != _relative_words()[word]:
                return Invalid(Reason.MIXED)
            relative = _relative_words()[word]
            continue
        if word in _filler_words():
            continue
        found = months_of(word, lang)
        if not found:
            return Invalid(Reason.UNKNOWN_WORD)
        months = found if months is None else months & found
        if not months:
            return Invalid(Reason.AMBIGUOUS_MONTH)  # two different months named
    if relative is not None:
        if numbers or months is not None:
            return Invalid(Reason.MIXED)
        parsed = Parsed(today + timedelta(days=relative), relative=True)
        return _checked(parsed, today, allow_future, earliest)
    if months is None:
        return _digits_only(numbers, today, allow_future, earliest)
    results = [
        _with_month_word(numbers, month, today, allow_future, earliest) for month in sorted(months)
    ]
    dates = tuple(sorted({r.value for r in results if isinstance(r, Parsed)}))
    if len(dates) > 1:
        return Ambiguous(Reason.AMBIGUOUS_MONTH, dates)
    return next((r for r in results if isinstance(r, Parsed)), results[0])


def _with_month_word(
    numbers: list[str], month: int, today: date, allow_future: bool, earliest: date
) -> Result:
    if not numbers:
        return Invalid(Reason.INCOMPLETE)
    if len(numbers) > 2:
        return Invalid(Reason.TOO_MANY_NUMBERS)
    if len(numbers) == 1:
        if len(numbers[0]) > 2:
            return Invalid(Reason.INCOMPLETE)  # a year and a month: which day?
        return _yearless(int(numbers[0]), month, today, allow_future, earliest)
    first, second = numbers
    if len(first) == 4 and len(second) <= 2:
        day, year = second, first
    elif len(first) <= 2:
        day, year = first, second
    else:
        return Invalid(Reason.NO_SUCH_DATE)
    return _full(int(day), month, year, today, allow_future, earliest)


def _digits_only(numbers: list[str], today: date, allow_future: bool, earliest: date) -> Result:
    if len(numbers) == 1:
        return _compact(numbers[0], today, allow_future, earliest)
    if len(numbers) == 2:
        first, second = numbers
        if len(first) > 2 or len(second) > 2:
            return Invalid(Reason.INCOMPLETE)  # 2026-12: no day
        return _yearless(int(first), int(second), today, allow_future, earliest)
    if len(numbers) == 3:
        first, second, third = numbers
        if len(first) == 4:
            if len(second) > 2 or len(third) > 2:
                return Invalid(Reason.NO_SUCH_DATE)
            return _full(int(third), int(second), first, today, allow_future, earliest)
        if len(first) > 2 or len(second) > 2:
            return Invalid(Reason.NO_SUCH_DATE)
        return _full(int(first), int(second), third, today, allow_future, earliest)
    return Invalid(Reason.TOO_MANY_NUMBERS)


def _compact(digits: str, today: date, allow_future: bool, earliest: date) -> Result:
    """Digits typed without separators: ddmmyyyy / yyyymmdd, ddmmyy, ddmm."""
    if len(digits) <= 2:
        return Invalid(Reason.INCOMPLETE)
    if len(digits) == 4:
        if 1900 <= int(digits) <= 2099:
            return Invalid(Reason.INCOMPLETE)  # a year alone
        return _yearless(int(digits[:2]), int(digits[2:]), today, allow_future, earliest)
    if len(digits) == 6:
        return _full(int(digits[:2]), int(digits[2:4]), digits[4:], today, allow_future, earliest)
    if len(digits) == 8:
        readings = {
            found
            for found in (
                _make(int(digits[:2]), int(digits[2:4]), int(digits[4:])),
                _make(int(digits[6:]), int(digits[4:6]), int(digits[:4])),
            )
            if found is not None and found.year >= 1900
        }
        if not readings:
            return Invalid(Reason.NO_SUCH_DATE)
        if len(readings) > 1:
            return Ambiguous(Reason.AMBIGUOUS_ORDER, tuple(sorted(readings)))
        return _checked(Parsed(readings.pop()), today, allow_future, earliest)
    return Invalid(Reason.NO_SUCH_DATE)


def _full(
    day: int, month: int, year_text: str, today: date, allow_future: bool, earliest: date
) -> Result:
    if len(year_text) == 2:
        year = 2000 + int(year_text)
    elif len(year_text) == 4:
        year = int(year_text)
    else:
        return Invalid(Reason.NO_SUCH_DATE)
    found = _make(day, month, year)
    if found is None:
        return Invalid(Reason.NO_SUCH_DATE)
    return _checked(Parsed(found), today, allow_future, earliest)


def _yearless(day: int, month: int, today: date, allow_future: bool, earliest: date) -> Result:
    """For a past date, the last day.month up to today; otherwise the one nearest to today.
    ``year_inferred`` tells the handler to show the full date back."""
    candidates = [
        found
        for year in (today.year - 1, today.year, today.year + 1)
        if (found := _make(day, month, year)) is not None
    ]
    if not candidates:
        return Invalid(Reason.NO_SUCH_DATE)  # 31.02 in every year; 29.02 has a leap year near
    past = [found for found in candidates if found <= today]
    if not allow_future and past:
        return _checked(Parsed(max(past), year_inferred=True), today, allow_future, earliest)
    nearest = min(candidates, key=lambda found: (abs((found - today).days), found))
    return _checked(Parsed(nearest, year_inferred=True), today, allow_future, earliest)


def _make(day: int, month: int, year: int) -> date | None:
    try:
        return date(year, month, day)
    except ValueError:
        return None


def _checked(parsed: Parsed, today: date, allow_future: bool, earliest: date) -> Result:
    if parsed.value < earliest:
        return Invalid(Reason.TOO_EARLY, parsed.value)
    if parsed.value > today and not allow_future:
        return Invalid(Reason.FUTURE, parsed.value)
    return parsed
