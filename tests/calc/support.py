"""Rules for the calculator tests: the shipped ones, and the same with chosen counting readings."""

from __future__ import annotations

from dataclasses import replace
from functools import cache

from jol.calc.ruleset import Counting, CountingRule, RuleSet
from jol.content.loader import load_content
from tests.paths import ROOT

UNCONFIRMED = ("entry_day_counts", "exit_day_counts", "rolling_window")


@cache
def shipped() -> RuleSet:
    return RuleSet.from_content(load_content(ROOT / "content"))


def confirmed(**readings: bool | str) -> RuleSet:
    """The shipped rules with the given counting rules confirmed at the given readings."""
    rules = dict(shipped().counting.rules)
    for name, value in readings.items():
        rules[name] = CountingRule(name, value, confirmed=True, sources=("test",))
    return replace(shipped(), counting=Counting(rules))


# The readings the shipped rules.yaml states, all confirmed: the calendar as the sources suggest.
AS_STATED = {
    "entry_day_counts": True,
    "exit_day_counts": True,
    "rolling_window": True,
    "deadline_starts_next_day": True,
    "deadline_moves_off_day": True,
    "working_week": "five_day",
}
