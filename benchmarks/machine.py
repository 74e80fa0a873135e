"""Describe the machine a benchmark ran on."""
from __future__ import annotations

import os
import platform
import subprocess


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
    """Return one line naming cores, memory, OS, Python and PostgreSQL."""
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
    return ", ".join(parts) + f" (load average {load_average():.1f} as it started)"


def load_average() -> float:
    """Return the one-minute load average: other jobs on the machine skew timings."""
    return os.getloadavg()[0]
