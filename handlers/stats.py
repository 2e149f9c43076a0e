"""/stats for admins: what people read, how they rated it, and what they asked that Jol
could not answer, over the last days (``/stats 7``; default 30), as a message, a chart and a
CSV file. Counts only: see jol.insights and docs/PRIVACY.md."""

from __future__ import annotations

import asyncio
import html
from datetime import date, timedelta

from aiogram import Router
from aiogram.filters import Command, CommandObject
from aiogram.types import BufferedInputFile, Message
from aiogram.utils.i18n import gettext as _

from handlers.admin import IsAdmin
from jol.graphics.chart import bar_chart
from jol.insights.record import NOT_FOUND
from jol.insights.report import Report, build, to_csv
from jol.library import Bundle
from jol.render import Renderer
from jol.settings import Settings
from jol.storage.stores import Stores
from jol.telegram.show import reply

DEFAULT_DAYS = 30
TOP = 10  # answers and questions listed in the message; the CSV has them all


async def stats(
    message: Message,
    command: CommandObject,
    settings: Settings,
    stores: Stores,
    bundle: Bundle,
    render: Renderer,
    today: date,
) -> None:
    days = _days(command.args, settings.retention_days)
    since = today - timedelta(days=days - 1)
    counts = await stores.stats.totals(since, today)
    report = build(counts, since, today, settings.stats_min_people)
    text = _summary(report, render, bundle)
    if settings.handoff:
        tickets = await stores.tickets.counts()
        text += "\n\n" + html.escape(
            render.ui_format(
                "Conversations with caseworkers: {waiting} waiting for an answer, {open} open, "
                "{closed} closed.",
                **{status: render.number(n) for status, n in tickets.items()},
            )
        )
    await reply(message, render.message(text, with_menu=False))

    def title(node_id: str) -> str:
        return html.unescape(render.title(node_id)) if render.has_node(node_id) else node_id

    bars = [(title(node), answer.read) for node, answer in report.top_answers(TOP)]
    chart = await asyncio.to_thread(
        bar_chart,
        _("Most read answers (people)"),
        bars,
        subtitle=f"{render.weekday_date(since)} – {render.weekday_date(today)}",
    )
    period = f"{since.isoformat()}_{today.isoformat()}"
    await message.answer_photo(BufferedInputFile(chart, f"jol-answers-{period}.png"))
    await message.answer_document(BufferedInputFile(to_csv(report, title), f"jol-{period}.csv"))


def _days(args: str | None, most: int) -> int:
    """``/stats 7``: the last 7 days; anything else, the default (never beyond what is kept)."""
    wanted = int(args) if args and args.strip().isdigit() else DEFAULT_DAYS
    return max(1, min(wanted, most))


def _summary(report: Report, render: Renderer, bundle: Bundle) -> str:
    languages = bundle.content.languages.languages
    lines = [
        "📊 <b>"
        + html.escape(
            render.ui_format(
                "Jol, {since} – {until}",
                since=render.weekday_date(report.since),
                until=render.weekday_date(report.until),
            )
        )
        + "</b>",
        "",
        "<b>" + html.escape(_("People by language (each counted once a day)")) + "</b>",
    ]
    if report.visits:
        lines += [
            f"{html.escape(languages[code].name if code in languages else code)}: "
            f"{render.number(people)}"
            for code, people in report.visits.items()
        ]
    else:
        lines.append(_("Nobody yet."))
    lines += ["", "<b>" + html.escape(_("Most read answers")) + "</b>"]
    top = report.top_answers(TOP)
    for rank, (node, answer) in enumerate(top, start=1):
        name = render.title(node) if render.has_node(node) else html.escape(node)
        lines.append(
            f"{rank}. {name}: {render.number(answer.read)} · "
            f"👍 {render.number(answer.helpful)} · 👎 {render.number(answer.not_helpful)}"
        )
    if not top:
        lines.append(_("Nobody yet."))
    lines += [
        "",
        "<b>"
        + html.escape(
            render.ui_format(
                "Questions without a good answer (asked by at least {people} people)",
                people=report.min_people,
            )
        )
        + "</b>",
    ]
    for question in report.questions[:TOP]:
        mark = "❓" if question.why == NOT_FOUND else "👎"
        lines.append(
            f"{mark} [{html.escape(question.language)}] {html.escape(question.text)}: "
            f"{render.number(question.people)}"
        )
    if not report.questions:
        lines.append(_("None yet."))
    if report.hidden_questions:
        lines.append(
            "<i>"
            + html.escape(
                render.ui_format(
                    "{count} more asked by fewer people are not shown, to protect who asked.",
                    count=render.number(report.hidden_questions),
                )
            )
            + "</i>"
        )
    lines += ["", "<i>" + html.escape(_("❓ nothing found · 👎 found, but not helpful")) + "</i>"]
    return "\n".join(lines)


def router() -> Router:
    router = Router(name="stats")
    router.message.register(stats, Command("stats"), IsAdmin())
    return router
