"""A write that waits too long for a database lock answers 503 with Retry-After, never 500."""
from __future__ import annotations

import uuid

import pytest
from sqlalchemy import text

from server.extensions import db
from server.idempotency.models import IdempotencyClaim
from server.ideas.models import Comment
from tests.conftest import count_rows


@pytest.fixture
def app_config(app_config):
    # Give up on a lock quickly so the test need not wait ten seconds.
    return {**app_config, "DB_LOCK_TIMEOUT_SECONDS": 0.3}


@pytest.fixture
def held_write_lock(app):
    """Another connection holds the lock a comment needs, as a long writer would."""
    def hold():
        with app.app_context():
            connection = db.engine.connect()
        if connection.dialect.name == "sqlite":
            # Outside a request, a transaction begins with BEGIN IMMEDIATE: the write lock.
            connection.execute(text("SELECT 1"))
        else:
            connection.execute(text("LOCK TABLE ideas IN EXCLUSIVE MODE"))
        return connection
    return hold


def test_a_lock_timeout_answers_503_with_retry_after(app, as_user, post_idea, held_write_lock):
    idea = post_idea(as_user()).json
    client = as_user()
    url = f"/api/v1/ideas/{idea['id']}/comments"
    connection = held_write_lock()
    try:
        response = client.post(url, json={"body": "Väntar på låset"},
                               headers={"Idempotency-Key": str(uuid.uuid4())})
    finally:
        connection.rollback()
        connection.close()
    assert response.status_code == 503
    assert response.headers["Retry-After"] == "2"
    assert response.json["error"]["code"] == "busy"
    assert response.json["error"]["message"]
    assert count_rows(app, Comment) == 0
    # Nothing was kept: not the comment, not a claim on the key; the retry goes through.
    assert count_rows(app, IdempotencyClaim) == 0
    retry = client.post(url, json={"body": "Väntar på låset"})
    assert retry.status_code == 201
