"""A query as it may be kept for editors: what was asked, not who asked or about whom.

Dropped: every digit (dates, phone, passport and case numbers), e-mail addresses, links and
@usernames, and words that look like names: any capitalised word the content does not use
("Алия", "AHMED"; but "Регистрация" and "МВД" stay). What is left is lower-cased, so the same
question groups together however it was typed, and cut to a few words.
"""

from __future__ import annotations

import re
from collections.abc import Callable

MAX_WORDS = 12
MAX_CHARS = 120

_TOKEN = re.compile(r"\S+")
_CONTACT = re.compile(r"@|://|^www\.", re.IGNORECASE)
_EDGE_PUNCTUATION = "\"'«»“”„()[]{}<>.,;:!?…-–—*_/\\|"


def anonymise(text: str, known: Callable[[str], bool]) -> str | None:
    """The text without what could identify a person; None when nothing useful is left.

    ``known(word)``: the content uses this very word (in any language, any script), so a
    capitalised word that is known is part of a question, not a name."""
    kept: list[str] = []
    for raw in _TOKEN.findall(text):
        if _CONTACT.search(raw) or any(char.isdigit() for char in raw):
            continue
        word = raw.strip(_EDGE_PUNCTUATION)
        if not word or not any(char.isalpha() for char in word):
            continue
        if word[0].isupper() and not known(word):
            continue
        kept.append(word.lower())
        if len(kept) == MAX_WORDS:
            break
    query = " ".join(kept)[:MAX_CHARS].strip()
    return query or None
