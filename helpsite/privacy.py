"""Low-trace response headers: no cookies, no caching, no referrer, a strict CSP."""

from __future__ import annotations

from flask import Flask, Response

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
        "frame-ancestors 'none'",
    )
)

# Deny every powerful feature: the site needs none of them.
PERMISSIONS = ", ".join(
    f"{feature}=()"
    for feature in (
        "accelerometer", "autoplay", "camera", "display-capture", "encrypted-media", "fullscreen",
        "geolocation", "gyroscope", "magnetometer", "microphone", "midi", "payment",
        "picture-in-picture", "publickey-credentials-get", "screen-wake-lock", "usb",
        "xr-spatial-tracking", "browsing-topics",
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
    "X-Robots-Tag": "noarchive",
}


def apply_headers(response: Response) -> Response:
    """Add the low-trace headers and drop any cookie, whatever produced the response."""
    response.headers.update(HEADERS)
    # No code here sets a cookie; this makes sure no extension or error path ever does.
    response.headers.remove("Set-Cookie")
    return response


def init_app(app: Flask) -> None:
    """Register the headers on every response, errors and redirects included."""
    app.after_request(apply_headers)
