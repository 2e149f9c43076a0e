"""Logging without personal data: no message text, no raw Telegram ids, no tracebacks whose
text could carry user input."""

from __future__ import annotations

import logging


class _RedactExceptions(logging.Filter):
    """Libraries log exceptions with their text (aiogram's "Cause exception while process
    update", pydantic's input_value=...): keep only the exception type."""

    def filter(self, record: logging.LogRecord) -> bool:
        if record.exc_info and record.exc_info[1] is not None:
            exc = record.exc_info[1]
            record.msg = f"{record.name}: {type(exc).__name__} (details redacted)"
            record.args = None
            record.exc_info = None
            record.exc_text = None
        return True


def setup(level: str) -> None:
    handler = logging.StreamHandler()
    handler.setFormatter(logging.Formatter("%(asctime)s %(levelname)s %(name)s: %(message)s"))
    handler.addFilter(_RedactExceptions())
    logging.basicConfig(level=level, handlers=[handler], force=True)
    logging.getLogger("aiohttp.access").setLevel(logging.WARNING)
