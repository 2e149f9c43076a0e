"""Pseudonyms for Telegram ids, so that neither the database nor the logs hold a raw id.

A pseudonym is a keyed hash: without the secret key it cannot be reversed by hashing every
possible id (Telegram ids are small enough to enumerate). Losing the key orphans all stored
rows, so the key is created once and then only ever read.
"""

from __future__ import annotations

import base64
import hashlib
import hmac
import os
import secrets
from pathlib import Path

from cryptography.fernet import Fernet

SECRET_BYTES = 32
REF_HEX_CHARS = 32  # 128 bits: collisions are out of reach for any number of users


class Pseudonymizer:
    def __init__(self, secret: bytes) -> None:
        if not secret:
            raise ValueError("the pseudonymization secret must not be empty")
        self._secret = secret

    def ref(self, telegram_id: int) -> str:
        digest = hmac.new(self._secret, str(telegram_id).encode("ascii"), hashlib.sha256)
        return digest.hexdigest()[:REF_HEX_CHARS]

    def __repr__(self) -> str:
        return "Pseudonymizer(<secret>)"  # never put the key into logs or tracebacks


class Sealer:
    """Encrypts the one id Jol must keep to reach a person later (the chat of a reminder), with
    a key derived from the same secret: the database file alone does not reveal it."""

    def __init__(self, secret: bytes) -> None:
        if not secret:
            raise ValueError("the sealing secret must not be empty")
        key = hmac.new(secret, b"jol:seal:v1", hashlib.sha256).digest()
        self._fernet = Fernet(base64.urlsafe_b64encode(key))

    def seal(self, telegram_id: int) -> bytes:
        return self._fernet.encrypt(str(telegram_id).encode("ascii"))

    def open(self, sealed: bytes) -> int:
        return int(self._fernet.decrypt(sealed))

    def __repr__(self) -> str:
        return "Sealer(<secret>)"


def load_or_create_secret(path: Path) -> bytes:
    """The key in ``path``; created (mode 0600) on first use.

    A file of the wrong size is an error, not a reason to make a new key: a new key would
    silently disconnect everyone from their stored data.
    """
    try:
        secret = path.read_bytes()
    except FileNotFoundError:
        return _create_secret(path)
    if len(secret) != SECRET_BYTES:
        raise ValueError(
            f"secret key file {path} holds {len(secret)} bytes, expected {SECRET_BYTES}"
        )
    return secret


def _create_secret(path: Path) -> bytes:
    secret = secrets.token_bytes(SECRET_BYTES)
    path.parent.mkdir(parents=True, exist_ok=True)
    temp = path.with_name(f".{path.name}.{secrets.token_hex(8)}.tmp")
    # Created 0600 from the start, so the key is never readable by others, even briefly.
    fd = os.open(temp, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
    try:
        with os.fdopen(fd, "wb") as file:
            file.write(secret)
            file.flush()
            os.fsync(file.fileno())
        # A crash leaves either no key or a whole key, never a truncated one; and link, unlike
        # rename, refuses to replace a key that another process created meanwhile (two
        # instances starting on a fresh volume), whose key is then the one to use.
        os.link(temp, path)
    except FileExistsError:
        return load_or_create_secret(path)
    finally:
        temp.unlink(missing_ok=True)
    _fsync_dir(path.parent)
    return secret


def _fsync_dir(directory: Path) -> None:
    """Makes the rename durable; not every platform can open a directory, hence best effort."""
    try:
        fd = os.open(directory, os.O_RDONLY)
    except OSError:
        return
    try:
        os.fsync(fd)
    except OSError:
        pass
    finally:
        os.close(fd)
