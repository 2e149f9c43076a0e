"""Uzbek Latin -> Cyrillic, so readers who learnt the Cyrillic alphabet get the same, reviewed
translation (``uz_Cyrl`` is generated from ``uz``, never translated separately).

The rules are those of the 1995 Latin alphabet read back into Cyrillic: digraphs first (sh, ch,
gʻ, oʻ, yo, yu, ya, ye; -tsiya and -tsion of Russian loanwords as -ция, -цион), "e" as э at
the start of a word or after a vowel, ʼ as ъ. Placeholders,
markup, links, tags, commands and a few names that stay Latin everywhere are left untouched.
"""

from __future__ import annotations

import re

# Parts of a text that must not change: {placeholders}, <tags>, [link text](url)'s url,
# bare urls, /commands, and names written in Latin in every language.
_PROTECTED = re.compile(
    r"\{[^{}]*\}|<[^<>]*>|\]\([^()\s]*\)|https?://\S+|(?<!\w)/[a-z_]+|@\w+"
    r"|\b(?:Jol|UNHCR|eGov|Telegram|WhatsApp|Poedit|OK)\b"
    # File names, paths and technical words in admins' texts: content/*.yaml, bot.po,
    # Language:, ZIP, MB, registration_calculator
    r"|(?=[\w<>*./-]*[.*<])[\w<>*.-]+/[\w<>*./-]+"  # a path: content/*.yaml
    r"|\b\w+_\w+\b|[\w*-]+\.(?:po|zip|yaml|yml|png|csv)\b"  # names: bot.po, LC_MESSAGES
    r"|\b(?:ZIP|MB|PNG|CSV|PDF|QR|Language:)"
)
_APOSTROPHES = "ʻ‘'`"  # forms people type for the oʻ / gʻ mark
_VOWELS = "aeiouAEIOUоОʻ"
_DIGRAPHS = [
    ("tsiya", "ция"),
    ("tsion", "цион"),  # Russian loanwords: konsultatsiya, federatsiya
    ("shʼ", "шъ"),
    ("sh", "ш"),
    ("ch", "ч"),
    # yoʻ is y + oʻ (yoʻl -> йўл), not yo + ʻ
    *[(f"yo{mark}", "йў") for mark in "ʻ‘'`"],
    ("yo", "ё"),
    ("yu", "ю"),
    ("ya", "я"),
    ("ye", "е"),
    *[(f"g{mark}", "ғ") for mark in _APOSTROPHES],
    *[(f"o{mark}", "ў") for mark in _APOSTROPHES],
]
_LETTERS = dict(zip("abdfghijklmnpqrstuvxyz", "абдфгҳижклмнпқрстувхйз", strict=True)) | {
    "o": "о",
    "e": "е",
    "ʼ": "ъ",
    "’": "ъ",
}


def latin_to_cyrillic(text: str) -> str:
    out: list[str] = []
    position = 0
    for protected in _PROTECTED.finditer(text):
        out.append(_words(text[position : protected.start()]))
        out.append(protected.group())
        position = protected.end()
    out.append(_words(text[position:]))
    return "".join(out)


def _words(text: str) -> str:
    result: list[str] = []
    index = 0
    while index < len(text):
        previous = text[index - 1] if index else " "
        at_word_start = not previous.isalpha() and previous not in _APOSTROPHES + "ʼ’"
        for latin, cyrillic in _DIGRAPHS:
            chunk = text[index : index + len(latin)]
            if chunk.lower() == latin:
                result.append(_case(chunk, cyrillic))
                index += len(latin)
                break
        else:
            char = text[index]
            lower = char.lower()
            if lower == "e" and (at_word_start or previous in _VOWELS):
                result.append(_case(char, "э"))
            elif lower in _LETTERS:
                result.append(_case(char, _LETTERS[lower]))
            else:
                result.append(char)
            index += 1
    return "".join(result)


def _case(latin: str, cyrillic: str) -> str:
    """Sh -> Ш, SH -> Ш, sh -> ш."""
    if latin[:1].isupper():
        return cyrillic[:1].upper() + cyrillic[1:]
    return cyrillic
