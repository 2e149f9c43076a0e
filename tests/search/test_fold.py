"""Folding: the spellings people use for one word end up the same (or a typo apart)."""

from __future__ import annotations

import pytest

from jol.search.fold import fold, terms, words


@pytest.mark.parametrize(
    "spellings",
    [
        # Russian in Cyrillic and Latin, with ц, ж, х, я, й written the usual ways
        ["прописка", "propiska", "ПРОПИСКА"],
        ["регистрация", "registraciya", "registratsiya", "registratsia"],
        ["задержали", "zaderzhali", "zaderjali"],
        ["хозяин", "hozyain", "xozyain", "khozyain"],
        ["дней", "dney", "dnei"],
        # Kazakh letters typed on a Russian keyboard, and in Latin letters
        ["тіркеу", "тиркеу", "tirkeu"],
        ["жаңа", "жана", "zhana", "jana"],
        ["қазақстан", "казакстан", "qazaqstan", "kazakstan"],
        ["әйелім", "айелим", "ayelim"],
        # Kyrgyz: ң ө ү typed as н о у, long vowels typed short
        ["мөөнөт", "моонот", "moonot", "мөнөт"],
        ["каттоо", "катоо", "kattoo"],
        # Uzbek Latin with and without the oʻ/gʻ mark, and Uzbek Cyrillic
        ["roʻyxat", "ro'yxat", "ro`yxat", "royxat", "рўйхат"],
        ["oʻzbekiston", "ozbekiston", "ўзбекистон"],
        ["gʻayriqonuniy", "g'ayriqonuniy", "ғайриқонуний"],
        ["xitoy", "хитой"],
        ["yordam", "ёрдам"],
        # Tajik letters typed on a Russian keyboard and in Latin letters
        ["ҳуҷҷат", "хуҷат", "hujjat"],
        ["шиноснома", "shinosnoma"],
        ["маҷбурӣ", "majburi", "маджбури"],
    ],
)
def test_spellings_of_one_word_fold_together(spellings: list[str]) -> None:
    folded = {fold(spelling) for spelling in spellings}
    assert len(folded) == 1, dict(zip(spellings, map(fold, spellings), strict=True))


def test_distinct_words_stay_distinct() -> None:
    assert fold("паспорт") != fold("патент")
    assert fold("kun") != fold("kan")


def test_words_are_not_split_at_apostrophes_and_numbers_stand_apart() -> None:
    assert words("Oʻzbekiston, 90 kun/180; 3мес") == ["Ozbekiston", "90", "kun", "180", "3", "мес"]
    assert words("roʻyxatdan o'tish don`t") == ["royxatdan", "otish", "dont"]


def test_terms_drop_one_letter_words_but_keep_numbers() -> None:
    assert terms("в Алматы 5 дней") == ["almati", "5", "dnei"]


def test_nothing_to_search() -> None:
    assert terms("") == []
    assert terms("?!… 🙂") == []
