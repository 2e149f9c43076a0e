"""The real content's search index, built once for the whole directory."""

from __future__ import annotations

import pytest

from benchmarks.search import real_index
from jol.search import SearchIndex


@pytest.fixture(scope="session")
def index() -> SearchIndex:
    return real_index()
