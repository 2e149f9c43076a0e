"""Editing from Telegram, for admins (ADMIN_IDS) in a private chat (issue #11):

/export         the content being served as a ZIP (YAML + every catalog + a README)
a document      a changed .po, .yaml or the whole ZIP: read safely, staged, checked exactly
                as ``bot.py check``, summarised; published only after "Publish"
/versions       the published versions
/rollback N     a version back (same check, same confirmation); ``/rollback seed`` brings
                back the content shipped with this Jol
/poster NODE    a printable PNG with the answer's title in every language and a QR code

A confirmation checked against an older version than the one now served is refused: two
admins cannot overwrite each other's change. Nothing changes before "Publish".
"""

from __future__ import annotations

import asyncio
import html
import logging
from datetime import date, datetime

from aiogram import Bot, F, Router
from aiogram.filters import Command, CommandObject
from aiogram.types import (
    BufferedInputFile,
    CallbackQuery,
    InlineKeyboardButton,
    InlineKeyboardMarkup,
    Message,
)
from aiogram.utils.callback_answer import CallbackAnswer
from aiogram.utils.i18n import I18n
from aiogram.utils.i18n import gettext as _

from handlers.admin import IsAdmin
from jol import flow
from jol.alerts import queue_alerts
from jol.content.problems import Problem
from jol.editing.export import export_zip
from jol.editing.prepare import Prepared, prepare
from jol.editing.upload import MAX_UPLOAD, UploadError, read_upload
from jol.editing.versions import SEED, ContentVersions, Staged, StaleBaseError, Version
from jol.graphics.poster import poster
from jol.library import Library
from jol.render import Renderer
from jol.storage.stores import Stores
from jol.telegram import profile
from jol.telegram.callbacks import PublishCallback
from jol.telegram.middlewares import RendererFor

log = logging.getLogger(__name__)
SHOWN_PROBLEMS = 15  # errors and warnings listed in the chat; the rest are counted


async def export(message: Message, versions: ContentVersions) -> None:
    name = versions.current_name()
    data = await asyncio.to_thread(export_zip, versions.files(name), name)
    await message.answer_document(
        BufferedInputFile(data, f"jol-content-{name}.zip"),
        caption=_("Content version {version}. Change it and send it back.").format(version=name),
    )


async def upload(
    message: Message,
    bot: Bot,
    versions: ContentVersions,
    library: Library,
    render: Renderer,
    today: date,
) -> None:
    document = message.document
    assert document is not None
    if document.file_size and document.file_size > MAX_UPLOAD:
        too_big = render.ui_format("The file is too big (at most {mb} MB).", mb=MAX_UPLOAD // 2**20)
        await _say(message, render, "❌ " + html.escape(too_big))
        return
    downloaded = await bot.download(document)
    data = downloaded.read() if downloaded is not None else b""
    try:
        found = await asyncio.to_thread(
            read_upload, document.file_name or "", data, set(versions.files())
        )
    except UploadError as exc:
        await _say(message, render, "❌ " + html.escape(render.ui_format(exc.text, **exc.values)))
        return
    staged, prepared = await asyncio.to_thread(_stage, versions, library, found.files, None, today)
    await _offer(message, render, staged, prepared, sorted(found.files))


async def rollback(
    message: Message,
    command: CommandObject,
    versions: ContentVersions,
    library: Library,
    render: Renderer,
    today: date,
) -> None:
    name = (command.args or "").strip()
    try:
        versions.get(name)
    except KeyError:
        await _say(message, render, _("Which version? See /versions, e.g. /rollback 3."))
        return
    staged, prepared = await asyncio.to_thread(_stage, versions, library, {}, name, today)
    await _offer(message, render, staged, prepared, [f"version {name}"])


def _stage(
    versions: ContentVersions,
    library: Library,
    changes: dict[str, bytes],
    source: str | None,
    today: date,
) -> tuple[Staged, Prepared]:
    staged = versions.stage(changes, source=source)
    try:
        prepared = prepare(
            staged,
            library.current,
            library.report.problems,
            today,
            library.callback_data,
            english_changed=source is not None or any(p.startswith("content/") for p in changes),
            changed_catalogs=set(changes),
        )
    except BaseException:
        versions.discard(staged)
        raise
    if prepared.errors:  # nothing to confirm: the copy goes at once
        versions.discard(staged)
        return staged, prepared
    summary = {
        c.language: {"added": len(c.added), "changed": len(c.changed), "removed": len(c.removed)}
        for c in prepared.changes
    }
    staged.remember(prepared.changed_answers(), sorted(changes) or [f"version {source}"], summary)
    return staged, prepared


async def _offer(
    message: Message, render: Renderer, staged: Staged, prepared: Prepared, files: list[str]
) -> None:
    lines = ["📦 " + html.escape(", ".join(files)), ""]
    if prepared.errors:
        lines.append(
            "❌ "
            + html.escape(
                render.ui_format(
                    "Not published: {count} error(s). Jol keeps serving version {version}. "
                    "Fix them and send the file again:",
                    count=len(prepared.errors),
                    version=staged.base,
                )
            )
        )
        lines += _problems(prepared.errors, staged)
        await _say(message, render, "\n".join(lines))
        return
    lines.append("<b>" + html.escape(_("What people will see differently:")) + "</b>")
    languages = render.content.languages.languages
    for change in prepared.changes:
        name = languages[change.language].name if change.language in languages else change.language
        lines.append(
            "• "
            + html.escape(
                render.ui_format(
                    "{language}: {added} answers added, {changed} changed, {removed} removed",
                    language=name,
                    added=len(change.added),
                    changed=len(change.changed),
                    removed=len(change.removed),
                )
            )
        )
    if not prepared.changes:
        lines.append(html.escape(_("No answer changes.")))
    lines += [html.escape(line) for line in prepared.catalog_updates if "0 changed" not in line]
    if prepared.new_warnings:
        lines += ["", "⚠️ " + html.escape(_("New warnings:"))]
        lines += _problems(prepared.new_warnings, staged)
    lines += ["", html.escape(_("Publish it? Nothing changes before you confirm."))]
    buttons = [
        [_button("✅ " + _("Publish"), "publish", staged)],
        [_button("📣 " + _("Publish and alert subscribers"), "alert", staged)],
        [_button("✖ " + _("Cancel"), "cancel", staged)],
    ]
    await _say(message, render, "\n".join(lines), InlineKeyboardMarkup(inline_keyboard=buttons))


async def publish(
    callback: CallbackQuery,
    callback_data: PublishCallback,
    callback_answer: CallbackAnswer,
    bot: Bot,
    versions: ContentVersions,
    library: Library,
    i18n: I18n,
    stores: Stores,
    render: Renderer,
    today: date,
    now: datetime,
) -> None:
    staged = versions.staged(callback_data.token)
    if staged is None:
        done = versions.published_from(callback_data.token)
        if done is not None:  # a second tap: the first one published it
            callback_answer.text = render.ui_format(
                "Already published as version {version}.", version=done.name
            )
            return
        await _edit(callback, render, _("This change is no longer waiting. Send the file again."))
        return
    if callback_data.action == "cancel":
        versions.discard(staged)
        await _edit(callback, render, _("Cancelled: nothing was changed."))
        return
    who = callback.from_user.first_name + (
        f" @{callback.from_user.username}" if callback.from_user.username else ""
    )

    def activate(version: Version) -> None:
        """Serve it, or raise: the interface catalogs must load, the content pass."""
        I18n(path=version.locales_dir, default_locale=i18n.default_locale, domain=i18n.domain)
        report = library.use(version.content_dir, version.locales_dir, today)
        if not report.ok:  # e.g. a review date passed a year since the check
            raise NotServed(report.problems)

    try:
        version = await asyncio.to_thread(versions.publish, staged, {"by": who}, activate)
    except StaleBaseError as exc:
        versions.discard(staged)
        text = render.ui_format(
            "Not published: version {current} was published after you sent this, maybe by "
            "another admin. Send your file again to check it against that version.",
            current=exc.current,
        )
        await _edit(callback, render, text)
        return
    except Exception as exc:  # it could not be served: nothing changed
        log.error("a version could not be published: %s", type(exc).__name__)
        versions.discard(staged)
        await _edit(callback, render, _("Not published: it could not be loaded. Nothing changed."))
        return
    i18n.path = version.locales_dir  # the interface texts of this version (loaded above)
    i18n.reload()
    if any(path.endswith("/bot.po") for path in version.meta.get("files", [])):
        languages = library.current.content.languages  # the command menu in every language
        await profile.publish(bot, i18n, list(languages.languages), languages.default)
    log.info("content version %s published from Telegram", version.name)
    text = render.ui_format(
        "✅ Published as version {version}. People see it now.", version=version.name
    )
    if callback_data.action == "alert":
        changed = version.meta.get("answers", {})
        queued = await queue_alerts(stores, library.current.content, changed, now)
        text += "\n" + render.ui_format("Alerts queued: {count}.", count=queued)
    await _edit(callback, render, text)


class NotServed(RuntimeError):
    """A checked version that fails at the moment it would be served."""


async def list_versions(message: Message, versions: ContentVersions, render: Renderer) -> None:
    current = versions.current_name()
    lines = ["<b>" + html.escape(_("Content versions")) + "</b>"]
    for version in versions.all():
        meta = version.meta
        mark = " ◀️ " + html.escape(_("served now")) if version.name == current else ""
        files = ", ".join(meta.get("files", []))[:120]
        lines.append(
            f"<b>{version.name}</b> · {html.escape(str(meta.get('at', ''))[:16])} · "
            f"{html.escape(str(meta.get('by', '')))} · {html.escape(files)}{mark}"
        )
    seed = " ◀️ " + html.escape(_("served now")) if current == SEED else ""
    lines.append(f"<b>{SEED}</b> · " + html.escape(_("as shipped with this Jol")) + seed)
    lines += [
        "",
        html.escape(_("/rollback <version> brings one back (checked and confirmed first).")),
    ]
    await _say(message, render, "\n".join(lines))


async def make_poster(
    message: Message,
    command: CommandObject,
    bot: Bot,
    library: Library,
    render: Renderer,
    renderer_for: RendererFor,
) -> None:
    args = (command.args or "").split()
    content = library.current.content
    node = flow.start_target(content, args[0]) if args else None
    if node is None:
        example = "/poster registration_calculator ru kk"  # commands are not translated
        await _say(message, render, _("Which answer? For example:") + f"\n<code>{example}</code>")
        return
    languages = [code for code in args[1:] if code in content.languages.languages]
    languages = languages or list(content.languages.languages)
    titles = [html.unescape(renderer_for(code).title(node)) for code in languages]
    username = (await bot.me()).username
    link = f"https://t.me/{username}?start={node}"
    caption = render.gettext("Jol: free legal information for migrants in Kazakhstan")
    image = await asyncio.to_thread(poster, list(dict.fromkeys(titles)), link, caption=caption)
    await message.answer_document(BufferedInputFile(image, f"jol-poster-{node}.png"), caption=link)


def _problems(problems: list[Problem], staged: Staged) -> list[str]:
    shown = [
        "<code>" + html.escape(str(p).replace(str(staged.path) + "/", "")) + "</code>"
        for p in problems[:SHOWN_PROBLEMS]
    ]
    if len(problems) > SHOWN_PROBLEMS:
        shown.append(f"… +{len(problems) - SHOWN_PROBLEMS}")
    return shown


def _button(label: str, action: str, staged: Staged) -> InlineKeyboardButton:
    data = PublishCallback(action=action, token=staged.token).pack()
    return InlineKeyboardButton(text=label, callback_data=data)


async def _say(
    message: Message, render: Renderer, text: str, markup: InlineKeyboardMarkup | None = None
) -> None:
    parts = render.message(text, with_menu=False).parts
    for index, part in enumerate(parts):
        await message.answer(part, reply_markup=markup if index == len(parts) - 1 else None)


async def _edit(callback: CallbackQuery, render: Renderer, text: str) -> None:
    """The answer replaces the buttons, so a change cannot be confirmed twice."""
    if isinstance(callback.message, Message):
        await callback.message.edit_text(html.escape(text))


def router() -> Router:
    router = Router(name="editing")
    router.message.filter(IsAdmin())
    router.callback_query.filter(IsAdmin())
    router.message.register(export, Command("export"))
    router.message.register(list_versions, Command("versions"))
    router.message.register(rollback, Command("rollback"))
    router.message.register(make_poster, Command("poster"))
    router.message.register(upload, F.document)
    router.callback_query.register(publish, PublishCallback.filter())
    return router
