"""Run Lighthouse 12 (mobile: slow 4G, 4× CPU slowdown) on the start page and the feed.

    python -m benchmarks web [--runs 5]
"""
from __future__ import annotations

import argparse
import json
import os
import shutil
import subprocess
import tempfile
from pathlib import Path

from . import databases, instance, machine, report
from .browser import CHROME
from .gunicorn_server import free_port, gunicorn
from .timing import median

LIGHTHOUSE = Path(__file__).resolve().parent / "lighthouse"
ATTEMPTS = 3
FLAGS = "--headless=new --no-sandbox --disable-gpu --disable-dev-shm-usage"


def ensure_lighthouse() -> Path:
    """Install Lighthouse into benchmarks/lighthouse when it is missing; return its CLI."""
    cli = LIGHTHOUSE / "node_modules" / ".bin" / "lighthouse"
    if not cli.exists():
        # ci, not install: the versions in package-lock.json, and the lock left as it is
        subprocess.run(["npm", "ci", "--no-audit", "--no-fund"], cwd=LIGHTHOUSE, check=True)
    return cli


def lighthouse(cli: Path, url: str, out: Path, cookie: str | None) -> dict:
    """Run one Lighthouse performance audit; return its figures."""
    command = [str(cli), url, "--output=json", f"--output-path={out}", "--quiet",
               "--only-categories=performance", f"--chrome-flags={FLAGS}"]
    if cookie:
        command.append("--extra-headers=" + json.dumps({"Cookie": cookie}))
    for attempt in range(1, ATTEMPTS + 1):
        run = subprocess.run(command, env={**os.environ, "CHROME_PATH": CHROME},
                             capture_output=True, text=True)
        if run.returncode == 0:
            break
        # Lighthouse asks for a new run when Chromium's trace lacks an event
        # it needs (NO_NAVSTART, NO_FCP); that run measured nothing.
        print(f"Lighthouse failed (attempt {attempt}): {run.stderr.strip()[-300:]}")
    else:
        raise SystemExit(f"Lighthouse failed {ATTEMPTS} times on {url}")
    data = json.loads(out.read_text())
    audits = data["audits"]
    return {"score": data["categories"]["performance"]["score"] * 100,
            "lcp": audits["largest-contentful-paint"]["numericValue"],
            "tbt": audits["total-blocking-time"]["numericValue"],
            "cls": audits["cumulative-layout-shift"]["numericValue"],
            "fcp": audits["first-contentful-paint"]["numericValue"],
            "bytes": audits["total-byte-weight"]["numericValue"],
            "chain": audits.get("critical-request-chains", {}).get("details", {})
                           .get("longestChain", {}),
            "lcp_element": _lcp_element(audits),
            "version": data.get("lighthouseVersion", "")}


def _lcp_element(audits: dict) -> str:
    """Return a short description of the element Lighthouse took as the largest paint."""
    details = audits.get("largest-contentful-paint-element", {}).get("details", {})
    for item in details.get("items", []):
        for row in item.get("items", [item]):
            node = row.get("node")
            if node:
                return node.get("selector") or node.get("nodeLabel", "")
    return ""


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(prog="python -m benchmarks web", description=__doc__)
    # Lighthouse's simulated timings of one page vary by ±150 ms from run to
    # run on a shared machine: five runs give a steadier median than three.
    parser.add_argument("--runs", type=int, default=5)
    args = parser.parse_args(argv)
    if not shutil.which("npm"):
        raise SystemExit("npm is missing: install Node.js (apt-get install -y npm)")
    cli = ensure_lighthouse()
    port = free_port()
    origin = f"http://localhost:{port}"
    pages: dict[str, list[dict]] = {"start page, signed out (`/`)": [],
                                    "feed, signed in (`/`)": []}
    with tempfile.TemporaryDirectory(prefix="gnista-web-") as tmp:
        folder = Path(tmp)
        env = instance.environment(folder / "instance", databases.sqlite_database(folder), origin)
        instance.upgrade(env)
        seed = instance.seed(env, users=20, ideas=200)
        with gunicorn("wsgi:app", env=env, cwd=instance.ROOT, log=folder / "gunicorn.log",
                      workers=2, threads=4, port=port):
            for run in range(args.runs):
                for index, (name, results) in enumerate(pages.items()):
                    cookie = seed.cookies[0] if index else None
                    results.append(lighthouse(cli, origin + "/", folder / f"lh-{run}-{index}.json",
                                              cookie))
                    print(f"{name} run {run + 1}: score {results[-1]['score']:.0f} "
                          f"LCP {results[-1]['lcp']:.0f} ms TBT {results[-1]['tbt']:.0f} ms")
    version = pages[next(iter(pages))][0]["version"]
    lines = ["## The web app on a phone (Lighthouse)", "",
             f"Measured on {machine.describe()}; Lighthouse "
             f"{version}, mobile defaults (simulated slow 4G, 4× CPU slowdown), headless Chromium "
             f"(/usr/bin/chromium); medians of {args.runs} runs; the app served by gunicorn on "
             "loopback with SQLite and 200 ideas. Aims: LCP < 1.8 s, TBT < 100 ms (the shell's "
             "size: see its own section, `python -m benchmarks shell`).", "",
             "| page | score | LCP ms | FCP ms | TBT ms | CLS | bytes loaded |",
             "|---|---:|---:|---:|---:|---:|---:|"]
    for name, results in pages.items():
        lines.append(f"| {name} | {median([r['score'] for r in results]):.0f} | "
                     f"{median([r['lcp'] for r in results]):.0f} | "
                     f"{median([r['fcp'] for r in results]):.0f} | "
                     f"{median([r['tbt'] for r in results]):.0f} | "
                     f"{median([r['cls'] for r in results]):.3f} | "
                     f"{median([r['bytes'] for r in results]) / 1024:.1f} KiB |")
    lines += ["", "| page | LCP of each run, ms | TBT of each run, ms |", "|---|---|---|"]
    for name, results in pages.items():
        lcps = ", ".join(f"{r['lcp']:.0f}" for r in results)
        tbts = ", ".join(f"{r['tbt']:.0f}" for r in results)
        lines.append(f"| {name} | {lcps} | {tbts} |")
    lines += ["", "| page | LCP element (last run) | longest request chain |", "|---|---|---|"]
    for name, results in pages.items():
        chain = results[-1]["chain"]
        lines.append(f"| {name} | `{results[-1]['lcp_element']}` | {chain.get('length', '?')} requests, "
                     f"{chain.get('duration', 0):.0f} ms |")
    lines.append("")
    report.save("web", "\n".join(lines))


if __name__ == "__main__":
    main()
