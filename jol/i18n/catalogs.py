"""Content translations read with Babel's catalog API, with per-language fallback chains.

Reading the ``.po`` files (not compiled ``.mo``) is deliberate: only the catalog knows which
entries are fuzzy (the English changed since they were translated) and which carry Jol's
``machine`` flag. A fuzzy or missing entry is never shown as if current: the next language of
the chain is used instead, and the caller is told which language it got.
"""

from __future__ import annotations

from dataclasses import dataclass, replace
from pathlib import Path

from babel.messages.catalog import Catalog, Message
from babel.messages.pofile import PoFileError, read_po, unescape

from jol.content.loader import ContentError
from jol.content.model import Languages, Located
from jol.content.problems import error
from jol.i18n.generated import GENERATED
from jol.placeholders import names

DOMAIN = "content"
SOURCE_LANGUAGE = "en"
MACHINE_FLAG = "machine"


@dataclass(frozen=True)
class Entry:
    text: str
    machine: bool
    fuzzy: bool = False
    line: int = 0

    broken: bool = False  # its {placeholders} differ from the English (check reports it)

    @property
    def current(self) -> bool:
        """Shown to users: fuzzy means the English changed since it was translated; a broken
        one could show a wrong number."""
        return not self.fuzzy and not self.broken


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
            if code not in GENERATED and code != SOURCE_LANGUAGE and path.exists():
                entries[code] = read_entries(path, shown_as=catalog_name(code))
        for code, (source, transliterate) in GENERATED.items():
            if code in languages.languages:  # always in step with its source, even after /reload
                entries[code] = {
                    key: replace(entry, text=transliterate(entry.text))
                    for key, entry in entries.get(source, {}).items()
                }
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
            if entry is not None and entry.current:
                return Translated(entry.text, code, entry.machine)
        return Translated(source, SOURCE_LANGUAGE, machine=False)  # unreachable: chain ends in en

    def entries(self, language: str) -> dict[Key, Entry]:
        return self._entries.get(language, {})


def catalog_name(language: str, domain: str = DOMAIN) -> str:
    return f"locales/{language}/LC_MESSAGES/{domain}.po"


def read_catalog(path: Path, shown_as: str) -> Catalog:
    """A catalog that parses, or a ContentError naming the catalog and line."""
    try:
        with path.open("rb") as handle:
            catalog = read_po(handle, abort_invalid=True)
    except PoFileError as exc:
        line = getattr(exc, "lineno", 1) or 1
        raise ContentError(
            [
                error(
                    Located(shown_as, line),
                    f"catalog does not parse: {exc}",
                    "fix the quotes or keywords around this line (Poedit shows it too)",
                )
            ]
        ) from None
    except (OSError, UnicodeDecodeError) as exc:
        raise ContentError([error(Located(shown_as, 1), f"cannot read catalog: {exc}")]) from None
    except ValueError as exc:  # a broken header, e.g. Plural-Forms: nplurals=x
        raise ContentError(
            [
                error(
                    Located(shown_as, 1),
                    f"catalog header is broken: {exc}",
                    "compare with the export",
                )
            ]
        ) from None
    for message in catalog:
        _restore_previous_id(message)
    return catalog


def _restore_previous_id(message: Message) -> None:
    """Babel writes the previous English of a fuzzy entry (``#| msgid "…"``) but reads it back
    as a user comment ``| msgid "…"``; turn it back into ``previous_id`` so it survives the
    next update and the translator keeps seeing what changed."""
    previous = [c for c in message.user_comments if c.startswith("|")]
    if not previous:
        return
    message.user_comments = [c for c in message.user_comments if not c.startswith("|")]
    parts: list[str] = []
    in_msgid = False
    for comment in previous:
        line = comment[1:].strip()
        if line.startswith("msgid "):
            in_msgid, line = True, line[len("msgid ") :]
        elif not line.startswith('"'):
            in_msgid = False  # "#| msgctxt" and the like: not needed
        if in_msgid:
            parts.append(unescape(line))
    message.previous_id = ["".join(parts)] if parts else []


def read_entries(path: Path, shown_as: str) -> dict[Key, Entry]:
    """Every translated entry, fuzzy ones included (marked); empty ones are missing."""
    entries: dict[Key, Entry] = {}
    for message in read_catalog(path, shown_as):
        if not message.id or not isinstance(message.string, str) or not message.string.strip():
            continue
        entries[(message.context or "", str(message.id))] = Entry(
            message.string,
            machine=MACHINE_FLAG in message.flags,
            fuzzy=message.fuzzy,
            line=message.lineno or 0,
            broken=sorted(names(message.string)) != sorted(names(str(message.id))),
        )
    return entries
