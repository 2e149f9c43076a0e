"""The operator's and the editor's commands: clear messages, honest exit codes."""

import json
import os
import subprocess
import sys
from pathlib import Path

from tests.paths import FIXTURES, ROOT


def _bot(
    *args: str, env: dict[str, str] | None = None, stdin: str = ""
) -> subprocess.CompletedProcess[str]:
    environment = {k: v for k, v in os.environ.items() if k not in {"BOT_TOKEN", "ADMIN_IDS"}}
    environment.update(
        {"CONTENT_DIR": str(FIXTURES / "content"), "LOCALES_DIR": str(FIXTURES / "locales")}
    )
    environment.update(env or {})
    return subprocess.run(
        [sys.executable, str(ROOT / "bot.py"), *args],
        input=stdin,
        capture_output=True,
        text=True,
        env=environment,
        cwd=ROOT,
        timeout=60,
    )


def test_check_passes_on_good_content_with_a_summary() -> None:
    result = _bot("check", "--as-of", "2026-11-25")
    assert result.returncode == 0, result.stdout
    assert result.stdout.rstrip().endswith(
        "OK: 0 error(s), 6 warning(s). 10 nodes in 6 languages checked as of 2026-11-25."
    )


def test_check_fails_when_reviews_are_over_a_year_old() -> None:
    result = _bot("check", "--as-of", "2028-01-01")
    assert result.returncode == 1
    assert result.stdout.startswith("Errors (")
    assert (
        "topics/rights.yaml:12: 'rights_police' was last reviewed on 2026-11-01, over 12 months ago"
        in result.stdout
    )


def test_check_reports_json_for_machines() -> None:
    report = json.loads(_bot("check", "--as-of", "2026-11-25", "--format", "json").stdout)
    assert report["ok"] is True
    assert report["problems"][0] == {
        "severity": "warning",
        "file": "sources.yaml",
        "line": 7,
        "message": "source 'fixture_order' has no link",
        "hint": "add url: to the official text if there is one",
    }


def test_check_counts_what_is_really_translated_per_language() -> None:
    report = json.loads(_bot("check", "--as-of", "2026-11-25", "--format", "json").stdout)
    messages = {p["file"]: p["message"] for p in report["problems"]}
    assert messages["locales/ru/LC_MESSAGES/content.po"] == (
        "ru (Русский) content, 27 texts: 14 translated (51%), 1 machine (3%), 1 fuzzy (3%), 11 missing (40%)"
    )
    assert (
        messages["locales/uz/LC_MESSAGES/content.po"]
        == "uz (Oʻzbekcha) content, 27 texts: 27 missing (100%)"
    )


def test_check_on_broken_content_exits_1_with_file_and_line(content_copy: Path) -> None:
    (content_copy / "topics/rights.yaml").write_text("rights:\n  kind: menu\n  title: [\n")
    result = _bot("check", env={"CONTENT_DIR": str(content_copy)})
    assert result.returncode == 1
    assert "topics/rights.yaml:4: YAML syntax" in result.stdout


def test_malformed_token_is_one_clear_line_that_does_not_echo_it() -> None:
    result = _bot("run", env={"BOT_TOKEN": "not-a-token-SECRET"})
    assert result.returncode == 2
    assert result.stderr.strip() == (
        "Configuration error: BOT_TOKEN: BOT_TOKEN does not look like a token from @BotFather (digits:letters)"
    )
    assert "SECRET" not in result.stderr + result.stdout


def test_malformed_admin_ids_are_explained() -> None:
    result = _bot("check", env={"ADMIN_IDS": "1;2"})
    assert result.returncode == 2
    assert "ADMIN_IDS must be numeric Telegram ids separated by commas" in result.stderr


def test_missing_content_directory_is_one_clear_line(tmp_path: Path) -> None:
    result = _bot("chat", env={"CONTENT_DIR": str(tmp_path / "none")})
    assert result.returncode == 2
    assert (
        result.stderr.strip()
        == f"Content directory not found: {tmp_path / 'none'} (set CONTENT_DIR)"
    )


def test_without_a_token_run_explains_how_to_get_one() -> None:
    result = _bot("run")
    assert "open @BotFather in Telegram, send /newbot" in result.stderr
    assert result.returncode == 2  # no terminal to chat in


def test_console_chat_walks_the_same_flow_without_a_token() -> None:
    result = _bot("chat", "--lang", "en", stdin="2\n1\n2\nq\n")
    assert result.returncode == 0, result.stderr
    out = result.stdout
    assert "Welcome to the test bot. Choose a topic." in out
    assert "[2] Registration" in out
    assert "How long will you stay in Kazakhstan?" in out
    assert "You must register" in out and "Register within 7 days." in out


def test_console_chat_asks_for_a_language_first() -> None:
    result = _bot("chat", stdin="2\nq\n")
    assert "[2] Русский" in result.stdout
    assert "Добро пожаловать в тестовый бот." in result.stdout


def test_admin_ids_are_read_from_a_comma_separated_list(monkeypatch) -> None:
    from jol.settings import Settings

    monkeypatch.setenv("ADMIN_IDS", "12, 34")
    assert Settings(_env_file=None).admin_ids == frozenset({12, 34})


def test_webhook_mode_refuses_to_start_without_a_secret() -> None:
    result = _bot(
        "webhook",
        env={"BOT_TOKEN": "123456:" + "A" * 35, "WEBHOOK_URL": "https://jol.example.org/t"},
    )
    assert result.returncode != 0
    assert "WEBHOOK_SECRET is not set" in result.stderr


def test_console_chat_counts_a_registration_deadline_like_telegram() -> None:
    from datetime import date

    from jol.console import chat
    from jol.library import load_bundle
    from tests.paths import ROOT

    bundle = load_bundle(ROOT / "content", ROOT / "locales")
    typed = iter(["3", "1", "10", "1.11.2026", "2", "q"])  # Registration, calculator, Uzbekistan
    shown: list[str] = []

    chat(bundle, ROOT / "locales", "en", date(2026, 11, 25), lambda _: next(typed), shown.append)

    out = "\n".join(shown)
    assert "Which passport do you have?" in out
    assert "Last day: Monday, November 30, 2026 (days left: 5)" in out


def test_console_chat_offers_no_alerts_a_terminal_could_not_receive() -> None:
    from datetime import date

    from jol.console import chat
    from jol.library import load_bundle
    from tests.paths import ROOT

    bundle = load_bundle(ROOT / "content", ROOT / "locales")
    typed = iter(["3", "q"])  # Registration: a topic
    shown: list[str] = []

    chat(bundle, ROOT / "locales", "en", date(2026, 11, 25), lambda _: next(typed), shown.append)

    out = "\n".join(shown)
    assert "Registration" in out and "◀️ Back" in out
    assert "Notify me of changes" not in out


def test_a_staff_group_without_the_ngos_name_is_refused_with_the_reason() -> None:
    result = _bot(
        "run",
        env={"BOT_TOKEN": "123456:" + "A" * 35, "STAFF_CHAT_ID": "-1001987654321"},
    )
    assert result.returncode != 0
    assert "STAFF_NGO_NAME is needed with STAFF_CHAT_ID" in result.stderr


def test_a_staff_chat_that_is_not_a_supergroup_is_refused(monkeypatch) -> None:
    import pytest
    from pydantic import ValidationError

    from jol.settings import Settings

    monkeypatch.setenv("STAFF_CHAT_ID", "12345")
    monkeypatch.setenv("STAFF_NGO_NAME", "Sana Sezim")
    with pytest.raises(ValidationError, match="starts with -100"):
        Settings(_env_file=None)
    monkeypatch.setenv("STAFF_CHAT_ID", "")
    assert not Settings(_env_file=None).handoff  # empty: no hand-off
