"""The search index: every node's words in every language, ranked with BM25F.

A pure-Python inverted index, not SQLite FTS5. The content is small (about 90 nodes in seven
languages, some 8 000 distinct folded words): the index is built in about half a second on
every (re)load, holds about 13 MB in memory, and a query takes a few milliseconds
(`make bench-search`). FTS5 would bring a
tokenizer that knows neither our transliteration nor the Turkic and Tajik endings, and its
trigram tokenizer matches substrings, not words with typos: the folding (``fold``), the word
matching (``similar``) and the ranking would be ours anyway, and FTS5 only a posting list
behind SQL, in a database the core otherwise does not need. Here they are plain Python with
plain tests, and the whole index is rebuilt from the content that a /reload swaps in.

Ranking: a node is one document made of fields in every language (its title, the editors'
keywords, the labels of the buttons that lead to it, the question asked before it, its text,
its contacts, its menu's title), each with a weight. Each query word is matched with the
content's words that are like it (the same word, a typo, another ending, in either script)
and counts once per node, with its best match: the BM25 weight of that word in the node
(saturated, length-normalised) times how alike the two words are, times the query word's
rarity across nodes. Function words (stopwords.py) count a fifth.

All languages count alike, whichever the person chose: people mix Russian words into the
other languages and type in the other script, and favouring the chosen language's texts
lowered the hit rate of the evaluation set (tests/search_eval/).
"""

from __future__ import annotations

import math
import re
from collections import defaultdict
from dataclasses import dataclass

from jol.content.model import EMERGENCY, ROOT, Content, Node
from jol.i18n.catalogs import Catalogs
from jol.i18n.fields import node_context, option_context, record_context
from jol.placeholders import expand
from jol.search.detect import GENERATED_SCRIPTS, LanguageDetector
from jol.search.fold import terms
from jol.search.keywords import SearchKeywords
from jol.search.similar import Vocabulary
from jol.search.stopwords import is_stopword

RESULT_KINDS = ("answer", "contacts", "menu")
MAX_HITS = 3

# Field weights.
TITLE = 4.0
KEYWORD = 4.0  # content/search.yaml
LABEL = 2.0  # a button label that leads to the node ("Longer, or I do not know yet")
CONTACT = 1.5  # names and descriptions of the node's contacts
TEXT = 1.0
QUESTION = 1.0  # the title and text of the question whose options lead to the node
ADDRESS = 0.5
PARENT = 0.5  # the title of the menu that lists the node

MENU = 0.8  # a menu's score, relative to an answer's or a contact list's

# BM25: term-frequency saturation and length normalisation.
K1 = 2.0
B = 0.5
STOPWORD = 0.2  # weight of a function word, relative to its rarity

# What is shown: when one of the best hits matches at least this share of the query's
# meaningful words, the best hit and those that match as much, or score close to it.
MIN_RELEVANCE = 0.35
CLOSE = 0.6
SYNONYM = 0.9  # a synonym's words count this much of the word typed
SYNONYM_MATCH = 0.85  # how alike a query word must be to a synonym to bring in the others
URGENT_TYPO = 0.85  # how alike a query word must be to a long word of the urgent: lists

_URL = re.compile(r"\]\([^()\s]*\)|https?://\S+")


@dataclass(frozen=True)
class Hit:
    node_id: str
    score: float
    relevance: float = 1.0  # share of the query's meaningful words the node matches, 0..1


@dataclass(frozen=True, slots=True)
class _Posting:
    node: int
    weight: float  # BM25: saturated, length-normalised weight of the word in the node


class SearchIndex:
    """Built once per content version, read-only afterwards: safe to share between
    concurrent updates. ``search`` is the entry point; the other methods serve the reply
    when nothing fits and the offer to switch language."""

    def __init__(self, content: Content, catalogs: Catalogs, keywords: SearchKeywords) -> None:
        self.content = content
        fields = _Fields(content, catalogs, keywords)
        self.node_ids = fields.node_ids
        self._order = {node_id: i for i, node_id in enumerate(self.node_ids)}
        # An answer that fits beats the menu above it.
        self._boost = [MENU if content.nodes[n].kind == "menu" else 1.0 for n in self.node_ids]
        self.postings = _postings(fields)
        self.vocabulary = Vocabulary(self.postings)
        self.detector = LanguageDetector(fields.language_counts, self.vocabulary)
        self._urgent = [
            found
            for phrases in keywords.urgent.values()
            for phrase in phrases
            if (found := tuple(dict.fromkeys(terms(phrase))))
        ]
        self._urgent_words = Vocabulary(word for phrase in self._urgent for word in phrase)
        # folded word -> the other words of its synonym groups
        self._synonyms: dict[str, set[str]] = defaultdict(set)
        for group in keywords.synonyms:
            folded = {term for word in group for term in terms(word)}
            for term in folded:
                self._synonyms[term] |= folded - {term}
        self._synonym_words = Vocabulary(self._synonyms)

    # --- queries ---------------------------------------------------------------------------
    def search(self, query: str, language: str, limit: int = MAX_HITS) -> list[Hit]:
        """The answers, contact lists or menus that fit a free-text query, best first, at
        most ``limit``; none when nothing fits. When the text looks urgent the emergency
        screen comes first. ``language`` is the one the person chose; every language is
        searched alike (see the module's docstring)."""
        ranked = self.ranked(query, language)
        hits: list[Hit] = []
        if any(hit.relevance >= MIN_RELEVANCE for hit in ranked[:limit]):
            top = ranked[0].score
            hits = [h for h in ranked if h.relevance >= MIN_RELEVANCE or h.score >= CLOSE * top]
        if EMERGENCY in self.content.nodes and self.looks_urgent(query):
            first = Hit(EMERGENCY, (hits[0].score if hits else 0.0) + 1.0)
            hits = [first, *(h for h in hits if h.node_id != EMERGENCY)]
        return hits[:limit]

    def ranked(self, query: str, language: str) -> list[Hit]:
        """Every node that matches the query at all, best first, fitting or not. A word
        found nowhere scores nothing but still counts in each hit's relevance."""
        query_terms = list(dict.fromkeys(terms(query)))
        n = len(self.node_ids)
        scores = [0.0] * n
        matched = [0.0] * n
        meaningful_words = 0.0
        for word in query_terms:
            best: dict[int, float] = {}
            alike_in: dict[int, float] = {}
            for term, alike in self._like(word).items():
                for posting in self.postings[term]:
                    value = alike * posting.weight
                    if value > best.get(posting.node, 0.0):
                        best[posting.node] = value
                    if alike > alike_in.get(posting.node, 0.0):
                        alike_in[posting.node] = alike
            # Rarity (BM25's idf) over the nodes the word is in, each counted by how alike
            # its best match there is: squared, so that distant look-alikes count little.
            frequency = sum(alike**2 for alike in alike_in.values())
            rarity = math.log(1 + (n - frequency + 0.5) / (frequency + 0.5))
            meaningful = not is_stopword(word)
            if meaningful:  # found or not: a word we do not know is a part not understood
                meaningful_words += 1
            else:
                rarity *= STOPWORD
            for node, value in best.items():
                scores[node] += rarity * value
                if meaningful:
                    matched[node] += alike_in[node]
        hits = [
            Hit(
                self.node_ids[i],
                score * self._boost[i],
                matched[i] / meaningful_words if meaningful_words else 0,
            )
            for i, score in enumerate(scores)
            if score > 0
        ]
        hits.sort(key=lambda hit: (-hit.score, self._order[hit.node_id]))
        return hits

    def _like(self, word: str) -> dict[str, float]:
        """The content's words like a query word, and those of its synonyms."""
        found = dict(self.vocabulary.similar(word))
        for term, alike in self._synonym_words.similar(word):
            if alike < SYNONYM_MATCH:
                continue
            for synonym in self._synonyms[term]:
                for other, other_alike in self.vocabulary.similar(synonym):
                    value = alike * other_alike * SYNONYM
                    if value > found.get(other, 0.0):
                        found[other] = value
        return found

    def nearest_topics(self, query: str, language: str, limit: int = MAX_HITS) -> list[str]:
        """Main-menu entries for the reply when nothing fits: those under which the query's
        best matches are, then the main menu's first entries."""
        topics = [self._topic(hit.node_id) for hit in self.ranked(query, language)]
        root = self.content.nodes.get(ROOT)
        defaults = [option.to for option in root.options] if root else []
        return [t for t in dict.fromkeys([*topics, *defaults]) if t is not None][:limit]

    def looks_urgent(self, query: str) -> bool:
        """The query has a word, or all the words of an entry, of content/search.yaml's
        ``urgent:`` lists (any language, any script, endings and typos allowed)."""
        found: set[str] = set()
        for word in terms(query):
            found.update(self._urgent_matches(word))
        return bool(found) and any(all(w in found for w in phrase) for phrase in self._urgent)

    def _urgent_matches(self, word: str) -> set[str]:
        """The words of the urgent lists that a query word is: the same word; with more
        letters at the end, for a list word of four letters or more (задерж, задержали);
        with a typo, for a list word of seven letters or more. Stricter than search: a false
        alarm puts the emergency screen before the answer."""
        urgent = self._urgent_words
        found = {word} if word in urgent.index else set()
        found.update(word[:end] for end in range(4, len(word)) if word[:end] in urgent.index)
        found.update(
            term for term, alike in urgent.similar(word) if len(term) >= 7 and alike >= URGENT_TYPO
        )
        return found

    def detect_language(self, query: str) -> str | None:
        """The language the query is clearly written in, or None (short, mixed or unclear).
        Uzbek in Cyrillic letters is ``uz_Cyrl``."""
        found = self.detector.detect(query)
        return found if found in self.content.languages.languages else None

    def suggest_language(self, query: str, current: str) -> str | None:
        """A language to offer switching to: the query's, when it is clearly another one
        than ``current`` (Uzbek in either script counts as the same language)."""
        found = self.detect_language(query)
        if found is None or _spoken(found) == _spoken(current):
            return None
        return found

    def knows(self, word: str) -> bool:
        """The content (or the list of function words) has this very word, in any spelling
        that folds to the same: used to tell a capitalised question word from a name."""
        found = terms(word)
        return bool(found) and all(t in self.vocabulary.index or is_stopword(t) for t in found)

    def clear_caches(self) -> None:
        """Forget the words looked up so far (for benchmarking a first query)."""
        self.vocabulary.similar.cache_clear()
        self._urgent_words.similar.cache_clear()
        self._synonym_words.similar.cache_clear()
        self.detector.clear_caches()

    def _topic(self, node_id: str) -> str | None:
        parents = self.content.parents
        seen = set()
        while parents.get(node_id, ROOT) != ROOT and node_id not in seen:
            seen.add(node_id)
            node_id = parents[node_id]
        return node_id if node_id in self.content.nodes and node_id != ROOT else None


def _spoken(language: str) -> str:
    return next((base for base, other in GENERATED_SCRIPTS.items() if other == language), language)


class _Fields:
    """Each searchable node's weighted words, gathered language by language."""

    def __init__(self, content: Content, catalogs: Catalogs, keywords: SearchKeywords) -> None:
        self.content = content
        self.catalogs = catalogs
        self.node_ids = [
            node.id
            for node in content.nodes.values()
            if node.kind in RESULT_KINDS and node.id != ROOT
        ]
        self.searchable = set(self.node_ids)
        self.words: dict[str, dict[str, float]] = {node_id: {} for node_id in self.node_ids}
        self.lengths: dict[str, float] = dict.fromkeys(self.node_ids, 0.0)
        # For the language detector: how often each language's texts use each word.
        self.language_counts: dict[str, dict[str, float]] = defaultdict(dict)
        for language in content.languages.languages:
            for node in content.nodes.values():
                self._node(node, language)
            for node_id, entries in keywords.keywords.items():
                for phrase in entries.get(language, ()):
                    for target in self._targets(node_id):
                        self._add(target, language, phrase, KEYWORD)

    def _targets(self, node_id: str) -> list[str]:
        """Keywords of a question describe the answers it leads to."""
        node = self.content.nodes[node_id]
        if node_id in self.searchable:
            return [node_id]
        if node.kind == "question":
            return [option.to for option in node.options if option.to in self.searchable]
        return []

    def _node(self, node: Node, language: str) -> None:
        title = self._text(language, node_context(node.id, "title"), node.title)
        text = self._text(language, node_context(node.id, "text"), node.text)
        if node.id in self.searchable:
            self._add(node.id, language, title, TITLE)
            self._add(node.id, language, text, TEXT)
            for contact_id in node.contacts:
                self._contact(node.id, language, contact_id)
        for option in node.options:
            if option.to not in self.searchable:
                continue
            if option.label:
                label = self._text(language, option_context(node.id, option.to), option.label)
                self._add(option.to, language, label, LABEL)
            if node.kind == "question":
                self._add(option.to, language, title, QUESTION)
                self._add(option.to, language, text, QUESTION)
            elif node.id != ROOT and self.content.parents.get(option.to) == node.id:
                self._add(option.to, language, title, PARENT)

    def _contact(self, node_id: str, language: str, contact_id: str) -> None:
        contact = self.content.facts.contacts.get(contact_id)
        if contact is None:
            return
        for field_name, weight in (("name", CONTACT), ("what", CONTACT), ("address", ADDRESS)):
            context = record_context("contact", contact_id, field_name)
            text = self._text(language, context, getattr(contact, field_name))
            self._add(node_id, language, text, weight)

    def _text(self, language: str, context: str, source: str | None) -> str | None:
        """The text as shown in this language, the same way the screens get it; None when
        that would be a fallback to another language (indexed in its own language)."""
        if not source:
            return None
        found = self.catalogs.translate(language, context, source)
        if found.language != language:
            return None
        return _URL.sub(" ", expand(found.text, self.content))

    def _add(self, node_id: str, language: str, text: str | None, weight: float) -> None:
        if not text:
            return
        found = terms(text)
        words = self.words[node_id]
        counts = self.language_counts[_spoken(language)]
        for term in found:
            words[term] = words.get(term, 0.0) + weight
            counts[term] = counts.get(term, 0.0) + 1.0
        self.lengths[node_id] += weight * len(found)


def _postings(fields: _Fields) -> dict[str, list[_Posting]]:
    lengths = fields.lengths
    average = sum(lengths.values()) / max(1, len(lengths)) or 1.0
    postings: dict[str, list[_Posting]] = defaultdict(list)
    for index, node_id in enumerate(fields.node_ids):
        norm = 1 - B + B * lengths[node_id] / average
        for term, weight in fields.words[node_id].items():
            x = weight / norm
            postings[term].append(_Posting(index, x * (K1 + 1) / (x + K1)))
    return dict(postings)
