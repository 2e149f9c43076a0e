"""``bot.py check``: everything an editor can get wrong, with file:line and what to do.

The loader has already rejected schema errors; this checks the graph, the legal metadata and
every text in every language as it would be rendered.
"""

from __future__ import annotations

from datetime import date, timedelta
from pathlib import Path

from jol.content.model import ROOT, Content, Located, Node
from jol.content.problems import Problem, error, warning
from jol.content.rules import is_country, rule_problems
from jol.i18n.catalogs import SOURCE_LANGUAGE, Catalogs
from jol.i18n.fields import translatable_fields
from jol.markup import MarkupError, to_html
from jol.placeholders import expand, lookup, names

STALE_REVIEW = "stale_review"
REVIEW_WARN = timedelta(days=183)
REVIEW_FAIL = timedelta(days=365)
TITLE_MAX = 60


def validate(content: Content, catalogs: Catalogs, as_of: date) -> list[Problem]:
    problems: list[Problem] = []
    problems += _languages(content)
    for node in content.nodes.values():
        problems += _links(content, node)
        problems += _legal(content, node, as_of)
    problems += _reachability(content)
    problems += _facts(content)
    problems += rule_problems(content, is_country)
    problems += _texts(content, catalogs)
    return problems


def _at(content: Content, key: str) -> Located | None:
    return content.locate(key)


def _languages(content: Content) -> list[Problem]:
    known = content.languages.languages
    where = Located("languages.yaml", 1)
    problems = []
    if content.languages.default not in known:
        problems.append(
            error(where, f"default language '{content.languages.default}' is not listed")
        )
    for code, language in known.items():
        for fallback in language.fallback:
            if fallback not in known:
                problems.append(
                    error(where, f"{code}: fallback '{fallback}' is not a listed language")
                )
    return problems


def _links(content: Content, node: Node) -> list[Problem]:
    problems = []
    here = f"node:{node.id}"
    for option in node.options:
        if option.to not in content.nodes:
            problems.append(
                error(
                    _at(content, f"{here}.option.{option.to}"),
                    f"'{node.id}' links to missing node '{option.to}'",
                    "fix the id or add the node",
                )
            )
        if node.kind == "question" and not option.label:
            problems.append(
                error(
                    _at(content, f"{here}.option.{option.to}"),
                    f"question '{node.id}': option to '{option.to}' has no label",
                    "a question's options need a label (the answer the user picks)",
                )
            )
    for related in node.related:
        if related not in content.nodes:
            problems.append(
                error(
                    _at(content, f"{here}.related"),
                    f"'{node.id}' relates to missing node '{related}'",
                )
            )
    for contact in node.contacts:
        if contact not in content.facts.contacts:
            problems.append(
                error(
                    _at(content, f"{here}.contacts"),
                    f"'{node.id}' lists unknown contact '{contact}'",
                    "add it under contacts: in facts.yaml",
                )
            )
    if node.kind in ("menu", "question") and not node.options:
        # Still usable (Back and Main menu are on every screen), but leads nowhere.
        problems.append(
            warning(
                _at(content, here),
                f"{node.kind} '{node.id}' has no options: a dead end",
                "add options",
            )
        )
    if node.kind == "question" and not node.text:
        problems.append(
            error(_at(content, here), f"question '{node.id}' has no text", "write the question")
        )
    if node.kind == "answer" and not node.text:
        problems.append(error(_at(content, here), f"answer '{node.id}' has no text"))
    if (node.kind == "calculator") != (node.calculator is not None):
        problems.append(
            error(
                _at(content, here),
                f"'{node.id}': kind calculator and the calculator field go together",
                "write kind: calculator with calculator: registration (or stay)",
            )
        )
    if node.kind == "calculator" and not node.text:
        problems.append(
            error(_at(content, here), f"calculator '{node.id}' has no text", "say what it counts")
        )
    if node.kind == "contacts" and not node.contacts:
        problems.append(error(_at(content, here), f"contacts '{node.id}' lists no contacts"))
    if len(node.title) > TITLE_MAX:
        problems.append(
            warning(
                _at(content, f"{here}.title"),
                f"title of '{node.id}' is {len(node.title)} characters",
                f"keep button labels under {TITLE_MAX}",
            )
        )
    return problems


def _legal(content: Content, node: Node, as_of: date) -> list[Problem]:
    if node.kind not in ("answer", "contacts"):
        return []
    here = f"node:{node.id}"
    problems = []
    if node.kind == "answer" and node.legal and not node.sources:
        problems.append(
            error(
                _at(content, here),
                f"answer '{node.id}' states law without a source",
                "add sources: [ids from sources.yaml], or legal: false if it states no law",
            )
        )
    for source in node.sources:
        if source not in content.sources:
            problems.append(
                error(
                    _at(content, f"{here}.sources"),
                    f"'{node.id}' cites unknown source '{source}'",
                    "add it to sources.yaml",
                )
            )
    if node.reviewed is None:
        problems.append(
            error(_at(content, here), f"'{node.id}' has no review date", "add reviewed: YYYY-MM-DD")
        )
    elif as_of - node.reviewed > REVIEW_FAIL:
        problems.append(
            error(
                _at(content, f"{here}.reviewed"),
                f"'{node.id}' was last reviewed on {node.reviewed}, over 12 months ago",
                "check it against its sources and update reviewed:",
                code=STALE_REVIEW,
            )
        )
    elif as_of - node.reviewed > REVIEW_WARN:
        problems.append(
            warning(
                _at(content, f"{here}.reviewed"),
                f"'{node.id}' was last reviewed on {node.reviewed}, over 6 months ago",
                "check it against its sources soon",
            )
        )
    if node.valid_from and node.valid_until and node.valid_until < node.valid_from:
        problems.append(
            error(_at(content, f"{here}.valid_until"), f"'{node.id}' ends before it starts")
        )
    return problems


def _reachability(content: Content) -> list[Problem]:
    return [
        warning(
            _at(content, f"node:{node_id}"),
            f"'{node_id}' is not reachable from the main menu",
            "list it in the options of a menu or question (deep links still work)",
        )
        for node_id in content.nodes
        if node_id != ROOT and node_id not in content.parents
    ]


def _facts(content: Content) -> list[Problem]:
    problems = []
    cited = [(f"fact:{name}", fact.sources) for name, fact in content.facts.values.items()]
    cited += [(f"contact:{name}.name", c.sources) for name, c in content.facts.contacts.items()]
    for key, cited_ids in cited:
        for source_id in cited_ids:
            if source_id not in content.sources:
                problems.append(
                    error(
                        content.locate(key),
                        f"{key.split('.')[0]} cites unknown source '{source_id}'",
                        "add it to sources.yaml",
                    )
                )
    for source_id, source in content.sources.items():
        if source.url is None:
            problems.append(
                warning(
                    content.locate(f"source:{source_id}"),
                    f"source '{source_id}' has no link",
                    "add url: to the official text if there is one",
                )
            )
    return problems


def _texts(content: Content, catalogs: Catalogs) -> list[Problem]:
    """Every text in every language: known placeholders, the same ones as the English, markup
    that renders to HTML Telegram accepts."""
    problems = []
    for field in translatable_fields(content):
        expected = sorted(names(field.source))
        versions = [(SOURCE_LANGUAGE, field.source, field.where)]
        for code in content.languages.languages:
            entry = catalogs.entries(code).get((field.context, field.source))
            if entry is not None and not entry.fuzzy:  # fuzzy ones are never shown
                versions.append((code, entry.text, Located(_po(code), entry.line)))
        for code, text, where in versions:
            found = sorted(names(text))
            for kind, name in found:
                if lookup(content, kind, name) is None:
                    problems.append(
                        error(
                            where,
                            f"{field.context} [{code}]: unknown placeholder {{{kind}.{name}}}",
                            f"add '{name}' to {kind}.yaml or fix the spelling",
                        )
                    )
            if code != SOURCE_LANGUAGE and found != expected:
                problems.append(
                    error(
                        where,
                        f"{field.context} [{code}]: placeholders differ from the English",
                        "keep every {…} exactly as in the English text",
                    )
                )
            try:
                to_html(expand(text, content))
            except MarkupError as exc:
                problems.append(
                    error(
                        where,
                        f"{field.context} [{code}]: {exc}",
                        "close every ** and __ on the same line",
                    )
                )
    return problems


def _po(code: str) -> str:
    return str(Path("locales") / code / "LC_MESSAGES" / "content.po")
