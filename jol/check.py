"""Everything ``bot.py check`` and a reload verify, in one place: the content, every
translation, and every screen as it would be rendered in every language."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from pathlib import Path

from jol.content.loader import ContentError
from jol.content.model import Content
from jol.content.problems import Problem, Severity, error
from jol.content.validate import validate
from jol.i18n.catalogs import Catalogs
from jol.i18n.check import catalog_problems
from jol.i18n.ui import po_translator
from jol.library import Bundle, ButtonData, load_bundle
from jol.markup import TELEGRAM_TEXT_LIMIT, MarkupError, visible_length
from jol.render import Renderer
from jol.search.keywords import load_keywords

CALLBACK_DATA_LIMIT = 64  # bytes


@dataclass(frozen=True)
class Report:
    problems: list[Problem]
    summary: str
    bundle: Bundle | None  # None when the content could not be loaded

    @property
    def ok(self) -> bool:
        return not any(p.severity is Severity.ERROR for p in self.problems)


def check(
    content_dir: Path, locales_dir: Path, as_of: date, callback_data: ButtonData | None = None
) -> Report:
    try:
        bundle = load_bundle(content_dir, locales_dir)
    except ContentError as exc:
        return Report(exc.problems, "The content could not be loaded.", None)
    content, catalogs = bundle.content, bundle.catalogs
    problems = validate(content, catalogs, as_of)
    problems += catalog_problems(content, catalogs, locales_dir)
    problems += _screens(content, catalogs, locales_dir, as_of)
    problems += load_keywords(content_dir, content)[1]  # content/search.yaml
    if callback_data is not None:
        problems += _callback_data(content, callback_data)
    languages = len(content.languages.languages)
    summary = f"{len(content.nodes)} nodes in {languages} languages checked as of {as_of}."
    return Report(problems, summary, bundle)


def _screens(content: Content, catalogs: Catalogs, locales_dir: Path, as_of: date) -> list[Problem]:
    """Each node must fit one Telegram message in every language, placeholders expanded."""
    ui = po_translator(locales_dir)
    problems = []
    for language in content.languages.languages:
        renderer = Renderer(content, catalogs, language, ui, as_of)
        for node_id in content.nodes:
            try:
                parts = renderer.node(node_id).parts
            except MarkupError:
                continue  # already reported by validate(), with file:line
            if len(parts) > 1:
                size = sum(visible_length(part) for part in parts)
                problems.append(
                    error(
                        content.locate(f"node:{node_id}.text"),
                        f"'{node_id}' [{language}] is {size} characters on screen, over "
                        f"Telegram's {TELEGRAM_TEXT_LIMIT}",
                        "shorten it or split it into several answers",
                    )
                )
    return problems


def _callback_data(content: Content, callback_data: ButtonData) -> list[Problem]:
    problems = []
    for node_id in content.nodes:
        for data in callback_data(node_id):
            if len(data.encode()) > CALLBACK_DATA_LIMIT:
                problems.append(
                    error(
                        content.locate(f"node:{node_id}"),
                        f"button data for '{node_id}' is {len(data.encode())} bytes, over "
                        f"Telegram's {CALLBACK_DATA_LIMIT}",
                        "use a shorter node id",
                    )
                )
    return problems
