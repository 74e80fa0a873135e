"""Run the benchmarks: `python -m benchmarks [NAME ...] [-- options]`; all by default; `report` assembles RESULTS.md."""
from __future__ import annotations

import importlib
import shlex
import sys

from . import machine

BENCHMARKS = {
    "server": "benchmarks.server_bench",
    "stats": "benchmarks.stats_bench",
    "photos": "benchmarks.photo_bench",
    "scale": "benchmarks.scale.bench",
    "web": "benchmarks.web_bench",
    "shell": "benchmarks.shell_size",
    "sync": "benchmarks.sync_bench",
    "locks": "benchmarks.locks_bench",
    "similar": "benchmarks.similar_bench",
}


def command(name: str, options: list[str]) -> str:
    """Return the command that runs one benchmark with these options, as its section gives it."""
    return shlex.join(["python", "-m", "benchmarks", name, *(["--", *options] if options else [])])


def run(name: str, options: list[str]) -> None:
    """Run one benchmark by name with its own command-line options."""
    machine.begin(command(name, options))
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
    unknown = [n for n in names if n not in BENCHMARKS]
    if unknown:
        raise SystemExit(f"unknown benchmark {unknown}; choose from {', '.join(BENCHMARKS)}")
    for name in names or BENCHMARKS:
        print(f"== {name}", flush=True)
        run(name, options)


if __name__ == "__main__":
    main(sys.argv[1:])
