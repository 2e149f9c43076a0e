"""Languages whose texts are made from another language's by a tested transliteration, never
translated apart: language -> (source language, transliteration)."""

from __future__ import annotations

from collections.abc import Callable

from jol.i18n.uzbek import latin_to_cyrillic

GENERATED: dict[str, tuple[str, Callable[[str], str]]] = {"uz_Cyrl": ("uz", latin_to_cyrillic)}
