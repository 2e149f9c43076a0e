"""The few words the date parser understands besides month names (which come from Babel).

Why a table here and not the UI catalog (bot.po): the parser must accept every spelling people
type — with and without Kazakh, Tajik and Uzbek letters, Uzbek in Latin and Cyrillic — in any
language at once (people switch languages, and type Russian in an Uzbek interface); a catalog holds
one translation per language, written for reading, and a translator rewording a button must not
change what the parser accepts. These are input vocabulary, not texts shown to anyone.

Words are folded before matching (see ``dates.fold``): case, ё/е, and letters specific to Kazakh,
Kyrgyz, Tajik and Uzbek Cyrillic are mapped to their Russian look-alikes, so «бүгін», «бугин» and
«БУГІН» are the same word.
"""

from __future__ import annotations

# Words that name a day relative to today: offset in days (0 today, -1 yesterday).
RELATIVE: dict[str, tuple[str, ...]] = {
    "en": ("today", "yesterday"),
    "ru": ("сегодня", "вчера"),
    "kk": ("бүгін", "кеше"),
    "uz": ("bugun", "kecha"),
    "uz_Cyrl": ("бугун", "кеча"),
    "tg": ("имрӯз", "дирӯз"),
    "ky": ("бүгүн", "кечээ"),
}
RELATIVE_EXTRA: dict[str, int] = {  # common spellings beyond the two above
    "кече": -1,  # Kyrgyz, short form
    "позавчера": -2,  # Russian, "the day before yesterday"
}

# Words that may stand next to a date and add nothing: year and ordinal markers.
FILLER: dict[str, tuple[str, ...]] = {
    "en": ("of", "th", "st", "nd", "rd", "year"),
    "ru": ("г", "гг", "год", "года", "году", "го", "е", "число", "числа"),
    "kk": ("ж", "жыл", "жылы", "жылғы", "жылдың", "і", "ы", "сі", "сы", "ші", "шы"),
    "uz": ("y", "yil", "yilning", "yili", "chi", "inchi", "sana"),
    "uz_Cyrl": ("й", "йил", "йилнинг", "йили", "чи", "инчи", "сана"),
    "tg": ("с", "сол", "соли", "санаи", "ум", "юм"),
    "ky": ("ж", "жыл", "жылы", "жылдын", "жылдың", "сы", "чы", "нчы", "нчи"),
}
