"""Numbers for the operator, in Prometheus' text format at /metrics (webhook mode): updates
handled and failed, handling time, and how many people used Jol today (counted, not named)."""

from __future__ import annotations

import time
from collections import Counter
from datetime import date
from typing import Any

from aiogram import BaseMiddleware
from aiogram.types import TelegramObject, Update

from jol.clock import today
from jol.telegram.middlewares import Handler

BUCKETS = (0.01, 0.05, 0.1, 0.25, 0.5, 1.0, 2.5, 5.0, 10.0)


class Metrics(BaseMiddleware):
    """Outer update middleware. aiogram's own error middleware sits outside it, so a failing
    handler's exception passes through here on its way to the errors router."""

    def __init__(self) -> None:
        self.handled: Counter[str] = Counter()
        self.failed = 0
        self.latency_counts = [0] * len(BUCKETS)
        self.latency_sum = 0.0
        self.latency_total = 0
        self._day: date | None = None
        self._active: set[str] = set()  # pseudonyms of today's users; only its size is shown

    async def __call__(self, handler: Handler, event: TelegramObject, data: dict[str, Any]) -> Any:
        started = time.perf_counter()
        try:
            return await handler(event, data)
        except Exception:
            self.failed += 1
            raise
        finally:
            kind = event.event_type if isinstance(event, Update) else type(event).__name__
            self.handled[kind] += 1
            self._observe(time.perf_counter() - started)
            if data.get("user_ref"):
                self._seen(data["user_ref"])

    def _observe(self, seconds: float) -> None:
        self.latency_sum += seconds
        self.latency_total += 1
        for index, bound in enumerate(BUCKETS):
            if seconds <= bound:
                self.latency_counts[index] += 1

    def _seen(self, user_ref: str) -> None:
        if self._day != today():
            self._day, self._active = today(), set()
        self._active.add(user_ref)

    def render(self) -> str:
        lines = ["# TYPE jol_updates_total counter"]
        lines += [
            f'jol_updates_total{{type="{kind}"}} {count}'
            for kind, count in sorted(self.handled.items())
        ]
        lines += [
            "# TYPE jol_update_errors_total counter",
            f"jol_update_errors_total {self.failed}",
        ]
        lines.append("# TYPE jol_update_seconds histogram")
        lines += [
            f'jol_update_seconds_bucket{{le="{bound}"}} {count}'
            for bound, count in zip(BUCKETS, self.latency_counts, strict=True)
        ]
        lines += [
            f'jol_update_seconds_bucket{{le="+Inf"}} {self.latency_total}',
            f"jol_update_seconds_sum {self.latency_sum:.6f}",
            f"jol_update_seconds_count {self.latency_total}",
            "# TYPE jol_active_users_today gauge",
            f"jol_active_users_today {len(self._active) if self._day == today() else 0}",
        ]
        return "\n".join(lines) + "\n"
