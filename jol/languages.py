"""Which shipped language a Telegram ``language_code`` means, if any."""

from __future__ import annotations

from jol.content.model import Languages


def from_telegram(languages: Languages, language_code: str | None) -> str | None:
    if not language_code:
        return None
    code = language_code.lower().replace("_", "-")
    for shipped, language in languages.languages.items():
        if code == shipped or code.split("-")[0] == shipped or code in language.telegram:
            return shipped
    return None
