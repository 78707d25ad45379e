"""The production stack (deploy/stack.py: nginx + two instances) beside `make run` alone, in one run.

Usage: .venv/bin/python benchmarks/stack.py [--seconds 10] [--connections 16] [--slow 1000]

1. the request mix (mix.lua) with wrk: `make run` (gunicorn.conf.py alone) vs the stack over HTTPS;
2. one static file (site.css, brotli): the app vs nginx's precompressed copy;
3. slow clients: `--slow` connections that dribble their headers, from one address, while wrk sends the
   mix from another: requests answered, p99, failed;
4. failover: the mix while one instance is killed with SIGKILL and started again: requests, failed.
All on loopback. wrk sends everything from one address, so the stack's per-address limits are raised
for this run (they are tested in tests/stack/test_stack.py). Exits 1 when any request failed.
"""

from __future__ import annotations

import argparse
import os
import socket
import sys
import threading
import time

from serving import ROOT, WrkResult, gunicorn, wrk

sys.path.insert(0, str(ROOT / "deploy"))
from stack import Stack, free_port  # noqa: E402

UNLIMITED = {"search_rate": "100000r/s", "search_burst": 100000, "connections_per_client": 60000}
SLOW_SOURCE = "127.0.0.9"


def hold_slow_clients(port: int, count: int, stop: threading.Event) -> int:
    """Open `count` connections that send half a request, then a header line a second; return how many."""
    held: list[socket.socket] = []
    try:
        for _ in range(count):
            try:
                conn = socket.create_connection(
                    ("127.0.0.1", port), timeout=5, source_address=(SLOW_SOURCE, 0)
                )
                conn.sendall(b"GET /da/ HTTP/1.1\r\nHost: localhost\r\n")
                held.append(conn)
            except OSError:
                break
        opened = len(held)
        while not stop.wait(1):
            for conn in list(held):
                try:
                    conn.sendall(b"X-Slow: 1\r\n")
                except OSError:
                    held.remove(conn)  # nginx cut it off (client_header_timeout): open another
                    try:
                        again = socket.create_connection(("127.0.0.1", port), 5, (SLOW_SOURCE, 0))
                        again.sendall(b"GET /da/ HTTP/1.1\r\nHost: localhost\r\n")
                        held.append(again)
                    except OSError:
                        pass
        return opened
    finally:
        for conn in held:
            conn.close()


def row(name: str, r: WrkResult) -> str:
    """One line of the table."""
    return f"{name:44} {r.requests:>9} {r.per_second:>8.0f} {r.p50_ms:>7.1f} {r.p99_ms:>7.1f} {r.errors:>7}"


def main() -> None:
    """Run every part and print the figures side by side."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--seconds", type=int, default=10)
    parser.add_argument("--connections", type=int, default=16)
    parser.add_argument("--slow", type=int, default=1000)
    opts = parser.parse_args()
    rows: list[tuple[str, WrkResult]] = []
    c, s = opts.connections, opts.seconds

    with gunicorn("wsgi:app") as (base, _):
        wrk(base, 8, 2)  # warm up
        rows.append(("make run alone (HTTP), mix", wrk(base, c, s)))
        rows.append(
            ("make run alone, /static/site.css br", wrk(base, c, s, path="/static/site.css", header=BR))
        )

    stack = Stack(http_port=free_port(), tls_port=free_port(), limits=UNLIMITED)
    try:
        stack.start()
        https = f"https://localhost:{stack.tls_port}"
        wrk(https, 8, 2)
        rows.append(("stack: nginx HTTPS + 2 instances, mix", wrk(https, c, s)))
        rows.append(
            (
                "stack, /static/site.css br (nginx, .br file)",
                wrk(https, c, s, path="/static/site.css", header=BR),
            )
        )

        stop = threading.Event()
        opened: list[int] = []
        slow = threading.Thread(
            target=lambda: opened.append(hold_slow_clients(stack.http_port, opts.slow, stop))
        )
        slow.start()
        time.sleep(3)  # all of them open
        try:
            rows.append((f"stack, mix beside {opts.slow} slow clients", wrk(https, c, s)))
        finally:
            stop.set()
            slow.join()

        results: list[WrkResult] = []
        load = threading.Thread(target=lambda: results.append(wrk(https, c, max(s, 12))))
        load.start()
        time.sleep(max(s, 12) / 4)
        stack.instances[0].kill()
        time.sleep(max(s, 12) / 4)
        stack.instances[0].start().wait_until_up()
        load.join()
        rows.append(("stack, mix, one instance killed -9, restarted", results[0]))
        # What nginx could not retry: a response cut off after it had begun to send it (kill -9 mid-write).
        cut = [line for line in stack.error_log.read_text().splitlines() if "while reading upstream" in line]
        gave_up = [line for line in stack.error_log.read_text().splitlines() if "no live upstreams" in line]
    finally:
        stack.stop()
        stack.cleanup()

    cores = os.cpu_count()
    print(f"wrk: {c} connections, {s} s per row, loopback, {cores} cores, other work may run beside it")
    print(f"{'':44} {'requests':>9} {'req/s':>8} {'p50 ms':>7} {'p99 ms':>7} {'failed':>7}")
    for name, r in rows:
        print(row(name, r))
    print(f"slow clients opened: {opened[0] if opened else 0} of {opts.slow}")
    print(
        f"failover: {len(cut)} response(s) cut off mid-body by the kill, {len(gave_up)} 'no live upstreams'"
    )
    for name, r in rows:
        if r.errors:
            print(f"{name}: {r.socket_errors} socket error(s), {r.bad_status} non-2xx/3xx")
    if any(r.errors for _, r in rows):
        sys.exit(1)


BR = "Accept-Encoding: br"

if __name__ == "__main__":
    from record import recorded

    with recorded("Stack"):
        main()
