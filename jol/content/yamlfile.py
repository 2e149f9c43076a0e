"""YAML reading that remembers line numbers, so every message names file:line."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import Any

import yaml

from jol.content.model import Located
from jol.content.problems import Problem, error

Path_ = tuple[str | int, ...]
MAX_ALIASES = 50


@dataclass
class YamlDoc:
    file: str
    data: Any
    lines: dict[Path_, int]

    def at(self, *path: str | int) -> Located:
        """The line of the deepest known prefix of ``path``."""
        for n in range(len(path), -1, -1):
            if path[:n] in self.lines:
                return Located(self.file, self.lines[path[:n]])
        return Located(self.file, 1)


def read_yaml(path: Path, shown_as: str) -> tuple[YamlDoc | None, list[Problem]]:
    """Parse one file; duplicate keys are errors (PyYAML would silently keep the last)."""
    try:
        text = path.read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError) as exc:
        return None, [error(Located(shown_as, 1), f"cannot read file: {exc}")]
    try:
        aliases = sum(isinstance(e, yaml.AliasEvent) for e in yaml.parse(text, yaml.SafeLoader))
        if aliases > MAX_ALIASES:  # a few are handy (rules.yaml); thousands are an attack
            return None, [
                error(
                    Located(shown_as, 1),
                    f"too many YAML aliases (*name): {aliases}, at most {MAX_ALIASES}",
                    "write the values out instead",
                )
            ]
        root = yaml.compose(text, Loader=yaml.SafeLoader)
        data = yaml.safe_load(text)
    except yaml.MarkedYAMLError as exc:
        line = exc.problem_mark.line + 1 if exc.problem_mark else 1
        return None, [
            error(
                Located(shown_as, line),
                f"YAML syntax: {exc.problem}",
                "check indentation and quotes on this line or the one before",
            )
        ]
    except yaml.YAMLError as exc:
        return None, [error(Located(shown_as, 1), f"YAML syntax: {exc}")]
    except RecursionError:  # an alias inside itself: a: &a [*a]
        return None, [error(Located(shown_as, 1), "YAML refers to itself (an alias loop)")]
    lines: dict[Path_, int] = {(): 1}
    problems: list[Problem] = []
    if root is not None:
        _walk(root, (), lines, problems, shown_as, set())
    return YamlDoc(shown_as, data if data is not None else {}, lines), problems


def _walk(
    node: yaml.Node,
    path: Path_,
    lines: dict[Path_, int],
    problems: list[Problem],
    file: str,
    walked: set[int],
) -> None:
    if id(node) in walked:  # an alias: its node was walked where it was defined
        return
    walked.add(id(node))
    if isinstance(node, yaml.MappingNode):
        seen: set[str] = set()
        for key_node, value_node in node.value:
            key = str(key_node.value)
            line = key_node.start_mark.line + 1
            if key in seen:
                problems.append(
                    error(Located(file, line), f"'{key}' is defined twice", "rename or merge them")
                )
            seen.add(key)
            lines[(*path, key)] = line
            _walk(value_node, (*path, key), lines, problems, file, walked)
    elif isinstance(node, yaml.SequenceNode):
        for index, item in enumerate(node.value):
            lines[(*path, index)] = item.start_mark.line + 1
            _walk(item, (*path, index), lines, problems, file, walked)
