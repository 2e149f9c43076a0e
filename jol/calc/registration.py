"""Registration: who must register or notify after an entry (or a move), by which day, and what
happens if it is missed.

The duties are in rules.yaml (``registration:``); a citizenship's group lists the ones that can
apply, and each duty applies to entries between its ``valid_from`` and ``valid_until`` — the
rules of 1 July 2026 apply by the entry date. Deadlines are counted under every open reading of
the counting rules (is the entry day day 1? does a deadline on a day off move? five- or six-day
week?); the earliest date is shown, and every rule that made it earlier is reported together
with the date its stated reading would give (CONTENT-GUIDE rule 4a).
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, timedelta
from enum import StrEnum

from jol.calc.ruleset import (
    Group,
    HolidayOverrides,
    Obligation,
    Penalty,
    RuleSet,
    Uncertainty,
    Variant,
)
from jol.calc.workdays import Counted, calendar_for
from jol.content.rules import ACCOMMODATIONS, HostKind

EARLIEST = date(2000, 1, 1)
DEADLINE_RULES = ("deadline_starts_next_day", "deadline_moves_off_day", "working_week")
EXEMPTION_RULES = ("entry_day_counts",)


class Need(StrEnum):
    ALWAYS = "always"  # at every entry (or move)
    IF_STAYING_LONGER = "if_staying_longer"  # only for a stay beyond exempt_until
    NOT_NEEDED = "not_needed"  # the stay limit ends before the exemption does


class RegistrationProblem(StrEnum):
    UNKNOWN_COUNTRY = "unknown_country"
    UNKNOWN_ACCOMMODATION = "unknown_accommodation"
    FUTURE = "future"
    TOO_EARLY = "too_early"


@dataclass(frozen=True)
class RegistrationError:
    problem: RegistrationProblem


@dataclass(frozen=True)
class DutyResult:
    duty: str  # the rule applied: its id in rules.yaml
    who: str  # "immigrant" or "host"
    action: str  # "register_online" or "host_notifies"
    need: Need
    exempt_until: date | None  # last day of a stay that needs no registration
    last_day: date  # the last day to do it (the earliest of the possible readings)
    days_left: int  # last_day - today; negative: missed
    days: int  # the deadline as the rule states it: N calendar or working days
    kind: str  # "calendar" or "working"
    confirmed: bool  # False: the sources do not confirm the duty applies to this date
    penalties: tuple[Penalty, ...]  # for the immigrant and for this kind of host
    sources: tuple[str, ...]
    variant: Variant
    uncertainties: tuple[Uncertainty, ...] = ()
    last_day_as_stated: date | None = None  # every counting rule read as its sources suggest

    @property
    def missed(self) -> bool:
        return self.days_left < 0


@dataclass(frozen=True)
class RegistrationResult:
    group: str
    event: date  # the entry (or move) the deadlines count from
    accommodation: str
    hosts: tuple[HostKind, ...]  # who the host can be for this accommodation
    duties: tuple[DutyResult, ...]  # earliest deadline first; empty: no rule for this date
    uncertainties: tuple[Uncertainty, ...] = ()


def registration_deadlines(
    citizenship: str, entry: date, accommodation: str, today: date, rules: RuleSet
) -> RegistrationResult | RegistrationError:
    """The duties after crossing the border on ``entry`` (``citizenship``: ISO alpha-2;
    ``accommodation``: hotel, rented, relatives or employer)."""
    return _duties(citizenship, entry, accommodation, today, rules, "entry")


def after_move(
    citizenship: str, moved_on: date, accommodation: str, today: date, rules: RuleSet
) -> RegistrationResult | RegistrationError:
    """The duties after moving to a new address on ``moved_on``."""
    return _duties(citizenship, moved_on, accommodation, today, rules, "move")


def _duties(
    citizenship: str, event: date, accommodation: str, today: date, rules: RuleSet, start: str
) -> RegistrationResult | RegistrationError:
    found = rules.group_for(citizenship)
    if found is None:
        return RegistrationError(RegistrationProblem.UNKNOWN_COUNTRY)
    if accommodation not in ACCOMMODATIONS or accommodation not in rules.hosts:
        return RegistrationError(RegistrationProblem.UNKNOWN_ACCOMMODATION)
    if event < EARLIEST:
        return RegistrationError(RegistrationProblem.TOO_EARLY)
    if event > today:
        return RegistrationError(RegistrationProblem.FUTURE)
    group, listed = found
    hosts = rules.hosts[accommodation]  # type: ignore[index]
    duties = [
        _duty(duty, group, event, today, hosts, rules)
        for duty_id in group.registration
        if (duty := rules.obligations[duty_id]).counted_from == start and duty.in_force(event)
    ]
    uncertainties = []
    if not group.confirmed:
        uncertainties.append(Uncertainty("rule_unconfirmed", None, group.sources))
    if not listed:
        uncertainties.append(Uncertainty("country_not_listed", None, group.sources))
    return RegistrationResult(
        group=group.id,
        event=event,
        accommodation=accommodation,
        hosts=hosts,
        duties=tuple(sorted(duties, key=lambda d: (d.last_day, d.duty))),
        uncertainties=tuple(uncertainties),
    )


def _duty(
    duty: Obligation,
    group: Group,
    event: date,
    today: date,
    hosts: tuple[HostKind, ...],
    rules: RuleSet,
) -> DutyResult:
    counting = rules.counting
    results = [
        (variant, _deadline(duty, event, variant, rules.holidays))
        for variant in counting.variants(DEADLINE_RULES)
    ]
    # Earliest first; on a tie, the reading that does not depend on the calendar of days off.
    variant, (last_day, used_calendar) = min(
        results, key=lambda pair: (pair[1][0], pair[1][1] is not None)
    )
    uncertainties: list[Uncertainty] = []
    for rule in counting.uncertain(DEADLINE_RULES):
        bests = {
            min(day for v, (day, _) in results if v.reading(rule.name) == reading)
            for reading in rule.readings
        }
        if len(bests) > 1:
            uncertainties.append(Uncertainty(rule.name, max(bests), rule.sources))
    if used_calendar is not None:
        uncertainties += _calendar_uncertainties(duty, event, variant, used_calendar, rules)

    exempt_until = None
    if duty.exempt_days is not None:
        # "Stays up to N days need no registration": N days with the entry day as day 1, or not.
        readings = {
            v.entry_day_counts: event
            + timedelta(days=duty.exempt_days - (1 if v.entry_day_counts else 0))
            for v in counting.variants(EXEMPTION_RULES)
        }
        exempt_until = min(readings.values())
        if len(set(readings.values())) > 1:
            entry_rule = counting.rule("entry_day_counts")
            uncertainties.append(
                Uncertainty(entry_rule.name, max(readings.values()), entry_rule.sources)
            )

    if duty.needed == "always":
        need = Need.ALWAYS
    else:
        longest = max(group.stay.per_entry_days, group.stay.per_entry_days_registered or 0)
        assert duty.exempt_days is not None
        need = Need.NOT_NEEDED if longest <= duty.exempt_days else Need.IF_STAYING_LONGER
    if not duty.confirmed:
        uncertainties.append(Uncertainty("rule_unconfirmed", None, duty.sources))
    return DutyResult(
        duty=duty.id,
        who=duty.who,
        action=duty.action,
        need=need,
        exempt_until=exempt_until,
        last_day=last_day,
        days_left=(last_day - today).days,
        days=duty.days,
        kind=duty.kind,
        confirmed=duty.confirmed,
        penalties=tuple(p for p in duty.penalties if _concerns(p, hosts)),
        sources=duty.sources,
        variant=variant,
        uncertainties=tuple(uncertainties),
        last_day_as_stated=_deadline(duty, event, counting.stated(), rules.holidays)[0],
    )


def _deadline(
    duty: Obligation, event: date, variant: Variant, overrides: HolidayOverrides
) -> tuple[date, Counted | None]:
    """The last day under one reading, and the working-day count behind it (if the calendar of
    working days was used)."""
    calendar = calendar_for(overrides, variant.working_week)
    if duty.kind == "working":
        counted = calendar.add_working_days(
            event, duty.days, start_counts=not variant.deadline_starts_next_day
        )
        return counted.day, counted
    offset = duty.days if variant.deadline_starts_next_day else duty.days - 1
    last = event + timedelta(days=offset)
    if not variant.deadline_moves_off_day:
        return last, None
    moved = calendar.next_working_day(last)
    estimated = tuple(
        day
        for day in (last + timedelta(days=n) for n in range((moved - last).days + 1))
        if calendar.kind(day).value == "estimated_off"
    )
    return moved, Counted(moved, estimated, frozenset(range(last.year, moved.year + 1)))


def _calendar_uncertainties(
    duty: Obligation, event: date, variant: Variant, counted: Counted, rules: RuleSet
) -> list[Uncertainty]:
    found = []
    holidays = rules.holidays
    if counted.estimated:
        # The estimated days off were counted as working days; if they are days off, later:
        confirmed = HolidayOverrides(
            days_off=holidays.days_off | frozenset(counted.estimated),
            working_days=holidays.working_days,
            checked_years=holidays.checked_years,
            sources=holidays.sources,
        )
        later, _ = _deadline(duty, event, variant, confirmed)
        found.append(Uncertainty("estimated_holiday", later, holidays.sources))
    years = frozenset(range(event.year, counted.day.year + 1)) | counted.years
    if not years <= holidays.checked_years:
        found.append(Uncertainty("calendar_not_final", None, holidays.sources))
    return found


def _concerns(penalty: Penalty, hosts: tuple[HostKind, ...]) -> bool:
    if penalty.who == "immigrant":
        return True
    return penalty.who.removeprefix("host_") in hosts
