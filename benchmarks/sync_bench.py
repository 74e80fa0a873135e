"""Time how long 100 ideas with photos, queued offline in the web app's outbox, take to reach the server.

The code at another revision ("before", main's 2e3cc73 by default) is exported into a
temporary folder and served beside this checkout ("after"), each by gunicorn as
`make run` serves it (one worker, eight threads) on its own SQLite database. The same
scenario then runs against both, alternating, so that load from elsewhere on the
machine hits both alike; the ratio before / after is what to compare between runs.

Two measurements per round and version:
- browser: headless Chromium drives the web app's own outbox (`submitIdea` while
  offline, then back online) until every idea is confirmed. This includes the web
  app's side: IndexedDB, the outbox's order of sending, the status bar.
- server: the same multipart requests sent from Python, one at a time and three at
  a time, without a browser: the server's own part, and what an outbox that sends
  several at once can expect from it.

    python -m benchmarks sync [-- --before 2e3cc73 --ideas 100 --rounds 2]
"""
from __future__ import annotations

import argparse
import base64
import contextlib
import http.client
import io
import json
import sqlite3
import subprocess
import sys
import tarfile
import tempfile
import threading
import time
import uuid
from datetime import datetime, timezone
from pathlib import Path

from . import databases, machine, report
from .browser import launch
from .gunicorn_server import free_port, gunicorn
from .instance import BIN, ROOT, environment
from .sample_photo import photo_jpeg
from .timing import median

WORKERS, THREADS = 1, 8  # as `make run` serves it without a shared rate-limit store
AT_ONCE = 3              # the server-only measurement's parallel requests

QUEUE = """async ({ count, photo }) => {
  const writes = await import('/js/outbox/writes.js');
  const queue = await import('/js/outbox/queue.js');
  const data = Uint8Array.from(atob(photo), (c) => c.charCodeAt(0)).buffer;
  window.__sent = new Set();
  window.__online = null;
  window.__done = null;
  // Awaited by the harness in one call: polling it would take CPU from what is measured.
  window.__finished = new Promise((resolve) => { window.__finish = resolve; });
  addEventListener('online', () => { window.__online = performance.now(); });
  window.__inFlight = 0;
  const started = new Map();
  queue.subscribe((event) => {
    if (event.type === 'sending') started.set(event.seq, performance.now());
    if (event.type !== 'sent') return;
    if (started.has(event.seq) && !window.__sent.has(event.seq)) {
      window.__inFlight += performance.now() - started.get(event.seq);
    }
    window.__sent.add(event.seq);
    if (window.__sent.size === count && window.__done === null) {
      window.__done = performance.now();
      window.__finish();
    }
  });
  window.__goOffline = async () => {
    for (let i = 0; i < count; i += 1) {
      await writes.submitIdea({ description: `Idé ${i + 1} från bänken`, anonymous: false,
                                photos: [{ data, type: 'image/jpeg' }] });
    }
    return (await queue.entries()).length;
  };
  return data.byteLength;
}"""


SIGNED_IN = """async () => {
  const queue = await import('/js/outbox/queue.js');
  for (let i = 0; i < 300; i += 1) {
    if (await queue.currentUser()) return true;
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
  return false;
}"""

# What the queue holds while offline: the outbox's own retries must have given up
# (every entry waiting, none sending) before going online, or a late offline
# failure would push an entry's retry minutes into the future.
SETTLED = """async () => {
  const queue = await import('/js/outbox/queue.js');
  return (await queue.entries()).filter((e) => e.state === 'sending').length;
}"""


FINISHED = """(ms) => Promise.race([window.__finished.then(() => true),
                           new Promise((resolve) => setTimeout(() => resolve(false), ms))])"""


def _browser_run(browser, origin: str, cookie: str, count: int, photo: bytes) -> dict:
    context = browser.new_context()
    name, value = cookie.split("=", 1)
    context.add_cookies([{"name": name, "value": value, "url": origin}])
    page = context.new_page()
    page.goto(origin + "/")
    page.wait_for_load_state("load")
    if not page.evaluate(SIGNED_IN):
        raise RuntimeError("the web app did not sign in with the session cookie")
    photo_bytes = page.evaluate(QUEUE, {"count": count, "photo": base64.b64encode(photo).decode()})
    context.set_offline(True)
    queued = page.evaluate("() => window.__goOffline()")
    for _ in range(100):
        if page.evaluate(SETTLED) == 0:
            break
        page.wait_for_timeout(100)
    page.wait_for_timeout(500)
    began = page.evaluate("() => performance.now()")
    context.set_offline(False)
    # One call that waits in the page (the app's Content-Security-Policy forbids
    # wait_for_function's eval); polling every 50 ms cost the browser and Playwright's
    # driver about 5 ms of CPU a time, taken from the web app and the server measured.
    if not page.evaluate(FINISHED, 900_000):
        raise RuntimeError("the outbox did not empty within 15 minutes")
    online, done, in_flight = page.evaluate(
        "() => [window.__online, window.__done, window.__inFlight]")
    context.close()
    return {"queued": queued, "photo_bytes": photo_bytes,
            "seconds": (done - (online or began)) / 1000, "in_flight": in_flight / 1000}


def _multipart(photo: bytes, number: int, key: str) -> tuple[bytes, str]:
    """The body the web app's outbox sends for one idea (pwa/js/outbox/record.js)."""
    boundary = f"gnista-{key}"
    parts = [f"--{boundary}\r\nContent-Disposition: form-data; name=\"{name}\"\r\n\r\n{value}\r\n"
             .encode() for name, value in (("description", f"Idé {number} från bänken"),
                                            ("anonymous", "false"))]
    parts.append(f"--{boundary}\r\nContent-Disposition: form-data; name=\"photo\"; "
                 f"filename=\"photo-1.jpg\"\r\nContent-Type: image/jpeg\r\n\r\n".encode()
                 + photo + b"\r\n")
    parts.append(f"--{boundary}--\r\n".encode())
    return b"".join(parts), f"multipart/form-data; boundary={boundary}"


def _server_run(port: int, cookie: str, count: int, photo: bytes, at_once: int) -> dict:
    """POST count ideas over keep-alive connections, at_once in parallel; time until all are 201."""
    bodies = []
    for number in range(1, count + 1):
        key = str(uuid.uuid4())
        body, content_type = _multipart(photo, number, key)
        bodies.append((body, {"Content-Type": content_type, "Idempotency-Key": key,
                              "X-Requested-With": "gnista", "Accept": "application/json",
                              "Cookie": cookie}))
    statuses: list[int] = []
    lock = threading.Lock()

    def sender() -> None:
        conn = http.client.HTTPConnection("127.0.0.1", port, timeout=120)
        try:
            while True:
                with lock:
                    if not bodies:
                        return
                    body, headers = bodies.pop(0)
                conn.request("POST", "/api/v1/ideas", body=body, headers=headers)
                response = conn.getresponse()
                response.read()
                with lock:
                    statuses.append(response.status)
        finally:
            conn.close()

    began = time.perf_counter()
    threads = [threading.Thread(target=sender) for _ in range(at_once)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    seconds = time.perf_counter() - began
    if statuses.count(201) != count:
        raise RuntimeError(f"the server did not accept every idea: {sorted(set(statuses))}")
    return {"seconds": seconds}


@contextlib.contextmanager
def _code_at(before: str, tmp: Path):
    """Yield a folder holding the code at `before`: a checkout's path, or a revision exported."""
    if Path(before).is_dir():
        yield Path(before).resolve(), before
        return
    commit = subprocess.run(["git", "-C", str(ROOT), "rev-parse", "--short", f"{before}^{{commit}}"],
                            check=True, capture_output=True, text=True).stdout.strip()
    folder = tmp / "before-code"
    folder.mkdir()
    archive = subprocess.run(["git", "-C", str(ROOT), "archive", "--format=tar", commit],
                             check=True, capture_output=True).stdout
    with tarfile.open(fileobj=io.BytesIO(archive)) as tar:
        tar.extractall(folder, filter="data")
    yield folder, commit


def _serve(version: str, code: Path, tmp: Path, users: int, stack: contextlib.ExitStack) -> dict:
    folder = tmp / version
    folder.mkdir()
    port = free_port()
    origin = f"http://localhost:{port}"
    env = environment(folder / "instance", databases.sqlite_database(folder), origin)
    env["PYTHONPATH"] = str(code)
    subprocess.run([str(BIN / "flask"), "--app", "wsgi", "db", "upgrade"], cwd=code, env=env,
                   check=True, capture_output=True)
    cookies = _seed_with_its_own_code(code, env, users)
    stack.enter_context(gunicorn("wsgi:app", env=env, cwd=code, log=folder / "gunicorn.log",
                                 workers=WORKERS, threads=THREADS, port=port))
    return {"port": port, "origin": origin, "cookies": cookies, "db": folder / "gnista.db"}


SEED = """
import importlib.util, json, sys
spec = importlib.util.spec_from_file_location("bench_instance", sys.argv[1])
instance = sys.modules["bench_instance"] = importlib.util.module_from_spec(spec)
spec.loader.exec_module(instance)
made = instance.seed(json.loads(sys.argv[2]), users=int(sys.argv[3]), ideas=10)
print(json.dumps(made.cookies))
"""


def _seed_with_its_own_code(code: Path, env: dict, users: int) -> list[str]:
    """Seed a version's database with that version's models: the schemas differ."""
    done = subprocess.run([sys.executable, "-c", SEED, str(ROOT / "benchmarks" / "instance.py"),
                           json.dumps(env), str(users)], cwd=code, env=env,
                          capture_output=True, text=True)
    if done.returncode != 0:
        raise RuntimeError(f"seeding the database at {code} failed:\n{done.stderr[-3000:]}")
    return json.loads(done.stdout.strip().splitlines()[-1])


def _stored(database: Path) -> tuple[int, int]:
    with sqlite3.connect(database) as conn:
        ideas = conn.execute("SELECT count(*) FROM ideas").fetchone()[0] - 10
        photos = conn.execute("SELECT count(*) FROM photos").fetchone()[0]
    return ideas, photos


def _ratio(before: list[float], after: list[float]) -> str:
    return f"{median(before) / median(after):.1f}×" if after else "–"


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(prog="python -m benchmarks sync", description=__doc__,
                                     formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--before", default="2e3cc73",
                        help="revision (or checkout folder) measured as 'before'")
    parser.add_argument("--ideas", type=int, default=100)
    parser.add_argument("--rounds", type=int, default=2)
    parser.add_argument("--no-browser", action="store_true", help="only the server-side part")
    args = parser.parse_args(argv or [])
    from playwright.sync_api import sync_playwright

    photo = photo_jpeg(1600, 1200, quality=80)
    started = machine.describe()
    load_start = machine.load_average()
    stamp = datetime.now(timezone.utc).strftime("%Y-%m-%d %H:%M UTC")
    kinds = ["server, 1 at a time", f"server, {AT_ONCE} at a time"]
    if not args.no_browser:
        kinds.insert(0, "browser (web app's outbox)")
    results = {(kind, version): [] for kind in kinds for version in ("before", "after")}
    in_flight: dict[str, list[float]] = {"before": [], "after": []}
    loads: list[float] = []
    users = 3 * args.rounds
    with tempfile.TemporaryDirectory(prefix="gnista-sync-") as tmp, \
            contextlib.ExitStack() as stack:
        code_before, label = stack.enter_context(_code_at(args.before, Path(tmp)))
        served = {"before": _serve("before", code_before, Path(tmp), users, stack),
                  "after": _serve("after", ROOT, Path(tmp), users, stack)}
        playwright = stack.enter_context(sync_playwright()) if not args.no_browser else None
        browser = launch(playwright) if playwright else None
        if browser:
            stack.callback(browser.close)
        for round_ in range(args.rounds):
            # Alternate which goes first, so that a trend in the machine's load evens out.
            order = ["before", "after"] if round_ % 2 == 0 else ["after", "before"]
            for version in order:
                s = served[version]
                cookies = s["cookies"][3 * round_: 3 * round_ + 3]
                loads.append(machine.load_average())
                if browser:
                    run = _browser_run(browser, s["origin"], cookies[0], args.ideas, photo)
                    results[(kinds[0], version)].append(run["seconds"])
                    in_flight[version].append(run["in_flight"])
                    print(f"round {round_ + 1} {version} browser: {run}", flush=True)
                for kind, at_once, cookie in ((kinds[-2], 1, cookies[1]),
                                              (kinds[-1], AT_ONCE, cookies[2])):
                    run = _server_run(s["port"], cookie, args.ideas, photo, at_once)
                    results[(kind, version)].append(run["seconds"])
                    print(f"round {round_ + 1} {version} {kind}: {run}", flush=True)
        stored = {version: _stored(served[version]["db"]) for version in served}
    load_end = machine.load_average()
    expected = args.ideas * len(kinds) * args.rounds
    rows = []
    for kind in kinds:
        before, after = results[(kind, "before")], results[(kind, "after")]
        rows.append(f"| {kind} | {median(before):.1f} | {median(after):.1f} | "
                    f"**{_ratio(before, after)}** | "
                    f"{', '.join('%.1f' % s for s in before)} | "
                    f"{', '.join('%.1f' % s for s in after)} |")
    flight = ""
    if not args.no_browser:
        flight = ("In the browser runs, requests were in flight (the outbox's `sending` to "
                  f"`sent`, summed) for a median {median(in_flight['before']):.1f} s before and "
                  f"{median(in_flight['after']):.1f} s after; the rest is the web app's own work "
                  "between requests (IndexedDB, the status bar).")
    markdown = "\n".join([
        "## Sync: queued ideas reaching the server", "",
        f"Run {stamp} on {started}; load average {load_start:.1f} at the start, "
        f"{load_end:.1f} at the end, {min(loads):.1f}–{max(loads):.1f} as each measurement "
        "began.",
        f"`before` is the code at `{label}`, `after` this checkout; each served by gunicorn "
        f"({WORKERS} worker × {THREADS} threads, as `make run` serves it) with SQLite on "
        f"loopback, no network throttling, alternating over {args.rounds} rounds. Each idea "
        f"carries one {len(photo) / 1e3:.0f} kB photo (1600×1200, as the phone's downscale "
        f"makes it); {args.ideas} ideas per measurement. `browser`: headless Chromium "
        "(/usr/bin/chromium) drives the web app's own outbox (`submitIdea` while offline, then "
        "back online) until all are confirmed; `server`: the same multipart requests from "
        f"Python over keep-alive connections, one at a time or {AT_ONCE} at a time, without a "
        "browser.", "",
        f"| measurement | before, median s | after, median s | before / after | before runs (s) "
        "| after runs (s) |",
        "|---|---:|---:|---:|---|---|",
        *rows, "",
        "The aim is the browser row's before / after at 4.1× or more (49 s to under 12 s on "
        "one machine, as a ratio within one run). A `server` row is what the server alone "
        "gives: the browser row can approach it only as far as the web app's own time allows.",
        "",
        *([flight, ""] if flight else []),
        f"Ideas stored / photos: before {stored['before'][0]} / {stored['before'][1]}, after "
        f"{stored['after'][0]} / {stored['after'][1]} (expected {expected} each).", "",
        f"Reproduce: `make bench-sync SYNC_BEFORE={args.before}` (or `python -m benchmarks sync -- --before {args.before} --rounds {args.rounds}`).",
    ])
    report.save("sync", markdown)


if __name__ == "__main__":
    main()
