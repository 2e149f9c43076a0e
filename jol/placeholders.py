"""``{facts.name}`` / ``{rules.name}`` placeholders: facts live once, texts refer to them."""

from __future__ import annotations

import re

from jol.content.model import Content

PLACEHOLDER = re.compile(r"\{(facts|rules)\.([a-z0-9_]+)\}")


def expand(text: str, content: Content) -> str:
    def value(match: re.Match[str]) -> str:
        found = lookup(content, match.group(1), match.group(2))
        return match.group(0) if found is None else str(found)

    return PLACEHOLDER.sub(value, text)


def lookup(content: Content, kind: str, name: str) -> object | None:
    if kind == "facts":
        fact = content.facts.values.get(name)
        return None if fact is None else fact.value
    return content.rules.get(name)


def names(text: str) -> list[tuple[str, str]]:
    return PLACEHOLDER.findall(text)
