"""Urgent texts bring the emergency screen first; ordinary questions do not. The sentences
here are written for these tests, not taken from the evaluation set."""

from __future__ import annotations

import pytest

from jol.search import SearchIndex


@pytest.mark.parametrize(
    "text",
    [
        "меня задержала полиция в аэропорту",
        "ЗАДЕРЖАЛИ!!! что делать",
        "zaderzhali na rynke",
        "помогите брата избили",
        "he was arrested this morning",
        "the boss beat me yesterday",
        "полицияда ұстап алды",
        "bizni politsiya ushlashdi",
        "акамды кармап кетти",
        "бародарамро дастгир карданд",
        "hozir deportatsiya qilishmoqchi",
        "сейчас депортируют с вокзала",
    ],
)
def test_urgent(index: SearchIndex, text: str) -> None:
    assert index.looks_urgent(text)
    assert index.search(text, "ru")[0].node_id == "emergency"


@pytest.mark.parametrize(
    "text",
    [
        "как продлить патент",
        "registration deadline for uzbeks",
        "консульство кыргызстана адрес",
        "көмек керек тіркеу туралы",  # "help" alone is not urgent
        "depo",
        "",
    ],
)
def test_not_urgent(index: SearchIndex, text: str) -> None:
    assert not index.looks_urgent(text)
    assert all(hit.node_id != "emergency" for hit in index.search(text, "ru")[:1])
