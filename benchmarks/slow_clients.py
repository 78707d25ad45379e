"""Ordinary visitors while slow clients hold connections open: sync workers (before) and the config's.

Usage: .venv/bin/python benchmarks/slow_clients.py [--slow 12 1000] [--requests 100] [--rate 20]

Both servers run gunicorn.conf.py on loopback, one after the other in the same run; the old one with
`--worker-class sync` (everything else as configured). For each count of slow connections (each sends
half a request, then one header line a second, and is opened again when the server closes it), a
visitor asks for a page RATE times a second, each on a new connection, with a 5 s limit. Prints
requests answered of sent, p50 and p99 latency of the answered ones, failed (no answer within 5 s or
an error status), and how many slow connections the server cut off. The aim: p99 under 1 s, 0 failed.
"""

from __future__ import annotations

import argparse
import sys
import time
import urllib.error
import urllib.request
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass

from serving import ROOT, gunicorn

sys.path.insert(0, str(ROOT / "tests"))
from servers import SlowClients  # noqa: E402  (the tests' slow-client holder: one owner)

LIMIT = 5.0  # seconds a visitor waits before the request counts as failed
SETTLE = 2.0  # seconds the slow connections have to take their places before the visitors come
PAGES = ("/da/", "/ar/", "/en/services/danner", "/uk/safety", "/static/site.css")
AIM_P99_MS = 1000.0
SERVERS = {"sync workers (before)": ("--worker-class", "sync"), "gunicorn.conf.py (now)": ()}


@dataclass(frozen=True)
class Result:
    """What the visitors saw during one run."""

    sent: int
    latencies_ms: list[float]
    cut: int

    @property
    def answered(self) -> int:
        """Requests answered with a 2xx or 3xx within the limit."""
        return len(self.latencies_ms)

    def percentile(self, share: float) -> float:
        """Latency at `share` (0..1) of the answered requests; infinity when none was answered."""
        ordered = sorted(self.latencies_ms)
        if not ordered:
            return float("inf")
        return ordered[min(len(ordered) - 1, int(share * len(ordered)))]


def visit(url: str) -> float | None:
    """Milliseconds to the last byte of `url`, or None when it failed or took over LIMIT."""
    started = time.perf_counter()
    try:
        with urllib.request.urlopen(url, timeout=LIMIT) as response:
            response.read()
    except (OSError, urllib.error.HTTPError):
        return None
    elapsed = time.perf_counter() - started
    return elapsed * 1000 if elapsed <= LIMIT else None


def measure(base: str, port: int, slow: int, requests: int, rate: float) -> Result:
    """Hold `slow` slow connections open while `requests` visits arrive at `rate` a second."""
    clients = SlowClients(port, slow).start()
    try:
        time.sleep(SETTLE)
        # Open loop: a visit starts on time whether or not the ones before were answered.
        with ThreadPoolExecutor(max_workers=int(rate * LIMIT) + 8) as pool:
            started = time.monotonic()
            futures = []
            for number in range(requests):
                time.sleep(max(0.0, started + number / rate - time.monotonic()))
                futures.append(pool.submit(visit, base + PAGES[number % len(PAGES)]))
            latencies = [ms for f in futures if (ms := f.result()) is not None]
    finally:
        clients.stop()
    return Result(sent=requests, latencies_ms=latencies, cut=clients.cut)


def main() -> None:
    """Measure both servers and print the figures side by side."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--slow", type=int, nargs="+", default=[12, 1000])
    parser.add_argument("--requests", type=int, default=100)
    parser.add_argument("--rate", type=float, default=20.0)
    opts = parser.parse_args()
    results: dict[tuple[str, int], Result] = {}
    for name, args in SERVERS.items():
        with gunicorn("wsgi:app", args=args) as (base, _):
            port = int(base.rsplit(":", 1)[1])
            for page in PAGES:  # warm up: templates compiled, pages cached
                visit(base + page)
            for slow in opts.slow:
                results[name, slow] = measure(base, port, slow, opts.requests, opts.rate)
                time.sleep(SETTLE)  # let the server let go of the last slow connections
    print(
        f"{opts.requests} visits at {opts.rate:.0f}/s, each on a new connection, {LIMIT:.0f} s limit; "
        "slow connections send one header line a second"
    )
    print(f"{'server':24} {'slow':>5} {'answered':>9} {'p50 ms':>8} {'p99 ms':>8} {'failed':>7} {'cut':>6}")
    for (name, slow), r in results.items():
        print(
            f"{name:24} {slow:5} {r.answered:4}/{r.sent:<4} {r.percentile(0.5):8.1f} "
            f"{r.percentile(0.99):8.1f} {r.sent - r.answered:7} {r.cut:6}"
        )
    now = [r for (name, _), r in results.items() if name.endswith("(now)")]
    held = all(r.answered == r.sent and r.percentile(0.99) < AIM_P99_MS for r in now)
    verdict = "met" if held else "NOT met"
    print(f"aim (now): p99 under {AIM_P99_MS:.0f} ms and 0 failed at every count: {verdict}")


if __name__ == "__main__":
    from record import recorded

    with recorded("Slow clients"):
        main()
