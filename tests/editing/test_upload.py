"""What an admin sends is read safely, or refused with a reason they can act on."""

from __future__ import annotations

import io
import stat
import zipfile

import pytest

from jol.editing.upload import MAX_FILES, UploadError, read_upload

EXISTING = {"content/topics/rights.yaml", "content/facts.yaml", "locales/kk/LC_MESSAGES/content.po"}
PO = b'msgid ""\nmsgstr ""\n"Language: kk\\n"\n"Content-Type: text/plain; charset=UTF-8\\n"\n'


def zipped(*members: tuple[str | zipfile.ZipInfo, bytes]) -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        for name, data in members:
            archive.writestr(name, data)
    return buffer.getvalue()


def refused(name: str, data: bytes) -> str:
    with pytest.raises(UploadError) as caught:
        read_upload(name, data, EXISTING)
    return str(caught.value)


def test_a_yaml_file_replaces_the_content_file_of_the_same_name() -> None:
    assert list(read_upload("rights.yaml", b"x: 1", EXISTING).files) == [
        "content/topics/rights.yaml"
    ]
    assert list(read_upload("facts.yaml", b"x: 1", EXISTING).files) == ["content/facts.yaml"]
    assert list(read_upload("new_topic.yaml", b"x: 1", EXISTING).files) == [
        "content/topics/new_topic.yaml"
    ]


def test_a_catalog_says_its_language_in_its_header() -> None:
    assert list(read_upload("content.po", PO, EXISTING).files) == [
        "locales/kk/LC_MESSAGES/content.po"
    ]
    assert list(read_upload("bot (1).po", PO, EXISTING).files) == ["locales/kk/LC_MESSAGES/bot.po"]
    assert "does not say its language" in refused("content.po", b'msgid ""\nmsgstr ""\n')


def test_a_catalog_of_a_language_jol_does_not_speak_is_refused() -> None:
    data = PO.replace(b"Language: kk", b"Language: de")
    assert refused("content.po", data).startswith("Jol has no language de.")


def test_the_generated_uzbek_cyrillic_catalog_cannot_be_uploaded() -> None:
    data = PO.replace(b"Language: kk", b"Language: uz_Cyrl")
    assert "made automatically from the uz catalog" in refused("bot.po", data)


def test_other_files_are_refused_with_what_to_send() -> None:
    assert (
        refused("photo.jpg", b"\xff\xd8")
        == "Send a .zip from /export, a .po catalog or a content .yaml file."
    )
    assert refused("x.zip", b"not a zip") == "This is not a ZIP file Jol can read."


@pytest.mark.parametrize(
    "path", ["../evil.yaml", "content/../../evil.yaml", "/etc/passwd", "C:/x.yaml"]
)
def test_paths_outside_the_version_are_refused(path: str) -> None:
    assert refused("x.zip", zipped((path, b"x"))).startswith("Unsafe path in the ZIP")


def test_links_inside_a_zip_are_refused() -> None:
    link = zipfile.ZipInfo("content/topics/link.yaml")
    link.external_attr = (stat.S_IFLNK | 0o777) << 16
    assert refused("x.zip", zipped((link, b"/etc/passwd"))).startswith("The ZIP contains a link")


def test_unexpected_files_in_a_zip_are_refused() -> None:
    assert refused("x.zip", zipped(("bot.py", b"import os"))).startswith(
        "Unexpected file in the ZIP"
    )


def test_too_many_files_are_refused() -> None:
    members = [(f"content/topics/t{i}.yaml", b"x") for i in range(MAX_FILES + 1)]
    assert refused("x.zip", zipped(*members)).startswith("The ZIP has too many files")


def test_a_zip_whose_sizes_lie_is_refused_as_damaged() -> None:
    data = zipped(("content/topics/a.yaml", b"y" * 1000))
    forged = data.replace((1000).to_bytes(4, "little"), (10).to_bytes(4, "little"))
    assert forged != data
    assert refused("x.zip", forged).startswith("The ZIP is damaged")


def test_yml_files_and_sub_folders_the_loader_never_reads_are_refused() -> None:
    assert refused("x.zip", zipped(("content/topics/a.yml", b"x"))).startswith("Unexpected file")
    assert refused("x.zip", zipped(("content/a/b/c.yaml", b"x"))).startswith("Unexpected file")


def test_a_readme_and_mac_folders_in_a_zip_are_ignored() -> None:
    upload = read_upload(
        "x.zip",
        zipped(
            ("README.txt", b"hi"), ("__MACOSX/._x", b"?"), ("content/topics/rights.yaml", b"x: 1")
        ),
        EXISTING,
    )
    assert list(upload.files) == ["content/topics/rights.yaml"]
