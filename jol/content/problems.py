"""What the loader and the validator report: one problem, where it is, what to do."""

from __future__ import annotations

from dataclasses import dataclass
from enum import StrEnum

from jol.content.model import Located


class Severity(StrEnum):
    ERROR = "error"
    WARNING = "warning"


@dataclass(frozen=True)
class Problem:
    severity: Severity
    where: Located | None
    message: str
    hint: str = ""
    code: str = ""  # a name for problems that need telling apart, e.g. "stale_review"

    def __str__(self) -> str:
        place = f"{self.where}: " if self.where else ""
        hint = f" → {self.hint}" if self.hint else ""
        return f"{place}{self.message}{hint}"


def error(where: Located | None, message: str, hint: str = "", code: str = "") -> Problem:
    return Problem(Severity.ERROR, where, message, hint, code)


def warning(where: Located | None, message: str, hint: str = "") -> Problem:
    return Problem(Severity.WARNING, where, message, hint)
