"""Backups with SQLite's online backup API: a consistent copy even while the bot is writing.
The pseudonym key (SECRET_PATH) is not in the database; back it up separately."""

from __future__ import annotations

import os
import sqlite3
from pathlib import Path


class BackupError(Exception):
    pass


def backup(database: Path, target: Path) -> None:
    if not database.exists():
        raise BackupError(f"no database at {database}")
    _copy(database, target)


def restore(source: Path, database: Path) -> None:
    """Replaces the database with a backup. Stop the bot first: a running bot keeps writing
    to the file it has open."""
    if not source.exists():
        raise BackupError(f"no backup at {source}")
    try:
        with sqlite3.connect(f"file:{source}?mode=ro", uri=True) as check:
            result = check.execute("PRAGMA integrity_check").fetchone()[0]
    except sqlite3.DatabaseError as exc:
        raise BackupError(f"{source} is not a usable database: {exc}") from None
    if result != "ok":
        raise BackupError(f"{source} is damaged: {result}")
    _copy(source, database)


def _copy(source: Path, target: Path) -> None:
    target.parent.mkdir(parents=True, exist_ok=True)
    target.touch(mode=0o600, exist_ok=True)
    os.chmod(target, 0o600)  # people's data, even as a copy
    src = sqlite3.connect(source)
    dst = sqlite3.connect(target)
    try:
        src.backup(dst)
    finally:
        dst.close()
        src.close()
