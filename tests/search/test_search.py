"""What search returns. Queries written for these tests, not taken from the evaluation set."""

from __future__ import annotations

import pytest

from jol.library import load_bundle
from jol.search import SearchIndex, build_index, index_for
from tests.paths import FIXTURES

RESULT_KINDS = {"answer", "contacts", "menu"}


@pytest.mark.parametrize(
    ("query", "language", "expected"),
    [
        ("регистрация иностранцев онлайн через egov", "ru", "registration_required"),
        ("how to appeal an expulsion decision", "en", "stay_expulsion_appeal"),
        ("ЕАЭС гражданам нужен ли патент", "ru", "work_eaeu"),
        ("kandas azamattyq", "kk", "kandas_citizenship"),  # Kazakh in Latin letters
        ("посольство таджикистана", "tg", "city_emb_tajikistan"),  # Russian, Tajik chosen
        ("tibbiy sugʻurta", "uz", "work_health_insurance"),
        ("тиббий суғурта", "uz_Cyrl", "work_health_insurance"),
    ],
)
def test_finds_the_answer_first(
    index: SearchIndex, query: str, language: str, expected: str
) -> None:
    assert index.search(query, language)[0].node_id == expected


def test_at_most_three_answers_contacts_or_menus(index: SearchIndex) -> None:
    for query in ("патент", "паспорт", "kandas", "registration", "как", "ҳуҷҷат"):
        hits = index.search(query, "ru")
        assert len(hits) <= 3
        assert all(index.content.nodes[hit.node_id].kind in RESULT_KINDS for hit in hits)
        assert "main" not in [hit.node_id for hit in hits]


@pytest.mark.parametrize(
    "query",
    ["", "   ", "?!", "asdfgh qwerty", "i love you", "погода завтра", "hello how are you"],
)
def test_nothing_fits(index: SearchIndex, query: str) -> None:
    assert index.search(query, "ru") == []


def test_nearest_topics_when_nothing_fits(index: SearchIndex) -> None:
    main = [option.to for option in index.content.root.options]
    assert index.nearest_topics("qwerty", "ru") == main[:3]
    topics = index.nearest_topics("патент уборка квартир", "ru")
    assert topics[0] == "work"
    assert len(topics) == 3 and all(topic in main for topic in topics)


def test_ranked_is_best_first_and_relevance_is_a_share(index: SearchIndex) -> None:
    hits = index.ranked("потерял паспорт", "ru")
    assert hits[0].node_id == "stay_passport_lost"
    assert [h.score for h in hits] == sorted((h.score for h in hits), reverse=True)
    assert all(0 <= h.relevance <= 1 for h in hits)


def test_fixture_content_without_search_yaml() -> None:
    bundle = load_bundle(FIXTURES / "content", FIXTURES / "locales")
    index = build_index(bundle, FIXTURES / "content")
    assert index.search("police check", "en")[0].node_id == "rights_police"
    assert not index.looks_urgent("задержали")  # no urgent: lists in the fixtures


def test_one_index_per_content_version() -> None:
    first = load_bundle(FIXTURES / "content", FIXTURES / "locales")
    assert index_for(first, FIXTURES / "content") is index_for(first, FIXTURES / "content")
    reloaded = load_bundle(FIXTURES / "content", FIXTURES / "locales")
    assert index_for(reloaded, FIXTURES / "content") is not index_for(first, FIXTURES / "content")


def test_synonyms_search_as_one_word(tmp_path) -> None:  # type: ignore[no-untyped-def]
    import shutil

    content_dir = tmp_path / "content"
    shutil.copytree(FIXTURES / "content", content_dir)
    bundle = load_bundle(content_dir, FIXTURES / "locales")
    assert not build_index(bundle, content_dir).search("менты", "ru")
    (content_dir / "search.yaml").write_text("synonyms:\n  - [police, менты]\n", "utf-8")
    hits = build_index(bundle, content_dir).search("менты", "ru")
    assert hits and hits[0].node_id == "rights_police"
