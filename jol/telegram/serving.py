"""Which content version the bot serves: the one ``CURRENT`` names (the seed when none).
/reload and SIGHUP come here, so an instance that shares ``VERSIONS_DIR`` with the one where
an admin published picks the new version up too."""

from __future__ import annotations

from datetime import date

from aiogram.utils.i18n import I18n

from jol.check import Report
from jol.editing.versions import ContentVersions
from jol.library import Library


def serve_current(library: Library, versions: ContentVersions, i18n: I18n, as_of: date) -> Report:
    """Checks and swaps in the current version, with its interface texts; on any error the
    content being served stays."""
    content_dir, locales_dir = versions.dirs()
    report = library.use(content_dir, locales_dir, as_of)
    if report.ok and i18n.path != locales_dir:
        i18n.path = locales_dir
        i18n.reload()
    return report
