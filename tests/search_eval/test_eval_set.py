"""The search evaluation set (tests/search_eval/<lang>.yaml) is well-formed and still fits the
shipped content. It checks the set, not the search: the search is measured against it
separately, and must never learn these queries by heart (see README.md)."""

from __future__ import annotations

import re
from collections import Counter
from functools import cache
from pathlib import Path
from typing import Any

import pytest
import yaml
from babel.messages.pofile import read_po

from jol.content.loader import load_content
from jol.content.model import ROOT, Content
from tests.paths import ROOT as PROJECT

HERE = Path(__file__).resolve().parent
LANGUAGES = ("kk", "ru", "en", "uz", "tg", "ky")
KINDS = ("plain", "typo", "translit", "mixed", "urgent")
MIN_QUERIES = 40
MAX_EXPECTED = 3  # "first or in the top 3"
EMERGENCY = "emergency"
# Every topic of the main menu gets questions in every language.
TOPICS = ("emergency", "stay", "registration", "rights", "work", "asylum", "city", "kandas", "help")
CYRILLIC = re.compile(r"[\u0400-\u04ff]")
LATIN = re.compile(r"[a-z]")


@cache
def content() -> Content:
    return load_content(PROJECT / "content")


@cache
def eval_set(language: str) -> dict[str, Any]:
    data = yaml.safe_load((HERE / f"{language}.yaml").read_text(encoding="utf-8"))
    assert isinstance(data, dict), f"{language}.yaml: expected a mapping"
    return data


def queries(language: str) -> list[dict[str, Any]]:
    return eval_set(language)["queries"]


def expected(query: dict[str, Any]) -> list[str]:
    expect = query["expect"]
    return [expect] if isinstance(expect, str) else list(expect)


def normalized(text: str) -> str:
    """Lower case, no punctuation or apostrophes, single spaces: how a query is compared."""
    text = text.casefold().replace("ʻ", "").replace("ʼ", "").replace("'", "").replace("’", "")
    return " ".join(re.sub(r"[^\w\s]", " ", text).split())


def topic(node_id: str) -> str:
    """The main-menu entry a node is found under."""
    parents = content().parents
    while parents.get(node_id, ROOT) != ROOT:
        node_id = parents[node_id]
    return node_id


def test_every_language_has_a_file_and_no_file_is_unknown() -> None:
    files = {path.stem for path in HERE.glob("*.yaml")}
    assert files == set(LANGUAGES)


@pytest.mark.parametrize("language", LANGUAGES)
def test_file_shape(language: str) -> None:
    data = eval_set(language)
    assert set(data) == {"language", "queries"}
    assert data["language"] == language
    assert isinstance(data["queries"], list)
    for query in queries(language):
        assert isinstance(query, dict) and set(query) == {"q", "expect", "kind"}, query
        assert query["kind"] in KINDS, query
        text = query["q"]
        assert isinstance(text, str) and text, query
        # As typed on a phone: lower case, single spaces, nothing around.
        assert text == " ".join(text.split()) and text == text.lower(), query
        expect = expected(query)
        assert expect and all(isinstance(node_id, str) for node_id in expect), query
        assert len(expect) == len(set(expect)) <= MAX_EXPECTED, query


@pytest.mark.parametrize("language", LANGUAGES)
def test_enough_queries_and_every_kind(language: str) -> None:
    kinds = Counter(query["kind"] for query in queries(language))
    assert sum(kinds.values()) >= MIN_QUERIES, kinds
    assert set(kinds) == set(KINDS), kinds


@pytest.mark.parametrize("language", LANGUAGES)
def test_no_duplicate_queries(language: str) -> None:
    counts = Counter(normalized(query["q"]) for query in queries(language))
    assert not [text for text, n in counts.items() if n > 1]


@pytest.mark.parametrize("language", LANGUAGES)
def test_every_expected_node_exists_and_the_first_one_answers(language: str) -> None:
    """The first expected node is an answer, contact list or menu. A question (a step towards
    answers, e.g. "how did you enter?") may only be accepted after it."""
    nodes = content().nodes
    for query in queries(language):
        for node_id in expected(query):
            assert node_id in nodes, f"{language}: {query['q']!r} expects unknown node {node_id}"
            assert node_id != ROOT, query
        first = nodes[expected(query)[0]]
        assert first.kind != "question", f"{language}: {query['q']!r} first expects a question"


@pytest.mark.parametrize("language", LANGUAGES)
def test_urgent_queries_accept_the_emergency_screen(language: str) -> None:
    for query in queries(language):
        if query["kind"] == "urgent":
            assert EMERGENCY in expected(query), query


@pytest.mark.parametrize("language", LANGUAGES)
def test_queries_cover_every_topic(language: str) -> None:
    covered = {topic(node_id) for query in queries(language) for node_id in expected(query)}
    assert set(TOPICS) <= covered, set(TOPICS) - covered


def test_uzbek_queries_come_in_both_scripts() -> None:
    texts = [query["q"] for query in queries("uz")]
    assert any(CYRILLIC.search(text) for text in texts)
    assert any(LATIN.search(text) and not CYRILLIC.search(text) for text in texts)


def _content_strings() -> list[str]:
    """Every string in content/ (titles, texts, and any keywords or synonyms added later) and
    every translation in locales/, split where a list of keywords would be split."""
    found: list[str] = []

    def walk(value: object) -> None:
        if isinstance(value, str):
            found.append(value)
        elif isinstance(value, dict):
            for key, item in value.items():
                walk(key)
                walk(item)
        elif isinstance(value, list | tuple):
            for item in value:
                walk(item)

    for path in sorted((PROJECT / "content").rglob("*.yaml")):
        walk(yaml.safe_load(path.read_text(encoding="utf-8")))
    for path in sorted((PROJECT / "locales").rglob("*.po")):
        with path.open("rb") as catalog:
            for message in read_po(catalog):
                walk([message.id, message.string])
    return [piece for text in found for piece in re.split(r"[,;|\n]", text)]


def test_no_query_was_copied_into_the_content() -> None:
    """The set measures search, not memory: no query of two words or more may appear as a
    title, keyword, synonym or any other whole entry in content/ or locales/. (One-word
    queries are skipped: a single word such as a city name is a fair keyword.)"""
    entries = {normalized(piece) for piece in _content_strings()}
    copied = [
        (language, query["q"])
        for language in LANGUAGES
        for query in queries(language)
        if len(normalized(query["q"]).split()) > 1 and normalized(query["q"]) in entries
    ]
    assert not copied, f"evaluation queries found in the content: {copied}"
