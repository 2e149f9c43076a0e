"""Country names for the citizenship list: from Babel's territory names, in the user's language.

rules.yaml holds only ISO 3166 alpha-2 codes; names come from CLDR (via Babel), which has them for
every shipped language (en ru kk uz uz_Cyrl tg ky), so no translator has to write them.
"""

from __future__ import annotations

from functools import cache

from babel import Locale

FALLBACK = "en"


@cache
def _territories(language: str) -> dict[str, str]:
    try:
        return dict(Locale.parse(language).territories)
    except (ValueError, LookupError):
        return {}


def country_name(code: str, language: str) -> str:
    """The name of ``code`` in ``language`` (falling back to English, then the code itself)."""
    code = code.upper()
    return _territories(language).get(code) or _territories(FALLBACK).get(code) or code


def sorted_by_name(codes: tuple[str, ...], language: str) -> tuple[str, ...]:
    """``codes`` in the alphabetical order of their names in ``language``."""
    return tuple(sorted(codes, key=lambda code: country_name(code, language).casefold()))
