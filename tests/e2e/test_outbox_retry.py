"""Retries on a timer with backoff, and photos made small before they are queued."""
from __future__ import annotations

import io
import json

from PIL import Image
from playwright.sync_api import expect
from sqlalchemy import func, select

from conftest import wait_until_sent
from server.ideas.models import Idea
from test_offline_submit import READ_QUEUED_PHOTO, submit_idea


def test_a_server_error_is_retried_on_a_timer_without_any_user_action(
        page, context, join, db_query, make_jpeg, tmp_path):
    join(page)
    photo = tmp_path / "p.jpg"
    photo.write_bytes(make_jpeg(640, 480))
    failures = []

    def fail_twice(route):
        if route.request.method == "POST" and len(failures) < 2:
            failures.append(route.request.headers.get("idempotency-key"))
            route.fulfill(status=503, content_type="application/json", body=json.dumps(
                {"error": {"code": "unavailable", "message": "Try again later."}}))
        else:
            route.continue_()

    context.route("**/api/v1/ideas", fail_twice)
    submit_idea(page, photo, description="Kommer fram till slut")
    expect(page.locator("#outbox").get_by_text("Kunde inte skickas än, försöker igen snart.")).to_be_visible()
    wait_until_sent(page, timeout=40_000)
    assert len(failures) == 2 and len(set(failures)) == 1, "every retry carries the same key"
    assert db_query(lambda s: s.scalar(select(func.count()).select_from(Idea))) == 1


def test_a_large_photo_is_downscaled_on_the_phone_before_queueing(
        page, context, join, make_jpeg, tmp_path):
    join(page)
    photo = tmp_path / "big.jpg"
    photo.write_bytes(make_jpeg(3200, 2400, gps=True))
    context.set_offline(True)
    submit_idea(page, photo, description="Stort foto")
    with Image.open(io.BytesIO(bytes(page.evaluate(READ_QUEUED_PHOTO)))) as queued:
        assert queued.format == "JPEG"
        assert queued.size == (1600, 1200)
        assert not queued.getexif()
