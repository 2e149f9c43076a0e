"""Jol's entry point.

python bot.py            run the bot (long polling)
python bot.py webhook    run the bot behind a web server (WEBHOOK_URL), with /healthz and /metrics
python bot.py chat       try the same flows in this terminal, no token needed
python bot.py check      validate content/ and the translations
python bot.py graph      the flows as Mermaid or DOT, to review the structure
python bot.py translations   update every catalog from the extracted templates
python bot.py backup PATH    copy the database safely, even while the bot runs
python bot.py restore PATH   put a backup back (stop the bot first)
"""

from __future__ import annotations

import argparse
import asyncio
import sys
from datetime import date
from pathlib import Path

from pydantic import ValidationError

from jol import clock, logs
from jol.check import check as run_check
from jol.content.loader import ContentError, load_content
from jol.content.report import as_json, as_text
from jol.library import load_bundle
from jol.settings import Settings

NO_TOKEN = """\
No BOT_TOKEN is set, so Jol cannot connect to Telegram.
To run it in Telegram: open @BotFather in Telegram, send /newbot, and put the token it gives
you into .env as BOT_TOKEN=... (see .env.example). Meanwhile, here is Jol in this terminal."""


def main(argv: list[str] | None = None) -> int:
    args = _parser().parse_args(argv)
    try:
        settings = Settings()
    except ValidationError as exc:
        for err in exc.errors(include_input=False, include_url=False):  # never echo the token
            name = ".".join(str(part) for part in err["loc"]).upper()
            print(
                f"Configuration error: {name}: {err['msg'].removeprefix('Value error, ')}",
                file=sys.stderr,
            )
        return 2
    if args.command == "check":
        return check(settings, args.as_of, args.format)
    if args.command == "graph":
        return graph(settings, args.format)
    if args.command == "translations":
        return translations(settings, args.accept_machine)
    if args.command in ("backup", "restore"):
        return backup_or_restore(settings, args.command, args.path)
    if not settings.content_dir.is_dir():
        print(
            f"Content directory not found: {settings.content_dir} (set CONTENT_DIR)",
            file=sys.stderr,
        )
        return 2
    if args.command == "chat" or settings.bot_token is None:
        if args.command != "chat":
            print(NO_TOKEN, file=sys.stderr)
            if not sys.stdin.isatty():
                return 2
        return chat(settings, args.lang)
    logs.setup(settings.log_level, settings.log_format)
    from jol.telegram.app import run_polling  # aiogram is only needed to talk to Telegram
    from jol.telegram.webhook import run_webhook

    try:
        asyncio.run(run_webhook(settings) if args.command == "webhook" else run_polling(settings))
    except ContentError as exc:
        print(as_text(exc.problems, "The bot did not start."), file=sys.stderr)
        return 1
    return 0


def check(settings: Settings, as_of: date | None, output: str) -> int:
    from jol.telegram.callbacks import callback_data_for  # the real packed button data

    report = run_check(
        settings.content_dir, settings.locales_dir, as_of or clock.today(), callback_data_for
    )
    print(
        as_json(report.problems, report.summary)
        if output == "json"
        else as_text(report.problems, report.summary)
    )
    return 0 if report.ok else 1


def graph(settings: Settings, output: str) -> int:
    from jol.content import graph as flows

    try:
        content = load_content(settings.content_dir)
    except ContentError as exc:
        print(as_text(exc.problems, "The content could not be loaded."), file=sys.stderr)
        return 1
    if output == "dot":
        print(flows.dot(content), end="")
    else:  # a Markdown block: saved as a .md file, GitHub renders it
        print(f"```mermaid\n{flows.mermaid(content)}```")
    return 0


def translations(settings: Settings, accept_machine: list[str]) -> int:
    """Run by `make translations` after `pybabel extract` has written locales/*.pot."""
    from jol.i18n.maintain import update_all

    try:
        languages = load_content(settings.content_dir).languages
    except ContentError as exc:
        print(as_text(exc.problems, "The content could not be loaded."), file=sys.stderr)
        return 1
    for line in update_all(settings.locales_dir, list(languages.languages), accept_machine):
        print(line)
    return 0


def backup_or_restore(settings: Settings, command: str, path: Path) -> int:
    from jol.storage import backup

    try:
        if command == "backup":
            backup.backup(settings.database_path, path)
            print(f"Backed up {settings.database_path} to {path}. Keep {settings.secret_path} too.")
        else:
            backup.restore(path, settings.database_path)
            print(f"Restored {settings.database_path} from {path}.")
    except backup.BackupError as exc:
        print(f"{command} failed: {exc}", file=sys.stderr)
        return 1
    return 0


def chat(settings: Settings, language: str | None) -> int:
    from jol.console import chat as console_chat

    try:
        bundle = load_bundle(settings.content_dir, settings.locales_dir)
    except ContentError as exc:
        print(as_text(exc.problems, "The content could not be loaded."), file=sys.stderr)
        return 1
    console_chat(bundle, settings.locales_dir, language, clock.today())
    return 0


def _parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="bot.py", description="Jol: legal information for migrants in Kazakhstan"
    )
    commands = parser.add_subparsers(dest="command")
    commands.add_parser("run", help="run the bot in Telegram (long polling; the default)")
    commands.add_parser("webhook", help="run the bot as a webhook server (WEBHOOK_URL)")
    chat_parser = commands.add_parser("chat", help="try the flows in this terminal")
    chat_parser.add_argument("--lang", help="language code, e.g. ru; asks when not given")
    check_parser = commands.add_parser("check", help="validate content and translations")
    check_parser.add_argument(
        "--as-of", type=date.fromisoformat, help="date to check review dates against (YYYY-MM-DD)"
    )
    check_parser.add_argument("--format", choices=["text", "json"], default="text")
    graph_parser = commands.add_parser("graph", help="print the flows as Mermaid (Markdown) or DOT")
    graph_parser.add_argument("--format", choices=["mermaid", "dot"], default="mermaid")
    for name, what in (("backup", "where to write the copy"), ("restore", "the backup to restore")):
        commands.add_parser(name, help=f"{name} the database").add_argument(
            "path", type=Path, help=what
        )
    translations_parser = commands.add_parser(
        "translations", help="update catalogs (make translations)"
    )
    translations_parser.add_argument(
        "--accept-machine",
        nargs="+",
        default=[],
        metavar="LANG",
        help="turn fuzzy machine output of Poedit/Weblate in these languages into #, machine",
    )
    parser.set_defaults(command="run", lang=None)
    return parser


if __name__ == "__main__":
    sys.exit(main())
