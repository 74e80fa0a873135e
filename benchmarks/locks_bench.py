"""A vote's latency while photos upload: another checkout's code ("before") beside this one.

Each uploader sends ideas whose body trickles in over a couple of seconds, as
from a phone on a weak network; another sends four large photos at once. One
voter meanwhile votes and withdraws in a bounded loop and times each answer.
Both checkouts are served by gunicorn from their own folders, on SQLite and on
PostgreSQL, alternating in one run so that the machine's load hits both alike.

    python -m benchmarks locks [-- --before /work/main --votes 120 --rounds 2]
"""
from __future__ import annotations

import argparse
import http.client
import random
import socket
import subprocess
import tempfile
import threading
import time
import uuid
from datetime import datetime, timezone
from pathlib import Path

from . import databases, machine, report
from .gunicorn_server import gunicorn
from .instance import BIN, ROOT, environment, seed
from .sample_photo import photo_jpeg
from .timing import ms, percentile

BOUNDARY = "gnistalocksbench"
VOTE_GAP = 0.02         # seconds between one voter's requests
TRICKLE_SECONDS = 2.0   # how long each slow upload takes to arrive
TRICKLE_PIECES = 20
DEADLINE = 40.0         # seconds: the most one measurement may take


def _multipart(photos: list[bytes]) -> bytes:
    parts = [f"--{BOUNDARY}\r\nContent-Disposition: form-data; name=\"description\"\r\n\r\n"
             "Ett foto från en telefon med svag täckning.\r\n".encode()]
    for number, photo in enumerate(photos):
        parts.append(f"--{BOUNDARY}\r\nContent-Disposition: form-data; name=\"photo\"; "
                     f"filename=\"p{number}.jpg\"\r\nContent-Type: image/jpeg\r\n\r\n".encode()
                     + photo + b"\r\n")
    parts.append(f"--{BOUNDARY}--\r\n".encode())
    return b"".join(parts)


def _send_upload(port: int, cookie: str, body: bytes, *, trickle: bool) -> int:
    """POST an idea over a raw socket, slowly if asked; return the status."""
    head = (f"POST /api/v1/ideas HTTP/1.1\r\nHost: 127.0.0.1:{port}\r\n"
            f"Content-Type: multipart/form-data; boundary={BOUNDARY}\r\n"
            f"Content-Length: {len(body)}\r\nCookie: {cookie}\r\nX-Requested-With: bench\r\n"
            f"Idempotency-Key: {uuid.uuid4()}\r\nConnection: close\r\n\r\n").encode()
    with socket.create_connection(("127.0.0.1", port), timeout=DEADLINE) as sock:
        sock.sendall(head)
        if trickle:
            size = len(body) // TRICKLE_PIECES + 1
            for start in range(0, len(body), size):
                sock.sendall(body[start:start + size])
                time.sleep(TRICKLE_SECONDS / TRICKLE_PIECES)
        else:
            sock.sendall(body)
        answer = b""
        while b"\r\n" not in answer:
            chunk = sock.recv(4096)
            if not chunk:
                return 0
            answer += chunk
    return int(answer.split()[1])


def _uploader(port: int, cookie: str, body: bytes, trickle: bool, stop: threading.Event,
              statuses: list) -> None:
    for _ in range(200):  # bounded; the stop event ends it much sooner
        if stop.is_set():
            return
        try:
            statuses.append(_send_upload(port, cookie, body, trickle=trickle))
        except OSError:
            statuses.append(0)


def _voter(port: int, cookie: str, ideas: list[str], votes: int, deadline: float,
           latencies: list, statuses: list) -> None:
    conn = http.client.HTTPConnection("127.0.0.1", port, timeout=DEADLINE)
    headers = {"Cookie": cookie, "X-Requested-With": "bench"}
    for number in range(votes):
        if time.monotonic() > deadline:
            break
        method = "PUT" if number % 2 == 0 else "DELETE"
        began = time.perf_counter()
        try:
            conn.request(method, f"/api/v1/ideas/{ideas[number // 2 % len(ideas)]}/vote",
                         headers=headers)
            response = conn.getresponse()
            response.read()
            statuses.append(response.status)
        except OSError:
            statuses.append(0)
            conn.close()
            conn = http.client.HTTPConnection("127.0.0.1", port, timeout=DEADLINE)
        latencies.append(time.perf_counter() - began)
        time.sleep(VOTE_GAP)
    conn.close()


def measure(port: int, material: dict, *, votes: int) -> dict:
    """Run uploads and one voter together; return the vote's latencies and the outcomes."""
    stop = threading.Event()
    upload_statuses: list[int] = []
    cookies = material["cookies"]
    threads = [threading.Thread(target=_uploader, args=(port, cookies[i], material["small"], True,
                                                        stop, upload_statuses))
               for i in range(3)]
    threads.append(threading.Thread(target=_uploader, args=(port, cookies[3], material["large"],
                                                            False, stop, upload_statuses)))
    for thread in threads:
        thread.start()
    time.sleep(0.5)  # let the uploads get going
    latencies: list[float] = []
    vote_statuses: list[int] = []
    _voter(port, cookies[4], material["ideas"], votes, time.monotonic() + DEADLINE, latencies,
           vote_statuses)
    stop.set()
    for thread in threads:
        thread.join()
    return {"latencies": latencies, "votes": vote_statuses, "uploads": upload_statuses}


def _migrate(code: Path, url: str, folder: Path) -> dict:
    """Build the schema with the checkout's own migrations; return the environment to serve it."""
    instance = folder / "instance"
    env = environment(instance, url, "http://127.0.0.1")
    env["PYTHONPATH"] = str(code)
    subprocess.run([str(BIN / "flask"), "--app", "wsgi", "db", "upgrade"], cwd=code, env=env,
                   check=True, capture_output=True)
    return env


def _material(env: dict) -> dict:
    made = seed(env, users=8, ideas=40)
    voter = 4
    ideas = [str(i) for i, owner in zip(made.idea_ids, made.idea_owner) if owner != voter]
    small = photo_jpeg(1200, 900, seed=3)
    large = photo_jpeg(4000, 3000, seed=5)
    return {"cookies": made.cookies, "ideas": ideas, "small": _multipart([small, small]),
            "large": _multipart([large] * 4)}


def _row(database: str, version: str, result: dict) -> str:
    lat = result["latencies"]
    ok = sum(1 for s in result["votes"] if s == 200)
    failed = len(result["votes"]) - ok
    uploads_ok = sum(1 for s in result["uploads"] if s == 201)
    return (f"| {database} | {version} | {len(lat)} | {ms(percentile(lat, 0.5))} | "
            f"{ms(percentile(lat, 0.95))} | {ms(max(lat) if lat else float('nan'))} | "
            f"{failed} | {uploads_ok}/{len(result['uploads'])} |"), percentile(lat, 0.95)


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(prog="python -m benchmarks locks")
    parser.add_argument("--before", default="/work/main",
                        help="checkout whose code is measured as 'before'")
    parser.add_argument("--votes", type=int, default=120)
    parser.add_argument("--rounds", type=int, default=2)
    args = parser.parse_args(argv or [])
    versions = {"before": Path(args.before).resolve(), "after": ROOT}
    targets = ["sqlite"] + (["postgresql"] if databases.postgres_available() else [])
    pg_url = databases.POSTGRES_SERVER if "postgresql" in targets else None
    started = machine.describe(pg_url)
    load_before = machine.load_average()
    rows, p95 = [], {}
    with tempfile.TemporaryDirectory(prefix="gnista-locks-") as tmp:
        for database in targets:
            served = {}
            stack = []
            try:
                for version, code in versions.items():
                    folder = Path(tmp) / f"{database}-{version}"
                    folder.mkdir()
                    if database == "sqlite":
                        url = databases.sqlite_database(folder)
                    else:
                        context = databases.postgres_database(f"gnista_locks_{version}")
                        url = context.__enter__()
                        stack.append(context)
                    env = _migrate(code, url, folder)
                    material = _material(env)
                    server = gunicorn("wsgi:app", env=env, cwd=code, log=folder / "gunicorn.log",
                                      workers=1, threads=16)
                    port = server.__enter__()
                    stack.append(server)
                    served[version] = (port, material)
                results: dict[str, dict] = {v: {"latencies": [], "votes": [], "uploads": []}
                                            for v in versions}
                # Alternate the two versions so that a burst of load elsewhere hits both.
                for _ in range(args.rounds):
                    for version, (port, material) in served.items():
                        outcome = measure(port, material, votes=args.votes)
                        for key in outcome:
                            results[version][key].extend(outcome[key])
                for version in versions:
                    row, p95[(database, version)] = _row(database, version, results[version])
                    rows.append(row)
                    print(row, flush=True)
            finally:
                for context in reversed(stack):
                    context.__exit__(None, None, None)
    ratios = [f"- {db}: p95 before / after = "
              f"{p95[(db, 'before')] / p95[(db, 'after')]:.1f}×" for db in targets
              if p95.get((db, "after"))]
    stamp = datetime.now(timezone.utc).strftime("%Y-%m-%d %H:%M UTC")
    markdown = "\n".join([
        "## A vote while photos upload (locks)", "",
        f"Run {stamp} on {started}; load average {load_before:.1f} at the start, "
        f"{machine.load_average():.1f} at the end.",
        f"`before` is the code at `{versions['before']}`, `after` this checkout; each served by "
        "gunicorn (1 worker, 16 threads) on its own database, alternating "
        f"{args.rounds} rounds. Three uploaders send two 1200×900 photos trickling in over "
        f"{TRICKLE_SECONDS:.0f} s, one sends four 12 MP photos at once; one voter votes and "
        f"withdraws up to {args.votes} times a round, {VOTE_GAP * 1000:.0f} ms apart.", "",
        "| database | code | votes | p50 ms | p95 ms | max ms | failed votes | uploads 201 |",
        "|---|---|---:|---:|---:|---:|---:|---:|",
        *rows, "", *ratios, "",
        "Reproduce: `make bench-locks` (or `python -m benchmarks locks -- --before /work/main`).",
    ])
    report.save("locks", markdown)
