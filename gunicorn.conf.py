"""Production server settings for gunicorn (`gunicorn -c gunicorn.conf.py wsgi:app`)."""

import multiprocessing
import os
import resource

from gunicorn.glogging import Logger

from helpsite.config import settings
from helpsite.publishing import watcher as publish
from helpsite.web.lowtrace import RedactingFilter

bind = f"{os.environ.get('HOST', '127.0.0.1')}:{os.environ.get('PORT', '8000')}"
# Two workers per core, plus one: rendering is CPU-bound and short.
workers = int(os.environ.get("WEB_CONCURRENCY", multiprocessing.cpu_count() * 2 + 1))
# Slow clients: helpsite.worker (gevent, a greenlet per connection, deadlines on the request head and
# on body and answer). Measured on 2 cores (benchmarks/slow_clients.py), ordinary visitors' pages while
# slow connections (half a request, then one header line a second) are held open, 100 visits at 20/s:
#   sync workers,   12 slow:   0 of 100 answered within 5 s
#   sync workers, 1000 slow:   0 of 100 answered within 5 s
#   this worker,    12 slow: 100 of 100, p99 158 ms, 0 failed
#   this worker,  1000 slow: 100 of 100, p99  11 ms, 0 failed
# Sync workers give a whole process to each connection: a dozen slow ones stop the site. gthread
# hands a connection to a thread once its first bytes arrive, so slow heads hold every thread (with
# 20 threads, 300 slow connections left visitors unanswered). gevent keeps thousands waiting for the
# price of a greenlet each, and its workers are monkey-patched only after the fork: the master (the
# content watcher's thread, the preloaded app) is not.
worker_class = "helpsite.worker.Worker"
# Connections each worker holds at once; slow ones are cut after a few seconds (see helpsite/worker.py).
worker_connections = int(os.environ.get("WORKER_CONNECTIONS", 2000))
# Load content and build the search index once, in the master, before forking workers.
preload_app = True
timeout = 30
graceful_timeout = 10
# Must stay above 0: gunicorn's async workers only put the request-head deadline in the keep-alive loop.
keepalive = 5
# Small limits: the site has no uploads; the largest request is a search form.
limit_request_line = 2048
limit_request_fields = 50
limit_request_field_size = 4096
# The access log keeps neither client addresses nor query strings nor bodies nor headers
# (no user agent, no referrer): time, method, path without query, status, size and duration only.
accesslog = "-"
access_log_format = '%(t)s "%(m)s %(U)s" %(s)s %(B)s %(M)sms'
errorlog = "-"
loglevel = "info"


class PrivateLogger(Logger):
    """Gunicorn's logger, with client addresses and query strings taken out of its own messages.

    Gunicorn writes "Invalid request from ip=<address>: <request line>" and "Error handling request
    <uri>" to the error log whatever the access log format says; the filter removes both.
    """

    def setup(self, cfg: object) -> None:
        """Set up as usual, then put the redacting filter on the error log."""
        super().setup(cfg)
        self.error_log.addFilter(REDACT)


REDACT = RedactingFilter()
logger_class = PrivateLogger
# No control socket (gunicornc, gunicorn 25.1+): by default it is $XDG_RUNTIME_DIR/gunicorn.ctl or
# $HOME/.gunicorn/gunicorn.ctl, one path for every gunicorn a user runs, so a second `make run` took
# over the first one's socket (and could change its workers). Nothing here uses it: systemd, `make
# stack` and the tests steer the master with signals (HUP, TERM). Older gunicorns ignore the setting.
control_socket_disable = True
# Never trust or log forwarded client addresses.
forwarded_allow_ips = ""
proxy_allow_ips = ""


def _open_files_limit() -> int:
    """Raise the soft limit on open files to the hard one (Debian's shells start at 1,024)."""
    soft, hard = resource.getrlimit(resource.RLIMIT_NOFILE)
    wanted = hard if hard != resource.RLIM_INFINITY else 65536
    if soft != resource.RLIM_INFINITY and soft < wanted:
        try:
            resource.setrlimit(resource.RLIMIT_NOFILE, (wanted, hard))
        except OSError:  # refused (a sandbox's system-call filter): on_starting says what to do
            return soft
        soft = wanted
    return soft


# Each connection is a file descriptor in its worker; the workers inherit the master's limit.
OPEN_FILES = _open_files_limit()


def on_starting(server: object) -> None:
    """Say so at start when the limit on open files is below what the workers may hold."""
    needed = worker_connections + 64  # the listening socket, logs, templates, the search index
    if needed > OPEN_FILES:
        server.log.warning(  # type: ignore[attr-defined]
            "open files are limited to %d per process, below the %d that %d connections need: "
            "raise it (ulimit -n, or LimitNOFILE= in the systemd unit)",
            OPEN_FILES,
            needed,
            worker_connections,
        )


def when_ready(server: object) -> None:
    """In the master, once the app is loaded: watch site/content/ and publish each version that passes
    the check; a broken one is logged and the site keeps serving the last good content."""
    publish.start_watcher(settings(), log=server.log)  # type: ignore[attr-defined]
