"""The stay calculator against a brute-force reference that walks day by day over sets of dates.

The calculator counts with intervals; the reference knows nothing of intervals: it builds the set
of counted days and checks every day of a stay. They must agree on every history hypothesis
draws, under every reading of the counting rules.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, timedelta

from hypothesis import given, settings
from hypothesis import strategies as st

from jol.calc.ruleset import Counting, CountingRule, RuleSet, StayRule, Variant
from jol.calc.stay import Stay, stay_status, stay_under, validate_stays
from tests.calc.support import shipped

ONE = timedelta(days=1)
RULES = [
    StayRule(30, 180, 90, 90),
    StayRule(90, 180, 90),
    StayRule(14, 180, 42),
    StayRule(30, 180, 90),
]


# --- the reference ------------------------------------------------------------------------------
def counted_days(stay: Stay, through: date, variant: Variant) -> set[date]:
    """Days of one stay that count (an open stay runs through ``through``)."""
    last = stay.exit if stay.exit is not None else through
    days = {stay.entry + n * ONE for n in range((last - stay.entry).days + 1)}
    if not variant.entry_day_counts:
        days.discard(stay.entry)
    if stay.exit is not None and not variant.exit_day_counts:
        days.discard(stay.exit)
    return days


def in_window(days: set[date], day: date, window: int, rolling: bool) -> int:
    if rolling:
        return sum(1 for d in days if day - window * ONE < d <= day)
    if not days or min(days) > day:
        return 0
    start, current = min(days), min(days)
    while current <= day:  # a period ends after `window` days; the next starts at a counted day
        if current >= start + window * ONE and current in days:
            start = current
        current += ONE
    if day >= start + window * ONE:
        return 0
    return sum(1 for d in days if start <= d <= day)


@dataclass
class Expected:
    days_used: int
    last_legal_day: date | None
    overstay_days: int
    next_entry_day: date
    full_reset_day: date | None


def reference(
    stays: list[Stay], today: date, rule: StayRule, variant: Variant, registered: bool
) -> Expected:
    per_entry = (
        rule.per_entry_days_registered
        if registered and rule.per_entry_days_registered
        else rule.per_entry_days
    )
    in_country = stays[-1].exit is None
    closed = stays[:-1] if in_country else stays
    past: set[date] = set().union(*(counted_days(s, today, variant) for s in closed))
    entry = stays[-1].entry if in_country else today

    def legal(day: date) -> bool:
        mine = counted_days(Stay(entry), day, variant)
        return (
            len(mine) <= per_entry
            and in_window(past | mine, day, rule.window_days, variant.rolling_window)
            <= rule.max_days_in_window
        )

    last: date | None = None
    day = entry
    while legal(day):
        last = day
        day += ONE
    if in_country:
        now = past | counted_days(Stay(entry), today, variant)
        if last is not None and last >= today:
            overstay, leave = 0, last
        else:
            overstay = (today - last).days if last is not None else (today - entry).days + 1
            leave = today
        history = past | counted_days(Stay(entry, leave), today, variant)
        candidate = leave + ONE
    else:
        now, overstay, history, candidate = past, 0, past, today
    while True:
        arriving = {candidate} if variant.entry_day_counts else set()
        if (
            in_window(history | arriving, candidate, rule.window_days, variant.rolling_window)
            <= rule.max_days_in_window
        ):
            break
        candidate += ONE
    reset = None
    if history:
        reset = max(history) + rule.window_days * ONE
        while in_window(history, reset - ONE, rule.window_days, variant.rolling_window) == 0:
            reset -= ONE  # periods from an entry can empty the window sooner
    return Expected(
        days_used=in_window(now, today, rule.window_days, variant.rolling_window),
        last_legal_day=last,
        overstay_days=overstay,
        next_entry_day=candidate,
        full_reset_day=reset,
    )


# --- histories ----------------------------------------------------------------------------------
@st.composite
def histories(draw: st.DrawFn) -> tuple[list[Stay], date]:
    day = date(2025, 1, 1) + draw(st.integers(0, 700)) * ONE
    stays = []
    for _ in range(draw(st.integers(1, 5))):
        length = draw(st.integers(0, 100))
        stays.append(Stay(day, day + length * ONE))
        day += (length + draw(st.integers(0, 120))) * ONE  # 0: back in on the day of leaving
    if draw(st.booleans()):
        stays[-1] = Stay(stays[-1].entry)
    last = stays[-1].exit or stays[-1].entry
    today = last + draw(st.integers(0, 200)) * ONE
    return stays, today


variants = st.builds(Variant, st.booleans(), st.booleans(), st.booleans())


@settings(derandomize=True, deadline=None, max_examples=400)
@given(histories(), st.sampled_from(RULES), variants, st.booleans())
def test_calculator_agrees_with_day_by_day_reference(
    history: tuple[list[Stay], date], rule: StayRule, variant: Variant, registered: bool
) -> None:
    stays, today = history
    assert validate_stays(stays, today) is None
    result = stay_under(stays, today, rule, variant, registered=registered)
    expected = reference(stays, today, rule, variant, registered)
    assert result.days_used == expected.days_used
    assert result.last_legal_day == expected.last_legal_day
    assert result.overstay_days == expected.overstay_days
    assert result.next_entry_day == expected.next_entry_day
    assert result.full_reset_day == expected.full_reset_day
    if result.last_legal_day is not None:
        assert result.days_left == (result.last_legal_day - today).days


def _all_open() -> RuleSet:
    names = ("entry_day_counts", "exit_day_counts", "rolling_window")
    rules = dict(shipped().counting.rules)
    for name in names:
        rules[name] = CountingRule(name, True, confirmed=False, sources=("test",))
    from dataclasses import replace

    return replace(shipped(), counting=Counting(rules))


OPEN = _all_open()


@settings(derandomize=True, deadline=None, max_examples=150)
@given(histories(), st.sampled_from(["KG", "UZ", "IN", "CN", "TJ"]))
def test_the_date_shown_is_the_earliest_of_every_reading(
    history: tuple[list[Stay], date], country: str
) -> None:
    """CONTENT-GUIDE 4a: with the counting rules open, the last legal day shown is the earliest
    any reading gives - and the strictest reading (count every day, rolling window) gives it."""
    stays, today = history
    shown = stay_status(country, stays, today, OPEN)
    assert not isinstance(shown, Exception) and hasattr(shown, "last_legal_day")
    found = OPEN.group_for(country)
    assert found is not None
    rule = found[0].stay
    lasts = [
        reference(stays, today, rule, Variant(a, b, c), registered=False).last_legal_day
        for a in (True, False)
        for b in (True, False)
        for c in (True, False)
    ]
    earliest = min(lasts, key=lambda d: d or date.min)
    assert shown.last_legal_day == earliest  # type: ignore[union-attr]
    assert reference(stays, today, rule, Variant(), registered=False).last_legal_day == earliest
