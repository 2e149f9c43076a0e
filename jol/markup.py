"""The small markup editors write, turned into the HTML subset Telegram accepts.

Editors write ``**bold**``, ``__italic__``, ``[text](https://…)`` and ``- `` bullets; everything
else is escaped, so no text an editor or translator writes can produce HTML Telegram rejects.
Markup never spans lines, which also makes every line break a safe place to split a message.
"""

from __future__ import annotations

import html
import re

TELEGRAM_TEXT_LIMIT = 4096

_LINK = re.compile(r"\[([^\[\]\n]+)\]\(((?:https?|tg)://[^\s()<>\"]+)\)")
_MARKER = re.compile(r"\*\*|__")
_TAGS = {"**": "b", "__": "i"}


class MarkupError(ValueError):
    """Text an editor wrote that cannot be rendered (e.g. an unclosed ``**``)."""


def to_html(text: str) -> str:
    lines = [_line(line) for line in text.strip().splitlines()]
    return re.sub(r"\n{3,}", "\n\n", "\n".join(lines))


def _line(line: str) -> str:
    stripped = line.strip()
    if stripped.startswith("- "):
        return "• " + _inline(stripped[2:])
    return _inline(stripped)


def _inline(line: str) -> str:
    out: list[str] = []
    position = 0
    for link in _LINK.finditer(line):
        out.append(_emphasis(line[position : link.start()]))
        label, url = link.groups()
        out.append(f'<a href="{html.escape(url, quote=True)}">{_emphasis(label)}</a>')
        position = link.end()
    out.append(_emphasis(line[position:]))
    return "".join(out)


def _emphasis(part: str) -> str:
    out: list[str] = []
    open_tags: list[str] = []
    position = 0
    for marker in _MARKER.finditer(part):
        out.append(html.escape(part[position : marker.start()], quote=False))
        tag = _TAGS[marker.group()]
        if open_tags and open_tags[-1] == tag:
            open_tags.pop()
            out.append(f"</{tag}>")
        elif tag in open_tags:
            raise MarkupError(f"'{marker.group()}' closes out of order in: {part.strip()[:60]}")
        else:
            open_tags.append(tag)
            out.append(f"<{tag}>")
        position = marker.end()
    if open_tags:
        mark = "**" if open_tags[-1] == "b" else "__"
        raise MarkupError(
            f"'{mark}' is opened but not closed on the same line: {part.strip()[:60]}"
        )
    out.append(html.escape(part[position:], quote=False))
    return "".join(out)


def visible_length(html_text: str) -> int:
    """Length as Telegram counts it: UTF-16 code units of the text without tags."""
    plain = html.unescape(re.sub(r"<[^>]+>", "", html_text))
    return len(plain.encode("utf-16-le")) // 2


def to_plain(html_text: str) -> str:
    """For the console front end."""
    return html.unescape(re.sub(r"<[^>]+>", "", html_text))


def split_message(html_text: str, limit: int = TELEGRAM_TEXT_LIMIT) -> list[str]:
    """Split at paragraph, then line, then word boundaries so each part fits Telegram's limit.

    Tags never span lines (see module doc), so line boundaries are always safe; a single line
    longer than the limit is split between words outside tags.
    """
    if visible_length(html_text) <= limit:
        return [html_text]
    parts: list[str] = []
    current = ""
    for line in _pieces(html_text, limit):
        candidate = f"{current}\n{line}" if current else line
        if visible_length(candidate) <= limit:
            current = candidate
        else:
            if current:
                parts.append(current.strip("\n"))
            current = line
    if current.strip():
        parts.append(current.strip("\n"))
    return parts


def _pieces(html_text: str, limit: int) -> list[str]:
    pieces: list[str] = []
    for line in html_text.split("\n"):
        if visible_length(line) <= limit:
            pieces.append(line)
            continue
        pieces.extend(_split_long_line(line, limit))
    return pieces


def _split_long_line(line: str, limit: int) -> list[str]:
    # Tokens are tags, words or spaces. A chunk ends between words; tags still open there are
    # closed and reopened in the next chunk so each part is valid HTML on its own.
    tokens = re.findall(r"<[^>]+>|[^<\s]+|\s+", line)
    chunks: list[str] = []
    current: list[str] = []
    open_tags: list[str] = []
    size = 0

    def flush() -> None:
        nonlocal current, size
        closing = "".join(f"</{_tag_name(tag)}>" for tag in reversed(open_tags))
        chunks.append("".join(current).strip() + closing)
        current, size = list(open_tags), 0

    for token in tokens:
        if token.startswith("</"):
            open_tags.pop()
            current.append(token)
            continue
        if token.startswith("<"):
            open_tags.append(token)
            current.append(token)
            continue
        if size and size + visible_length(token) > limit:
            flush()
            if token.isspace():
                continue
        while visible_length(token) > limit:  # one "word" longer than a whole message
            cut = _safe_cut(token, limit)
            current.append(token[:cut])
            flush()
            token = token[cut:]
        current.append(token)
        size += visible_length(token)
    if "".join(current).strip():
        chunks.append("".join(current).strip())
    return chunks


def _tag_name(open_tag: str) -> str:
    return open_tag[1:].split()[0].rstrip(">")


def _safe_cut(token: str, limit: int) -> int:
    cut = limit // 2  # characters; at most 2 UTF-16 units each, so the head always fits
    entity = token.rfind("&", max(0, cut - 8), cut)
    return entity if entity > 0 else cut
