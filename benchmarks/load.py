"""A closed-loop HTTP load generator: processes of threads, each on one keep-alive connection."""
from __future__ import annotations

import http.client
import multiprocessing
import random
import threading
import time
import uuid
from collections import Counter
from concurrent.futures import ProcessPoolExecutor
from dataclasses import dataclass, field

from .timing import percentile

BOUNDARY = "gnista-bench-boundary"


@dataclass
class Target:
    """What the clients hit: the port and the material for requests."""
    port: int
    scenario: str
    cookies: list[str] = field(default_factory=list)
    idea_ids: list[str] = field(default_factory=list)
    idea_owner: list[int] = field(default_factory=list)
    photo: bytes = b""


def _unsafe_headers(target: Target, cookie: str) -> dict:
    return {"Cookie": cookie, "X-Requested-With": "fetch",
            "Origin": f"http://127.0.0.1:{target.port}"}


def _multipart(photo: bytes) -> bytes:
    parts = [f"--{BOUNDARY}\r\nContent-Disposition: form-data; name=\"description\"\r\n\r\n"
             "Sätt upp en krok för mopparna vid tvättstugan.\r\n".encode(),
             f"--{BOUNDARY}\r\nContent-Disposition: form-data; name=\"photo\"; "
             "filename=\"photo.jpg\"\r\nContent-Type: image/jpeg\r\n\r\n".encode(),
             photo, f"\r\n--{BOUNDARY}--\r\n".encode()]
    return b"".join(parts)


def build_request(target: Target, rng: random.Random, body_cache: dict) -> tuple:
    """Return (method, path, body, headers) for one request of the scenario."""
    scenario = target.scenario
    if scenario == "bare":
        return "GET", "/bare", None, {}
    if scenario == "health":
        return "GET", "/healthz", None, {}
    who = rng.randrange(len(target.cookies))
    cookie = target.cookies[who]
    if scenario == "me":
        return "GET", "/api/v1/me", None, {"Cookie": cookie}
    if scenario in ("feed", "memo-feed"):
        return "GET", "/api/v1/ideas?limit=20", None, {"Cookie": cookie}
    if scenario == "detail":
        return "GET", f"/api/v1/ideas/{rng.choice(target.idea_ids)}", None, {"Cookie": cookie}
    if scenario == "vote":
        while True:
            index = rng.randrange(len(target.idea_ids))
            if target.idea_owner[index] != who:
                break
        return ("PUT", f"/api/v1/ideas/{target.idea_ids[index]}/vote", None,
                _unsafe_headers(target, cookie))
    if scenario == "create":
        if "create" not in body_cache:
            body_cache["create"] = _multipart(target.photo)
        headers = {**_unsafe_headers(target, cookie), "Idempotency-Key": str(uuid.uuid4()),
                   "Content-Type": f"multipart/form-data; boundary={BOUNDARY}"}
        return "POST", "/api/v1/ideas", body_cache["create"], headers
    raise ValueError(f"unknown scenario {scenario}")


def _client(target: Target, deadline: float, seed: int, out: dict, lock: threading.Lock) -> None:
    rng = random.Random(seed)
    cache: dict = {}
    latencies, statuses, samples = [], Counter(), []
    conn = http.client.HTTPConnection("127.0.0.1", target.port, timeout=60)
    while time.monotonic() < deadline:
        method, path, body, headers = build_request(target, rng, cache)
        began = time.perf_counter()
        try:
            conn.request(method, path, body=body, headers=headers)
            response = conn.getresponse()
            payload = response.read()
            status = response.status
            if response.getheader("Connection", "").lower() == "close":
                conn.close()
        except (OSError, http.client.HTTPException) as exc:
            conn.close()
            conn = http.client.HTTPConnection("127.0.0.1", target.port, timeout=60)
            statuses[type(exc).__name__] += 1
            continue
        elapsed = time.perf_counter() - began
        statuses[status] += 1
        if status < 400:
            latencies.append(elapsed)
        elif len(samples) < 3:
            samples.append(f"{status} {payload[:200]!r}")
    conn.close()
    with lock:
        out["latencies"].extend(latencies)
        out["statuses"].update(statuses)
        out["samples"].extend(samples)


def _process(target: Target, threads: int, duration: float, seed: int) -> dict:
    out = {"latencies": [], "statuses": Counter(), "samples": []}
    lock = threading.Lock()
    deadline = time.monotonic() + duration
    workers = [threading.Thread(target=_client, args=(target, deadline, seed * 1000 + i, out, lock))
               for i in range(threads)]
    for worker in workers:
        worker.start()
    for worker in workers:
        worker.join()
    return out


@dataclass
class Outcome:
    """The result of one timed run."""
    requests: int
    rate: float
    p50: float
    p95: float
    p99: float
    errors: int
    statuses: dict
    samples: list


def run(target: Target, *, clients: int, duration: float, processes: int = 2) -> Outcome:
    """Run clients spread over processes for duration seconds; return rate and latencies."""
    processes = max(1, min(processes, clients))
    shares = [clients // processes + (1 if i < clients % processes else 0) for i in range(processes)]
    context = multiprocessing.get_context("fork")
    with ProcessPoolExecutor(max_workers=processes, mp_context=context) as pool:
        futures = [pool.submit(_process, target, share, duration, i + 1)
                   for i, share in enumerate(shares)]
        parts = [future.result() for future in futures]
    latencies = [x for part in parts for x in part["latencies"]]
    statuses: Counter = Counter()
    for part in parts:
        statuses.update(part["statuses"])
    errors = sum(n for status, n in statuses.items()
                 if not isinstance(status, int) or status >= 400)
    return Outcome(requests=len(latencies), rate=len(latencies) / duration,
                   p50=percentile(latencies, 0.50), p95=percentile(latencies, 0.95),
                   p99=percentile(latencies, 0.99), errors=errors,
                   statuses={str(k): v for k, v in statuses.items()},
                   samples=[s for part in parts for s in part["samples"]][:3])
