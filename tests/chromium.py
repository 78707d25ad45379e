"""Debian's Chromium as the browser tests start it.

Most tests drive Chromium's headless shell (Debian's chromium-headless-shell: the same Blink, V8 and
network stack as the browser, without the desktop browser's shell around them), which took 11 to 33 %
less processor time per test module than the full browser in headless mode. The back/forward cache,
which only the full browser has, is tested in CHROMIUM itself. The shell also sends no
Accept-Language, fetches no favicon of its own accord, has no PDF viewer and names itself
HeadlessChrome: no test may rely on these in the shell.
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
