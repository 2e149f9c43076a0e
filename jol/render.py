"""node + language -> Screen: the text (Telegram HTML, split at the limit) and buttons, as
plain data. Both front ends (Telegram handlers, console chat) show Screens; neither builds text.
"""

from __future__ import annotations

import html
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import date
from urllib.parse import quote

from babel.dates import format_date
from babel.numbers import format_decimal

from jol import flow
from jol.content.model import EMERGENCY, ROOT, Contact, Content, Node
from jol.i18n.catalogs import Catalogs, Translated
from jol.i18n.fields import node_context, option_context, record_context
from jol.i18n.ui import UiTranslate
from jol.markup import split_message, to_html
from jol.placeholders import expand

ASK_PERSON_FROM = (ROOT, EMERGENCY)  # screens that offer "Ask a person"


@dataclass(frozen=True)
class Go:
    node: str


@dataclass(frozen=True)
class OpenUrl:
    url: str


@dataclass(frozen=True)
class ChooseLanguage:
    code: str | None  # None opens the language picker


@dataclass(frozen=True)
class Confirm:
    what: str
    yes: bool


@dataclass(frozen=True)
class Step:
    """A calculator button: the step of the dialog and the answer it gives."""

    step: str
    value: str = ""


@dataclass(frozen=True)
class Rate:
    """ "Was this helpful?" under an answer."""

    node: str
    helpful: bool


@dataclass(frozen=True)
class AskPerson:
    """ "Ask a person": the consent screen of the hand-off to caseworkers. ``step`` is where the
    person is in it; ``node``, what they were reading."""

    step: str = "consent"
    node: str = ""


@dataclass(frozen=True)
class Subscribe:
    """ "Notify me of changes" on a topic. The screen cannot know whether the person is
    subscribed, so pressing it toggles; ``stop`` only ever unsubscribes (the /alerts list)."""

    topic: str
    stop: bool = False


Action = Go | OpenUrl | ChooseLanguage | Confirm | Step | Rate | AskPerson | Subscribe


@dataclass(frozen=True)
class Button:
    label: str
    action: Action


Keyboard = tuple[tuple[Button, ...], ...]


@dataclass(frozen=True)
class Screen:
    parts: tuple[str, ...]  # HTML; the keyboard belongs to the last part
    keyboard: Keyboard = ()


@dataclass
class Renderer:
    """Renders for one user: their language, the UI translations, and today's date."""

    content: Content
    catalogs: Catalogs
    language: str
    ui: UiTranslate
    today: date
    deep_link: Callable[[str], str] | None = None  # node id -> t.me link; None in the console
    handoff: bool = False  # caseworkers can be asked (STAFF_CHAT_ID): "Ask a person" buttons
    # Translations used by the screen being rendered: they decide the fallback and
    # machine-translation notices at its end.
    _shown: list[Translated] = field(default_factory=list, init=False, repr=False)

    # --- screens -------------------------------------------------------------------------
    def node(self, node_id: str, *, rated: bool = False) -> Screen:
        """``rated``: the person already said whether the answer helped (no 👍 👎 row)."""
        self._shown = []
        node = self.content.nodes[node_id]
        body = {
            "menu": self._menu_body,
            "question": self._text_body,
            "answer": self._answer_body,
            "contacts": self._contacts_body,
            # Telegram starts the calculator's dialog instead; the console shows what it does.
            "calculator": self._text_body,
        }[node.kind](node)
        rows = self._option_rows(node)
        if node.kind == "answer":
            rows += [
                (Button(self._plain(n, "title", record=False), Go(n.id)),)
                for n in self._related(node)
            ]
            if not rated:
                rows.append(self._rating(node))
            if self.deep_link:
                rows.append(
                    (Button("📤 " + self.gettext("Share"), OpenUrl(self._share_url(node))),)
                )
        if flow.is_topic(self.content, node.id):
            rows.append((Button("🔔 " + self.gettext("Notify me of changes"), Subscribe(node.id)),))
        if node.id in ASK_PERSON_FROM:
            rows += self.ask_person_row(node.id)
        rows.append(self._navigation(node))
        return self._screen(body + self._notices(), rows)

    def ask_person_row(self, node_id: str = "") -> list[tuple[Button, ...]]:
        """ "Ask a person", when caseworkers can be asked: under the main menu, the emergency
        screen, search results and a 👎."""
        if not self.handoff:
            return []
        return [(Button("🙋 " + self.gettext("Ask a person"), AskPerson(node=node_id)),)]

    def gettext(self, text: str) -> str:
        return self.ui(text, self.language)

    def ui_format(self, text: str, **values: object) -> str:
        """A UI string with placeholders. A translation that broke a placeholder (check
        reports it) must not break the screen: the English is used instead."""
        try:
            return self.gettext(text).format(**values)
        except (KeyError, IndexError, ValueError):
            return text.format(**values)

    def in_every_language(self, text: str) -> list[str]:
        """For what must be understood before a language is chosen; duplicates removed."""
        codes = [self.language, *self.content.languages.languages]
        return list(dict.fromkeys(self.ui(text, code) for code in codes))

    def languages(self) -> Screen:
        """The picker, its prompt in every shipped language."""
        prompt = "\n".join(self.in_every_language("Choose your language"))
        buttons = [
            Button(language.name, ChooseLanguage(code))
            for code, language in self.content.languages.languages.items()
        ]
        rows = tuple(tuple(buttons[i : i + 2]) for i in range(0, len(buttons), 2))
        return Screen((f"🌐 {prompt}",), rows)

    def message(
        self,
        text: str,
        *,
        with_menu: bool = True,
        opens: tuple[str, ...] = (),
        ask_person: bool = False,
        reading: str = "",
    ) -> Screen:
        """A UI message (help, privacy, a reply to input the bot does not understand), with
        buttons to the content nodes ``opens`` names (those that exist)."""
        rows: list[tuple[Button, ...]] = [
            (Button(self._plain(self.content.nodes[node_id], "title", record=False), Go(node_id)),)
            for node_id in opens
            if node_id in self.content.nodes
        ]
        if ask_person:  # ``reading``: the answer the person was on, for the caseworkers
            rows += self.ask_person_row(reading)
        if with_menu:
            rows.append((Button(self._main_menu_label(), Go(ROOT)),))
        return Screen(tuple(split_message(text)), tuple(rows))

    def confirm(self, text: str, what: str, yes: str, no: str) -> Screen:
        return Screen(
            (text,), ((Button(yes, Confirm(what, yes=True)), Button(no, Confirm(what, yes=False))),)
        )

    # --- bodies ----------------------------------------------------------------------------
    def _menu_body(self, node: Node) -> str:
        return self._html(node, "text") if node.text else f"<b>{self._plain(node, 'title')}</b>"

    def _text_body(self, node: Node) -> str:
        return f"<b>{self._plain(node, 'title')}</b>\n\n{self._html(node, 'text')}"

    def _answer_body(self, node: Node) -> str:
        lines = [self._text_body(node)]
        if node.valid_from and node.valid_from > self.today:
            lines.append(
                "⏳ " + self.ui_format("In force from {date}.", date=self._date(node.valid_from))
            )
        if node.valid_until and node.valid_until < self.today:
            lines.append(
                "⚠️ "
                + self.ui_format(
                    "No longer in force since {date}.", date=self._date(node.valid_until)
                )
            )
        if node.sources:
            cited = "; ".join(self._source(source_id) for source_id in node.sources)
            label = self.gettext("Sources")
            lines.append(f"📚 <i>{label}: {cited}</i>")
        if node.reviewed:
            checked = self.ui_format("Checked on {date}", date=self._date(node.reviewed))
            lines.append(f"🗓 <i>{checked}</i>")
        return "\n\n".join(lines)

    def _contacts_body(self, node: Node) -> str:
        blocks = [self._text_body(node) if node.text else f"<b>{self._plain(node, 'title')}</b>"]
        for contact_id in node.contacts:
            contact = self.content.facts.contacts.get(contact_id)
            if contact is not None:
                blocks.append(self._contact(contact_id, contact))
        return "\n\n".join(blocks)

    def _contact(self, contact_id: str, contact: Contact) -> str:
        lines = [f"<b>{_escape(self._contact_text(contact_id, 'name', contact.name) or '')}</b>"]
        if contact.what:
            lines.append(_escape(self._contact_text(contact_id, "what", contact.what) or ""))
        lines += [
            f"{icon} {_escape(value)}"
            for icon, value in (
                ("☎️", contact.phone),
                ("📍", self._contact_text(contact_id, "address", contact.address)),
                ("🕒", self._contact_text(contact_id, "hours", contact.hours)),
            )
            if value
        ]
        if contact.url:
            lines.append(
                f'🔗 <a href="{_escape(str(contact.url))}">{_escape(str(contact.url))}</a>'
            )
        return "\n".join(lines)

    # --- buttons ---------------------------------------------------------------------------
    def _option_rows(self, node: Node) -> list[tuple[Button, ...]]:
        rows: list[tuple[Button, ...]] = []
        for option in flow.visible_options(self.content, node, self.today):
            target = self.content.nodes[option.to]
            label = (
                self._lookup(option_context(node.id, option.to), option.label, record=False)
                if option.label
                else self._plain(target, "title", record=False)
            )
            rows.append((Button(label, Go(option.to)),))
        return rows

    def _navigation(self, node: Node) -> tuple[Button, ...]:
        if node.id == ROOT:
            # Most Tajik and Kyrgyz speakers arrive with a Russian Telegram: the switch must be
            # recognisable in every language, not only the current one.
            label = " · ".join(self.in_every_language("Language"))
            return (Button(f"🌐 {label}", ChooseLanguage(None)),)
        back = flow.parent(self.content, node.id) or ROOT
        return (
            Button("◀️ " + self.gettext("Back"), Go(back)),
            Button(self._main_menu_label(), Go(ROOT)),
        )

    def _rating(self, node: Node) -> tuple[Button, ...]:
        return (
            Button("👍 " + self.gettext("Helpful"), Rate(node.id, helpful=True)),
            Button("👎 " + self.gettext("Not helpful"), Rate(node.id, helpful=False)),
        )

    def _main_menu_label(self) -> str:
        return "🏠 " + self.gettext("Main menu")

    def _related(self, node: Node) -> list[Node]:
        nodes = [self.content.nodes[i] for i in node.related if i in self.content.nodes]
        return [n for n in nodes if n.in_force(self.today)]

    def _share_url(self, node: Node) -> str:
        assert self.deep_link is not None
        title = self._lookup(node_context(node.id, "title"), node.title, record=False)
        link = quote(self.deep_link(node.id), safe="")
        return f"https://t.me/share/url?url={link}&text={quote(title, safe='')}"

    # --- text helpers ----------------------------------------------------------------------
    def _lookup(self, context: str, source: str, *, record: bool = True) -> str:
        found = self.catalogs.translate(self.language, context, source)
        if record:
            self._shown.append(found)
        return expand(found.text, self.content)

    def _plain(self, node: Node, field_name: str, *, record: bool = True) -> str:
        source = getattr(node, field_name)
        return _escape(self._lookup(node_context(node.id, field_name), source, record=record))

    def _html(self, node: Node, field_name: str) -> str:
        return to_html(self._lookup(node_context(node.id, field_name), getattr(node, field_name)))

    def _source(self, source_id: str) -> str:
        source = self.content.sources.get(source_id)
        if source is None:
            return _escape(source_id)
        act = self._lookup(record_context("source", source_id, "act"), source.act, record=False)
        if not source.article:
            return _escape(act)
        article = self._lookup(
            record_context("source", source_id, "article"), source.article, record=False
        )
        return _escape(f"{act}, {article}")

    def _contact_text(self, contact_id: str, field_name: str, source: str | None) -> str | None:
        if source is None:
            return None
        # Names and descriptions count for the "not yet translated" notice; addresses do not.
        record = field_name in ("name", "what")
        return self._lookup(
            record_context("contact", contact_id, field_name), source, record=record
        )

    def _date(self, day: date) -> str:
        return format_date(day, format="long", locale=self.language)

    def month_name(self, day: date) -> str:
        return format_date(day, format="LLLL", locale=self.language)

    def number(self, value: int) -> str:
        return format_decimal(value, locale=self.language)

    def title(self, node_id: str) -> str:
        return self._plain(self.content.nodes[node_id], "title", record=False)

    def has_node(self, node_id: str) -> bool:
        return node_id in self.content.nodes

    def weekday_date(self, day: date) -> str:
        """A deadline as people check it against a calendar: with the day of the week."""
        return format_date(day, format="full", locale=self.language)

    def _notices(self) -> str:
        notes = []
        fallbacks = {t.language for t in self._shown if t.language != self.language}
        if fallbacks:
            names = ", ".join(
                self.content.languages.languages[c].name
                for c in sorted(fallbacks)
                if c in self.content.languages.languages
            )
            notes.append(
                "ℹ️ "
                + self.ui_format(
                    "Not yet translated into your language; shown in {language}.", language=names
                )
            )
        if any(t.machine for t in self._shown):
            notes.append("🤖 " + self.gettext("Machine translation: it may contain mistakes."))
        return "".join(f"\n\n<i>{_escape(note)}</i>" for note in notes)

    def _screen(self, body: str, rows: list[tuple[Button, ...]]) -> Screen:
        return Screen(tuple(split_message(body)), tuple(rows))


def _escape(text: str) -> str:
    return html.escape(text, quote=False)
