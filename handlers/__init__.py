"""One Router per feature. Order matters: ``fallback`` is last and catches what no other
router handled; ``errors`` replies politely when a handler fails."""

from aiogram import Router

from handlers import admin, errors, fallback, help, language, navigate, privacy, start


def all_routers() -> list[Router]:
    """Fresh routers on each call: an aiogram Router can belong to one Dispatcher only."""
    features = [start, language, navigate, help, privacy, admin, errors, fallback]
    return [feature.router() for feature in features]
