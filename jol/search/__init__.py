"""Free-text search (issue #9): what people type, in any of the six languages and either
script, to the screens that answer it. Plain Python, no Telegram.

- ``SearchIndex.search(query, language)``: at most three fitting answers, contact lists or
  menus (``Hit(node_id, score, relevance)``), the emergency screen first when the text looks
  urgent; an empty list when nothing fits.
- ``SearchIndex.nearest_topics``: main-menu entries for the "I did not find this" reply.
- ``SearchIndex.looks_urgent``, ``detect_language``, ``suggest_language``.
- ``index_for(bundle, content_dir)``: the index of a loaded content version, built on first
  use and kept while that version is served; a reload's new bundle gets a new index.

Modules: ``fold`` (transliteration and normalisation), ``similar`` (typos, endings, roots),
``stopwords``, ``keywords`` (content/search.yaml), ``detect`` (language), ``index`` (ranking).
"""

from __future__ import annotations

import weakref
from pathlib import Path

from jol.content.loader import ContentError
from jol.library import Bundle
from jol.search.index import Hit, SearchIndex
from jol.search.keywords import SearchKeywords, load_keywords

__all__ = ["Hit", "SearchIndex", "SearchKeywords", "build_index", "index_for", "load_keywords"]

_built: dict[tuple[int, Path], tuple[weakref.ref[Bundle], SearchIndex]] = {}


def build_index(bundle: Bundle, content_dir: Path) -> SearchIndex:
    """The index of a loaded content version with content/search.yaml's keywords. Raises
    ContentError when search.yaml has errors (``bot.py check`` and /reload report them)."""
    keywords, problems = load_keywords(content_dir, bundle.content)
    if problems:
        raise ContentError(problems)
    return SearchIndex(bundle.content, bundle.catalogs, keywords)


def index_for(bundle: Bundle, content_dir: Path) -> SearchIndex:
    """The index of ``bundle``, built once and dropped with the bundle."""
    key = (id(bundle), content_dir)
    found = _built.get(key)
    if found is not None and found[0]() is bundle:
        return found[1]
    for stale in [k for k, (ref, _) in _built.items() if ref() is None]:
        del _built[stale]
    index = build_index(bundle, content_dir)
    _built[key] = (weakref.ref(bundle), index)
    return index
