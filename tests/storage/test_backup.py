"""An operator backs up the database while the bot runs, and restores it after a disaster."""

import os
import stat
import subprocess
import sys
from datetime import date
from pathlib import Path

from jol.storage.db import Database
from jol.storage.profiles import Profiles
from tests.paths import ROOT

DAY = date(2026, 11, 25)


def _bot(*args: str, database: Path) -> subprocess.CompletedProcess[str]:
    env = {
        **os.environ,
        "DATABASE_PATH": str(database),
        "SECRET_PATH": str(database.parent / "key"),
    }
    return subprocess.run(
        [sys.executable, str(ROOT / "bot.py"), *args],
        env=env,
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=60,
    )


async def test_a_backup_taken_while_the_bot_writes_restores_every_row(tmp_path: Path) -> None:
    database = tmp_path / "live" / "jol.sqlite3"
    db = await Database.open(database)
    profiles = Profiles(db)
    for number in range(50):
        await profiles.set_language(f"ref{number}", "uz", DAY)
    result = _bot("backup", str(tmp_path / "copy.sqlite3"), database=database)  # bot still open
    assert result.returncode == 0, result.stderr
    assert "Keep" in result.stdout and "key" in result.stdout
    await profiles.set_language("after-backup", "ru", DAY)
    await db.close()
    assert stat.S_IMODE((tmp_path / "copy.sqlite3").stat().st_mode) == 0o600

    result = _bot(
        "restore", str(tmp_path / "copy.sqlite3"), database=tmp_path / "new" / "jol.sqlite3"
    )
    assert result.returncode == 0, result.stderr
    restored = await Database.open(tmp_path / "new" / "jol.sqlite3")
    try:
        assert await Profiles(restored).language("ref49") == "uz"
        assert await restored.fetchone("SELECT count(*) FROM profiles") == (50,)
    finally:
        await restored.close()


def test_restoring_a_damaged_file_is_refused_and_changes_nothing(tmp_path: Path) -> None:
    broken = tmp_path / "broken.sqlite3"
    broken.write_bytes(b"SQLite format 3\x00" + b"\x00" * 200)
    target = tmp_path / "jol.sqlite3"
    result = _bot("restore", str(broken), database=target)
    assert result.returncode == 1
    assert result.stderr.startswith("restore failed:")
    assert not target.exists()
