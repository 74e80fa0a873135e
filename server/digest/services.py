"""The weekly digest: each handler learns, once per ISO week, what waits in their units.

New ideas waiting for a first answer and ideas past their due date, counted over
the ideas the handler handles (server/ideas/access.py's rule in SQL), as a push
message and an inbox entry. Sent by the push worker's periodic pass from Monday
07:00 (Swedish time); a week already looked at is never looked at again, so a rerun
or a second worker sends nothing twice. A handler with nothing to hear of gets
nothing, and one who turned the digest off (users.weekly_digest) is skipped.
"""
from __future__ import annotations

import logging
from datetime import datetime, time, timedelta

from sqlalchemy import func, select
from sqlalchemy.exc import IntegrityError

from ..admin.models import Unit
from ..auth.models import User
from ..auth.scope import handled_path
from ..extensions import db
from ..ideas.access import handled_in
from ..ideas.assignment import overdue_clause, today
from ..ideas.models import Idea
from ..push import services as push
from ..timestamps import STOCKHOLM, utcnow
from .models import WeeklyDigest

log = logging.getLogger(__name__)

SEND_FROM = time(7, 0)  # Monday morning, before the week's work begins
INBOX_URL = "/inbox"


def digest_week(now: datetime) -> str | None:
    """Return the ISO week whose digest is due at ``now``, or None before Monday 07:00."""
    local = now.astimezone(STOCKHOLM)
    if local.isoweekday() == 1 and local.time() < SEND_FROM:
        return None
    year, week, _ = local.isocalendar()
    return f"{year}-W{week:02d}"


def counts(user: User, *, now: datetime) -> tuple[int, int]:
    """Return the ideas the user handles that wait for a first answer, and that are overdue."""
    prefix = handled_path(user)
    if prefix is None:
        return 0, 0
    units = select(Unit.id).where(Unit.path.startswith(prefix))
    handled = (select(func.count()).select_from(Idea)
               .where(Idea.org_id == user.org_id, handled_in(Idea.unit_id, Idea.category_id, units)))
    waiting = db.session.scalar(handled.where(Idea.status == "submitted",
                                              Idea.first_response_at.is_(None)))
    overdue = db.session.scalar(handled.where(
        overdue_clause(Idea.status, Idea.due_date, today(now))))
    return int(waiting or 0), int(overdue or 0)


def send_digest(user: User, week: str, *, now: datetime) -> bool:
    """Send the user's digest of ``week`` unless it was looked at already; flush, never commit.

    Returns whether a digest was sent. The week's row is written first: of two
    workers at once, the second fails on it and sends nothing.
    """
    record = WeeklyDigest(user_id=user.id, week=week, created_at=now)
    try:
        with db.session.begin_nested():
            db.session.add(record)
            db.session.flush()
    except IntegrityError:
        return False
    waiting, overdue = counts(user, now=now)
    if not (waiting or overdue):
        return False
    record.notification_id = push.notify_digest(user, waiting=waiting, overdue=overdue,
                                                url=INBOX_URL).id
    db.session.flush()
    return True


def recipients(week: str) -> list:
    """The ids of the active handlers who want the digest and have not had this week's."""
    done = select(WeeklyDigest.user_id).where(WeeklyDigest.week == week)
    return list(db.session.scalars(select(User.id).where(
        User.role.in_(push.HANDLER_ROLES), User.active.is_(True), User.weekly_digest.is_(True),
        User.id.not_in(done)).order_by(User.id)))


def send_digests(now: datetime | None = None) -> int:
    """Send every due digest, committing per handler; returns how many were sent."""
    now = now or utcnow()
    week = digest_week(now)
    if week is None:
        return 0
    sent = 0
    for user_id in recipients(week):
        try:
            user = db.session.get(User, user_id)
            if user is not None and send_digest(user, week, now=now):
                sent += 1
            db.session.commit()
        except BaseException:
            db.session.rollback()
            raise
    if sent:
        log.info("Sent %d weekly digests for %s", sent, week)
    return sent

