"""Content versions under the data directory, so a deploy never overwrites what NGO staff
published and every change can be undone.

    <root>/versions/0007/content/...            the content YAML
    <root>/versions/0007/locales/<lang>/...     catalogs (.po, and bot.mo compiled)
    <root>/versions/0007/meta.json              who, when, from which base, what changed
    <root>/CURRENT                              the name of the version being served
    <root>/audit.jsonl                          one line per publication, never pruned
    <root>/staging/<token>/                     a checked change waiting for confirmation

The repository's ``content/`` and ``locales/`` are the seed: served while no version exists.
A publication is a directory renamed into place and then ``CURRENT`` replaced (both atomic on
one file system), under a file lock, and refused when another publication happened since the
change was checked (its base is no longer current). The newest ``KEEP`` versions are kept.
"""

from __future__ import annotations

import fcntl
import json
import os
import secrets
import shutil
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from babel.messages.mofile import write_mo
from babel.messages.pofile import read_po

from jol.settings import Settings

SEED = "seed"  # the name of the repository's content, before any publication
KEEP = 20
_STAGED_NAME = 24  # hex characters of a staging token


class StaleBaseError(RuntimeError):
    """Another publication happened since the change was checked."""

    def __init__(self, current: str) -> None:
        super().__init__(f"the current version is now {current}")
        self.current = current


class _Tree:
    """A directory laid out as a version: content/ and locales/."""

    path: Path

    @property
    def content_dir(self) -> Path:
        return self.path / "content"

    @property
    def locales_dir(self) -> Path:
        return self.path / "locales"


@dataclass(frozen=True)
class Version(_Tree):
    name: str
    path: Path
    meta: dict[str, Any]


@dataclass(frozen=True)
class Staged(_Tree):
    token: str
    path: Path
    base: str  # the version being served when it was made: publishing needs it still served

    def remember(
        self, answers: dict[str, list[str]], files: list[str], summary: dict[str, Any]
    ) -> None:
        """What the change does, for the version's record and the audit (and the alerts)."""
        change = {"answers": answers, "files": files, "summary": summary}
        (self.path / "change.json").write_text(json.dumps(change, ensure_ascii=False), "utf-8")

    def change(self) -> dict[str, Any]:
        return _read_json(self.path / "change.json")


class ContentVersions:
    @classmethod
    def of(cls, settings: Settings) -> ContentVersions:
        """The versions under VERSIONS_DIR, seeded from CONTENT_DIR and LOCALES_DIR."""
        return cls(settings.versions_dir, settings.content_dir, settings.locales_dir)

    def __init__(
        self, root: Path, seed_content: Path, seed_locales: Path, keep: int = KEEP
    ) -> None:
        self.root = root
        self.seed = Version(SEED, seed_content.parent, {})
        self._seed_content, self._seed_locales = seed_content, seed_locales
        self.keep = keep

    # --- what is served ----------------------------------------------------------------------
    def current_name(self) -> str:
        try:
            name = (self.root / "CURRENT").read_bytes().decode("ascii", "replace").strip()
        except FileNotFoundError:
            return SEED
        if not name.isdigit() or not (self.root / "versions" / name).is_dir():
            return SEED  # damaged or gone: open_library says so in the log
        return name

    def dirs(self, name: str | None = None) -> tuple[Path, Path]:
        """The content and locales directories of a version (default: the current one)."""
        name = name or self.current_name()
        if name == SEED:
            return self._seed_content, self._seed_locales
        version = self.get(name)
        return version.content_dir, version.locales_dir

    def get(self, name: str) -> Version:
        if name == SEED:
            return self.seed
        path = self.root / "versions" / name
        if not name.isdigit() or not path.is_dir():
            raise KeyError(name)
        return Version(name, path, _read_meta(path))

    def all(self) -> list[Version]:
        """Newest first."""
        folder = self.root / "versions"
        names = (
            sorted((p.name for p in folder.iterdir() if p.name.isdigit()), reverse=True)
            if folder.is_dir()
            else []
        )
        return [self.get(name) for name in names]

    def files(self, name: str | None = None) -> dict[str, Path]:
        """Version-relative path -> file, for everything a version consists of."""
        content, locales = self.dirs(name)
        found = {
            f"content/{p.relative_to(content).as_posix()}": p
            for p in sorted([*content.glob("*.yaml"), *content.glob("topics/*.yaml")])
        }
        for path in sorted(locales.glob("*/LC_MESSAGES/*.po")):
            found[f"locales/{path.relative_to(locales).as_posix()}"] = path
        return found

    # --- changing it -----------------------------------------------------------------------
    def stage(self, changes: dict[str, bytes], source: str | None = None) -> Staged:
        """A copy of version ``source`` (default: the one served) with ``changes`` written
        over it, in the staging area; nothing served changes."""
        base = self.current_name()
        token = secrets.token_hex(_STAGED_NAME // 2)
        path = self.root / "staging" / token
        writes = [
            (relative, file.read_bytes()) for relative, file in self.files(source or base).items()
        ]
        for relative, data in [*writes, *changes.items()]:
            target = (path / relative).resolve()
            if not target.is_relative_to(path.resolve()):  # upload.py allows none; never trust
                raise ValueError(f"refusing to write outside the staging area: {relative!r}")
            target.parent.mkdir(parents=True, exist_ok=True)
            target.write_bytes(data)
        (path / "base").write_text(base, encoding="ascii")  # what it was checked against
        return Staged(token, path, base)

    def staged(self, token: str) -> Staged | None:
        """A change waiting for confirmation, with the version it was checked against."""
        if len(token) != _STAGED_NAME or not token.isalnum():
            return None
        path = self.root / "staging" / token
        try:
            base = (path / "base").read_text(encoding="ascii").strip()
        except (OSError, UnicodeDecodeError):
            return None
        return Staged(token, path, base)

    def published_from(self, token: str) -> Version | None:
        """The version a staged change became (a second tap on "Publish")."""
        return next((v for v in self.all() if v.meta.get("token") == token), None)

    def discard(self, staged: Staged) -> None:
        shutil.rmtree(staged.path, ignore_errors=True)

    def publish(
        self, staged: Staged, meta: dict[str, Any], activate: Callable[[Version], None]
    ) -> Version:
        """Makes the staged change the current version: moved into place, served by
        ``activate`` (which raises if it cannot be), and only then named in ``CURRENT``, so a
        version that failed is never the one a restart serves. Raises StaleBaseError when
        another publication happened since it was staged."""
        with self._locked():
            current = self.current_name()
            if current != staged.base:
                raise StaleBaseError(current)
            name = f"{self._last_number() + 1:04d}"
            _compile_ui_catalogs(staged.locales_dir)
            meta = {
                **staged.change(),
                **meta,
                "version": name,
                "base": staged.base,
                "token": staged.token,
                "at": _now(),
            }
            (staged.path / "meta.json").write_text(
                json.dumps(meta, ensure_ascii=False, indent=1), encoding="utf-8"
            )
            (self.root / "versions").mkdir(parents=True, exist_ok=True)
            target = self.root / "versions" / name
            os.rename(staged.path, target)
            version = self.get(name)
            try:
                activate(version)
            except BaseException:
                shutil.rmtree(target, ignore_errors=True)
                raise
            _write_atomically(self.root / "CURRENT", name)
            with (self.root / "audit.jsonl").open("a", encoding="utf-8") as audit:
                audit.write(json.dumps(meta, ensure_ascii=False) + "\n")
            self._prune(keep=name)
            return version

    def clean_staging(self, older_than: float = 24 * 3600) -> None:
        """Changes nobody confirmed (or that failed their check) are not kept."""
        staging = self.root / "staging"
        if staging.is_dir():
            cutoff = datetime.now(UTC).timestamp() - older_than
            for path in staging.iterdir():
                if path.stat().st_mtime < cutoff:
                    shutil.rmtree(path, ignore_errors=True)

    def _last_number(self) -> int:
        numbers = [int(v.name) for v in self.all()]
        audit = self.root / "audit.jsonl"
        if audit.exists():  # numbers of pruned versions are never given again
            for line in audit.read_text(encoding="utf-8").splitlines():
                numbers.append(int(json.loads(line).get("version", 0)))
        return max(numbers, default=0)

    def _prune(self, keep: str) -> None:
        for version in self.all()[self.keep :]:
            if version.name != keep:
                shutil.rmtree(version.path, ignore_errors=True)
        self.clean_staging()

    @contextmanager
    def _locked(self) -> Iterator[None]:
        """One publication at a time, also across processes sharing the directory."""
        self.root.mkdir(parents=True, exist_ok=True)
        with (self.root / ".lock").open("w") as lock:
            fcntl.flock(lock, fcntl.LOCK_EX)
            try:
                yield
            finally:
                fcntl.flock(lock, fcntl.LOCK_UN)


def _compile_ui_catalogs(locales: Path) -> None:
    """aiogram reads the interface texts from compiled catalogs (as ``make setup`` does)."""
    for po in locales.glob("*/LC_MESSAGES/bot.po"):
        with po.open("rb") as source:
            catalog = read_po(source, locale=po.parent.parent.name)
        with po.with_suffix(".mo").open("wb") as target:
            write_mo(target, catalog)


def _read_meta(path: Path) -> dict[str, Any]:
    return _read_json(path / "meta.json")


def _read_json(path: Path) -> dict[str, Any]:
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return {}
    return data if isinstance(data, dict) else {}


def _write_atomically(path: Path, text: str) -> None:
    """Survives a power cut: the new name is on disk before it replaces the old one."""
    temporary = path.with_name(path.name + ".new")
    with temporary.open("w", encoding="ascii") as handle:
        handle.write(text)
        handle.flush()
        os.fsync(handle.fileno())
    os.replace(temporary, path)
    directory = os.open(path.parent, os.O_RDONLY)
    try:
        os.fsync(directory)
    finally:
        os.close(directory)


def _now() -> str:
    return datetime.now(UTC).replace(microsecond=0).isoformat()
