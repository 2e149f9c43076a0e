"""UserLocks: one event at a time per key, and no lock kept once nobody needs it."""

from __future__ import annotations

import asyncio

import pytest
from aiogram import Dispatcher
from aiogram.fsm.storage.memory import MemoryStorage

from jol.storage.isolation import UserLocks
from tests.storage.support import key


async def _step() -> None:
    for _ in range(3):  # give other tasks several chances to interleave
        await asyncio.sleep(0)


async def test_events_with_the_same_key_run_one_after_the_other() -> None:
    locks = UserLocks()
    order: list[str] = []

    async def event(name: str) -> None:
        async with locks.lock(key()):
            order.append(f"{name} start")
            await _step()
            order.append(f"{name} end")

    await asyncio.gather(event("a"), event("b"))

    assert order == ["a start", "a end", "b start", "b end"]
    assert locks.held_keys == 0


async def test_events_with_different_keys_run_at_the_same_time() -> None:
    locks = UserLocks()
    inside = [asyncio.Event(), asyncio.Event()]
    leave = asyncio.Event()

    async def event(user_id: int) -> None:
        async with locks.lock(key(user_id=user_id)):
            inside[user_id].set()
            await leave.wait()

    events = asyncio.gather(event(0), event(1))
    # Both get inside while neither has left; with a shared lock the second would never enter.
    try:
        await asyncio.wait_for(asyncio.gather(inside[0].wait(), inside[1].wait()), timeout=5)
        assert locks.held_keys == 2
    finally:
        leave.set()
        await events

    assert locks.held_keys == 0


async def test_the_lock_is_freed_after_an_exception_inside() -> None:
    locks = UserLocks()

    with pytest.raises(RuntimeError, match="handler failed"):
        async with locks.lock(key()):
            raise RuntimeError("handler failed")

    assert locks.held_keys == 0
    async with locks.lock(key()):  # and can be taken again
        assert locks.held_keys == 1


async def test_the_lock_is_freed_when_a_waiting_event_is_cancelled() -> None:
    locks = UserLocks()
    release = asyncio.Event()

    async def holder() -> None:
        async with locks.lock(key()):
            await release.wait()

    async def waiter() -> None:
        async with locks.lock(key()):
            raise AssertionError("a cancelled waiter must not get the lock")

    holding = asyncio.create_task(holder())
    await _step()
    waiting = asyncio.create_task(waiter())
    await _step()
    waiting.cancel()
    with pytest.raises(asyncio.CancelledError):
        await waiting
    assert locks.held_keys == 1

    release.set()
    await holding
    assert locks.held_keys == 0


async def test_close_drops_all_locks() -> None:
    locks = UserLocks()
    async with locks.lock(key()):
        await locks.close()
        assert locks.held_keys == 0
    assert locks.held_keys == 0


def test_the_dispatcher_keeps_user_locks_even_when_none_is_held() -> None:
    # aiogram uses `events_isolation or DisabledEventIsolation()`: a falsy isolation is dropped.
    locks = UserLocks()
    dispatcher = Dispatcher(storage=MemoryStorage(), events_isolation=locks)
    assert dispatcher.fsm.events_isolation is locks
