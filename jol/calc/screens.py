"""Calculator results and questions as Screens: the one place where dates and codes from the
calculators become words, in the person's language (UI catalog) with facts from facts.yaml.

Every button is a ``Step``: the handler (or the console) feeds it back to the dialog.
"""

from __future__ import annotations

import calendar
from datetime import date, timedelta

from jol.calc.countries import country_name
from jol.calc.dialog import OTHER, Ask, DateField, Dialog, Outcome
from jol.calc.registration import DutyResult, Need, RegistrationResult
from jol.calc.ruleset import Penalty, RuleSet, Uncertainty
from jol.calc.stay import StayResult
from jol.content.model import ROOT
from jol.content.rules import ACCOMMODATIONS
from jol.i18n.ui import _n
from jol.placeholders import lookup
from jol.render import Button, Go, Keyboard, Renderer, Screen, Step

ROW = 2
RESULT_NODES = {
    "registration": ("registration_required", "registration_host", "registration_fines"),
    "stay": ("stay_count_days", "stay_overstay", "stay_longer"),
}


def _rows(buttons: list[Button], width: int = ROW) -> Keyboard:
    return tuple(tuple(buttons[i : i + width]) for i in range(0, len(buttons), width))


def _home(render: Renderer) -> tuple[Button, ...]:
    return (Button("🏠 " + render.gettext("Main menu"), Go(ROOT)),)


def _screen(render: Renderer, text: str, rows: Keyboard) -> Screen:
    return Screen((text,), (*rows, _home(render)))


CALCULATORS = ("registration_calculator", "stay_calculator")  # where "start again" leads
DATE_QUESTIONS = {
    DateField.ENTRY: _n("When did you cross the border into Kazakhstan?"),
    DateField.LAST_ENTRY: _n("When did you last enter Kazakhstan?"),
    DateField.LAST_EXIT: _n("When did you leave?"),
    DateField.TRIP_ENTRY: _n("An earlier trip: when did you enter?"),
    DateField.TRIP_EXIT: _n("And when did you leave that time?"),
}


def date_question(render: Renderer, dialog: Dialog) -> str:
    return render.gettext(DATE_QUESTIONS[dialog.asking or DateField.ENTRY])


def question(
    render: Renderer,
    ask: Ask,
    dialog: Dialog,
    rules: RuleSet,
    today: date,
    known_country: str | None = None,
    month: date | None = None,
) -> Screen:
    """The screen that asks ``ask`` (anything but the result)."""
    if ask is Ask.COUNTRY:
        return citizenship(render, rules, known_country)
    if ask is Ask.DATE:
        return ask_date(render, date_question(render, dialog), today, month)
    if ask is Ask.HOME:
        return accommodation(render)
    if ask is Ask.REGISTERED:
        return yes_no(
            render,
            render.gettext("Are you registered at your address in Kazakhstan?"),
            "registered",
            render.gettext("Yes, registered"),
            render.gettext("No, or I do not know"),
        )
    if ask is Ask.STILL_HERE:
        return yes_no(
            render,
            render.gettext("Are you in Kazakhstan now?"),
            "still_here",
            render.gettext("Yes, still here"),
            render.gettext("No, I have left"),
        )
    group = rules.group_for(dialog.country or OTHER)
    window = group[0].stay.window_days if group else 180
    return yes_no(
        render,
        render.ui_format(
            "Were you in Kazakhstan at other times in the last {days} days?", days=window
        ),
        "more_trips",
        render.gettext("Yes, add a trip"),
        render.gettext("No, count my days"),
    )


def result(render: Renderer, outcome: Outcome | None, remind: str | None) -> Screen:
    if isinstance(outcome, RegistrationResult):
        return registration_result(render, outcome, remind)
    if isinstance(outcome, StayResult):
        return stay_result(render, outcome, remind)
    return render.message(
        render.gettext(
            "These dates do not fit together (a trip ends before it starts, or trips overlap). "
            "Please count again."
        ),
        opens=CALCULATORS,
    )


def citizenship(render: Renderer, rules: RuleSet, known: str | None) -> Screen:
    """Passports in the rules, by name in the person's language; theirs first when known."""
    codes = sorted(
        rules.citizenships(),
        key=lambda code: (code != known, country_name(code, render.language).casefold()),
    )
    buttons = [Button(country_name(code, render.language), Step("country", code)) for code in codes]
    buttons.append(Button(render.gettext("Another country"), Step("country", "other")))
    return _screen(render, "🛂 " + render.gettext("Which passport do you have?"), _rows(buttons))


def ask_date(render: Renderer, question: str, today: date, month: date | None = None) -> Screen:
    """A date question: type it, or pick it on the calendar (past days only)."""
    example = today.strftime("%d.%m.%Y")
    text = render.ui_format(
        "{question}\n\nWrite the date, for example {example}, or choose it below.",
        question=question,
        example=example,
    )
    return Screen((text,), (*calendar_rows(render, today, month or today), _home(render)))


def calendar_rows(render: Renderer, today: date, month: date) -> Keyboard:
    first = month.replace(day=1)
    previous = (first - timedelta(days=1)).replace(day=1)
    following = (first + timedelta(days=31)).replace(day=1)
    title = f"{render.month_name(first)} {first.year}"
    header = [Button("‹", Step("month", previous.isoformat()[:7])), Button(title, Step("noop"))]
    if following <= today:
        header.append(Button("›", Step("month", following.isoformat()[:7])))
    rows: list[tuple[Button, ...]] = [tuple(header)]
    for week in calendar.Calendar().monthdatescalendar(first.year, first.month):
        rows.append(
            tuple(
                Button(str(day.day), Step("date", day.isoformat()))
                if day.month == first.month and day <= today
                else Button("·", Step("noop"))
                for day in week
            )
        )
    rows.append(
        (
            Button(render.gettext("Today"), Step("date", today.isoformat())),
            Button(
                render.gettext("Yesterday"), Step("date", (today - timedelta(days=1)).isoformat())
            ),
        )
    )
    return tuple(rows)


def choose_between(render: Renderer, candidates: tuple[date, ...]) -> Screen:
    buttons = [
        Button(render.weekday_date(day), Step("date", day.isoformat())) for day in candidates
    ]
    return _screen(render, "❓ " + render.gettext("Which date do you mean?"), _rows(buttons, 1))


ACCOMMODATION_LABELS = {
    "hotel": _n("Hotel or hostel"),
    "rented": _n("A rented flat or room"),
    "relatives": _n("With relatives or friends"),
    "employer": _n("Housing from my employer"),
}


def accommodation(render: Renderer) -> Screen:
    buttons = [
        Button(render.gettext(ACCOMMODATION_LABELS[kind]), Step("home", kind))
        for kind in ACCOMMODATIONS
    ]
    return _screen(
        render, "🏠 " + render.gettext("Where do you live in Kazakhstan?"), _rows(buttons, 1)
    )


def yes_no(render: Renderer, question: str, step: str, yes: str, no: str) -> Screen:
    buttons = [Button(yes, Step(step, "yes")), Button(no, Step(step, "no"))]
    return _screen(render, question, _rows(buttons, 1))


# --- results ---------------------------------------------------------------------------------


def _left(render: Renderer, days_left: int) -> str:
    if days_left > 0:
        return render.ui_format("days left: {days}", days=days_left)
    if days_left == 0:
        return render.gettext("today is the last day")
    return render.ui_format("missed {days} days ago", days=-days_left)


def _fact(render: Renderer, name: str) -> int:
    """A number from facts.yaml (rules.yaml's references to them are checked to be whole)."""
    return int(str(lookup(render.content, "facts", name)))


def _tenge(render: Renderer, mci: int) -> str:
    return render.number(mci * _fact(render, "mci_tenge"))


def _penalty(render: Renderer, penalty: Penalty) -> str:
    who = {
        "immigrant": render.gettext("for you"),
        "host_individual": render.gettext("for a private host"),
        "host_company": render.gettext("for a company as host"),
    }[penalty.who]
    if penalty.kind == "warning":
        return render.ui_format("{who}: a warning", who=who)
    if penalty.kind == "not_confirmed":
        return render.ui_format("{who}: the penalty is not confirmed", who=who)
    low = _fact(render, penalty.min_mci_fact or "")
    high = _fact(render, penalty.max_mci_fact or "")
    return render.ui_format(
        "{who}: a fine of {low}–{high} MCI ({low_tenge}–{high_tenge} tenge in {year})",
        who=who,
        low=low,
        high=high,
        low_tenge=_tenge(render, low),
        high_tenge=_tenge(render, high),
        year=_fact(render, "mci_year"),
    )


def _duty(render: Renderer, duty: DutyResult) -> str:
    action = {
        "register_online": render.gettext("You register online"),
        "host_notifies": render.gettext("Your host tells the migration police you came"),
    }[duty.action]
    if duty.need is Need.NOT_NEEDED:
        return "✅ " + render.ui_format(
            "{action}: not needed, your allowed stay ends before that.", action=action
        )
    when = render.weekday_date(duty.last_day)
    lines = [f"<b>{action}</b>"]
    if duty.need is Need.IF_STAYING_LONGER and duty.exempt_until:
        lines.append(
            render.ui_format(
                "Needed if you stay after {day}.", day=render.weekday_date(duty.exempt_until)
            )
        )
    lines.append(
        "📅 "
        + render.ui_format("Last day: {day} ({left})", day=when, left=_left(render, duty.days_left))
    )
    if not duty.confirmed:
        lines.append(
            "⚠️ "
            + render.gettext(
                "Not confirmed that this applies to your date: shown so that you do not miss it."
            )
        )
    lines += ["💸 " + _penalty(render, p) for p in duty.penalties]
    return "\n".join(lines)


def _uncertainty(
    render: Renderer, items: tuple[Uncertainty, ...], shown: date | None, stated: date | None
) -> list[str]:
    lines = []
    codes = {u.code for u in items}
    if stated and shown and stated != shown:
        lines.append(
            render.ui_format(
                "Some rules on counting days are not confirmed, so this is the earliest possible "
                "day. By the most likely reading it is {day}. Do it by the earlier day.",
                day=render.weekday_date(stated),
            )
        )
    if codes & {"estimated_holiday", "calendar_not_final"}:
        lines.append(
            render.gettext("Days off may still be moved by the government: check nearer the date.")
        )
    if "rule_unconfirmed" in codes:
        lines.append(render.gettext("The rule for your passport is not fully confirmed."))
    if "country_not_listed" in codes:
        lines.append(
            render.gettext(
                "Your country is not in our list: the general rule for visa-free countries is used."
            )
        )
    return ["⚠️ " + line for line in lines]


def _footer(render: Renderer) -> str:
    return "ℹ️ " + render.gettext(
        "A calculation, not legal advice. Free help: the Help menu. Read the rules below."
    )


def _result_rows(render: Renderer, calc: str, remind: str | None) -> Keyboard:
    """``remind``: what the "Remind me" button names (this result's deadlines), or None."""
    rows: list[tuple[Button, ...]] = []
    if remind:
        rows.append((Button("🔔 " + render.gettext("Remind me"), Step("remind", remind)),))
    rows += [
        (Button(render.title(node_id), Go(node_id)),)
        for node_id in RESULT_NODES[calc]
        if render.has_node(node_id)
    ]
    rows.append((Button("🔁 " + render.gettext("Count again"), Step("restart")),))
    return tuple(rows)


def registration_result(render: Renderer, result: RegistrationResult, remind: str | None) -> Screen:
    head = (
        "📋 <b>"
        + render.gettext("Your registration deadlines")
        + "</b>\n"
        + render.ui_format("Entry: {day}", day=render.weekday_date(result.event))
    )
    blocks = [head]
    if not result.duties:
        blocks.append(
            render.gettext("We have no rule for this date. Ask for free help: the Help menu.")
        )
    blocks += [_duty(render, duty) for duty in result.duties]
    first = next((d for d in result.duties if d.need is not Need.NOT_NEEDED), None)
    # A duty not confirmed for the date says so itself; here: counting rules and the passport.
    counting = tuple(
        u for d in result.duties for u in d.uncertainties if u.code != "rule_unconfirmed"
    )
    blocks += _uncertainty(
        render,
        counting + result.uncertainties,
        first.last_day if first else None,
        first.last_day_as_stated if first else None,
    )
    blocks.append(_footer(render))
    return _screen(render, "\n\n".join(blocks), _result_rows(render, "registration", remind))


def stay_result(render: Renderer, result: StayResult, remind: str | None) -> Screen:
    rule = result.rule
    blocks = [
        "📋 <b>" + render.gettext("Your days in Kazakhstan") + "</b>",
        render.ui_format(
            "Days counted in the last {window} days: {used} of {most}.",
            window=rule.window_days,
            used=result.days_used,
            most=rule.max_days_in_window,
        ),
    ]
    if result.overstay_days > 0 and result.last_legal_day:
        blocks.append(
            "⛔ <b>"
            + render.ui_format(
                "Your allowed time ended on {day}: {days} days over.",
                day=render.weekday_date(result.last_legal_day),
                days=result.overstay_days,
            )
            + "</b>\n"
            + render.gettext("Read what to do now, and get free help today.")
        )
    elif result.in_country and result.last_legal_day and result.days_left is not None:
        blocks.append(
            "📅 "
            + render.ui_format(
                "You may stay until {day} ({left}).",
                day=render.weekday_date(result.last_legal_day),
                left=_left(render, result.days_left),
            )
        )
    if not result.in_country or result.overstay_days > 0:
        blocks.append(
            "🛬 "
            + render.ui_format(
                "Next entry possible from {day}.", day=render.weekday_date(result.next_entry_day)
            )
        )
    if result.full_reset_day:
        blocks.append(
            "🔄 "
            + render.ui_format(
                "All days are free again from {day}.",
                day=render.weekday_date(result.full_reset_day),
            )
        )
    blocks += _uncertainty(
        render, result.uncertainties, result.last_legal_day, result.last_legal_day_as_stated
    )
    blocks.append(_footer(render))
    return _screen(render, "\n\n".join(blocks), _result_rows(render, "stay", remind))


# --- reminders -------------------------------------------------------------------------------


def _what(render: Renderer, what: str) -> str:
    return {
        "register_online": render.gettext("register online"),
        "host_notifies": render.gettext("your host tells the migration police you came"),
        "stay": render.gettext("the last day you may stay"),
    }.get(what, "")


def reminder(render: Renderer, what: str, deadline: date, node: str, today: date) -> Screen:
    text = "🔔 " + render.ui_format(
        "Reminder: {what} — {day} ({left}).",
        what=_what(render, what),
        day=render.weekday_date(deadline),
        left=_left(render, (deadline - today).days),
    )
    rows: Keyboard = ((Button(render.title(node), Go(node)),),) if render.has_node(node) else ()
    return _screen(render, text, rows)


def reminders_set(render: Renderer, reminders: list[tuple[date, str, date]]) -> Screen:
    """(the day it comes, what it is about, its deadline) for each reminder just set."""
    lines = ["🔔 " + render.gettext("I will remind you:")]
    lines += [_reminder_line(render, *item) for item in reminders]
    lines.append(render.gettext("/reminders shows or cancels them."))
    return _screen(render, "\n".join(lines), ())


def _reminder_line(render: Renderer, day: date, what: str, deadline: date) -> str:
    return "• " + render.ui_format(
        "{day}: {what}, last day {deadline}",
        day=render.weekday_date(day),
        what=_what(render, what),
        deadline=render.weekday_date(deadline),
    )


def reminders_list(render: Renderer, reminders: list[tuple[str, date, str, date]]) -> Screen:
    """(id, the day it comes, what it is about, its deadline) for each reminder set."""
    if not reminders:
        return _screen(render, render.gettext("You have no reminders."), ())
    lines = ["🔔 <b>" + render.gettext("Your reminders") + "</b>"]
    buttons = []
    for reminder_id, day, what, deadline in reminders:
        lines.append(_reminder_line(render, day, what, deadline))
        buttons.append(Button("✖️ " + render.weekday_date(day), Step("cancel", reminder_id)))
    buttons.append(Button(render.gettext("Cancel all"), Step("cancel", "all")))
    return _screen(render, "\n".join(lines), _rows(buttons, 1))
