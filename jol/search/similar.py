"""How alike a typed word and a word of the content are, after folding: 1 for the same word,
less for the same word with a typo, with another ending, or both.

Only Russian and English have Snowball stemmers; Kazakh, Kyrgyz, Uzbek and Tajik add chains
of suffixes (паспорт-ым-ды, kun-lar-i-miz) that no stemmer here knows. Every language is
therefore treated alike: a word matches another when one is, up to a typo or two, the
beginning of the other (a stem with endings), or when both have the same root once known
endings are stripped (``root``). The typo tolerance is an edit distance (Damerau: a swap of
two letters counts once) within a narrow band, computed only for the content's words that
share enough character trigrams with the query word, or that are one deleted letter apart
from it (SymSpell's trick, for short words whose trigrams one typo breaks).
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable
from functools import lru_cache

MIN_STEM = 4  # a shorter beginning is no evidence of the same word
MIN_ROOT = 3
# Endings of Kazakh, Kyrgyz and Uzbek (plural, case, possessive) and of Tajik (-ҳо, -ро, -и,
# possessives), folded: the root is what is left when they are stripped, longest first, at
# most three times ("паспорт-ым-ды", "kun-lar-i", "хат-ҳо-и"). Words of one root match a
# little less than words of one beginning: roots are short, and two words can share one.
_ENDINGS = """
    lar ler lor dar der dor tar ter tor ho
    nin din tin nun dun tun ga ge go ka ke ko na ne ni di ti nu du tu
    da de do ta te to dan den don tan ten ton nan nen non men ben pen ro
    im in i si iz imiz iniz miz niz um un u su uz umuz unuz
    am at aš amon aton ašon sin siz sun suz
"""
SUFFIXES = tuple(sorted(set(_ENDINGS.split()), key=lambda s: (-len(s), s)))
MIN_SIMILARITY = 0.5
MAX_CANDIDATES = 40  # words compared per query word, most shared trigrams first


def trigrams(term: str) -> set[str]:
    padded = f"^{term}$"
    return {padded[i : i + 3] for i in range(len(padded) - 2)}


def allowed_edits(length: int) -> int:
    """Typos tolerated in a word of this length: none in short words, where one letter
    more or less is another word."""
    if length <= 4:
        return 0
    if length <= 7:
        return 1
    if length <= 11:
        return 2
    return 3


def similarity(query: str, term: str) -> float:
    """0 (unrelated) .. 1 (the same folded word)."""
    if query == term:
        return 1.0
    if query.isdigit() or term.isdigit():
        return 0.0
    m, n = len(query), len(term)
    band = max(allowed_edits(min(m, n)), 1)
    full, query_is_stem, term_is_stem = _distances(query, term, band)
    best = 0.0
    if full <= allowed_edits(min(m, n)):
        best = 1.0 - 1.5 * full / max(m, n)
    # One is the beginning of the other (with typos): a stem and its endings.
    for distance, stem, suffix in (query_is_stem, term_is_stem):
        if stem >= MIN_STEM and distance <= allowed_edits(stem) and suffix > 0:
            typo = 1.0 - 1.5 * distance / stem
            best = max(best, typo * max(0.6, 1.0 - 0.05 * suffix))
    # Both have endings after a shared beginning ("pasport-imdi", "pasport-inizdi").
    shared = _common_prefix(query, term)
    if shared >= MIN_STEM + 1 and shared >= 0.6 * min(m, n):
        best = max(best, 0.7 * shared / min(m, n))
    return best if best >= MIN_SIMILARITY else 0.0


@lru_cache(maxsize=65536)
def root(term: str) -> str:
    """The term without the endings it seems to have; the term itself when none. A final
    g or b left by an ending is the k or p of the bare word (жарандык, жарандыгы)."""
    stripped = False
    for _ in range(3):
        for suffix in SUFFIXES:
            if term.endswith(suffix) and len(term) - len(suffix) >= MIN_ROOT:
                term = term[: -len(suffix)]
                stripped = True
                break
        else:
            break
    if stripped and term[-1] in "gb":
        term = term[:-1] + ("k" if term[-1] == "g" else "p")
    return term


def root_similarity(length: int) -> float:
    return 0.6 if length <= 3 else 0.75 if length == 4 else 0.8


def _common_prefix(a: str, b: str) -> int:
    n = 0
    for x, y in zip(a, b, strict=False):
        if x != y:
            break
        n += 1
    return n


_FAR = 99


def _distances(a: str, b: str, band: int) -> tuple[int, tuple[int, int, int], tuple[int, int, int]]:
    """Banded Damerau (optimal string alignment) distance between a and b, and the best
    alignment of all of a with a beginning of b (distance, stem length, b's leftover) and
    of all of b with a beginning of a."""
    m, n = len(a), len(b)
    previous2: list[int] = []
    previous = [j if j <= band else _FAR for j in range(n + 1)]
    last_column = [(previous[n], 0)]  # (distance, i) with all of b aligned to a[:i]
    for i in range(1, m + 1):
        current = [_FAR] * (n + 1)
        if i <= band:
            current[0] = i
        low, high = max(1, i - band), min(n, i + band)
        ai = a[i - 1]
        for j in range(low, high + 1):
            cost = 0 if ai == b[j - 1] else 1
            value = min(previous[j] + 1, current[j - 1] + 1, previous[j - 1] + cost)
            if (
                i > 1
                and j > 1
                and ai == b[j - 2]
                and a[i - 2] == b[j - 1]
                and previous2[j - 2] + 1 < value
            ):
                value = previous2[j - 2] + 1
            current[j] = value
        last_column.append((current[n], i))
        previous2, previous = previous, current
    full = previous[n]
    # all of a against b[:j]
    a_stem = min(((previous[j], j) for j in range(max(1, m - band), n + 1)), default=(_FAR, 0))
    b_stem = min(last_column[max(1, n - band) :], default=(_FAR, 0))
    return (
        full,
        (a_stem[0], m, n - a_stem[1]),
        (b_stem[0], n, m - b_stem[1]),
    )


def _deletions(term: str) -> set[str]:
    return {term[:i] + term[i + 1 :] for i in range(len(term))}


class Vocabulary:
    """Every folded word of the content, with a trigram index to find the ones like a word."""

    def __init__(self, terms: Iterable[str]) -> None:
        self.terms = sorted(set(terms))
        self._by_trigram: dict[str, list[int]] = {}
        for index, term in enumerate(self.terms):
            for gram in trigrams(term):
                self._by_trigram.setdefault(gram, []).append(index)
        self.index = {term: index for index, term in enumerate(self.terms)}
        # One letter left out of each word (SymSpell): finds the words one typo away whose
        # trigrams a swap or a wrong letter broke ("štarf" for "štraf").
        self._deletes: dict[str, list[int]] = {}
        for index, term in enumerate(self.terms):
            if len(term) >= MIN_STEM and not term.isdigit():
                for variant in _deletions(term):
                    self._deletes.setdefault(variant, []).append(index)
        self._by_root: dict[str, list[int]] = {}
        for index, term in enumerate(self.terms):
            if not term.isdigit():
                self._by_root.setdefault(root(term), []).append(index)
        self.similar = lru_cache(maxsize=16384)(self._similar)

    def _similar(self, query: str) -> tuple[tuple[str, float], ...]:
        """The words of the content like ``query``, most alike first."""
        found: dict[str, float] = {}
        if query in self.index:
            found[query] = 1.0
        if len(query) > 3 and not query.isdigit():
            grams = trigrams(query)
            shared: Counter[int] = Counter()
            for gram in grams:
                shared.update(self._by_trigram.get(gram, ()))
            need = max(2, len(grams) // 3)
            candidates = sorted((-count, index) for index, count in shared.items() if count >= need)
            close = {i for v in (query, *_deletions(query)) for i in self._deletes.get(v, ())}
            close.update(self.index[v] for v in _deletions(query) if v in self.index)
            for index in sorted(close):
                term = self.terms[index]
                if term not in found and (score := similarity(query, term)):
                    found[term] = score
            for _, index in candidates[:MAX_CANDIDATES]:
                term = self.terms[index]
                if term not in found:
                    score = similarity(query, term)
                    if score:
                        found[term] = score
        if len(query) >= MIN_ROOT and not query.isdigit():
            stem = root(query)
            alike = root_similarity(len(stem))
            for index in self._by_root.get(stem, ()):
                term = self.terms[index]
                if found.get(term, 0.0) < alike:
                    found[term] = alike
        return tuple(sorted(found.items(), key=lambda item: (-item[1], item[0])))
