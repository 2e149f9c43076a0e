"""``python bot.py chat``: the same flows in a terminal, so anyone can try Jol without a
Telegram token. A second front end over the same core as the Telegram handlers."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date
from pathlib import Path

from jol.content.model import ROOT
from jol.i18n.ui import po_translator
from jol.library import Bundle
from jol.markup import to_plain
from jol.render import Button, ChooseLanguage, Go, OpenUrl, Renderer, Screen

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
    while True:
        buttons = _show(screen, write)
        try:
            answer = read("> ").strip()
        except EOFError:
            return
        if answer.lower() in {"q", "quit", "exit"}:
            return
        button = (
            buttons[int(answer) - 1]
            if answer.isdigit() and 0 < int(answer) <= len(buttons)
            else None
        )
        if button is None:
            write(f"(1–{len(buttons)}, q)")
            continue
        action = button.action
        if isinstance(action, ChooseLanguage):
            if action.code:
                current = action.code
                screen = renderer(current).node(ROOT)
            else:
                screen = renderer(current or languages.default).languages()
        elif isinstance(action, Go):
            screen = renderer(current or languages.default).node(action.node)
        elif isinstance(action, OpenUrl):
            write(action.url)


def _show(screen: Screen, write: Write) -> list[Button]:
    write("")
    for part in screen.parts:
        write(to_plain(part))
    buttons = [button for row in screen.keyboard for button in row]
    for number, button in enumerate(buttons, 1):
        write(f"  [{number}] {button.label}")
    return buttons
