"""Checks of the catalogs themselves: they compile, UI translations keep the placeholders and
HTML tags of the English, and how much of each language is really translated.

Coverage is counted from the catalogs with Babel's API: ``pybabel compile --statistics``
counts fuzzy entries as translated, which is exactly what must not be hidden.
"""

from __future__ import annotations

import gettext
import io
import re
import string
from collections import Counter
from pathlib import Path

from babel.messages.catalog import Catalog
from babel.messages.mofile import write_mo

from jol.content.loader import ContentError
from jol.content.model import Content, Located
from jol.content.problems import Problem, error, warning
from jol.i18n.catalogs import (
    DOMAIN,
    MACHINE_FLAG,
    SOURCE_LANGUAGE,
    Catalogs,
    catalog_name,
    read_catalog,
)
from jol.i18n.fields import translatable_fields
from jol.i18n.generated import GENERATED

UI_DOMAIN = "bot"
_PLACEHOLDER = re.compile(r"\{[a-z_.]*\}")
_TAG = re.compile(r"</?[a-z-]+")


def catalog_problems(content: Content, catalogs: Catalogs, locales_dir: Path) -> list[Problem]:
    problems: list[Problem] = []
    for code in content.languages.languages:
        ui_path = locales_dir / code / "LC_MESSAGES" / f"{UI_DOMAIN}.po"
        if ui_path.exists():
            label = f"{code} ({content.languages.languages[code].name}) interface"
            problems += _ui_catalog(ui_path, catalog_name(code, UI_DOMAIN), code, label)
        content_path = locales_dir / code / "LC_MESSAGES" / f"{DOMAIN}.po"
        if content_path.exists():
            problems += _compiles(content_path, catalog_name(code))
        if code != SOURCE_LANGUAGE:
            label = f"{code} ({content.languages.languages[code].name}) content"
            catalog = catalog_name(GENERATED[code][0] if code in GENERATED else code)
            problems += _coverage_warning(label, coverage(content, catalogs, code), catalog)
    return problems


def _compiles(path: Path, shown_as: str) -> list[Problem]:
    try:
        catalog = read_catalog(path, shown_as)
    except ContentError as exc:
        return exc.problems
    return _compile_problems(catalog, shown_as)


def _compile_problems(catalog: Catalog, shown_as: str) -> list[Problem]:
    # Placeholders are checked by Jol itself (content: validate; UI: _same_markup): Babel's
    # own checkers raise on brace placeholders they cannot format.
    compiled = io.BytesIO()
    try:
        write_mo(compiled, catalog)
        compiled.seek(0)
        gettext.GNUTranslations(compiled)  # as the bot loads it (e.g. a broken Plural-Forms)
    except Exception as exc:  # Babel and gettext raise various errors for broken catalogs
        return [error(Located(shown_as, 1), f"catalog does not compile: {exc}")]
    return []


def _ui_catalog(path: Path, shown_as: str, language: str, label: str) -> list[Problem]:
    try:
        catalog = read_catalog(path, shown_as)
    except ContentError as exc:
        return exc.problems
    problems = _compile_problems(catalog, shown_as)
    counts: Counter[str] = Counter()
    for message in catalog:
        if not message.id:
            continue
        translation = message.string if isinstance(message.string, str) else ""
        if not translation:
            counts["missing"] += 1
        elif message.fuzzy:
            counts["fuzzy"] += 1
        else:
            counts["machine" if MACHINE_FLAG in message.flags else "translated"] += 1
            where = Located(shown_as, message.lineno or 1)
            problems += _same_markup(str(message.id), translation, where)
    if language != SOURCE_LANGUAGE:
        problems += _coverage_warning(label, counts, shown_as)
    return problems


def _format_fields(text: str) -> list[tuple[str, str, str]] | None:
    """The {fields} as str.format reads them (name, spec, conversion); None: not a format
    string at all (a stray brace)."""
    try:
        parsed = list(string.Formatter().parse(text))
    except ValueError:
        return None
    return sorted(
        (name, spec or "", conv or "") for _, name, spec, conv in parsed if name is not None
    )


def _same_markup(source: str, translation: str, where: Located) -> list[Problem]:
    problems = []
    expected = _format_fields(source)
    if expected is not None and _format_fields(translation) != expected:
        problems.append(
            error(
                where,
                f"placeholders differ from the English: {source[:50]!r}",
                "keep every {…} exactly as in the English, and no other { or }",
            )
        )
    elif sorted(_PLACEHOLDER.findall(source)) != sorted(_PLACEHOLDER.findall(translation)):
        problems.append(
            error(
                where,
                f"placeholders differ from the English: {source[:50]!r}",
                "keep every {…} exactly as in the English",
            )
        )
    special = [(source.count(c), translation.count(c)) for c in "<>&"]
    if sorted(_TAG.findall(source)) != sorted(_TAG.findall(translation)) or any(
        a != b for a, b in special
    ):
        problems.append(
            error(
                where,
                f"HTML tags differ from the English: {source[:50]!r}",
                "keep <b>…</b> pairs exactly as in the English; Telegram rejects broken tags",
            )
        )
    return problems


def coverage(content: Content, catalogs: Catalogs, language: str) -> Counter[str]:
    """translated / machine / fuzzy / missing for every content text of the current English."""
    counts: Counter[str] = Counter()
    entries = catalogs.entries(language)
    for field in translatable_fields(content):
        entry = entries.get((field.context, field.source))
        if entry is None:
            counts["missing"] += 1
        elif entry.fuzzy:
            counts["fuzzy"] += 1
        elif entry.machine:
            counts["machine"] += 1
        else:
            counts["translated"] += 1
    return counts


def _coverage_warning(label: str, counts: Counter[str], shown_as: str) -> list[Problem]:
    total = sum(counts.values())
    if not total or counts["translated"] == total:
        return []
    parts = ", ".join(
        f"{counts[status]} {status} ({counts[status] * 100 // total}%)"
        for status in ("translated", "machine", "fuzzy", "missing")
        if counts[status]
    )
    return [
        warning(
            Located(shown_as, 1),
            f"{label}, {total} texts: {parts}",
            "fuzzy and missing texts are shown in a fallback language, machine ones with a note",
        )
    ]
