"""Production server settings for gunicorn (`gunicorn -c gunicorn.conf.py wsgi:app`)."""

import multiprocessing
import os

from gunicorn.glogging import Logger

from helpsite.config import settings
from helpsite.publishing import watcher as publish
from helpsite.web.lowtrace import RedactingFilter

bind = f"{os.environ.get('HOST', '127.0.0.1')}:{os.environ.get('PORT', '8000')}"
# Two workers per core, plus one: rendering is CPU-bound and short.
workers = int(os.environ.get("WEB_CONCURRENCY", multiprocessing.cpu_count() * 2 + 1))
worker_class = "sync"
# Load content and build the search index once, in the master, before forking workers.
preload_app = True
timeout = 30
graceful_timeout = 10
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
# Never trust or log forwarded client addresses.
forwarded_allow_ips = ""
proxy_allow_ips = ""


def when_ready(server: object) -> None:
    """In the master, once the app is loaded: watch site/content/ and publish each version that passes
    the check; a broken one is logged and the site keeps serving the last good content."""
    publish.start_watcher(settings(), log=server.log)  # type: ignore[attr-defined]
