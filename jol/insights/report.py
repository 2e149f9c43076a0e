"""The counts of a period, arranged for editors: people by language, the answers read and
how they were rated, and the questions Jol could not answer. A question is shown only when
at least ``min_people`` different people asked it on one day (tokens last a day, so only
within a day are people told apart), so that no single person's words appear."""

from __future__ import annotations

import csv
import io
from collections import defaultdict
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from datetime import date

from jol.insights import record
from jol.storage.stats import Count


@dataclass(frozen=True)
class Answer:
    node_id: str
    language: str
    read: int
    helpful: int
    not_helpful: int


@dataclass(frozen=True)
class Question:
    language: str
    text: str
    people: int
    why: str  # record.NOT_FOUND or record.UNHELPFUL_QUERY


@dataclass(frozen=True)
class Report:
    since: date
    until: date
    min_people: int
    visits: dict[str, int]  # language -> people counted once per day
    answers: list[Answer]  # per node and language, most read first
    questions: list[Question]  # asked by at least min_people people, most asked first
    hidden_questions: int  # asked by fewer people: not shown

    def top_answers(self, limit: int) -> list[tuple[str, Answer]]:
        """Per node, all languages together, most read first."""
        by_node: dict[str, list[int]] = defaultdict(lambda: [0, 0, 0])
        for answer in self.answers:
            totals = by_node[answer.node_id]
            totals[0] += answer.read
            totals[1] += answer.helpful
            totals[2] += answer.not_helpful
        ranked = sorted(by_node.items(), key=lambda item: (-item[1][0], -item[1][1], item[0]))
        return [(node, Answer(node, "", *totals)) for node, totals in ranked[:limit]]


def build(counts: Iterable[Count], since: date, until: date, min_people: int) -> Report:
    visits: dict[str, int] = defaultdict(int)
    answers: dict[tuple[str, str], dict[str, int]] = defaultdict(lambda: defaultdict(int))
    questions: list[Question] = []
    hidden = 0
    for count in counts:
        if count.kind == record.VISIT:
            visits[count.language] += count.people
        elif count.kind in (record.READ, record.HELPFUL, record.NOT_HELPFUL):
            answers[count.item, count.language][count.kind] += count.people
        elif count.kind in (record.NOT_FOUND, record.UNHELPFUL_QUERY):
            if count.most_in_a_day >= min_people:
                questions.append(Question(count.language, count.item, count.people, count.kind))
            else:
                hidden += 1
    rows = [
        Answer(node, language, c[record.READ], c[record.HELPFUL], c[record.NOT_HELPFUL])
        for (node, language), c in answers.items()
    ]
    rows.sort(key=lambda a: (-a.read, a.node_id, a.language))
    questions.sort(key=lambda q: (-q.people, q.language, q.text))
    return Report(
        since=since,
        until=until,
        min_people=min_people,
        visits=dict(sorted(visits.items(), key=lambda item: (-item[1], item[0]))),
        answers=rows,
        questions=questions,
        hidden_questions=hidden,
    )


def to_csv(report: Report, title: Callable[[str], str]) -> bytes:
    """One table for a spreadsheet (UTF-8 with a byte-order mark, which Excel needs to read
    Cyrillic): a row per language, per answer and language, per question shown."""
    out = io.StringIO()
    writer = csv.writer(out)
    writer.writerow(["section", "language", "id", "text", "people", "helpful", "not_helpful"])
    period = f"{report.since.isoformat()}..{report.until.isoformat()}"
    writer.writerow(["period", "", "", period, "", "", ""])
    for language, people in report.visits.items():
        writer.writerow(["people_per_day", language, "", "", people, "", ""])
    for a in report.answers:
        writer.writerow(
            ["answer", a.language, a.node_id, title(a.node_id), a.read, a.helpful, a.not_helpful]
        )
    for q in report.questions:
        writer.writerow([q.why, q.language, "", _safe_cell(q.text), q.people, "", ""])
    return ("\ufeff" + out.getvalue()).encode("utf-8")


def _safe_cell(text: str) -> str:
    """A spreadsheet would run text starting with = + - @ as a formula (CSV injection)."""
    return "'" + text if text[:1] in ("=", "+", "-", "@") else text
