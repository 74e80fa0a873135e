"""A new version is offered, not swapped in under the user's feet; old caches go."""
from __future__ import annotations

import shutil

import pytest
from playwright.sync_api import expect

CACHE_NAMES = "caches.keys().then(names => names.filter(n => n.startsWith('gnista-shell-')))"


@pytest.fixture
def pwa_copy(tmp_path):
    import pwa_shell
    folder = tmp_path / "pwa"
    shutil.copytree(pwa_shell.PWA, folder)
    return folder


@pytest.fixture
def app_config(app_config, pwa_copy):
    return {**app_config, "PWA_FOLDER": str(pwa_copy)}


def test_a_new_version_waits_for_the_user_to_reload(page, join, pwa_copy):
    join(page)
    before = page.evaluate(CACHE_NAMES)
    assert len(before) == 1

    for name in ("sw.js", "sw/shell.js"):  # what pwa_shell.py does for a new version
        path = pwa_copy / name
        path.write_text(path.read_text().replace("version ", "version next-").replace('VERSION = "', 'VERSION = "next-'))
    # Opening the app again makes the browser look for a new worker. (Calling
    # registration.update() from a test stalls about a minute under the debugger.)
    page.reload()
    banner = page.get_by_role("region", name="Ny version")
    expect(banner).to_contain_text("En ny version av Gnista är klar.", timeout=15_000)
    # Still the old version until the user chooses.
    assert page.evaluate(CACHE_NAMES + ".then(n => n.length)") == 2

    with page.expect_navigation():
        banner.get_by_role("button", name="Ladda om").click()
    page.wait_for_function("() => navigator.serviceWorker.controller !== null")
    expect(page.get_by_role("heading", level=1, name="Idéer")).to_be_visible()
    for _ in range(50):
        after = page.evaluate(CACHE_NAMES)
        if len(after) == 1:
            break
        page.wait_for_timeout(100)
    assert after != before and after[0].startswith("gnista-shell-next-")
