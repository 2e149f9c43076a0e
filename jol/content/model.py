"""The content model: nodes, facts, contacts, sources and languages as validated data.

pydantic gives editors precise schema messages; ``extra="forbid"`` turns a typo in a field
name into an error instead of a silently ignored field.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from datetime import date
from typing import TYPE_CHECKING, Literal

from pydantic import BaseModel, ConfigDict, Field, HttpUrl

if TYPE_CHECKING:
    from jol.content.rules import Rules

# Node ids travel in callback data (<= 64 bytes with a prefix) and in deep links
# (t.me/<bot>?start=<id>, which allow A-Za-z0-9_-): this subset is safe in both.
NODE_ID = re.compile(r"^[a-z0-9_]{1,40}$")
ROOT = "main"
EMERGENCY = "emergency"  # the emergency screen: urgent searches and "Ask a person" lead there

NodeKind = Literal["menu", "question", "answer", "contacts", "calculator"]
# A calculator node starts a dialog (jol/calc) instead of showing a fixed answer.
CalculatorName = Literal["registration", "stay"]


class _Strict(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)


class Option(_Strict):
    to: str
    label: str | None = None


class Node(_Strict):
    id: str = ""
    kind: NodeKind
    title: str = Field(min_length=1)
    text: str | None = None
    options: tuple[Option, ...] = ()
    sources: tuple[str, ...] = ()
    legal: bool = True
    reviewed: date | None = None
    valid_from: date | None = None
    valid_until: date | None = None
    related: tuple[str, ...] = ()
    contacts: tuple[str, ...] = ()
    calculator: CalculatorName | None = None

    def in_force(self, day: date) -> bool:
        if self.valid_from and day < self.valid_from:
            return False
        return not (self.valid_until and day > self.valid_until)


class Fact(_Strict):
    value: str | int | float
    sources: tuple[str, ...] = ()
    note: str | None = None


class Contact(_Strict):
    name: str
    what: str | None = None
    phone: str | None = None
    address: str | None = None
    url: HttpUrl | None = None
    hours: str | None = None
    city: Literal["almaty", "astana", "shymkent", "national"] = "national"
    sources: tuple[str, ...] = ()


class Facts(_Strict):
    values: dict[str, Fact] = {}
    contacts: dict[str, Contact] = {}


class Source(_Strict):
    act: str
    article: str | None = None
    version_date: date | None = None
    url: HttpUrl | None = None
    checked: date | None = None
    note: str | None = None


class Language(_Strict):
    name: str
    fallback: tuple[str, ...] = ()
    telegram: tuple[str, ...] = ()  # extra Telegram language_code values that mean this language


class Languages(_Strict):
    default: str
    languages: dict[str, Language]


@dataclass(frozen=True)
class Located:
    """Where something was written, for messages an editor can act on."""

    file: str
    line: int

    def __str__(self) -> str:
        return f"{self.file}:{self.line}"


@dataclass(frozen=True)
class Content:
    """Loaded once per (re)load and never changed: handlers only read it."""

    nodes: dict[str, Node]
    facts: Facts
    rules: Rules
    sources: dict[str, Source]
    languages: Languages
    # "node:<id>[.<field>]", "fact:<name>", "source:<id>", "rules:<path.to.field>"
    where: dict[str, Located] = field(default_factory=dict)
    parents: dict[str, str] = field(default_factory=dict)

    @property
    def root(self) -> Node:
        return self.nodes[ROOT]

    def locate(self, key: str) -> Located | None:
        """The most precise known location of ``node:<id>.<field>``, else of the node."""
        while key:
            if key in self.where:
                return self.where[key]
            key = key.rpartition(".")[0]
        return None
