"""Measure the app shell as its budget test counts it: gzip -9 bytes of the Swedish shell.

    python -m benchmarks shell

One way of counting only: `gzip_size()` of tests/e2e/pwa_shell.py, which
tests/e2e/test_shell.py holds to its budget (every file of pwa/ that is not an image and
not loaded lazily, each gzipped on its own at level 9, plus the generated shell list; the
English catalogue is lazy, so this is what a Swedish phone's first start carries).
"""
from __future__ import annotations

import argparse
import importlib
import sys
from pathlib import Path

from . import report

E2E = Path(__file__).resolve().parent.parent / "tests" / "e2e"


def _budget_modules():
    """Return tests/e2e's pwa_shell and test_shell, imported as the budget test imports them."""
    if str(E2E) not in sys.path:
        sys.path.insert(0, str(E2E))
    return importlib.import_module("pwa_shell"), importlib.import_module("test_shell")


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(prog="python -m benchmarks shell", description=__doc__)
    parser.parse_args(argv)
    pwa_shell, test_shell = _budget_modules()
    shell, lazy = pwa_shell.gzip_size(), pwa_shell.gzip_size(lazy=True)
    budget = test_shell.BUDGET
    lines = [
        "## The app shell's size", "",
        "Counted by `gzip_size()` in `tests/e2e/pwa_shell.py`, the "
        "function the budget test (`tests/e2e/test_shell.py`) checks: each file of `pwa/` that "
        "is neither an image nor loaded lazily, gzipped on its own at level 9, summed. The "
        "English catalogue is loaded lazily, so this is the Swedish shell.", "",
        "| what | gzip bytes |", "|---|---:|",
        f"| the Swedish shell, as the budget test counts it | {shell:,} |",
        f"| its budget in the test | {budget:,} |",
        f"| left of the budget | {budget - shell:,} ({(budget - shell) / budget:.1%}) |",
        f"| files loaded lazily, on first use (counted the same way; not in the budget) | {lazy:,} |",
    ]
    report.save("shell", "\n".join(lines))


if __name__ == "__main__":
    main()
