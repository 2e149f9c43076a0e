"""Pseudonyms and their secret key."""

from __future__ import annotations

import hashlib
import hmac
import stat
import subprocess
import sys
from pathlib import Path

import pytest

from jol.privacy import Pseudonymizer, load_or_create_secret
from tests.storage.support import SECRET

REPO = Path(__file__).resolve().parents[2]


def test_a_pseudonym_is_the_truncated_hmac_of_the_decimal_id() -> None:
    expected = hmac.new(SECRET, b"123456789", hashlib.sha256).hexdigest()[:32]
    assert Pseudonymizer(SECRET).ref(123456789) == expected


def test_pseudonyms_differ_by_id_and_by_secret() -> None:
    one = Pseudonymizer(SECRET)
    assert one.ref(1) == one.ref(1)
    assert one.ref(1) != one.ref(2)
    assert one.ref(-1001) != one.ref(1001)  # group chat ids are negative
    assert one.ref(1) != Pseudonymizer(b"another secret").ref(1)


def test_an_empty_secret_is_refused() -> None:
    with pytest.raises(ValueError, match="empty"):
        Pseudonymizer(b"")


def test_the_secret_never_shows_in_repr() -> None:
    assert SECRET.hex() not in repr(Pseudonymizer(SECRET))
    assert repr(SECRET) not in repr(Pseudonymizer(SECRET))


def test_the_secret_is_created_once_readable_only_by_its_owner(tmp_path: Path) -> None:
    path = tmp_path / "new" / "dirs" / "secret.key"

    created = load_or_create_secret(path)

    assert len(created) == 32
    assert stat.S_IMODE(path.stat().st_mode) == 0o600
    assert load_or_create_secret(path) == created
    assert path.read_bytes() == created
    assert [p.name for p in path.parent.iterdir()] == ["secret.key"]  # no temp file left


def test_a_secret_file_of_the_wrong_size_is_an_error_not_replaced(tmp_path: Path) -> None:
    path = tmp_path / "secret.key"
    path.write_bytes(b"short")

    with pytest.raises(ValueError, match="5 bytes, expected 32"):
        load_or_create_secret(path)
    assert path.read_bytes() == b"short"


def test_the_privacy_module_does_not_import_aiogram() -> None:
    code = "import sys, jol.privacy; sys.exit(any(m.startswith('aiogram') for m in sys.modules))"
    result = subprocess.run([sys.executable, "-c", code], cwd=REPO, check=False)
    assert result.returncode == 0
