"""content/rules.yaml: it loads, every number comes from facts.yaml, every country has a name in
every shipped language, and an editor's mistake is reported with file:line."""

from datetime import date
from pathlib import Path

import pytest

from jol.calc.countries import country_name, sorted_by_name
from jol.content.loader import ContentError, load_content
from jol.content.problems import Severity
from jol.content.rules import COUNTING_RULES
from jol.content.validate import validate
from jol.library import load_bundle
from tests.calc.support import shipped
from tests.paths import FIXTURES, ROOT

LANGUAGES = ("en", "ru", "kk", "uz", "uz_Cyrl", "tg", "ky")


def test_shipped_rules_resolve_every_number_from_the_facts() -> None:
    content = load_content(ROOT / "content")
    rules = shipped()
    facts = {name: fact.value for name, fact in content.facts.values.items()}
    eaeu = next(g for g in rules.groups if g.id == "eaeu")
    assert eaeu.stay.per_entry_days == facts["work_eaeu_stay_days"]
    assert rules.obligations["immigrant_923"].days == facts["registration_deadline_days"]
    assert rules.obligations["immigrant_923"].valid_from == date(2026, 7, 1)
    assert rules.obligations["host_notice_2020"].valid_until == date(2026, 6, 30)
    assert set(rules.counting.rules) == set(COUNTING_RULES)
    for rule in rules.counting.rules.values():
        assert rule.sources and all(s in content.sources for s in rule.sources), rule.name


def test_every_unconfirmed_counting_rule_says_so_in_rules_yaml() -> None:
    """No counting rule could be confirmed against an official text (sources.yaml notes): if one
    is marked confirmed, its source must be read first."""
    assert [r.name for r in shipped().counting.rules.values() if r.confirmed] == []


@pytest.mark.parametrize("language", LANGUAGES)
def test_every_country_has_a_name_in_every_shipped_language(language: str) -> None:
    for code in shipped().citizenships():
        name = country_name(code, language)
        assert name and name != code, (language, code)
    assert country_name("UZ", "uz") == "Oʻzbekiston"
    assert country_name("KZ", "kk") == "Қазақстан"
    assert len(sorted_by_name(shipped().citizenships(), language)) == len(shipped().citizenships())


def test_fixture_rules_may_be_empty() -> None:
    content = load_content(FIXTURES / "content")
    assert content.rules.citizenships == {}


RULES_WITH_MISTAKES = """\
counting:
  entry_day_counts: {value: true, confirmed: false, sources: [no_such_source]}
registration:
  notice:
    who: host
    action: host_notifies
    needed: always
    deadline: {days: facts.no_such_fact, kind: working}
    confirmed: true
    sources: [fixture_law]
citizenships:
  some:
    countries: [UZ, XK, Q1]
    stay: {per_entry_days: facts.x, window_days: facts.x, max_days_in_window: facts.x}
    registration: [notice, missing_duty]
    confirmed: true
    sources: [fixture_law]
other_countries: nobody
"""


def test_rule_mistakes_are_reported_with_file_and_line(content_copy: Path) -> None:
    (content_copy / "rules.yaml").write_text(RULES_WITH_MISTAKES.replace(", Q1", ""), "utf-8")
    bundle = load_bundle(content_copy, FIXTURES / "locales")
    errors = [
        str(p)
        for p in validate(bundle.content, bundle.catalogs, date(2026, 11, 25))
        if p.severity is Severity.ERROR
    ]
    assert "rules.yaml:2: rules: unknown source 'no_such_source' → add it to sources.yaml" in errors
    assert (
        "rules.yaml:8: rules: registration.notice.deadline.days: unknown fact 'no_such_fact'"
        " → add it to facts.yaml" in errors
    )
    assert (
        "rules.yaml:14: rules: citizenships.some.stay.window_days: unknown fact 'x'"
        " → add it to facts.yaml" in errors
    )
    assert (
        "rules.yaml:13: rules: 'XK' is not an ISO 3166 country code → use the two-letter code, e.g. UZ"
        in errors
    )
    assert (
        "rules.yaml:15: rules: 'some' lists unknown registration duty 'missing_duty' → add it under registration:"
        in errors
    )
    assert "rules.yaml:18: rules: other_countries names unknown group 'nobody'" in errors


def test_schema_mistakes_stop_loading_with_file_and_line(content_copy: Path) -> None:
    (content_copy / "rules.yaml").write_text(
        RULES_WITH_MISTAKES.replace("kind: working", "kind: weekly").replace(
            "who: host", "whom: host"
        ),
        "utf-8",
    )
    with pytest.raises(ContentError) as caught:
        load_content(content_copy)
    messages = [str(p) for p in caught.value.problems]
    assert (
        "rules.yaml:5: registration.notice.whom: unknown field → check the spelling; see docs/EDITING.md for the fields"
        in messages
    )
    assert any(m.startswith("rules.yaml:8: registration.notice.deadline.kind:") for m in messages)
    assert any(m.startswith("rules.yaml:13: citizenships.some.countries.2:") for m in messages)
