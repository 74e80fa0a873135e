"""Benchmark sections in benchmarks/results/, and RESULTS.md assembled from them.

Each benchmark saves its own section (``save``) with the command that reproduces it and
the machine's load average. RESULTS.md is only ever written by ``write_results``
(`python -m benchmarks report`, `make bench-report`): prose that explains, then every
section file as saved, so no figure in it comes from anywhere but a script.
"""
from __future__ import annotations

import re
from pathlib import Path

from . import machine

HERE = Path(__file__).resolve().parent
RESULTS = HERE / "results"
RESULTS_MD = HERE / "RESULTS.md"
# Sections in this order first; any other section file follows, sorted by name.
ORDER = ("stats", "server", "scale-1", "scale-1-again", "web", "photos", "sync")
# Benchmarks whose section is missing are listed with the command that makes it.
COMMANDS = {"stats": "make bench-stats", "server": "make bench-server",
            "scale-1": "make bench-scale SCALE=1", "web": "make bench-web",
            "photos": "make bench-photos", "sync": "make bench-sync"}
REPRODUCE = re.compile(r"Reproduce: `([^`]+)`")
LOAD = re.compile(r"load average", re.IGNORECASE)

INTRO = """# Benchmark results

This file is generated: `make bench-report` (`python -m benchmarks report`) assembles it
from the sections the benchmarks save in `benchmarks/results/`, and a test checks it is
current. Do not edit it by hand; re-run a benchmark, then the report.

Each section says when and on what machine it was measured, the load average (other
work on the machine slows every timing), and the command that reproduces it. Sections
measured on different days or under different load are not directly comparable. A
section marked as needing a re-run lacks its load average or command and should be
measured again before its figures are relied on.

`make bench` runs every benchmark; `make bench-NAME` runs one.
"""


def save(name: str, markdown: str, *, command: str | None = None) -> Path:
    """Print the section and keep it in benchmarks/results/NAME.md, with load and command."""
    RESULTS.mkdir(exist_ok=True)
    text = markdown.rstrip()
    notes = []
    if not LOAD.search(text):
        notes.append(f"load average {machine.load_average():.1f} when saved")
    if command and not REPRODUCE.search(text):
        notes.append(f"Reproduce: `{command}`")
    if notes:
        text += "\n\n" + "; ".join(notes) + "."
    path = RESULTS / f"{name}.md"
    path.write_text(text + "\n")
    print(text)
    print(f"(saved to {path})")
    return path


def _sections() -> list[Path]:
    files = {p.stem: p for p in RESULTS.glob("*.md")}
    known = [files.pop(name) for name in ORDER if name in files]
    return known + [files[name] for name in sorted(files)]


def _needs_rerun(text: str) -> str:
    missing = [what for what, found in (("load average", LOAD.search(text)),
                                        ("command", REPRODUCE.search(text))) if not found]
    if not missing:
        return ""
    return (f"\n> **Needs a re-run:** this section was saved without its {' and '.join(missing)}.\n")


def assemble() -> str:
    """Return RESULTS.md as the saved sections make it."""
    parts = [INTRO.rstrip()]
    for path in _sections():
        text = path.read_text().rstrip()
        parts.append(f"<!-- from benchmarks/results/{path.name} -->\n{text}\n{_needs_rerun(text)}".rstrip())
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
