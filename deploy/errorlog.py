"""nginx's error log without client addresses: a local syslog receiver that redacts every line.

nginx puts ", client: <address>" on most error lines, and often the request line (with its query) and
the referrer too, at every log level. It cannot be told not to, so the site's nginx config sends its
error log as syslog datagrams to a local socket, and this receiver writes each line only after taking
those fields out and passing the rest through the app's own redaction (helpsite.web.lowtrace.redact).
A datagram that is never received is lost, never written elsewhere.

Run by systemd with socket activation (deploy/systemd/helpsite-nginx-log.socket, lines to the journal)
or by deploy/stack.py in a thread.
"""

from __future__ import annotations

import os
import re
import socket
import sys
import threading
from collections.abc import Callable
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))  # the repository, when run as a script

from helpsite.web.lowtrace import redact

# "<PRI>Mmm dd hh:mm:ss tag: " before nginx's own text (RFC 3164, as nginx sends it).
_SYSLOG_HEAD = re.compile(r"^<\d{1,3}>(?:\w{3} [ \d]\d \d\d:\d\d:\d\d )?(?:\S+ )?[\w.-]+: ")
# Fields nginx appends after its message; each one may identify the visitor.
_FIELDS = re.compile(r', (?:client|referrer|request): (?:"(?:[^"\\]|\\.)*"|[^,]*)')
MAX_DATAGRAM = 65536


def clean(datagram: bytes) -> str:
    """One nginx error-log line, without syslog head, client address, request line or referrer."""
    text = datagram.decode("utf-8", errors="replace").rstrip("\n")
    text = _SYSLOG_HEAD.sub("", text, count=1)
    return redact(_FIELDS.sub("", text))


def receive(sock: socket.socket, write: Callable[[str], None], stop: threading.Event | None = None) -> None:
    """Read datagrams from `sock` until `stop` is set (or for ever) and `write` each cleaned line."""
    sock.settimeout(0.5)
    while stop is None or not stop.is_set():
        try:
            datagram = sock.recv(MAX_DATAGRAM)
        except TimeoutError:
            continue
        except OSError:
            return  # the socket was closed: the stack is stopping
        write(clean(datagram))


def bind(path: Path) -> socket.socket:
    """A datagram socket at `path` (replacing a stale one) that only its owner can write to."""
    path.unlink(missing_ok=True)
    sock = socket.socket(socket.AF_UNIX, socket.SOCK_DGRAM)
    sock.bind(str(path))
    return sock


def main() -> None:
    """Under systemd: the socket is passed as fd 3 (LISTEN_FDS); each line goes to stdout, the journal."""
    if os.environ.get("LISTEN_FDS") != "1":
        raise SystemExit("errorlog.py expects one socket from systemd (helpsite-nginx-log.socket)")
    sock = socket.socket(fileno=3)

    def write(line: str) -> None:
        print(line, flush=True)

    receive(sock, write)


if __name__ == "__main__":
    main()
