"""Cross-cutting concerns, in the order they run on each update:

1. ``UserContextMiddleware`` (outer): the user's pseudonym, chosen language and last-seen day.
2. ``ProfileI18nMiddleware``: aiogram's i18n with the locale picked from that context.
3. ``RendererMiddleware``: a ``Renderer`` for this user, so handlers only choose what to show.
4. ``InsightsMiddleware``: an ``insights`` recorder for this person and day; counts the visit.
aiogram's ``CallbackAnswerMiddleware`` then answers every callback query, even on errors.
"""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from datetime import date
from typing import Any

from aiogram import BaseMiddleware
from aiogram.enums import ChatType
from aiogram.types import Chat, TelegramObject, User
from aiogram.utils.i18n import I18n, I18nMiddleware

from jol import languages
from jol.clock import ALMATY, Clock
from jol.insights.record import Counter, Recorder
from jol.library import Bundle, Library
from jol.privacy import Pseudonymizer
from jol.render import Renderer
from jol.storage.stores import ProfileStore, SubscriptionStore

Handler = Callable[[TelegramObject, dict[str, Any]], Awaitable[Any]]
RendererFor = Callable[[str], Renderer]  # data["renderer_for"]: the same, in another language


class UserContextMiddleware(BaseMiddleware):
    """Puts ``user_ref``, ``language`` (explicit choice or Telegram's, if shipped; else None)
    and ``language_chosen`` into the handler data."""

    def __init__(
        self,
        profiles: ProfileStore,
        pseudonymizer: Pseudonymizer,
        library: Library,
        clock: Clock,
        subscriptions: SubscriptionStore | None = None,
    ) -> None:
        self.profiles = profiles
        self.pseudonymizer = pseudonymizer
        self.library = library
        self.clock = clock
        self.subscriptions = subscriptions

    async def __call__(self, handler: Handler, event: TelegramObject, data: dict[str, Any]) -> Any:
        user: User | None = data.get("event_from_user")
        data["bundle"] = self.library.current
        data["now"] = self.clock().astimezone(ALMATY)
        data["today"] = data["now"].date()
        if user is None:
            data.update(user_ref=None, language=None, language_chosen=False)
            return await handler(event, data)
        user_ref = self.pseudonymizer.ref(user.id)
        chosen = await self.profiles.language(user_ref)
        known = data["bundle"].content.languages  # the bundle this update is rendered with
        language = chosen if chosen in known.languages else None
        data.update(
            user_ref=user_ref,
            language=language or languages.from_telegram(known, user.language_code),
            language_chosen=language is not None,
        )
        await self.profiles.touch(user_ref, data["today"])
        if self.subscriptions is not None:  # kept while the person uses Jol, as the profile
            await self.subscriptions.touch(user_ref, data["today"])
        return await handler(event, data)


class ProfileI18nMiddleware(I18nMiddleware):
    async def get_locale(self, event: TelegramObject, data: dict[str, Any]) -> str:
        return data.get("language") or self.i18n.default_locale


class RendererMiddleware(BaseMiddleware):
    def __init__(self, i18n: I18n, handoff: bool = False) -> None:
        self.i18n = i18n
        self.handoff = handoff

    async def __call__(self, handler: Handler, event: TelegramObject, data: dict[str, Any]) -> Any:
        username = (await data["bot"].me()).username  # cached by aiogram after the first call
        data["renderer_for"] = lambda language: self.renderer(data, language, username)
        data["render"] = self.renderer(
            data, data.get("language") or self.i18n.default_locale, username
        )
        return await handler(event, data)

    def renderer(self, data: dict[str, Any], language: str, username: str | None) -> Renderer:
        return make_renderer(
            data["bundle"], self.i18n, language, data["today"], username, handoff=self.handoff
        )


class InsightsMiddleware(BaseMiddleware):
    """Counts, for editors, that a person used Jol today (once per day, in their language),
    and gives handlers a recorder for what else to count. Only private chats: the staff group
    is not a user of Jol."""

    def __init__(self, counter: Counter) -> None:
        self.counter = counter

    async def __call__(self, handler: Handler, event: TelegramObject, data: dict[str, Any]) -> Any:
        chat: Chat | None = data.get("event_chat")
        user_ref = data.get("user_ref")
        if user_ref is not None and chat is not None and chat.type == ChatType.PRIVATE:
            data["insights"] = Recorder(
                self.counter, user_ref, data["render"].language, data["today"]
            )
            await data["insights"].visited()
        return await handler(event, data)


def make_renderer(
    bundle: Bundle,
    i18n: I18n,
    language: str,
    today: date,
    username: str | None,
    *,
    handoff: bool = False,
) -> Renderer:
    """What every screen is rendered with: during an update, and for reminders outside one."""
    return Renderer(
        content=bundle.content,
        catalogs=bundle.catalogs,
        language=language,
        ui=lambda text, code: i18n.gettext(text, locale=code),
        today=today,
        deep_link=(lambda node: f"https://t.me/{username}?start={node}") if username else None,
        handoff=handoff,
    )
