"""The app shell: its size budget, its generated version list, its catalogues, no inline code."""
from __future__ import annotations

import json
import re

import pwa_shell

BUDGET = 60 * 1024


def test_the_app_shell_fits_in_60_kb_gzip():
    size = pwa_shell.gzip_size()
    assert size <= BUDGET, f"app shell is {size} bytes gzip, budget {BUDGET}"


def test_the_service_workers_shell_list_is_current():
    current = pwa_shell.GENERATED.read_text()
    assert current == pwa_shell.render(), "run: python tests/e2e/pwa_shell.py"
    assert pwa_shell.WORKER.read_text() == pwa_shell.stamped_worker(), "run: python tests/e2e/pwa_shell.py"
    assert pwa_shell.INDEX.read_text() == pwa_shell.preloaded_index(), "run: python tests/e2e/pwa_shell.py"
    assert pwa_shell.ROUTER.read_text() == pwa_shell.mapped_router(), "run: python tests/e2e/pwa_shell.py"
    assert pwa_shell.SIMILAR.read_text() == pwa_shell.similar_rules(), "run: python tests/e2e/pwa_shell.py"


def test_moving_a_file_out_of_the_precache_changes_the_version(monkeypatch):
    before = pwa_shell.version()
    monkeypatch.setattr(pwa_shell, "LAZY", pwa_shell.LAZY | {"js/screens/settings.js"})
    assert pwa_shell.version() != before


def test_every_catalogue_has_the_same_keys_as_swedish():
    folder = pwa_shell.PWA / "i18n"
    swedish = json.loads((folder / "sv.json").read_text())
    for path in folder.glob("*.json"):
        catalogue = json.loads(path.read_text())
        assert set(catalogue) == set(swedish), path.name
        assert catalogue["_dir"] in ("ltr", "rtl")


def test_every_part_catalogue_has_the_same_keys_as_its_swedish_one():
    for part in (pwa_shell.PWA / "i18n").iterdir():
        if part.is_dir():
            swedish = json.loads((part / "sv.json").read_text())
            for path in part.glob("*.json"):
                assert set(json.loads(path.read_text())) == set(swedish), f"{part.name}/{path.name}"


def test_every_string_the_code_asks_for_is_in_the_catalogue():
    swedish = {}
    for path in (pwa_shell.PWA / "i18n").rglob("sv.json"):  # the catalogue and its parts
        swedish.update(json.loads(path.read_text()))
    source = "\n".join(p.read_text() for p in (pwa_shell.PWA / "js").rglob("*.js"))
    keys = set(re.findall(r"\bt\('([a-z_.]+)'", source))
    plural = set(re.findall(r"\btn\('([a-z_.]+)'", source))
    assert keys - set(swedish) == set()
    assert {k for k in plural if f"{k}.other" not in swedish} == set()


def test_no_inline_scripts_or_styles_for_a_strict_csp():
    html = (pwa_shell.PWA / "index.html").read_text()
    assert not re.search(r"<script(?![^>]*\bsrc=)[^>]*>", html)
    assert "<style" not in html and "style=" not in html
    assert not re.search(r"\son[a-z]+=", html)
    for path in (pwa_shell.PWA / "js").rglob("*.js"):
        assert "'style'" not in path.read_text(), f"{path.name} sets a style attribute"


def test_only_the_outbox_builds_writes():
    """Screens call outbox/writes.js; none queues a record of its own.

    The submitter's edits and following (outbox/idea-edits.js) are writes of the
    outbox too, kept apart only so that they load outside the app shell.
    """
    queueing = {p.relative_to(pwa_shell.PWA).as_posix() for p in (pwa_shell.PWA / "js").rglob("*.js")
                if re.search(r"\benqueue\(", p.read_text())}
    assert queueing == {"js/outbox/writes.js", "js/outbox/queue.js", "js/outbox/idea-edits.js"}


def test_the_manifest_makes_the_app_installable():
    from PIL import Image

    manifest = json.loads((pwa_shell.PWA / "manifest.webmanifest").read_text())
    assert manifest["display"] == "standalone"
    assert manifest["start_url"] == "/" and manifest["name"] and manifest["short_name"]
    assert manifest["theme_color"] and manifest["background_color"]
    purposes = set()
    for icon in manifest["icons"]:
        path = pwa_shell.PWA / icon["src"].lstrip("/")
        assert path.is_file(), icon["src"]
        purposes.add(icon.get("purpose", "any"))
        if icon["type"] == "image/png":
            with Image.open(path) as image:
                width, height = image.size
            assert icon["sizes"] == f"{width}x{height}"
    assert {"any", "maskable"} <= purposes
    assert any(i["sizes"] == "512x512" for i in manifest["icons"])
    html = (pwa_shell.PWA / "index.html").read_text()
    assert 'rel="apple-touch-icon"' in html and 'name="apple-mobile-web-app-capable"' in html


def test_the_apps_workflow_is_the_servers():
    from server.ideas import workflow

    source = (pwa_shell.PWA / "js" / "status.js").read_text()
    statuses = json.loads(re.search(r"STATUSES = (\[.*?\]);", source, re.S).group(1))
    transitions = json.loads(re.search(r"TRANSITIONS = (\{.*?\});", source, re.S).group(1))
    assert statuses == list(workflow.STATUSES)
    assert {k: set(v) for k, v in transitions.items()} == {
        k: set(v) for k, v in workflow.TRANSITIONS.items()}
    notes = json.loads(re.search(r"NOTE_REQUIRED = (\[.*?\]);", source, re.S).group(1))
    assert notes == [s for s in workflow.STATUSES if workflow.needs_note(s)]
