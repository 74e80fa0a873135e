"""Launch the system's Chromium with Playwright, never a downloaded browser."""
from __future__ import annotations

import os

CHROME = os.environ.get("CHROME_PATH", "/usr/bin/chromium")
ARGS = ["--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage",
        "--disable-background-networking", "--disable-component-update", "--disable-sync",
        "--no-first-run"]


def launch(playwright):
    return playwright.chromium.launch(executable_path=CHROME, args=ARGS)
