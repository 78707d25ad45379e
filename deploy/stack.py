"""The production set-up on loopback, in the foreground: nginx (HTTP and HTTPS) in front of app instances.

    python deploy/stack.py              # what `make stack` runs; HOST, PORT, TLS_PORT from the environment
    python deploy/stack.py render ...   # the nginx config for a real server (see README)

Each instance is `gunicorn -c gunicorn.conf.py wsgi:app` on its own port with its own search index, and
its master runs its own content watcher. nginx runs unprivileged from a generated config in a temporary
prefix (never /etc/nginx). Ctrl-C or SIGTERM stops everything; SIGHUP restarts the instances one at a
time. Tests and benchmarks import `Stack` and `Instance` from here.
"""

from __future__ import annotations

import argparse
import os
import pwd
import shutil
import signal
import subprocess
import sys
import tempfile
import threading
import time
from collections.abc import Mapping
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
import errorlog
import nginxconf
import staticfiles
from instance import START_LIMIT, Instance, StackError, can_bind, die_with_parent, end, free_port, status

from helpsite import ROOT

NGINX = shutil.which("nginx") or "/usr/sbin/nginx"
LOOPBACK_NAMES = ("localhost", "127.0.0.1", "::1")


class Stack:
    """nginx on `http_port` and `tls_port` in front of `instances` app instances, all on loopback."""

    def __init__(
        self,
        http_port: int = 8080,
        tls_port: int = 8443,
        host: str = "127.0.0.1",
        instances: int = 2,
        workers: int | None = None,
        env: Mapping[str, str] | None = None,
        certificate: tuple[Path, Path] | None = None,
        workdir: Path | None = None,
        foreground: bool = False,
        server_name: str | None = None,
        limits: Mapping[str, object] | None = None,
    ) -> None:
        self.http_port, self.tls_port, self.host = http_port, tls_port, host
        self.own_workdir = workdir is None
        # Short and private: it holds the key and nginx's log socket (AF_UNIX paths have a length limit).
        self.workdir = Path(workdir or tempfile.mkdtemp(prefix="helpsite-stack-"))
        self.foreground = foreground
        self.certificate = certificate
        names = [*LOOPBACK_NAMES, *([host] if host not in LOOPBACK_NAMES else [])]
        self.server_name = server_name or " ".join(f"[{n}]" if ":" in n else n for n in names)
        self.limits = dict(limits or {})
        logs = None if foreground else self.workdir
        self.instances = [
            Instance(
                port, self.workdir / f"index-{port}", logs and logs / f"gunicorn-{port}.log", workers, env
            )
            for port in (free_port() for _ in range(instances))
        ]
        self.error_log = self.workdir / "nginx-error.log"
        self.nginx: subprocess.Popen | None = None
        self._log_stop = threading.Event()
        self._log_thread: threading.Thread | None = None
        self._log_lock = threading.Lock()

    # -- addresses ---------------------------------------------------------------------------------
    @property
    def http(self) -> str:
        """The plain-HTTP base URL."""
        return f"http://{_url_host(self.host)}:{self.http_port}"

    @property
    def https(self) -> str:
        """The HTTPS base URL."""
        return f"https://{_url_host(self.host)}:{self.tls_port}"

    # -- start and stop ----------------------------------------------------------------------------
    def start(self) -> Stack:
        """Start the instances, build nginx's files, start nginx; return once all of it answers."""
        for name, port in (("PORT", self.http_port), ("TLS_PORT", self.tls_port)):
            if not can_bind(self.host, port):
                raise StackError(f"{self.host}:{port} is in use: choose another {name} (make stack {name}=…)")
        try:
            self.workdir.chmod(0o755)  # nginx's workers (nobody, when started as root) read static files
            for instance in self.instances:
                instance.start()
            for instance in self.instances:
                instance.wait_until_up()
            self._build_static()
            self._start_error_log()
            self._write_nginx_config()
            self._start_nginx()
        except BaseException:
            self.stop()
            raise
        return self

    def _build_static(self) -> None:
        """nginx's static files and error pages, from the first instance's settings and index.

        In a process of its own with that instance's environment: the error pages then show the content
        and settings the instances serve (a caller's `env` reaches the instances only, not this process).
        """
        command = [sys.executable, str(Path(staticfiles.__file__)), str(self.workdir / "www")]
        try:
            done = subprocess.run(
                command, cwd=ROOT, env=self.instances[0].env, capture_output=True, text=True,
                timeout=START_LIMIT,
            )  # fmt: skip
        except subprocess.TimeoutExpired as exc:
            raise StackError(f"{' '.join(command)} took over {START_LIMIT:.0f} s and was stopped") from exc
        if done.returncode != 0:
            raise StackError(
                f"{' '.join(command)} exited with {done.returncode}: nginx's static files and error pages"
                f" were not built:\n{done.stderr[-2000:]}"
            )

    def stop(self) -> None:
        """Stop nginx, then the instances, then the log receiver; remove the temporary folder."""
        if self.nginx:
            end(self.nginx, signal.SIGQUIT, timeout=10)  # SIGQUIT: finish the requests under way
        for instance in self.instances:
            instance.stop()
        self._log_stop.set()
        if self._log_thread:
            self._log_thread.join(timeout=5)
        if self.foreground:
            self.cleanup()  # tests and benchmarks read the logs first, then call cleanup()

    def cleanup(self) -> None:
        """Remove the temporary folder (logs included)."""
        if self.own_workdir:
            shutil.rmtree(self.workdir, ignore_errors=True)

    def restart(self, instance: Instance) -> None:
        """Stop one instance gracefully, start it again (new code), and wait until nginx uses it."""
        instance.stop()
        instance.start().wait_until_up()
        # nginx left it out when it refused connections; after fail_timeout it is tried again.
        time.sleep(nginxconf.FAIL_TIMEOUT + 0.5)

    def rolling_restart(self) -> None:
        """Restart the instances one at a time, so one is always serving."""
        for instance in self.instances:
            self.restart(instance)

    def logs(self) -> dict[str, str]:
        """Every log file of the stack by name (instances and nginx)."""
        return {p.name: p.read_text(encoding="utf-8", errors="replace") for p in self.workdir.glob("*.log")}

    # -- pieces ------------------------------------------------------------------------------------
    def _start_error_log(self) -> None:
        sock = errorlog.bind(self.workdir / "nginx-log.sock")
        if os.geteuid() == 0:
            nobody = pwd.getpwnam("nobody")
            os.chown(self.workdir / "nginx-log.sock", nobody.pw_uid, nobody.pw_gid)
        out = self.error_log.open("a", encoding="utf-8")

        def write(line: str) -> None:
            with self._log_lock:
                out.write(line + "\n")
                out.flush()
                if self.foreground:
                    print(f"nginx: {line}", file=sys.stderr, flush=True)

        def run() -> None:
            try:
                errorlog.receive(sock, write, self._log_stop)
            finally:
                sock.close()
                out.close()

        self._log_thread = threading.Thread(target=run, name="nginx-error-log", daemon=True)
        self._log_thread.start()

    def _write_nginx_config(self) -> None:
        if self.certificate:
            cert, key = self.certificate
        else:
            cert, key = self.workdir / "self-signed.crt", self.workdir / "self-signed.key"
            nginxconf.self_signed(self.server_name, cert, key)
        host = _url_host(self.host)
        site = nginxconf.Site(
            upstreams=[f"127.0.0.1:{i.port}" for i in self.instances],
            certificate=cert,
            certificate_key=key,
            static_root=self.workdir / "www",
            server_name=self.server_name,
            http_listen=f"{host}:{self.http_port}",
            https_listen=f"{host}:{self.tls_port}",
            https_port=self.tls_port,
            error_log=f"syslog:server=unix:{self.workdir / 'nginx-log.sock'},nohostname,tag=nginx",
            **self.limits,  # type: ignore[arg-type]
        )
        (self.workdir / "helpsite.conf").write_text(nginxconf.render(site), encoding="utf-8")
        main = nginxconf.main_config(self.workdir, site, self.workdir / "helpsite.conf", os.geteuid() == 0)
        (self.workdir / "nginx.conf").write_text(main, encoding="utf-8")

    def nginx_command(self, *extra: str) -> list[str]:
        """nginx with the stack's prefix and config (extra: e.g. "-t")."""
        startup = self.workdir / "nginx-startup.log"
        return [
            NGINX,
            "-p",
            str(self.workdir),
            "-c",
            str(self.workdir / "nginx.conf"),
            "-e",
            str(startup),
            *extra,
        ]

    def _start_nginx(self) -> None:
        check = subprocess.run(self.nginx_command("-t", "-q"), capture_output=True, text=True)
        if check.returncode:
            raise StackError(f"nginx -t failed:\n{check.stderr}")
        self.nginx = subprocess.Popen(
            self.nginx_command(), start_new_session=True, preexec_fn=die_with_parent
        )
        deadline = time.monotonic() + 15
        while status(f"{self.http}/healthz", host="localhost") != 200:
            if self.nginx.poll() is not None or time.monotonic() > deadline:
                where = "its messages are above" if self.foreground else f"see {self.error_log}"
                raise StackError(f"nginx did not start ({where})")
            time.sleep(0.1)


def _url_host(host: str) -> str:
    return f"[{host}]" if ":" in host else host


def run(stack: Stack) -> int:
    """Start `stack`, say where it is, serve until SIGINT or SIGTERM; SIGHUP: a rolling restart."""
    # Under make (or any parent) that is itself stopped with SIGTERM: stop too, rather than be orphaned.
    die_with_parent()
    stopping = threading.Event()
    rolling = threading.Event()
    signal.signal(signal.SIGTERM, lambda *_: stopping.set())
    signal.signal(signal.SIGINT, lambda *_: stopping.set())
    signal.signal(signal.SIGHUP, lambda *_: rolling.set())
    try:
        stack.start()
        ports = ", ".join(str(i.port) for i in stack.instances)
        print(f"stack: {stack.https}/ (and {stack.http}/ redirects); app instances on {ports}", flush=True)
        print("stack: Ctrl-C stops it; kill -HUP restarts the instances one at a time", flush=True)
        while not stopping.wait(0.5):
            if stack.nginx and stack.nginx.poll() is not None:
                print("stack: nginx stopped; stopping everything", file=sys.stderr)
                return 1
            if rolling.is_set():
                rolling.clear()
                stack.rolling_restart()
                print("stack: every instance restarted", flush=True)
        return 0
    except StackError as error:
        print(f"stack: {error}", file=sys.stderr)
        return 1
    finally:
        stack.stop()


def main(argv: list[str] | None = None) -> int:
    """`stack.py` runs the stack; `stack.py render ...` prints the nginx config for a real server."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    sub = parser.add_subparsers(dest="command")
    render = sub.add_parser("render", help="print the nginx config (http context) for a real server")
    render.add_argument(
        "--server-name", required=True, help="the site's host name(s), e.g. hjaelp.hvidovre.dk"
    )
    render.add_argument("--certificate", required=True, type=Path, help="full chain, PEM")
    render.add_argument("--key", required=True, type=Path, help="the certificate's private key, PEM")
    render.add_argument(
        "--upstream", action="append", required=True, help="host:port of an instance (repeat)"
    )
    render.add_argument("--static-root", type=Path, default=ROOT / "build", help="where `make static` built")
    render.add_argument("--http-listen", default="80")
    render.add_argument("--https-listen", default="443")
    render.add_argument(
        "--ipv6", action="store_true", help="also listen on [::] on the same ports (bare ports only)"
    )
    opts = parser.parse_args(argv)
    if opts.command == "render":
        port = int(opts.https_listen.rsplit(":", 1)[-1])
        site = nginxconf.Site(
            upstreams=opts.upstream, certificate=opts.certificate, certificate_key=opts.key,
            static_root=opts.static_root.resolve(), server_name=opts.server_name,
            http_listen=opts.http_listen, https_listen=opts.https_listen, https_port=port, ipv6=opts.ipv6,
        )  # fmt: skip
        print(nginxconf.render(site), end="")
        return 0
    env = os.environ
    cert, key = env.get("TLS_CERTIFICATE"), env.get("TLS_KEY")
    if bool(cert) != bool(key):
        parser.error("set both TLS_CERTIFICATE and TLS_KEY, or neither (a self-signed one is made)")
    stack = Stack(
        http_port=int(env.get("PORT", "8080")),
        tls_port=int(env.get("TLS_PORT", "8443")),
        host=env.get("HOST", "127.0.0.1"),
        certificate=(Path(cert), Path(key)) if cert and key else None,
        foreground=True,
    )
    return run(stack)


if __name__ == "__main__":
    sys.exit(main())
