"""The language of a query, when it is clear; None when it is not. Sentences written for
these tests, in both scripts."""

from __future__ import annotations

import pytest

from jol.search import SearchIndex


@pytest.mark.parametrize(
    ("text", "language"),
    [
        ("как мне зарегистрироваться по новому адресу", "ru"),
        ("kak mne prodlit patent na tri mesyaca", "ru"),
        ("how do I register at my new address", "en"),
        ("жаңа мекенжайға қалай тіркелемін", "kk"),
        ("jana mekenzhaiga kalai tirkelemin", "kk"),
        ("yangi manzilga qanday roʻyxatdan oʻtaman", "uz"),
        ("янги манзилга қандай рўйхатдан ўтаман", "uz_Cyrl"),
        ("ба суроғаи нав чӣ тавр бақайд гирам", "tg"),
        ("жаңы дарекке кантип катталам", "ky"),
    ],
)
def test_clear_languages(index: SearchIndex, text: str, language: str) -> None:
    assert index.detect_language(text) == language


@pytest.mark.parametrize("text", ["патент", "90", "", "ok", "patent almaty"])
def test_short_or_unclear_queries_name_no_language(index: SearchIndex, text: str) -> None:
    assert index.detect_language(text) is None


def test_suggest_another_language_only(index: SearchIndex) -> None:
    text = "жаңа мекенжайға қалай тіркелемін"
    assert index.suggest_language(text, "ru") == "kk"
    assert index.suggest_language(text, "kk") is None
    # Uzbek in the other script is the same language: nothing to offer.
    assert index.suggest_language("янги манзилга қандай рўйхатдан ўтаман", "uz") is None
    assert index.suggest_language("yangi manzilga qanday roʻyxatdan oʻtaman", "uz_Cyrl") is None
    assert index.suggest_language("патент", "en") is None
