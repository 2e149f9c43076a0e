"""The content and its translations, loaded and validated together, swapped as one.

``Library.current`` is replaced in a single assignment, so an update never sees half of two
versions; a reload that finds any error keeps serving what was there.
"""

from __future__ import annotations

import threading
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from datetime import date
from pathlib import Path
from typing import TYPE_CHECKING

from jol.clock import today
from jol.content.loader import ContentError, load_content
from jol.content.model import Content
from jol.content.problems import Severity
from jol.content.validate import STALE_REVIEW
from jol.i18n.catalogs import Catalogs

if TYPE_CHECKING:
    from jol.check import Report
    from jol.search import SearchIndex

ButtonData = Callable[[str], Iterable[str]]  # node id -> every callback_data that names it


@dataclass(frozen=True)
class Bundle:
    content: Content
    catalogs: Catalogs


def load_bundle(content_dir: Path, locales_dir: Path) -> Bundle:
    content = load_content(content_dir)
    return Bundle(content, Catalogs.load(locales_dir, content.languages))


class Library:
    def __init__(
        self,
        content_dir: Path,
        locales_dir: Path,
        callback_data: ButtonData | None = None,
        as_of: date | None = None,
    ) -> None:
        as_of = as_of or today()
        self.content_dir = content_dir
        self.locales_dir = locales_dir
        self.callback_data = callback_data
        self._switching = threading.Lock()  # reloads and publications, one at a time
        self.startup_report = self._checked(as_of)
        self.report = self.startup_report  # of what is served now (new warnings compare to it)
        assert self.startup_report.bundle is not None
        self._index(self.startup_report.bundle)
        self.current = self.startup_report.bundle
        # Every parent a node has had since start: a button for a node that a reload removed
        # leads to its nearest surviving ancestor.
        self._ancestry = dict(self.current.content.parents)

    def _checked(self, as_of: date) -> Report:
        """The same check as a reload. Only a review date that aged past a year may start the
        bot anyway (loudly logged): a service must not go dark because a date passed, but
        wrong or broken content must never go live, not even after a restart."""
        from jol.check import check

        report = check(self.content_dir, self.locales_dir, as_of, self.callback_data)
        blocking = [
            p for p in report.problems if p.severity is Severity.ERROR and p.code != STALE_REVIEW
        ]
        if report.bundle is None or blocking:
            raise ContentError(blocking or report.problems)
        return report

    def use(self, content_dir: Path, locales_dir: Path, as_of: date) -> Report:
        """Checks the content in these directories and, only when it passes, serves it from
        now on (/reload and SIGHUP: jol.telegram.serving; a publication: handlers/editing).
        One at a time, so a slower check cannot swap older content back in."""
        from jol.check import check  # check renders screens; keep the import out of start-up

        with self._switching:
            report = check(content_dir, locales_dir, as_of, self.callback_data)
            if report.ok and report.bundle is not None:
                self._index(report.bundle, content_dir)  # before the swap: searches stay fast
                self._ancestry.update(report.bundle.content.parents)
                self.content_dir, self.locales_dir = content_dir, locales_dir
                self.report = report
                self.current = report.bundle
            return report

    def search(self) -> SearchIndex:
        """The free-text search over the content being served."""
        from jol.search import index_for

        return index_for(self.current, self.content_dir)

    def _index(self, bundle: Bundle, content_dir: Path | None = None) -> None:
        from jol.search import index_for  # the search imports this module

        index_for(bundle, content_dir or self.content_dir)

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
