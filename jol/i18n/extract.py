"""Babel extractor for content YAML (registered as ``jol_content`` in pyproject.toml).

Babel hands it one file at a time; it loads the whole content directory (the flow place in
translator comments needs the graph) and yields the fields written in that file, each as a
``pgettext`` message so the msgctxt is the node id + field.
"""

from __future__ import annotations

from collections.abc import Collection, Iterator, Mapping
from pathlib import Path
from typing import IO, Any

from jol.content.loader import load_content
from jol.i18n.fields import translatable_fields


def extract_content(
    fileobj: IO[bytes],
    keywords: Mapping[str, Any],
    comment_tags: Collection[str],
    options: Mapping[str, Any],
) -> Iterator[tuple[int, str, tuple[str, str], list[str]]]:
    path = Path(getattr(fileobj, "name", "")).resolve()
    content_dir = path.parent.parent if path.parent.name == "topics" else path.parent
    shown_as = path.relative_to(content_dir).as_posix()
    content = load_content(content_dir)  # a broken content stops extraction with file:line
    for field in translatable_fields(content):
        if field.where is not None and field.where.file == shown_as:
            yield field.where.line, "pgettext", (field.context, field.source), [field.comment]
