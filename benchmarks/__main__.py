"""Run the benchmarks: `python -m benchmarks [NAME ...] [-- options]`; all by default; `report` assembles RESULTS.md."""
from __future__ import annotations

import importlib
import subprocess
import sys
from pathlib import Path

BENCHMARKS = {
    "server": "benchmarks.server_bench",
    "photos": "benchmarks.photo_bench",
    "scale": "benchmarks.scale.bench",
    "web": "benchmarks.web_bench",
    "sync": "benchmarks.sync_bench",
    "locks": "benchmarks.locks_bench",
}
SCRIPTS = {"stats": Path(__file__).with_name("stats_bench.py")}


def run(name: str, options: list[str]) -> None:
    """Run one benchmark by name with its own command-line options."""
    if name in SCRIPTS:
        subprocess.run([sys.executable, str(SCRIPTS[name]), *options], check=True)
        return
    importlib.import_module(BENCHMARKS[name]).main(options)


def main(argv: list[str]) -> None:
    if argv[:1] == ["report"]:
        from .report import write_results
        write_results()
        return
    names, options = argv, []
    if "--" in argv:
        split = argv.index("--")
        names, options = argv[:split], argv[split + 1:]
    unknown = [n for n in names if n not in BENCHMARKS and n not in SCRIPTS]
    if unknown:
        raise SystemExit(f"unknown benchmark {unknown}; choose from "
                         f"{', '.join([*BENCHMARKS, *SCRIPTS])}")
    for name in names or [*BENCHMARKS, *SCRIPTS]:
        print(f"== {name}", flush=True)
        run(name, options)


if __name__ == "__main__":
    main(sys.argv[1:])
