"""`bot.py graph`: the flows for a structure review, with problems highlighted."""

from pathlib import Path

from jol.content.graph import dot, mermaid
from jol.content.loader import load_content
from tests.paths import FIXTURES


def test_mermaid_shows_nodes_choices_and_related_links() -> None:
    chart = mermaid(load_content(FIXTURES / "content"))
    assert chart.splitlines()[1] == "flowchart LR"
    assert (
        '  n_registration_stay["How long will you stay?<br/><small>question: registration_stay</small>"]'
        in chart
    )
    assert '  n_registration_stay -->|"Up to 30 days"| n_registration_not_needed' in chart
    assert "  n_registration_needed -.-> n_registration_where" in chart
    assert "  class n_rights_police answer" in chart


def test_dead_ends_unreachable_nodes_and_missing_targets_are_highlighted(
    content_copy: Path,
) -> None:
    rights = content_copy / "topics/rights.yaml"
    rights.write_text(
        rights.read_text().replace(
            "    - to: rights_police\n    - to: registration_old_rule\n", "    - to: nowhere\n"
        )
    )
    content = load_content(content_copy)
    chart = mermaid(content)
    assert "  class n_rights deadend" in chart
    assert "  class n_rights_police unreachable" in chart
    assert '  n_nowhere["missing: nowhere"]:::missing' in chart
    graph = dot(content)
    assert (
        'rights [label="Your rights\\n(menu: rights)", fillcolor="#ffd6d6", color="#d00000", penwidth=3];'
        in graph
    )
    assert 'nowhere [label="missing: nowhere", color="#d00000", fontcolor="#d00000"];' in graph
    assert "rights_police [" in graph and 'style="rounded,filled,dashed"' in graph


def test_dot_labels_are_escaped() -> None:
    graph = dot(load_content(FIXTURES / "content"))
    assert graph.startswith("digraph jol {")
    assert 'registration_stay -> registration_needed [label="Longer"];' in graph
    assert graph.rstrip().endswith("}")
