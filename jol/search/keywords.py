"""content/search.yaml: words editors add so that search finds what people type.

```yaml
urgent:                 # a query with one of these is urgent: the emergency screen comes first
  ru: [задержали, избили, "паспорт забрали"]
keywords:               # more words for a node, per language: synonyms, slang, Russian loans
  registration_required:
    ru: [прописка, регистрация]
synonyms:               # words searched as one, wherever the content uses either
  - [депортация, выдворение, expulsion]
```

A list may also be written as one comma-separated string. The file is optional; an unknown
top-level key, node id or language is an error with file:line, like everywhere in content/.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

from jol.content.model import Content
from jol.content.problems import Problem, error
from jol.content.yamlfile import YamlDoc, read_yaml

FILE = "search.yaml"
SECTIONS = ("urgent", "keywords", "synonyms")


@dataclass(frozen=True)
class SearchKeywords:
    urgent: dict[str, tuple[str, ...]] = field(default_factory=dict)  # language -> phrases
    # node id -> language -> words or phrases
    keywords: dict[str, dict[str, tuple[str, ...]]] = field(default_factory=dict)
    synonyms: tuple[tuple[str, ...], ...] = ()  # groups of single words, any language


def load_keywords(content_dir: Path, content: Content) -> tuple[SearchKeywords, list[Problem]]:
    """The keywords that are valid, and a problem for each entry that is not. No file, no
    keywords: search still works from the texts."""
    path = content_dir / FILE
    if not path.exists():
        return SearchKeywords(), []
    doc, problems = read_yaml(path, FILE)
    if doc is None:
        return SearchKeywords(), problems
    if not isinstance(doc.data, dict):
        return SearchKeywords(), [*problems, error(doc.at(), "expected 'urgent:' and 'keywords:'")]
    languages = set(content.languages.languages)
    for key in doc.data:
        if key not in SECTIONS:
            problems.append(
                error(
                    doc.at(str(key)),
                    f"unknown section '{key}'",
                    "use urgent:, keywords: or synonyms:",
                )
            )
    urgent = _by_language(doc, ("urgent",), languages, problems)
    keywords: dict[str, dict[str, tuple[str, ...]]] = {}
    nodes = doc.data.get("keywords") or {}
    if not isinstance(nodes, dict):
        problems.append(error(doc.at("keywords"), "keywords: expected node id: {language: [...]}"))
        nodes = {}
    for node_id in nodes:
        if str(node_id) not in content.nodes:
            problems.append(
                error(
                    doc.at("keywords", str(node_id)),
                    f"keywords for unknown node '{node_id}'",
                    "fix the id (see content/topics/) or remove the entry",
                )
            )
            continue
        found = _by_language(doc, ("keywords", str(node_id)), languages, problems)
        if found:
            keywords[str(node_id)] = found
    return SearchKeywords(urgent, keywords, _synonyms(doc, problems)), problems


def _synonyms(doc: YamlDoc, problems: list[Problem]) -> tuple[tuple[str, ...], ...]:
    groups = doc.data.get("synonyms") or []
    if not isinstance(groups, list):
        problems.append(error(doc.at("synonyms"), "synonyms: expected a list of [word, word]"))
        return ()
    found = []
    for index, group in enumerate(groups):
        words = group.split(",") if isinstance(group, str) else group
        if not isinstance(words, list) or not all(isinstance(w, str | int) for w in words):
            problems.append(
                error(doc.at("synonyms", index), "synonyms: expected a list like [word, word]")
            )
            continue
        cleaned = [" ".join(str(word).split()) for word in words]
        cleaned = [word for word in cleaned if word]
        if len(cleaned) < 2 or any(" " in word for word in cleaned):
            problems.append(
                error(
                    doc.at("synonyms", index),
                    "synonyms: a group needs two words or more, one word each",
                    "put phrases into keywords: of the nodes instead",
                )
            )
            continue
        found.append(tuple(cleaned))
    return tuple(found)


def _by_language(
    doc: YamlDoc, path: tuple[str, ...], languages: set[str], problems: list[Problem]
) -> dict[str, tuple[str, ...]]:
    value = doc.data
    for key in path:
        value = value.get(key) if isinstance(value, dict) else None
    if value is None:
        return {}
    where = ".".join(path)
    if not isinstance(value, dict):
        problems.append(error(doc.at(*path), f"{where}: expected language: [words]"))
        return {}
    result: dict[str, tuple[str, ...]] = {}
    for language, entries in value.items():
        language = str(language)
        if language not in languages:
            problems.append(
                error(
                    doc.at(*path, language),
                    f"{where}: unknown language '{language}'",
                    f"use one of {', '.join(sorted(languages))} (content/languages.yaml)",
                )
            )
            continue
        if isinstance(entries, str):
            entries = entries.split(",")
        if not isinstance(entries, list) or not all(
            isinstance(entry, str | int) for entry in entries
        ):
            problems.append(
                error(
                    doc.at(*path, language),
                    f"{where}.{language}: expected a list of words",
                    'write [word, "two words", ...] or one comma-separated line',
                )
            )
            continue
        cleaned = tuple(" ".join(str(entry).split()) for entry in entries)
        result[language] = tuple(entry for entry in cleaned if entry)
    return result
