"""A staged change made ready to confirm: catalogs brought in step with a changed English text
(exactly as ``make translations``: the translation stays, marked fuzzy, with the old English
beside it), then checked exactly as ``bot.py check``, then compared with what is served."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from pathlib import Path

from babel.messages.catalog import Catalog
from babel.messages.extract import DEFAULT_KEYWORDS, extract_from_dir
from babel.messages.pofile import write_po

from jol.check import Report, check
from jol.content.loader import ContentError
from jol.content.model import Content
from jol.content.problems import Problem, Severity
from jol.editing.versions import Staged
from jol.i18n.catalogs import DOMAIN, SOURCE_LANGUAGE
from jol.i18n.fields import translatable_fields
from jol.i18n.generated import GENERATED
from jol.i18n.maintain import generate_catalog, update_catalog
from jol.library import Bundle, ButtonData
from jol.placeholders import expand

_EXTRACTOR = [("content/**.yaml", "jol.i18n.extract:extract_content")]


@dataclass(frozen=True)
class LanguageChanges:
    language: str
    added: list[str] = field(default_factory=list)  # answer node ids
    changed: list[str] = field(default_factory=list)
    removed: list[str] = field(default_factory=list)

    def __bool__(self) -> bool:
        return bool(self.added or self.changed or self.removed)


@dataclass(frozen=True)
class Prepared:
    report: Report  # of the staged version
    changes: list[LanguageChanges]  # per language, only languages with a change
    new_warnings: list[Problem]
    catalog_updates: list[str]  # e.g. "locales/kk/LC_MESSAGES/content.po: 0 new, 1 changed ..."

    @property
    def errors(self) -> list[Problem]:
        return [p for p in self.report.problems if p.severity is Severity.ERROR]

    def changed_answers(self) -> dict[str, list[str]]:
        """Per language, the answers added or changed there (for alerts: a reader is told
        only of what changed in the language they read)."""
        return {c.language: [*c.added, *c.changed] for c in self.changes if c.added or c.changed}


def prepare(
    staged: Staged,
    served: Bundle,
    served_report_problems: list[Problem],
    as_of: date,
    callback_data: ButtonData | None,
    *,
    english_changed: bool,
    changed_catalogs: set[str],
) -> Prepared:
    updates: list[str] = []
    if english_changed:
        updates = _refresh_catalogs(staged)
    _regenerate(staged, changed_catalogs)
    report = check(staged.content_dir, staged.locales_dir, as_of, callback_data)
    changes = compare(served, report.bundle) if report.bundle is not None else []
    known = {_what(p) for p in served_report_problems}
    new = [p for p in report.problems if p.severity is Severity.WARNING and _what(p) not in known]
    return Prepared(report, changes, new, updates)


def compare(old: Bundle, new: Bundle) -> list[LanguageChanges]:
    """What people will see differently, per language: answers added, changed (any text of
    theirs, as shown after fallbacks and placeholders), removed."""
    found = []
    for language in new.content.languages.languages:
        before, after = _answer_texts(old, language), _answer_texts(new, language)
        changes = LanguageChanges(
            language,
            added=[n for n in after if n not in before],
            changed=[n for n in after if n in before and after[n] != before[n]],
            removed=[n for n in before if n not in after],
        )
        if changes:
            found.append(changes)
    return found


def _answer_texts(bundle: Bundle, language: str) -> dict[str, tuple[str, ...]]:
    content: Content = bundle.content
    texts: dict[str, list[str]] = {n.id: [] for n in content.nodes.values() if n.kind == "answer"}
    for text in translatable_fields(content):
        node = text.context.split(".", 1)[0]
        if node in texts:
            shown = bundle.catalogs.translate(language, text.context, text.source).text
            texts[node].append(expand(shown, content))
    return {node: tuple(values) for node, values in texts.items()}


def _refresh_catalogs(staged: Staged) -> list[str]:
    template = staged.locales_dir / f"{DOMAIN}.pot"
    catalog = Catalog(domain=DOMAIN, fuzzy=False)
    try:
        extracted = list(
            extract_from_dir(
                str(staged.path), method_map=_EXTRACTOR, options_map={}, keywords=DEFAULT_KEYWORDS
            )
        )
    except ContentError:  # the content does not load: the check says where; nothing to update
        return []
    for filename, lineno, message, comments, context in extracted:
        catalog.add(message, None, [(filename, lineno)], auto_comments=comments, context=context)
    with template.open("wb") as handle:
        write_po(handle, catalog, width=0)
    lines = []
    try:
        for path in sorted(staged.locales_dir.glob(f"*/LC_MESSAGES/{DOMAIN}.po")):
            language = path.parent.parent.name
            if language in GENERATED or language == SOURCE_LANGUAGE:
                continue
            lines.append(str(update_catalog(path, template, language, DOMAIN)))
    finally:
        template.unlink(missing_ok=True)
    return lines


def _regenerate(staged: Staged, changed_catalogs: set[str]) -> None:
    """Generated interface catalogs (Uzbek in Cyrillic) follow their source, never an upload;
    generated content is made at load time."""
    for language, (source, _) in GENERATED.items():
        source_path = staged.locales_dir / source / "LC_MESSAGES" / "bot.po"
        if f"locales/{source}/LC_MESSAGES/bot.po" in changed_catalogs and source_path.exists():
            target = staged.locales_dir / language / "LC_MESSAGES" / "bot.po"
            generate_catalog(source_path, target, language, "bot")


def _what(problem: Problem) -> str:
    """A problem without its line, to tell new warnings from known ones."""
    file = problem.where.file if problem.where else ""
    return f"{Path(file).name}|{problem.message}"
