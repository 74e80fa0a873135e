"""benchmarks/RESULTS.md holds only what the benchmarks wrote, each with its command and load."""
from __future__ import annotations

import re

from benchmarks import machine, report


def test_results_md_is_assembled_from_the_saved_sections():
    assert report.RESULTS_MD.read_text() == report.assemble(), (
        "benchmarks/RESULTS.md is stale or hand-edited: run `make bench-report`")


def test_the_hand_written_introduction_holds_no_figures():
    # Prose may explain; every figure comes from a benchmark's saved section.
    digits = re.findall(r".{0,30}\d.{0,30}", report.INTRO_MD.read_text())
    assert not digits, f"benchmarks/INTRO.md holds figures: {digits}"


def test_results_md_is_the_introduction_and_the_sections_only():
    text = report.RESULTS_MD.read_text()
    parts = text.split("\n\n<!-- from benchmarks/results/")
    assert parts[0].rstrip() == report.INTRO_MD.read_text().rstrip()
    for part in parts[1:]:
        name, _, body = part.partition(" -->\n")
        assert body.rstrip().startswith((report.RESULTS / name).read_text().rstrip()), name
    listed = {p.split(" -->", 1)[0] for p in parts[1:]}
    assert listed == {p.name for p in report.RESULTS.glob("*.md")}


def test_every_saved_section_has_its_heading_command_and_load():
    lacking = {path.name: report.problems(path.read_text())
               for path in sorted(report.RESULTS.glob("*.md"))}
    lacking = {name: what for name, what in lacking.items() if what}
    assert not lacking, f"sections to measure again (a benchmark's run adds them): {lacking}"
    assert "Needs a re-run" not in report.RESULTS_MD.read_text()


def test_a_section_without_command_or_load_is_marked(tmp_path, monkeypatch):
    monkeypatch.setattr(report, "RESULTS", tmp_path)
    (tmp_path / "locks.md").write_text("## Locks\n\nMeasured with load average 1.0. "
                                       "Reproduce: `make bench-locks`.\n")
    (tmp_path / "photos.md").write_text("## Photos\n\nNo load given.\n")
    (tmp_path / "extra.md").write_text("| a |\n|---|\n| 1 |\n")
    text = report.assemble()
    assert text.index("## Photos") < text.index("## Locks")
    assert "<!-- from benchmarks/results/locks.md -->" in text
    assert text.count("Needs a re-run") == 2
    assert "without its command, load average" in text
    assert "without its heading, command, load average" in text
    assert "- stats: `make bench-stats`" in text
    assert report.problems((tmp_path / "locks.md").read_text()) == []


def test_timings_taken_with_more_load_than_cores_are_marked(tmp_path, monkeypatch):
    monkeypatch.setattr(report, "RESULTS", tmp_path)
    run = "Run: `python -m benchmarks {name}`, 2026-12-03 14:00–14:05 UTC, load average {load}."
    (tmp_path / "quiet.md").write_text("## Quiet\n\n| p50 ms |\n|---:|\n| 3 |\n\n"
                                       + run.format(name="quiet", load="0.4 before, 1.1 after")
                                       + " (one-minute averages, 2 cores)\n")
    (tmp_path / "busy.md").write_text("## Busy\n\n| p50 ms |\n|---:|\n| 3 |\n\n"
                                      + run.format(name="busy", load="1.5 before, 9.5 after")
                                      + " (one-minute averages, 2 cores)\n")
    (tmp_path / "sizes.md").write_text("## Sizes\n\n| bytes |\n|---:|\n| 3 |\n\n"
                                       + run.format(name="sizes", load="7.0 before, 8.0 after")
                                       + " (one-minute averages, 2 cores)\n")
    text = report.assemble()
    assert text.count("Measured on a busy machine") == 1
    assert text.index("## Busy") < text.index("load average reached 9.5 on 2 cores") < text.index("## Quiet")


def test_save_ends_the_section_with_command_time_and_load_before_and_after(tmp_path, monkeypatch):
    monkeypatch.setattr(report, "RESULTS", tmp_path)
    monkeypatch.setattr(machine, "_RUN", {})
    machine.begin("python -m benchmarks demo -- --runs 3")
    path = report.save("demo", "## Demo\n\n| a |\n|---|\n| 1 |")
    last = path.read_text().rstrip().splitlines()[-1]
    assert last.startswith("Run: `python -m benchmarks demo -- --runs 3`, ")
    assert re.search(r"load average \d+\.\d before, \d+\.\d after", last)
    assert report.problems(path.read_text()) == []


def test_save_without_a_recorded_start_says_the_load_was_taken_when_saved(tmp_path, monkeypatch):
    monkeypatch.setattr(report, "RESULTS", tmp_path)
    monkeypatch.setattr(machine, "_RUN", {})
    path = report.save("demo", "## Demo\n\n| a |\n|---|\n| 1 |", command="make bench-demo")
    saved = path.read_text()
    assert "Run: `make bench-demo`" in saved and "when saved (not known before)" in saved
