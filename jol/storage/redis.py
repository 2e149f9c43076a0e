"""Redis, for several bot instances behind one webhook (``STORAGE_URL=redis://...``).

Everything two instances must agree on lives here: FSM state and data (aiogram's
RedisStorage), the per-person lock (RedisEventIsolation), the chosen language and the ids of
recently sent messages. As in SQLite, keys carry pseudonyms, never Telegram ids, and every key
expires by itself (Redis TTLs instead of the daily expiry job).
"""

from __future__ import annotations

import json
import secrets
import time
from collections.abc import Awaitable, Callable
from datetime import UTC, date, datetime, timedelta
from typing import Literal, cast

from aiogram.fsm.storage.base import DEFAULT_DESTINY, KeyBuilder, StorageKey
from cryptography.fernet import InvalidToken
from redis.asyncio import BlockingConnectionPool, Redis
from redis.asyncio.client import Pipeline

from jol.privacy import Pseudonymizer, Sealer
from jol.storage.reminders import NewReminder, Reminder
from jol.storage.stats import Count, counted_thing, day_token
from jol.storage.subscriptions import Subscriber
from jol.storage.tickets import STATUSES, Relay, Status, Ticket
from jol.storage.touched import TouchedToday

PREFIX = "jol"
SENT_DAYS = 2  # as the sent_messages table: Telegram lets a bot delete messages for 48 hours
# Each update holds a connection only for a few commands: a pool of this size serves thousands
# of concurrent users. BlockingConnectionPool makes the rest wait for a connection; redis-py's
# default pool opens one per concurrent command and fails with "Too many connections" (or
# runs out of file descriptors) under a few hundred concurrent users.
POOL_SIZE = 256
POOL_TIMEOUT = 10.0  # seconds to wait for a free connection before failing the update
SOCKET_TIMEOUT = 5.0

Part = Literal["data", "state", "lock"]


def connect(url: str, *, pool_size: int = POOL_SIZE) -> Redis:
    pool = BlockingConnectionPool.from_url(
        url,
        max_connections=pool_size,
        timeout=POOL_TIMEOUT,
        # A silent network failure must fail the update, not hang it.
        socket_timeout=SOCKET_TIMEOUT,
        socket_connect_timeout=SOCKET_TIMEOUT,
        health_check_interval=30,
    )
    return Redis(connection_pool=pool)


class PseudonymousKeyBuilder(KeyBuilder):
    """Every component of aiogram's StorageKey (bot, business connection, chat, thread, user,
    destiny) in the key, with pseudonyms in place of the chat and user ids."""

    def __init__(self, pseudonymizer: Pseudonymizer) -> None:
        self._pseudonymizer = pseudonymizer

    def build(self, key: StorageKey, part: Part | None = None) -> str:
        return self.build_refs(
            key.bot_id,
            self._pseudonymizer.ref(key.chat_id),
            self._pseudonymizer.ref(key.user_id),
            thread_id=key.thread_id or 0,
            business_connection_id=key.business_connection_id or "",
            destiny=key.destiny,
            part=part,
        )

    @staticmethod
    def build_refs(
        bot_id: int,
        chat_ref: str,
        user_ref: str,
        *,
        thread_id: int = 0,
        business_connection_id: str = "",
        destiny: str = DEFAULT_DESTINY,
        part: Part | None = None,
    ) -> str:
        parts = [PREFIX, "fsm", str(bot_id), business_connection_id, chat_ref, str(thread_id)]
        parts += [user_ref, destiny]
        if part:
            parts.append(part)
        return ":".join(parts)


def profile_key(user_ref: str) -> str:
    return f"{PREFIX}:profile:{user_ref}"


def sent_key(user_ref: str) -> str:
    return f"{PREFIX}:sent:{user_ref}"


_UPDATE_EXISTING = """
if redis.call('EXISTS', KEYS[1]) == 1 then
    redis.call('HSET', KEYS[1], 'blocked', ARGV[1])
    if tonumber(ARGV[2]) > 0 then redis.call('EXPIRE', KEYS[1], ARGV[2]) end
end
"""


class RedisProfiles:
    """The chosen language and the blocked flag, shared by all instances. No cache: another
    instance may change them at any time, and a Redis read costs less than the update."""

    def __init__(self, redis: Redis, retention_days: int) -> None:
        self._redis = redis
        self._ttl = timedelta(days=retention_days)
        self._touched = TouchedToday()  # saves a write per update, as in SQLite
        # Only an existing profile is updated (someone who never chose a language has nothing
        # to keep): one atomic step, so an erase by another instance cannot come in between.
        self._update_existing = redis.register_script(_UPDATE_EXISTING)

    async def language(self, user_ref: str) -> str | None:
        value = await self._hget(user_ref, "language")
        return None if value is None else value.decode()

    async def set_language(self, user_ref: str, language: str, today: date) -> None:
        key = profile_key(user_ref)
        async with self._redis.pipeline(transaction=True) as pipe:
            pipe.hset(key, mapping={"language": language, "blocked": 0})
            pipe.expire(key, self._ttl)
            await pipe.execute()
        self._touched.mark(user_ref, today)

    async def touch(self, user_ref: str, today: date) -> None:
        """Keeps an existing profile for another retention period; once a day per instance."""
        if self._touched.already(user_ref, today):
            return
        ttl = int(self._ttl.total_seconds())
        await self._update_existing(keys=[profile_key(user_ref)], args=[0, ttl])
        self._touched.mark(user_ref, today)

    async def mark_blocked(self, user_ref: str) -> None:
        await self._update_existing(keys=[profile_key(user_ref)], args=[1, 0])
        self._touched.forget(user_ref)

    async def blocked(self, user_ref: str) -> bool:
        return await self._hget(user_ref, "blocked") == b"1"

    def forget(self, user_ref: str) -> None:
        self._touched.forget(user_ref)

    async def _hget(self, user_ref: str, field: str) -> bytes | None:
        # redis-py types its commands for both its sync and async clients.
        return await cast(Awaitable[bytes | None], self._redis.hget(profile_key(user_ref), field))

    def clear(self) -> None:
        self._touched.clear()


class RedisSentMessages:
    """Message ids scored by the day they were sent; older than two days are dropped."""

    def __init__(self, redis: Redis) -> None:
        self._redis = redis

    async def record(self, user_ref: str, message_id: int, today: date) -> None:
        key = sent_key(user_ref)
        oldest = (today - timedelta(days=SENT_DAYS)).toordinal()
        async with self._redis.pipeline(transaction=True) as pipe:
            pipe.zadd(key, {str(message_id): today.toordinal()})
            pipe.zremrangebyscore(key, "-inf", f"({oldest}")
            pipe.expire(key, timedelta(days=SENT_DAYS + 1))
            await pipe.execute()

    async def message_ids(self, user_ref: str) -> list[int]:
        return sorted(int(member) for member in await self._redis.zrange(sent_key(user_ref), 0, -1))


async def erase_user(redis: Redis, sealer: Sealer, bot_id: int, user_ref: str) -> None:
    """Deletes the person's keys. Jol talks only in private chats, where the chat is the user,
    so the FSM keys are known exactly and no scan over all keys is needed."""
    fsm = [
        PseudonymousKeyBuilder.build_refs(bot_id, user_ref, user_ref, part=part)
        for part in ("state", "data")
    ]
    await redis.delete(profile_key(user_ref), sent_key(user_ref), *fsm)
    await RedisReminders(redis, sealer).cancel(user_ref)
    await _erase_tickets(redis, user_ref)
    await _erase_subscriptions(redis, user_ref)
    await _forget_counted(redis, user_ref)


def _reminder_key(reminder_id: str) -> str:
    return f"{PREFIX}:reminder:{reminder_id}"


def _user_reminders_key(user_ref: str) -> str:
    return f"{PREFIX}:reminders:user:{user_ref}"


DUE = f"{PREFIX}:reminders:due"
USER_SET_TTL = timedelta(days=400)  # sorted set: reminder id -> due time (unix seconds)


class RedisReminders:
    """Reminders shared by all instances. Exactly one instance sends each: the one whose
    ZREM of the reminder from the due set returned 1 (Redis runs commands one at a time)."""

    def __init__(self, redis: Redis, sealer: Sealer) -> None:
        self._redis = redis
        self._sealer = sealer

    async def add(self, user_ref: str, chat_id: int, reminders: list[NewReminder]) -> None:
        for new in reminders:
            reminder_id = str(await self._redis.incr(f"{PREFIX}:reminders:next"))
            key = _reminder_key(reminder_id)
            expires = datetime.combine(
                new.useful_until + timedelta(days=2), datetime.min.time(), tzinfo=UTC
            )
            async with self._redis.pipeline(transaction=True) as pipe:
                pipe.hset(
                    key,
                    mapping={
                        "user_ref": user_ref,
                        "chat": self._sealer.seal(chat_id),
                        "due": new.due.isoformat(),
                        "useful_until": new.useful_until.isoformat(),
                        "kind": new.kind,
                        "payload": json.dumps(new.payload, ensure_ascii=False),
                    },
                )
                pipe.expireat(key, expires)
                pipe.zadd(DUE, {reminder_id: new.due.timestamp()})
                pipe.sadd(_user_reminders_key(user_ref), reminder_id)
                # Ids only; outlives every reminder in it (deadlines are weeks away).
                pipe.expire(_user_reminders_key(user_ref), USER_SET_TTL)
                await pipe.execute()

    async def of_user(self, user_ref: str) -> list[Reminder]:
        ids = await cast(Awaitable[set[bytes]], self._redis.smembers(_user_reminders_key(user_ref)))
        found = await self._load([i.decode() for i in ids])
        return sorted(found, key=lambda r: r.due)

    async def cancel(self, user_ref: str, reminder_id: str | None = None) -> None:
        user_key = _user_reminders_key(user_ref)
        if reminder_id is None:
            members = await cast(Awaitable[set[bytes]], self._redis.smembers(user_key))
            ids = [i.decode() for i in members]
        else:
            is_member = await cast(Awaitable[int], self._redis.sismember(user_key, reminder_id))
            ids = [reminder_id] if is_member else []
        if not ids:
            return
        async with self._redis.pipeline(transaction=True) as pipe:
            pipe.zrem(DUE, *ids)
            pipe.delete(*(_reminder_key(i) for i in ids))
            pipe.srem(user_key, *ids)
            await pipe.execute()

    async def due(self, now: datetime, limit: int) -> list[Reminder]:
        ids = await self._redis.zrangebyscore(DUE, "-inf", now.timestamp(), start=0, num=limit)
        return await self._load([i.decode() for i in ids])

    async def claim(self, reminder: Reminder) -> bool:
        if not await self._redis.zrem(DUE, reminder.id):
            return False  # another instance has it, or it was cancelled
        async with self._redis.pipeline(transaction=True) as pipe:
            pipe.delete(_reminder_key(reminder.id))
            pipe.srem(_user_reminders_key(reminder.user_ref), reminder.id)
            await pipe.execute()
        return True

    async def _load(self, ids: list[str]) -> list[Reminder]:
        async with self._redis.pipeline(transaction=False) as pipe:
            for reminder_id in ids:
                pipe.hgetall(_reminder_key(reminder_id))
            rows = await pipe.execute()
        found = []
        for reminder_id, row in zip(ids, rows, strict=True):
            try:
                found.append(_reminder(reminder_id, row, self._sealer))
            except (InvalidToken, KeyError, ValueError):  # expired by its TTL, or unreadable
                await self._redis.zrem(DUE, reminder_id)
                await self._redis.delete(_reminder_key(reminder_id))
        return found


def _reminder(reminder_id: str, row: dict[bytes, bytes], sealer: Sealer) -> Reminder:
    return Reminder(
        id=reminder_id,
        user_ref=row[b"user_ref"].decode(),
        chat_id=sealer.open(row[b"chat"]),
        due=datetime.fromisoformat(row[b"due"].decode()),
        useful_until=date.fromisoformat(row[b"useful_until"].decode()),
        kind=row[b"kind"].decode(),
        payload=json.loads(row[b"payload"]),
    )


# Counts for editors (see jol.storage.stats): the day's key and each person's set of what they
# were counted for live in Redis for that day only; the counts for the retention period.
_COUNT_ONCE = """
local added = redis.call('SADD', KEYS[1], ARGV[1])
redis.call('EXPIRE', KEYS[1], ARGV[2])
if added == 1 then
    redis.call('HINCRBY', KEYS[2], ARGV[1], 1)
    redis.call('EXPIRE', KEYS[2], ARGV[3])
end
"""
_DAY_SECONDS = 24 * 3600
_KEY_SECONDS = 26 * 3600  # the day's key and tokens: the day it was made, and no longer


class RedisStats:
    def __init__(self, redis: Redis, retention_days: int) -> None:
        self._redis = redis
        self._ttl = retention_days * _DAY_SECONDS
        self._keys: dict[date, bytes] = {}
        # What this instance already counted today: saves a round trip on every update.
        self._counted: set[tuple[str, str]] = set()
        self._count_once = redis.register_script(_COUNT_ONCE)

    async def add(self, day: date, kind: str, language: str, item: str, user_ref: str) -> None:
        token = day_token(await self._key(day), user_ref)
        thing = counted_thing(kind, language, item)
        if (token, thing) in self._counted:
            return
        await self._count_once(
            keys=[_seen_key(day, token), _counts_key(day)],
            args=[thing, _KEY_SECONDS, self._ttl],
        )
        if len(self._counted) > 100_000:
            self._counted.clear()
        self._counted.add((token, thing))

    async def totals(self, since: date, until: date) -> list[Count]:
        summed: dict[str, int] = {}
        most: dict[str, int] = {}
        for ordinal in range(since.toordinal(), until.toordinal() + 1):
            counts = await cast(
                Awaitable[dict[bytes, bytes]],
                self._redis.hgetall(_counts_key(date.fromordinal(ordinal))),
            )
            for raw, people in counts.items():
                thing = raw.decode()
                summed[thing] = summed.get(thing, 0) + int(people)
                most[thing] = max(most.get(thing, 0), int(people))
        found = []
        for thing, total in summed.items():
            kind, language, item = thing.split("\x1f", 2)
            found.append(Count(kind, language, item, total, most[thing]))
        return found

    # Told by Database.erase_user (see Database.add_cache); erase_user below drops the tokens
    # in Redis.
    def forget(self, user_ref: str) -> None:
        for key in self._keys.values():
            token = day_token(key, user_ref)
            self._counted = {(t, thing) for t, thing in self._counted if t != token}

    def clear(self) -> None:
        """Expiry ran: nothing to do, the tokens already last one day only."""

    async def _key(self, day: date) -> bytes:
        if day not in self._keys:
            name = f"{PREFIX}:stats:key:{day.isoformat()}"
            # The first instance of the day makes the key; every other one reads it.
            await self._redis.set(name, secrets.token_bytes(32), nx=True, ex=_KEY_SECONDS)
            key = await self._redis.get(name)
            assert key is not None
            self._keys = {day: key}  # one day at a time: yesterday's key is forgotten
            self._counted.clear()
        return self._keys[day]


async def _forget_counted(redis: Redis, user_ref: str) -> None:
    """Drops the person's tokens of the days still open, so what they were counted for today
    cannot be linked to them."""
    async for key in redis.scan_iter(match=f"{PREFIX}:stats:key:*"):
        day = date.fromisoformat(key.decode().rsplit(":", 1)[1])
        secret = await redis.get(key)
        if secret is not None:
            await redis.delete(_seen_key(day, day_token(secret, user_ref)))


def _seen_key(day: date, token: str) -> str:
    return f"{PREFIX}:stats:seen:{day.isoformat()}:{token}"


def _counts_key(day: date) -> str:
    return f"{PREFIX}:stats:counts:{day.isoformat()}"


# Conversations with caseworkers (see jol.storage.tickets), shared by all instances:
#   jol:tickets:next              counter of ticket numbers; never expires, so never reused
#   jol:ticket:<id>               hash: user_ref, chat (sealed), language, status, thread_id
#   jol:tickets:user:<user_ref>   sorted set: the person's ticket ids (scored by id)
#   jol:tickets:thread:<thread>   the ticket id of a forum topic
#   jol:tickets:status:<status>   sorted set: ticket id -> when it expires (unix seconds)
#   jol:relays:next               counter of relay ids; never expires
#   jol:relays:staff / :person    sorted set per direction: "id:ticket:message:queued_at"
#                                 scored by id, so in the order they were queued
#   jol:relays:user:<user_ref>    set: the person's members of the two queues (for /forget)
# Everything but the counters expires by itself: a ticket and its indexes after the retention
# period since its status last changed (as seen_day in SQLite), a relay after two days.
TICKETS_NEXT = f"{PREFIX}:tickets:next"
RELAYS_NEXT = f"{PREFIX}:relays:next"
RELAY_DAYS = 2  # as the relays table: a message Telegram would not take for two days is lost


def _ticket_key(ticket_id: int | str) -> str:
    return f"{PREFIX}:ticket:{ticket_id}"


def _user_tickets_key(user_ref: str) -> str:
    return f"{PREFIX}:tickets:user:{user_ref}"


def _thread_key(thread_id: int) -> str:
    return f"{PREFIX}:tickets:thread:{thread_id}"


def _status_key(status: str) -> str:
    return f"{PREFIX}:tickets:status:{status}"


def _queue_key(to_staff: bool) -> str:
    return f"{PREFIX}:relays:{'staff' if to_staff else 'person'}"


def _user_relays_key(user_ref: str) -> str:
    return f"{PREFIX}:relays:user:{user_ref}"


# A ticket erased or expired meanwhile is not brought back by a late update.
_SET_THREAD = """
if redis.call('EXISTS', KEYS[1]) == 0 then return 0 end
if ARGV[3] ~= '' and ARGV[3] ~= ARGV[2] and redis.call('HGET', KEYS[1], 'thread_id') == ARGV[3]
        and redis.call('GET', KEYS[3]) == ARGV[1] then
    redis.call('DEL', KEYS[3])
end
redis.call('HSET', KEYS[1], 'thread_id', ARGV[2])
local ttl = redis.call('PTTL', KEYS[1])
if ttl > 0 then
    redis.call('SET', KEYS[2], ARGV[1], 'PX', ttl)
else
    redis.call('SET', KEYS[2], ARGV[1])
end
return 1
"""
_SET_STATUS = """
if redis.call('EXISTS', KEYS[1]) == 0 then return 0 end
if redis.call('HGET', KEYS[1], 'status') == 'closed' then return 0 end  -- closed is final
redis.call('HSET', KEYS[1], 'status', ARGV[2])
redis.call('EXPIRE', KEYS[1], ARGV[3])
for i = 3, 5 do redis.call('ZREM', KEYS[i], ARGV[1]) end
redis.call('ZADD', KEYS[2], ARGV[4], ARGV[1])
redis.call('EXPIRE', KEYS[2], ARGV[3])
redis.call('EXPIRE', KEYS[6], ARGV[3])
if ARGV[5] == '1' and redis.call('GET', KEYS[7]) == ARGV[1] then
    redis.call('EXPIRE', KEYS[7], ARGV[3])
end
return 1
"""
# The id is taken and the relay queued in one step: no instance can see a later relay before
# an earlier one.
_ENQUEUE = """
local id = redis.call('INCR', KEYS[1])
local member = string.format('%d', id) .. ':' .. ARGV[1] .. ':' .. ARGV[2] .. ':' .. ARGV[3]
redis.call('ZADD', KEYS[2], id, member)
redis.call('EXPIRE', KEYS[2], ARGV[4])
redis.call('SADD', KEYS[3], member)
redis.call('EXPIRE', KEYS[3], ARGV[4])
return id
"""


class RedisTickets:
    """Tickets and the relay queue, as SQLiteTickets, for several instances on one Redis."""

    def __init__(
        self,
        redis: Redis,
        sealer: Sealer,
        retention_days: int,
        *,
        clock: Callable[[], float] = time.time,
    ) -> None:
        self._redis = redis
        self._sealer = sealer
        self._ttl = retention_days * _DAY_SECONDS
        self._clock = clock
        self._set_thread = redis.register_script(_SET_THREAD)
        self._set_status = redis.register_script(_SET_STATUS)
        self._enqueue = redis.register_script(_ENQUEUE)

    async def open(self, user_ref: str, chat_id: int, language: str, today: date) -> Ticket:
        ticket_id = int(await self._redis.incr(TICKETS_NEXT))
        key, index = _ticket_key(ticket_id), _user_tickets_key(user_ref)
        status: Status = "open"  # as SQLiteTickets: nobody waits yet
        async with self._redis.pipeline(transaction=True) as pipe:  # indexed as it is made
            pipe.hset(
                key,
                mapping={
                    "user_ref": user_ref,
                    "chat": self._sealer.seal(chat_id),
                    "language": language,
                    "status": status,
                },
            )
            pipe.expire(key, self._ttl)
            pipe.zadd(index, {str(ticket_id): ticket_id})
            pipe.expire(index, self._ttl)
            pipe.zadd(_status_key(status), {str(ticket_id): self._expires()})
            pipe.expire(_status_key(status), self._ttl)
            await pipe.execute()
        return Ticket(ticket_id, user_ref, chat_id, language, status, None)

    async def current(self, user_ref: str) -> Ticket | None:
        """The person's conversation that is not closed, if any."""
        for ticket in reversed(await self.of_user(user_ref)):
            if ticket.status != "closed":
                return ticket
        return None

    async def by_thread(self, thread_id: int) -> Ticket | None:
        ticket_id = await self._redis.get(_thread_key(thread_id))
        if ticket_id is None:
            return None
        ticket = await self.by_id(int(ticket_id))
        return ticket if ticket is not None and ticket.thread_id == thread_id else None

    async def by_id(self, ticket_id: int) -> Ticket | None:
        found = await self._load([ticket_id])
        return found[0] if found else None

    async def of_user(self, user_ref: str) -> list[Ticket]:
        index = _user_tickets_key(user_ref)
        ids = [int(member) for member in await self._redis.zrange(index, 0, -1)]
        found = await self._load(ids)
        gone = set(ids) - {ticket.id for ticket in found}
        if gone:  # expired by their TTL
            await self._redis.zrem(index, *(str(ticket_id) for ticket_id in gone))
        return found

    async def set_thread(self, ticket_id: int, thread_id: int) -> None:
        key = _ticket_key(ticket_id)
        old = await cast(Awaitable[bytes | None], self._redis.hget(key, "thread_id"))
        old_key = _thread_key(int(old)) if old is not None else _thread_key(thread_id)
        await self._set_thread(
            keys=[key, _thread_key(thread_id), old_key],
            args=[ticket_id, thread_id, "" if old is None else old.decode()],
        )

    async def set_status(self, ticket_id: int, status: Status, today: date) -> None:
        key = _ticket_key(ticket_id)
        user_ref, thread = await cast(
            Awaitable[list[bytes | None]], self._redis.hmget(key, ["user_ref", "thread_id"])
        )
        if user_ref is None:
            return  # erased or expired, as an UPDATE of no row
        thread_key = _thread_key(int(thread)) if thread is not None else key
        await self._set_status(
            keys=[
                key,
                _status_key(status),
                *(_status_key(s) for s in STATUSES),
                _user_tickets_key(user_ref.decode()),
                thread_key,
            ],
            args=[ticket_id, status, self._ttl, self._expires(), "0" if thread is None else "1"],
        )

    async def counts(self) -> dict[str, int]:
        now = self._clock()
        async with self._redis.pipeline(transaction=True) as pipe:
            for status in STATUSES:
                pipe.zremrangebyscore(_status_key(status), "-inf", now)  # expired tickets
                pipe.zcard(_status_key(status))
            results = await pipe.execute()
        return {status: int(n) for status, n in zip(STATUSES, results[1::2], strict=True)}

    # --- the relay queue: in order, per direction ------------------------------------------
    async def enqueue(self, ticket: Ticket, to_staff: bool, message_id: int, today: date) -> None:
        await self._enqueue(
            keys=[RELAYS_NEXT, _queue_key(to_staff), _user_relays_key(ticket.user_ref)],
            args=[ticket.id, message_id, int(self._clock()), (RELAY_DAYS + 1) * _DAY_SECONDS],
        )

    async def pending(self, to_staff: bool, limit: int) -> list[Relay]:
        if limit <= 0:
            return []
        key = _queue_key(to_staff)
        cutoff = self._clock() - RELAY_DAYS * _DAY_SECONDS
        while True:
            relays, stale = [], []
            for member in await self._redis.zrange(key, 0, limit - 1):
                relay_id, ticket_id, message_id, queued_at = (int(p) for p in member.split(b":"))
                if queued_at < cutoff:
                    stale.append(member)
                else:
                    relays.append(Relay(relay_id, ticket_id, to_staff, message_id))
            if not stale:
                return relays
            await self._redis.zrem(key, *stale)  # older than two days: dropped

    async def done(self, relay: Relay) -> None:
        await self._redis.zremrangebyscore(_queue_key(relay.to_staff), relay.id, relay.id)

    def _expires(self) -> float:
        return self._clock() + self._ttl

    async def _load(self, ids: list[int]) -> list[Ticket]:
        async with self._redis.pipeline(transaction=False) as pipe:
            for ticket_id in ids:
                pipe.hgetall(_ticket_key(ticket_id))
            rows = await pipe.execute()
        found = []
        for ticket_id, row in zip(ids, rows, strict=True):
            try:
                found.append(self._ticket(ticket_id, row))
            except (InvalidToken, KeyError, ValueError):  # expired by its TTL, or unreadable
                continue
        return found

    def _ticket(self, ticket_id: int, row: dict[bytes, bytes]) -> Ticket:
        thread = row.get(b"thread_id")
        return Ticket(
            id=ticket_id,
            user_ref=row[b"user_ref"].decode(),
            chat_id=self._sealer.open(row[b"chat"]),
            language=row[b"language"].decode(),
            status=cast(Status, row[b"status"].decode()),
            thread_id=None if thread is None else int(thread),
        )


async def _erase_tickets(redis: Redis, user_ref: str) -> None:
    """The person's tickets, their indexes and their queued relays, in one transaction: it is
    run again if another instance opens a ticket, queues a relay or sets a topic meanwhile."""
    index, relays = _user_tickets_key(user_ref), _user_relays_key(user_ref)

    async def erase(pipe: Pipeline) -> None:
        ids = [member.decode() for member in await pipe.zrange(index, 0, -1)]
        queued = list(await cast(Awaitable[set[bytes]], pipe.smembers(relays)))
        tickets = [_ticket_key(ticket_id) for ticket_id in ids]
        threads = []
        if tickets:
            await pipe.watch(*tickets)
            for key in tickets:
                thread = await cast(Awaitable[bytes | None], pipe.hget(key, "thread_id"))
                if thread is not None:
                    threads.append(_thread_key(int(thread)))
        theirs = []
        if threads:
            await pipe.watch(*threads)
            for key in threads:
                ticket_id = await pipe.get(key)
                if ticket_id is not None and ticket_id.decode() in ids:
                    theirs.append(key)  # not a topic another ticket took over
        pipe.multi()
        pipe.delete(index, relays, *tickets, *theirs)
        if ids:
            for status in STATUSES:
                pipe.zrem(_status_key(status), *ids)
        if queued:
            for to_staff in (True, False):
                pipe.zrem(_queue_key(to_staff), *queued)

    await redis.transaction(erase, index, relays)


# One instance at a time runs a job (the relay worker), so messages keep their order.
_HOLD = """
if redis.call('GET', KEYS[1]) == ARGV[1] then
    redis.call('PEXPIRE', KEYS[1], ARGV[2])
    return 1
end
return 0
"""
_RELEASE = """
if redis.call('GET', KEYS[1]) == ARGV[1] then return redis.call('DEL', KEYS[1]) end
return 0
"""


class RedisLeader:
    """A lock ``jol:leader:<name>`` that expires unless its holder keeps calling ``hold``
    (more often than ``ttl_seconds``): an instance that dies hands over after the TTL."""

    def __init__(self, redis: Redis, name: str, ttl_seconds: float) -> None:
        self._redis = redis
        self._key = f"{PREFIX}:leader:{name}"
        self._token = secrets.token_hex(16)  # this instance's, so no other can refresh it
        self._ttl_ms = max(1, int(ttl_seconds * 1000))
        self._refresh = redis.register_script(_HOLD)
        self._release = redis.register_script(_RELEASE)

    async def hold(self) -> bool:
        """True while this instance holds the lock (taking it when free)."""
        if await self._refresh(keys=[self._key], args=[self._token, self._ttl_ms]):
            return True
        return bool(await self._redis.set(self._key, self._token, nx=True, px=self._ttl_ms))

    async def release(self) -> None:
        await self._release(keys=[self._key], args=[self._token])


# Subscriptions to topics (see jol.storage.subscriptions), shared by all instances:
#   jol:subs:user:<user_ref>   hash: chat (sealed), language, and "t:<topic>" for each topic
#   jol:subs:topic:<topic>     set: the pseudonyms subscribed to it, so sending needs no SCAN
# Both expire after the retention period, renewed when the person uses Jol (``touch``); a
# topic's set always outlives its members' hashes, and a member whose hash expired is dropped
# when the topic is read.
_SUBSCRIBE = """
local has = redis.call('HEXISTS', KEYS[1], ARGV[1]) == 1
local want
if ARGV[5] == 'toggle' then want = not has else want = ARGV[5] == 'on' end
if want then
    redis.call('HSET', KEYS[1], ARGV[1], '1', 'chat', ARGV[3], 'language', ARGV[4])
    redis.call('EXPIRE', KEYS[1], ARGV[6])
    redis.call('SADD', KEYS[2], ARGV[2])
    redis.call('EXPIRE', KEYS[2], ARGV[6])
    return 1
end
if has then
    redis.call('HDEL', KEYS[1], ARGV[1])
    redis.call('SREM', KEYS[2], ARGV[2])
    if redis.call('HLEN', KEYS[1]) <= 2 then redis.call('DEL', KEYS[1]) end
end
return 0
"""
# A member whose hash is gone leaves the topic's set, unless they subscribed again meanwhile.
_DROP_STALE = """
if redis.call('HEXISTS', KEYS[1], ARGV[1]) == 0 then return redis.call('SREM', KEYS[2], ARGV[2]) end
return 0
"""
_TOPIC_FIELD = "t:"


def _user_subs_key(user_ref: str) -> str:
    return f"{PREFIX}:subs:user:{user_ref}"


def _topic_subs_key(topic: str) -> str:
    return f"{PREFIX}:subs:topic:{topic}"


class RedisSubscriptions:
    """Subscriptions as SQLiteSubscriptions, for several instances on one Redis."""

    def __init__(self, redis: Redis, sealer: Sealer, retention_days: int) -> None:
        self._redis = redis
        self._sealer = sealer
        self._ttl = retention_days * _DAY_SECONDS
        self._touched = TouchedToday()  # saves a round trip per update, as profiles do
        self._subscribe = redis.register_script(_SUBSCRIBE)
        self._drop_stale = redis.register_script(_DROP_STALE)

    async def toggle(
        self, user_ref: str, topic: str, chat_id: int, language: str, today: date
    ) -> bool:
        return await self._change(user_ref, topic, "toggle", chat_id, language)

    async def subscribe(
        self, user_ref: str, topic: str, chat_id: int, language: str, today: date
    ) -> None:
        await self._change(user_ref, topic, "on", chat_id, language)

    async def unsubscribe(self, user_ref: str, topic: str | None = None) -> None:
        if topic is None:
            await _erase_subscriptions(self._redis, user_ref)
        else:
            await self._change(user_ref, topic, "off")

    async def of_user(self, user_ref: str) -> list[str]:
        fields = await cast(Awaitable[list[bytes]], self._redis.hkeys(_user_subs_key(user_ref)))
        return sorted(_topics(fields))

    async def subscribers(self, topic: str) -> list[Subscriber]:
        key = _topic_subs_key(topic)
        refs = sorted(
            m.decode() for m in await cast(Awaitable[set[bytes]], self._redis.smembers(key))
        )
        async with self._redis.pipeline(transaction=False) as pipe:
            for user_ref in refs:
                pipe.hmget(_user_subs_key(user_ref), [_TOPIC_FIELD + topic, "chat", "language"])
            rows = await pipe.execute()
        found, gone = [], []
        for user_ref, (subscribed, chat, language) in zip(refs, rows, strict=True):
            if subscribed is None or chat is None or language is None:
                gone.append(user_ref)  # expired by its TTL, or erased meanwhile
                continue
            try:
                found.append(Subscriber(user_ref, self._sealer.open(chat), language.decode()))
            except (InvalidToken, ValueError):
                await self._change(user_ref, topic, "off")  # can never be sent
        for user_ref in gone:
            await self._drop_stale(
                keys=[_user_subs_key(user_ref), key], args=[_TOPIC_FIELD + topic, user_ref]
            )
        return found

    async def touch(self, user_ref: str, today: date) -> None:
        """Keeps the person's subscriptions for another retention period; once a day per
        instance, and one round trip only for someone not subscribed."""
        if self._touched.already(user_ref, today):
            return
        key = _user_subs_key(user_ref)
        topics = _topics(await cast(Awaitable[list[bytes]], self._redis.hkeys(key)))
        if topics:
            async with self._redis.pipeline(transaction=False) as pipe:
                # A topic's set first: it must never expire before one of its members.
                for topic in topics:
                    pipe.expire(_topic_subs_key(topic), self._ttl)
                pipe.expire(key, self._ttl)
                await pipe.execute()
        self._touched.mark(user_ref, today)

    # Told by Database.erase_user (see Database.add_cache); erase_user below drops the keys.
    def forget(self, user_ref: str) -> None:
        self._touched.forget(user_ref)

    def clear(self) -> None:
        self._touched.clear()

    async def _change(
        self, user_ref: str, topic: str, mode: str, chat_id: int | None = None, language: str = ""
    ) -> bool:
        chat = self._sealer.seal(chat_id) if chat_id is not None else b""
        subscribed = await self._subscribe(
            keys=[_user_subs_key(user_ref), _topic_subs_key(topic)],
            args=[_TOPIC_FIELD + topic, user_ref, chat, language, mode, self._ttl],
        )
        return bool(subscribed)


def _topics(fields: list[bytes]) -> list[str]:
    prefix = _TOPIC_FIELD.encode()
    return [f[len(prefix) :].decode() for f in fields if f.startswith(prefix)]


async def _erase_subscriptions(redis: Redis, user_ref: str) -> None:
    """The person's subscriptions and their place in each topic's set, in one transaction:
    it is run again if another instance subscribes them meanwhile."""
    key = _user_subs_key(user_ref)

    async def erase(pipe: Pipeline) -> None:
        topics = _topics(await cast(Awaitable[list[bytes]], pipe.hkeys(key)))
        pipe.multi()
        for topic in topics:
            pipe.srem(_topic_subs_key(topic), user_ref)
        pipe.delete(key)

    await redis.transaction(erase, key)
