"""A local stand-in for the Telegram Bot API, strict enough to be a referee.

The real bot process talks to it over HTTP exactly as it talks to api.telegram.org
(`TelegramAPIServer.from_base(fake.base_url)`, long polling), so an end-to-end test exercises
aiogram's real request encoding and response decoding. A fake that answers ok to everything
would prove nothing, so this one rejects what Telegram rejects, with Telegram's own error
descriptions (aiogram maps the HTTP status to an exception class; bot code matches on the
description, e.g. "message is not modified").

Where the real server is *lenient but the result is wrong for the user* (a bare "&" or ">" in
HTML is shown literally, an `<a>` with a bad href silently loses its link, formatting inside
`<code>` is silently dropped, a scheme-less button URL is guessed), `strict=True` (the default)
rejects it too, with a description that says the fake is stricter than Telegram. The HTML rules
follow TDLib's `parse_html` (the parser behind the Bot API) and the documented rules at
https://core.telegram.org/bots/api#html-style.

Besides private chats the fake knows supergroups the bot is in (`add_group`), among them forum
supergroups (`add_forum_group`) where the bot, an administrator with can_manage_topics, opens a
topic per person; staff members write there (`staff_sends`, as Telegram delivers topic messages:
message_thread_id, is_topic_message, reply_to_message = the topic's creation message). The topic
rules follow TDLib's ForumTopicManager and the error texts the Bot API derives from it.

All simulation methods are synchronous and must be called from the event loop the server runs
on (the test's loop); they only enqueue updates, which the bot receives by polling.
"""

from __future__ import annotations

import asyncio
import copy
import itertools
import json
import math
import mimetypes
import re
import time
from collections import deque
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from typing import Any

import aiohttp
from aiohttp import web

__all__ = [
    "Call",
    "CallbackAnswer",
    "FakeBotAPI",
    "FakeGroup",
    "FakeTopic",
    "FakeUser",
    "SentMessage",
    "TelegramHTMLError",
    "parse_telegram_html",
    "parse_telegram_html_entities",
    "utf16_len",
]

MAX_TEXT_UTF16 = 4096
MAX_CAPTION_UTF16 = 1024
MAX_TOPIC_NAME = 128
# createForumTopic's documented icon colours; Telegram gives a topic created without one the first
TOPIC_ICON_COLORS = (0x6FB9F0, 0xFFD67E, 0xCB86DB, 0x8EEE98, 0xFF93B2, 0xFB6F5F)
MAX_CALLBACK_DATA_BYTES = 64
MAX_CALLBACK_ANSWER_CHARS = 200
STRICT_NOTE = " (the fake is stricter than Telegram here, which would accept it but {})"


def utf16_len(text: str) -> int:
    """Telegram counts lengths and offsets in UTF-16 code units (an emoji outside the BMP is 2)."""
    return len(text.encode("utf-16-le")) // 2


# --------------------------------------------------------------------------------------------
# The HTML referee
# --------------------------------------------------------------------------------------------


class TelegramHTMLError(ValueError):
    """Not valid Telegram HTML; `description` is what follows "can't parse entities: "."""

    def __init__(self, description: str) -> None:
        super().__init__(description)
        self.description = description


_TAGS = frozenset(("a", "b", "strong", "i", "em", "s", "strike", "del", "u", "ins", "tg-spoiler",
                   "tg-emoji", "span", "pre", "code", "blockquote"))  # fmt: skip
_SIMPLE = {"b": "bold", "strong": "bold", "i": "italic", "em": "italic", "u": "underline"}
_SIMPLE |= {"ins": "underline", "s": "strikethrough", "strike": "strikethrough"}
_SIMPLE |= {"del": "strikethrough", "tg-spoiler": "spoiler", "span": "spoiler"}
_NAMED_ENTITIES = {b"lt": "<", b"gt": ">", b"amp": "&", b"quot": '"'}
_SPACES = frozenset(b" \t\r\n\v\f\0")  # TDLib's is_space; NUL doubles as the end sentinel
_LINK_SCHEMES = ("http://", "https://", "tg://")


def _is_ascii_alnum(byte: int) -> bool:
    return byte < 128 and chr(byte).isalnum()


def _decode_entity(data: bytes, pos: int) -> tuple[str, int, bool] | None:
    """TDLib's decode_html_entity: (character, next position, ended with ';') or None when the
    '&' at `pos` does not start a supported entity (Telegram then shows the '&' literally)."""

    def at(k: int) -> int:
        return data[k] if k < len(data) else 0

    end, code = pos + 1, 0
    if at(end) == ord("#"):
        end += 1
        hexadecimal = at(end) == ord("x")
        end += hexadecimal
        digits = b"0123456789abcdefABCDEF" if hexadecimal else b"0123456789"
        while at(end) and at(end) in digits:
            code = code * (16 if hexadecimal else 10) + int(chr(at(end)), 16)
            end += 1
            if code >= 0x10FFFF:
                return None
        if code == 0 or end - pos >= 10:
            return None
        char = chr(code)
    else:
        while at(end) < 128 and chr(at(end)).isalpha():
            end += 1
        named = _NAMED_ENTITIES.get(data[pos + 1 : end])
        if named is None:
            return None
        char = named
    semicolon = at(end) == ord(";")
    return char, end + semicolon, semicolon


def parse_telegram_html_entities(text: str, *, strict: bool = True) -> tuple[str, list[dict]]:
    """Parse `text` as Telegram does for parse_mode=HTML: the visible text and its entities
    (offsets in UTF-16 units, Bot API JSON shape). Raises TelegramHTMLError with Telegram's
    description. Written from TDLib's parse_html and the Bot API docs, not from any bot code."""
    data = text.encode("utf-8")
    out = bytearray()
    entities: list[dict] = []
    stack: list[tuple[str, str, int, int]] = []  # tag, argument, UTF-16 start, byte start in out
    utf16 = 0

    def at(k: int) -> int:
        return data[k] if k < len(data) else 0

    fail = TelegramHTMLError
    i = 0
    while i < len(data):
        c = data[i]
        if c == ord("&"):
            decoded = _decode_entity(data, i)
            if decoded is not None and (decoded[2] or not strict):
                char, i, _ = decoded
                if 0xD800 <= ord(char) <= 0xDFFF:
                    raise fail(
                        "Text contains invalid Unicode characters after decoding HTML entities, "
                        "check for unmatched surrogate code units"
                    )
                out += char.encode("utf-8")
                utf16 += utf16_len(char)
                continue
            if strict:
                what = "an HTML entity must end with ';'" if decoded else "use &amp;"
                raise fail(
                    f'Unescaped "&" at byte offset {i}: {what}'
                    + STRICT_NOTE.format("show it literally")
                )
        if c == ord(">") and strict:
            raise fail(
                f'Unescaped ">" at byte offset {i}: use &gt;' + STRICT_NOTE.format("show it")
            )
        if c != ord("<"):
            out.append(c)
            if c & 0xC0 != 0x80:  # first byte of a UTF-8 sequence; 4-byte ones are 2 units
                utf16 += 1 + (c >= 0xF0)
            i += 1
            continue

        begin = i
        i += 1
        if at(i) != ord("/"):  # a start tag
            while at(i) not in _SPACES and at(i) != ord(">"):
                i += 1
            if at(i) == 0:
                raise fail(f"Unclosed start tag at byte offset {begin}")
            tag = data[begin + 1 : i].lower().decode("utf-8", "replace")
            if tag not in _TAGS:
                raise fail(f'Unsupported start tag "{tag}" at byte offset {begin}')
            argument = ""
            has_href = False
            while at(i) != ord(">"):
                while at(i) != 0 and at(i) in _SPACES:
                    i += 1
                if at(i) == ord(">"):
                    break
                name_begin = i
                while at(i) not in _SPACES and at(i) not in b"=>":
                    i += 1
                name = data[name_begin:i].decode("utf-8", "replace")
                if not name:
                    raise fail(f'Empty attribute name in the tag "{tag}" at byte offset {begin}')
                while at(i) != 0 and at(i) in _SPACES:
                    i += 1
                if at(i) != ord("="):
                    if tag == "blockquote" and name == "expandable":
                        argument = "expandable"
                        continue
                    raise fail(
                        "Expected equal sign in declaration of an attribute of the tag "
                        f'"{tag}" at byte offset {begin}'
                    )
                i += 1
                while at(i) != 0 and at(i) in _SPACES:
                    i += 1
                if at(i) == 0:
                    raise fail(f'Unclosed start tag "{tag}" at byte offset {begin}')
                if at(i) not in b"'\"":  # a name token: letters, digits, '.', '-'
                    token_begin = i
                    while at(i) and (_is_ascii_alnum(at(i)) or at(i) in b".-"):
                        i += 1
                    value = data[token_begin:i].lower().decode()
                    if at(i) not in _SPACES and at(i) != ord(">"):
                        raise fail(f"Unexpected end of name token at byte offset {token_begin}")
                else:
                    quote = at(i)
                    i += 1
                    raw = bytearray()
                    while at(i) != quote and at(i) != 0:
                        decoded = _decode_entity(data, i) if at(i) == ord("&") else None
                        if decoded is not None:
                            raw += decoded[0].encode("utf-8", "surrogatepass")
                            i = decoded[1]
                        else:
                            raw.append(at(i))
                            i += 1
                    i += at(i) == quote
                    value = raw.decode("utf-8", "replace")
                if at(i) == 0:
                    raise fail(f"Unclosed start tag at byte offset {begin}")
                if tag == "a" and name == "href":
                    argument, has_href = value, True
                elif tag == "code" and name == "class" and value.startswith("language-"):
                    argument = value[len("language-") :]
                elif tag == "span" and name == "class" and value.startswith("tg-"):
                    argument = value[len("tg-") :]
                elif tag == "tg-emoji" and name == "emoji-id":
                    argument = value
            if tag == "span" and argument != "spoiler":
                raise fail(f'Tag "span" must have class "tg-spoiler" at byte offset {begin}')
            if strict:
                _strict_start_tag(tag, argument, has_href, [s[0] for s in stack], begin)
            stack.append((tag, argument, utf16, len(out)))
            i += 1  # past '>'
            continue

        # an end tag
        if not stack:
            raise fail(f"Unexpected end tag at byte offset {begin}")
        while at(i) not in _SPACES and at(i) != ord(">"):
            i += 1
        end_tag = data[begin + 2 : i].lower().decode("utf-8", "replace")
        while at(i) != 0 and at(i) in _SPACES:
            i += 1
        if at(i) != ord(">"):
            raise fail(f"Unclosed end tag at byte offset {begin}")
        i += 1
        tag, argument, start, byte_start = stack.pop()
        if end_tag and end_tag != tag:
            raise fail(
                f'Unmatched end tag at byte offset {begin}, expected "</{tag}>", '
                f'found "</{end_tag}>"'
            )
        if utf16 > start:
            entity = _make_entity(tag, argument, start, utf16 - start, out[byte_start:], entities)
            if entity is not None:
                entities.append(entity)
    if stack:
        raise fail(f'Can\'t find end tag corresponding to start tag "{stack[-1][0]}"')
    for entity in entities:
        if entity["type"] == "code":
            entity.pop("language", None)
    entities.sort(key=lambda e: (e["offset"], -e["length"]))
    return out.decode("utf-8"), entities


def _strict_start_tag(
    tag: str, argument: str, has_href: bool, open_tags: list[str], pos: int
) -> None:
    """Documented rules that Telegram does not enforce but silently 'repairs' (the user then sees
    something other than what the bot meant)."""
    if tag == "a" and not (has_href and argument.lower().startswith(_LINK_SCHEMES)):
        raise TelegramHTMLError(
            f'Tag "a" at byte offset {pos} needs href with an http, https or tg URL'
            + STRICT_NOTE.format("drop or guess the link")
        )
    if open_tags and open_tags[-1] == "pre" and tag == "code":
        return
    if "code" in open_tags or "pre" in open_tags:
        raise TelegramHTMLError(
            f'Tag "{tag}" at byte offset {pos} is inside <code>/<pre>, which can\'t contain '
            "other entities" + STRICT_NOTE.format("drop the formatting")
        )
    if tag == "blockquote" and "blockquote" in open_tags:
        raise TelegramHTMLError(
            f"Nested blockquote at byte offset {pos}" + STRICT_NOTE.format("drop it")
        )


def _make_entity(
    tag: str, argument: str, offset: int, length: int, inner: bytes, entities: list[dict]
) -> dict | None:
    """The MessageEntity a closed tag produces (TDLib merges <pre><code class=...> into one)."""
    if tag in _SIMPLE:
        return {"type": _SIMPLE[tag], "offset": offset, "length": length}
    if tag == "tg-emoji":
        if not argument.isdigit() or int(argument) == 0:
            raise TelegramHTMLError("Invalid custom emoji identifier specified")
        return {
            "type": "custom_emoji",
            "offset": offset,
            "length": length,
            "custom_emoji_id": argument,
        }
    if tag == "a":
        url = argument or inner.decode("utf-8", "replace")
        if not url.lower().startswith(_LINK_SCHEMES):
            return None  # Telegram drops a link it can't check
        return {"type": "text_link", "offset": offset, "length": length, "url": url}
    last = entities[-1] if entities else None
    same_span = last is not None and (last["offset"], last["length"]) == (offset, length)
    if tag == "pre":
        if same_span and last["type"] == "code" and last.get("language"):
            last["type"] = "pre"
            return None
        return {"type": "pre", "offset": offset, "length": length}
    if tag == "code":
        if same_span and last["type"] == "pre" and argument:
            last["language"] = argument
            return None
        entity = {"type": "code", "offset": offset, "length": length}
        return entity | ({"language": argument} if argument else {})
    kind = "expandable_blockquote" if argument == "expandable" else "blockquote"
    return {"type": kind, "offset": offset, "length": length}


def parse_telegram_html(text: str, *, strict: bool = True) -> str:
    """The visible text of `text` sent with parse_mode=HTML; raises TelegramHTMLError."""
    return parse_telegram_html_entities(text, strict=strict)[0]


# --------------------------------------------------------------------------------------------
# Records and the simulated world
# --------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class FakeUser:
    """A Telegram user: in a private chat with the bot (chat id == user id) and/or a group member."""

    id: int
    first_name: str = "Test"
    language_code: str | None = "ru"
    username: str | None = None

    def to_json(self) -> dict:
        data: dict[str, Any] = {"id": self.id, "is_bot": False, "first_name": self.first_name}
        if self.username:
            data["username"] = self.username
        if self.language_code:
            data["language_code"] = self.language_code
        return data


@dataclass
class FakeTopic:
    """A forum topic; its id is the id of the service message that created it, as in Telegram."""

    chat_id: int
    message_thread_id: int
    name: str
    icon_color: int
    icon_custom_emoji_id: str | None = None
    closed: bool = False
    deleted: bool = False

    def to_json(self) -> dict:
        """The Bot API ForumTopic object."""
        data: dict[str, Any] = {
            "message_thread_id": self.message_thread_id,
            "name": self.name,
            "icon_color": self.icon_color,
        }
        if self.icon_custom_emoji_id:
            data["icon_custom_emoji_id"] = self.icon_custom_emoji_id
        return data


@dataclass
class FakeGroup:
    """A supergroup the bot is in (ids look like -100…). `members` may write there; `admins` are
    members who may also write in closed topics. A bot that is not an administrator gets only
    what privacy mode lets through (commands, mentions of the bot, replies to it); `rate` is
    Telegram's per-group limit on the bot's messages, (count, seconds), None for none."""

    id: int
    title: str
    is_forum: bool = False
    bot_is_admin: bool = True
    can_manage_topics: bool = True
    rate: tuple[int, float] | None = None
    members: dict[int, FakeUser] = field(default_factory=dict)
    admins: set[int] = field(default_factory=set)
    topics: dict[int, FakeTopic] = field(default_factory=dict)
    former: dict[int, FakeUser] = field(default_factory=dict)  # left or removed

    def add_member(self, user: FakeUser, *, admin: bool = False) -> None:
        self.members[user.id] = user
        self.former.pop(user.id, None)
        if admin:
            self.admins.add(user.id)

    def remove_member(self, user: FakeUser) -> None:
        """The user leaves (or is removed); getChatMember then answers "left"."""
        if self.members.pop(user.id, None) is not None:
            self.former[user.id] = user
        self.admins.discard(user.id)

    def open_topics(self) -> list[FakeTopic]:
        return [t for t in self.topics.values() if not t.deleted]

    def to_json(self) -> dict:
        data: dict[str, Any] = {"id": self.id, "title": self.title, "type": "supergroup"}
        if self.is_forum:
            data["is_forum"] = True
        return data


@dataclass
class Call:
    """One Bot API request as the server saw it; params are decoded (JSON fields parsed, numeric
    ids as int, booleans as bool) whatever the encoding was."""

    method: str
    params: dict
    ok: bool
    error: str | None
    result: Any = None
    content_type: str = ""


@dataclass
class CallbackAnswer:
    query_id: str
    text: str | None
    show_alert: bool
    url: str | None


@dataclass
class SentMessage:
    """A bot message as the user currently sees it (a snapshot)."""

    message_id: int
    chat_id: int
    text: str  # as the bot sent it (raw HTML when parse_mode was HTML); "" for media
    plain_text: str  # the visible text
    entities: list[dict]
    reply_markup: dict | None
    edit_count: int = 0
    thread_id: int | None = None  # the forum topic it is in
    content: dict = field(default_factory=dict)  # Bot API fields: text/photo/voice/caption/...

    @property
    def kind(self) -> str:
        """The content type: "text", "photo", "voice", "document", "sticker", "video", ..."""
        return next((k for k in _CONTENT_KINDS if k in self.content), "")

    @property
    def caption(self) -> str | None:
        return self.content.get("caption")

    @property
    def file_id(self) -> str | None:
        """The file of a media message (the largest size of a photo)."""
        media = self.content.get(self.kind)
        if isinstance(media, list):
            media = media[-1] if media else None
        return media.get("file_id") if isinstance(media, dict) else None

    @property
    def inline_keyboard(self) -> list[list[dict]]:
        """The buttons as sent (dicts with text, callback_data / url / ...)."""
        return (self.reply_markup or {}).get("inline_keyboard") or []

    @property
    def buttons(self) -> list[list[str]]:
        return [[b["text"] for b in row] for row in self.inline_keyboard]

    @property
    def button_data(self) -> list[list[str | None]]:
        return [[b.get("callback_data") for b in row] for row in self.inline_keyboard]

    @property
    def button_urls(self) -> list[list[str | None]]:
        return [[b.get("url") for b in row] for row in self.inline_keyboard]


@dataclass
class _Message:
    message_id: int
    chat_id: int
    from_bot: bool
    date: int
    json: dict  # the content part: text/entities/sticker/photo/...
    raw_text: str = ""
    reply_markup: dict | None = None
    edit_date: int | None = None
    edit_count: int = 0
    deleted: bool = False
    sender: FakeUser | None = None  # who wrote it when not the bot (None: the private chat's user)
    thread_id: int | None = None  # forum topic
    reply_to: int | None = None  # an explicit reply (in a topic the root is implied otherwise)
    service: bool = False  # forum_topic_created and the like

    @property
    def kind(self) -> str:
        return next((k for k in _CONTENT_KINDS if k in self.json), "")


class _ApiError(Exception):
    def __init__(self, code: int, description: str, parameters: dict | None = None) -> None:
        super().__init__(description)
        self.code, self.description, self.parameters = code, description, parameters


def _bad(description: str) -> _ApiError:
    return _ApiError(400, f"Bad Request: {description}")


_JSON_FIELDS = {
    "reply_markup": "reply keyboard markup",
    "entities": "entities",
    "commands": "commands",
    "scope": "bot command scope",
    "allowed_updates": "allowed updates",
    "link_preview_options": "link preview options",
    "reply_parameters": "reply parameters",
}
_JSON_FIELDS |= {"caption_entities": "caption entities", "message_ids": "message identifiers"}
_INT_FIELDS = {"chat_id", "message_id", "offset", "limit", "timeout", "cache_time", "user_id"}
_INT_FIELDS |= {"from_chat_id", "message_thread_id", "icon_color"}
_BOOL_FIELDS = {"show_alert", "disable_notification", "protect_content", "drop_pending_updates"}
_BOOL_FIELDS |= {"allow_sending_without_reply", "disable_web_page_preview", "remove_caption"}
_BOOL_FIELDS |= {"show_caption_above_media"}
# What a message carries, in the order the Bot API documents Message's fields.
_CONTENT_KINDS = ("text", "animation", "audio", "document", "photo", "sticker", "video",
                  "video_note", "voice")  # fmt: skip
_CAPTIONED = frozenset(("animation", "audio", "document", "photo", "video", "voice"))
_BUTTON_ACTIONS = ("url", "callback_data", "web_app", "login_url", "copy_text", "callback_game")
_BUTTON_ACTIONS += ("switch_inline_query_chosen_chat", "pay", "disabled")
_BUTTON_ACTIONS_MAY_BE_EMPTY = ("switch_inline_query", "switch_inline_query_current_chat")
_CHAT_ACTIONS = frozenset(("typing", "upload_photo", "record_video", "upload_video",
                           "record_voice", "upload_voice", "upload_document", "choose_sticker",
                           "find_location", "record_video_note", "upload_video_note"))  # fmt: skip
# getUpdates delivers these when allowed_updates was never set (or set to []).
_DEFAULT_UPDATES = frozenset((
    "message", "edited_message", "channel_post", "edited_channel_post", "business_connection",
    "business_message", "edited_business_message", "deleted_business_messages", "inline_query",
    "chosen_inline_result", "callback_query", "shipping_query", "pre_checkout_query",
    "purchased_paid_media", "poll", "poll_answer", "my_chat_member", "chat_join_request",
    "chat_boost", "removed_chat_boost",
))  # fmt: skip
_METHODS = (
    "getMe", "getUpdates", "setWebhook", "deleteWebhook", "getWebhookInfo", "logOut", "close",
    "setMyCommands",
    "getMyCommands", "deleteMyCommands", "setMyDescription", "getMyDescription",
    "setMyShortDescription", "getMyShortDescription", "sendMessage", "editMessageText",
    "editMessageReplyMarkup", "answerCallbackQuery", "deleteMessage", "deleteMessages",
    "sendChatAction", "copyMessage", "copyMessages", "forwardMessage", "getChatMember",
    "createForumTopic", "editForumTopic", "closeForumTopic", "reopenForumTopic",
    "deleteForumTopic",
)  # fmt: skip
_NOT_MODIFIED = (
    "message is not modified: specified new message content and reply markup are exactly the "
    "same as a current content and reply markup of the message"
)
_BOT_COMMAND = re.compile(r"/[A-Za-z0-9_]{1,64}(?:@[A-Za-z0-9_]{3,32})?")


def _bot_command_entities(text: str) -> list[dict]:
    """bot_command entities as Telegram marks them in incoming text (TDLib's match_bot_commands:
    not glued to a word, '/', '<' or '>' on either side)."""
    found = []
    for match in _BOT_COMMAND.finditer(text):
        before = text[match.start() - 1] if match.start() else ""
        after = text[match.end()] if match.end() < len(text) else ""
        glued = [before and (before.isalnum() or before in "_/<>")]
        glued.append(after and (after.isalnum() or after in "_/<>@"))  # '@' = a bad @botname
        if any(glued):
            continue
        offset = utf16_len(text[: match.start()])
        found.append({"offset": offset, "length": utf16_len(match.group()), "type": "bot_command"})
    return found


@dataclass(frozen=True)
class _Fault:
    method: str  # lower case
    kind: str
    retry_after: int
    delay: float


class FakeBotAPI:
    """The Bot API over HTTP, plus a test-side API to act as users and inspect what they see."""

    def __init__(
        self, token: str = "123456:AAH_fake_token_for_end_to_end_tests", *, strict: bool = True
    ) -> None:
        self.token = token
        self.strict = strict
        self.bot_id = int(token.split(":", 1)[0])
        self.calls: list[Call] = []
        self.callback_answers: dict[str, CallbackAnswer] = {}
        self.commands: dict[tuple[str, str], list[dict]] = {}  # (scope JSON, language) → list
        self.descriptions: dict[str, str] = {}
        self.short_descriptions: dict[str, str] = {}
        self.dropped_updates: list[dict] = []  # not delivered because of allowed_updates
        self.privacy_hidden: list[dict] = []  # group messages privacy mode kept from the bot
        self._faults: list[_Fault] = []
        self.webhook_url = ""
        self._webhook_secret: str | None = None
        self._delivery: asyncio.Task[None] | None = None
        self.webhook_deliveries = 0
        self.faults_applied: list[tuple[str, str]] = []
        self._updates: list[dict] = []
        self._allowed = _DEFAULT_UPDATES
        self._users: dict[int, FakeUser] = {}  # private chats, by user id == chat id
        self._groups: dict[int, FakeGroup] = {}
        self._people: dict[int, FakeUser] = {}  # every user the bot has seen anywhere
        self._sent_at: dict[int, deque[float]] = {}  # group id → times of the bot's messages
        self._blocked: set[int] = set()
        self._messages: dict[int, list[_Message]] = {}
        self._callbacks: dict[str, tuple[int, int]] = {}  # id → (chat id, message id)
        self._last_action: dict[int, int] = {}  # chat id → len(calls) at the user's last action
        self._update_ids = itertools.count(700_000_001)
        self._file_ids = itertools.count(1)
        self._waiting_polls = 0
        self._query_ids = itertools.count(4_611_686_018_427_387_904 + 17, 7919)
        self._poll_generation = 0
        self._wakeup: asyncio.Event | None = None
        self._stopping = False
        self._runner: web.AppRunner | None = None
        self._host, self._port = "", 0
        self._methods: dict[str, Callable[[dict], Any]] = {
            name.lower(): getattr(self, f"_m_{name}") for name in _METHODS
        }

    # ---- lifecycle ----------------------------------------------------------------------------

    async def start(self, host: str = "127.0.0.1", port: int = 0) -> None:
        app = web.Application()
        app.router.add_route("*", "/{tail:.*}", self._handle)
        self._runner = web.AppRunner(app, access_log=None, shutdown_timeout=2.0)
        await self._runner.setup()
        await web.TCPSite(self._runner, host, port).start()
        self._host, self._port = host, self._runner.addresses[0][1]
        self._wakeup = asyncio.Event()
        self._stopping = False

    async def stop(self) -> None:
        """Release waiting long polls first, so shutdown does not wait out their timeout."""
        self._stopping = True
        self._notify()
        if self._delivery is not None:
            await self._delivery
            self._delivery = None
        if self._runner is not None:
            await self._runner.cleanup()
            self._runner = None

    @property
    def base_url(self) -> str:
        """For TelegramAPIServer.from_base(); valid after start()."""
        assert self._port, "FakeBotAPI.start() has not been awaited"
        return f"http://{self._host}:{self._port}"

    # ---- HTTP ---------------------------------------------------------------------------------

    async def _handle(self, request: web.Request) -> web.Response:
        path, ctype = request.path, request.content_type
        if path.startswith("/file/"):
            return self._reply(404, {"ok": False, "error_code": 404, "description": "Not Found"})
        match = re.fullmatch(r"/bot([^/]*)/([^/]+)", path)
        if match is None:
            return self._reply(404, {"ok": False, "error_code": 404, "description": "Not Found"})
        token, method_name = match.groups()
        params: dict[str, Any] = dict(request.query)
        problem: _ApiError | None = None
        try:
            if ctype == "application/json":
                body = await request.json()
                if not isinstance(body, dict):
                    raise _bad("JSON object expected")  # unverified wording
                params.update(body)
            elif request.can_read_body:
                form = await request.post()
                params.update({k: v if isinstance(v, str) else "<file>" for k, v in form.items()})
            params = self._normalize(params)
        except _ApiError as exc:
            problem = exc
        except ValueError:
            problem = _bad("can't parse JSON")  # unverified wording
        # Telegram checks the token, then the method, then the parameters.
        handler = self._methods.get(method_name.lower())
        if token != self.token:
            problem = _ApiError(401, "Unauthorized")
        elif handler is None:
            problem = _ApiError(404, "Not Found")
        if problem is not None or handler is None:
            return self._finish(method_name, params, ctype, problem or _ApiError(404, "Not Found"))
        fault = self._take_fault(method_name)
        if fault is not None and fault.kind != "timeout":
            await asyncio.sleep(fault.delay)
            if fault.kind == "drop":  # the connection breaks before the request is processed
                self.faults_applied.append((method_name, "drop"))
                assert request.transport is not None
                request.transport.abort()
                return web.Response(status=500)  # never reaches the client
            if fault.kind in ("429", "500"):
                self.faults_applied.append((method_name, fault.kind))
                return self._fault_reply(fault)
        try:
            result = await handler(params)
        except _ApiError as exc:
            return self._finish(method_name, params, ctype, exc)
        self.calls.append(Call(method_name, params, True, None, result, ctype))
        if fault is not None and fault.kind == "timeout":  # processed, but the answer is late
            self.faults_applied.append((method_name, "timeout"))
            await asyncio.sleep(fault.delay)
        return self._reply(200, {"ok": True, "result": result})

    # ---- fault injection --------------------------------------------------------------------

    def inject(
        self, method: str, kind: str, *, times: int = 1, retry_after: int = 1, delay: float = 0.0
    ) -> None:
        """The next `times` calls of `method` fail as Telegram and networks do:
        "429" (Too Many Requests, retry_after), "500", "drop" (connection closed before the
        request is processed), "timeout" (processed, then answered after `delay` seconds, so a
        client with a shorter timeout gives up although the message landed), or "slow" (answered
        normally after `delay` seconds)."""
        assert kind in ("429", "500", "drop", "timeout", "slow"), kind
        self._faults.extend([_Fault(method.lower(), kind, retry_after, delay)] * times)

    @property
    def faults_pending(self) -> int:
        """Injected faults not yet taken by a request."""
        return len(self._faults)

    def _take_fault(self, method: str) -> _Fault | None:
        for index, fault in enumerate(self._faults):
            if fault.method == method.lower():
                return self._faults.pop(index)
        return None

    def _fault_reply(self, fault: _Fault) -> web.Response:
        if fault.kind == "429":
            return self._reply(
                429,
                {
                    "ok": False,
                    "error_code": 429,
                    "description": f"Too Many Requests: retry after {fault.retry_after}",
                    "parameters": {"retry_after": fault.retry_after},
                },
            )
        return self._reply(
            500, {"ok": False, "error_code": 500, "description": "Internal Server Error"}
        )

    def _finish(self, method: str, params: dict, content_type: str, exc: _ApiError) -> web.Response:
        self.calls.append(Call(method, params, False, exc.description, None, content_type))
        body: dict[str, Any] = {"ok": False, "error_code": exc.code, "description": exc.description}
        if exc.parameters:
            body["parameters"] = exc.parameters
        return self._reply(exc.code, body)

    @staticmethod
    def _reply(status: int, body: dict) -> web.Response:
        return web.json_response(body, status=status)

    @staticmethod
    def _normalize(params: dict) -> dict:
        """Form fields arrive as strings (aiogram JSON-encodes nested values); JSON bodies arrive
        typed. Bring both to one shape, failing like Telegram on undecodable JSON fields."""
        out = dict(params)
        for name, what in _JSON_FIELDS.items():
            if isinstance(out.get(name), str):
                try:
                    out[name] = json.loads(out[name])
                except ValueError:
                    raise _bad(f"can't parse {what} JSON object") from None
        for name in _INT_FIELDS:
            if isinstance(out.get(name), str) and re.fullmatch(r"-?\d+", out[name].strip()):
                out[name] = int(out[name])
        for name in _BOOL_FIELDS:
            if isinstance(out.get(name), str):
                out[name] = out[name].strip().lower() in ("true", "yes", "1")
        return out

    # ---- validation helpers -------------------------------------------------------------------

    def _chat(self, params: dict, name: str = "chat_id", *, sending: bool = True) -> int:
        """A chat the bot is in: a private chat with a user who wrote to it, or a group added
        with add_group/add_forum_group. Sending to a user who blocked the bot is 403."""
        chat_id = params.get(name)
        if chat_id in (None, ""):
            raise _bad(f"{name} is empty")
        if not isinstance(chat_id, int) or (
            chat_id not in self._users and chat_id not in self._groups
        ):
            raise _bad("chat not found")
        if sending and chat_id in self._blocked:
            raise _ApiError(403, "Forbidden: bot was blocked by the user")
        return chat_id

    def _thread(self, params: dict, chat_id: int) -> int | None:
        """message_thread_id of a send: absent/0 for none, else an open or closed (the bot is
        an administrator) topic of this forum that has not been deleted."""
        thread_id = params.get("message_thread_id")
        if thread_id in (None, "", 0):
            return None
        if not isinstance(thread_id, int) or thread_id < 0:
            raise _bad("invalid message thread identifier specified")
        group = self._groups.get(chat_id)
        topic = group.topics.get(thread_id) if group is not None and group.is_forum else None
        if group is None or topic is None or topic.deleted:
            raise _bad("message thread not found")
        if topic.closed and not group.bot_is_admin:
            raise _bad("TOPIC_CLOSED")
        return thread_id

    def _target(self, params: dict) -> tuple[int, int | None, int | None]:
        """(chat, topic, replied message) of a message the bot sends. A reply without
        message_thread_id lands in the replied message's topic, as in Telegram."""
        chat_id = self._chat(params)
        thread_id = self._thread(params, chat_id)
        reply = params.get("reply_parameters") or {}
        reply_to = reply.get("message_id") if isinstance(reply, dict) else None
        allow_without = isinstance(reply, dict) and reply.get("allow_sending_without_reply")
        allow_without = allow_without or params.get("allow_sending_without_reply")
        if reply_to is None:
            return chat_id, thread_id, None
        replied = self._find(chat_id, reply_to)
        if replied is None:
            if not allow_without:
                raise _bad("message to be replied not found")
            return chat_id, thread_id, None
        return chat_id, thread_id if thread_id is not None else replied.thread_id, reply_to

    def _parse(self, text: str, params: dict, entities_field: str) -> tuple[str, list[dict]]:
        mode = str(params.get("parse_mode") or "").lower()
        if params.get(entities_field) is not None:
            visible, entities = text, list(params[entities_field])
        elif mode == "html":
            try:
                visible, entities = parse_telegram_html_entities(text, strict=self.strict)
            except TelegramHTMLError as exc:
                raise _bad(f"can't parse entities: {exc.description}") from None
        elif mode == "":
            visible, entities = text, []
        else:
            raise _bad("unsupported parse_mode (the fake implements only HTML)")
        return _trim(visible, entities)

    def _formatted(self, params: dict) -> tuple[str, list[dict]]:
        """Visible text and entities of `text`, validated like sendMessage/editMessageText."""
        text = params.get("text")
        if not isinstance(text, str) or not text:
            raise _bad("message text is empty")
        visible, entities = self._parse(text, params, "entities")
        if not visible:
            raise _bad("message text is empty")
        if utf16_len(visible) > MAX_TEXT_UTF16:
            raise _bad("message is too long")
        return visible, entities

    def _caption(self, params: dict) -> dict:
        """The caption fields a new `caption` gives (empty: no caption), 0-1024 UTF-16 units."""
        caption = params.get("caption")
        if not isinstance(caption, str):
            raise _bad("can't parse caption")  # unverified wording; aiogram sends a string
        visible, entities = self._parse(caption, params, "caption_entities")
        if utf16_len(visible) > MAX_CAPTION_UTF16:
            raise _bad("message caption is too long")
        fields: dict[str, Any] = {"caption": visible} if visible else {}
        return fields | ({"caption_entities": entities} if visible and entities else {})

    def _take_slot(self, chat_id: int, count: int = 1) -> None:
        """Telegram's per-group limit on the bot's messages (about 20 a minute), when the group
        has one: past it, 429 with retry_after = seconds until enough slots free up."""
        group = self._groups.get(chat_id)
        if group is None or group.rate is None:
            return
        limit, period = group.rate
        now = time.monotonic()
        sent = self._sent_at.setdefault(chat_id, deque())
        while sent and sent[0] <= now - period:
            sent.popleft()
        if len(sent) + count > limit:
            expire = len(sent) + count - limit  # this many of the oldest must leave the window
            frees_at = sent[expire - 1] + period if expire <= len(sent) else now + period
            retry_after = max(1, math.ceil(frees_at - now))
            raise _ApiError(
                429,
                f"Too Many Requests: retry after {retry_after}",
                {"retry_after": retry_after},
            )
        sent.extend([now] * count)

    def _forum(self, params: dict) -> FakeGroup:
        chat_id = self._chat(params)
        group = self._groups.get(chat_id)
        if group is None or not group.is_forum:
            raise _bad("the chat is not a forum")
        return group

    @staticmethod
    def _topic(group: FakeGroup, params: dict) -> FakeTopic:
        thread_id = params.get("message_thread_id")
        if not isinstance(thread_id, int) or thread_id <= 0:
            raise _bad("invalid message thread identifier specified")
        topic = group.topics.get(thread_id)
        if topic is None or topic.deleted:
            raise _bad("TOPIC_ID_INVALID")
        return topic

    def _topic_name(self, name: Any) -> str:
        """TDLib's clean_name: control characters become spaces, the ends are trimmed, and a name
        past 128 characters is cut (strict mode rejects that instead)."""
        if not isinstance(name, str):
            name = ""
        name = re.sub(r"[\x00-\x1f\x7f]", " ", name).strip()
        if not name:
            raise _bad("title must be non-empty")
        if len(name) > MAX_TOPIC_NAME:
            if self.strict:
                raise _bad(
                    f"topic name is longer than {MAX_TOPIC_NAME} characters"
                    + STRICT_NOTE.format("cut it")
                )
            name = name[:MAX_TOPIC_NAME].rstrip()
        return name

    def _source(self, params: dict, what: str) -> _Message:
        """The message copyMessage/forwardMessage take from `from_chat_id` (a user who blocked
        the bot still has a chat to copy from)."""
        chat_id = self._chat(params, "from_chat_id", sending=False)
        message = self._find(chat_id, params.get("message_id"))
        if message is None:
            raise _bad(f"{what} not found")
        return message

    def _markup(self, params: dict, *, inline_only: bool = False) -> dict | None:
        markup = params.get("reply_markup")
        if markup is None:
            return None
        if not isinstance(markup, dict):
            raise _bad("object expected as reply markup")
        if "inline_keyboard" not in markup:
            if inline_only:
                raise _bad("inline keyboard expected")  # unverified wording
            return markup
        rows = markup["inline_keyboard"]
        if not isinstance(rows, list):
            raise _bad('field "inline_keyboard" of the InlineKeyboardMarkup must be an Array')
        if sum(len(row) for row in rows if isinstance(row, list)) > 100:
            raise _bad("REPLY_MARKUP_TOO_LONG")  # Telegram's limit is 100 buttons
        for row in rows:
            if not isinstance(row, list):
                raise _bad(
                    'field "inline_keyboard" of the InlineKeyboardMarkup must be an Array of Arrays'
                )
            for button in row:
                self._check_button(button)
        return {"inline_keyboard": rows}

    def _check_button(self, button: Any) -> None:
        prefix = "can't parse inline keyboard button: "
        if not isinstance(button, dict):
            raise _bad(prefix + "InlineKeyboardButton must be an Object")
        if "text" not in button:
            raise _bad(prefix + 'Can\'t find field "text"')
        if not isinstance(button["text"], str):
            raise _bad(prefix + 'Field "text" must be of type String')
        if not button["text"].strip():
            raise _bad("BUTTON_TEXT_INVALID")
        if button.get("style") not in (None, "danger", "success", "primary"):
            raise _bad("BUTTON_STYLE_INVALID")  # unverified wording
        # The Bot API treats an empty url or callback_data as absent.
        actions = [k for k in _BUTTON_ACTIONS if button.get(k) not in (None, "")]
        actions += [k for k in _BUTTON_ACTIONS_MAY_BE_EMPTY if k in button]
        if not actions:
            raise _bad(prefix + "Text buttons are unallowed in the inline keyboard")
        if len(actions) > 1 and self.strict:
            raise _bad(
                prefix
                + f"exactly one action field must be set, got {sorted(actions)}"
                + STRICT_NOTE.format("silently use one of them")
            )
        data, url = button.get("callback_data"), button.get("url")
        if data and (not isinstance(data, str) or len(data.encode()) > MAX_CALLBACK_DATA_BYTES):
            raise _bad("BUTTON_DATA_INVALID")
        if url:
            if not isinstance(url, str):
                raise _bad("BUTTON_URL_INVALID")
            scheme = re.match(r"([a-z][a-z0-9+.-]*)://", url, re.IGNORECASE)
            if scheme is None:
                if self.strict:
                    raise _bad("BUTTON_URL_INVALID" + STRICT_NOTE.format("guess http://"))
            elif scheme.group(1).lower() not in ("http", "https", "tg"):
                raise _bad(
                    f"inline keyboard button URL '{url}' is invalid: Unsupported URL protocol"
                )
            elif not url[scheme.end() :].split("/", 1)[0]:
                raise _bad(f"inline keyboard button URL '{url}' is invalid: Wrong HTTP URL")

    def _find(self, chat_id: int, message_id: Any) -> _Message | None:
        for message in self._messages.get(chat_id, []):
            if message.message_id == message_id and not message.deleted:
                return message
        return None

    # ---- Bot API methods ----------------------------------------------------------------------

    def _bot_user(self) -> dict:
        return {
            "id": self.bot_id,
            "is_bot": True,
            "first_name": "Jol Test",
            "username": "jol_test_bot",
        }

    async def _m_getMe(self, params: dict) -> dict:
        return self._bot_user() | {
            "can_join_groups": True,
            "can_read_all_group_messages": False,
            "supports_inline_queries": False,
            "can_connect_to_business": False,
            "has_main_web_app": False,
        }

    async def _m_getUpdates(self, params: dict) -> list[dict]:
        """Long polling: confirm below `offset`, wait up to `timeout` s for something new. A newer
        getUpdates ends a waiting one with 409, as Telegram does."""
        if self.webhook_url:
            raise _ApiError(
                409,
                "Conflict: can't use getUpdates method while webhook is active; "
                "use deleteWebhook to delete the webhook first",
            )
        offset, limit = params.get("offset") or 0, params.get("limit") or 100
        timeout = params.get("timeout") or 0
        if not isinstance(limit, int) or not 1 <= limit <= 100:
            limit = 100
        allowed = params.get("allowed_updates")
        if isinstance(allowed, list):
            self._allowed = frozenset(allowed) if allowed else _DEFAULT_UPDATES
        if isinstance(offset, int) and offset > 0:
            self._updates = [u for u in self._updates if u["update_id"] >= offset]
        elif isinstance(offset, int) and offset < 0:
            self._updates = self._updates[offset:]
        self._poll_generation += 1
        generation = self._poll_generation
        self._notify()
        deadline = time.monotonic() + (timeout if isinstance(timeout, int) else 0)
        self._waiting_polls += 1
        try:
            while not self._updates and not self._stopping:
                remaining = deadline - time.monotonic()
                if remaining <= 0:
                    break
                assert self._wakeup is not None
                try:
                    await asyncio.wait_for(self._wakeup.wait(), remaining)
                except TimeoutError:
                    break
                if self._poll_generation != generation:
                    raise _ApiError(
                        409,
                        "Conflict: terminated by other getUpdates request; make sure that only "
                        "one bot instance is running",
                    )
        finally:
            self._waiting_polls -= 1
        return self._updates[:limit]

    async def _m_setWebhook(self, params: dict) -> bool:
        """Loopback http is accepted here (Telegram wants public https) so tests can run."""
        url, secret = params.get("url") or "", params.get("secret_token")
        if not isinstance(url, str) or not url.startswith(("https://", "http://127.0.0.1")):
            raise _bad("bad webhook: HTTPS url must be provided for webhook")
        if secret is not None and not re.fullmatch(r"[A-Za-z0-9_-]{1,256}", str(secret)):
            raise _bad("secret token contains unallowed characters")  # unverified wording
        if params.get("drop_pending_updates"):
            self._updates.clear()
        allowed = params.get("allowed_updates")
        if isinstance(allowed, list) and allowed:
            self._allowed = frozenset(allowed)
        self.webhook_url, self._webhook_secret = url, secret
        if self._delivery is None:
            self._delivery = asyncio.create_task(self._deliver_forever())
        return True

    async def _deliver_forever(self) -> None:
        """Telegram's side of a webhook: POST each update until the bot answers 200."""
        async with aiohttp.ClientSession() as session:
            while not self._stopping:
                if not (self.webhook_url and self._updates):
                    await asyncio.sleep(0.02)
                    continue
                update = self._updates[0]
                headers = {"X-Telegram-Bot-Api-Secret-Token": self._webhook_secret or ""}
                try:
                    async with session.post(
                        self.webhook_url,
                        json=update,
                        headers=headers,
                        timeout=aiohttp.ClientTimeout(total=30),
                    ) as response:
                        delivered = response.status == 200
                except (TimeoutError, aiohttp.ClientError):
                    delivered = False
                if delivered:
                    self._updates.remove(update)
                    self.webhook_deliveries += 1
                else:
                    await asyncio.sleep(0.2)  # Telegram retries later

    async def _m_deleteWebhook(self, params: dict) -> bool:
        if params.get("drop_pending_updates"):
            self._updates.clear()
        self.webhook_url = ""
        return True

    async def _m_getWebhookInfo(self, params: dict) -> dict:
        return {
            "url": self.webhook_url,
            "has_custom_certificate": False,
            "pending_update_count": len(self._updates),
        }

    async def _m_logOut(self, params: dict) -> bool:
        return True

    async def _m_close(self, params: dict) -> bool:
        return True

    @staticmethod
    def _language(params: dict) -> str:
        code = params.get("language_code") or ""
        if not isinstance(code, str) or (code and not re.fullmatch(r"[a-z]{2}", code)):
            raise _bad("invalid language code specified")  # unverified wording
        return code

    @staticmethod
    def _scope(params: dict) -> str:
        scope = params.get("scope") or {"type": "default"}
        if not isinstance(scope, dict) or not isinstance(scope.get("type"), str):
            raise _bad("can't parse bot command scope JSON object")
        return json.dumps(scope, sort_keys=True)

    async def _m_setMyCommands(self, params: dict) -> bool:
        commands = params.get("commands") or []
        if not isinstance(commands, list):
            raise _bad("can't parse commands JSON object")
        if len(commands) > 100:
            raise _bad("BOT_COMMANDS_TOO_MUCH")
        for command in commands:
            if not isinstance(command, dict) or not isinstance(command.get("command"), str):
                raise _bad("can't parse BotCommand: Can't find field \"command\"")
            if not isinstance(command.get("description"), str):
                raise _bad("can't parse BotCommand: Can't find field \"description\"")
            if not re.fullmatch(r"[a-z0-9_]{1,32}", command["command"]):
                raise _bad("BOT_COMMAND_INVALID")
            if not command["description"].strip():
                raise _bad("command description must be non-empty")
            if len(command["description"]) > 256:
                raise _bad("BOT_COMMAND_DESCRIPTION_INVALID")
        key = (self._scope(params), self._language(params))
        self.commands[key] = [
            {"command": c["command"], "description": c["description"]} for c in commands
        ]
        return True

    async def _m_getMyCommands(self, params: dict) -> list[dict]:
        return self.commands.get((self._scope(params), self._language(params)), [])

    async def _m_deleteMyCommands(self, params: dict) -> bool:
        self.commands.pop((self._scope(params), self._language(params)), None)
        return True

    def _set_text(self, store: dict[str, str], params: dict, name: str, limit: int) -> bool:
        value = params.get(name) or ""
        if len(value) > limit:
            raise _bad(f"{name.replace('_', ' ')} is too long")  # unverified wording
        store[self._language(params)] = value
        return True

    async def _m_setMyDescription(self, params: dict) -> bool:
        return self._set_text(self.descriptions, params, "description", 512)

    async def _m_setMyShortDescription(self, params: dict) -> bool:
        return self._set_text(self.short_descriptions, params, "short_description", 120)

    async def _m_getMyDescription(self, params: dict) -> dict:
        return {"description": self.descriptions.get(self._language(params), "")}

    async def _m_getMyShortDescription(self, params: dict) -> dict:
        return {"short_description": self.short_descriptions.get(self._language(params), "")}

    async def _m_sendMessage(self, params: dict) -> dict:
        chat_id, thread_id, reply_to = self._target(params)
        markup = self._markup(params)
        visible, entities = self._formatted(params)
        content = {"text": visible} | ({"entities": entities} if entities else {})
        self._take_slot(chat_id)
        message = self._store(
            chat_id, from_bot=True, content=content, thread_id=thread_id, reply_to=reply_to
        )
        message.raw_text, message.reply_markup = params["text"], markup
        return self._message_json(message)

    def _editable(self, params: dict) -> _Message:
        if params.get("inline_message_id"):
            raise _bad("MESSAGE_ID_INVALID")  # the fake has no inline messages
        chat_id = self._chat(params)
        message = self._find(chat_id, params.get("message_id"))
        if message is None:
            raise _bad("message to edit not found")
        if not message.from_bot:
            raise _bad("message can't be edited")
        return message

    async def _m_editMessageText(self, params: dict) -> dict:
        message = self._editable(params)
        markup = self._markup(params, inline_only=True)
        visible, entities = self._formatted(params)
        content = {"text": visible} | ({"entities": entities} if entities else {})
        if "text" not in message.json:
            raise _bad("there is no text in the message to edit")
        if content == message.json and markup == message.reply_markup:
            raise _bad(_NOT_MODIFIED)
        message.json, message.raw_text, message.reply_markup = content, params["text"], markup
        return self._edited(message)

    async def _m_editMessageReplyMarkup(self, params: dict) -> dict:
        message = self._editable(params)
        markup = self._markup(params, inline_only=True)
        if markup == message.reply_markup:
            raise _bad(_NOT_MODIFIED)
        message.reply_markup = markup
        return self._edited(message)

    def _edited(self, message: _Message) -> dict:
        message.edit_date, message.edit_count = int(time.time()), message.edit_count + 1
        return self._message_json(message)

    async def _m_answerCallbackQuery(self, params: dict) -> bool:
        query_id = params.get("callback_query_id")
        if not query_id:
            raise _bad("QUERY_ID_INVALID")  # unverified wording for a missing id
        query_id = str(query_id)
        if query_id not in self._callbacks or query_id in self.callback_answers:
            raise _bad("query is too old and response timeout expired or query ID is invalid")
        text = params.get("text")
        if isinstance(text, str) and len(text) > MAX_CALLBACK_ANSWER_CHARS:
            raise _bad("MESSAGE_TOO_LONG")
        self.callback_answers[query_id] = CallbackAnswer(
            query_id, text or None, bool(params.get("show_alert")), params.get("url") or None
        )
        return True

    async def _m_deleteMessage(self, params: dict) -> bool:
        chat_id = self._chat(params)
        message = self._find(chat_id, params.get("message_id"))
        if message is None:
            raise _bad("message to delete not found")
        if not self._deletable(message):
            raise _bad("message can't be deleted")
        message.deleted = True
        return True

    def _deletable(self, message: _Message) -> bool:
        """A topic's creation message goes only with deleteForumTopic (Bot API 6.3 notes); in a
        group only an administrator bot deletes other people's messages."""
        if "forum_topic_created" in message.json:
            return False
        group = self._groups.get(message.chat_id)
        return message.from_bot or group is None or group.bot_is_admin

    async def _m_deleteMessages(self, params: dict) -> bool:
        """1..100 ids; ones that cannot be found are skipped, as Telegram does."""
        chat_id = self._chat(params)
        ids = params.get("message_ids")
        if not isinstance(ids, list) or not 1 <= len(ids) <= 100:
            raise _bad("message identifiers are not specified")  # unverified wording
        for message_id in ids:
            message = self._find(chat_id, message_id)
            if message is not None and self._deletable(message):
                message.deleted = True
        return True

    async def _m_sendChatAction(self, params: dict) -> bool:
        self._thread(params, self._chat(params))
        if str(params.get("action") or "").lower() not in _CHAT_ACTIONS:
            raise _bad("wrong parameter action in request")
        return True

    # ---- copying and forwarding ---------------------------------------------------------------

    def _copied_content(self, source: _Message, params: dict, what: str) -> dict:
        if source.service:
            raise _bad(f"message can't be {what}")  # unverified wording
        content = {k: copy.deepcopy(v) for k, v in source.json.items() if k != "forward_origin"}
        if params.get("remove_caption"):
            content.pop("caption", None)
            content.pop("caption_entities", None)
        if params.get("caption") is None:
            return content
        if source.kind not in _CAPTIONED:
            if self.strict:
                raise _bad(
                    f"a {source.kind} message has no caption to replace"
                    + STRICT_NOTE.format("ignore the caption")
                )
            return content
        content.pop("caption", None)
        content.pop("caption_entities", None)
        return content | self._caption(params)

    async def _m_copyMessage(self, params: dict) -> dict:
        """A copy without a link to the original; the copy's own markup only."""
        source = self._source(params, "message to copy")
        chat_id, thread_id, reply_to = self._target(params)
        markup = self._markup(params)
        content = self._copied_content(source, params, "copied")
        self._take_slot(chat_id)
        message = self._store(
            chat_id, from_bot=True, content=content, thread_id=thread_id, reply_to=reply_to
        )
        message.raw_text, message.reply_markup = content.get("text", ""), markup
        return {"message_id": message.message_id}

    def _message_ids(self, params: dict) -> list[int]:
        ids = params.get("message_ids")
        if not isinstance(ids, list) or not 1 <= len(ids) <= 100:
            raise _bad("message identifiers are not specified")  # unverified wording
        if any(not isinstance(i, int) for i in ids) or ids != sorted(set(ids)):
            raise _bad("message identifiers must be in a strictly increasing order")  # unverified
        return ids

    async def _m_copyMessages(self, params: dict) -> list[dict]:
        """Messages that can't be found or copied are skipped, as the docs say."""
        source_chat = self._chat(params, "from_chat_id", sending=False)
        ids = self._message_ids(params)
        chat_id, thread_id, _ = self._target(params)
        sources = [m for i in ids if (m := self._find(source_chat, i)) and not m.service]
        if not sources:
            raise _bad("there are no messages to copy")  # unverified wording
        options = {"remove_caption": params.get("remove_caption")}
        contents = [self._copied_content(m, options, "copied") for m in sources]
        self._take_slot(chat_id, len(contents))
        copies = []
        for content in contents:
            message = self._store(chat_id, from_bot=True, content=content, thread_id=thread_id)
            message.raw_text = content.get("text", "")
            copies.append({"message_id": message.message_id})
        return copies

    async def _m_forwardMessage(self, params: dict) -> dict:
        source = self._source(params, "message to forward")
        chat_id, thread_id, _ = self._target(params)
        content = self._copied_content(source, {}, "forwarded")
        sender = self._bot_user() if source.from_bot else self._sender(source).to_json()
        origin = {"type": "user", "sender_user": sender, "date": source.date}
        content["forward_origin"] = source.json.get("forward_origin", origin)
        self._take_slot(chat_id)
        message = self._store(chat_id, from_bot=True, content=content, thread_id=thread_id)
        message.raw_text = content.get("text", "")
        return self._message_json(message)

    # ---- groups and forum topics ----------------------------------------------------------------

    async def _m_getChatMember(self, params: dict) -> dict:
        chat_id = self._chat(params, sending=False)
        user_id = params.get("user_id")
        if not isinstance(user_id, int) or user_id <= 0:
            raise _bad("invalid user_id specified")
        if user_id == self.bot_id:
            group = self._groups.get(chat_id)
            if group is not None and group.bot_is_admin:
                return self._admin_json(self._bot_user(), group)
            return {"status": "member", "user": self._bot_user()}
        group = self._groups.get(chat_id)
        user = self._people.get(user_id)
        if group is not None:
            user = group.members.get(user_id) or group.former.get(user_id) or user
        if user is None:
            raise _bad("user not found")  # a user the bot has never met
        if group is None:  # a private chat: the user and the bot
            return {"status": "member" if user_id == chat_id else "left", "user": user.to_json()}
        if user_id in group.admins:
            return self._admin_json(user.to_json(), group)
        return {"status": "member" if user_id in group.members else "left", "user": user.to_json()}

    @staticmethod
    def _admin_json(user: dict, group: FakeGroup) -> dict:
        rights = dict.fromkeys(("can_manage_chat", "can_delete_messages", "can_restrict_members",
                                "can_invite_users", "can_pin_messages", "can_change_info",
                                "can_manage_video_chats"), True)  # fmt: skip
        rights |= dict.fromkeys(("can_be_edited", "is_anonymous", "can_promote_members",
                                 "can_post_stories", "can_edit_stories", "can_delete_stories",
                                 "can_send_welcome_messages"), False)  # fmt: skip
        if group.is_forum:
            rights["can_manage_topics"] = group.can_manage_topics
        return {"status": "administrator", "user": user} | rights

    def _topic_service(self, topic: FakeTopic, content: dict) -> None:
        self._store(
            topic.chat_id, from_bot=True, content=content, thread_id=topic.message_thread_id,
            service=True,
        )  # fmt: skip

    async def _m_createForumTopic(self, params: dict) -> dict:
        group = self._forum(params)
        if not (group.bot_is_admin and group.can_manage_topics):
            raise _bad("not enough rights to create a topic")
        name = self._topic_name(params.get("name"))
        color = params.get("icon_color") or TOPIC_ICON_COLORS[0]
        if color not in TOPIC_ICON_COLORS:
            raise _bad("invalid icon color specified")  # unverified past TDLib's 0..0xFFFFFF
        emoji = params.get("icon_custom_emoji_id")
        emoji = str(emoji) if emoji and str(emoji).isdigit() else None
        message = self._store(group.id, from_bot=True, content={}, service=True)
        message.thread_id = message.message_id
        topic = FakeTopic(group.id, message.message_id, name, color, emoji)
        message.json = {"forum_topic_created": topic.to_json()}
        message.json["forum_topic_created"].pop("message_thread_id")
        group.topics[topic.message_thread_id] = topic
        return topic.to_json()

    async def _m_editForumTopic(self, params: dict) -> bool:
        """An empty or absent name keeps the name; icon_custom_emoji_id "" removes the icon."""
        group = self._forum(params)
        topic = self._topic(group, params)
        edited: dict[str, Any] = {}
        if params.get("name"):
            edited["name"] = self._topic_name(params["name"])
        if "icon_custom_emoji_id" in params:
            emoji = str(params.get("icon_custom_emoji_id") or "")
            edited["icon_custom_emoji_id"] = emoji if emoji.isdigit() else ""
        if not edited:
            return True  # TDLib answers without asking the server
        before = (topic.name, topic.icon_custom_emoji_id or "")
        after = (edited.get("name", topic.name), edited.get("icon_custom_emoji_id", before[1]))
        if after == before:
            raise _bad("TOPIC_NOT_MODIFIED")
        topic.name, topic.icon_custom_emoji_id = after[0], after[1] or None
        self._topic_service(topic, {"forum_topic_edited": edited})
        return True

    async def _toggle_topic(self, params: dict, closed: bool) -> bool:
        topic = self._topic(self._forum(params), params)
        if topic.closed == closed:
            raise _bad("TOPIC_NOT_MODIFIED")
        topic.closed = closed
        self._topic_service(topic, {"forum_topic_closed" if closed else "forum_topic_reopened": {}})
        return True

    async def _m_closeForumTopic(self, params: dict) -> bool:
        return await self._toggle_topic(params, True)

    async def _m_reopenForumTopic(self, params: dict) -> bool:
        return await self._toggle_topic(params, False)

    async def _m_deleteForumTopic(self, params: dict) -> bool:
        """The topic goes with all its messages; sending there is "message thread not found"."""
        group = self._forum(params)
        topic = self._topic(group, params)
        if not group.bot_is_admin:
            raise _bad("not enough rights to delete the topic")
        topic.deleted = True
        for message in self._messages.get(group.id, []):
            if message.thread_id == topic.message_thread_id:
                message.deleted = True
        return True

    # ---- world state ----------------------------------------------------------------------------

    def _store(
        self,
        chat_id: int,
        *,
        from_bot: bool,
        content: dict,
        sender: FakeUser | None = None,
        thread_id: int | None = None,
        reply_to: int | None = None,
        service: bool = False,
    ) -> _Message:
        messages = self._messages.setdefault(chat_id, [])
        message_id = len(messages) + 1  # one counter per chat, shared by everyone in it
        message = _Message(message_id, chat_id, from_bot, int(time.time()), content)
        message.sender, message.thread_id, message.reply_to = sender, thread_id, reply_to
        message.service = service
        messages.append(message)
        return message

    def _sender(self, message: _Message) -> FakeUser:
        return message.sender or self._users[message.chat_id]

    def _chat_json(self, chat_id: int) -> dict:
        group = self._groups.get(chat_id)
        if group is not None:
            return group.to_json()
        user = self._users[chat_id]
        chat = {"id": user.id, "first_name": user.first_name, "type": "private"}
        if user.username:
            chat["username"] = user.username
        return chat

    def _message_json(self, message: _Message, *, nested: bool = False) -> dict:
        data: dict[str, Any] = {"message_id": message.message_id}
        if message.thread_id is not None:
            data["message_thread_id"] = message.thread_id
        data |= {
            "from": self._bot_user() if message.from_bot else self._sender(message).to_json(),
            "chat": self._chat_json(message.chat_id),
            "date": message.date,
        }
        group = self._groups.get(message.chat_id)
        if message.thread_id is not None and group is not None and group.is_forum:
            data["is_topic_message"] = True
        # In a topic every message that replies to nothing else replies to the topic's creation
        # message (a topic is the thread of that service message).
        replied_id = message.reply_to
        if replied_id is None and data.get("is_topic_message"):
            replied_id = message.thread_id if message.thread_id != message.message_id else None
        replied = self._find(message.chat_id, replied_id) if replied_id is not None else None
        if replied is not None and not nested:
            data["reply_to_message"] = self._message_json(replied, nested=True)
        if message.edit_date is not None:
            data["edit_date"] = message.edit_date
        data |= message.json
        if message.reply_markup and "inline_keyboard" in message.reply_markup:
            data["reply_markup"] = message.reply_markup
        return data

    def _enqueue(self, kind: str, payload: dict) -> None:
        update = {"update_id": next(self._update_ids), kind: payload}
        if kind in self._allowed:
            self._updates.append(update)
            self._notify()
        else:
            self.dropped_updates.append(update)

    def _notify(self) -> None:
        if self._wakeup is not None:
            self._wakeup.set()
            self._wakeup = asyncio.Event()

    def _user_message(self, user: FakeUser, content: dict) -> int:
        self._users[user.id] = self._people[user.id] = user
        self._last_action[user.id] = len(self.calls)
        message = self._store(user.id, from_bot=False, content=content)
        if user.id not in self._blocked:
            self._enqueue("message", self._message_json(message))
        return message.message_id

    def _new_file(self, prefix: str) -> tuple[int, dict]:
        n = next(self._file_ids)
        return n, {"file_id": f"{prefix}AxkBAAE{n}", "file_unique_id": f"AgAD{n}{prefix[:2]}"}

    def _sticker(self, emoji: str) -> dict:
        n, ids = self._new_file("CAACAgIA")
        thumb = {"file_id": f"AAMCAgADGQEAA{n}t", "file_unique_id": f"AQAD{n}t"}
        sticker = ids | {
            "type": "regular",
            "width": 512,
            "height": 512,
            "is_animated": False,
            "is_video": False,
            "emoji": emoji,
            "set_name": "JolTestPack",
            "thumbnail": thumb | {"width": 128, "height": 128, "file_size": 5012},
            "file_size": 23456,
        }
        return {"sticker": sticker}

    @staticmethod
    def _with_caption(content: dict, caption: str | None) -> dict:
        return content | ({"caption": caption} if caption else {})

    def _photo(self, caption: str | None) -> dict:
        n = next(self._file_ids)
        sizes = [(90, 67, 1411), (320, 240, 18235), (800, 600, 70211)]
        photo = [
            {"file_id": f"AgACAgIAAxkBAAE{n}_{w}", "file_unique_id": f"AQAD{n}{w}",
             "width": w, "height": h, "file_size": size}
            for w, h, size in sizes
        ]  # fmt: skip
        return self._with_caption({"photo": photo}, caption)

    def _voice(self, duration: int) -> dict:
        _, voice = self._new_file("AwACAgIA")
        voice |= {"duration": duration, "mime_type": "audio/ogg", "file_size": 4000 * duration}
        return {"voice": voice}

    def _document(self, file_name: str, mime_type: str | None, caption: str | None) -> dict:
        _, document = self._new_file("BQACAgIA")
        mime = mime_type or mimetypes.guess_type(file_name)[0] or "application/octet-stream"
        document |= {"file_name": file_name, "mime_type": mime, "file_size": 48213}
        return self._with_caption({"document": document}, caption)

    def _video(self, caption: str | None, duration: int) -> dict:
        _, video = self._new_file("BAACAgIA")
        video |= {"width": 720, "height": 1280, "duration": duration, "mime_type": "video/mp4"}
        return self._with_caption({"video": video | {"file_size": 250_000 * duration}}, caption)

    @staticmethod
    def _text(text: str) -> dict:
        content: dict[str, Any] = {"text": text}
        if entities := _bot_command_entities(text):
            content["entities"] = entities
        return content

    # ---- simulation API for tests -------------------------------------------------------------

    def user_sends(self, user: FakeUser, text: str) -> int:
        """The user types `text`; returns its message_id. Commands get bot_command entities."""
        return self._user_message(user, self._text(text))

    def user_sends_sticker(self, user: FakeUser, emoji: str = "👍") -> int:
        return self._user_message(user, self._sticker(emoji))

    def user_sends_photo(self, user: FakeUser, caption: str | None = None) -> int:
        return self._user_message(user, self._photo(caption))

    def user_sends_voice(self, user: FakeUser, duration: int = 4) -> int:
        return self._user_message(user, self._voice(duration))

    def user_sends_document(
        self,
        user: FakeUser,
        file_name: str = "document.pdf",
        caption: str | None = None,
        mime_type: str | None = None,
    ) -> int:
        return self._user_message(user, self._document(file_name, mime_type, caption))

    def user_sends_video(
        self, user: FakeUser, caption: str | None = None, duration: int = 7
    ) -> int:
        return self._user_message(user, self._video(caption, duration))

    def user_blocks(self, user: FakeUser) -> None:
        """Sends to this user now fail with 403, as after "Stop and block bot"."""
        self._blocked.add(user.id)

    def user_unblocks(self, user: FakeUser) -> None:
        self._blocked.discard(user.id)

    def add_group(
        self,
        chat_id: int,
        title: str = "Group",
        *,
        members: Iterable[FakeUser] = (),
        admins: Iterable[FakeUser] = (),
        forum: bool = False,
        bot_is_admin: bool = True,
        can_manage_topics: bool = True,
        group_rate: tuple[int, float] | None = None,
    ) -> FakeGroup:
        """A supergroup the bot is in; `admins` are members too. group_rate=(20, 60.0) turns on
        Telegram's limit of about 20 bot messages a minute in one group."""
        assert str(chat_id).startswith("-100"), f"supergroup ids look like -100…, not {chat_id}"
        assert chat_id not in self._groups, f"group {chat_id} exists already"
        group = FakeGroup(chat_id, title, forum, bot_is_admin, can_manage_topics, group_rate)
        for user in members:
            group.add_member(user)
        for user in admins:
            group.add_member(user, admin=True)
        self._people.update(group.members)
        self._groups[chat_id] = group
        owner = next(iter(group.members.values()), FakeUser(1, "Owner", None))
        self._store(chat_id, from_bot=False, content={"supergroup_chat_created": True},
                    sender=owner, service=True)  # fmt: skip
        return group

    def add_forum_group(
        self,
        chat_id: int = -1001987654321,
        title: str = "Staff",
        *,
        members: Iterable[FakeUser] = (),
        admins: Iterable[FakeUser] = (),
        can_manage_topics: bool = True,
        group_rate: tuple[int, float] | None = None,
    ) -> FakeGroup:
        """A forum supergroup with the bot as an administrator that may manage topics."""
        return self.add_group(
            chat_id, title, members=members, admins=admins, forum=True,
            can_manage_topics=can_manage_topics, group_rate=group_rate,
        )  # fmt: skip

    def group(self, chat_id: int) -> FakeGroup:
        return self._groups[chat_id]

    def topics(self, chat_id: int) -> list[FakeTopic]:
        """The forum's topics that have not been deleted, oldest first."""
        return self._groups[chat_id].open_topics()

    def topic(self, chat_id: int, thread_id: int) -> FakeTopic:
        return self._groups[chat_id].topics[thread_id]

    def _group_message(
        self,
        user: FakeUser,
        chat_id: int,
        content: dict,
        thread_id: int | None,
        reply_to: int | None,
    ) -> int:
        group = self._groups.get(chat_id)
        if group is None:
            raise AssertionError(f"the bot is in no group {chat_id}; add_group() it first")
        if user.id not in group.members:
            raise AssertionError(f"user {user.id} is not a member of {group.title!r} ({chat_id})")
        replied = self._find(chat_id, reply_to) if reply_to is not None else None
        if reply_to is not None and replied is None:
            raise AssertionError(f"no message {reply_to} in {group.title!r} to reply to")
        if replied is not None and thread_id is None:
            thread_id = replied.thread_id
        if thread_id is not None:
            topic = group.topics.get(thread_id)
            if topic is None or topic.deleted:
                raise AssertionError(f"no topic {thread_id} in {group.title!r}")
            if replied is not None and replied.thread_id != thread_id:
                raise AssertionError(f"message {reply_to} is not in topic {thread_id}")
            if topic.closed and user.id not in group.admins:
                raise AssertionError(f"topic {thread_id} is closed; only admins can write there")
        group.members[user.id] = self._people[user.id] = user
        self._last_action[chat_id] = len(self.calls)
        message = self._store(
            chat_id,
            from_bot=False,
            content=content,
            sender=user,
            thread_id=thread_id,
            reply_to=reply_to,
        )
        update = self._message_json(message)
        text = content.get("text", "")
        seen = (
            group.bot_is_admin
            or any(e["type"] == "bot_command" for e in content.get("entities", []))
            or f"@{self._bot_user()['username']}" in text
            or (replied is not None and replied.from_bot)
        )
        if seen:
            self._enqueue("message", update)
        else:
            self.privacy_hidden.append(update)
        return message.message_id

    def group_sends(
        self,
        user: FakeUser,
        chat_id: int,
        text: str,
        *,
        thread_id: int | None = None,
        reply_to: int | None = None,
    ) -> int:
        """A member writes in a group (a forum's General topic when thread_id is None)."""
        return self._group_message(user, chat_id, self._text(text), thread_id, reply_to)

    def staff_sends(
        self,
        user: FakeUser,
        chat_id: int,
        thread_id: int | None,
        text: str,
        *,
        reply_to: int | None = None,
    ) -> int:
        """A staff member writes in a forum topic (None: General); returns the message_id. The
        update is Telegram's: message_thread_id, is_topic_message, and reply_to_message = the
        replied message, or else the topic's creation message."""
        return self._group_message(user, chat_id, self._text(text), thread_id, reply_to)

    def staff_sends_photo(
        self,
        user: FakeUser,
        chat_id: int,
        thread_id: int | None,
        caption: str | None = None,
        *,
        reply_to: int | None = None,
    ) -> int:
        return self._group_message(user, chat_id, self._photo(caption), thread_id, reply_to)

    def staff_sends_voice(
        self,
        user: FakeUser,
        chat_id: int,
        thread_id: int | None,
        duration: int = 4,
        *,
        reply_to: int | None = None,
    ) -> int:
        return self._group_message(user, chat_id, self._voice(duration), thread_id, reply_to)

    def staff_sends_document(
        self,
        user: FakeUser,
        chat_id: int,
        thread_id: int | None,
        file_name: str = "document.pdf",
        caption: str | None = None,
        *,
        mime_type: str | None = None,
        reply_to: int | None = None,
    ) -> int:
        content = self._document(file_name, mime_type, caption)
        return self._group_message(user, chat_id, content, thread_id, reply_to)

    def staff_sends_sticker(
        self,
        user: FakeUser,
        chat_id: int,
        thread_id: int | None,
        emoji: str = "👍",
        *,
        reply_to: int | None = None,
    ) -> int:
        return self._group_message(user, chat_id, self._sticker(emoji), thread_id, reply_to)

    def user_presses(
        self, user: FakeUser, message_id: int, callback_data: str, *, chat_id: int | None = None
    ) -> str:
        """Press the button carrying `callback_data` on a bot message (in the user's private
        chat, or in the group `chat_id` the user is a member of); returns the query id."""
        chat = user.id if chat_id is None else chat_id
        group = self._groups.get(chat)
        if group is not None and user.id not in group.members:
            raise AssertionError(f"user {user.id} is not a member of {group.title!r} ({chat})")
        message = self._find(chat, message_id)
        if message is None or not message.from_bot:
            raise AssertionError(f"no bot message {message_id} in chat {chat} to press on")
        snapshot = self._snapshot(message)
        if not any(callback_data in row for row in snapshot.button_data):
            raise AssertionError(
                f"message {message_id} has no button with callback_data {callback_data!r}; "
                f"buttons: {snapshot.buttons}, data: {snapshot.button_data}"
            )
        query_id = str(next(self._query_ids))
        self._callbacks[query_id] = (chat, message_id)
        self._last_action[chat] = len(self.calls)
        self._people[user.id] = user
        self._enqueue(
            "callback_query",
            {
                "id": query_id,
                "from": user.to_json(),
                "message": self._message_json(message),
                "chat_instance": str(-(7_000_000_000_000_000_000 + chat)),
                "data": callback_data,
            },
        )
        return query_id

    def user_presses_button(
        self,
        user: FakeUser,
        label: str,
        *,
        chat_id: int | None = None,
        thread_id: int | None = None,
    ) -> str:
        """Press the button labelled `label` on the newest bot message showing one (exact label
        first, else a unique substring on the newest message that has matches); in the user's
        private chat, or in group `chat_id` (and topic `thread_id`)."""
        chat = user.id if chat_id is None else chat_id
        shown = list(reversed(self.messages(chat, thread_id)))
        buttons = [(m, b) for m in shown for row in m.inline_keyboard for b in row]
        candidates = [(m, b) for m, b in buttons if b["text"] == label]
        if not candidates:
            for message in shown:
                partial = [(m, b) for m, b in buttons if m is message and label in b["text"]]
                if len(partial) > 1:
                    labels = [b["text"] for _, b in partial]
                    raise AssertionError(
                        f"{label!r} is ambiguous on message {message.message_id}: {labels}"
                    )
                if partial:
                    candidates = partial
                    break
        if not candidates:
            visible = [(m.message_id, m.buttons) for m in shown if m.buttons]
            raise AssertionError(f"no button {label!r} in chat {chat}; visible: {visible}")
        message, button = candidates[0]
        if not button.get("callback_data"):
            raise AssertionError(f"button {label!r} is not a callback button: {button}")
        return self.user_presses(user, message.message_id, button["callback_data"], chat_id=chat_id)

    def _snapshot(self, message: _Message) -> SentMessage:
        return SentMessage(
            message.message_id,
            message.chat_id,
            message.raw_text,
            message.json.get("text", ""),
            list(message.json.get("entities", [])),
            message.reply_markup,
            message.edit_count,
            thread_id=message.thread_id,
            content=copy.deepcopy(message.json),
        )

    def messages(self, chat_id: int, thread_id: int | None = None) -> list[SentMessage]:
        """The bot's messages in the chat as people now see them (edited, not deleted), only
        those in topic `thread_id` when given; service messages are not among them."""
        return [
            self._snapshot(m)
            for m in self._messages.get(chat_id, [])
            if m.from_bot
            and not m.deleted
            and not m.service
            and (thread_id is None or m.thread_id == thread_id)
        ]

    def history(self, chat_id: int, thread_id: int | None = None) -> list[dict]:
        """Everything in the chat (or topic) not deleted, by anyone, service messages included,
        as Bot API Message objects."""
        return [
            self._message_json(m)
            for m in self._messages.get(chat_id, [])
            if not m.deleted and (thread_id is None or m.thread_id == thread_id)
        ]

    @property
    def polling(self) -> bool:
        """A getUpdates request is waiting right now (it shows in `calls` only when it returns)."""
        return self._waiting_polls > 0

    async def wait_until_polling(self, timeout: float = 20.0) -> None:
        """Wait for the bot to start long polling (after its startup calls, e.g. setMyCommands)."""
        await self.wait_for(lambda: self.polling, timeout)

    def mark(self) -> int:
        """An index into `calls` to wait for replies after."""
        return len(self.calls)

    def errors(self) -> list[Call]:
        """Calls Telegram would have rejected. A long poll ended by a newer getUpdates (409) is
        not one: a stopping bot abandons its poll and confirms its offset with a new call."""
        return [
            call
            for call in self.calls
            if not call.ok
            and not (call.method.lower() == "getupdates" and "Conflict" in str(call.error))
        ]

    def unanswered_callbacks(self) -> list[str]:
        return [query_id for query_id in self._callbacks if query_id not in self.callback_answers]

    def callback_answer(self, query_id: str) -> CallbackAnswer | None:
        return self.callback_answers.get(query_id)

    async def wait_for(
        self,
        predicate: Callable[[], bool],
        timeout: float = 10.0,
    ) -> None:
        deadline = time.monotonic() + timeout
        while not predicate():
            if time.monotonic() > deadline:
                raise AssertionError(f"condition not met within {timeout} s\n{self.summary()}")
            await asyncio.sleep(0.02)

    async def wait_for_reply(
        self,
        chat_id: int,
        after_call_index: int | None = None,
        timeout: float = 10.0,
        *,
        thread_id: int | None = None,
    ) -> SentMessage:
        """Wait for a successful sendMessage/editMessageText/copyMessage/forwardMessage to
        `chat_id` (into topic `thread_id` when given) after the given index of `calls` (default:
        the last simulated action in that chat); return that message."""
        start = self._last_action.get(chat_id, 0) if after_call_index is None else after_call_index
        methods = ("sendmessage", "editmessagetext", "copymessage", "forwardmessage")

        def replies() -> list[_Message]:
            found = []
            for call in self.calls[start:]:
                if not (call.ok and call.method.lower() in methods):
                    continue
                if call.params.get("chat_id") != chat_id:
                    continue
                message = self._find(chat_id, call.result["message_id"])
                if message is not None and thread_id in (None, message.thread_id):
                    found.append(message)
            return found

        await self.wait_for(lambda: bool(replies()), timeout)
        return self._snapshot(replies()[-1])

    def summary(self, last: int = 15) -> str:
        """Recent calls other than getUpdates, for failure messages."""
        calls = [c for c in self.calls if c.method.lower() != "getupdates"][-last:]
        lines = []
        for call in calls:
            brief = {k: (v[:80] + "…" if isinstance(v, str) and len(v) > 80 else v)
                     for k, v in call.params.items() if k != "reply_markup"}  # fmt: skip
            outcome = "ok" if call.ok else f"FAILED: {call.error}"
            lines.append(f"  {call.method} {outcome} {brief}")
        return "recent Bot API calls:\n" + ("\n".join(lines) or "  (none)")


def _trim(text: str, entities: list[dict]) -> tuple[str, list[dict]]:
    """Telegram strips leading and trailing whitespace from message text, moving entities."""
    stripped = text.strip()
    if stripped == text:
        return text, entities
    lead = utf16_len(text[: len(text) - len(text.lstrip())])
    size = utf16_len(stripped)
    moved = []
    for entity in entities:
        start = max(entity["offset"] - lead, 0)
        end = min(entity["offset"] + entity["length"] - lead, size)
        if end > start:
            moved.append(entity | {"offset": start, "length": end - start})
    return stripped, moved
