"""The content and its translations, loaded and validated together, swapped as one.

``Library.current`` is replaced in a single assignment, so an update never sees half of two
versions; a reload that finds any error keeps serving what was there.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass
from datetime import date
from pathlib import Path
from typing import TYPE_CHECKING

from jol.content.loader import load_content
from jol.content.model import Content
from jol.i18n.catalogs import Catalogs

if TYPE_CHECKING:
    from jol.check import Report

CallbackData = Callable[[str], Iterable[str]]


@dataclass(frozen=True)
class Bundle:
    content: Content
    catalogs: Catalogs


def load_bundle(content_dir: Path, locales_dir: Path) -> Bundle:
    content = load_content(content_dir)
    return Bundle(content, Catalogs.load(locales_dir, content.languages))


class Library:
    def __init__(
        self, content_dir: Path, locales_dir: Path, callback_data: CallbackData | None = None
    ) -> None:
        self.content_dir = content_dir
        self.locales_dir = locales_dir
        self.callback_data = callback_data
        self.current = load_bundle(content_dir, locales_dir)
        # Every parent a node has had since start: a button for a node that a reload removed
        # leads to its nearest surviving ancestor.
        self._ancestry = dict(self.current.content.parents)

    def reload(self, as_of: date) -> Report:
        from jol.check import check  # check renders screens; keep the import out of start-up

        report = check(self.content_dir, self.locales_dir, as_of, self.callback_data)
        if report.ok and report.bundle is not None:
            self._ancestry.update(report.bundle.content.parents)
            self.current = report.bundle
        return report

    def surviving_ancestor(self, node_id: str, content: Content) -> str | None:
        seen = {node_id}
        while node_id in self._ancestry:
            node_id = self._ancestry[node_id]
            if node_id in content.nodes:
                return node_id
            if node_id in seen:  # a cycle across versions
                return None
            seen.add(node_id)
        return None
