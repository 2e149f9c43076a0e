"""Core Screen buttons -> Telegram inline keyboards."""

from __future__ import annotations

from aiogram.types import InlineKeyboardButton, InlineKeyboardMarkup

from jol.render import (
    AskPerson,
    Button,
    ChooseLanguage,
    Confirm,
    Go,
    Keyboard,
    OpenUrl,
    Rate,
    Step,
    Subscribe,
)
from jol.telegram.callbacks import (
    AskCallback,
    CalcCallback,
    ConfirmCallback,
    LanguageCallback,
    NavCallback,
    RateCallback,
    SubscribeCallback,
)


def inline_keyboard(keyboard: Keyboard, *, then: str = "") -> InlineKeyboardMarkup | None:
    if not keyboard:
        return None
    return InlineKeyboardMarkup(
        inline_keyboard=[[_button(button, then) for button in row] for row in keyboard]
    )


def _button(button: Button, then: str) -> InlineKeyboardButton:
    action = button.action
    if isinstance(action, Go):
        data = NavCallback(node=action.node).pack()
    elif isinstance(action, ChooseLanguage):
        data = LanguageCallback(code=action.code or "", then=then).pack()
    elif isinstance(action, Confirm):
        data = ConfirmCallback(what=action.what, yes=action.yes).pack()
    elif isinstance(action, Step):
        data = CalcCallback(step=action.step, value=action.value).pack()
    elif isinstance(action, Rate):
        data = RateCallback(node=action.node, helpful=action.helpful).pack()
    elif isinstance(action, AskPerson):
        data = AskCallback(step=action.step, node=action.node).pack()
    elif isinstance(action, Subscribe):
        data = SubscribeCallback(topic=action.topic, stop=action.stop).pack()
    elif isinstance(action, OpenUrl):
        return InlineKeyboardButton(text=button.label, url=action.url)
    return InlineKeyboardButton(text=button.label, callback_data=data)
