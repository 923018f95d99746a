"""Debian's Chromium for the browser tests, started so that it never reaches for a network.

Playwright drives the machine's own Chromium (it never downloads a browser). Chromium's background
traffic (update and field-trial checks, sync, lookups of Google's hosts) has no place in a test and, on a
closed network, can stall its start; a container's small /dev/shm can stall its pages. Both are off.
"""

from __future__ import annotations

import shutil

CHROMIUM = shutil.which("chromium")
NOT_INSTALLED = "Chromium is not installed: apt-get install chromium"
ARGUMENTS = [
    "--no-sandbox",  # CI containers run as root
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--disable-dev-shm-usage",
]


def launch(playwright):
    """Headless Chromium, from ``sync_playwright()``'s ``playwright``; a minute at most to start."""
    return playwright.chromium.launch(executable_path=CHROMIUM, args=ARGUMENTS, timeout=60_000)
