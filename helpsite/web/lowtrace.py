"""Low trace: response headers on every response, no cookies, no session, and log redaction."""

from __future__ import annotations

import logging
import re
from collections.abc import Callable, Iterable
from typing import Any

from flask import Flask
from flask.sessions import SessionInterface, SessionMixin
from werkzeug.datastructures import CallbackDict

CSP = "; ".join(
    (
        "default-src 'self'",
        "script-src 'self'",
        "style-src 'self'",
        "img-src 'self'",
        "font-src 'self'",
        "connect-src 'self'",
        "form-action 'self'",
        "base-uri 'none'",
        "object-src 'none'",
        "media-src 'none'",
        "manifest-src 'none'",
        # No frames and no workers of any kind: so no service worker can ever be registered.
        "frame-src 'none'",
        "worker-src 'none'",
        "frame-ancestors 'none'",
    )
)

# Deny every powerful feature: the site needs none of them. Only names Chromium recognises,
# so the browser console stays free of warnings.
PERMISSIONS = ", ".join(
    f"{feature}=()"
    for feature in (
        "accelerometer", "autoplay", "browsing-topics", "camera", "compute-pressure", "display-capture",
        "encrypted-media", "fullscreen", "gamepad", "geolocation", "gyroscope", "hid",
        "identity-credentials-get", "idle-detection", "local-fonts", "magnetometer", "microphone", "midi",
        "otp-credentials", "payment", "picture-in-picture", "publickey-credentials-create",
        "publickey-credentials-get", "screen-wake-lock", "serial", "storage-access", "usb",
        "window-management", "xr-spatial-tracking",
    )
)  # fmt: skip

HEADERS = {
    "Cache-Control": "no-store",
    "Referrer-Policy": "no-referrer",
    "Content-Security-Policy": CSP,
    "X-Content-Type-Options": "nosniff",
    "X-Frame-Options": "DENY",
    "Permissions-Policy": PERMISSIONS,
    "Cross-Origin-Opener-Policy": "same-origin",
    "Cross-Origin-Resource-Policy": "same-origin",
    # No DNS look-ups ahead of time for the outside links (sources), so no resolver learns of them.
    "X-DNS-Prefetch-Control": "off",
    "X-Robots-Tag": "noarchive",
    # Browsers ignore this over plain HTTP; no includeSubDomains: other municipal hosts are not ours.
    # An hour, not the usual year: the entry is a record that this site was visited, and the safety
    # page's advice (delete this site's pages from the history) never removes it. Chromium drops HSTS
    # entries only when the cache is cleared for all sites (content/browser/browsing_data/
    # browsing_data_remover_impl.cc), and anyone with the phone can query one. An hour covers a visit;
    # links, handouts and QR codes use https://, and browsers try HTTPS first for a typed address.
    "Strict-Transport-Security": "max-age=3600",
}
# Headers that would let a response be revalidated or recognised later; no-store makes them useless.
DROPPED = ("Set-Cookie", "ETag", "Last-Modified", "Expires", "Pragma")

_log = logging.getLogger(__name__)
_REPLACED = {name.lower() for name in (*HEADERS, *DROPPED)}

StartResponse = Callable[..., Any]
WsgiApp = Callable[[dict, StartResponse], Iterable[bytes]]


class LowTraceMiddleware:
    """WSGI middleware: every response leaves with the low-trace headers and without cookies.

    It sits outside Flask, so it also covers responses Flask's own hooks never see: static files,
    redirects, 404/405/413 and a 500 from an error handler that failed itself.
    """

    def __init__(self, app: WsgiApp) -> None:
        self.app = app

    def __call__(self, environ: dict, start_response: StartResponse) -> Iterable[bytes]:
        """Pass the request on; rewrite the status line's headers on the way back."""

        def low_trace_start(status: str, headers: list[tuple[str, str]], exc_info: Any = None) -> Any:
            kept = [(k, v) for k, v in headers if k.lower() not in _REPLACED]
            return start_response(status, kept + list(HEADERS.items()), exc_info)

        try:
            return self.app(environ, low_trace_start)
        except Exception:
            # Only when Flask's own error handling failed: answer here rather than let the server
            # send a bare error page without the headers. The log names the path, never the query.
            _log.exception("Unhandled error on %s", environ.get("PATH_INFO", "?"))
            start_response(
                "500 Internal Server Error", [("Content-Type", "text/plain; charset=utf-8"), *HEADERS.items()]
            )
            return [b"Internal Server Error"]


class _NoSession(CallbackDict, SessionMixin):
    """A session that can be read (always empty) but never written."""

    def __init__(self) -> None:
        super().__init__(on_update=self._refuse)

    @staticmethod
    def _refuse(_: Any) -> None:
        raise RuntimeError("Hjælp mod vold keeps no session: store nothing about the reader.")


class NoSessionInterface(SessionInterface):
    """No server session and no session cookie, even if a SECRET_KEY is ever set."""

    def open_session(self, app: Flask, request: Any) -> SessionMixin:
        """An empty, read-only session for every request."""
        return _NoSession()

    def save_session(self, app: Flask, session: SessionMixin, response: Any) -> None:
        """Never save: nothing to remember, no cookie to set."""


# Client addresses and query strings in log lines. An IPv6 candidate counts only with "::" or all
# eight groups, so a clock time such as 12:30:45 is left alone.
_IPV4 = re.compile(r"(?<![\d.])(?:\d{1,3}\.){3}\d{1,3}(?![\d.])")
_IPV6 = re.compile(r"(?<![\w:])(?:[0-9A-Fa-f]{0,4}:){2,7}[0-9A-Fa-f]{0,4}(?![\w:])")
_QUERY = re.compile(r"\?[^\s\"']*")


def _ipv6(match: re.Match[str]) -> str:
    found = match.group(0)
    return "-" if "::" in found or found.count(":") == 7 else found


def redact(text: str) -> str:
    """`text` without IP addresses and without the query part of any URL in it."""
    text = _QUERY.sub("?…", text)
    text = _IPV6.sub(_ipv6, text)
    return _IPV4.sub("-", text)


class RedactingFilter(logging.Filter):
    """A logging filter that rewrites each record with `redact`, so no handler ever sees the original."""

    def filter(self, record: logging.LogRecord) -> bool:
        """Keep the record, with its message redacted."""
        record.msg = redact(record.getMessage())
        record.args = None
        if record.exc_info and record.exc_info[1] is not None:
            # An exception's text can quote the request line; keep the type, drop the words.
            record.exc_text = redact(logging.Formatter().formatException(record.exc_info))
            record.exc_info = None
        return True


def init_app(app: Flask) -> None:
    """Wrap the app in the low-trace middleware and switch the session off."""
    app.session_interface = NoSessionInterface()
    app.wsgi_app = LowTraceMiddleware(app.wsgi_app)  # type: ignore[method-assign]
