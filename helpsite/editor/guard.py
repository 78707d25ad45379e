"""Only the editor's own pages talk to it: its own Host, and no request from another site.

Two attacks reach an editor through the browser of the person using it. DNS rebinding: a page on
evil.example has its name point at 127.0.0.1 a moment later, and its script then reads and saves
through `make edit` as if it were the editor's own page; the browser sends `Host: evil.example`,
which the editor never answers. Cross-site request forgery: a page the editor's user visits posts
to the editor, and the browser adds the sign-in; the browser names the page it came from in
`Origin` and `Sec-Fetch-Site`, and the editor refuses what does not come from itself. Both are
judged before any view runs, so nothing is read or written first.
"""

from __future__ import annotations

from collections.abc import Mapping
from urllib.parse import urlsplit

from werkzeug.datastructures import Headers

LOOPBACK = frozenset({"127.0.0.1", "localhost", "::1"})  # `make edit`, on any port
_DEFAULT_PORTS = {"http": 80, "https": 443}


def allowed_hosts(setting: str) -> frozenset[str]:
    """The host names the editor answers: the configured ones (comma-separated), and loopback."""
    names = {name.strip().lower().strip("[]") for name in setting.split(",") if name.strip()}
    return frozenset(names | LOOPBACK)


def _host_port(netloc: str) -> tuple[str, int | None]:
    """("redaktion.local", None) from "redaktion.local"; ValueError for what is no host at all."""
    parts = urlsplit(f"//{netloc}")
    if not parts.hostname or parts.username is not None or parts.password is not None:
        raise ValueError(netloc)
    return parts.hostname, parts.port  # .port raises ValueError for a port that is not a number


Sent = Mapping[str, str] | Headers  # a request's headers (a plain mapping in the tests)


def refusal(method: str, headers: Sent, hosts: frozenset[str]) -> tuple[int, str] | None:
    """Why a request is refused, as (status, Danish message); None when it may go on."""
    host = headers.get("Host", "")
    try:
        name, port = _host_port(host)
    except ValueError:
        name, port = "", None
    if name not in hosts:
        return 400, (
            f"Editoren svarer ikke på adressen '{host[:100]}'. Åbn den på den adresse, IT har givet "
            "dig (med make edit: http://127.0.0.1:8081/admin/)."
        )
    origin = headers.get("Origin")
    site = headers.get("Sec-Fetch-Site", "")
    # The editor's Referrer-Policy (no-referrer) makes the browser send `Origin: null` with its own
    # forms (the changes page's approval); then only the browser's own Sec-Fetch-Site vouches for it.
    own_form = origin == "null" and site == "same-origin"
    if origin is not None and not own_form and not _same_host(origin, name, port):
        return 403, (
            f"Afvist: forespørgslen kom fra en anden side ({origin[:100]}) end editoren. Editoren tager "
            "kun imod forespørgsler fra sine egne sider: åbn editoren direkte i browseren."
        )
    if site in ("cross-site", "same-site") and not _link_followed(method, headers):
        return 403, (
            "Afvist: forespørgslen kom fra en anden side end editoren. Editoren tager kun imod "
            "forespørgsler fra sine egne sider: åbn editoren direkte i browseren."
        )
    return None


def _same_host(origin: str, name: str, port: int | None) -> bool:
    """True when `Origin` is the host the request was sent to ("null" never is)."""
    parts = urlsplit(origin)
    try:
        origin_port = parts.port or _DEFAULT_PORTS.get(parts.scheme)
    except ValueError:
        return False
    if parts.scheme not in _DEFAULT_PORTS or parts.hostname != name:
        return False
    # Behind nginx the Host has no port (nginx's $host); `make edit` sends its own: then they must agree.
    return port is None or origin_port == port


def _link_followed(method: str, headers: Sent) -> bool:
    """A link to the editor in a mail or a chat, opened in the tab: no script reads the answer, and
    a GET changes nothing, so it may open (in a frame it may not: Sec-Fetch-Dest is then iframe)."""
    return (
        method in ("GET", "HEAD")
        and headers.get("Sec-Fetch-Mode") == "navigate"
        and headers.get("Sec-Fetch-Dest") == "document"
    )
