"""Content translations read with Babel's catalog API, with per-language fallback chains.

Reading the ``.po`` files (not compiled ``.mo``) is deliberate: only the catalog knows which
entries are fuzzy (the English changed since they were translated) and which carry Jol's
``machine`` flag. A fuzzy or missing entry is never shown as if current: the next language of
the chain is used instead, and the caller is told which language it got.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from babel.messages.pofile import read_po

from jol.content.model import Languages

DOMAIN = "content"
SOURCE_LANGUAGE = "en"
MACHINE_FLAG = "machine"


@dataclass(frozen=True)
class Entry:
    text: str
    machine: bool
    line: int = 0


@dataclass(frozen=True)
class Translated:
    text: str
    language: str  # the language actually shown (may be a fallback)
    machine: bool


Key = tuple[str, str]  # (msgctxt, msgid)


class Catalogs:
    def __init__(self, entries: dict[str, dict[Key, Entry]], languages: Languages) -> None:
        self._entries = entries
        self._languages = languages

    @classmethod
    def load(cls, locales_dir: Path, languages: Languages) -> Catalogs:
        entries: dict[str, dict[Key, Entry]] = {}
        for code in languages.languages:
            path = locales_dir / code / "LC_MESSAGES" / f"{DOMAIN}.po"
            if code != SOURCE_LANGUAGE and path.exists():
                entries[code] = read_entries(path)
        return cls(entries, languages)

    def chain(self, language: str) -> list[str]:
        """The languages tried, in order, always ending with the source language."""
        known = self._languages.languages
        fallback = known[language].fallback if language in known else ()
        order = [language, *fallback, SOURCE_LANGUAGE]
        return list(
            dict.fromkeys(code for code in order if code in known or code == SOURCE_LANGUAGE)
        )

    def translate(self, language: str, context: str, source: str) -> Translated:
        for code in self.chain(language):
            if code == SOURCE_LANGUAGE:
                return Translated(source, SOURCE_LANGUAGE, machine=False)
            entry = self._entries.get(code, {}).get((context, source))
            if entry is not None:
                return Translated(entry.text, code, entry.machine)
        return Translated(source, SOURCE_LANGUAGE, machine=False)  # unreachable: chain ends in en

    def entries(self, language: str) -> dict[Key, Entry]:
        return self._entries.get(language, {})


def read_entries(path: Path) -> dict[Key, Entry]:
    """Current translations only: fuzzy and empty entries are left out on purpose."""
    with path.open("rb") as handle:
        catalog = read_po(handle)
    entries: dict[Key, Entry] = {}
    for message in catalog:
        if not message.id or message.fuzzy or not isinstance(message.string, str):
            continue
        if not message.string.strip():
            continue
        entries[(message.context or "", str(message.id))] = Entry(
            message.string, machine=MACHINE_FLAG in message.flags, line=message.lineno or 0
        )
    return entries
