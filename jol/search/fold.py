"""Text -> search terms: one folded spelling for every way people write the same word.

People type Kazakh, Kyrgyz, Tajik and Russian in Latin letters, Uzbek in either script, and
the letters a Russian keyboard lacks (ә қ ң ө ұ ү і ғ ҳ ҷ ӣ ӯ ў) as their nearest Russian ones.
Rather than guess the script and language of each word, every word goes through one folding
into a small Latin alphabet where those spellings meet:

- Cyrillic letters of all five Cyrillic languages -> Latin (ә->a, қ->q, ң->ng, ө->o, ү ұ ӯ->u,
  і ӣ->i, ғ->g, ҳ һ х->h, ҷ ж->j, ш->sh, ч->ch, ц->ts; ъ ь dropped), and Uzbek Latin
  (oʻ gʻ lose their mark, so oʻ = o = Cyrillic ў);
- then the Latin spellings fold together: sh, ch -> one letter each; zh, dzh -> j; kh, x -> h;
  gh -> g; q -> k; c before e/i -> ts, else k; ts -> c; ng -> n; ye -> e; y -> i;
- finally runs of one letter shrink to one ("каттоо" = "катоо", "хуҷҷат" = "hujat").

The folding is lossy on purpose and is applied to the content and to queries alike: what
matters is that "прописка", "propiska" and "прaписка" (a Latin a) end up the same or one
letter apart, which the typo tolerance then absorbs.
"""

from __future__ import annotations

import re
import unicodedata
from functools import lru_cache

_CYRILLIC = {
    "а": "a",
    "ә": "a",
    "б": "b",
    "в": "v",
    "г": "g",
    "ғ": "g",
    "д": "d",
    "е": "e",
    "ё": "yo",
    "ж": "zh",
    "з": "z",
    "и": "i",
    "й": "y",
    "і": "i",
    "ӣ": "i",
    "к": "k",
    "қ": "q",
    "л": "l",
    "м": "m",
    "н": "n",
    "ң": "ng",
    "о": "o",
    "ө": "o",
    "п": "p",
    "р": "r",
    "с": "s",
    "т": "t",
    "у": "u",
    "ұ": "u",
    "ү": "u",
    "ӯ": "u",
    "ў": "o",
    "ф": "f",
    "х": "x",
    "ҳ": "h",
    "һ": "h",
    "ц": "ts",
    "ч": "ch",
    "ҷ": "j",
    "ш": "sh",
    "щ": "sh",
    "ъ": "",
    "ы": "y",
    "ь": "",
    "э": "e",
    "ю": "yu",
    "я": "ya",
}
# Latin letters of the Kazakh (2021), Turkic and other alphabets people may use.
_LATIN = {
    "ä": "a",
    "á": "a",
    "ö": "o",
    "ó": "o",
    "ü": "u",
    "ú": "u",
    "ū": "u",
    "ı": "i",
    "í": "i",
    "ş": "sh",
    "ç": "ch",
    "ğ": "g",
    "ñ": "ng",
    "ń": "n",
    "é": "e",
}
_TABLE = str.maketrans({**_CYRILLIC, **_LATIN})
# Marks inside words: Uzbek oʻ/gʻ and the tutuq belgisi ʼ, typed in many ways; English don't.
_APOSTROPHES = re.compile(r"[ʻʼ'’‘`´]")
# Applied in this order to the Latin spelling.
_FOLDS = (
    (re.compile(r"shch|sh"), "š"),
    (re.compile(r"ch"), "č"),
    (re.compile(r"c(?=[eiy])"), "ts"),
    (re.compile(r"c"), "k"),
    (re.compile(r"dzh|dj|zh"), "j"),
    (re.compile(r"kh|x"), "h"),
    (re.compile(r"gh"), "g"),
    (re.compile(r"q"), "k"),
    (re.compile(r"ts"), "c"),
    (re.compile(r"ng"), "n"),
    (re.compile(r"ye"), "e"),
    (re.compile(r"y"), "i"),
    (re.compile(r"(.)\1+"), r"\1"),
)
_WORD = re.compile(r"[^\W_](?:[^\W_]|ʻ)*")
_LETTERS_DIGITS = re.compile(r"\d+|[^\W\d_]+")


@lru_cache(maxsize=65536)
def fold(word: str) -> str:
    """One word (no spaces) in its folded spelling; "" when nothing is left."""
    text = unicodedata.normalize("NFC", word.casefold())
    text = _APOSTROPHES.sub("", text).translate(_TABLE)
    text = unicodedata.normalize("NFKD", text)
    text = "".join(char for char in text if not unicodedata.combining(char))
    for pattern, replacement in _FOLDS:
        text = pattern.sub(replacement, text)
    return text


def words(text: str) -> list[str]:
    """The words of a text, not split at apostrophes (which are dropped: "oʻtish" ->
    "otish"), letters and digits apart ("3мес" -> "3", "мес")."""
    text = _APOSTROPHES.sub("ʻ", text)  # one form, so that the word is not split at it
    found: list[str] = []
    for chunk in _WORD.findall(text):
        found += _LETTERS_DIGITS.findall(chunk.replace("ʻ", ""))
    return found


def terms(text: str) -> list[str]:
    """The folded search terms of a text, in order: words of one letter are dropped, numbers
    kept ("90 days in 180")."""
    out = []
    for word in words(text):
        term = fold(word)
        if len(term) > 1 or term.isdigit():
            out.append(term)
    return out
