"""The content and its translations, loaded together and swapped as one (a later reload
replaces ``Library.current`` in a single assignment, so a request never sees half of each)."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from jol.content.loader import load_content
from jol.content.model import Content
from jol.i18n.catalogs import Catalogs


@dataclass(frozen=True)
class Bundle:
    content: Content
    catalogs: Catalogs


def load_bundle(content_dir: Path, locales_dir: Path) -> Bundle:
    content = load_content(content_dir)
    return Bundle(content, Catalogs.load(locales_dir, content.languages))


class Library:
    def __init__(self, content_dir: Path, locales_dir: Path) -> None:
        self.content_dir = content_dir
        self.locales_dir = locales_dir
        self.current = load_bundle(content_dir, locales_dir)
