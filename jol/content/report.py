"""The check report: grouped by severity for people, JSON for machines."""

from __future__ import annotations

import json

from jol.content.problems import Problem, Severity


def as_text(problems: list[Problem], summary: str) -> str:
    lines: list[str] = []
    for severity, heading in ((Severity.ERROR, "Errors"), (Severity.WARNING, "Warnings")):
        group = [p for p in problems if p.severity is severity]
        if group:
            lines.append(f"{heading} ({len(group)}):")
            lines += [f"  {problem}" for problem in group]
            lines.append("")
    errors = sum(p.severity is Severity.ERROR for p in problems)
    warnings = len(problems) - errors
    verdict = "FAILED" if errors else "OK"
    lines.append(f"{verdict}: {errors} error(s), {warnings} warning(s). {summary}")
    return "\n".join(lines)


def as_json(problems: list[Problem], summary: str) -> str:
    return json.dumps(
        {
            "ok": not any(p.severity is Severity.ERROR for p in problems),
            "summary": summary,
            "problems": [
                {
                    "severity": p.severity.value,
                    "file": p.where.file if p.where else None,
                    "line": p.where.line if p.where else None,
                    "message": p.message,
                    "hint": p.hint,
                }
                for p in problems
            ],
        },
        ensure_ascii=False,
        indent=2,
    )
