"""Commands for NGO staff listed in ADMIN_IDS. To everyone else they do not exist: the
message falls through to the usual "unknown command" reply."""

from __future__ import annotations

import asyncio
import html
import logging
from datetime import date

from aiogram import Router
from aiogram.filters import Command, Filter
from aiogram.types import CallbackQuery, Message
from aiogram.utils.i18n import I18n
from aiogram.utils.i18n import gettext as _

from jol.content.report import as_text
from jol.editing.versions import ContentVersions
from jol.library import Library
from jol.render import Renderer
from jol.settings import Settings
from jol.telegram.serving import serve_current
from jol.telegram.show import reply

log = logging.getLogger(__name__)


class IsAdmin(Filter):
    """A message or a button press from someone in ADMIN_IDS."""

    async def __call__(self, event: Message | CallbackQuery, settings: Settings) -> bool:
        return event.from_user is not None and event.from_user.id in settings.admin_ids


async def reload_content(
    message: Message,
    library: Library,
    versions: ContentVersions,
    i18n: I18n,
    render: Renderer,
    today: date,
) -> None:
    report = await asyncio.to_thread(serve_current, library, versions, i18n, today)
    log.info("content reload from Telegram: %s", "applied" if report.ok else "refused")
    if report.ok:
        headline = _("Content reloaded.")
    else:
        headline = _(
            "Content NOT reloaded: Jol keeps serving the previous version. Fix these errors:"
        )
    # Monospace line by line (<code> per line, not one <pre> block): a long report is split
    # into several messages between lines, and every part must stay valid HTML.
    lines = as_text(report.problems, report.summary).splitlines()
    details = "\n".join(
        f"<code>{html.escape(line, quote=False)}</code>" if line else "" for line in lines
    )
    await reply(message, render.message(f"{headline}\n\n{details}"))


def router() -> Router:
    router = Router(name="admin")
    router.message.register(reload_content, Command("reload"), IsAdmin())
    return router
