"""What an admin sends (a ``.po`` catalog, a content ``.yaml`` file, or a ``.zip`` of both)
turned into files of a content version: ``content/...yaml`` and
``locales/<lang>/LC_MESSAGES/<bot|content>.po``. Anything else is refused with the reason.

A ZIP is read defensively: no absolute or ``..`` paths, no links, a limit on the number of
files, on each file's size, on the total unpacked size and on the compression ratio (a ZIP
bomb is refused before it is unpacked; a member whose header lies fails its CRC check).
"""

from __future__ import annotations

import io
import re
import stat
import zipfile
import zlib
from dataclasses import dataclass
from pathlib import PurePosixPath

from babel.messages.pofile import read_po

from jol.i18n.generated import GENERATED

MAX_UPLOAD = 5 * 1024 * 1024  # bytes: what Jol downloads at all
MAX_FILE = 5 * 1024 * 1024  # bytes: one unpacked file
MAX_TOTAL = 30 * 1024 * 1024  # bytes: everything unpacked
MAX_FILES = 300
MAX_RATIO = 100  # unpacked / packed, for members over 1 MB

_CATALOG = re.compile(
    r"^locales/(?P<lang>[A-Za-z_]{2,12})/LC_MESSAGES/(?P<domain>bot|content)\.po$"
)
_CONTENT = re.compile(r"^content/(?:topics/)?[a-z0-9_]+\.yaml$")  # what the loader reads
_IGNORED = ("README", "readme", "__MACOSX/", ".DS_Store")


class UploadError(ValueError):
    """Why an upload cannot be used; ``text`` is an English UI string with ``values``,
    translated when shown (``make translations`` extracts the texts of UploadError calls)."""

    def __init__(self, text: str, **values: object) -> None:
        super().__init__(text.format(**values))
        self.text = text
        self.values = values


@dataclass(frozen=True)
class Upload:
    files: dict[str, bytes]  # version-relative path -> content


def read_upload(name: str, data: bytes, existing: set[str]) -> Upload:
    """``existing``: the version-relative paths of the current version (a single YAML file
    replaces the one of the same name)."""
    if len(data) > MAX_UPLOAD:
        raise UploadError("The file is too big (at most {mb} MB).", mb=MAX_UPLOAD // 2**20)
    lower = name.lower()
    if lower.endswith(".zip"):
        return Upload(_from_zip(data, existing))
    if lower.endswith(".po"):
        path = _catalog_path(name, data)
        _refuse_generated(path)
        _refuse_unknown_language(path, existing)
        return Upload({path: data})
    if lower.endswith((".yaml", ".yml")):
        return Upload({_yaml_path(name, existing): data})
    raise UploadError("Send a .zip from /export, a .po catalog or a content .yaml file.")


def _catalog_path(name: str, data: bytes) -> str:
    """A catalog sent alone names its language in its header (``Language: kk``), and its
    domain in its file name, as exported: ``bot.po`` or ``content.po``."""
    domain = PurePosixPath(name).name.lower().removesuffix(".po")
    domain = "content" if "content" in domain else "bot" if "bot" in domain else ""
    if not domain:
        raise UploadError("Name the catalog content.po or bot.po, as in the export.")
    try:
        catalog = read_po(io.BytesIO(data), abort_invalid=False)
    except Exception as exc:  # Babel raises several kinds on garbage
        raise UploadError("This .po file cannot be read: {error}", error=str(exc)[:200]) from None
    language = str(catalog.locale) if catalog.locale else ""
    if not language:
        raise UploadError("The catalog does not say its language (the Language: header line).")
    path = f"locales/{language}/LC_MESSAGES/{domain}.po"
    if not _CATALOG.match(path):  # Babel made the name; still, nothing but a plain code
        raise UploadError("Unknown language in the catalog: {language}", language=language)
    return path


def _yaml_path(name: str, existing: set[str]) -> str:
    base = PurePosixPath(name).name
    same = sorted(p for p in existing if p.startswith("content/") and PurePosixPath(p).name == base)
    if len(same) == 1:
        return same[0]
    if same:
        raise UploadError("Several content files are called {name}: send a .zip.", name=base)
    path = f"content/topics/{base}"
    if not _CONTENT.match(path):
        raise UploadError("Use lower-case letters, digits and _ in file names: {name}", name=base)
    return path


def _from_zip(data: bytes, existing: set[str]) -> dict[str, bytes]:
    try:
        archive = zipfile.ZipFile(io.BytesIO(data))
        members = archive.infolist()
    except (zipfile.BadZipFile, OSError, ValueError):
        raise UploadError("This is not a ZIP file Jol can read.") from None
    if len(members) > MAX_FILES:
        raise UploadError("The ZIP has too many files (at most {n}).", n=MAX_FILES)
    wanted = [m for m in members if not m.is_dir() and not _ignored(m.filename)]
    prefix = _common_folder([m.filename for m in wanted])
    total = 0
    files: dict[str, bytes] = {}
    for member in wanted:
        _refuse_unsafe(member)
        path = member.filename.removeprefix(prefix)
        if not (_CATALOG.match(path) or _CONTENT.match(path)):
            raise UploadError(
                "Unexpected file in the ZIP: {path} (only content/*.yaml and "
                "locales/<language>/LC_MESSAGES/*.po)",
                path=member.filename,
            )
        total += member.file_size
        if member.file_size > MAX_FILE or total > MAX_TOTAL:
            raise UploadError(
                "The ZIP unpacks to too much data (at most {mb} MB).", mb=MAX_TOTAL // 2**20
            )
        if member.file_size > 2**20 and member.file_size > MAX_RATIO * max(member.compress_size, 1):
            raise UploadError(
                "The ZIP is packed suspiciously tightly (a ZIP bomb?): {path}", path=member.filename
            )
        files[path] = _read(archive, member)
    if not files:
        raise UploadError("The ZIP has no content or catalog files.")
    for path in files:
        _refuse_generated(path)
        _refuse_unknown_language(path, existing)
    return files


def _refuse_unknown_language(path: str, existing: set[str]) -> None:
    """A catalog for a language Jol does not speak would be ignored: say so instead."""
    found = _CATALOG.match(path)
    languages = {p.split("/")[1] for p in existing if p.startswith("locales/")}
    if found and languages and found["lang"] not in languages:
        raise UploadError(
            "Jol has no language {language}. Add it to content/languages.yaml first.",
            language=found["lang"],
        )


def _refuse_generated(path: str) -> None:
    found = _CATALOG.match(path)
    if found and found["lang"] in GENERATED:
        source = GENERATED[found["lang"]][0]
        raise UploadError(
            "{path} is made automatically from the {source} catalog: change that one instead.",
            path=path,
            source=source,
        )


def _refuse_unsafe(member: zipfile.ZipInfo) -> None:
    name = member.filename
    parts = PurePosixPath(name.replace("\\", "/")).parts
    if name.startswith(("/", "\\")) or ".." in parts or re.match(r"^[A-Za-z]:", name):
        raise UploadError("Unsafe path in the ZIP: {path}", path=name)
    if stat.S_ISLNK(member.external_attr >> 16):
        raise UploadError("The ZIP contains a link: {path}", path=name)
    if member.flag_bits & 0x1:
        raise UploadError("The ZIP is encrypted: {path}", path=name)


def _read(archive: zipfile.ZipFile, member: zipfile.ZipInfo) -> bytes:
    """A member's bytes; zipfile never reads past the declared size and checks the CRC, so
    a member whose header lies is refused as damaged."""
    try:
        with archive.open(member) as stream:
            return stream.read()
    except (zipfile.BadZipFile, zlib.error, EOFError, NotImplementedError):
        raise UploadError("The ZIP is damaged: {path}", path=member.filename) from None


def _ignored(name: str) -> bool:
    base = PurePosixPath(name).name
    return name.startswith(_IGNORED) or base.startswith(_IGNORED) or "/__MACOSX/" in name


def _common_folder(names: list[str]) -> str:
    """ "jol-content-v12/" when every file is inside that one folder (a re-zipped export)."""
    firsts = {name.split("/", 1)[0] for name in names}
    if len(firsts) == 1 and all("/" in name for name in names):
        first = firsts.pop()
        if first not in ("content", "locales"):
            return first + "/"
    return ""
