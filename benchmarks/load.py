"""Load: 64 concurrent connections on the production server, then the same while the index is rebuilt.

Usage: .venv/bin/python benchmarks/load.py [--seconds 30] [--connections 64]

Phase 1: wrk with the request mix (benchmarks/mix.lua) against gunicorn.conf.py on loopback.
Phase 2: the same while `flask search build` runs again and again on the server's index folder, so
every worker switches to new index generations under load. The aim: zero failed requests in both,
and p99 under 100 ms in phase 1 (on this 2-core machine). Exits 1 when a request failed.
"""

from __future__ import annotations

import argparse
import os
import subprocess
import sys
import threading
import time
from pathlib import Path

from serving import ROOT, gunicorn, wrk

P99_AIM_MS = 100.0
FLASK = Path(sys.executable).with_name("flask")


def rebuild_until(stop: threading.Event, index_dir: Path, outcomes: list[int]) -> None:
    """Run `flask search build` back to back on `index_dir` until `stop` is set; note each exit code."""
    env = {**os.environ, "FLASK_APP": "wsgi:app", "HELPSITE_INDEX_DIR": str(index_dir)}
    while not stop.is_set():
        done = subprocess.run(
            [str(FLASK), "search", "build"], cwd=ROOT, env=env, capture_output=True, timeout=300, check=False
        )
        outcomes.append(done.returncode)


def main() -> None:
    """Run both phases and print the figures."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--seconds", type=int, default=30)
    parser.add_argument("--connections", type=int, default=64)
    opts = parser.parse_args()
    with gunicorn("wsgi:app") as (base, index_dir):
        wrk(base, 8, 2)  # warm up each worker
        steady = wrk(base, opts.connections, opts.seconds)
        stop = threading.Event()
        builds: list[int] = []
        builder = threading.Thread(target=rebuild_until, args=(stop, index_dir, builds), daemon=True)
        builder.start()
        time.sleep(1)  # the first build is under way before the load starts
        try:
            rebuilding = wrk(base, opts.connections, opts.seconds)
        finally:
            stop.set()
            builder.join(timeout=300)
        generations = len([p for p in index_dir.iterdir() if p.is_dir()])

    print(f"wrk: {opts.connections} connections, {opts.seconds} s per phase, mix of pages and POST searches")
    print(f"{'phase':24} {'requests':>9} {'req/s':>7} {'p50 ms':>7} {'p99 ms':>7} {'failed':>7}")
    for name, r in (("steady", steady), ("while rebuilding index", rebuilding)):
        print(f"{name:24} {r.requests:9} {r.per_second:7.0f} {r.p50_ms:7.2f} {r.p99_ms:7.2f} {r.errors:7}")
    print(f"index builds during phase 2: {len(builds)} ({builds.count(0)} succeeded); "
          f"generations kept on disk: {generations}")  # fmt: skip
    print(f"p99 aim {P99_AIM_MS:.0f} ms: {'met' if steady.p99_ms < P99_AIM_MS else 'NOT met'}; "
          f"failed requests: {steady.errors + rebuilding.errors}")  # fmt: skip
    if steady.errors or rebuilding.errors or builds.count(0) != len(builds):
        sys.exit(1)


if __name__ == "__main__":
    from record import recorded

    with recorded("Load"):
        main()
