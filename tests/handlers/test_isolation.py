"""One person's slow answer never holds up anyone else."""

import asyncio
import stat
from pathlib import Path

from tests.harness import JolTestBot


async def test_a_slow_answer_for_one_user_does_not_block_another(jol: JolTestBot) -> None:
    slow, fast = jol.user(2001, "en"), jol.user(2002, "en")
    release = asyncio.Event()
    jol.session.slow_chats[slow.user.id] = release  # Telegram is slow for this chat
    stuck = asyncio.create_task(slow.send("/start"))
    await asyncio.sleep(0.05)
    assert (await asyncio.wait_for(fast.send("/start"), timeout=5)).text.startswith("Welcome")
    assert not stuck.done()
    release.set()
    assert (await stuck).text.startswith("Welcome")


async def test_the_database_file_is_readable_by_the_bot_only(
    jol: JolTestBot, tmp_path: Path
) -> None:
    await jol.user(2003, "en").send("/language")
    for path in tmp_path.glob("jol.sqlite3*"):
        assert stat.S_IMODE(path.stat().st_mode) == 0o600, path.name
