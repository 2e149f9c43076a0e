"""Calculators: pure functions over dates and the rules in content/rules.yaml.

Nothing here reads files, the clock or the network, and nothing returns text: results carry
dates, numbers and codes, and the handlers turn them into words. "Today" is passed in (an Almaty
date: ``jol.clock.today()``), so every result is reproducible.

- ``dates.parse_date``: what the user typed -> a date, or why it cannot be one.
- ``stay.stay_status``: days used under "N in 180", the last legal day, when days free up.
- ``registration.registration_deadlines``: who must register or notify, by when, the penalty.
- ``workdays.WorkCalendar``: Kazakhstan's working days (``holidays`` + rules.yaml overrides).
- ``ruleset.RuleSet``: rules.yaml with every ``facts.`` number resolved, as plain data.
"""
