"""The calculators' questions, in order: a small state machine over plain data.

A ``Dialog`` is what the person has answered so far; it travels in the FSM data as a dict, so a
conversation survives restarts. ``advance`` takes one answer (a button or a typed date) and
says what to ask next, or that the result can be shown. Front ends only show the questions.
"""

from __future__ import annotations

from dataclasses import asdict, dataclass, field, replace
from datetime import date
from enum import StrEnum
from typing import Any

from jol.calc.registration import Need, RegistrationResult, registration_deadlines
from jol.calc.ruleset import RuleSet
from jol.calc.stay import Stay, StayResult, stay_status
from jol.content.rules import ACCOMMODATIONS

MAX_TRIPS = 10  # earlier trips in the window; more is a typing accident, not a life
OTHER = "other"  # "another country": the general rule (rules.yaml other_countries)


class Ask(StrEnum):
    COUNTRY = "country"
    REGISTERED = "registered"  # stay: registered passports may stay longer (Uzbekistan)
    DATE = "date"
    HOME = "home"  # registration: where they live (who the host is)
    STILL_HERE = "still_here"
    MORE_TRIPS = "more_trips"
    RESULT = "result"


class DateField(StrEnum):
    ENTRY = "entry"  # registration: the day they crossed the border
    LAST_ENTRY = "last_entry"  # stay: the current or last trip
    LAST_EXIT = "last_exit"
    TRIP_ENTRY = "trip_entry"  # stay: an earlier trip
    TRIP_EXIT = "trip_exit"


@dataclass
class Dialog:
    calc: str  # "registration" or "stay"
    country: str | None = None
    asking: DateField | None = None
    entry: str | None = None  # ISO dates: the dialog is stored as JSON
    home: str | None = None
    registered: bool = False
    stays: list[list[str | None]] = field(default_factory=list)  # [entry, exit or None]

    def to_data(self) -> dict[str, Any]:
        return asdict(self)

    @classmethod
    def from_data(cls, data: Any) -> Dialog | None:
        """The stored dialog, or None when there is none or it is not one Jol wrote."""
        if not isinstance(data, dict) or data.get("calc") not in ("registration", "stay"):
            return None
        try:
            dialog = cls(**data)
            if dialog.asking is not None:
                dialog.asking = DateField(dialog.asking)
            return dialog
        except (TypeError, ValueError):
            return None

    def date_problem(self, day: date) -> str | None:
        """Why ``day`` cannot answer the date asked now: "exit_before_entry" or "overlap"."""
        entries = [date.fromisoformat(entry) for entry, _ in self.stays if entry]
        if self.asking is DateField.LAST_EXIT and entries and day < entries[0]:
            return "exit_before_entry"
        if self.asking is DateField.TRIP_ENTRY and entries and day >= min(entries):
            return "overlap"
        if self.asking is DateField.TRIP_EXIT and entries:
            if day < entries[-1]:
                return "exit_before_entry"
            if day > min(entries[:-1]):  # leaving and coming back the same day is one day
                return "overlap"
        return None

    def stay_list(self) -> list[Stay]:
        stays = [
            Stay(date.fromisoformat(entry or ""), date.fromisoformat(exit) if exit else None)
            for entry, exit in self.stays
            if entry
        ]
        return sorted(stays, key=lambda stay: stay.entry)


class Invalid(Exception):
    """An answer that does not fit the question (a stale or forged button)."""


def start(calc: str) -> tuple[Dialog, Ask]:
    return Dialog(calc=calc), Ask.COUNTRY


def advance(dialog: Dialog, step: str, value: str, rules: RuleSet) -> tuple[Dialog, Ask]:
    """The dialog after one answer, and what to ask next."""
    if step == "country":
        if value != OTHER and value not in rules.citizenships():
            raise Invalid(value)
        dialog = replace(dialog, country=value)
        if dialog.calc == "stay" and _registration_matters(dialog, rules):
            return dialog, Ask.REGISTERED
        return _ask_date(
            dialog, DateField.ENTRY if dialog.calc == "registration" else DateField.LAST_ENTRY
        )
    if step == "registered" and dialog.calc == "stay":
        return _ask_date(replace(dialog, registered=value == "yes"), DateField.LAST_ENTRY)
    if step == "date" and dialog.asking is not None:
        return _dated(dialog, date.fromisoformat(value))
    if step == "home" and dialog.calc == "registration" and dialog.entry:
        if value not in ACCOMMODATIONS:
            raise Invalid(value)
        return replace(dialog, home=value), Ask.RESULT
    if step == "still_here" and dialog.calc == "stay" and dialog.stays:
        if value == "yes":
            return dialog, Ask.MORE_TRIPS
        return _ask_date(dialog, DateField.LAST_EXIT)
    if step == "more_trips" and dialog.calc == "stay" and dialog.stays:
        if value == "yes" and len(dialog.stays) <= MAX_TRIPS:
            return _ask_date(dialog, DateField.TRIP_ENTRY)
        return dialog, Ask.RESULT
    raise Invalid(step)


def _registration_matters(dialog: Dialog, rules: RuleSet) -> bool:
    found = rules.group_for(dialog.country or OTHER)
    return bool(found and found[0].stay.per_entry_days_registered)


def _ask_date(dialog: Dialog, asking: DateField) -> tuple[Dialog, Ask]:
    return replace(dialog, asking=asking), Ask.DATE


def _dated(dialog: Dialog, day: date) -> tuple[Dialog, Ask]:
    iso = day.isoformat()
    asking = dialog.asking
    stays = [list(stay) for stay in dialog.stays]
    if asking is DateField.ENTRY:
        return replace(dialog, entry=iso, asking=None), Ask.HOME
    if asking is DateField.LAST_ENTRY:
        return replace(dialog, stays=[[iso, None]], asking=None), Ask.STILL_HERE
    if asking is DateField.LAST_EXIT:
        stays[0][1] = iso
        return replace(dialog, stays=stays, asking=None), Ask.MORE_TRIPS
    if asking is DateField.TRIP_ENTRY:
        stays.append([iso, None])
        return _ask_date(replace(dialog, stays=stays), DateField.TRIP_EXIT)
    if asking is DateField.TRIP_EXIT:
        stays[-1][1] = iso
        return replace(dialog, stays=stays, asking=None), Ask.MORE_TRIPS
    raise Invalid(str(asking))


Outcome = RegistrationResult | StayResult


def outcome(dialog: Dialog, rules: RuleSet, today: date) -> Outcome | None:
    """The calculator's result for a finished dialog; None when the answers do not fit
    together (a trip that ends before it starts, trips that overlap)."""
    country = dialog.country or OTHER
    if dialog.calc == "registration":
        entry = date.fromisoformat(dialog.entry or "")
        found = registration_deadlines(country, entry, dialog.home or "", today, rules)
        return found if isinstance(found, RegistrationResult) else None
    stay = stay_status(country, dialog.stay_list(), today, rules, registered=dialog.registered)
    return stay if isinstance(stay, StayResult) else None


def reminders_for(result: Outcome) -> list[dict[str, str]]:
    """The deadlines of a result that a reminder can still help with: what, when, and the
    screen that says what to do."""
    if isinstance(result, RegistrationResult):
        return [
            {
                "what": duty.action,
                "deadline": duty.last_day.isoformat(),
                "node": "registration_required" if duty.who == "immigrant" else "registration_host",
            }
            for duty in result.duties
            if duty.days_left >= 0 and duty.need is not Need.NOT_NEEDED
        ]
    if result.in_country and result.last_legal_day and (result.days_left or 0) >= 0:
        return [
            {"what": "stay", "deadline": result.last_legal_day.isoformat(), "node": "stay_longer"}
        ]
    return []
