"""Throughput of the production server against a bare Flask "hello world" on the same gunicorn config.

Usage: .venv/bin/python benchmarks/throughput.py [--seconds 15] [--connections 16]

Both run with gunicorn.conf.py on loopback, one after the other in the same run; wrk sends the same
mix (benchmarks/mix.lua: pages in several languages, the stylesheet, searches by POST) to each.
Prints requests per second, p50 and p99 for both and the site's share of the bare framework's rate
(the aim: 80 % or more).
"""

from __future__ import annotations

import argparse

from serving import gunicorn, wrk

AIM = 0.80


def main() -> None:
    """Measure both servers and print the figures."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--seconds", type=int, default=15)
    parser.add_argument("--connections", type=int, default=16)
    opts = parser.parse_args()
    results = {}
    for name, app in (("bare Flask", "benchmarks.bare:app"), ("helpsite", "wsgi:app")):
        with gunicorn(app) as (base, _):
            wrk(base, opts.connections, 2)  # warm up: templates compiled, index generations opened
            results[name] = wrk(base, opts.connections, opts.seconds)
    print(f"wrk: {opts.connections} connections, {opts.seconds} s each, mix of pages and POST searches")
    print(f"{'server':12} {'req/s':>9} {'p50 ms':>8} {'p99 ms':>8} {'requests':>9} {'errors':>7}")
    for name, r in results.items():
        print(f"{name:12} {r.per_second:9.0f} {r.p50_ms:8.2f} {r.p99_ms:8.2f} {r.requests:9} {r.errors:7}")
    ratio = results["helpsite"].per_second / results["bare Flask"].per_second
    print(f"helpsite / bare Flask: {ratio:.0%} of the bare framework's throughput (aim: {AIM:.0%} or more)")


if __name__ == "__main__":
    from record import recorded

    with recorded("Throughput"):
        main()
