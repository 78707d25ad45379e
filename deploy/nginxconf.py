"""Render deploy/nginx/helpsite.conf.in: the one nginx configuration, for production and `make stack`.

What the app already knows comes from the app: the body size limit (MAX_CONTENT_LENGTH) and the
security headers nginx adds to the files it serves itself (helpsite/web/lowtrace.py, HEADERS).
"""

from __future__ import annotations

import argparse
import re
import subprocess
import sys
from dataclasses import dataclass, field
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))  # the repository, when run as a script

from helpsite import DEFAULTS
from helpsite.editor import MAX_SAVE
from helpsite.web import lowtrace

TEMPLATE = Path(__file__).with_name("nginx") / "helpsite.conf.in"
BROTLI_MODULE = Path("/usr/lib/nginx/modules/ngx_http_brotli_static_module.so")
# An instance that fails one request is left out for this long, then tried again (rolling restarts
# wait this long after an instance is back, so nginx uses it before the next one stops).
FAIL_TIMEOUT = 3


@dataclass(frozen=True)
class Site:
    """The values an operator chooses; the rest of the config is the template's."""

    upstreams: list[str]  # host:port of each app instance
    certificate: Path
    certificate_key: Path
    static_root: Path  # the build folder: static/ and _errors/
    server_name: str = "localhost"
    http_listen: str = "80"
    https_listen: str = "443"
    https_port: int = 443
    error_log: str = "syslog:server=unix:/run/helpsite-nginx-log.sock,nohostname,tag=nginx"
    # Per client address. Generous, because many phones share one address behind a carrier's NAT;
    # a slow client that never finishes its headers is cut off by client_header_timeout instead.
    connections_per_client: int = 100
    search_rate: str = "10r/s"
    search_burst: int = 50
    brotli: bool = field(default_factory=BROTLI_MODULE.exists)
    # Also listen on every IPv6 address ([::]) on the same ports; for bare ports (`80`, `443`) only,
    # since an address (`127.0.0.1:8080`, `[::1]:8080`) already names its family.
    ipv6: bool = False

    def listens(self, listen: str) -> list[str]:
        """`listen` and, with `ipv6`, the same port on [::]."""
        if not self.ipv6:
            return [listen]
        if not listen.isdigit():
            raise ValueError(f"ipv6 adds [::] to a bare port, not to {listen!r}: name that address instead")
        return [listen, f"[::]:{listen}"]


# Mozilla's "intermediate" profile (ssl-config.mozilla.org, version 5.7): TLS 1.2 and 1.3. The DHE
# suites are used only if an ssl_dhparam (ffdhe2048) is added; ECDHE covers every current client.
TLS = """\
    ssl_certificate @CERTIFICATE@;
    ssl_certificate_key @CERTIFICATE_KEY@;
    ssl_protocols TLSv1.2 TLSv1.3;
    ssl_ciphers ECDHE-ECDSA-AES128-GCM-SHA256:ECDHE-RSA-AES128-GCM-SHA256:ECDHE-ECDSA-AES256-GCM-SHA384:\
ECDHE-RSA-AES256-GCM-SHA384:ECDHE-ECDSA-CHACHA20-POLY1305:ECDHE-RSA-CHACHA20-POLY1305:\
DHE-RSA-AES128-GCM-SHA256:DHE-RSA-AES256-GCM-SHA384:DHE-RSA-CHACHA20-POLY1305;
    ssl_prefer_server_ciphers off;
    ssl_session_timeout 1d;
    ssl_session_cache shared:helpsite_tls:10m;
    ssl_session_tickets off;"""


# nginx's own errors as the app's error page (built by deploy/staticfiles.py), with the app's headers:
# a request it cannot read, a file it has not, a line or header too long, a body too large, too many
# searches, no instance answering.
ERROR_PAGES = """\
    error_page 400 /_errors/400.html;
    error_page 494 =400 /_errors/400.html;  # nginx's own code for a header too large, sent as 400
    error_page 404 /_errors/404.html;  # a missing static file, or an error page asked for by name
    error_page 413 /_errors/413.html;
    error_page 414 /_errors/414.html;
    error_page 429 /_errors/429.html;
    error_page 431 /_errors/431.html;  # nginx sends 400 or 494 for headers; a module may send 431
    error_page 502 503 504 /_errors/503.html;
    location /_errors/ {
        internal;
        root @STATIC_ROOT@;
        gzip_static on;
        gzip_vary on;
@BROTLI_STATIC@
@SECURITY_HEADERS@
    }"""


def security_headers(indent: str = "        ") -> str:
    """The app's headers as nginx `add_header` lines (`always`: on errors too)."""
    lines = []
    for name, value in lowtrace.HEADERS.items():
        if '"' in value or "\\" in value:
            raise ValueError(f"header {name} has a character nginx would need escaped: {value!r}")
        if name == "Strict-Transport-Security":
            value = "$helpsite_hsts"  # empty, so not sent, over plain HTTP (the template's map)
        lines.append(f'{indent}add_header {name} "{value}" always;')
    return "\n".join(lines)


def _listen(addresses: list[str], flags: str) -> str:
    return "\n".join(f"    listen {address}{flags};" for address in addresses)


def render(site: Site) -> str:
    """The nginx configuration (http context) for `site`."""
    http, https = site.listens(site.http_listen), site.listens(site.https_listen)
    values = {
        "TLS": TLS,  # first: these two hold placeholders of their own
        "ERROR_PAGES": ERROR_PAGES,
        "UPSTREAMS": "\n".join(
            [f"    server {address} max_fails=1 fail_timeout={FAIL_TIMEOUT}s;" for address in site.upstreams]
            + [f"    server {address} backup;" for address in site.upstreams]
        ),
        "SEARCH_RATE": site.search_rate,
        "SEARCH_BURST": str(site.search_burst),
        "CONNECTIONS_PER_CLIENT": str(site.connections_per_client),
        "ERROR_LOG": site.error_log,
        "MAX_BODY": str(DEFAULTS["MAX_CONTENT_LENGTH"]),
        "LISTEN_DEFAULT": _listen(http, " default_server") + "\n" + _listen(https, " ssl default_server"),
        "LISTEN_HTTP": _listen(http, ""),
        "LISTEN_HTTPS": _listen(https, " ssl http2"),
        "HTTPS_PORT_SUFFIX": "" if site.https_port == 443 else f":{site.https_port}",
        "SERVER_NAME": site.server_name,
        "CERTIFICATE": str(site.certificate),
        "CERTIFICATE_KEY": str(site.certificate_key),
        "STATIC_ROOT": str(site.static_root),
        "BROTLI_STATIC": "        brotli_static on;"
        if site.brotli
        else "        # (no brotli_static module)",
        "HSTS": lowtrace.HEADERS["Strict-Transport-Security"],
        "SECURITY_HEADERS": security_headers(),
        "SECURITY_HEADERS_SERVER": security_headers("    "),
    }
    return _fill(TEMPLATE, values)


EDITOR_TEMPLATE = Path(__file__).with_name("nginx") / "editor.conf.in"


@dataclass(frozen=True)
class EditorSite:
    """The editor host's nginx: who may reach it, how people sign in, where the editor listens."""

    certificate: Path
    certificate_key: Path
    htpasswd: Path
    allow: list[str]  # the municipality's own networks, e.g. ["10.0.0.0/8"]
    editor: str = "127.0.0.1:8081"
    server_name: str = "localhost"
    https_listen: str = "443"
    error_log: str = "syslog:server=unix:/dev/log,nohostname,tag=helpsite-editor"
    brotli: bool = False


def render_editor(site: EditorSite) -> str:
    """The editor host's nginx configuration (http context) for `site`."""
    if not site.allow:
        raise ValueError("name the networks that may reach the editor (allow): it is for staff only")
    values = {
        "TLS": TLS.replace("helpsite_tls", "helpsite_editor_tls"),
        "CERTIFICATE": str(site.certificate),
        "CERTIFICATE_KEY": str(site.certificate_key),
        "ALLOW": "\n".join(f"    allow {network};" for network in site.allow),
        "HTPASSWD": str(site.htpasswd),
        "EDITOR": site.editor,
        "SERVER_NAME": site.server_name,
        "HTTPS_LISTEN": site.https_listen,
        "ERROR_LOG": site.error_log,
        "MAX_BODY": str(MAX_SAVE),
    }
    return _fill(EDITOR_TEMPLATE, values)


def _fill(template: Path, values: dict[str, str]) -> str:
    text = template.read_text(encoding="utf-8")
    for name, value in values.items():
        text = text.replace(f"@{name}@", value)
    leftover = sorted(set(re.findall(r"@[A-Z_]+@", text)))
    if leftover:
        raise ValueError(f"{template.name}: no value for {', '.join(leftover)}")
    return text


def self_signed(server_name: str, certificate: Path, key: Path) -> None:
    """A week-long self-signed certificate for the names (and addresses) in `server_name`."""
    names = server_name.replace("[", "").replace("]", "").split()
    alt = ",".join(f"IP:{n}" if n[0].isdigit() or ":" in n else f"DNS:{n}" for n in names)
    subprocess.run(
        ["openssl", "req", "-x509", "-newkey", "ec", "-pkeyopt", "ec_paramgen_curve:prime256v1", "-nodes",
         "-days", "7", "-subj", "/CN=localhost", "-addext", f"subjectAltName={alt}",
         "-keyout", str(key), "-out", str(certificate)],
        check=True, capture_output=True,
    )  # fmt: skip


def main_config(prefix: Path, site: Site | EditorSite, site_conf: Path, as_root: bool) -> str:
    """nginx.conf for an unprivileged nginx in `prefix` (`make stack`): nothing read from /etc/nginx."""
    temp = prefix / "temp"
    temp.mkdir(exist_ok=True)
    lines = [
        "daemon off;",
        "worker_processes auto;",
        f"pid {prefix / 'nginx.pid'};",
        f"error_log {site.error_log} warn;",
    ]
    if as_root:
        lines.append("user nobody nogroup;")  # workers never run as root
    if site.brotli:
        lines.append(f"load_module {BROTLI_MODULE};")
    # Only the types the site serves, so no mime.types is read from /etc/nginx.
    types = "text/html html; text/css css; application/javascript js; image/png png; image/svg+xml svg;"
    kinds = ("client_body", "proxy", "fastcgi", "uwsgi", "scgi")
    temps = " ".join(f"{kind}_temp_path {temp / kind};" for kind in kinds)
    lines += [
        "events { worker_connections 4096; }",
        "http {",
        f"    types {{ {types} }}",
        "    default_type application/octet-stream;",
        f"    {temps}",
        f"    include {site_conf};",
        "}",
    ]
    return "\n".join(lines) + "\n"


def main(argv: list[str] | None = None) -> int:
    """`nginxconf.py editor ...` prints the editor host's nginx config (the site's: `stack.py render`)."""
    parser = argparse.ArgumentParser(description=main.__doc__)
    sub = parser.add_subparsers(dest="command", required=True)
    editor = sub.add_parser("editor", help="the editor host's nginx config (deploy/editor.md)")
    editor.add_argument("--server-name", required=True, help="the editor's intranet name")
    editor.add_argument("--certificate", required=True, type=Path, help="full chain, PEM")
    editor.add_argument("--key", required=True, type=Path, help="the certificate's private key, PEM")
    editor.add_argument("--htpasswd", required=True, type=Path, help="the editors' names and password hashes")
    editor.add_argument(
        "--allow", action="append", required=True, help="a network that may reach it (repeat)"
    )
    editor.add_argument("--editor", default="127.0.0.1:8081", help="where the editor listens")
    editor.add_argument("--https-listen", default="443")
    opts = parser.parse_args(argv)
    site = EditorSite(
        certificate=opts.certificate, certificate_key=opts.key, htpasswd=opts.htpasswd, allow=opts.allow,
        editor=opts.editor, server_name=opts.server_name, https_listen=opts.https_listen,
    )  # fmt: skip
    print(render_editor(site), end="")
    return 0


if __name__ == "__main__":
    sys.exit(main())
