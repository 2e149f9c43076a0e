"""Alerts when the law changes (issue #11): people subscribe to a topic ("tell me when the
registration rules change"); when an admin publishes a change marked important, every
subscriber of a topic it touches gets one short notice in their language, with a button to the
new answer.

Notices travel as reminders of kind ``alert``: the reminder delivery loop
(``jol.telegram.reminders``) already claims each one once (several instances never send it
twice), paces the sends under Telegram's limits, skips and cancels people who blocked the bot,
and ``/forget`` erases them. Subscriptions are in ``jol.storage.subscriptions``.
"""

from __future__ import annotations

import asyncio
from datetime import UTC, datetime, timedelta
from typing import TYPE_CHECKING

from jol import flow
from jol.clock import ALMATY
from jol.content.model import ROOT, Content
from jol.render import Button, Go, Renderer, Screen, Subscribe
from jol.storage.reminders import NewReminder

if TYPE_CHECKING:
    from jol.storage.stores import Stores

ALERT = "alert"  # the reminders' kind
USEFUL_DAYS = 7  # a notice Telegram would not take for a week is dropped unsent
CHUNK = 500  # notices stored at once (group commit in SQLite, the pool in Redis)


async def queue_alerts(
    stores: Stores, content: Content, changed: dict[str, list[str]], now: datetime
) -> int:
    """Queues one notice per subscriber of each topic with a node that changed (or was
    added) **in the language the subscriber reads**; returns how many were queued.
    ``changed``: language -> node ids, in ``content`` (the published content); a node it no
    longer has tells nobody. ``now`` is aware: the notices are due at once."""
    today = now.astimezone(ALMATY).date()
    touched = {language: _touched(content, nodes) for language, nodes in changed.items()}
    anywhere = _touched(content, [node for nodes in changed.values() for node in nodes])
    notices = []
    for topic in anywhere:
        for subscriber in await stores.subscriptions.subscribers(topic):
            theirs = touched.get(subscriber.language, {})
            if topic not in theirs:
                continue  # e.g. a Kazakh typo fixed: nothing changed for a Russian reader
            notice = NewReminder(
                due=now.astimezone(UTC),  # stored due times compare as UTC
                useful_until=today + timedelta(days=USEFUL_DAYS),
                kind=ALERT,
                # The language they subscribed in, for someone who never chose one.
                payload={"topic": topic, "node": theirs[topic], "language": subscriber.language},
            )
            notices.append((subscriber.user_ref, subscriber.chat_id, notice))
    for start in range(0, len(notices), CHUNK):
        await asyncio.gather(
            *(
                stores.reminders.add(user_ref, chat_id, [notice])
                for user_ref, chat_id, notice in notices[start : start + CHUNK]
            )
        )
    return len(notices)


def _touched(content: Content, nodes: list[str]) -> dict[str, str]:
    """Topic -> the node its notice opens: the first changed answer in the topic (the first
    changed node when none is an answer)."""
    touched: dict[str, str] = {}
    for node_id in nodes:
        topic = flow.topic_of(content, node_id)
        if topic is None:
            continue
        first = touched.get(topic)
        if first is None or (
            content.nodes[node_id].kind == "answer" and content.nodes[first].kind != "answer"
        ):
            touched[topic] = node_id
    return touched


def alert(render: Renderer, topic: str, node: str) -> Screen:
    """The notice, with a button to the changed answer (or to the topic, when a later
    change removed the answer)."""
    about = next((n for n in (topic, node, ROOT) if render.has_node(n)), ROOT)
    target = next((n for n in (node, topic) if render.has_node(n)), ROOT)
    text = "🔔 " + render.ui_format(
        "The information on “{topic}” has changed.", topic=render.title(about)
    )
    text += "\n\n" + render.gettext("/alerts shows or stops these messages.")
    screen = render.message(text)
    return Screen(screen.parts, ((Button(render.title(target), Go(target)),), *screen.keyboard))


def subscriptions(render: Renderer, topics: list[str]) -> Screen:
    """/alerts: the topics the person hears about, each with a button that stops it."""
    order = {option.to: n for n, option in enumerate(render.content.root.options)}
    shown = sorted(
        (t for t in topics if render.has_node(t)), key=lambda t: order.get(t, len(order))
    )
    if not shown:
        text = render.gettext(
            "You get no messages about changes. To get one when the information in a topic "
            "changes, open the topic and press “🔔 Notify me of changes”."
        )
        return render.message(text)
    lines = [
        "🔔 <b>" + render.gettext("Your alerts") + "</b>",
        render.gettext(
            "You get a short message here when the information in these topics changes:"
        ),
        *("• " + render.title(topic) for topic in shown),
        "",
        render.gettext("Press a topic to stop its messages."),
    ]
    screen = render.message("\n".join(lines))
    stops = tuple(
        (Button("🔕 " + render.title(topic), Subscribe(topic, stop=True)),) for topic in shown
    )
    return Screen(screen.parts, (*stops, *screen.keyboard))
