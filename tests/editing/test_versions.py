"""Published versions: atomic, numbered once, the newest kept, a stale confirmation refused."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from jol.editing.versions import SEED, ContentVersions, StaleBaseError, Version


@pytest.fixture
def versions(tmp_path: Path) -> ContentVersions:
    seed = tmp_path / "repo"
    (seed / "content" / "topics").mkdir(parents=True)
    (seed / "content" / "facts.yaml").write_text("a: 1\n")
    (seed / "locales" / "kk" / "LC_MESSAGES").mkdir(parents=True)
    (seed / "locales" / "kk" / "LC_MESSAGES" / "bot.po").write_text('msgid ""\nmsgstr ""\n')
    return ContentVersions(tmp_path / "data", seed / "content", seed / "locales", keep=3)


def served(version: Version) -> None:
    """What the bot does when a version goes live; here: nothing to refuse."""


def publish(versions: ContentVersions, text: str) -> str:
    staged = versions.stage({"content/facts.yaml": text.encode()})
    return versions.publish(staged, {"by": "Dana"}, served).name


def test_the_seed_is_served_until_something_is_published(versions: ContentVersions) -> None:
    assert versions.current_name() == SEED
    assert publish(versions, "a: 2\n") == "0001"
    content, locales = versions.dirs()
    assert (content / "facts.yaml").read_text() == "a: 2\n"
    assert (locales / "kk" / "LC_MESSAGES" / "bot.mo").exists()  # compiled for aiogram


def test_a_confirmation_against_an_older_version_is_refused(versions: ContentVersions) -> None:
    first = versions.stage({"content/facts.yaml": b"a: 2\n"})
    second = versions.stage({"content/facts.yaml": b"a: 3\n"})
    versions.publish(second, {}, served)
    with pytest.raises(StaleBaseError) as caught:
        versions.publish(first, {}, served)
    assert caught.value.current == "0001"
    assert (versions.dirs()[0] / "facts.yaml").read_text() == "a: 3\n"


def test_only_the_newest_versions_are_kept_and_numbers_are_never_reused(
    versions: ContentVersions,
) -> None:
    names = [publish(versions, f"a: {n}\n") for n in range(5)]
    assert names == ["0001", "0002", "0003", "0004", "0005"]
    assert [v.name for v in versions.all()] == ["0005", "0004", "0003"]
    assert publish(versions, "a: 9\n") == "0006"


def test_every_publication_is_audited(versions: ContentVersions, tmp_path: Path) -> None:
    staged = versions.stage({"content/facts.yaml": b"a: 2\n"})
    staged.remember(["node"], ["content/facts.yaml"], {"kk": {"changed": 1}})
    versions.publish(staged, {"by": "Dana"}, served)
    audit = json.loads((tmp_path / "data" / "audit.jsonl").read_text())
    assert audit["by"] == "Dana" and audit["version"] == "0001" and audit["base"] == "seed"
    assert audit["files"] == ["content/facts.yaml"] and audit["summary"] == {"kk": {"changed": 1}}
    assert audit["at"]  # when


def test_a_version_can_be_staged_from_an_older_one(versions: ContentVersions) -> None:
    publish(versions, "a: 2\n")
    staged = versions.stage({}, source=SEED)
    assert staged.base == "0001"
    assert (staged.content_dir / "facts.yaml").read_text() == "a: 1\n"


def test_a_version_that_cannot_be_served_never_becomes_current(versions: ContentVersions) -> None:
    def refuse(version: Version) -> None:
        raise RuntimeError("does not load")

    staged = versions.stage({"content/facts.yaml": b"a: 2\n"})
    with pytest.raises(RuntimeError):
        versions.publish(staged, {}, refuse)
    assert versions.current_name() == SEED
    assert versions.all() == []


def test_nothing_is_staged_outside_the_staging_area(
    versions: ContentVersions, tmp_path: Path
) -> None:
    with pytest.raises(ValueError, match="outside the staging area"):
        versions.stage({"locales/kk@/../../../../../escaped.po": b"x"})
    assert not list(tmp_path.rglob("escaped.po"))


@pytest.mark.parametrize("damaged", [b"", b".", b"../0001", "\u0437".encode(), b"12x"])
def test_a_damaged_current_pointer_serves_the_seed(
    versions: ContentVersions, tmp_path: Path, damaged: bytes
) -> None:
    publish(versions, "a: 2\n")
    (tmp_path / "data" / "CURRENT").write_bytes(damaged)
    assert versions.current_name() == SEED


def test_a_second_tap_finds_the_version_its_change_became(versions: ContentVersions) -> None:
    staged = versions.stage({"content/facts.yaml": b"a: 2\n"})
    versions.publish(staged, {}, served)
    assert versions.staged(staged.token) is None
    found = versions.published_from(staged.token)
    assert found is not None and found.name == "0001"
