"""/stats arranged for editors: a question shows only once enough people asked it; the CSV
opens in a spreadsheet without running anything."""

from __future__ import annotations

import csv
import io
from datetime import date

from jol.insights import record
from jol.insights.report import build, to_csv
from jol.storage.stats import Count

DAY = date(2026, 11, 25)


def report(*counts: Count, min_people: int = 3):  # type: ignore[no-untyped-def]
    return build(counts, DAY, DAY, min_people)


def test_a_question_asked_by_fewer_than_k_people_is_hidden_and_counted() -> None:
    shown = report(
        Count(record.NOT_FOUND, "ru", "справка для собаки", 3, 3),
        Count(record.NOT_FOUND, "ru", "очень редкий вопрос", 2, 2),
        Count(record.NOT_FOUND, "ru", "один человек три дня", 3, 1),
        Count(record.UNHELPFUL_QUERY, "kk", "тіркеу", 5, 4),
    )
    assert [(q.text, q.people) for q in shown.questions] == [
        ("тіркеу", 5),
        ("справка для собаки", 3),
    ]
    assert shown.hidden_questions == 2  # one person on three days is still one person


def test_answers_add_up_across_languages_most_read_first() -> None:
    shown = report(
        Count(record.READ, "ru", "a", 2, 2),
        Count(record.READ, "kk", "a", 3, 3),
        Count(record.HELPFUL, "kk", "a", 1, 1),
        Count(record.READ, "en", "b", 4, 4),
        Count(record.NOT_HELPFUL, "en", "b", 2, 2),
    )
    assert [(node, a.read, a.helpful, a.not_helpful) for node, a in shown.top_answers(5)] == [
        ("a", 5, 1, 0),
        ("b", 4, 0, 2),
    ]


def test_the_csv_opens_in_excel_and_runs_no_formula() -> None:
    table = to_csv(
        report(
            Count(record.NOT_FOUND, "ru", "=HYPERLINK(1)", 3, 3),
            Count(record.VISIT, "ru", "", 7, 7),
        ),
        title=str.upper,
    )
    assert table.startswith("\ufeff".encode())  # Excel reads UTF-8 (Cyrillic) only with it
    rows = list(csv.DictReader(io.StringIO(table.decode("utf-8-sig"))))
    assert {"section": "people_per_day", "language": "ru", "people": "7"}.items() <= rows[1].items()
    assert rows[2]["text"] == "'=HYPERLINK(1)"
