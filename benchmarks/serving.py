"""Shared by throughput.py and load.py: run gunicorn with the repo's config, and wrk against it."""

from __future__ import annotations

import os
import re
import shutil
import socket
import subprocess
import sys
import tempfile
import time
import urllib.request
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
GUNICORN = Path(sys.executable).with_name("gunicorn")
MIX = Path(__file__).with_name("mix.lua")
START_TIMEOUT = 90  # seconds: the master loads the content and builds the search index first


def free_port() -> int:
    """A loopback port nothing listens on now."""
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


@contextmanager
def gunicorn(
    app: str = "wsgi:app", index_dir: Path | None = None, args: Sequence[str] = ()
) -> Iterator[tuple[str, Path]]:
    """`gunicorn -c gunicorn.conf.py [ARGS] APP` on a free loopback port; yields (base URL, index folder).

    ARGS are gunicorn command-line settings: they override the config file's (e.g. `-k sync`).
    """
    index = index_dir or Path(tempfile.mkdtemp(prefix="helpsite-bench-index-"))
    port = free_port()
    env = {**os.environ, "HOST": "127.0.0.1", "PORT": str(port), "HELPSITE_INDEX_DIR": str(index)}
    log = tempfile.NamedTemporaryFile(prefix="helpsite-bench-", suffix=".log", delete=False)  # noqa: SIM115
    # gunicorn.conf.py turns the control socket off (a path shared with any gunicorn on the machine).
    command = [str(GUNICORN), "-c", "gunicorn.conf.py", *args, app]
    process = subprocess.Popen(command, cwd=ROOT, env=env, stdout=log, stderr=log)
    base = f"http://127.0.0.1:{port}"
    try:
        deadline = time.monotonic() + START_TIMEOUT
        while True:
            if process.poll() is not None:
                raise SystemExit(f"gunicorn {app} stopped; its log: {log.name}")
            try:
                with urllib.request.urlopen(base + "/healthz", timeout=2):
                    break
            except OSError:
                if time.monotonic() > deadline:
                    raise SystemExit(f"gunicorn {app} is not answering: {log.name}") from None
                time.sleep(0.25)
        yield base, index
    finally:
        process.terminate()
        process.wait(timeout=30)
        log.close()
        Path(log.name).unlink(missing_ok=True)
        if index_dir is None:
            shutil.rmtree(index, ignore_errors=True)


@dataclass(frozen=True)
class WrkResult:
    """What one wrk run measured."""

    requests: int
    per_second: float
    p50_ms: float
    p99_ms: float
    socket_errors: int
    bad_status: int  # responses that were not 2xx or 3xx

    @property
    def errors(self) -> int:
        """Every failed request: socket errors and non-2xx/3xx answers."""
        return self.socket_errors + self.bad_status


def _ms(value: str) -> float:
    number, unit = re.fullmatch(r"([\d.]+)(us|ms|s|m)", value).groups()  # type: ignore[union-attr]
    return float(number) * {"us": 0.001, "ms": 1.0, "s": 1000.0, "m": 60000.0}[unit]


def wrk(
    base: str,
    connections: int,
    seconds: int,
    threads: int = 1,
    path: str | None = None,
    header: str = "",
    script: Path = MIX,
    args: Sequence[str] = (),
) -> WrkResult:
    """Run wrk with a request script (mix.lua unless told), or on one `path` with one `header`; parse it."""
    if shutil.which("wrk") is None:
        raise SystemExit("wrk is missing: apt-get install wrk")
    target = ["-H", header] if header else []
    target += [base + path] if path else ["-s", str(script), base, *(["--", *args] if args else [])]
    run = subprocess.run(
        ["wrk", f"-t{threads}", f"-c{connections}", f"-d{seconds}s", "--timeout", "5s", "--latency", *target],
        capture_output=True, text=True, check=True,
    )  # fmt: skip
    out = run.stdout
    latency = dict(re.findall(r"^\s*(50|99)%\s+([\d.]+[a-z]+)\s*$", out, flags=re.M))
    if set(latency) != {"50", "99"}:
        raise SystemExit(f"wrk said something unexpected:\n{out}\n{run.stderr}")
    errors = re.search(r"Socket errors: connect (\d+), read (\d+), write (\d+), timeout (\d+)", out)
    bad = re.search(r"Non-2xx or 3xx responses: (\d+)", out)
    return WrkResult(
        requests=int(re.search(r"(\d+) requests in", out).group(1)),  # type: ignore[union-attr]
        per_second=float(re.search(r"Requests/sec:\s+([\d.]+)", out).group(1)),  # type: ignore[union-attr]
        p50_ms=_ms(latency["50"]),
        p99_ms=_ms(latency["99"]),
        socket_errors=sum(int(n) for n in errors.groups()) if errors else 0,
        bad_status=int(bad.group(1)) if bad else 0,
    )
