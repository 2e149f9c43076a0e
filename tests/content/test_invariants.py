"""Invariants of the shipped legal content (content/ and locales/), not of its wording: they
hold whatever editors write, and fail when an edit breaks a promise to the people reading it."""

from __future__ import annotations

import re
from collections import deque
from datetime import date, timedelta
from functools import cache

import pytest

from jol.content.model import ROOT, Content
from jol.i18n.catalogs import SOURCE_LANGUAGE
from jol.i18n.fields import translatable_fields
from jol.library import Bundle, load_bundle
from jol.placeholders import PLACEHOLDER, lookup
from tests.paths import ROOT as PROJECT

AS_OF = date(2026, 11, 25)  # fixed, as for `check` in CI: a review date ages, a test must not
MAX_TAPS = 4


@cache
def bundle() -> Bundle:
    return load_bundle(PROJECT / "content", PROJECT / "locales")


def _taps(content: Content) -> dict[str, int]:
    taps = {ROOT: 0}
    queue = deque([ROOT])
    while queue:
        node = content.nodes[queue.popleft()]
        for option in node.options:
            if option.to in content.nodes and option.to not in taps:
                taps[option.to] = taps[node.id] + 1
                queue.append(option.to)
    return taps


def test_every_answer_is_at_most_four_taps_from_the_main_menu() -> None:
    content = bundle().content
    taps = _taps(content)
    for node in content.nodes.values():
        # Reachable through menus, or (like the full privacy policy) from an answer that is.
        assert node.id == ROOT or node.id in content.parents, f"{node.id} cannot be reached"
    far = {node_id: n for node_id, n in taps.items() if n > MAX_TAPS}
    assert not far, f"more than {MAX_TAPS} taps: {far}"


def test_every_legal_answer_is_sourced_and_reviewed_within_a_year() -> None:
    for node in bundle().content.nodes.values():
        if node.kind != "answer":
            continue
        assert node.sources or not node.legal, f"{node.id} states law without a source"
        assert node.reviewed and AS_OF - node.reviewed <= timedelta(days=365), node.id


def _texts() -> list[tuple[str, str, str]]:
    """(language, context, text) for every content text in every language it is translated to."""
    content, catalogs = bundle().content, bundle().catalogs
    found = []
    for field in translatable_fields(content):
        found.append((SOURCE_LANGUAGE, field.context, field.source))
        for language in content.languages.languages:
            entry = catalogs.entries(language).get((field.context, field.source))
            if entry is not None and entry.current:
                found.append((language, field.context, entry.text))
    return found


@pytest.mark.parametrize("language", ["en", "ru", "kk", "uz", "uz_Cyrl", "tg", "ky"])
def test_every_number_people_read_in_an_answer_comes_from_the_facts(language: str) -> None:
    """Days, fines and phone numbers live once in facts.yaml: a digit typed into a text (other
    than a numbered heading) would go stale in one language and not in the others."""
    for text_language, context, text in _texts():
        if text_language != language or not context.endswith(".text"):
            continue
        without_facts = PLACEHOLDER.sub("", text)
        without_headings = re.sub(r"(?m)^\W*\d{1,2}\.\s", "", without_facts)
        digits = re.findall(r"\d+", without_headings)
        assert not digits, f"{context} [{language}] has a number typed in: {digits}"


def test_every_translation_uses_the_same_facts_as_the_english() -> None:
    content = bundle().content
    english = {
        context: sorted(PLACEHOLDER.findall(text))
        for lang, context, text in _texts()
        if lang == SOURCE_LANGUAGE
    }
    for language, context, text in _texts():
        assert sorted(PLACEHOLDER.findall(text)) == english[context], f"{context} [{language}]"
        for kind, name in PLACEHOLDER.findall(text):
            assert lookup(content, kind, name) is not None, f"{context}: {kind}.{name}"


_MIGRANT_WORKERS_CONVENTION = re.compile(
    r"migrant workers|трудящихся[- ]мигрантов|еңбекші[- ]мигрант|mehnat(kash)? muhojir|"
    r"муҳоҷирони меҳнатӣ|эмгек мигрант|1990",
    re.IGNORECASE,
)
_NEGATION = re.compile(r"\bnot\b|\bне\b|емес|emas|нест|эмес|нет", re.IGNORECASE)


def test_no_text_in_any_language_says_kazakhstan_is_party_to_the_migrant_workers_convention() -> (
    None
):
    """Kazakhstan has not ratified the 1990 UN Convention on Migrant Workers (content guide)."""
    for language, context, text in _texts():
        for sentence in re.split(r"(?<=[.!?])\s+", text):
            if _MIGRANT_WORKERS_CONVENTION.search(sentence) and re.search(
                r"конвенци|convention|konvensiya", sentence, re.I
            ):
                assert _NEGATION.search(sentence), f"{context} [{language}]: {sentence}"
