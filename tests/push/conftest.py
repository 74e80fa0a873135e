"""Fixtures for push tests: a local push service and the server's VAPID keys."""
from __future__ import annotations

from collections.abc import Iterator
from dataclasses import replace
from datetime import datetime
from pathlib import Path

import pytest
from fake_push_service import FakePushService, FakeSubscription

from server.push.vapid import KEY_FILENAME, VapidKeys, load_vapid_keys


@pytest.fixture
def push_service() -> Iterator[FakePushService]:
    """Run a fake push service on 127.0.0.1 for one test."""
    with FakePushService() as service:
        yield service


@pytest.fixture
def vapid_keys(tmp_path: Path) -> VapidKeys:
    """Generate VAPID keys into a temporary instance folder."""
    return load_vapid_keys(tmp_path / "instance" / KEY_FILENAME)


@pytest.fixture
def device(push_service: FakePushService, vapid_keys: VapidKeys):
    """Subscribe a signed-in client's phone at the fake push service; returns its subscription."""
    def make(client) -> FakeSubscription:
        sub = push_service.subscribe(application_server_key=vapid_keys.public_key_b64url)
        response = client.post("/api/v1/push/subscriptions", json=sub.to_json())
        assert response.status_code == 201, response.get_json()
        return sub
    return make


@pytest.fixture
def run_worker(app, vapid_keys: VapidKeys):
    """Run one pass of the push worker in this process, optionally at another moment."""
    from server.extensions import db
    from server.push import worker

    def run(*, now: datetime | None = None, **settings) -> worker.Tally:
        with app.app_context():
            try:
                return worker.drain(replace(worker.Settings.from_app(), **settings), now=now)
            finally:
                db.session.remove()
    return run


