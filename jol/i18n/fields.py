"""Every translatable text of the content, with its gettext context: one list for the
extractor, the renderer and the validator, so they can never disagree on a key."""

from __future__ import annotations

from collections.abc import Iterator, Mapping
from dataclasses import dataclass

from jol.content.model import Content, Located, Node


@dataclass(frozen=True)
class TextField:
    context: str  # msgctxt: "<node id>.<field>", "contact.<id>.<field>", "source.<id>.<field>"
    source: str  # the English text (msgid)
    where: Located | None
    comment: str  # shown to translators


def node_context(node_id: str, field: str) -> str:
    return f"{node_id}.{field}"


def option_context(node_id: str, target: str) -> str:
    return f"{node_id}.option.{target}"


def record_context(kind: str, record_id: str, field: str) -> str:
    """A contact's ("contact") or a source's ("source") field."""
    return f"{kind}.{record_id}.{field}"


CONTACT_FIELDS = {
    "name": "name of an organisation or service",
    "what": "what this contact helps with",
    "address": "street address: transliterate or keep as locals write it",
    "hours": "opening hours",
}
SOURCE_FIELDS = {
    "act": "name of a law or document; keep numbers and dates exact",
    "article": "article or paragraph of that law; keep numbers exact",
}


def translatable_fields(content: Content) -> Iterator[TextField]:
    for node in content.nodes.values():
        yield from _node_fields(content, node)
    yield from _record_fields(content, "contact", content.facts.contacts, CONTACT_FIELDS)
    yield from _record_fields(content, "source", content.sources, SOURCE_FIELDS)


def _record_fields(
    content: Content, kind: str, records: Mapping[str, object], fields: dict[str, str]
) -> Iterator[TextField]:
    """The text fields of contacts (facts.yaml) or sources (sources.yaml)."""
    for record_id, record in records.items():
        for field_name, comment in fields.items():
            text = getattr(record, field_name)
            if text:
                yield TextField(
                    record_context(kind, record_id, field_name),
                    text,
                    content.locate(f"{kind}:{record_id}.{field_name}"),
                    comment,
                )


def _node_fields(content: Content, node: Node) -> Iterator[TextField]:
    place = " › ".join(content.nodes[n].title for n in breadcrumb(content, node.id))
    comment = f"{node.kind} '{node.id}' — {place}"
    if node.sources:
        comment += f" — sources: {', '.join(node.sources)}"
    located = content.locate
    yield TextField(
        node_context(node.id, "title"), node.title, located(f"node:{node.id}.title"), comment
    )
    if node.text:
        yield TextField(
            node_context(node.id, "text"), node.text, located(f"node:{node.id}.text"), comment
        )
    for option in node.options:
        if option.label:
            yield TextField(
                option_context(node.id, option.to),
                option.label,
                located(f"node:{node.id}.option.{option.to}"),
                f"answer choice in '{node.id}' leading to '{option.to}'",
            )


def breadcrumb(content: Content, node_id: str) -> list[str]:
    """Root first; stops on a cycle or an unreachable node."""
    path = [node_id]
    while path[-1] in content.parents and len(path) <= len(content.nodes):
        path.append(content.parents[path[-1]])
    return list(reversed(path))
