"""What editors may read of a question: the words, never who asked or about whom."""

from __future__ import annotations

import pytest

from jol.insights.anonymise import MAX_WORDS, anonymise

KNOWN = {"регистрация", "мвд", "police", "passport"}


def known(word: str) -> bool:
    return word.lower() in KNOWN


@pytest.mark.parametrize(
    ("typed", "kept"),
    [
        ("Регистрация сколько дней", "регистрация сколько дней"),
        ("Меня зовут Алия, мой номер +7 701 123 45 67", "зовут мой номер"),
        ("AHMED passport taken by Police", "passport taken by police"),
        ("МВД не принимает", "мвд не принимает"),
        ("брат Шерзод задержан 12.10 в 3-м отделе", "брат задержан в отделе"),
        ("write to me: a@b.kz or https://t.me/x or @someone", "write to me or or"),
        ("propiska qancha kun?!", "propiska qancha kun"),
    ],
)
def test_numbers_contacts_and_names_are_dropped(typed: str, kept: str) -> None:
    assert anonymise(typed, known) == kept


@pytest.mark.parametrize("typed", ["12345", "+77011234567", "Алия Шерзод", "🙏🙏", "   "])
def test_nothing_is_kept_when_nothing_but_personal_details_was_typed(typed: str) -> None:
    assert anonymise(typed, known) is None


def test_a_long_message_is_cut_to_a_few_words() -> None:
    kept = anonymise("слово " * 100, known)
    assert kept is not None and len(kept.split()) == MAX_WORDS
