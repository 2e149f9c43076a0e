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

All simulation methods are synchronous and must be called from the event loop the server runs
on (the test's loop); they only enqueue updates, which the bot receives by polling.
"""

from __future__ import annotations

import asyncio
import itertools
import json
import re
import time
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

import aiohttp
from aiohttp import web

__all__ = [
    "Call",
    "CallbackAnswer",
    "FakeBotAPI",
    "FakeUser",
    "SentMessage",
    "TelegramHTMLError",
    "parse_telegram_html",
    "parse_telegram_html_entities",
    "utf16_len",
]

MAX_TEXT_UTF16 = 4096
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
    """A Telegram user who talks to the bot in a private chat (chat id == user id)."""

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
    text: str  # as the bot sent it (raw HTML when parse_mode was HTML)
    plain_text: str  # the visible text
    entities: list[dict]
    reply_markup: dict | None
    edit_count: int = 0

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


class _ApiError(Exception):
    def __init__(self, code: int, description: str) -> None:
        super().__init__(description)
        self.code, self.description = code, description


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
_INT_FIELDS = {"chat_id", "message_id", "offset", "limit", "timeout", "cache_time", "user_id"}
_BOOL_FIELDS = {"show_alert", "disable_notification", "protect_content", "drop_pending_updates"}
_BOOL_FIELDS |= {"allow_sending_without_reply", "disable_web_page_preview"}
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
    "sendChatAction",
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
        self._faults: list[_Fault] = []
        self.webhook_url = ""
        self._webhook_secret: str | None = None
        self._delivery: asyncio.Task[None] | None = None
        self.webhook_deliveries = 0
        self.faults_applied: list[tuple[str, str]] = []
        self._updates: list[dict] = []
        self._allowed = _DEFAULT_UPDATES
        self._users: dict[int, FakeUser] = {}
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
        body = {"ok": False, "error_code": exc.code, "description": exc.description}
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

    def _chat(self, params: dict) -> int:
        chat_id = params.get("chat_id")
        if chat_id in (None, ""):
            raise _bad("chat_id is empty")
        if not isinstance(chat_id, int) or chat_id not in self._users:
            raise _bad("chat not found")
        if chat_id in self._blocked:
            raise _ApiError(403, "Forbidden: bot was blocked by the user")
        return chat_id

    def _formatted(self, params: dict) -> tuple[str, list[dict]]:
        """Visible text and entities of `text`, validated like sendMessage/editMessageText."""
        text = params.get("text")
        if not isinstance(text, str) or not text:
            raise _bad("message text is empty")
        mode = str(params.get("parse_mode") or "").lower()
        if params.get("entities") is not None:
            visible, entities = text, list(params["entities"])
        elif mode == "html":
            try:
                visible, entities = parse_telegram_html_entities(text, strict=self.strict)
            except TelegramHTMLError as exc:
                raise _bad(f"can't parse entities: {exc.description}") from None
        elif mode == "":
            visible, entities = text, []
        else:
            raise _bad("unsupported parse_mode (the fake implements only HTML)")
        visible, entities = _trim(visible, entities)
        if not visible:
            raise _bad("message text is empty")
        if utf16_len(visible) > MAX_TEXT_UTF16:
            raise _bad("message is too long")
        return visible, entities

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
        chat_id = self._chat(params)
        markup = self._markup(params)
        visible, entities = self._formatted(params)
        reply = params.get("reply_parameters") or {}
        reply_to = reply.get("message_id") if isinstance(reply, dict) else None
        allow_without = isinstance(reply, dict) and reply.get("allow_sending_without_reply")
        if reply_to is not None and self._find(chat_id, reply_to) is None and not allow_without:
            raise _bad("message to be replied not found")
        content = {"text": visible} | ({"entities": entities} if entities else {})
        message = self._store(chat_id, from_bot=True, content=content)
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
        message.deleted = True
        return True

    async def _m_deleteMessages(self, params: dict) -> bool:
        """1..100 ids; ones that cannot be found are skipped, as Telegram does."""
        chat_id = self._chat(params)
        ids = params.get("message_ids")
        if not isinstance(ids, list) or not 1 <= len(ids) <= 100:
            raise _bad("message identifiers are not specified")  # unverified wording
        for message_id in ids:
            message = self._find(chat_id, message_id)
            if message is not None:
                message.deleted = True
        return True

    async def _m_sendChatAction(self, params: dict) -> bool:
        self._chat(params)
        if str(params.get("action") or "").lower() not in _CHAT_ACTIONS:
            raise _bad("wrong parameter action in request")
        return True

    # ---- world state ----------------------------------------------------------------------------

    def _store(self, chat_id: int, *, from_bot: bool, content: dict) -> _Message:
        messages = self._messages.setdefault(chat_id, [])
        message_id = len(messages) + 1  # one counter per private chat, shared by both sides
        message = _Message(message_id, chat_id, from_bot, int(time.time()), content)
        messages.append(message)
        return message

    def _message_json(self, message: _Message) -> dict:
        user = self._users[message.chat_id]
        chat = {"id": user.id, "first_name": user.first_name, "type": "private"}
        if user.username:
            chat["username"] = user.username
        data: dict[str, Any] = {
            "message_id": message.message_id,
            "from": self._bot_user() if message.from_bot else user.to_json(),
            "chat": chat,
            "date": message.date,
        }
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
        self._users[user.id] = user
        self._last_action[user.id] = len(self.calls)
        message = self._store(user.id, from_bot=False, content=content)
        if user.id not in self._blocked:
            self._enqueue("message", self._message_json(message))
        return message.message_id

    # ---- simulation API for tests -------------------------------------------------------------

    def user_sends(self, user: FakeUser, text: str) -> int:
        """The user types `text`; returns its message_id. Commands get bot_command entities."""
        content: dict[str, Any] = {"text": text}
        if entities := _bot_command_entities(text):
            content["entities"] = entities
        return self._user_message(user, content)

    def user_sends_sticker(self, user: FakeUser, emoji: str = "👍") -> int:
        n = next(self._file_ids)
        thumb = {"file_id": f"AAMCAgADGQEAA{n}t", "file_unique_id": f"AQAD{n}t"}
        sticker = {
            "file_id": f"CAACAgIAAxkBAAE{n}",
            "file_unique_id": f"AgAD{n}",
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
        return self._user_message(user, {"sticker": sticker})

    def user_sends_photo(self, user: FakeUser, caption: str | None = None) -> int:
        n = next(self._file_ids)
        sizes = [(90, 67, 1411), (320, 240, 18235), (800, 600, 70211)]
        photo = [
            {"file_id": f"AgACAgIAAxkBAAE{n}_{w}", "file_unique_id": f"AQAD{n}{w}",
             "width": w, "height": h, "file_size": size}
            for w, h, size in sizes
        ]  # fmt: skip
        content = {"photo": photo} | ({"caption": caption} if caption else {})
        return self._user_message(user, content)

    def user_blocks(self, user: FakeUser) -> None:
        """Sends to this user now fail with 403, as after "Stop and block bot"."""
        self._blocked.add(user.id)

    def user_presses(self, user: FakeUser, message_id: int, callback_data: str) -> str:
        """Press the button carrying `callback_data` on a bot message; returns the query id."""
        message = self._find(user.id, message_id)
        if message is None or not message.from_bot:
            raise AssertionError(f"no bot message {message_id} in chat {user.id} to press on")
        snapshot = self._snapshot(message)
        if not any(callback_data in row for row in snapshot.button_data):
            raise AssertionError(
                f"message {message_id} has no button with callback_data {callback_data!r}; "
                f"buttons: {snapshot.buttons}, data: {snapshot.button_data}"
            )
        query_id = str(next(self._query_ids))
        self._callbacks[query_id] = (user.id, message_id)
        self._last_action[user.id] = len(self.calls)
        self._enqueue(
            "callback_query",
            {
                "id": query_id,
                "from": user.to_json(),
                "message": self._message_json(message),
                "chat_instance": str(-(7_000_000_000_000_000_000 + user.id)),
                "data": callback_data,
            },
        )
        return query_id

    def user_presses_button(self, user: FakeUser, label: str) -> str:
        """Press the button labelled `label` on the newest bot message showing one (exact label
        first, else a unique substring on the newest message that has matches)."""
        shown = list(reversed(self.messages(user.id)))
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
            raise AssertionError(f"no button {label!r} in chat {user.id}; visible: {visible}")
        message, button = candidates[0]
        if not button.get("callback_data"):
            raise AssertionError(f"button {label!r} is not a callback button: {button}")
        return self.user_presses(user, message.message_id, button["callback_data"])

    def _snapshot(self, message: _Message) -> SentMessage:
        return SentMessage(
            message.message_id,
            message.chat_id,
            message.raw_text,
            message.json.get("text", ""),
            list(message.json.get("entities", [])),
            message.reply_markup,
            message.edit_count,
        )

    def messages(self, chat_id: int) -> list[SentMessage]:
        """The bot's messages in the chat as the user now sees them (edited, not deleted)."""
        return [
            self._snapshot(m)
            for m in self._messages.get(chat_id, [])
            if m.from_bot and not m.deleted
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
    ) -> SentMessage:
        """Wait for a successful sendMessage/editMessageText to `chat_id` after the given index
        of `calls` (default: the user's last simulated action there); return that message."""
        start = self._last_action.get(chat_id, 0) if after_call_index is None else after_call_index
        methods = ("sendmessage", "editmessagetext")

        def replies() -> list[Call]:
            return [
                c
                for c in self.calls[start:]
                if c.ok and c.method.lower() in methods and c.params.get("chat_id") == chat_id
            ]

        await self.wait_for(lambda: bool(replies()), timeout)
        message = self._find(chat_id, replies()[-1].result["message_id"])
        assert message is not None, "the replied message was deleted since"
        return self._snapshot(message)

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
