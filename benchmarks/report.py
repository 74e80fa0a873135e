"""Write a benchmark's Markdown section next to RESULTS.md."""
from __future__ import annotations

from pathlib import Path

RESULTS = Path(__file__).resolve().parent / "results"


def save(name: str, markdown: str) -> Path:
    """Print the section and keep it in benchmarks/results/NAME.md."""
    RESULTS.mkdir(exist_ok=True)
    path = RESULTS / f"{name}.md"
    path.write_text(markdown.rstrip() + "\n")
    print(markdown)
    print(f"(saved to {path})")
    return path
