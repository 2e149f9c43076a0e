"""Words that say little about what is asked: pronouns, question words, particles, greetings.

They still count, a fifth of another word, so that "how" and "how much" differ a little, but
they cannot make a query look answered on their own. The lists are short and cover the six
languages; they are folded like everything else, so each form is written once, in one script.
Modal words (можно, нужно, бола ма, boladimi, мешавад, керекпи), "how much" and the verbs of
doing (делать, qilish, кардан) are in: nearly every question has one. Words that carry meaning
in these questions stay out (без, without, bar, жоқ).
"""

from __future__ import annotations

from jol.search.fold import terms
from jol.search.similar import root

WORDS_BY_LANGUAGE = {
    "ru": """я меня мне мной мой моя мое моё мои моего мы нас нам наш наша ты тебя тебе вы вас
        вам ваш ваша он она оно они его ее её их им ним это этот эта эти то тот та что чем чего
        как какой какая какие каком где куда откуда когда зачем почему кто кому ли же бы не ни
        нет да и а но или в во на с со к ко по за из от до для о об у при если так уже еще ещё
        все всё очень просто пожалуйста привет здравствуйте скажите подскажите можно нужно
        надо есть быть был была было будет делать сделать дела сколько скока""",
    "en": """i me my mine we us our you your he she it its they them their this that these
        those a an the and or but if of to in on at for from by with about as is are was were
        be been am do does did can could will would should may might must have has had what
        which who whom whose where when why how there here so not yes please hello hi tell
        much many""",
    "kk": """мен менің маған мені сен сіз сізге сіздің біз бізге ол олар оның бұл осы сол не
        неге қалай қандай қайда қашан кім ма ме ба бе па пе ғой және да де та те енді сәлем
        рахмет өтінемін бола болады болмайды керек қажет қанша неше жасау жасаймын жасайды""",
    "uz": """men meni menga mening sen siz sizga sizning biz bizga ular bu shu nima nega
        qanday qanaqa qayerda qayerga qachon kim mi va ham bilan uchun lekin yoki endi salom
        rahmat iltimos boladi boladimi mumkin kerak kerakmi qancha necha nechi qilish qilay
        qilaman qiladi qilsa""",
    "tg": """ман маро ту шумо мо вай онҳо ин он чӣ чи чаро тавр кадом куҷо кай кӣ ки ва ё
        бо дар аз ба барои то ҳам ҳаст аст салом раҳмат лутфан мешавад метавонам
        метавонад мумкин лозим чанд кардан карда кунам кунад кунанд кунед мекунам мекунад
        мекунанд мекунед""",
    "ky": """мен мага мени менин сен сиз сизге сиздин биз бизге ал алар бул ушул ошол эмне
        эмнеге кантип кандай кайда качан ким бы би бу бү пы пи жана менен үчүн бирок же да де
        та те салам рахмат суранам болот болобу болбойт керек керекпи канча кылам кылат
        кылуу кылса""",
}

STOPWORDS: frozenset[str] = frozenset(
    term for words in WORDS_BY_LANGUAGE.values() for term in terms(words)
)


def is_stopword(term: str) -> bool:
    """A function word, also with endings ("қалайсың" is "қалай", "boladimi" is "boladi");
    endings only after four letters or more ("мен" would take in "менты")."""
    if term in STOPWORDS:
        return True
    stem = root(term)
    return any(term[:end] in STOPWORDS and root(term[:end]) == stem for end in range(4, len(term)))
