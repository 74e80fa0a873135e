"""The push worker: answers of the push service, retries, several workers, and a worker that dies."""
from __future__ import annotations

import json
import os
import signal
import subprocess
import sys
import time
from collections import Counter
from datetime import timedelta
from pathlib import Path

import pytest
from sqlalchemy import select, update

from server.idempotency.models import IdempotencyKey
from server.push.models import PushDelivery, PushSubscription
from server.timestamps import utcnow

HERE = Path(__file__).resolve().parent
ROOT = HERE.parents[1]


def deliveries(db_run) -> list[PushDelivery]:
    return db_run(lambda s: s.scalars(select(PushDelivery).order_by(PushDelivery.created_at)).all())


def subscription_count(db_run) -> int:
    return len(db_run(lambda s: s.scalars(select(PushSubscription)).all()))


@pytest.fixture
def handler_phone(as_user, org, device):
    """A handler of Hemtjänst Norr with one subscribed phone."""
    handler = as_user("handler", unit=org["north"])
    return handler, device(handler)


@pytest.fixture
def submit(as_user, org, post_idea):
    """Submit ideas in Hemtjänst Norr, each of which notifies its handlers."""
    staff = as_user(unit=org["north"])

    def run(count: int = 1) -> None:
        for n in range(count):
            assert post_idea(staff, description=f"Idé nummer {n}").status_code == 201
    return run


@pytest.mark.parametrize("status", [404, 410])
def test_a_subscription_the_push_service_no_longer_knows_is_deleted(
        status, handler_phone, submit, push_service, run_worker, db_run):
    _, phone = handler_phone
    submit(2)
    push_service.respond(phone, status, times=2)

    assert run_worker().counts == {"gone": 2}

    assert subscription_count(db_run) == 0
    assert deliveries(db_run) == []
    submit()
    assert deliveries(db_run) == []


def test_an_unsubscribed_browser_gets_nothing_more(handler_phone, submit, push_service, run_worker,
                                                   db_run):
    _, phone = handler_phone
    submit()
    push_service.unsubscribe(phone)  # the push service answers 410 Gone from now on

    run_worker()

    assert push_service.messages() == []
    assert subscription_count(db_run) == 0


def test_429_is_retried_after_the_time_retry_after_asks_for(handler_phone, submit, push_service,
                                                            run_worker, db_run):
    _, phone = handler_phone
    submit()
    push_service.respond(phone, 429, retry_after=120)
    start = utcnow()

    assert run_worker(now=start).counts == {"pending": 1}
    [row] = deliveries(db_run)
    assert row.last_status == 429 and row.attempts == 1 and row.claimed_until is None
    assert row.next_attempt_at == start + timedelta(seconds=120)

    assert run_worker(now=start + timedelta(seconds=119)).total == 0
    assert run_worker(now=start + timedelta(seconds=121)).counts == {"sent": 1}

    assert [a.status for a in push_service.attempts(phone)] == [429, 201]
    assert [r.state for r in deliveries(db_run)] == ["sent"]


def test_server_errors_back_off_exponentially(handler_phone, submit, push_service, run_worker,
                                              db_run):
    _, phone = handler_phone
    submit()
    push_service.respond(phone, 503, times=2)
    start = utcnow()

    run_worker(now=start)
    first = deliveries(db_run)[0].next_attempt_at - start
    run_worker(now=start + first)
    second = deliveries(db_run)[0].next_attempt_at - (start + first)
    run_worker(now=start + first + second)

    assert timedelta(seconds=24) <= first <= timedelta(seconds=36)
    assert timedelta(seconds=48) <= second <= timedelta(seconds=72)
    assert [a.status for a in push_service.attempts(phone)] == [503, 503, 201]


def test_a_message_that_outlived_its_ttl_is_not_sent(handler_phone, submit, push_service,
                                                     run_worker, db_run):
    submit()

    assert run_worker(now=utcnow() + timedelta(days=30)).counts == {"failed": 1}

    assert push_service.attempts() == []
    assert deliveries(db_run)[0].last_error == "expired before it could be sent"


def test_a_refused_message_is_not_retried(handler_phone, submit, push_service, run_worker, db_run):
    _, phone = handler_phone
    submit()
    push_service.respond(phone, 400)

    assert run_worker().counts == {"failed": 1}
    assert run_worker(now=utcnow() + timedelta(hours=1)).total == 0
    assert len(push_service.attempts(phone)) == 1


def test_an_endpoint_no_longer_allowed_is_dropped(app, handler_phone, submit, push_service,
                                                  run_worker, db_run):
    submit()
    app.config["GNISTA_ALLOW_LOCAL_PUSH"] = False

    assert run_worker().counts == {"gone": 1}
    assert push_service.attempts() == []
    assert subscription_count(db_run) == 0


def test_the_worker_command_sends_and_purges_old_idempotency_keys(app, runner, handler_phone,
                                                                   submit, push_service, db_run):
    submit(2)
    db_run(lambda s: (s.execute(update(IdempotencyKey).values(
        created_at=utcnow() - timedelta(days=90))), s.commit()))

    result = runner.invoke(args=["gnista", "worker", "--once"])

    assert result.exit_code == 0, result.output
    assert "Push deliveries handled: 2" in result.output
    assert len(push_service.messages()) == 2
    assert db_run(lambda s: s.scalars(select(IdempotencyKey)).all()) == []


def _spawn(app_config: dict, **options) -> subprocess.Popen:
    env = {**os.environ, "PYTHONPATH": str(ROOT)}
    return subprocess.Popen([sys.executable, str(HERE / "worker_process.py"),
                             json.dumps(app_config), json.dumps(options)],
                            cwd=ROOT, env=env, stdout=subprocess.PIPE, stderr=subprocess.PIPE,
                            text=True)


def test_two_workers_over_one_outbox_send_each_message_once(app_config, as_user, org, device,
                                                            submit, push_service, db_run,
                                                            tmp_path):
    handler = as_user("handler", unit=org["north"])
    phones = [device(handler) for _ in range(3)]
    submit(20)
    assert len(deliveries(db_run)) == 60

    start = tmp_path / "start"
    workers = [_spawn(app_config, batch=4, threads=2, send_delay=0.02,
                      start_file=str(start)) for _ in range(2)]
    time.sleep(0.5)
    start.touch()
    tallies = []
    for proc in workers:
        out, err = proc.communicate(timeout=60)
        assert proc.returncode == 0, err
        tallies.append(json.loads(out.strip().splitlines()[-1]))

    received = Counter((m.subscription_id, m.json()["id"]) for m in push_service.messages())
    assert len(received) == 60
    assert set(received.values()) == {1}
    assert {m.subscription_id for m in push_service.messages()} == {p.id for p in phones}
    assert sum(t.get("sent", 0) for t in tallies) == 60
    assert all(t.get("sent", 0) > 0 for t in tallies), tallies
    assert {r.state for r in deliveries(db_run)} == {"sent"}
    assert push_service.rejections == []


def test_a_worker_killed_after_claiming_loses_nothing(app_config, handler_phone, submit,
                                                      push_service, run_worker, db_run, tmp_path):
    _, phone = handler_phone
    submit()
    claimed = tmp_path / "claimed"
    proc = _spawn(app_config, hang_after_claim=str(claimed))
    deadline = time.monotonic() + 30
    while not claimed.exists():
        assert proc.poll() is None, proc.communicate()[1]
        assert time.monotonic() < deadline, "the worker never claimed the message"
        time.sleep(0.05)

    [row] = deliveries(db_run)
    assert row.state == "pending" and row.claimed_until > utcnow() and row.attempts == 1
    proc.send_signal(signal.SIGKILL)
    proc.wait(timeout=10)
    proc.stdout.close()
    proc.stderr.close()

    # While the dead worker's lease lasts nobody else takes the message ...
    assert run_worker().total == 0
    assert push_service.attempts() == []
    # ... and once it has run out, a restarted worker sends it, once.
    later = row.claimed_until + timedelta(seconds=1)
    assert run_worker(now=later).counts == {"sent": 1}
    assert run_worker(now=later + timedelta(minutes=5)).total == 0
    assert len(push_service.messages(phone)) == 1
    [row] = deliveries(db_run)
    assert row.state == "sent" and row.attempts == 2


def test_the_worker_command_polls_until_it_is_told_to_stop(app_config, handler_phone, submit,
                                                           push_service):
    env = {**os.environ, "PYTHONPATH": str(ROOT), "DATABASE_URL": app_config["DATABASE_URL"],
           "GNISTA_INSTANCE_PATH": app_config["INSTANCE_PATH"], "GNISTA_ALLOW_LOCAL_PUSH": "1"}
    proc = subprocess.Popen([sys.executable, "-m", "flask", "--app", "wsgi", "gnista", "worker",
                             "--interval", "0.2"], cwd=ROOT, env=env, stdout=subprocess.PIPE,
                            stderr=subprocess.PIPE, text=True)
    try:
        submit()
        push_service.wait_for_messages(1, timeout=30)
        submit()
        push_service.wait_for_messages(2, timeout=30)
    finally:
        proc.send_signal(signal.SIGTERM)
        _, err = proc.communicate(timeout=30)

    assert proc.returncode == 0, err
    assert "Push worker stopped" in err
