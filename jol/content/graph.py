"""The flows as a picture, to review the structure with a lawyer: Mermaid (renders on GitHub
inside a ```mermaid block) and Graphviz DOT. Dead ends, unreachable nodes and links to
missing nodes are highlighted."""

from __future__ import annotations

from dataclasses import dataclass

from jol.content.model import ROOT, Content, Node
from jol.placeholders import expand

LEGEND = "solid: options · dotted: related · red: dead end or missing · grey dashed: unreachable"


@dataclass(frozen=True)
class Edge:
    source: str
    target: str
    label: str | None
    related: bool


def edges(content: Content) -> list[Edge]:
    found = [
        Edge(node.id, option.to, expand(option.label, content) if option.label else None, False)
        for node in content.nodes.values()
        for option in node.options
    ]
    found += [
        Edge(node.id, target, None, True)
        for node in content.nodes.values()
        for target in node.related
    ]
    return found


def dead_end(content: Content, node: Node) -> bool:
    """A menu or question with nowhere to go."""
    return node.kind in ("menu", "question") and not any(
        option.to in content.nodes for option in node.options
    )


def unreachable(content: Content, node: Node) -> bool:
    return node.id != ROOT and node.id not in content.parents


def missing_targets(content: Content) -> list[str]:
    return sorted({edge.target for edge in edges(content) if edge.target not in content.nodes})


def mermaid(content: Content) -> str:
    lines = [f"%% {LEGEND}", "flowchart LR"]
    for node in content.nodes.values():
        title = _mermaid_text(node.title)
        lines.append(f'  {_id(node.id)}["{title}<br/><small>{node.kind}: {node.id}</small>"]')
    for target in missing_targets(content):
        lines.append(f'  {_id(target)}["missing: {target}"]:::missing')
    for edge in edges(content):
        arrow = "-.->" if edge.related else "-->"
        label = f'|"{_mermaid_text(edge.label)}"|' if edge.label else ""
        lines.append(f"  {_id(edge.source)} {arrow}{label} {_id(edge.target)}")
    lines += _mermaid_classes(content)
    return "\n".join(lines) + "\n"


def _mermaid_classes(content: Content) -> list[str]:
    lines = [
        "  classDef menu fill:#e8f0fe,stroke:#4a6fa5",
        "  classDef question fill:#fff4e0,stroke:#c98a1b",
        "  classDef answer fill:#eaf6ea,stroke:#3c8d40",
        "  classDef contacts fill:#fdecea,stroke:#b3261e",
        "  classDef deadend fill:#ffd6d6,stroke:#d00000,stroke-width:3px",
        "  classDef missing fill:#ffd6d6,stroke:#d00000,stroke-width:3px,color:#d00000",
        "  classDef unreachable fill:#eeeeee,stroke:#888888,stroke-dasharray:5 5",
    ]
    for node in content.nodes.values():
        style: str = node.kind
        if dead_end(content, node):
            style = "deadend"
        elif unreachable(content, node):
            style = "unreachable"
        lines.append(f"  class {_id(node.id)} {style}")
    return lines


def dot(content: Content) -> str:
    colours = {
        "menu": "#e8f0fe",
        "question": "#fff4e0",
        "answer": "#eaf6ea",
        "contacts": "#fdecea",
        "calculator": "#f3e8fd",
    }
    lines = [
        "digraph jol {",
        f'  label="{_dot_text(LEGEND)}"; labelloc=t; rankdir=LR;',
        '  node [shape=box, style="rounded,filled", fontname="sans-serif"];',
    ]
    for node in content.nodes.values():
        attributes = f'fillcolor="{colours[node.kind]}"'
        if dead_end(content, node):
            attributes = 'fillcolor="#ffd6d6", color="#d00000", penwidth=3'
        elif unreachable(content, node):
            attributes = 'fillcolor="#eeeeee", style="rounded,filled,dashed"'
        label = _dot_text(f"{node.title}\n({node.kind}: {node.id})")
        lines.append(f'  {node.id} [label="{label}", {attributes}];')
    for target in missing_targets(content):
        lines.append(
            f'  {target} [label="missing: {target}", color="#d00000", fontcolor="#d00000"];'
        )
    for edge in edges(content):
        options = ["style=dotted"] if edge.related else []
        if edge.label:
            options.append(f'label="{_dot_text(edge.label)}"')
        suffix = f" [{', '.join(options)}]" if options else ""
        lines.append(f"  {edge.source} -> {edge.target}{suffix};")
    lines.append("}")
    return "\n".join(lines) + "\n"


def _id(node_id: str) -> str:
    """Mermaid reserves some words ("end", "graph"): a prefix keeps every node id safe."""
    return f"n_{node_id}"


def _mermaid_text(text: str) -> str:
    return text.replace('"', "#quot;").replace("\n", " ")


def _dot_text(text: str) -> str:
    return text.replace("\\", "\\\\").replace('"', '\\"').replace("\n", "\\n")
