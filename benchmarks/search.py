"""Search benchmark (issue #9): `make bench-search`.

Builds the index from the real content and translations, runs the labelled evaluation set in
tests/search_eval/ and prints, per language and per kind of query, how often an acceptable
node came first (top-1) and among the three shown (top-3); how often the language detector
named the query's language; the index's build time and memory; and the query latency (p50,
p99) with the word caches cleared, as a first query of each word would see it, and warm.

A query counts as found when a node of its ``expect`` list is first (top-1) or among the
first three (top-3). Urgent queries must bring the emergency screen. The evaluation set is
never copied into the content (tests/search_eval/README.md); this only measures.
"""

from __future__ import annotations

import argparse
import gc
import os
import platform
import statistics
import time
import tracemalloc
from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import yaml

from jol.library import load_bundle
from jol.search import SearchIndex, build_index

ROOT = Path(__file__).resolve().parent.parent
EVAL_DIR = ROOT / "tests" / "search_eval"
LANGUAGES = ("kk", "ru", "en", "uz", "tg", "ky")
KINDS = ("plain", "typo", "translit", "mixed", "urgent")


@dataclass(frozen=True)
class Query:
    language: str
    text: str
    expect: tuple[str, ...]
    kind: str


@dataclass(frozen=True)
class Outcome:
    query: Query
    found: tuple[str, ...]  # node ids shown, best first

    @property
    def top1(self) -> bool:
        return bool(self.found) and self.found[0] in self.query.expect

    @property
    def top3(self) -> bool:
        return any(node_id in self.query.expect for node_id in self.found[:3])


def eval_set(languages: Iterable[str] = LANGUAGES) -> list[Query]:
    queries = []
    for language in languages:
        data: dict[str, Any] = yaml.safe_load(
            (EVAL_DIR / f"{language}.yaml").read_text(encoding="utf-8")
        )
        for item in data["queries"]:
            expect = item["expect"]
            expect = (expect,) if isinstance(expect, str) else tuple(expect)
            queries.append(Query(language, item["q"], expect, item["kind"]))
    return queries


def real_index() -> SearchIndex:
    bundle = load_bundle(ROOT / "content", ROOT / "locales")
    return build_index(bundle, ROOT / "content")


def evaluate(index: SearchIndex, queries: Iterable[Query]) -> list[Outcome]:
    return [
        Outcome(query, tuple(hit.node_id for hit in index.search(query.text, query.language)))
        for query in queries
    ]


def rate(outcomes: list[Outcome], which: str) -> float:
    if not outcomes:
        return float("nan")
    return sum(getattr(outcome, which) for outcome in outcomes) / len(outcomes)


def _table(outcomes: list[Outcome], key: str, values: Iterable[str]) -> list[str]:
    groups: dict[str, list[Outcome]] = defaultdict(list)
    for outcome in outcomes:
        groups[getattr(outcome.query, key)].append(outcome)
    lines = [f"{key:<10} {'queries':>7} {'top-1':>7} {'top-3':>7}"]
    for value in values:
        group = groups.get(value, [])
        lines.append(
            f"{value:<10} {len(group):>7} {rate(group, 'top1'):>7.1%} {rate(group, 'top3'):>7.1%}"
        )
    lines.append(
        f"{'all':<10} {len(outcomes):>7} {rate(outcomes, 'top1'):>7.1%} "
        f"{rate(outcomes, 'top3'):>7.1%}"
    )
    return lines


def detection(index: SearchIndex, queries: list[Query]) -> list[str]:
    """How often the detector names the query's language (in-language kinds only: mixed
    queries have two languages), and how often it names a wrong one instead of None."""
    lines = [f"{'language':<10} {'queries':>7} {'right':>7} {'none':>7} {'wrong':>7}"]
    for language in LANGUAGES:
        group = [
            q
            for q in queries
            if q.language == language and q.kind in ("plain", "typo", "translit", "urgent")
        ]
        # English translit queries are Russian typed in Latin letters.
        expected = {
            q: ("ru" if language == "en" and q.kind == "translit" else language) for q in group
        }
        found = {q: index.detect_language(q.text) for q in group}
        right = sum(1 for q in group if found[q] is not None and _spoken(found[q]) == expected[q])
        none = sum(1 for q in group if found[q] is None)
        wrong = len(group) - right - none
        lines.append(
            f"{language:<10} {len(group):>7} {right / len(group):>7.1%} "
            f"{none / len(group):>7.1%} {wrong / len(group):>7.1%}"
        )
    return lines


def _spoken(language: str | None) -> str | None:
    return "uz" if language == "uz_Cyrl" else language


def latencies(index: SearchIndex, queries: list[Query], rounds: int, *, cold: bool) -> list[float]:
    timings = []
    gc.collect()
    for _ in range(rounds):
        for query in queries:
            if cold:
                index.clear_caches()
            start = time.perf_counter()
            index.search(query.text, query.language)
            index.detect_language(query.text)
            timings.append(time.perf_counter() - start)
    return timings


def _percentiles(timings: list[float]) -> str:
    ordered = sorted(timings)
    p50 = statistics.median(ordered)
    p99 = ordered[min(len(ordered) - 1, int(0.99 * len(ordered)))]
    return f"p50 {p50 * 1000:.2f} ms, p99 {p99 * 1000:.2f} ms, max {ordered[-1] * 1000:.2f} ms"


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--rounds", type=int, default=5, help="latency rounds over the set")
    parser.add_argument("--misses", action="store_true", help="list the queries not in top-3")
    args = parser.parse_args(argv)

    started = time.perf_counter()
    bundle = load_bundle(ROOT / "content", ROOT / "locales")
    loaded = time.perf_counter()
    index = build_index(bundle, ROOT / "content")
    built = time.perf_counter()
    tracemalloc.start()
    build_index(bundle, ROOT / "content")
    held, peak = tracemalloc.get_traced_memory()
    tracemalloc.stop()
    queries = eval_set()
    outcomes = evaluate(index, queries)

    print(f"Jol search benchmark — Python {platform.python_version()}, {os.cpu_count()} cores")
    print(
        f"content: {len(bundle.content.nodes)} nodes, {len(index.node_ids)} searchable, "
        f"{len(index.vocabulary.terms)} distinct folded words; "
        f"load {loaded - started:.2f} s, index build {built - loaded:.2f} s, "
        f"index memory {held / 2**20:.1f} MiB (peak while building {peak / 2**20:.1f} MiB)"
    )
    print(f"evaluation set: {len(queries)} queries\n")
    print("\n".join(_table(outcomes, "language", LANGUAGES)))
    print()
    print("\n".join(_table(outcomes, "kind", KINDS)))
    print("\nlanguage detection (plain, typo, translit, urgent queries):")
    print("\n".join(detection(index, queries)))
    cold = latencies(index, queries, 1, cold=True)
    warm = latencies(index, queries, args.rounds, cold=False)
    print(f"\nlatency per query (search + language detection), {len(queries)} queries:")
    print(f"  cold word caches: {_percentiles(cold)}")
    print(f"  warm ({args.rounds} rounds): {_percentiles(warm)}")
    if args.misses:
        print("\nnot in top-3:")
        for outcome in outcomes:
            if not outcome.top3:
                q = outcome.query
                found, want = list(outcome.found), list(q.expect)
                print(f"  [{q.language} {q.kind}] {q.text!r} -> {found} (want {want})")


if __name__ == "__main__":
    main()
