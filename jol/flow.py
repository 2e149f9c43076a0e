"""Pure navigation over the content graph. Stateless on purpose: a button carries its target,
and Back goes to the node's canonical parent, so old messages work after any restart."""

from __future__ import annotations

from datetime import date

from jol.content.model import NODE_ID, ROOT, Content, Node, Option


def visible_options(content: Content, node: Node, today: date) -> list[Option]:
    """Options whose target exists and is in force today (rules that change on a known date)."""
    return [
        option
        for option in node.options
        if option.to in content.nodes and content.nodes[option.to].in_force(today)
    ]


def parent(content: Content, node_id: str) -> str | None:
    if node_id == ROOT:
        return None
    return content.parents.get(node_id, ROOT)


def start_target(content: Content, payload: str | None) -> str | None:
    """The node a ``/start <payload>`` deep link opens, or None for the plain start."""
    if payload and NODE_ID.match(payload) and payload in content.nodes:
        return payload
    return None
