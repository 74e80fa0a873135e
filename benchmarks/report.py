"""Benchmark sections in benchmarks/results/, and RESULTS.md assembled from them.

Each benchmark saves its own section (``save``), ending with the line ``machine.run_line``
makes: the exact command, when it ran and the load average before and after. RESULTS.md is
only ever written by ``write_results`` (`python -m benchmarks report`, `make bench-report`):
the hand-written prose of benchmarks/INTRO.md, which holds no figures, then every section
file as saved, so no figure in it comes from anywhere but a script.
"""
from __future__ import annotations

import re
from pathlib import Path

from . import machine

HERE = Path(__file__).resolve().parent
RESULTS = HERE / "results"
RESULTS_MD = HERE / "RESULTS.md"
INTRO_MD = HERE / "INTRO.md"
# Sections in this order first; any other section file follows, sorted by name.
ORDER = ("stats", "server", "scale-1", "scale-0.1", "web", "shell", "photos", "sync", "locks", "similar")
# Benchmarks whose section is missing are listed with the command that makes it.
COMMANDS = {"stats": "make bench-stats", "server": "make bench-server",
            "scale-1": "make bench-scale SCALE=1", "web": "make bench-web",
            "shell": "make bench-shell", "photos": "make bench-photos",
            "sync": "make bench-sync", "locks": "make bench-locks",
            "similar": "make bench-similar"}
# The command that reproduces a section: `Run: ...` as save() writes it, or an older
# section's `Reproduce: ...`.
REPRODUCE = re.compile(r"(?:Reproduce|Run): `([^`]+)`")
LOAD = re.compile(r"load average \d+(\.\d+)?", re.IGNORECASE)


def save(name: str, markdown: str, *, command: str | None = None) -> Path:
    """Print the section and keep it in benchmarks/results/NAME.md, ending with its run line.

    The run line names the exact command (as `python -m benchmarks` ran it, else
    ``command``), the time and the load average before and after the run.
    """
    RESULTS.mkdir(exist_ok=True)
    text = markdown.rstrip() + "\n\n" + machine.run_line(command)
    path = RESULTS / f"{name}.md"
    path.write_text(text + "\n")
    print(text)
    print(f"(saved to {path})")
    return path


def problems(text: str) -> list[str]:
    """Return what a section lacks: a heading, its command, its load average."""
    return [what for what, found in (("heading", text.startswith("## ")),
                                     ("command", REPRODUCE.search(text)),
                                     ("load average", LOAD.search(text))) if not found]


def _sections() -> list[Path]:
    files = {p.stem: p for p in RESULTS.glob("*.md")}
    known = [files.pop(name) for name in ORDER if name in files]
    return known + [files[name] for name in sorted(files)]


LOADS = re.compile(r"load average (\d+(?:\.\d+)?)(?: before, (\d+(?:\.\d+)?) after)?")
CORES = re.compile(r"(\d+) cores")
TIMED = re.compile(r"\bms\b| s\b|req/s")  # a section of timings, not of sizes


def _busy(text: str) -> str:
    """Say so when the section's timings were taken with more work than cores on the machine."""
    cores = CORES.search(text)
    loads = [float(value) for match in LOADS.finditer(text) for value in match.groups() if value]
    if not (cores and loads and TIMED.search(text)) or max(loads) <= int(cores.group(1)):
        return ""
    return (f"\n> **Measured on a busy machine:** the load average reached {max(loads):.1f} on "
            f"{cores.group(1)} cores, so other work slowed these timings; compare them within "
            "this section, or measure again on a quieter machine.\n")


def _needs_rerun(text: str) -> str:
    missing = problems(text)
    if not missing:
        return ""
    return (f"\n> **Needs a re-run:** this section was saved without its {', '.join(missing)}.\n")


def assemble() -> str:
    """Return RESULTS.md as the saved sections make it."""
    parts = [INTRO_MD.read_text().rstrip()]
    for path in _sections():
        text = path.read_text().rstrip()
        notes = _busy(text) + _needs_rerun(text)
        parts.append(f"<!-- from benchmarks/results/{path.name} -->\n{text}\n{notes}".rstrip())
    saved = {p.stem for p in RESULTS.glob("*.md")}
    missing = [f"- {name}: `{command}`" for name, command in COMMANDS.items() if name not in saved]
    if missing:
        parts.append("## Not measured in this round\n\nThese benchmarks have no saved section; "
                     "run them to add one:\n\n" + "\n".join(missing))
    return "\n\n".join(parts) + "\n"


def write_results() -> Path:
    """Write RESULTS.md from the saved sections."""
    RESULTS_MD.write_text(assemble())
    print(f"(wrote {RESULTS_MD})")
    return RESULTS_MD
