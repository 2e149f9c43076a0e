"""``content/rules.yaml``: the rules the calculators apply, as validated data.

Numbers live once, in facts.yaml: a rule names them (``per_entry_days: facts.stay_visa_free_days``)
and ``check`` makes sure each named fact exists and is a whole number of days. Every rule and every
counting rule names its sources and says whether it is confirmed (CONTENT-GUIDE rule 4a); the
calculators show the earlier of the possible dates for every rule that is not.

Country codes are ISO 3166 alpha-2; their names in each language come from Babel, not from here.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterator
from datetime import date
from typing import TYPE_CHECKING, Annotated, Literal

from pydantic import BaseModel, ConfigDict, Field, StringConstraints, model_validator

from jol.content.problems import Problem, error

if TYPE_CHECKING:
    from jol.content.model import Content, Located

FACT_REF = re.compile(r"^facts\.([a-z0-9_]+)$")
FactRef = Annotated[str, StringConstraints(pattern=FACT_REF.pattern)]
CountryCode = Annotated[str, StringConstraints(pattern=r"^[A-Z]{2}$")]

Week = Literal["five_day", "six_day"]
Accommodation = Literal["hotel", "rented", "relatives", "employer"]
HostKind = Literal["individual", "company"]
ACCOMMODATIONS: tuple[Accommodation, ...] = ("hotel", "rented", "relatives", "employer")

# The counting rules a calculator may ask about, and the readings each can have. A rule that is
# missing or not confirmed is evaluated under every reading; the earliest date wins.
BOOLEAN_RULES = (
    "entry_day_counts",  # the day of crossing the border is day 1 of a stay
    "exit_day_counts",  # the day of leaving is a day of stay
    "rolling_window",  # "N in 180": any 180 days back from each day, not periods from an entry
    "deadline_starts_next_day",  # "N days from the day of X": day X is day 0, not day 1
    "deadline_moves_off_day",  # a calendar-day deadline ending on a day off moves to a working day
)
WEEK_RULE = "working_week"  # which days are working days: five-day or six-day week
COUNTING_RULES = (*BOOLEAN_RULES, WEEK_RULE)


class _Strict(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)


class CountingRule(_Strict):
    value: bool
    confirmed: bool
    sources: tuple[str, ...] = Field(min_length=1)
    note: str | None = None


class WeekRule(_Strict):
    value: Week
    confirmed: bool
    sources: tuple[str, ...] = Field(min_length=1)
    note: str | None = None


class Counting(_Strict):
    entry_day_counts: CountingRule | None = None
    exit_day_counts: CountingRule | None = None
    rolling_window: CountingRule | None = None
    deadline_starts_next_day: CountingRule | None = None
    deadline_moves_off_day: CountingRule | None = None
    working_week: WeekRule | None = None

    def rules(self) -> Iterator[tuple[str, CountingRule | WeekRule]]:
        for name in COUNTING_RULES:
            rule = getattr(self, name)
            if rule is not None:
                yield name, rule


class DatedDay(_Strict):
    day: date
    name: str
    sources: tuple[str, ...] = Field(min_length=1)


class HolidayOverrides(_Strict):
    """Corrections to the ``holidays`` package's Kazakhstan calendar from government decrees."""

    checked_years: tuple[int, ...] = ()  # years whose decrees were looked for
    days_off: tuple[DatedDay, ...] = ()  # extra days off, or estimated dates confirmed
    working_days: tuple[DatedDay, ...] = ()  # transferred working days, or days that are not off
    sources: tuple[str, ...] = ()
    note: str | None = None


class StayLimit(_Strict):
    per_entry_days: FactRef
    per_entry_days_registered: FactRef | None = None  # longer per entry once registered
    window_days: FactRef
    max_days_in_window: FactRef


class Group(_Strict):
    """Citizens of ``countries`` share one stay limit and one list of registration duties."""

    countries: tuple[CountryCode, ...] = ()
    stay: StayLimit
    registration: tuple[str, ...] = ()
    confirmed: bool
    sources: tuple[str, ...] = Field(min_length=1)
    note: str | None = None


class Deadline(_Strict):
    days: FactRef
    kind: Literal["calendar", "working"]
    counted_from: Literal["entry", "move"] = "entry"


class Penalty(_Strict):
    who: Literal["immigrant", "host_individual", "host_company"]
    kind: Literal["warning", "fine", "not_confirmed"]
    min_mci: FactRef | None = None
    max_mci: FactRef | None = None
    sources: tuple[str, ...] = Field(min_length=1)


class Obligation(_Strict):
    """One duty to register or notify, in force for entries between valid_from and valid_until."""

    who: Literal["immigrant", "host"]
    action: Literal["register_online", "host_notifies"]
    needed: Literal["always", "if_staying_longer"]
    exempt_days: FactRef | None = None  # "stays up to N days need no registration"
    deadline: Deadline
    valid_from: date | None = None
    valid_until: date | None = None
    confirmed: bool
    sources: tuple[str, ...] = Field(min_length=1)
    penalties: tuple[Penalty, ...] = ()
    note: str | None = None

    @model_validator(mode="after")
    def _exempt_when_conditional(self) -> Obligation:
        if self.needed == "if_staying_longer" and self.exempt_days is None:
            raise ValueError("needed: if_staying_longer needs exempt_days")
        return self


class Host(_Strict):
    host: tuple[HostKind, ...] = Field(min_length=1)
    sources: tuple[str, ...] = ()
    note: str | None = None


class Rules(_Strict):
    counting: Counting = Counting()
    holiday_overrides: HolidayOverrides = HolidayOverrides()
    accommodation: dict[Accommodation, Host] = {}
    registration: dict[str, Obligation] = {}
    citizenships: dict[str, Group] = {}
    other_countries: str | None = None  # the group for citizens of countries not listed

    def get(self, name: str) -> object | None:
        """``{rules.name}`` placeholders: rules hold no values of their own (numbers live in
        facts.yaml), so there is nothing to show; the validator reports such a placeholder."""
        return None


# CLDR (Babel) names a few regions that are not ISO 3166-1 countries: reserved and private codes.
_NOT_COUNTRIES = frozenset(
    {"AC", "CP", "CQ", "DG", "EA", "EU", "EZ", "IC", "QO", "TA", "UN", "XA", "XB", "XK", "ZZ"}
)


def is_country(code: str) -> bool:
    """An ISO 3166-1 alpha-2 code that Babel can name in every language (names are shown from
    Babel's territory names, never written in rules.yaml)."""
    from babel import Locale

    return (
        len(code) == 2
        and code.isalpha()
        and code not in _NOT_COUNTRIES
        and code in Locale.parse("en").territories
    )


def fact_name(ref: str) -> str:
    match = FACT_REF.match(ref)
    assert match is not None, ref  # the model only admits facts.<name>
    return match.group(1)


def rule_problems(content: Content, known_countries: Callable[[str], bool]) -> list[Problem]:
    """Cross-references a schema cannot see: sources, facts, groups, duties, country codes."""
    rules = content.rules
    problems: list[Problem] = []

    def at(*path: str | int) -> Located | None:
        return content.locate("rules:" + ".".join(str(part) for part in path))

    def sources(ids: tuple[str, ...], *path: str | int) -> None:
        for source in ids:
            if source not in content.sources:
                problems.append(
                    error(
                        at(*path, "sources"),
                        f"rules: unknown source '{source}'",
                        "add it to sources.yaml",
                    )
                )

    def fact(ref: str | None, *path: str | int) -> None:
        if ref is None:
            return
        name = fact_name(ref)
        found = content.facts.values.get(name)
        field = ".".join(str(part) for part in path)
        if found is None:
            problems.append(
                error(at(*path), f"rules: {field}: unknown fact '{name}'", "add it to facts.yaml")
            )
        elif isinstance(found.value, bool) or not isinstance(found.value, int) or found.value < 1:
            problems.append(
                error(
                    at(*path),
                    f"rules: {field}: fact '{name}' is not a positive whole number",
                    "a rule can only use a positive whole number",
                )
            )

    for name, rule in rules.counting.rules():
        sources(rule.sources, "counting", name)
    sources(rules.holiday_overrides.sources, "holiday_overrides")
    off = {day.day for day in rules.holiday_overrides.days_off}
    for kind in ("days_off", "working_days"):
        for index, day in enumerate(getattr(rules.holiday_overrides, kind)):
            sources(day.sources, "holiday_overrides", kind, index)
            if kind == "working_days" and day.day in off:
                problems.append(
                    error(
                        at("holiday_overrides", kind, index),
                        f"rules: {day.day} is both a day off and a working day",
                    )
                )
    for name, host in rules.accommodation.items():
        sources(host.sources, "accommodation", name)
    for duty_id, duty in rules.registration.items():
        sources(duty.sources, "registration", duty_id)
        fact(duty.exempt_days, "registration", duty_id, "exempt_days")
        fact(duty.deadline.days, "registration", duty_id, "deadline", "days")
        for index, penalty in enumerate(duty.penalties):
            sources(penalty.sources, "registration", duty_id, "penalties", index)
            fact(penalty.min_mci, "registration", duty_id, "penalties", index, "min_mci")
            fact(penalty.max_mci, "registration", duty_id, "penalties", index, "max_mci")
        if duty.valid_from and duty.valid_until and duty.valid_until < duty.valid_from:
            problems.append(
                error(
                    at("registration", duty_id, "valid_until"),
                    f"rules: '{duty_id}' ends before it starts",
                )
            )
    seen: dict[str, str] = {}
    for group_id, group in rules.citizenships.items():
        sources(group.sources, "citizenships", group_id)
        for field in ("per_entry_days", "per_entry_days_registered", "window_days"):
            fact(getattr(group.stay, field), "citizenships", group_id, "stay", field)
        fact(group.stay.max_days_in_window, "citizenships", group_id, "stay", "max_days_in_window")
        for duty_id in group.registration:
            if duty_id not in rules.registration:
                problems.append(
                    error(
                        at("citizenships", group_id, "registration"),
                        f"rules: '{group_id}' lists unknown registration duty '{duty_id}'",
                        "add it under registration:",
                    )
                )
        for code in group.countries:
            if not known_countries(code):
                problems.append(
                    error(
                        at("citizenships", group_id, "countries"),
                        f"rules: '{code}' is not an ISO 3166 country code",
                        "use the two-letter code, e.g. UZ",
                    )
                )
            elif code in seen:
                problems.append(
                    error(
                        at("citizenships", group_id, "countries"),
                        f"rules: '{code}' is in both '{seen[code]}' and '{group_id}'",
                    )
                )
            seen.setdefault(code, group_id)
    if rules.other_countries is not None and rules.other_countries not in rules.citizenships:
        problems.append(
            error(
                at("other_countries"),
                f"rules: other_countries names unknown group '{rules.other_countries}'",
            )
        )
    return problems
