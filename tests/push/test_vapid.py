"""VAPID keys: generated once into the instance folder, or taken from the configuration."""
from __future__ import annotations

import stat
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import pytest
from cryptography.hazmat.primitives.asymmetric import ec
from cryptography.hazmat.primitives.serialization import Encoding, PublicFormat

from server.push.vapid import (
    KEY_FILENAME,
    InvalidVapidKey,
    InvalidVapidSubject,
    b64url_decode,
    b64url_encode,
    load_vapid_keys,
    validate_subject,
)

# A raw P-256 private key in base64url, the form `web-push generate-vapid-keys` prints.
PRIVATE = b64url_encode((0x1F2E3D4C5B6A79880A1B2C3D4E5F60718293A4B5C6D7E8F90123456789ABCDEF).to_bytes(32, "big"))


def public_of(private_b64url: str) -> str:
    key = ec.derive_private_key(int.from_bytes(b64url_decode(private_b64url), "big"), ec.SECP256R1())
    return b64url_encode(key.public_key().public_bytes(Encoding.X962, PublicFormat.UncompressedPoint))


def test_key_is_generated_once_and_reloaded_identical(tmp_path: Path) -> None:
    key_file = tmp_path / "instance" / KEY_FILENAME

    first = load_vapid_keys(key_file)
    pem = key_file.read_bytes()
    second = load_vapid_keys(key_file)

    assert second.public_key_b64url == first.public_key_b64url
    assert key_file.read_bytes() == pem
    assert list(key_file.parent.iterdir()) == [key_file]


def test_processes_starting_at_once_agree_on_one_key(tmp_path: Path) -> None:
    key_file = tmp_path / KEY_FILENAME
    with ThreadPoolExecutor(max_workers=8) as pool:
        keys = list(pool.map(lambda _: load_vapid_keys(key_file).public_key_b64url, range(16)))
    assert len(set(keys)) == 1
    assert list(tmp_path.iterdir()) == [key_file]


def test_generated_key_file_is_private_to_its_owner(tmp_path: Path) -> None:
    key_file = tmp_path / KEY_FILENAME
    load_vapid_keys(key_file)
    assert stat.S_IMODE(key_file.stat().st_mode) == 0o600


def test_public_key_is_an_uncompressed_point_without_padding(tmp_path: Path) -> None:
    keys = load_vapid_keys(tmp_path / KEY_FILENAME)
    raw = b64url_decode(keys.public_key_b64url)
    assert "=" not in keys.public_key_b64url
    assert len(raw) == 65 and raw[0] == 0x04
    ec.EllipticCurvePublicKey.from_encoded_point(ec.SECP256R1(), raw)


def test_private_key_is_usable_by_pywebpush_and_matches_the_public_key(tmp_path: Path) -> None:
    keys = load_vapid_keys(tmp_path / KEY_FILENAME)
    headers = keys.private_key.sign({"aud": "https://fcm.googleapis.com", "sub": "https://kommun.example.se/gnista"})
    assert headers["Authorization"].startswith("vapid t=")
    assert headers["Authorization"].endswith("k=" + keys.public_key_b64url)


def test_configured_key_wins_over_the_instance_folder(tmp_path: Path) -> None:
    key_file = tmp_path / KEY_FILENAME
    keys = load_vapid_keys(key_file, private_key=PRIVATE, public_key=public_of(PRIVATE))
    assert keys.public_key_b64url == public_of(PRIVATE)
    assert not key_file.exists()


def test_configured_private_key_alone_derives_the_public_key(tmp_path: Path) -> None:
    keys = load_vapid_keys(tmp_path / KEY_FILENAME, private_key=PRIVATE + "=")
    assert keys.public_key_b64url == public_of(PRIVATE)


@pytest.mark.parametrize(
    ("private", "public"),
    [
        ("not base64!", None),
        (b64url_encode(b"short"), None),
        (b64url_encode(b"\xff" * 32), None),  # beyond the curve order
        (PRIVATE, public_of(b64url_encode((7).to_bytes(32, "big")))),
        (None, public_of(PRIVATE)),
    ],
    ids=["garbage", "wrong-length", "out-of-range", "mismatched-pair", "public-only"],
)
def test_unusable_configured_keys_are_refused(tmp_path: Path, private: str | None, public: str | None) -> None:
    with pytest.raises(InvalidVapidKey):
        load_vapid_keys(tmp_path / KEY_FILENAME, private_key=private, public_key=public)


def test_a_key_file_that_is_not_a_key_is_refused(tmp_path: Path) -> None:
    key_file = tmp_path / KEY_FILENAME
    key_file.write_text("-----BEGIN PRIVATE KEY-----\nnonsense\n-----END PRIVATE KEY-----\n")
    with pytest.raises(InvalidVapidKey):
        load_vapid_keys(key_file)


@pytest.mark.parametrize(
    "subject",
    [
        "mailto:gnista@boras.se",
        "mailto:gnista@localhost.localdomain",
        "mailto:it-support+push@kommun.example.se",
        "https://gnista.pitea.se",
        "https://gnista.pitea.se/kontakt",
    ],
)
def test_mailto_and_https_subjects_are_accepted(subject: str) -> None:
    assert validate_subject(subject) == subject


@pytest.mark.parametrize(
    "subject",
    [
        "",
        "gnista@boras.se",
        "mailto:",
        "mailto:gnista",
        "mailto:gnista@boras.se\r\nX: y",
        "http://gnista.pitea.se",
        "https://",
        "https://localhost",
        "https://user:pass@gnista.pitea.se",
        "https://gnista pitea.se",
        "ftp://gnista.pitea.se",
    ],
)
def test_other_subjects_are_refused(subject: str) -> None:
    with pytest.raises(InvalidVapidSubject):
        validate_subject(subject)
