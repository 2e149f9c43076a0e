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


def is_topic(content: Content, node_id: str) -> bool:
    """A topic is a menu that the main menu lists: what people subscribe to (jol/alerts.py)."""
    node = content.nodes.get(node_id)
    return node is not None and node.kind == "menu" and content.parents.get(node_id) == ROOT


def topic_of(content: Content, node_id: str) -> str | None:
    """The topic a node is in (the node itself for a topic); None for the main menu, for
    screens the main menu lists that are not menus (the emergency screen), and for nodes no
    menu leads to."""
    seen: set[str] = set()
    while node_id in content.parents and node_id not in seen:
        seen.add(node_id)
        if content.parents[node_id] == ROOT:
            return node_id if is_topic(content, node_id) else None
        node_id = content.parents[node_id]
    return None
