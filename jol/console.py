"""``python bot.py chat``: the same flows in a terminal, so anyone can try Jol without a
Telegram token. A second front end over the same core as the Telegram handlers."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date
from pathlib import Path

from jol.calc import screens
from jol.calc.dates import Ambiguous, Invalid, parse_date
from jol.calc.dialog import Ask, Dialog, advance, outcome
from jol.calc.dialog import Invalid as InvalidAnswer
from jol.calc.dialog import start as dialog_start
from jol.calc.ruleset import RuleSet
from jol.content.model import ROOT, Node
from jol.i18n.ui import po_translator
from jol.library import Bundle
from jol.markup import to_plain
from jol.render import (
    Button,
    ChooseLanguage,
    Go,
    OpenUrl,
    Rate,
    Renderer,
    Screen,
    Step,
    Subscribe,
)

Read = Callable[[str], str]
Write = Callable[[str], None]


def chat(
    bundle: Bundle,
    locales_dir: Path,
    language: str | None,
    today: date,
    read: Read = input,
    write: Write = print,
) -> None:
    ui = po_translator(locales_dir)

    def renderer(code: str) -> Renderer:
        return Renderer(bundle.content, bundle.catalogs, code, ui, today)

    languages = bundle.content.languages
    current = language if language in languages.languages else None
    screen = renderer(current).node(ROOT) if current else renderer(languages.default).languages()
    calculator = _Calculator(bundle, today)
    while True:
        buttons = _show(screen, write)
        try:
            answer = read("> ").strip()
        except EOFError:
            return
        if answer.lower() in {"q", "quit", "exit"}:
            return
        render = renderer(current or languages.default)
        button = (
            buttons[int(answer) - 1]
            if answer.isdigit() and 0 < int(answer) <= len(buttons)
            else None
        )
        if button is None:
            typed = calculator.typed(answer, render)  # a date, when a calculator asks one
            if typed is None:
                write(f"(1–{len(buttons)}, q)")
            else:
                screen = typed
            continue
        action = button.action
        if isinstance(action, ChooseLanguage):
            if action.code:
                current = action.code
                screen = renderer(current).node(ROOT)
            else:
                screen = render.languages()
        elif isinstance(action, Go):
            node = bundle.content.nodes[action.node]
            screen = (
                calculator.start(node, render)
                if node.kind == "calculator"
                else render.node(action.node)
            )
        elif isinstance(action, Step):
            screen = calculator.step(action, render) or screen
        elif isinstance(action, OpenUrl):
            write(action.url)
        elif isinstance(action, Rate):  # nothing is counted in a terminal
            screen = render.node(action.node, rated=True)


class _Calculator:
    """The calculators' questions in the terminal, from the same dialog and screens as in
    Telegram (no reminders: a terminal cannot be written to later)."""

    def __init__(self, bundle: Bundle, today: date) -> None:
        self.rules = RuleSet.from_content(bundle.content)
        self.today = today
        self.dialog: Dialog | None = None

    def start(self, node: Node, render: Renderer) -> Screen:
        self.dialog, ask = dialog_start(node.calculator or "registration")
        return self._ask(ask, render)

    def step(self, action: Step, render: Renderer) -> Screen | None:
        if self.dialog is None or action.step in ("noop", "remind", "cancel"):
            return None
        try:
            if action.step == "restart":
                self.dialog, ask = dialog_start(self.dialog.calc)
            elif action.step == "month":
                month = date.fromisoformat(action.value + "-01")
                return screens.question(
                    render, Ask.DATE, self.dialog, self.rules, self.today, month=month
                )
            else:
                self.dialog, ask = advance(self.dialog, action.step, action.value, self.rules)
        except (InvalidAnswer, ValueError):
            return None
        return self._ask(ask, render)

    def typed(self, text: str, render: Renderer) -> Screen | None:
        """A date typed where one is asked; None when no date is asked."""
        if self.dialog is None or self.dialog.asking is None:
            return None
        parsed = parse_date(text, self.today, render.language)
        if isinstance(parsed, Ambiguous):
            return screens.choose_between(render, parsed.candidates)
        if isinstance(parsed, Invalid) or self.dialog.date_problem(parsed.value):
            return self._ask(Ask.DATE, render)
        return self.step(Step("date", parsed.value.isoformat()), render)

    def _ask(self, ask: Ask, render: Renderer) -> Screen:
        assert self.dialog is not None
        if ask is Ask.RESULT:
            found = outcome(self.dialog, self.rules, self.today)
            self.dialog = None
            return screens.result(render, found, None)
        return screens.question(render, ask, self.dialog, self.rules, self.today)


def _show(screen: Screen, write: Write) -> list[Button]:
    write("")
    for part in screen.parts:
        write(to_plain(part))
    # No "Notify me of changes": a terminal cannot be written to later.
    buttons = [
        button
        for row in screen.keyboard
        for button in row
        if not isinstance(button.action, Subscribe)
    ]
    for number, button in enumerate(buttons, 1):
        write(f"  [{number}] {button.label}")
    return buttons
