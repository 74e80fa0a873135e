"""Time how long 100 ideas with photos, queued offline in the web app's outbox, take to reach the server.

    python -m benchmarks sync [--ideas 100] [--runs 3]
"""
from __future__ import annotations

import argparse
import base64
import sqlite3
import tempfile
from datetime import datetime, timezone
from pathlib import Path

from . import databases, instance, machine, report
from .browser import launch
from .gunicorn_server import free_port, gunicorn
from .sample_photo import photo_jpeg
from .timing import median

QUEUE = """async ({ count, photo }) => {
  const writes = await import('/js/outbox/writes.js');
  const queue = await import('/js/outbox/queue.js');
  const data = Uint8Array.from(atob(photo), (c) => c.charCodeAt(0)).buffer;
  window.__sent = new Set();
  window.__online = null;
  window.__done = null;
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
    if (window.__sent.size === count && window.__done === null) window.__done = performance.now();
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


def _one_run(browser, origin: str, cookie: str, count: int, photo: bytes) -> dict:
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
    page.wait_for_timeout(500)
    began = page.evaluate("() => performance.now()")
    context.set_offline(False)
    # Polled from here: the app's Content-Security-Policy forbids wait_for_function's eval.
    while page.evaluate("() => window.__done") is None:
        page.wait_for_timeout(50)
    online, done, in_flight = page.evaluate(
        "() => [window.__online, window.__done, window.__inFlight]")
    context.close()
    return {"queued": queued, "photo_bytes": photo_bytes,
            "seconds": (done - (online or began)) / 1000, "in_flight": in_flight / 1000}


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(prog="python -m benchmarks sync", description=__doc__)
    parser.add_argument("--ideas", type=int, default=100)
    parser.add_argument("--runs", type=int, default=3)
    args = parser.parse_args(argv)
    from playwright.sync_api import sync_playwright

    port = free_port()
    origin = f"http://localhost:{port}"
    photo = photo_jpeg(1600, 1200, quality=80)
    runs = []
    with tempfile.TemporaryDirectory(prefix="gnista-sync-") as tmp:
        folder = Path(tmp)
        env = instance.environment(folder / "instance", databases.sqlite_database(folder), origin)
        instance.upgrade(env)
        seed = instance.seed(env, users=args.runs, ideas=10)
        with gunicorn("wsgi:app", env=env, cwd=instance.ROOT, log=folder / "gunicorn.log",
                      workers=2, threads=4, port=port), sync_playwright() as p:
            browser = launch(p)
            try:
                for run in range(args.runs):
                    runs.append(_one_run(browser, origin, seed.cookies[run], args.ideas, photo))
                    print(f"run {run + 1}: {runs[-1]}")
            finally:
                browser.close()
        with sqlite3.connect(folder / "gnista.db") as conn:
            stored = conn.execute("SELECT count(*) FROM ideas").fetchone()[0] - 10
            photos = conn.execute("SELECT count(*) FROM photos").fetchone()[0]
    seconds = median([r["seconds"] for r in runs])
    lines = ["## Sync: queued ideas reaching the server", "",
             f"Measured {datetime.now(timezone.utc):%Y-%m-%d} on {machine.describe()}; headless "
             "Chromium (/usr/bin/chromium) driving the web app's own outbox "
             "(`pwa/js/outbox/writes.js` `submitIdea`) while offline, then back online; the app "
             "under gunicorn (2 workers × 4 threads) with SQLite on loopback, no network "
             f"throttling. Each idea carries one {runs[0]['photo_bytes'] / 1e3:.0f} kB photo (1600×1200, "
             f"as the phone's downscale makes it). Median of {args.runs} runs. Reproduce: "
             "`make bench-sync`.", "",
             "| ideas queued | median s until all confirmed | ideas per s | of which requests in flight, s | runs (s) | ideas stored / photos |",
             "|---:|---:|---:|---:|---|---|",
             f"| {args.ideas} | {seconds:.1f} | {args.ideas / seconds:.1f} | "
             f"{median([r['in_flight'] for r in runs]):.1f} | "
             f"{', '.join('%.1f' % r['seconds'] for r in runs)} | "
             f"{stored} / {photos} (expected {args.ideas * args.runs}) |", "",
             "The outbox sends one request at a time, in order, so this is latency-bound: the "
             "time is about the count times one idea's round trip, of which the server's photo "
             "processing is most.", ""]
    report.save("sync", "\n".join(lines))


if __name__ == "__main__":
    main()
