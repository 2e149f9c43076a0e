"""One Router per feature, all for private chats, plus the staff group's (the hand-off to
caseworkers) and ``groups`` for everything else. Order matters: ``fallback`` is last and
catches what no other router handled; ``errors`` replies politely when a handler fails."""

from aiogram import F, Router
from aiogram.enums import ChatType

from handlers import (
    admin,
    alerts,
    calculators,
    editing,
    errors,
    fallback,
    feedback,
    groups,
    handoff,
    help,
    language,
    navigate,
    privacy,
    search,
    start,
    stats,
)


def all_routers() -> list[Router]:
    """Fresh routers on each call: an aiogram Router can belong to one Dispatcher only."""
    private = Router(name="private chats")
    private.message.filter(F.chat.type == ChatType.PRIVATE)
    private.edited_message.filter(F.chat.type == ChatType.PRIVATE)
    # calculators before navigate: a menu button that opens a calculator starts its dialog.
    # The hand-off after calculators (a date typed there is a date) and before search and
    # fallback: during a conversation with caseworkers, what the person sends goes to them.
    features = [start, language, calculators, navigate, feedback, alerts, help, privacy]
    features += [admin, stats, editing]
    private.include_routers(*(feature.router() for feature in features))
    private.include_router(handoff.person_router())
    private.include_routers(*(feature.router() for feature in (search, errors, fallback)))
    return [handoff.staff_router(), groups.router(), private]
