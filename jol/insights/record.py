"""What is counted, in one place: each method counts the person once per day and thing."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from typing import Protocol

VISIT = "visit"  # used Jol that day (item "")
READ = "read"  # opened an answer (item: node id)
HELPFUL = "helpful"  # 👍 under an answer (item: node id)
NOT_HELPFUL = "not_helpful"  # 👎 under an answer (item: node id)
NOT_FOUND = "not_found"  # searched and nothing fitted (item: the anonymised query)
UNHELPFUL_QUERY = "unhelpful_query"  # searched, opened a result, said 👎 (item: the query)


class Counter(Protocol):
    async def add(self, day: date, kind: str, language: str, item: str, user_ref: str) -> None: ...


@dataclass(frozen=True)
class Recorder:
    """Bound to one person, their language and the day, for the length of one update."""

    counter: Counter
    user_ref: str
    language: str
    day: date

    async def visited(self) -> None:
        await self._add(VISIT, "")

    async def read(self, node_id: str) -> None:
        await self._add(READ, node_id)

    async def rated(self, node_id: str, helpful: bool) -> None:
        await self._add(HELPFUL if helpful else NOT_HELPFUL, node_id)

    async def not_found(self, query: str | None) -> None:
        """``query`` already anonymised (jol.insights.anonymise); None: nothing to keep."""
        if query:
            await self._add(NOT_FOUND, query)

    async def not_helpful(self, query: str | None) -> None:
        if query:
            await self._add(UNHELPFUL_QUERY, query)

    async def _add(self, kind: str, item: str) -> None:
        await self.counter.add(self.day, kind, self.language, item, self.user_ref)
