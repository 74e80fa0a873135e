"""Drain the push outbox: claim due deliveries under a lease, send them, record what the push service said.

A delivery is marked sent only after the push service accepted it, and a claim
is a lease, so a worker that dies at any point loses nothing: its rows fall back
to the others when the lease ends. Claims never overlap: PostgreSQL hands each
row to one worker (FOR UPDATE SKIP LOCKED); SQLite serialises the claiming
transactions (BEGIN IMMEDIATE outside requests, see extensions.py).
"""
from __future__ import annotations

import logging
import random
import threading
import time
import uuid
from concurrent.futures import ThreadPoolExecutor, as_completed
from dataclasses import dataclass, field
from datetime import datetime, timedelta
from typing import Any, Callable

from flask import current_app
from sqlalchemy import exists, or_, select, update
from sqlalchemy.orm import aliased

from ..extensions import db
from ..auth import sessions as user_sessions
from ..idempotency import services as idempotency
from ..privacy.cli import purge_photos_now
from ..timestamps import utcnow
from ..auth.models import User
from . import messages, sender, services
from .messages import shorten
from .models import Notification, PushDelivery, PushSubscription
from .sender import Outcome, SendResult
from .vapid import VapidKeys, validate_subject

log = logging.getLogger(__name__)

MAX_ATTEMPTS = 12
BACKOFF_BASE = 30  # seconds before the first retry; doubles each time
BACKOFF_MAX = 60 * 60
MAX_RETRY_AFTER = 24 * 60 * 60
MAINTENANCE_EVERY = 6 * 60 * 60
KEEP_DELIVERIES = timedelta(days=7)

# Work other features want done now and then beside the outbox (the weekly digest):
# (name, seconds between runs, function). Features above push register here, so the
# worker runs them without importing them.
PERIODIC: list[tuple[str, float, Callable[[], object]]] = []


def periodic(name: str, every: float):
    """Register a function the running worker calls every ``every`` seconds (and at start)."""
    def register(function):
        if all(existing != name for existing, _, _ in PERIODIC):
            PERIODIC.append((name, every, function))
        return function
    return register


def run_periodic(last: dict[str, float]) -> None:
    """Run each registered job whose time has come; ``last`` keeps when each last ran."""
    for name, every, function in PERIODIC:
        if time.monotonic() - last.get(name, -float("inf")) < every:
            continue
        last[name] = time.monotonic()
        try:
            function()
        except Exception:
            log.exception("Periodic job %s failed; it runs again in %.0f s", name, every)
            db.session.rollback()


@dataclass(frozen=True)
class Settings:
    """How a worker sends; read from the app's configuration."""

    vapid: VapidKeys
    subject: str
    lease: timedelta = timedelta(seconds=120)
    batch: int = 50
    threads: int = 8
    timeout: float = 10.0

    @classmethod
    def from_app(cls) -> Settings:
        config = current_app.config
        return cls(vapid=services.vapid_keys(),
                   subject=validate_subject(config["GNISTA_VAPID_SUBJECT"]),
                   lease=timedelta(seconds=config.get("GNISTA_PUSH_LEASE_SECONDS", 120)),
                   batch=config.get("GNISTA_PUSH_BATCH", 50),
                   threads=config.get("GNISTA_PUSH_THREADS", 8),
                   timeout=config.get("GNISTA_PUSH_TIMEOUT", 10.0))


@dataclass(frozen=True)
class Job:
    """A claimed delivery with everything needed to send it without the database."""

    delivery_id: uuid.UUID
    claim_token: uuid.UUID
    subscription_id: uuid.UUID
    target: sender.PushTarget
    payload: dict[str, Any]
    ttl: int
    urgency: str
    topic: str | None
    attempts: int
    expires_at: datetime


@dataclass
class Tally:
    """What one pass of the worker did."""

    counts: dict[str, int] = field(default_factory=dict)

    def add(self, outcome: str) -> None:
        self.counts[outcome] = self.counts.get(outcome, 0) + 1

    @property
    def total(self) -> int:
        return sum(self.counts.values())


def payload_for(notification: Notification, language: str | None) -> dict[str, Any]:
    """Return the push message for a notification in ``language``, shortened to fit one message."""
    message = messages.render(notification.kind, notification.params, language)
    payload = {"id": str(notification.id), "kind": notification.kind,
               "title": message.title, "body": message.body, "url": notification.url,
               "idea_id": str(notification.idea_id) if notification.idea_id else None}
    # Escaped characters can make a short body long in JSON; the inbox keeps the full text.
    while len(sender.encode_payload(payload)) > sender.MAX_PAYLOAD_BYTES:
        payload["body"] = shorten(payload["body"], max(1, len(payload["body"]) // 2))
    return payload


@dataclass(frozen=True)
class Claim:
    """The deliveries one claim leased to this worker, and how many it found superseded."""

    jobs: list[Job]
    superseded: int = 0

    def __bool__(self) -> bool:
        return bool(self.jobs or self.superseded)


def claim(settings: Settings, *, now: datetime) -> Claim:
    """Lease up to a batch of due deliveries to this worker and commit the claim."""
    due = (select(PushDelivery.id)
           .where(PushDelivery.state == "pending", PushDelivery.next_attempt_at <= now,
                  or_(PushDelivery.claimed_until.is_(None), PushDelivery.claimed_until < now))
           .order_by(PushDelivery.next_attempt_at, PushDelivery.created_at)
           .limit(settings.batch)
           .with_for_update(skip_locked=True))
    try:
        ids = list(db.session.scalars(due))
        superseded = _superseded(ids) if ids else set()
        if superseded:
            db.session.execute(update(PushDelivery).where(PushDelivery.id.in_(superseded))
                               .values(state="superseded", claimed_until=None, claim_token=None))
            ids = [i for i in ids if i not in superseded]
        jobs: list[Job] = []
        if ids:
            token = uuid.uuid4()
            db.session.execute(update(PushDelivery).where(PushDelivery.id.in_(ids)).values(
                claimed_until=now + settings.lease, claim_token=token,
                attempts=PushDelivery.attempts + 1))
            rows = db.session.execute(
                # The recipient's language now, not when it happened: they may have switched.
                select(PushDelivery, Notification, PushSubscription, User.language)
                .join(Notification, Notification.id == PushDelivery.notification_id)
                .join(User, User.id == Notification.user_id)
                .join(PushSubscription, PushSubscription.id == PushDelivery.subscription_id)
                .where(PushDelivery.id.in_(ids))
                .order_by(PushDelivery.created_at)
                .execution_options(populate_existing=True)).all()
            jobs = [Job(delivery_id=d.id, claim_token=token, subscription_id=s.id,
                        target=sender.PushTarget(s.endpoint, s.p256dh, s.auth),
                        payload=payload_for(n, language), ttl=d.ttl, urgency=d.urgency, topic=d.topic,
                        attempts=d.attempts, expires_at=d.created_at + timedelta(seconds=d.ttl))
                    for d, n, s, language in rows]
        db.session.commit()
    except BaseException:
        db.session.rollback()
        raise
    return Claim(jobs, len(superseded))


def _superseded(ids: list[uuid.UUID]) -> set[uuid.UUID]:
    """Return those of ``ids`` that a newer message on the same topic and device replaces.

    Sent later, an older message would replace the newer one at the push service (RFC 8030 5.4).
    """
    newer = aliased(PushDelivery)
    replaced = exists().where(newer.subscription_id == PushDelivery.subscription_id,
                              newer.topic == PushDelivery.topic,
                              newer.created_at > PushDelivery.created_at,
                              newer.state.in_(("pending", "sent")))
    return set(db.session.scalars(select(PushDelivery.id).where(
        PushDelivery.id.in_(ids), PushDelivery.topic.is_not(None), replaced)))


def deliver(job: Job, settings: Settings, *, now: datetime, allowed: bool) -> SendResult:
    """Send one claimed message; never touches the database."""
    if not allowed:
        # The allowlist may have shrunk since the device subscribed.
        return SendResult(Outcome.GONE, reason="endpoint no longer allowed")
    remaining = int((job.expires_at - now).total_seconds())
    if remaining <= 0:
        return SendResult(Outcome.FAILED, reason="expired before it could be sent")
    try:
        return sender.send(job.target, job.payload, vapid=settings.vapid, subject=settings.subject,
                           ttl=remaining, urgency=job.urgency, topic=job.topic,
                           timeout=settings.timeout)
    except sender.InvalidSubscription as exc:
        return SendResult(Outcome.GONE, reason=str(exc))
    except sender.PushError as exc:
        return SendResult(Outcome.FAILED, reason=f"{type(exc).__name__}: {exc}")
    except Exception as exc:  # a bug must not make a message spin: back off like a 5xx
        log.exception("Unexpected error sending push delivery %s", job.delivery_id)
        return SendResult(Outcome.RETRY, reason=f"unexpected {type(exc).__name__}")


def retry_delay(attempts: int, retry_after: int | None) -> float:
    """Return seconds until the next try: the push service's Retry-After, else exponential backoff."""
    if retry_after is not None:
        return float(min(max(retry_after, 1), MAX_RETRY_AFTER))
    backoff = min(BACKOFF_BASE * 2 ** max(attempts - 1, 0), BACKOFF_MAX)
    # Jitter spreads a burst of retries (a push service's outage) over time.
    return backoff * random.uniform(0.8, 1.2)


def finish(job: Job, result: SendResult, *, now: datetime) -> str:
    """Record the answer for a job this worker still holds; returns the delivery's new state."""
    mine = (PushDelivery.id == job.delivery_id, PushDelivery.claim_token == job.claim_token)
    released = {"claimed_until": None, "claim_token": None, "last_status": result.status,
                "last_error": shorten(result.reason, 300) or None}
    try:
        if result.outcome is Outcome.GONE:
            services.delete_subscription(job.subscription_id)
            state = "gone"
        else:
            if result.outcome is Outcome.SENT:
                state, values = "sent", {"state": "sent", "sent_at": now}
            elif result.outcome is Outcome.RETRY:
                at = now + timedelta(seconds=retry_delay(job.attempts, result.retry_after))
                if job.attempts >= MAX_ATTEMPTS or at >= job.expires_at:
                    state, values = "failed", {"state": "failed"}
                else:
                    state, values = "pending", {"next_attempt_at": at}
            else:
                state, values = "failed", {"state": "failed"}
            changed = db.session.execute(update(PushDelivery).where(*mine)
                                         .values(**released, **values)).rowcount
            if not changed:
                log.warning("Push delivery %s was reclaimed or removed while it was being sent", job.delivery_id)
        db.session.commit()
    except BaseException:
        db.session.rollback()
        raise
    if state in ("failed", "gone"):
        log.info("Push delivery %s %s: %s %s", job.delivery_id, state, result.status or "",
                 result.reason)
    return state


def drain(settings: Settings | None = None, *, now: datetime | None = None,
          stop: threading.Event | None = None) -> Tally:
    """Send everything due at ``now`` (default: the current time), batch by batch."""
    settings = settings or Settings.from_app()
    tally = Tally()
    with ThreadPoolExecutor(max_workers=settings.threads, thread_name_prefix="push") as pool:
        while stop is None or not stop.is_set():
            moment = now or utcnow()
            claimed = claim(settings, now=moment)
            if not claimed:
                break
            for _ in range(claimed.superseded):
                tally.add("superseded")
            futures = {pool.submit(deliver, job, settings, now=moment,
                                   allowed=services.admits(job.target.endpoint)): job
                       for job in claimed.jobs}
            for future in as_completed(futures):
                tally.add(finish(futures[future], future.result(), now=now or utcnow()))
    return tally


def maintain() -> None:
    """Forget old idempotency keys, finished deliveries and ended sessions; purge old photos."""
    days = idempotency.retention_days(current_app.config)
    try:
        keys = idempotency.purge(older_than_days=days)
        deliveries = services.purge_deliveries(older_than=KEEP_DELIVERIES)
        user_sessions.purge_expired()
        db.session.commit()
    except BaseException:
        db.session.rollback()
        raise
    if keys or deliveries:
        log.info("Purged %d idempotency keys and %d finished push deliveries", keys, deliveries)
    # The worker is the one process always running beside the app, so retention needs no cron.
    photos = purge_photos_now()
    if photos:
        log.info("Purged %d photos of ideas closed past the retention period", photos)


def run(*, interval: float, stop: threading.Event) -> None:
    """Poll the outbox every ``interval`` seconds until ``stop`` is set."""
    settings = Settings.from_app()
    last_maintenance = -float("inf")
    last_periodic: dict[str, float] = {}
    log.info("Push worker started; polling every %.1f s", interval)
    while not stop.is_set():
        try:
            if time.monotonic() - last_maintenance >= MAINTENANCE_EVERY:
                maintain()
                last_maintenance = time.monotonic()
            run_periodic(last_periodic)
            tally = drain(settings, stop=stop)
            if tally.total:
                log.info("Push worker: %s", tally.counts)
        except Exception:
            # A database restart must not end the worker: wait and try again.
            log.exception("Push worker pass failed; retrying in %.1f s", interval)
            db.session.remove()
        stop.wait(interval)
    log.info("Push worker stopped")
