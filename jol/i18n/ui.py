"""UI strings (the ``bot`` domain) read from the .po catalogs, for the front ends that do not
go through aiogram's I18n: the console chat and the content check."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from jol.content.loader import ContentError
from jol.i18n.catalogs import read_catalog

UiTranslate = Callable[[str, str], str]  # (English UI text, language) -> translation


def po_translator(locales_dir: Path) -> UiTranslate:
    table: dict[str, dict[str, str]] = {}
    for path in sorted(locales_dir.glob("*/LC_MESSAGES/bot.po")):
        language = path.parent.parent.name
        try:
            catalog = read_catalog(path, str(path))
        except ContentError:  # reported by the check (jol.i18n.check); English meanwhile
            continue
        table[language] = {
            str(m.id): m.string
            for m in catalog
            if m.id and isinstance(m.string, str) and m.string and not m.fuzzy
        }

    def translate(text: str, language: str) -> str:
        return table.get(language, {}).get(text, text)

    return translate


def _n(text: str) -> str:
    """Marks a string for extraction (``pybabel -k _n``); translated later, per language."""
    return text
