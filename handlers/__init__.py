"""One Router per feature, all for private chats, plus ``groups`` for everything else. Order
matters: ``fallback`` is last and catches what no other router handled; ``errors`` replies
politely when a handler fails."""

from aiogram import F, Router
from aiogram.enums import ChatType

from handlers import (
    admin,
    calculators,
    errors,
    fallback,
    feedback,
    groups,
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
    features = [start, language, calculators, navigate, feedback, help, privacy, admin, stats]
    features += [search]
    features += [errors, fallback]
    private.include_routers(*(feature.router() for feature in features))
    return [groups.router(), private]
