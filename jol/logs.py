"""Logging without personal data: no message text, no raw Telegram ids, no tracebacks whose
text could carry user input."""

from __future__ import annotations

import json
import logging
from typing import IO


class _RedactExceptions(logging.Filter):
    """Libraries log exceptions with their text (aiogram's "Cause exception while process
    update", pydantic's input_value=...): keep only the exception type."""

    def filter(self, record: logging.LogRecord) -> bool:
        # aiogram's polling loop logs "Failed to fetch updates - %s: %s" with the exception
        # as an argument; a decoding error's text is the whole getUpdates answer.
        if isinstance(record.args, tuple) and any(
            isinstance(a, BaseException) for a in record.args
        ):
            record.args = tuple(
                f"{type(a).__name__} (details redacted)" if isinstance(a, BaseException) else a
                for a in record.args
            )
        if record.exc_info and record.exc_info[1] is not None:
            exc = record.exc_info[1]
            record.msg = f"{record.name}: {type(exc).__name__} (details redacted)"
            record.args = None
            record.exc_info = None
            record.exc_text = None
        return True


class JsonFormatter(logging.Formatter):
    """One JSON object per line, for log collectors."""

    def format(self, record: logging.LogRecord) -> str:
        return json.dumps(
            {
                "time": self.formatTime(record),
                "level": record.levelname,
                "logger": record.name,
                "message": record.getMessage(),
            },
            ensure_ascii=False,
        )


# Libraries whose debug output carries data: aiosqlite logs every statement with its
# parameters (typed answers), aiohttp's access log request lines.
QUIET = ("aiosqlite", "aiohttp.access")


def handler(stream: IO[str] | None = None, fmt: str = "text") -> logging.Handler:
    """The one log handler Jol uses: exception texts redacted, text or JSON lines."""
    out = logging.StreamHandler(stream)
    if fmt == "json":
        out.setFormatter(JsonFormatter())
    else:
        out.setFormatter(logging.Formatter("%(asctime)s %(levelname)s %(name)s: %(message)s"))
    out.addFilter(_RedactExceptions())
    return out


def setup(level: str, fmt: str = "text") -> None:
    logging.basicConfig(level=level, handlers=[handler(None, fmt)], force=True)
    for name in QUIET:
        logging.getLogger(name).setLevel(logging.WARNING)
