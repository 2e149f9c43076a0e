"""/export: the content being served as one ZIP, laid out as a version directory, so the same
ZIP (changed) can be sent back."""

from __future__ import annotations

import io
import zipfile
from pathlib import Path

from jol.i18n.generated import GENERATED

README = """Jol content, version {version}

content/        the English texts and the facts (YAML). Edit with care: see docs/EDITING.md.
locales/<language>/LC_MESSAGES/content.po   translations of the content
locales/<language>/LC_MESSAGES/bot.po       translations of the buttons and messages

To translate: open a .po file in Poedit (or any text editor), fill in or correct msgstr,
keep every {{placeholder}} and <b>tag</b> exactly. An entry marked "fuzzy" has a translation
made for an older English text: compare, fix, and remove the fuzzy mark.
Uzbek in Cyrillic (uz_Cyrl) is made automatically from the Latin Uzbek (uz) catalog.

Send the changed .po or .yaml file, or this whole ZIP, back to the bot. It checks everything,
tells you what would change, and publishes only after you confirm. /versions lists the
versions; /rollback <version> restores one.
"""


def export_zip(files: dict[str, Path], version: str) -> bytes:
    """``files``: version-relative path -> file (ContentVersions.files)."""
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", compression=zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("README.txt", README.format(version=version))
        for relative, path in sorted(files.items()):
            if any(f"locales/{language}/" in relative for language in GENERATED):
                continue  # made from their source; sending them back would be refused
            archive.write(path, relative)
    return buffer.getvalue()
