"""content/search.yaml: checked like the rest of content/, every problem with file:line."""

from __future__ import annotations

import shutil
from datetime import date
from pathlib import Path

import pytest

from jol.check import check
from jol.content.loader import ContentError
from jol.content.problems import Severity
from jol.library import load_bundle
from jol.search import build_index, load_keywords
from tests.paths import FIXTURES, ROOT

AS_OF = date(2026, 11, 25)


@pytest.fixture
def content_dir(tmp_path: Path) -> Path:
    target = tmp_path / "content"
    shutil.copytree(FIXTURES / "content", target)
    return target


def _problems(content_dir: Path, text: str) -> list[str]:
    (content_dir / "search.yaml").write_text(text, encoding="utf-8")
    content = load_bundle(content_dir, FIXTURES / "locales").content
    return [str(problem) for problem in load_keywords(content_dir, content)[1]]


def test_the_shipped_keywords_are_valid() -> None:
    content = load_bundle(ROOT / "content", ROOT / "locales").content
    keywords, problems = load_keywords(ROOT / "content", content)
    assert problems == []
    assert set(keywords.urgent) == {"kk", "ru", "en", "uz", "tg", "ky"}
    assert keywords.keywords["registration_required"]["ru"]


def test_no_file_no_keywords(content_dir: Path) -> None:
    content = load_bundle(content_dir, FIXTURES / "locales").content
    keywords, problems = load_keywords(content_dir, content)
    assert (keywords.urgent, keywords.keywords, problems) == ({}, {}, [])


def test_valid_file_with_a_comma_separated_line(content_dir: Path) -> None:
    text = "urgent:\n  ru: [задержали]\nkeywords:\n  registration_needed:\n    ru: прописка, учёт\n"
    assert _problems(content_dir, text) == []
    content = load_bundle(content_dir, FIXTURES / "locales").content
    keywords, _ = load_keywords(content_dir, content)
    assert keywords.keywords["registration_needed"]["ru"] == ("прописка", "учёт")


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        (
            "keywords:\n  registration_neded:\n    ru: [прописка]\n",
            "search.yaml:2: keywords for unknown node 'registration_neded'",
        ),
        (
            "keywords:\n  registration_needed:\n    ru: [прописка]\n    rus: [учёт]\n",
            "search.yaml:4: keywords.registration_needed: unknown language 'rus'",
        ),
        ("urgent:\n  xx: [help]\n", "search.yaml:2: urgent: unknown language 'xx'"),
        ("urgent:\n  ru: [a]\nsynonym:\n  - [a, b]\n", "search.yaml:3: unknown section 'synonym'"),
        (
            "synonyms:\n  - [a, b]\n  - [alone]\n",
            "search.yaml:3: synonyms: a group needs two words",
        ),
        ("synonyms:\n  - [a, two words]\n", "search.yaml:2: synonyms: a group needs two words"),
        ("synonyms: {a: b}\n", "search.yaml:1: synonyms: expected a list"),
        (
            "keywords:\n  registration_needed:\n    ru: {a: b}\n",
            "search.yaml:3: keywords.registration_needed.ru: expected a list of words",
        ),
        ("urgent: [a, b]\n", "search.yaml:1: urgent: expected language: [words]"),
        ("urgent:\n  ru: [a\n", "search.yaml:3: YAML syntax"),
        (
            "keywords:\n  registration_needed:\n    ru: [a]\n  registration_needed:\n    en: [b]\n",
            "search.yaml:4: 'registration_needed' is defined twice",
        ),
    ],
)
def test_errors_name_file_and_line(content_dir: Path, text: str, expected: str) -> None:
    problems = _problems(content_dir, text)
    assert any(problem.startswith(expected) for problem in problems), problems


def test_check_reports_them_and_a_reload_would_refuse(content_dir: Path) -> None:
    (content_dir / "search.yaml").write_text("keywords:\n  nowhere:\n    ru: [x]\n", "utf-8")
    report = check(content_dir, FIXTURES / "locales", AS_OF)
    errors = [p for p in report.problems if p.severity is Severity.ERROR]
    assert [str(p.where) for p in errors] == ["search.yaml:2"]
    assert not report.ok
    assert report.bundle is not None
    with pytest.raises(ContentError):
        build_index(report.bundle, content_dir)
