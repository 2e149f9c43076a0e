"""Free text outside a calculator's question: searched in every language and script, answered
with the best one to three screens, or an honest "not found" with the nearest topics (and the
emergency screen first whenever the text looks urgent). Offers a language switch once when the
text is clearly in another language than the one set."""

from __future__ import annotations

from aiogram import F, Router
from aiogram.fsm.context import FSMContext
from aiogram.types import Message
from aiogram.utils.i18n import gettext as _

from jol.i18n.ui import _n
from jol.insights.anonymise import anonymise
from jol.insights.record import Recorder
from jol.library import Library
from jol.render import Button, ChooseLanguage, Renderer, Screen
from jol.telegram.show import reply

MAX_QUERY = 300  # characters searched; longer texts are letters, not questions
OFFERED = "language_offered"  # FSM data: the switch was offered once, never again
# FSM data: the last question, anonymised, and the screens offered for it; a 👎 on one of
# them tells editors the question was not answered well (handlers/feedback.py).
LAST_SEARCH = "last_search"
SWITCH = _n("Switch to {language}?")


async def search(
    message: Message,
    library: Library,
    render: Renderer,
    state: FSMContext,
    insights: Recorder,
) -> None:
    query = (message.text or "")[:MAX_QUERY]
    index = library.search()
    hits = index.search(query, render.language)
    kept = anonymise(query, index.knows)  # never the text as typed
    if hits:
        text = _("This may answer your question:")
        opens = tuple(hit.node_id for hit in hits)
        searched = {"query": kept, "offered": list(opens)} if kept else None
        await state.update_data({LAST_SEARCH: searched})
    else:
        await insights.not_found(kept)
        text = _(
            "I did not find this. Try other words, or look in one of these topics. "
            "For your own case, free legal help is in the Help menu."
        )
        opens = tuple(index.nearest_topics(query, render.language))
    screen = render.message(text, opens=opens, ask_person=True)
    offer = index.suggest_language(query, render.language)
    if offer and not (await state.get_data()).get(OFFERED):
        await state.update_data({OFFERED: True})
        screen = _with_language_offer(screen, render, offer)
    await reply(message, screen)


def _with_language_offer(screen: Screen, render: Renderer, code: str) -> Screen:
    language = render.content.languages.languages[code]
    # In the offered language: that is the one the person reads.
    label = "🌐 " + render.ui(SWITCH, code).format(language=language.name)
    return Screen(screen.parts, ((Button(label, ChooseLanguage(code)),), *screen.keyboard))


def router() -> Router:
    router = Router(name="search")
    router.message.register(search, F.text, ~F.text.startswith("/"))
    return router
