"""Describe the machine a benchmark ran on."""
from __future__ import annotations

import os
import platform
import subprocess
from datetime import datetime, timezone

# The benchmark now running: its exact command, when it began and the load then
# (set by `python -m benchmarks` before each benchmark, read by report.save).
_RUN: dict = {}


def _memory_gib() -> float:
    with open("/proc/meminfo") as handle:
        for line in handle:
            if line.startswith("MemTotal:"):
                return int(line.split()[1]) / 1024 / 1024
    return float("nan")


def _postgres_version(url: str | None) -> str:
    if not url:
        return ""
    try:
        out = subprocess.run(["psql", url, "-Atc", "SHOW server_version"], capture_output=True,
                             text=True, timeout=10)
        return out.stdout.strip().split()[0] if out.returncode == 0 else ""
    except (OSError, subprocess.SubprocessError, IndexError):
        return ""


def describe(postgres_url: str | None = None) -> str:
    """Return one line naming cores, memory, OS, Python and PostgreSQL.

    The load is not part of it: report.save records it before and after the run.
    """
    os_name = platform.platform()
    try:
        with open("/etc/os-release") as handle:
            fields = dict(line.rstrip().split("=", 1) for line in handle if "=" in line)
        os_name = fields.get("PRETTY_NAME", os_name).strip('"')
    except OSError:
        pass
    parts = [f"{os.cpu_count()} cores", f"{_memory_gib():.0f} GiB", os_name,
             f"Python {platform.python_version()}"]
    version = _postgres_version(postgres_url)
    if version:
        parts.append(f"PostgreSQL {version}")
    return ", ".join(parts)


def load_average() -> float:
    """Return the one-minute load average: other jobs on the machine skew timings."""
    return os.getloadavg()[0]


def begin(command: str) -> None:
    """Note the command of the benchmark about to run, the time and the load before it."""
    _RUN.clear()
    _RUN.update(command=command, began=datetime.now(timezone.utc), load=load_average())


def run_line(command: str | None = None) -> str:
    """Return the line every saved section ends with: command, time, load before and after.

    Without begin() (a benchmark run on its own), the load is only known when saved.
    """
    ended = datetime.now(timezone.utc)
    command = _RUN.get("command") or command
    began = _RUN.get("began")
    if began:
        span = f"{began:%Y-%m-%d %H:%M}–{ended:%H:%M} UTC" if began.date() == ended.date() \
            else f"{began:%Y-%m-%d %H:%M} – {ended:%Y-%m-%d %H:%M} UTC"
        load = f"load average {_RUN['load']:.1f} before, {load_average():.1f} after"
    else:
        span = f"{ended:%Y-%m-%d %H:%M} UTC"
        load = f"load average {load_average():.1f} when saved (not known before)"
    said = f"Run: `{command}`, " if command else "Run "
    return f"{said}{span}, {load} (one-minute averages, {os.cpu_count()} cores)."
