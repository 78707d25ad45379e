"""The gunicorn worker: gevent's, with deadlines, so a slow client holds one connection for seconds only.

gevent gives each connection a greenlet rather than a whole process, so a thousand clients that send
their requests a line a second (slowloris, or a very bad mobile network) wait side by side while
ordinary visitors are served. gunicorn bounds none of it for async workers: its `timeout` only restarts
a worker that stops answering the master, and its keep-alive wait is the only deadline on a request
head. This subclass (kept here because gunicorn has no setting for either) adds two:

- HEADER_TIMEOUT: from the connection (or the end of the previous answer) to the last header line;
- ANSWER_TIMEOUT: from there to the last byte of the answer handed to the kernel: a body sent too
  slowly, and a client that never reads a large answer, are cut off, the connection closed.

A request body whose framing is broken (a malformed chunk size or chunk extension) is found by gunicorn's
parser only while the app reads the form; its exception then became the app's 500, with a traceback in
the log. GuardedBody makes it the client's 400 (Flask's error page, so the usual headers) and closes
the connection, since the bytes after a broken chunk cannot be framed as a next request.

gunicorn monkey-patches each worker after the fork; the locks the preloaded app made in the master stay
the thread module's own. That is safe because the app holds them for work in memory only: no socket
wait happens inside one, so no greenlet ever switches away while holding it.
"""

from __future__ import annotations

from typing import Any

import gevent
from gunicorn.http.errors import ParseException
from gunicorn.workers.ggevent import GeventWorker
from werkzeug.exceptions import BadRequest

HEADER_TIMEOUT = 5.0  # seconds: a request head is one packet from any real browser
ANSWER_TIMEOUT = 10.0  # seconds: the largest form is 16 KB and every page fits in the kernel's buffer


class Worker(GeventWorker):
    """gunicorn's gevent worker with a deadline on the request head and one on body and answer."""

    def timeout_ctx(self) -> gevent.Timeout:
        """The deadline on reading one request head (gunicorn's loop puts it around the parser).

        `False`: when it passes, the parser's wait ends quietly and gunicorn closes the connection.
        """
        return gevent.Timeout(HEADER_TIMEOUT, False)

    def handle_request(self, listener_name: Any, req: Any, sock: Any, addr: Any) -> Any:
        """Serve one request; a client too slow with its body or with taking the answer is cut off."""
        req.body = GuardedBody(req.body, req)  # what the app reads as wsgi.input
        deadline = gevent.Timeout(ANSWER_TIMEOUT)
        try:
            with deadline:
                return super().handle_request(listener_name, req, sock, addr)
        except gevent.Timeout as passed:
            if passed is not deadline:
                raise
            # No address and no path: the log keeps nothing that could identify a visitor.
            self.log.info("a client took over %.0f s to send or take its request: closed", ANSWER_TIMEOUT)
            raise StopIteration from None  # gunicorn's signal to close the connection


class GuardedBody:
    """gunicorn's request body, with a framing error in it raised as the client's 400 (BadRequest)."""

    def __init__(self, body: Any, req: Any) -> None:
        self.body, self.req = body, req

    def read(self, size: int | None = None) -> bytes:
        """Read as gunicorn's body does."""
        return self._guarded(self.body.read, size)

    def readline(self, size: int | None = None) -> bytes:
        """Read a line as gunicorn's body does."""
        return self._guarded(self.body.readline, size)

    def readlines(self, size: int | None = None) -> list[bytes]:
        """Read lines as gunicorn's body does."""
        return self._guarded(self.body.readlines, size)

    def __iter__(self) -> Any:
        return self

    def __next__(self) -> bytes:
        return self._guarded(self.body.__next__)

    def _guarded(self, method: Any, *args: Any) -> Any:
        try:
            return method(*args)
        except ParseException:
            # Close after the answer: gunicorn would otherwise read what follows as another request.
            self.req.must_close = True
            # `from None`, and an HTTPException Flask never logs: no line quotes the client's bytes.
            raise BadRequest() from None
