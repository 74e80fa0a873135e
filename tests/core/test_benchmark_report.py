"""benchmarks/RESULTS.md is exactly what the assembler makes of benchmarks/results/."""
from __future__ import annotations

from benchmarks import report


def test_results_md_is_assembled_from_the_saved_sections():
    assert report.RESULTS_MD.read_text() == report.assemble(), (
        "benchmarks/RESULTS.md is stale or hand-edited: run `make bench-report`")


def test_every_section_file_is_included_with_its_source(tmp_path, monkeypatch):
    monkeypatch.setattr(report, "RESULTS", tmp_path)
    (tmp_path / "locks.md").write_text("## Locks\n\nMeasured with load average 1.0. "
                                       "Reproduce: `make bench-locks`.\n")
    (tmp_path / "photos.md").write_text("## Photos\n\nNo load given.\n")
    text = report.assemble()
    assert text.index("## Photos") < text.index("## Locks")
    assert "<!-- from benchmarks/results/locks.md -->" in text
    assert text.count("Needs a re-run") == 1
    assert "- stats: `make bench-stats`" in text


def test_save_adds_the_load_average_and_command(tmp_path, monkeypatch):
    monkeypatch.setattr(report, "RESULTS", tmp_path)
    path = report.save("demo", "## Demo\n\n| a |\n|---|\n| 1 |", command="make bench-demo")
    saved = path.read_text()
    assert "load average" in saved and "Reproduce: `make bench-demo`" in saved
