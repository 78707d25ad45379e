"""The rendered nginx config on its own: nginx -t, IPv6 listening, the limits' key for IPv6 clients.

The key is checked in a real nginx: a probe server added to the rendered config sets the client address
from a header (the realip module, for this test only) and answers with the key the limits count by.
"""

from __future__ import annotations

import ipaddress
import os
import signal
import subprocess
from collections.abc import Iterator
from pathlib import Path

import pytest
from servers import NGINX, free_port, raw, wait_for

from helpsite import ROOT

pytestmark = pytest.mark.skipif(not Path(NGINX).exists(), reason="nginx is missing: apt-get install nginx")

import nginxconf  # noqa: E402  (deploy/ is on the path through servers)


def site(prefix: Path, **values: object) -> nginxconf.Site:
    """A Site with a fresh self-signed certificate in `prefix`, logs there too."""
    nginxconf.self_signed("localhost", prefix / "cert.pem", prefix / "key.pem")
    return nginxconf.Site(
        upstreams=["127.0.0.1:9"], certificate=prefix / "cert.pem", certificate_key=prefix / "key.pem",
        static_root=ROOT / "build", error_log=str(prefix / "error.log"), **values,  # type: ignore[arg-type]
    )  # fmt: skip


def write(prefix: Path, site: nginxconf.Site, extra: str = "") -> list[str]:
    """The rendered config (and `extra`) under a main config in `prefix`; the nginx command for it."""
    (prefix / "site.conf").write_text(nginxconf.render(site) + extra, encoding="utf-8")
    main = nginxconf.main_config(prefix, site, prefix / "site.conf", os.geteuid() == 0)
    (prefix / "nginx.conf").write_text(main, encoding="utf-8")
    return [NGINX, "-p", str(prefix), "-c", str(prefix / "nginx.conf"), "-e", str(prefix / "startup.log")]


def test_with_ipv6_every_server_listens_on_both_families_and_nginx_t_passes(tmp_path: Path) -> None:
    text = nginxconf.render(site(tmp_path, ipv6=True))
    for flags in (" default_server", " ssl default_server", "", " ssl http2"):
        port = "443" if "ssl" in flags else "80"
        assert f"    listen {port}{flags};\n    listen [::]:{port}{flags};" in text, flags
    check = subprocess.run(
        [*write(tmp_path, site(tmp_path, ipv6=True)), "-t"], capture_output=True, text=True
    )
    assert check.returncode == 0, check.stderr


def test_without_ipv6_nothing_listens_on_it_and_an_address_is_never_doubled(tmp_path: Path) -> None:
    assert "[::]" not in nginxconf.render(site(tmp_path))
    with pytest.raises(ValueError, match="bare port"):
        nginxconf.render(site(tmp_path, ipv6=True, http_listen="127.0.0.1:8080"))


@pytest.fixture
def key_of(tmp_path: Path) -> Iterator:
    """`key_of(address)`: the bytes the connection and search limits count a client at `address` by."""
    port = free_port()
    probe = f"""
server {{
    listen 127.0.0.1:{port};
    set_real_ip_from 127.0.0.1;
    real_ip_header X-Client;
    location / {{ return 200 "$helpsite_client"; }}
}}
"""
    values = {"http_listen": f"127.0.0.1:{free_port()}", "https_listen": f"127.0.0.1:{free_port()}"}
    command = write(tmp_path, site(tmp_path, **values), probe)
    nginx = subprocess.Popen(
        command, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, start_new_session=True
    )

    def key(address: str) -> bytes:
        request = f"GET / HTTP/1.1\r\nHost: probe\r\nX-Client: {address}\r\nConnection: close\r\n\r\n"
        return raw(port, request.encode()).split(b"\r\n\r\n", 1)[1]

    try:
        try:
            wait_for(lambda: (tmp_path / "nginx.pid").exists(), "nginx to start", limit=30)
            wait_for(lambda: _answers(port), "nginx to answer", limit=30)
        except pytest.fail.Exception:
            # Once, under a full run's load, nginx had started and never answered: say what it said.
            logs = {name: (tmp_path / name).read_text() for name in ("startup.log", "error.log")
                    if (tmp_path / name).exists()}  # fmt: skip
            pytest.fail(f"nginx on port {port}: running {nginx.poll() is None}; its logs {logs}")
        yield key
    finally:
        os.killpg(nginx.pid, signal.SIGQUIT)
        nginx.wait(timeout=10)


def _answers(port: int) -> bool:
    try:
        return raw(port, b"GET / HTTP/1.1\r\nHost: probe\r\nConnection: close\r\n\r\n", timeout=2) != b""
    except OSError:
        return False


def test_an_ipv6_client_is_counted_by_its_64_and_an_ipv4_one_alone(key_of) -> None:
    one_home = ["2001:db8:1:2::1", "2001:db8:1:2:a:b:c:d", "2001:db8:1:2:ffff:ffff:ffff:ffff"]
    keys = {key_of(address) for address in one_home}
    assert keys == {ipaddress.IPv6Address("2001:db8:1:2::").packed[:8]}
    # Bytes a regular expression could trip on (a newline, a NUL) inside the prefix count as any other.
    assert key_of("a0a:0:0:0::1") == key_of("a0a::2") == ipaddress.IPv6Address("a0a::").packed[:8]
    assert key_of("2001:db8:1:3::1") != key_of("2001:db8:1:2::1")
    assert key_of("192.0.2.7") == ipaddress.IPv4Address("192.0.2.7").packed
    assert key_of("192.0.2.8") != key_of("192.0.2.7")
