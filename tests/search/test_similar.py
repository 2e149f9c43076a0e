"""Word likeness: typos, endings and roots, without confusing different words."""

from __future__ import annotations

import pytest

from jol.search.fold import fold
from jol.search.similar import Vocabulary, root, similarity


def alike(a: str, b: str) -> float:
    return similarity(fold(a), fold(b))


@pytest.mark.parametrize(
    ("typed", "word"),
    [
        ("регистрацию", "регистрация"),  # another ending
        ("паспортымды", "паспорт"),  # Kazakh endings
        ("pasportumdu", "паспорт"),  # Kyrgyz endings, Latin letters
        ("patnt", "patent"),  # a letter left out
        ("департация", "депортация"),  # a wrong vowel
        ("registation", "registration"),
        ("interpretor", "interpreter"),
        ("прасрочен", "просроченный"),  # a typo and an ending
        ("хуччат", "ҳуҷҷат"),  # ҷ typed as ч on a Russian keyboard
    ],
)
def test_forms_and_typos_are_alike(typed: str, word: str) -> None:
    assert alike(typed, word) >= 0.6


@pytest.mark.parametrize(
    ("a", "b"),
    [("kontrakt", "kontrol"), ("mani", "manzil"), ("кун", "кан"), ("bar", "barby"), ("90", "180")],
)
def test_different_words_are_not(a: str, b: str) -> None:
    assert alike(a, b) <= 0.5


def test_the_same_word_is_one() -> None:
    assert alike("Патент", "patent") == 1.0


@pytest.mark.parametrize(
    ("word", "expected"),
    [
        ("паспортымды", "паспорт"),
        ("kunlari", "kun"),
        ("хатҳои", "хат"),
        ("жарандыгы", "жарандык"),  # the k of the bare word comes back
    ],
)
def test_roots(word: str, expected: str) -> None:
    assert root(fold(word)) == root(fold(expected))


def test_vocabulary_finds_alike_words_most_alike_first() -> None:
    vocabulary = Vocabulary(fold(w) for w in ["патент", "патента", "пациент", "паспорт", "кун"])
    found = dict(vocabulary.similar(fold("patnt")))
    assert max(found, key=found.__getitem__) == fold("патент")
    assert fold("кун") not in found
    assert vocabulary.similar(fold("zzzz")) == ()
