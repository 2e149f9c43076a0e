"""Which language a query is written in, when that is clear; None when it is not.

Not lingua (lingua-language-detector): its models know Kazakh, Russian and English but not
Uzbek, Tajik or Kyrgyz, its wheel is about 96 MB, and it cannot read Kazakh or Russian typed
in Latin letters, which is how many people write. Instead, two kinds of evidence that cover
all six languages in both scripts:

- letters only some of the languages have: ә і ұ һ (Kazakh), ҷ ӣ ӯ (Tajik), ў (Uzbek
  Cyrillic), ң ө ү (Kazakh or Kyrgyz), ғ қ (Kazakh, Tajik or Uzbek), ҳ (Tajik or Uzbek),
  oʻ gʻ (Uzbek Latin);
- words: each folded word of the query is looked up (typos and endings allowed) in the
  content's texts of each language and in the function-word lists, and votes for the
  languages it is written in, in proportion to how often.

A language is named only when it has most of the evidence, by a clear margin; short or mixed
queries usually get None, and the bot then asks nothing.
"""

from __future__ import annotations

import re
from collections import defaultdict
from collections.abc import Mapping

from jol.search.fold import terms
from jol.search.similar import Vocabulary
from jol.search.stopwords import WORDS_BY_LANGUAGE

# letter -> the languages that have it (Cyrillic letters a Russian keyboard lacks)
LETTERS: dict[str, tuple[str, ...]] = {
    **dict.fromkeys("әіұһ", ("kk",)),
    **dict.fromkeys("ҷӣӯ", ("tg",)),
    "ў": ("uz",),
    **dict.fromkeys("ңөү", ("kk", "ky")),
    **dict.fromkeys("ғқ", ("kk", "tg", "uz")),
    "ҳ": ("tg", "uz"),
}
LETTER_WEIGHT = 1.5  # one distinctive letter counts like one and a half words
FUNCTION_WORD = 3.0  # a function word of a language counts this many times in its lexicon
MIN_EVIDENCE = 1.6  # about two words' worth (a distinctive letter and a word will do)
MIN_SHARE = 0.6  # of all the evidence
MIN_WORD_SIMILARITY = 0.75
_UZBEK_LATIN = re.compile(r"[og][ʻʼ'’‘`]", re.IGNORECASE)
_CYRILLIC = re.compile(r"[\u0400-\u04ff]")
GENERATED_SCRIPTS = {"uz": "uz_Cyrl"}  # a language read in Cyrillic when its query is


class LanguageDetector:
    def __init__(self, counts: Mapping[str, Mapping[str, float]], vocabulary: Vocabulary) -> None:
        """``counts``: language -> folded word -> how often the content uses it in that
        language. Languages written in two scripts (uz, uz_Cyrl) come as one."""
        self.vocabulary = vocabulary
        self.languages = sorted(counts)
        by_term: dict[str, dict[str, float]] = defaultdict(dict)
        for language, words in counts.items():
            for term, count in words.items():
                by_term[term][language] = by_term[term].get(language, 0.0) + count
        for language, function_words in WORDS_BY_LANGUAGE.items():
            if language in counts:
                for term in terms(function_words):
                    by_term[term][language] = by_term[term].get(language, 0.0) + FUNCTION_WORD
        self._share: dict[str, dict[str, float]] = {}
        for term, languages in by_term.items():
            whole = sum(languages.values())
            self._share[term] = {language: n / whole for language, n in languages.items()}
        self._function_words = Vocabulary(
            term for words in WORDS_BY_LANGUAGE.values() for term in terms(words)
        )

    def clear_caches(self) -> None:
        self._function_words.similar.cache_clear()

    def evidence(self, query: str) -> dict[str, float]:
        """Language -> how much of the query points to it."""
        found: dict[str, float] = defaultdict(float)
        for char in set(query.casefold()):
            languages = LETTERS.get(char, ())
            for language in languages:
                if language in self.languages:
                    found[language] += LETTER_WEIGHT / len(languages)
        if _UZBEK_LATIN.search(query) and "uz" in self.languages:
            found["uz"] += LETTER_WEIGHT
        for word in dict.fromkeys(terms(query)):
            if word.isdigit():
                continue
            for language, share in self._word(word).items():
                found[language] += share
        return dict(found)

    def _word(self, word: str) -> dict[str, float]:
        matches = [
            (term, alike)
            for term, alike in (*self.vocabulary.similar(word), *self._function_words.similar(word))
            if alike >= MIN_WORD_SIMILARITY and term in self._share
        ]
        if not matches:
            return {}
        best = max(alike for _, alike in matches)
        close = [(term, alike) for term, alike in matches if alike >= best - 0.05]
        votes: dict[str, float] = defaultdict(float)
        for term, _ in close:
            for language, share in self._share[term].items():
                votes[language] += share / len(close)
        return {language: best * share for language, share in votes.items()}

    def detect(self, query: str) -> str | None:
        evidence = self.evidence(query)
        if not evidence:
            return None
        language, strongest = max(evidence.items(), key=lambda item: item[1])
        if strongest < MIN_EVIDENCE or strongest < MIN_SHARE * sum(evidence.values()):
            return None
        if language in GENERATED_SCRIPTS and _CYRILLIC.search(query):
            return GENERATED_SCRIPTS[language]
        return language
