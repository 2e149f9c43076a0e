"""Configuration from the environment and ``.env`` (pydantic-settings). See .env.example."""

from __future__ import annotations

import re
from pathlib import Path
from typing import Annotated, Literal

from pydantic import Field, SecretStr, field_validator, model_validator
from pydantic_settings import BaseSettings, NoDecode, SettingsConfigDict

from jol.handoff.hours import Hours

_TOKEN = re.compile(r"^\d{3,}:[A-Za-z0-9_-]{30,}$")


class Settings(BaseSettings):
    model_config = SettingsConfigDict(env_file=".env", env_file_encoding="utf-8", extra="ignore")

    bot_token: SecretStr | None = None
    telegram_api_url: str | None = None
    database_path: Path = Path("data/jol.sqlite3")
    # Empty: everything in the SQLite file. redis://...: state shared by several instances.
    # Secret, because the URL may carry a password.
    storage_url: SecretStr | None = None
    # The seed: served until NGO staff publish a version from Telegram (docs/EDITING.md).
    content_dir: Path = Path("content")
    locales_dir: Path = Path("locales")
    # Published content versions (/export, uploads, /versions, /rollback): never the seed.
    versions_dir: Path = Path("data/content-versions")
    # NoDecode: pydantic-settings would otherwise expect JSON ("[1,2]") for a list.
    admin_ids: Annotated[frozenset[int], NoDecode] = frozenset()
    log_level: str = "INFO"
    log_format: Literal["text", "json"] = "text"
    request_timeout: float = Field(default=30.0, gt=0)
    retry_attempts: int = Field(default=5, ge=1)
    retry_backoff: float = Field(default=1.0, ge=0)
    retry_max_wait: float = Field(default=60.0, gt=0)
    shutdown_timeout: float = Field(default=10.0, ge=0)
    flood_rate: int = Field(default=5, ge=1)  # messages ...
    flood_seconds: float = Field(default=3.0, gt=0)  # ... within this many seconds
    retention_days: int = Field(default=90, ge=1)
    # Hand-off to caseworkers: off while STAFF_CHAT_ID is empty. The staff group is a forum
    # supergroup where Jol is an admin that may manage topics.
    staff_chat_id: int | None = None
    staff_ngo_name: str = ""  # shown to people before they write: who will read them
    staff_hours: str = "Mon-Fri 09:00-18:00"  # Almaty time; public holidays are closed
    staff_language: str = "ru"  # the language of Jol's notes in the staff group
    staff_rate: int = Field(default=20, ge=1)  # messages a minute into the group (Telegram: ~20)
    # /stats shows a question people could not find an answer to only when at least this many
    # different people asked it, so that no one person's words are shown.
    stats_min_people: int = Field(default=3, ge=2)
    secret_path: Path = Path("data/secret.key")
    # Webhook mode (python bot.py webhook)
    webhook_url: str | None = (
        None  # public https URL Telegram calls, e.g. https://jol.example.org/telegram
    )
    webhook_secret: SecretStr | None = (
        None  # checked on every call (X-Telegram-Bot-Api-Secret-Token)
    )
    webhook_host: str = "127.0.0.1"
    webhook_port: int = 8080
    webhook_path: str = "/telegram"

    @field_validator("bot_token")
    @classmethod
    def _token_shape(cls, value: SecretStr | None) -> SecretStr | None:
        if value is not None and not value.get_secret_value():
            return None
        if value is not None and not _TOKEN.match(value.get_secret_value().strip()):
            raise ValueError(
                "BOT_TOKEN does not look like a token from @BotFather (digits:letters)"
            )
        return value

    @field_validator("storage_url")
    @classmethod
    def _redis_url(cls, value: SecretStr | None) -> SecretStr | None:
        url = value.get_secret_value().strip() if value is not None else ""
        if not url:
            return None
        if not url.startswith(("redis://", "rediss://", "unix://")):
            raise ValueError(
                "STORAGE_URL must be empty (SQLite) or a redis://, rediss:// or unix:// URL"
            )
        return SecretStr(url)

    @field_validator("staff_chat_id", mode="before")
    @classmethod
    def _empty_is_off(cls, value: object) -> object:
        return None if isinstance(value, str) and not value.strip() else value

    @field_validator("staff_chat_id")
    @classmethod
    def _supergroup(cls, value: int | None) -> int | None:
        if value is not None and value > -1_000_000_000_000:
            raise ValueError(
                "STAFF_CHAT_ID must be the id of a supergroup (it starts with -100), or empty"
            )
        return value

    @field_validator("staff_hours")
    @classmethod
    def _hours(cls, value: str) -> str:
        Hours.parse(value)  # says what is wrong
        return value

    @model_validator(mode="after")
    def _staff_named(self) -> Settings:
        if self.staff_chat_id is not None and not self.staff_ngo_name.strip():
            raise ValueError(
                "STAFF_NGO_NAME is needed with STAFF_CHAT_ID: people are told who will read "
                "their messages before they write"
            )
        return self

    @property
    def handoff(self) -> bool:
        return self.staff_chat_id is not None

    @field_validator("admin_ids", mode="before")
    @classmethod
    def _comma_separated(cls, value: object) -> object:
        if isinstance(value, str):
            parts = [part.strip() for part in value.split(",") if part.strip()]
            if not all(part.isdigit() for part in parts):
                raise ValueError(
                    "ADMIN_IDS must be numeric Telegram ids separated by commas, e.g. 1,2"
                )
            return frozenset(int(part) for part in parts)
        return value

    @field_validator("log_level")
    @classmethod
    def _level(cls, value: str) -> str:
        value = value.upper()
        if value not in {"DEBUG", "INFO", "WARNING", "ERROR"}:
            raise ValueError("LOG_LEVEL must be DEBUG, INFO, WARNING or ERROR")
        return value
