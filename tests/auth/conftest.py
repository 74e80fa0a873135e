"""Fixtures for passkey tests."""

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
