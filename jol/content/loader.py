"""Load content/ into a validated ``Content``; every schema problem names file:line.

Loading stops at schema errors (there is nothing safe to serve); graph and text checks that
need a whole, well-formed content live in ``jol.content.validate``.
"""

from __future__ import annotations

from collections import deque
from pathlib import Path
from typing import Any, TypeVar

from pydantic import BaseModel, ValidationError

from jol.content.model import (
    NODE_ID,
    ROOT,
    Content,
    Facts,
    Languages,
    Located,
    Node,
    Source,
)
from jol.content.problems import Problem, error
from jol.content.rules import Rules
from jol.content.yamlfile import YamlDoc, read_yaml

M = TypeVar("M", bound=BaseModel)


class ContentError(Exception):
    """The content cannot be served; ``problems`` says what and where."""

    def __init__(self, problems: list[Problem]) -> None:
        self.problems = problems
        super().__init__(f"{len(problems)} content problem(s); first: {problems[0]}")


def load_content(content_dir: Path) -> Content:
    if not content_dir.is_dir():
        raise ContentError([error(None, f"content directory not found: {content_dir}")])
    problems: list[Problem] = []

    def doc(name: str) -> YamlDoc | None:
        path = content_dir / name
        if not path.exists():
            problems.append(error(Located(name, 1), f"missing file {name}"))
            return None
        parsed, found = read_yaml(path, name)
        problems.extend(found)
        return parsed

    languages = _model(doc("languages.yaml"), Languages, problems)
    facts_doc = doc("facts.yaml")
    facts = _model(facts_doc, Facts, problems)
    sources_doc = doc("sources.yaml")
    sources = _mapping_of(sources_doc, Source, problems)
    rules_doc = doc("rules.yaml")
    rules = _model(rules_doc, Rules, problems)

    nodes: dict[str, Node] = {}
    where: dict[str, Located] = {}
    where.update(_field_locations(facts_doc, sources_doc, rules_doc))
    topic_files = sorted((content_dir / "topics").glob("*.yaml"))
    if not topic_files:
        problems.append(error(Located("topics/", 1), "no topic files (topics/*.yaml)"))
    for path in topic_files:
        topic = doc(f"topics/{path.name}")
        if topic is None:
            continue
        for node_id, node in _mapping_of(topic, Node, problems).items():
            located = topic.at(node_id)
            if node_id in nodes:
                problems.append(
                    error(
                        located,
                        f"node id '{node_id}' is already used at {where[f'node:{node_id}']}",
                    )
                )
                continue
            if not NODE_ID.match(node_id):
                problems.append(
                    error(
                        located,
                        f"node id '{node_id}' is not usable in buttons and links",
                        "use only a-z, 0-9 and _, at most 40 characters",
                    )
                )
                continue
            nodes[node_id] = node.model_copy(update={"id": node_id})
            where[f"node:{node_id}"] = located
            _record_fields(topic, node_id, where)

    if nodes and ROOT not in nodes:
        problems.append(
            error(None, f"there is no root menu node '{ROOT}'", "add it to topics/main.yaml")
        )
    if problems or languages is None or facts is None or rules is None:
        raise ContentError(problems or [error(None, "content could not be loaded")])
    return Content(
        nodes=nodes,
        facts=facts,
        rules=rules,
        sources=sources,
        languages=languages,
        where=where,
        parents=derive_parents(nodes),
    )


def _field_locations(
    facts_doc: YamlDoc | None, sources_doc: YamlDoc | None, rules_doc: YamlDoc | None
) -> dict[str, Located]:
    """Where each contact, fact, source and rule field was written, for messages about them."""
    where: dict[str, Located] = {}
    if facts_doc is not None:
        for path, line in facts_doc.lines.items():
            if len(path) == 3 and path[0] == "contacts":
                where[f"contact:{path[1]}.{path[2]}"] = Located(facts_doc.file, line)
            elif len(path) == 2 and path[0] == "values":
                where[f"fact:{path[1]}"] = Located(facts_doc.file, line)
    if sources_doc is not None:
        for path, line in sources_doc.lines.items():
            if len(path) in (1, 2):
                where["source:" + ".".join(str(part) for part in path)] = Located(
                    sources_doc.file, line
                )
    if rules_doc is not None:
        for path, line in rules_doc.lines.items():
            if path:
                where["rules:" + ".".join(str(part) for part in path)] = Located(
                    rules_doc.file, line
                )
    return where


def derive_parents(nodes: dict[str, Node]) -> dict[str, str]:
    """Breadth-first from the root: a node's parent is the menu or question listing it first.
    A node that is only linked as "related" gets the answer linking it as parent, so Back
    still leads somewhere sensible."""
    parents: dict[str, str] = {}
    _breadth_first(nodes, [ROOT], parents, follow_related=False)
    _breadth_first(nodes, [ROOT, *parents], parents, follow_related=True)
    return parents


def _breadth_first(
    nodes: dict[str, Node], start: list[str], parents: dict[str, str], *, follow_related: bool
) -> None:
    queue = deque(start)
    while queue:
        current = nodes.get(queue.popleft())
        if current is None:
            continue
        targets = [option.to for option in current.options]
        if follow_related:
            targets += current.related
        for target in targets:
            if target in nodes and target != ROOT and target not in parents:
                parents[target] = current.id
                queue.append(target)


def _record_fields(topic: YamlDoc, node_id: str, where: dict[str, Located]) -> None:
    for path, line in topic.lines.items():
        if len(path) == 2 and path[0] == node_id:
            where[f"node:{node_id}.{path[1]}"] = Located(topic.file, line)
    options = topic.data.get(node_id, {}).get("options") if isinstance(topic.data, dict) else None
    for index, option in enumerate(options or []):
        if isinstance(option, dict) and "to" in option:
            where[f"node:{node_id}.option.{option['to']}"] = topic.at(node_id, "options", index)


def _model(doc: YamlDoc | None, model: type[M], problems: list[Problem]) -> M | None:
    if doc is None:
        return None
    try:
        return model.model_validate(doc.data)
    except ValidationError as exc:
        problems.extend(_schema_problems(doc, exc, ()))
        return None


def _mapping_of(doc: YamlDoc | None, model: type[M], problems: list[Problem]) -> dict[str, M]:
    if doc is None:
        return {}
    if not isinstance(doc.data, dict):
        problems.append(error(doc.at(), "expected a mapping of id: {fields}"))
        return {}
    result: dict[str, M] = {}
    for key, value in doc.data.items():
        try:
            result[str(key)] = model.model_validate(value)
        except ValidationError as exc:
            problems.extend(_schema_problems(doc, exc, (str(key),)))
    return result


def _schema_problems(doc: YamlDoc, exc: ValidationError, prefix: tuple[str, ...]) -> list[Problem]:
    # pydantic's own str(exc) embeds input values; build messages from loc and msg only.
    out = []
    for err in exc.errors(include_url=False, include_input=False):
        loc: tuple[Any, ...] = (*prefix, *err["loc"])
        field_path = ".".join(str(part) for part in loc)
        message = err["msg"]
        if err["type"] == "extra_forbidden":
            message = "unknown field"
        out.append(error(doc.at(*loc), f"{field_path}: {message}", _hint(err["type"])))
    return out


def _hint(kind: str) -> str:
    return {
        "extra_forbidden": "check the spelling; see docs/EDITING.md for the fields",
        "missing": "add this field",
        "literal_error": "use one of the values listed",
        "date_from_datetime_parsing": "write dates as YYYY-MM-DD",
        "date_parsing": "write dates as YYYY-MM-DD",
        "date_type": "write dates as YYYY-MM-DD",
        "url_parsing": "write a full link starting with https://",
    }.get(kind, "")
