"""Fixtures for the sign-in tests: a software authenticator, and the people who invite."""

from __future__ import annotations

import sys
from collections.abc import Callable
from pathlib import Path

import pytest

# Pytest's default import mode already puts this folder on sys.path (there is no
# __init__.py); saying so keeps the helper importable under --import-mode=importlib too.
if str(Path(__file__).parent) not in sys.path:
    sys.path.insert(0, str(Path(__file__).parent))

from soft_authenticator import SoftAuthenticator  # noqa: E402


@pytest.fixture
def soft_authenticator() -> Callable[..., SoftAuthenticator]:
    """Return a factory of software authenticators: `soft_authenticator(origin, rp_id=None, **knobs)`."""

    def make(origin: str = "http://localhost:5000", rp_id: str | None = None, **knobs: object) -> SoftAuthenticator:
        return SoftAuthenticator(origin, rp_id, **knobs)  # type: ignore[arg-type]

    return make


# An administrator of the whole organisation and a handler of Hemtjänst Norr, for the
# invitation tests (a test file may define its own).
@pytest.fixture
def admin(as_user, org):
    return as_user("admin", unit=org["root"], name="Adam Admin")


@pytest.fixture
def handler(as_user, org):
    return as_user("handler", unit=org["north"], name="Hanna Handläggare")
