"""Debian's Chromium as the browser tests start it.

Most tests drive Chromium's headless shell (Debian's chromium-headless-shell: the same Blink, V8 and
network stack as the browser, without the desktop browser's shell around them), which takes about a
third less processor time per page than the full browser in headless mode. The few behaviours only
the full browser has, such as the back/forward cache, are tested in CHROMIUM itself.
"""

from __future__ import annotations

CHROMIUM = "/usr/bin/chromium"
HEADLESS_SHELL = "/usr/lib/chromium/chromium-headless-shell"
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--disable-dev-shm-usage",
]
