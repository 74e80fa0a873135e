"""`make run`'s own command lines: two servers side by side, and the origin following PORT."""
from __future__ import annotations

import os
import signal
import socket
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
VENV = Path(sys.executable).parent.parent


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def _environment(instance: Path, database_url: str) -> dict:
    env = {k: v for k, v in os.environ.items()
           if k not in ("GNISTA_ORIGIN", "GNISTA_PORT", "MAKEFLAGS", "MAKELEVEL", "MFLAGS")}
    # Neither Flask's nor Gnista's .env loader may bring in a developer's settings.
    env.update(GNISTA_INSTANCE_PATH=str(instance), DATABASE_URL=database_url,
               GNISTA_DOTENV="0", FLASK_SKIP_DOTENV="1")
    return env


def _make(target: str, port: int, env: dict, **kwargs):
    return [("make", "-s", "--no-print-directory", "-C", str(ROOT), target, f"PORT={port}",
             f"VENV={VENV}"), dict(env=env, **kwargs)]


def _healthy(port: int, deadline: float) -> bool:
    while time.monotonic() < deadline:
        try:
            with urllib.request.urlopen(f"http://127.0.0.1:{port}/healthz", timeout=2) as answer:
                return answer.status == 200 and b'"ok"' in answer.read()
        except OSError:
            time.sleep(0.3)
    return False


def test_two_servers_on_one_host_each_answer_with_their_own_control_socket(tmp_path):
    instance = tmp_path / "instance"
    env = _environment(instance, f"sqlite:///{tmp_path / 'gnista.db'}")
    ports = [_free_port(), _free_port()]
    servers = []
    try:
        for port in ports:
            args, kwargs = _make("serve", port, env)
            servers.append(subprocess.Popen(args, stdout=subprocess.PIPE, stderr=subprocess.STDOUT,
                                            text=True, start_new_session=True, **kwargs))
        deadline = time.monotonic() + 60
        assert all(_healthy(port, deadline) for port in ports)
        sockets = [instance / f"gunicorn-{port}.ctl" for port in ports]
        assert all(path.is_socket() for path in sockets)
    finally:
        for server in servers:
            os.killpg(server.pid, signal.SIGINT)
        logs = [server.communicate(timeout=60)[0] for server in servers]
    for port, log in zip(ports, logs):
        assert f"Listening at: http://127.0.0.1:{port}" in log
        assert f"Control socket listening at {instance}/gunicorn-{port}.ctl" in log
        assert "Traceback" not in log


def test_the_printed_invitation_follows_the_port(app, main_database, tmp_path):
    env = _environment(tmp_path / "instance", main_database)
    port = 5001
    args, kwargs = _make("invite", port, env)
    printed = subprocess.run(args, capture_output=True, text=True, timeout=120, **kwargs)
    assert printed.returncode == 0, printed.stderr
    link = printed.stdout.strip().splitlines()[-1]
    assert link.startswith("http://localhost:5001/join/")

    env["GNISTA_ORIGIN"] = "https://gnista.example.org"
    printed = subprocess.run(args, capture_output=True, text=True, timeout=120, **kwargs)
    assert printed.returncode == 0, printed.stderr
    assert printed.stdout.strip().splitlines()[-1].startswith("https://gnista.example.org/join/")
