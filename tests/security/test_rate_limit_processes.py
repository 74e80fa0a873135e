"""Rate limits hold across gunicorn's worker processes, or the server does not start.

Real gunicorn processes and the real Redis on 127.0.0.1:6379: with a shared
store two workers count one limit together; with the per-process memory://
store, several workers are refused at start.
"""
from __future__ import annotations

import os
import re
import socket
import subprocess
import sys
import time
import uuid
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import pytest
import requests

from server.config import PerProcessStorage, check_rate_limit_storage

ROOT = Path(__file__).resolve().parents[2]
GUNICORN = str(Path(sys.executable).with_name("gunicorn"))
REDIS_URL = "redis://127.0.0.1:6379/0"
LIMIT = 30
# Starting a worker imports the whole app; on a busy machine that takes a while.
START_SECONDS = 180


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def _redis():
    redis = pytest.importorskip("redis")
    client = redis.Redis.from_url(REDIS_URL)
    try:
        client.ping()
    except redis.exceptions.ConnectionError:
        pytest.skip("no Redis at 127.0.0.1:6379")
    return client


def _environment(main_database, tmp_path, storage: str, prefix: str) -> dict:
    env = {k: v for k, v in os.environ.items() if not k.startswith("GNISTA_")}
    env.update(DATABASE_URL=main_database, SECRET_KEY="test-" + uuid.uuid4().hex,
               GNISTA_INSTANCE_PATH=str(tmp_path / "instance"),
               GNISTA_UPLOAD_FOLDER=str(tmp_path / "photos"),
               GNISTA_RATELIMIT_STORAGE=storage, GNISTA_RATELIMIT_KEY_PREFIX=prefix,
               GNISTA_SIGN_IN_LIMIT=f"{LIMIT} per 10 minutes")
    return env


def _gunicorn(env, port, workers: int, log: Path) -> subprocess.Popen:
    # Run from the project folder so gunicorn reads its gunicorn.conf.py.
    return subprocess.Popen(
        [GUNICORN, "--bind", f"127.0.0.1:{port}", "--workers", str(workers), "--threads", "4",
         "--access-logfile", str(log), "--access-logformat", "%(p)s %(s)s", "wsgi:app"],
        cwd=ROOT, env=env, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True)


def _wait_until_serving(port: int, process: subprocess.Popen) -> None:
    deadline = time.monotonic() + START_SECONDS
    while time.monotonic() < deadline:
        assert process.poll() is None, process.stdout.read()
        try:
            if requests.get(f"http://127.0.0.1:{port}/healthz", timeout=5).ok:
                return
        except requests.RequestException:
            pass
        time.sleep(0.5)
    raise AssertionError("gunicorn did not start")


def test_two_worker_processes_count_one_limit_together_in_redis(main_database, tmp_path):
    redis = _redis()
    prefix = f"gnista-test-{uuid.uuid4().hex}"
    port, log = _free_port(), tmp_path / "access.log"
    server = _gunicorn(_environment(main_database, tmp_path, REDIS_URL, prefix), port, 2, log)
    try:
        _wait_until_serving(port, server)
        # An unknown invitation: each look-up counts against the per-address limit.
        url = f"http://127.0.0.1:{port}/api/v1/invitations/{uuid.uuid4().hex}"
        # Let both workers boot fully, so that both take requests.
        time.sleep(2)
        with ThreadPoolExecutor(max_workers=12) as pool:
            statuses = list(pool.map(lambda _: requests.get(url, timeout=60).status_code,
                                     range(LIMIT * 2)))
        assert statuses.count(429) == LIMIT, statuses
        assert all(s in (404, 410, 429) for s in statuses), statuses
        assert any(prefix in key.decode() for key in redis.scan_iter(f"*{prefix}*"))
    finally:
        server.terminate()
        output = server.communicate(timeout=60)[0]
        for key in redis.scan_iter(f"*{prefix}*"):
            redis.delete(key)
    served_by = {pid for pid, status in re.findall(r"^<?(\d+)>? (\d+)$", log.read_text(), re.M)
                 if status in ("404", "410", "429")}
    assert len(served_by) == 2, (served_by, log.read_text()[:500], output)


def test_several_workers_with_a_per_process_store_are_refused_at_start(main_database, tmp_path):
    env = _environment(main_database, tmp_path, "memory://", "unused")
    server = _gunicorn(env, _free_port(), 2, tmp_path / "access.log")
    output = server.communicate(timeout=START_SECONDS)[0]
    assert server.returncode != 0
    assert "GNISTA_RATELIMIT_STORAGE=memory://" in output
    assert "redis://127.0.0.1:6379/0" in output


def test_the_rule_refuses_only_per_process_stores_with_several_processes():
    check_rate_limit_storage("memory://", 1)
    check_rate_limit_storage(REDIS_URL, 4)
    with pytest.raises(PerProcessStorage, match="2 times every limit"):
        check_rate_limit_storage("memory://", 2)
