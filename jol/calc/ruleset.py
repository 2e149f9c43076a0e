"""rules.yaml as the calculators use it: plain frozen data, every ``facts.`` number resolved.

A counting rule that is confirmed has one reading; one that is not (or is missing) has every
reading it could have. ``Counting.variants()`` lists the combinations; a calculator evaluates
each, shows the earliest date, and reports which unconfirmed rule made it earlier
(CONTENT-GUIDE rule 4a).
"""

from __future__ import annotations

import itertools
from collections.abc import Iterator, Mapping
from dataclasses import dataclass, field
from datetime import date
from typing import TYPE_CHECKING, Literal

from jol.content.rules import (
    ACCOMMODATIONS,
    BOOLEAN_RULES,
    COUNTING_RULES,
    WEEK_RULE,
    Accommodation,
    HostKind,
    Rules,
    Week,
    fact_name,
)
from jol.content.rules import Obligation as ObligationModel
from jol.content.rules import Penalty as PenaltyModel

if TYPE_CHECKING:
    from jol.content.model import Content, Facts

Reading = bool | str


@dataclass(frozen=True)
class Uncertainty:
    """Why the date shown may be earlier than the law requires. ``code`` is a counting rule
    (``entry_day_counts``, ...) whose readings give different dates, or one of
    ``estimated_holiday`` (a holiday's date is not announced yet), ``calendar_not_final`` (no
    decree moving days off checked for that year), ``rule_unconfirmed`` (the sources do not
    confirm the rule for this case), ``country_not_listed`` (the general rule was used).
    ``later`` is the date under the other reading, when there is one."""

    code: str
    later: date | None = None
    sources: tuple[str, ...] = ()


@dataclass(frozen=True)
class CountingRule:
    name: str
    value: Reading | None  # what the sources suggest; None when rules.yaml has no entry
    confirmed: bool
    sources: tuple[str, ...] = ()

    @property
    def readings(self) -> tuple[Reading, ...]:
        if self.confirmed and self.value is not None:
            return (self.value,)
        options: tuple[Reading, ...] = (
            ("five_day", "six_day") if self.name == WEEK_RULE else (True, False)
        )
        return options


@dataclass(frozen=True)
class Variant:
    """One reading of every counting rule."""

    entry_day_counts: bool = True
    exit_day_counts: bool = True
    rolling_window: bool = True
    deadline_starts_next_day: bool = False
    deadline_moves_off_day: bool = False
    working_week: Week = "five_day"

    def reading(self, name: str) -> Reading:
        value: Reading = getattr(self, name)
        return value


@dataclass(frozen=True)
class Counting:
    rules: Mapping[str, CountingRule]

    def rule(self, name: str) -> CountingRule:
        return self.rules.get(name) or CountingRule(name, None, confirmed=False)

    def variants(self, names: tuple[str, ...]) -> Iterator[Variant]:
        """Every combination of readings of ``names``; the other rules keep their defaults."""
        choices = [self.rule(name).readings for name in names]
        for combination in itertools.product(*choices):
            yield Variant(**dict(zip(names, combination, strict=True)))  # type: ignore[arg-type]

    def uncertain(self, names: tuple[str, ...]) -> tuple[CountingRule, ...]:
        return tuple(self.rule(n) for n in names if len(self.rule(n).readings) > 1)

    def stated(self) -> Variant:
        """Every rule at the reading its sources suggest (the default where none is stated)."""
        readings = {name: rule.value for name, rule in self.rules.items() if rule.value is not None}
        return Variant(**readings)  # type: ignore[arg-type]


@dataclass(frozen=True)
class StayRule:
    per_entry_days: int
    window_days: int
    max_days_in_window: int
    per_entry_days_registered: int | None = None


@dataclass(frozen=True)
class Penalty:
    who: Literal["immigrant", "host_individual", "host_company"]
    kind: Literal["warning", "fine", "not_confirmed"]
    min_mci_fact: str | None  # fact names: the handler shows their values and {facts.mci_tenge}
    max_mci_fact: str | None
    sources: tuple[str, ...]


@dataclass(frozen=True)
class Obligation:
    id: str
    who: Literal["immigrant", "host"]
    action: Literal["register_online", "host_notifies"]
    needed: Literal["always", "if_staying_longer"]
    exempt_days: int | None
    days: int
    kind: Literal["calendar", "working"]
    counted_from: Literal["entry", "move"]
    valid_from: date | None
    valid_until: date | None
    confirmed: bool
    sources: tuple[str, ...]
    penalties: tuple[Penalty, ...] = ()

    def in_force(self, day: date) -> bool:
        if self.valid_from and day < self.valid_from:
            return False
        return not (self.valid_until and day > self.valid_until)


@dataclass(frozen=True)
class Group:
    id: str
    countries: tuple[str, ...]
    stay: StayRule
    registration: tuple[str, ...]
    confirmed: bool
    sources: tuple[str, ...]


@dataclass(frozen=True)
class HolidayOverrides:
    days_off: frozenset[date] = frozenset()
    working_days: frozenset[date] = frozenset()
    checked_years: frozenset[int] = frozenset()
    sources: tuple[str, ...] = ()


@dataclass(frozen=True)
class RuleSet:
    counting: Counting
    groups: tuple[Group, ...]
    obligations: Mapping[str, Obligation]
    hosts: Mapping[Accommodation, tuple[HostKind, ...]]
    holidays: HolidayOverrides = HolidayOverrides()
    other_countries: str | None = None
    host_sources: Mapping[Accommodation, tuple[str, ...]] = field(default_factory=dict)

    @classmethod
    def from_content(cls, content: Content) -> RuleSet:
        return cls.from_rules(content.rules, content.facts)

    @classmethod
    def from_rules(cls, rules: Rules, facts: Facts) -> RuleSet:
        def days(ref: str) -> int:
            value = facts.values[fact_name(ref)].value
            if isinstance(value, bool) or not isinstance(value, int):
                raise ValueError(f"{ref} is not a whole number")  # check reports it first
            return value

        def maybe(ref: str | None) -> int | None:
            return None if ref is None else days(ref)

        counting = Counting(
            {
                name: CountingRule(name, rule.value, rule.confirmed, rule.sources)
                for name, rule in rules.counting.rules()
            }
        )
        groups = tuple(
            Group(
                id=group_id,
                countries=group.countries,
                stay=StayRule(
                    per_entry_days=days(group.stay.per_entry_days),
                    window_days=days(group.stay.window_days),
                    max_days_in_window=days(group.stay.max_days_in_window),
                    per_entry_days_registered=maybe(group.stay.per_entry_days_registered),
                ),
                registration=group.registration,
                confirmed=group.confirmed,
                sources=group.sources,
            )
            for group_id, group in rules.citizenships.items()
        )

        def penalty(model: PenaltyModel) -> Penalty:
            return Penalty(
                model.who,
                model.kind,
                None if model.min_mci is None else fact_name(model.min_mci),
                None if model.max_mci is None else fact_name(model.max_mci),
                model.sources,
            )

        def obligation(duty_id: str, duty: ObligationModel) -> Obligation:
            return Obligation(
                id=duty_id,
                who=duty.who,
                action=duty.action,
                needed=duty.needed,
                exempt_days=maybe(duty.exempt_days),
                days=days(duty.deadline.days),
                kind=duty.deadline.kind,
                counted_from=duty.deadline.counted_from,
                valid_from=duty.valid_from,
                valid_until=duty.valid_until,
                confirmed=duty.confirmed,
                sources=duty.sources,
                penalties=tuple(penalty(p) for p in duty.penalties),
            )

        return cls(
            counting=counting,
            groups=groups,
            obligations={k: obligation(k, v) for k, v in rules.registration.items()},
            hosts={k: v.host for k, v in rules.accommodation.items()},
            holidays=HolidayOverrides(
                days_off=frozenset(d.day for d in rules.holiday_overrides.days_off),
                working_days=frozenset(d.day for d in rules.holiday_overrides.working_days),
                checked_years=frozenset(rules.holiday_overrides.checked_years),
                sources=rules.holiday_overrides.sources,
            ),
            other_countries=rules.other_countries,
            host_sources={k: v.sources for k, v in rules.accommodation.items()},
        )

    def citizenships(self) -> tuple[str, ...]:
        """Every listed country code, in the order of rules.yaml (for the list people pick from)."""
        return tuple(code for group in self.groups for code in group.countries)

    def group_for(self, country: str) -> tuple[Group, bool] | None:
        """The group for a citizenship, and whether the country is listed by name (False: the
        ``other_countries`` group applies). None when neither applies."""
        code = country.upper()
        for group in self.groups:
            if code in group.countries:
                return group, True
        for group in self.groups:
            if group.id == self.other_countries:
                return group, False
        return None


__all__ = [
    "ACCOMMODATIONS",
    "BOOLEAN_RULES",
    "COUNTING_RULES",
    "Counting",
    "CountingRule",
    "Group",
    "HolidayOverrides",
    "Obligation",
    "Penalty",
    "RuleSet",
    "StayRule",
    "Uncertainty",
    "Variant",
]
