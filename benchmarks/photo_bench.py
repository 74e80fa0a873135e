"""Time the phone's downscale of a 12 MP photo in Chromium and the server's sanitising of it.

    python -m benchmarks photos [--runs 5]
"""
from __future__ import annotations

import argparse
import time

from . import machine, report
from .browser import launch
from .sample_photo import megapixels, photo_jpeg
from .static_server import serve
from .timing import median

DOWNSCALE = """async () => {
  const { downscale } = await import('/js/photos.js');
  const blob = await (await fetch('/photo.jpg')).blob();
  const began = performance.now();
  const out = await downscale(blob);
  return { ms: performance.now() - began, bytes: out.data.byteLength,
           width: out.width, height: out.height };
}"""


def client_side(photo: bytes, runs: int, slowdown: int) -> dict:
    """Run the web app's downscale module in headless Chromium; return timings and sizes."""
    from playwright.sync_api import sync_playwright

    with serve({"/photo.jpg": (photo, "image/jpeg")}) as port, sync_playwright() as p:
        browser = launch(p)
        try:
            page = browser.new_page()
            page.goto(f"http://localhost:{port}/bench.html")
            if slowdown > 1:
                cdp = page.context.new_cdp_session(page)
                cdp.send("Emulation.setCPUThrottlingRate", {"rate": slowdown})
            results = [page.evaluate(DOWNSCALE) for _ in range(runs + 1)]
        finally:
            browser.close()
    first, rest = results[0], results[1:]
    return {"first_ms": first["ms"], "ms": median([r["ms"] for r in rest]),
            "bytes": rest[-1]["bytes"], "size": f"{rest[-1]['width']}×{rest[-1]['height']}"}


def server_side(photo: bytes, runs: int) -> float:
    """Return the median seconds of server.photos.sanitiser.sanitise on the photo."""
    from server.photos.sanitiser import sanitise

    sanitise(photo, max_bytes=15 * 1024 * 1024, max_pixels=40_000_000)
    times = []
    for _ in range(runs):
        began = time.perf_counter()
        sanitise(photo, max_bytes=15 * 1024 * 1024, max_pixels=40_000_000)
        times.append(time.perf_counter() - began)
    return median(times)


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(prog="python -m benchmarks photos", description=__doc__)
    parser.add_argument("--runs", type=int, default=5)
    args = parser.parse_args(argv)
    big = photo_jpeg(4000, 3000, quality=92)
    small = photo_jpeg(1600, 1200, quality=80)
    # The server's timings first, with no browser running beside them.
    server_big = server_side(big, args.runs)
    server_small = server_side(small, args.runs)
    fast = client_side(big, args.runs, 1)
    slow = client_side(big, args.runs, 4)
    lines = [
        "## Photos: downscaled on the phone, sanitised on the server", "",
        f"Measured on {machine.describe()}; headless "
        f"Chromium (/usr/bin/chromium), medians of {args.runs} runs after one warm-up. The "
        f"input is a generated {megapixels(big):.0f} MP photo-like JPEG (4000×3000, "
        f"{len(big) / 1e6:.2f} MB).", "",
        "| step | in | out | median ms | first run ms |", "|---|---:|---:|---:|---:|",
        f"| phone: `downscale()` from pwa/js/photos.js (worker, OffscreenCanvas) | "
        f"{len(big) / 1e6:.2f} MB | {fast['bytes'] / 1e3:.0f} kB, {fast['size']} | "
        f"{fast['ms']:.0f} | {fast['first_ms']:.0f} |",
        f"| same, CPU slowed 4× (Lighthouse's phone) | {len(big) / 1e6:.2f} MB | "
        f"{slow['bytes'] / 1e3:.0f} kB | {slow['ms']:.0f} | {slow['first_ms']:.0f} |",
        f"| server: `sanitise()` of the 12 MP original | {len(big) / 1e6:.2f} MB | full + thumbnail | "
        f"{server_big * 1000:.0f} | |",
        f"| server: `sanitise()` of a 1600 px upload (what the app sends) | {len(small) / 1e3:.0f} kB | "
        f"full + thumbnail | {server_small * 1000:.0f} | |", "",
        "Chromium's 4× throttling slows the page's main thread; the downscale runs in a worker, "
        "so that row shows how much of the throttling reaches it rather than a real phone's time.",
        ""]
    report.save("photos", "\n".join(lines))


if __name__ == "__main__":
    main()
