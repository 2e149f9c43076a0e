"""Callback data factories. Short prefixes: node ids are at most 40 characters, so every
button fits Telegram's 64-byte callback_data limit."""

from __future__ import annotations

from aiogram.filters.callback_data import CallbackData


class NavCallback(CallbackData, prefix="n"):
    node: str


class LanguageCallback(CallbackData, prefix="l"):
    code: str  # "" opens the language picker
    then: str = ""  # node to show after choosing (deep links opened before a language was set)


class CalcCallback(CallbackData, prefix="k"):
    step: str  # a calculator's dialog step (jol.calc.dialog), e.g. "country"
    value: str = ""  # the answer: a country code, an ISO date, ...


class RateCallback(CallbackData, prefix="r"):
    node: str
    helpful: bool


class AskCallback(CallbackData, prefix="a"):
    step: str  # "consent", "named", "anonymous", "cancel", "end" (handlers/handoff.py)
    node: str = ""  # what the person was reading when they asked


class PublishCallback(CallbackData, prefix="p"):
    """An admin's answer to a checked content change (handlers/editing.py)."""

    action: str  # "publish", "alert" (publish and tell subscribers), "cancel"
    token: str  # the staged change (it knows the version it was checked against)


class ConfirmCallback(CallbackData, prefix="c"):
    what: str
    yes: bool


def callback_data_for(node_id: str) -> list[str]:
    """Every button payload that carries a node id, at its longest (for ``bot.py check``)."""
    return [
        NavCallback(node=node_id).pack(),
        RateCallback(node=node_id, helpful=False).pack(),
        AskCallback(step="anonymous", node=node_id).pack(),
        LanguageCallback(code="x" * 8, then=node_id).pack(),  # longer than any code (uz_Cyrl)
        SubscribeCallback(topic=node_id, stop=False).pack(),
    ]


class SubscribeCallback(CallbackData, prefix="s"):
    topic: str  # "Notify me of changes": toggles (handlers/alerts.py)
    stop: bool = False  # /alerts: only unsubscribes
