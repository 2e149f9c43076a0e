"""Keeping the catalogs in step with the English (``make translations``).

Babel's own update matches a changed text to its old translation only when the wording is
similar; a rewritten answer would lose its translation and translators would not see what
changed. Content entries have a stable msgctxt (node id + field), so a changed English text
keeps its old translation, marked fuzzy (never shown) with the previous English beside it
(``#| msgid``) for the translator to compare.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from babel import Locale
from babel.messages.catalog import Catalog, Message
from babel.messages.pofile import read_po, write_po

from jol.i18n.catalogs import DOMAIN, MACHINE_FLAG, SOURCE_LANGUAGE, catalog_name, read_catalog
from jol.i18n.generated import GENERATED


@dataclass(frozen=True)
class Updated:
    catalog: str
    new: int
    changed: int  # now fuzzy: the English changed since it was translated
    removed: int

    def __str__(self) -> str:
        counts = f"{self.new} new, {self.changed} changed (now fuzzy), {self.removed} removed"
        return f"{self.catalog}: {counts}"


def update_all(locales_dir: Path, languages: list[str], accept_machine: list[str]) -> list[str]:
    """Every catalog of every language brought up to the templates (``<domain>.pot``), then
    the generated ones written; returns a line per catalog for the editor."""
    report: list[str] = []
    for domain in ("bot", DOMAIN):

        def path(language: str, domain: str = domain) -> Path:
            return locales_dir / language / "LC_MESSAGES" / f"{domain}.po"

        for language in languages:
            if language in GENERATED or (domain == DOMAIN and language == SOURCE_LANGUAGE):
                continue  # English is the content's source; generated catalogs come last
            if language in accept_machine and path(language).exists():
                converted = accept_machine_output(path(language), language, domain)
                report.append(f"{catalog_name(language, domain)}: {converted} marked #, machine")
            report.append(
                str(update_catalog(path(language), locales_dir / f"{domain}.pot", language, domain))
            )
        for language, (source, _) in GENERATED.items():
            # Content is transliterated in memory at load (always in step with its source);
            # the UI catalog is written here because aiogram reads compiled .mo files.
            if language in languages and domain == "bot":
                count = generate_catalog(path(source), path(language), language, domain)
                report.append(
                    f"{catalog_name(language, domain)}: {count} texts written from {source}"
                )
    return report


def update_catalog(path: Path, template_path: Path, language: str, domain: str) -> Updated:
    # A fresh template per catalog: Babel's update puts the template's own message objects
    # into the catalog, so changes made to one catalog would leak into the next.
    template = read_template(template_path)
    shown_as = catalog_name(language, domain)
    if path.exists():
        catalog = read_catalog(path, shown_as)
    else:
        path.parent.mkdir(parents=True, exist_ok=True)
        catalog = Catalog(locale=language, domain=domain, fuzzy=False)  # else compile skips it
    before = {_key(m) for m in catalog if m.id}
    # Babel's update drops the previous English of entries that were already fuzzy.
    previous = {_key(m): m.previous_id for m in catalog if m.id and m.fuzzy and m.previous_id}
    by_context = domain == DOMAIN
    catalog.update(template, no_fuzzy_matching=by_context, update_creation_date=False)
    if by_context:
        _carry_over_by_context(catalog)
    for message in catalog:
        if message.fuzzy and not message.previous_id and _key(message) in previous:
            message.previous_id = previous[_key(message)]
    added = [m for m in catalog if m.id and _key(m) not in before]
    changed = sum(1 for m in added if m.previous_id)  # each replaces one old entry
    new = len(added) - changed
    removed = len(before - {_key(m) for m in catalog if m.id}) - changed
    with path.open("wb") as handle:
        write_po(handle, catalog, width=0, include_previous=True, ignore_obsolete=True)
    return Updated(shown_as, new, changed, removed)


def _carry_over_by_context(catalog: Catalog) -> None:
    obsolete = {
        message.context: message for message in catalog.obsolete.values() if message.context
    }
    for message in catalog:
        old = obsolete.get(message.context or "") if message.id and not message.string else None
        if old is None or not old.string:
            continue
        message.string = old.string
        # The English this translation was made from: if it was already outdated, its own
        # previous English, so a translator never approves a text two changes behind.
        message.previous_id = (
            list(old.previous_id) if old.fuzzy and old.previous_id else [str(old.id)]
        )
        message.flags |= (old.flags - {"python-brace-format", "python-format"}) | {"fuzzy"}


def generate_catalog(source: Path, target: Path, language: str, domain: str) -> int:
    """Writes ``target`` as ``source`` transliterated; flags (fuzzy, machine) carry over, so
    what is hidden or marked in one script is hidden or marked in the other."""
    source_language, transliterate = GENERATED[language]
    catalog = read_catalog(source, catalog_name(source_language, domain))
    catalog.locale = Locale.parse(language)
    for message in catalog:
        if message.id and isinstance(message.string, str) and message.string:
            message.string = transliterate(message.string)
    target.parent.mkdir(parents=True, exist_ok=True)
    with target.open("wb") as handle:
        write_po(handle, catalog, width=0, include_previous=True)
    return sum(1 for message in catalog if message.id and message.string)


def accept_machine_output(path: Path, language: str, domain: str) -> int:
    """Poedit and Weblate mark their own machine translations fuzzy; Jol shows machine output
    (with a note) but never outdated text. Fuzzy entries without a previous English (so not
    outdated ones) become ``#, machine``. Returns how many."""
    catalog = read_catalog(path, catalog_name(language, domain))
    converted = 0
    for message in catalog:
        if message.id and message.fuzzy and message.string and not message.previous_id:
            message.flags.discard("fuzzy")
            message.flags.add(MACHINE_FLAG)
            converted += 1
    with path.open("wb") as handle:
        write_po(handle, catalog, width=0, include_previous=True)
    return converted


def read_template(path: Path) -> Catalog:
    with path.open("rb") as handle:
        return read_po(handle)


def _key(message: Message) -> tuple[str, str]:
    return (message.context or "", str(message.id))
