"""An editor breaks a content file: the loader says what and where (file:line)."""

from pathlib import Path

import pytest

from jol.content.loader import ContentError, load_content
from tests.paths import FIXTURES


def _errors(content_dir: Path) -> list[str]:
    with pytest.raises(ContentError) as caught:
        load_content(content_dir)
    return [str(problem) for problem in caught.value.problems]


def _append(path: Path, text: str) -> None:
    path.write_text(path.read_text(encoding="utf-8") + text, encoding="utf-8")


def test_fixture_content_loads_with_parents_derived_from_menus() -> None:
    content = load_content(FIXTURES / "content")
    assert content.root.kind == "menu"
    assert content.parents["registration_needed"] == "registration_stay"
    assert content.parents["registration_stay"] == "registration"
    assert content.parents["emergency"] == "main"


def test_yaml_syntax_error_names_file_and_line(content_copy: Path) -> None:
    _append(content_copy / "topics/rights.yaml", "broken:\n  kind: [answer\n")
    (message,) = _errors(content_copy)
    assert message.startswith("topics/rights.yaml:")
    assert "YAML syntax" in message


def test_misspelled_field_is_an_error_at_its_line(content_copy: Path) -> None:
    _append(
        content_copy / "topics/rights.yaml",
        "rights_extra:\n  kind: answer\n  title: X\n  txet: Y\n",
    )
    (message,) = _errors(content_copy)
    assert message.startswith("topics/rights.yaml:16: rights_extra.txet: unknown field")


def test_unknown_node_kind_is_an_error(content_copy: Path) -> None:
    _append(content_copy / "topics/rights.yaml", "rights_extra:\n  kind: poem\n  title: X\n")
    (message,) = _errors(content_copy)
    assert "topics/rights.yaml:14: rights_extra.kind" in message


def test_node_id_unusable_in_buttons_and_links_is_an_error(content_copy: Path) -> None:
    _append(content_copy / "topics/rights.yaml", "Rights-Extra:\n  kind: answer\n  title: X\n")
    (message,) = _errors(content_copy)
    assert message.startswith("topics/rights.yaml:13: node id 'Rights-Extra' is not usable")


def test_too_long_node_id_is_an_error(content_copy: Path) -> None:
    long_id = "a" * 41
    _append(content_copy / "topics/rights.yaml", f"{long_id}:\n  kind: answer\n  title: X\n")
    assert any("at most 40 characters" in m for m in _errors(content_copy))


def test_same_node_id_in_two_files_is_an_error(content_copy: Path) -> None:
    _append(content_copy / "topics/rights.yaml", "registration:\n  kind: menu\n  title: X\n")
    (message,) = _errors(content_copy)
    assert message.startswith("topics/rights.yaml:13: node id 'registration' is already used at")
    assert "topics/registration.yaml:1" in message


def test_duplicate_key_in_one_file_is_an_error(content_copy: Path) -> None:
    _append(content_copy / "topics/rights.yaml", "rights_police:\n  kind: answer\n  title: X\n")
    assert any("'rights_police' is defined twice" in m for m in _errors(content_copy))


def test_bad_date_is_an_error_with_a_hint(content_copy: Path) -> None:
    text = (content_copy / "topics/rights.yaml").read_text().replace("2026-11-01", "1 Nov 2026")
    (content_copy / "topics/rights.yaml").write_text(text)
    (message,) = _errors(content_copy)
    assert "rights_police.reviewed" in message and "YYYY-MM-DD" in message


def test_missing_root_menu_is_an_error(content_copy: Path) -> None:
    text = (content_copy / "topics/main.yaml").read_text().replace("main:", "home:", 1)
    (content_copy / "topics/main.yaml").write_text(text)
    assert any("no root menu node 'main'" in m for m in _errors(content_copy))


def test_missing_content_directory_is_one_clear_error(tmp_path: Path) -> None:
    assert _errors(tmp_path / "nowhere") == [f"content directory not found: {tmp_path / 'nowhere'}"]


def test_a_node_linked_only_as_related_goes_back_to_the_answer_linking_it(
    content_copy: Path,
) -> None:
    _append(
        content_copy / "topics/rights.yaml",
        "rights_more:\n  kind: answer\n  title: More\n  text: More.\n  legal: false\n  reviewed: 2026-11-01\n",
    )
    text = (
        (content_copy / "topics/rights.yaml")
        .read_text()
        .replace(
            "  reviewed: 2026-11-01\n", "  reviewed: 2026-11-01\n  related: [rights_more]\n", 1
        )
    )
    (content_copy / "topics/rights.yaml").write_text(text)
    content = load_content(content_copy)
    assert content.parents["rights_more"] == "rights_police"
    assert content.parents["rights_police"] == "rights", "menus still come first"
