"""How long someone may stay: "N days per entry" and "M days in any W days".

Input: the person's stays (entry and exit dates; the last one may be open: "still here"), today
(Almaty) and the rule for their citizenship. Output: the days counted in the window that ends
today, the last legal day of the current stay (or of a stay starting today), any overstay, the
first day a new entry is legal, and the day the window is empty again.

How days are counted is law (CONTENT-GUIDE rule 4a) and three readings are open in rules.yaml:
whether the entry day counts, whether the exit day counts, and whether "M in W" is a rolling
window (any W days back from each day) or periods that begin at an entry. Every reading that is
not confirmed is evaluated; the result shown is the one with the earliest last legal day, and each
rule that made it earlier is reported with the date its stated reading would give.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, replace
from datetime import date, timedelta
from enum import StrEnum

from jol.calc.ruleset import RuleSet, StayRule, Uncertainty, Variant

ONE_DAY = timedelta(days=1)
EARLIEST = date(2000, 1, 1)
STAY_RULES = ("entry_day_counts", "exit_day_counts", "rolling_window")


@dataclass(frozen=True)
class Stay:
    entry: date
    exit: date | None = None  # None: still in Kazakhstan


class InputProblem(StrEnum):
    NO_STAYS = "no_stays"
    EXIT_BEFORE_ENTRY = "exit_before_entry"
    OVERLAP = "overlap"  # a stay begins before the previous one ended, or out of order
    OPEN_NOT_LAST = "open_not_last"  # only the last stay can be "still here"
    FUTURE = "future"  # an entry or exit after today
    TOO_EARLY = "too_early"  # before 2000
    UNKNOWN_COUNTRY = "unknown_country"  # no rule for this citizenship


@dataclass(frozen=True)
class StayInputError:
    problem: InputProblem
    index: int | None = None  # which stay (0-based), when it is about one


class Limit(StrEnum):
    PER_ENTRY = "per_entry"
    WINDOW = "window"


@dataclass(frozen=True)
class StayResult:
    rule: StayRule
    per_entry_days: int  # the limit per entry that applied (longer once registered, for some)
    in_country: bool
    days_used: int  # days counted in the window that ends today
    days_left_in_window: int
    entry: date  # the current stay's entry, or today for a stay that would start today
    entry_days_used: int  # days of the current stay counted up to today (0 if not in country)
    last_legal_day: date | None  # None: not even the entry day was legal
    days_left: int | None  # last_legal_day - today; negative: overstay
    limited_by: tuple[Limit, ...]  # the limits the day after the last legal day breaks
    overstay_days: int  # days in Kazakhstan after the last legal day, up to today
    next_entry_day: date  # first day a new entry is legal, leaving on the last legal day (or today)
    full_reset_day: date | None  # first day with no counted day in the window; None: none counted
    variant: Variant  # the readings of the counting rules behind these numbers
    group: str | None = None
    uncertainties: tuple[Uncertainty, ...] = ()
    # The last legal day with every counting rule read as its sources suggest (for "if the
    # entry day does not count, it would be ..."); equal to last_legal_day when none is open.
    last_legal_day_as_stated: date | None = None


def stay_status(
    citizenship: str,
    stays: Sequence[Stay],
    today: date,
    rules: RuleSet,
    *,
    registered: bool = False,
) -> StayResult | StayInputError:
    """The calculator: the rule for ``citizenship`` from rules.yaml, every open reading tried."""
    found = rules.group_for(citizenship)
    if found is None:
        return StayInputError(InputProblem.UNKNOWN_COUNTRY)
    group, listed = found
    problem = validate_stays(stays, today)
    if problem is not None:
        return problem
    results = [
        (variant, stay_under(stays, today, group.stay, variant, registered=registered))
        for variant in rules.counting.variants(STAY_RULES)
    ]
    chosen = min(results, key=lambda pair: _strictness(pair[1]))[1]
    uncertainties: list[Uncertainty] = []
    for rule in rules.counting.uncertain(STAY_RULES):
        # The rule matters when its readings, each at its strictest, give different numbers.
        bests = [
            min((r for v, r in results if v.reading(rule.name) == reading), key=_strictness)
            for reading in rule.readings
        ]
        if len({(b.last_legal_day, b.days_used) for b in bests}) > 1:
            lasts = [b.last_legal_day for b in bests if b.last_legal_day is not None]
            later = max(lasts) if lasts and max(lasts) != chosen.last_legal_day else None
            uncertainties.append(Uncertainty(rule.name, later, rule.sources))
    if not group.confirmed:
        uncertainties.append(Uncertainty("rule_unconfirmed", None, group.sources))
    if not listed:
        uncertainties.append(Uncertainty("country_not_listed", None, group.sources))
    as_stated = stay_under(
        stays, today, group.stay, rules.counting.stated(), registered=registered
    ).last_legal_day
    return replace(
        chosen,
        group=group.id,
        uncertainties=tuple(uncertainties),
        last_legal_day_as_stated=as_stated,
    )


def _strictness(result: StayResult) -> tuple[date, int]:
    """Earlier last legal day first; then more days used."""
    last = result.last_legal_day or date.min
    return (last, -result.days_used)


def validate_stays(stays: Sequence[Stay], today: date) -> StayInputError | None:
    if not stays:
        return StayInputError(InputProblem.NO_STAYS)
    previous_exit: date | None = None
    for index, stay in enumerate(stays):
        if stay.entry < EARLIEST or (stay.exit is not None and stay.exit < EARLIEST):
            return StayInputError(InputProblem.TOO_EARLY, index)
        if stay.entry > today or (stay.exit is not None and stay.exit > today):
            return StayInputError(InputProblem.FUTURE, index)
        if stay.exit is not None and stay.exit < stay.entry:
            return StayInputError(InputProblem.EXIT_BEFORE_ENTRY, index)
        if stay.exit is None and index != len(stays) - 1:
            return StayInputError(InputProblem.OPEN_NOT_LAST, index)
        if previous_exit is not None and stay.entry < previous_exit:
            return StayInputError(InputProblem.OVERLAP, index)
        previous_exit = stay.exit
    return None


class _Presence:
    """The days counted as spent in Kazakhstan under one reading of the counting rules."""

    def __init__(self, closed: Sequence[Stay], variant: Variant, window: int) -> None:
        self.variant = variant
        self.window = window
        self.intervals: list[tuple[date, date]] = []
        for stay in closed:
            assert stay.exit is not None
            start, end = self.first_day(stay.entry), stay.exit
            if not variant.exit_day_counts:
                end -= ONE_DAY
            if start <= end:
                self.intervals.append((start, end))
        self.intervals = _merged(self.intervals)

    def first_day(self, entry: date) -> date:
        return entry if self.variant.entry_day_counts else entry + ONE_DAY

    def with_current(self, entry: date, through: date) -> list[tuple[date, date]]:
        start = self.first_day(entry)
        if start > through:
            return self.intervals
        return _merged([*self.intervals, (start, through)])

    def in_window(self, intervals: list[tuple[date, date]], day: date) -> int:
        """Days counted in the window that ends on ``day``."""
        if self.variant.rolling_window:
            return _overlap(intervals, day - timedelta(days=self.window - 1), day)
        start = _period_start(intervals, day, self.window)
        return 0 if start is None else _overlap(intervals, start, day)

    def reset_day(self, intervals: list[tuple[date, date]]) -> date | None:
        if not intervals:
            return None
        last = intervals[-1][1]
        if self.variant.rolling_window:
            return last + timedelta(days=self.window)
        start = _period_start(intervals, last, self.window)
        assert start is not None
        return start + timedelta(days=self.window)


def stay_under(
    stays: Sequence[Stay],
    today: date,
    rule: StayRule,
    variant: Variant,
    *,
    registered: bool = False,
) -> StayResult:
    """The numbers under one reading of the counting rules. ``stays`` must be valid
    (``validate_stays``)."""
    per_entry = rule.per_entry_days
    if registered and rule.per_entry_days_registered is not None:
        per_entry = rule.per_entry_days_registered
    in_country = stays[-1].exit is None
    closed = list(stays[:-1]) if in_country else list(stays)
    presence = _Presence(closed, variant, rule.window_days)
    entry = stays[-1].entry if in_country else today

    def broken(day: date) -> tuple[Limit, ...]:
        """The limits that staying on ``day`` (present since the entry) breaks."""
        found = []
        if _overlap([(presence.first_day(entry), day)], entry, day) > per_entry:
            found.append(Limit.PER_ENTRY)
        if presence.in_window(presence.with_current(entry, day), day) > rule.max_days_in_window:
            found.append(Limit.WINDOW)
        return tuple(found)

    day = entry
    while not (limits := broken(day)):
        day += ONE_DAY
    last_legal = day - ONE_DAY if day > entry else None

    overstay = 0
    if in_country:
        now = presence.with_current(entry, today)
        entry_days = _overlap([(presence.first_day(entry), today)], entry, today)
        if last_legal is None:
            overstay = (today - entry).days + 1
        elif last_legal < today:
            overstay = (today - last_legal).days
        # Leaving on the last legal day, or today when that has passed.
        leave = last_legal if last_legal is not None and last_legal >= today else today
        after = _Presence([*closed, Stay(entry, leave)], variant, rule.window_days)
        next_entry = leave + ONE_DAY
    else:
        now = presence.intervals
        entry_days = 0
        after = presence
        next_entry = today
    while after.in_window(after.with_current(next_entry, next_entry), next_entry) > (
        rule.max_days_in_window
    ):
        next_entry += ONE_DAY

    used = presence.in_window(now, today)
    return StayResult(
        rule=rule,
        per_entry_days=per_entry,
        in_country=in_country,
        days_used=used,
        days_left_in_window=max(0, rule.max_days_in_window - used),
        entry=entry,
        entry_days_used=entry_days,
        last_legal_day=last_legal,
        days_left=None if last_legal is None else (last_legal - today).days,
        limited_by=limits,
        overstay_days=overstay,
        next_entry_day=next_entry,
        full_reset_day=after.reset_day(after.intervals),
        variant=variant,
    )


def _merged(intervals: list[tuple[date, date]]) -> list[tuple[date, date]]:
    """Sorted, with overlapping or touching intervals joined (a day is counted once)."""
    out: list[tuple[date, date]] = []
    for start, end in sorted(intervals):
        if out and start <= out[-1][1] + ONE_DAY:
            out[-1] = (out[-1][0], max(out[-1][1], end))
        else:
            out.append((start, end))
    return out


def _overlap(intervals: list[tuple[date, date]], start: date, end: date) -> int:
    total = 0
    for a, b in intervals:
        low, high = max(a, start), min(b, end)
        if low <= high:
            total += (high - low).days + 1
    return total


def _period_start(intervals: list[tuple[date, date]], day: date, window: int) -> date | None:
    """Periods of ``window`` days, the first from the first counted day, each next one from the
    first counted day after the previous ended. The start of the one holding ``day``, if any."""
    if not intervals or intervals[0][0] > day:
        return None
    start = intervals[0][0]
    while start + timedelta(days=window) <= day:
        after = start + timedelta(days=window)
        following = next(
            (max(a, after) for a, b in intervals if b >= after),
            None,
        )
        if following is None or following > day:
            return None
        start = following
    return start
