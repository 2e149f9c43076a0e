"""Storage benchmark (issue #8): `make bench`.

Drives the real Dispatcher with Jol's routers and content through simulated visits, once per
storage, side by side in one run, and prints throughput and p50/p99 latency of each storage as
a ratio to aiogram's MemoryStorage (sequential and concurrent users), the read/write mix, peak
memory, the database size, the same with a pre-filled database of a million people, and a
kill -9 durability check. Rounds are interleaved (memory, sqlite, redis, memory, ...) so that
a slower minute of the machine does not favour one storage.
"""

from __future__ import annotations

import argparse
import asyncio
import gc
import itertools
import os
import platform
import sys
import tempfile
import time
import tracemalloc
from collections.abc import Awaitable, Callable
from dataclasses import dataclass
from pathlib import Path

from aiogram.fsm.storage.memory import MemoryStorage

from benchmarks.durability import kill_nine
from benchmarks.harness import (
    FIRST_VISIT,
    VISIT,
    CountingStorage,
    Counts,
    JolUnderTest,
    visit_updates,
)
from benchmarks.prefill import prefill
from jol.library import Library
from jol.telegram.callbacks import callback_data_for
from tests.redis_server import redis_server

Start = Callable[[Path], Awaitable[JolUnderTest]]


@dataclass
class Result:
    updates: int
    seconds: float
    latencies: list[float]

    @property
    def throughput(self) -> float:
        return self.updates / self.seconds

    def percentile(self, p: float) -> float:
        ordered = sorted(self.latencies)
        return ordered[min(len(ordered) - 1, int(p / 100 * len(ordered)))]


async def run_visits(jol: JolUnderTest, users: int, *, concurrent: bool, first: int) -> Result:
    """Each user makes a first visit (choosing a language) and a return visit."""
    ids = itertools.count(1)
    walks = [
        visit_updates(first + n, FIRST_VISIT, ids) + visit_updates(first + n, VISIT, ids)
        for n in range(users)
    ]
    jol.latencies.clear()
    gc.collect()
    started = time.perf_counter()
    if concurrent:
        await asyncio.gather(*(jol.walk(walk) for walk in walks))
    else:
        for walk in walks:
            await jol.walk(walk)
    seconds = time.perf_counter() - started
    return Result(len(jol.latencies), seconds, list(jol.latencies))


def _dir_size(path: Path) -> int:
    return sum(p.stat().st_size for p in path.glob("jol.sqlite3*"))


async def measure(
    storages: dict[str, Start], users: int, rounds: int, concurrent: bool
) -> dict[str, Result]:
    pooled: dict[str, list[Result]] = {name: [] for name in storages}
    for round_no in range(rounds):
        for name, start in storages.items():
            with tempfile.TemporaryDirectory() as workdir:
                jol = await start(Path(workdir))
                try:
                    first = 10_000_000 + round_no * users
                    pooled[name].append(
                        await run_visits(jol, users, concurrent=concurrent, first=first)
                    )
                finally:
                    await jol.stop()
    # Throughput: the median round; latency: every update of every round.
    merged = {}
    for name, results in pooled.items():
        middle = sorted(results, key=lambda r: r.throughput)[len(results) // 2]
        latencies = [x for r in results for x in r.latencies]
        merged[name] = Result(middle.updates, middle.seconds, latencies)
    return merged


def print_table(title: str, results: dict[str, Result]) -> None:
    base = results["memory"]
    print(f"\n{title}")
    header = f"{'updates/s':>10}{'× memory':>10}{'p50 ms':>9}{'p99 ms':>9}{'p99 × mem':>11}"
    print(f"  {'storage':<22}{header}")
    for name, r in results.items():
        print(
            f"  {name:<22}{r.throughput:>10.0f}{r.throughput / base.throughput:>10.2f}"
            f"{r.percentile(50) * 1000:>9.2f}{r.percentile(99) * 1000:>9.2f}"
            f"{r.percentile(99) / base.percentile(99):>11.2f}"
        )


async def read_write_mix(library: Library, users: int) -> Counts:
    counts = Counts()
    with tempfile.TemporaryDirectory() as workdir:
        jol = await JolUnderTest.start(
            Path(workdir), library, fsm=lambda s: CountingStorage(MemoryStorage(), counts)
        )
        try:
            await run_visits(jol, users, concurrent=True, first=1)
        finally:
            await jol.stop()
    return counts


async def peak_memory(start: Start, users: int) -> tuple[int, int]:
    """Peak traced Python memory of a concurrent run, and the database size after it."""
    with tempfile.TemporaryDirectory() as workdir:
        jol = await start(Path(workdir))
        try:
            tracemalloc.start()
            await run_visits(jol, users, concurrent=True, first=1)
            _, peak = tracemalloc.get_traced_memory()
            tracemalloc.stop()
            await jol.db.checkpoint()
            return peak, _dir_size(Path(workdir))
        finally:
            await jol.stop()


async def side_by_side(library: Library, args: argparse.Namespace, visit: int) -> None:
    """Memory, SQLite and Redis: the read/write mix, sequential and concurrent users, memory."""
    with tempfile.TemporaryDirectory() as redis_dir, redis_server(Path(redis_dir)) as redis_url:
        storages: dict[str, Start] = {
            "memory": lambda d: JolUnderTest.start(d, library, fsm=lambda s: MemoryStorage()),
            "sqlite": lambda d: JolUnderTest.start(d, library),
            "redis": lambda d: JolUnderTest.start(d, library, storage_url=redis_url),
        }

        async def flush_redis() -> None:
            from redis.asyncio import Redis

            client = Redis.from_url(redis_url)
            await client.flushall()
            await client.aclose()

        counts = await read_write_mix(library, args.users)
        total = counts.reads + counts.writes
        print(
            f"storage calls per update: {total / (args.users * visit):.2f} — "
            f"reads {counts.reads / total:.0%}, writes {counts.writes / total:.0%}"
        )

        print_table(
            "Sequential users", await measure(storages, args.users // 4, args.rounds, False)
        )
        await flush_redis()
        print_table("Concurrent users", await measure(storages, args.users, args.rounds, True))
        await flush_redis()

        print("\nPeak Python memory (tracemalloc) and database size after one concurrent run")
        for name, start in storages.items():
            peak, size = await peak_memory(start, args.users)
            print(f"  {name:<22}{peak / 2**20:>8.1f} MiB peak{size / 2**20:>10.1f} MiB on disk")
        await flush_redis()


async def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--users", type=int, default=1000, help="simulated users per run")
    parser.add_argument("--rounds", type=int, default=3)
    parser.add_argument("--prefill", type=int, default=1_000_000, help="people already stored")
    parser.add_argument("--kills", type=int, default=5, help="kill -9 rounds (0: skip)")
    parser.add_argument("--kill-users", type=int, default=1000)
    parser.add_argument(
        "--only-prefill", action="store_true", help="only the pre-filled comparison (no kills)"
    )
    args = parser.parse_args()

    library = Library(Path("content"), Path("locales"), callback_data_for)
    print(
        f"Jol storage benchmark — {platform.processor() or platform.machine()}, "
        f"{os.cpu_count()} CPUs, Python {platform.python_version()}, {platform.system()}"
    )
    visit = len(FIRST_VISIT) + len(VISIT)
    print(
        f"{args.users} users × {visit} updates (a first visit choosing a language, a return "
        f"visit), {args.rounds} interleaved rounds"
    )

    if not args.only_prefill:
        await side_by_side(library, args, visit)

    if args.prefill:
        print(f"\nWith {args.prefill:,} people already stored (SQLite file pre-filled)")
        with tempfile.TemporaryDirectory() as workdir:
            seconds = await prefill(Path(workdir) / "jol.sqlite3", args.prefill)
            size = _dir_size(Path(workdir))
            print(f"  pre-filled in {seconds:.0f} s, {size / 2**20:.0f} MiB")
            template = Path(workdir)

            async def start_prefilled(d: Path) -> JolUnderTest:
                return await JolUnderTest.start(template, library)  # rounds share the file

            storages = {
                "memory": lambda d: JolUnderTest.start(d, library, fsm=lambda s: MemoryStorage()),
                "sqlite (empty)": lambda d: JolUnderTest.start(d, library),
                f"sqlite ({args.prefill:,})": start_prefilled,
            }
            print_table(
                "  Concurrent users", await measure(storages, args.users, args.rounds, True)
            )
            print_table(
                "  Sequential users",
                await measure(storages, args.users // 4, args.rounds, False),
            )

    if args.kills and not args.only_prefill:
        print(f"\nDurability: {args.kill_users} users writing, kill -9 at random moments")
        report = await kill_nine(args.kill_users, args.kills)
        print(f"  {report}")


if __name__ == "__main__":
    sys.exit(asyncio.run(main()))
