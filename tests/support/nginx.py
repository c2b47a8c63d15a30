"""Debian's nginx running deploy/nginx.conf on 127.0.0.1, for tests: its own prefix, pid, logs and temp paths.

The production configuration is used as it is, with only what a test must change replaced: the
release folder, the listening addresses (free ports on 127.0.0.1, no IPv6) and the certificate (a
self-signed one for batteryregion.eu and www.batteryregion.eu, made with openssl). Each replaced line must
be found, so a change to deploy/nginx.conf that a test would silently stop covering fails here first.

Started as root, nginx serves as Debian's does: a master process (root) reads the configuration and the
certificate, its worker answers requests as `www-data`, so the release must be readable by another user.
"""

from __future__ import annotations

import contextlib
import http.client
import os
import shutil
import socket
import ssl
import subprocess
import tempfile
import time
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

from tests.gates.gatekit.server import make_certificate as gatekit_certificate

NGINX = "/usr/sbin/nginx"
BROTLI_STATIC_MODULE = "/usr/lib/nginx/modules/ngx_http_brotli_static_module.so"
HOST = "batteryregion.eu"
WWW_HOST = f"www.{HOST}"
# The user Debian's nginx answers requests as (the `user` of /etc/nginx/nginx.conf).
WEB_USER = "www-data"
DEPLOY_CONF = Path(__file__).resolve().parents[2] / "deploy" / "nginx.conf"
PRODUCTION_ROOT = "/srv/batteryregion/current"
START_TIMEOUT = 10.0

MAIN_CONF = """\
daemon off;
{processes}
pid {prefix}/nginx.pid;
error_log {prefix}/error.log warn;
load_module {brotli};
events {{ worker_connections 64; }}
http {{
    include /etc/nginx/mime.types;
    default_type application/octet-stream;
    access_log {prefix}/access.log;
    client_body_temp_path {prefix}/client_body;
    proxy_temp_path {prefix}/proxy;
    fastcgi_temp_path {prefix}/fastcgi;
    uwsgi_temp_path {prefix}/uwsgi;
    scgi_temp_path {prefix}/scgi;
    include {prefix}/site.conf;
}}
"""


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def make_certificate(folder: Path) -> tuple[Path, Path]:
    """A self-signed certificate for batteryregion.eu and www.batteryregion.eu (valid two days), and its key."""
    return gatekit_certificate(folder, HOST, WWW_HOST)


def site_config(root: Path, https_port: int, http_port: int, cert: Path, key: Path, logs: Path) -> str:
    """deploy/nginx.conf for a test: the release at `root`, listening on 127.0.0.1 only, logging into `logs`."""
    text = DEPLOY_CONF.read_text(encoding="utf-8")
    replacements = [
        (PRODUCTION_ROOT, str(root)),
        ("listen 443 ssl http2;", f"listen 127.0.0.1:{https_port} ssl http2;"),
        ("listen [::]:443 ssl http2;", ""),
        ("listen 80;", f"listen 127.0.0.1:{http_port};"),
        ("listen [::]:80;", ""),
        ("/etc/letsencrypt/live/batteryregion.eu/fullchain.pem", str(cert)),
        ("/etc/letsencrypt/live/batteryregion.eu/privkey.pem", str(key)),
        ("/var/log/nginx/batteryregion.eu/", f"{logs}/"),
    ]
    for old, new in replacements:
        if old not in text:
            raise AssertionError(f"deploy/nginx.conf no longer contains {old!r}: update tests/nginx.py")
        text = text.replace(old, new)
    return text


@dataclass
class Nginx:
    """A running nginx serving the release folder `root` as https://batteryregion.eu (on a local port)."""

    prefix: Path
    https_port: int
    http_port: int
    cert: Path
    process: subprocess.Popen

    @classmethod
    def start(cls, root: Path, prefix: Path) -> Nginx:
        """nginx serving `root`; as root its worker runs as www-data (then `root` must be readable by others)."""
        prefix.mkdir(parents=True, exist_ok=True)
        cert, key = make_certificate(prefix)
        https_port, http_port = free_port(), free_port()
        (prefix / "site.conf").write_text(site_config(root, https_port, http_port, cert, key, prefix), encoding="utf-8")
        if os.geteuid() == 0:
            processes = f"master_process on;\nworker_processes 1;\nuser {WEB_USER} {WEB_USER};"
        else:
            # Not root: one process as this user, which cannot switch users anyway.
            processes = "master_process off;"
        (prefix / "nginx.conf").write_text(
            MAIN_CONF.format(prefix=prefix, brotli=BROTLI_STATIC_MODULE, processes=processes), encoding="utf-8"
        )
        process = subprocess.Popen(
            [NGINX, "-p", str(prefix), "-c", str(prefix / "nginx.conf"), "-e", str(prefix / "error.log")],
            stdout=subprocess.PIPE,
            stderr=subprocess.STDOUT,
        )
        server = cls(prefix, https_port, http_port, cert, process)
        server._wait_until_listening()
        return server

    def _wait_until_listening(self) -> None:
        deadline = time.monotonic() + START_TIMEOUT
        while time.monotonic() < deadline:
            if self.process.poll() is not None:
                output = self.process.stdout.read().decode(errors="replace") if self.process.stdout else ""
                raise RuntimeError(f"nginx exited with {self.process.returncode}:\n{output}\n{self.error_log()}")
            try:
                with socket.create_connection(("127.0.0.1", self.https_port), timeout=0.2):
                    return
            except OSError:
                time.sleep(0.05)
        self.stop()
        raise RuntimeError(f"nginx did not listen on 127.0.0.1:{self.https_port}:\n{self.error_log()}")

    def error_log(self) -> str:
        log = self.prefix / "error.log"
        return log.read_text(encoding="utf-8", errors="replace") if log.exists() else ""

    def stop(self) -> None:
        if self.process.poll() is None:
            self.process.terminate()
            try:
                self.process.wait(timeout=10)
            except subprocess.TimeoutExpired:
                self.process.kill()
                self.process.wait()
        if self.process.stdout:
            self.process.stdout.close()

    def request(
        self, path: str, headers: dict[str, str] | None = None, method: str = "GET", host: str = HOST
    ) -> tuple[http.client.HTTPResponse, bytes]:
        """One HTTPS request for https://{host}{path}, the certificate checked against ours."""
        context = ssl.create_default_context(cafile=str(self.cert))
        connection = _LocalHTTPSConnection(host, self.https_port, context=context, timeout=10)
        try:
            connection.request(method, path, headers=headers or {})
            response = connection.getresponse()
            return response, response.read()
        finally:
            connection.close()

    def plain_request(self, path: str, host: str = HOST) -> http.client.HTTPResponse:
        """One plain-HTTP request for http://{host}{path}."""
        connection = http.client.HTTPConnection("127.0.0.1", self.http_port, timeout=10)
        try:
            connection.request("GET", path, headers={"Host": host})
            response = connection.getresponse()
            response.read()
            return response
        finally:
            connection.close()


class _LocalHTTPSConnection(http.client.HTTPSConnection):
    """HTTPS to batteryregion.eu or www.batteryregion.eu (SNI, certificate name) on 127.0.0.1."""

    def connect(self) -> None:
        sock = socket.create_connection(("127.0.0.1", self.port), self.timeout)
        self.sock = self._context.wrap_socket(sock, server_hostname=self.host)


def available() -> str | None:
    """Why nginx cannot run here, or None."""
    if not Path(NGINX).exists():
        return f"{NGINX} is missing: `make test` installs Debian's nginx"
    if not Path(BROTLI_STATIC_MODULE).exists():
        return f"{BROTLI_STATIC_MODULE} is missing: `make test` installs libnginx-mod-http-brotli-static"
    if shutil.which("openssl") is None:
        return "openssl is missing"
    return None


@contextlib.contextmanager
def serving(site: Path, release: str = "test-release") -> Iterator[Nginx]:
    """nginx with deploy/nginx.conf serving a built `site`, deployed as releases/<release> + current.

    As root (CI), its worker runs as www-data, as on the host: the release must be readable by another user,
    so it lives in a folder others may enter (pytest's own temporary folders are private).
    """
    import sitebuild.deploy

    missing = available()
    if missing:
        raise RuntimeError(missing)
    with tempfile.TemporaryDirectory(prefix="batteryregion-nginx-") as tmp:
        work = Path(tmp)
        work.chmod(0o755)
        sitebuild.deploy.deploy_local(site, work / "srv", release)
        running = Nginx.start(work / "srv" / "current", work / "prefix")
        try:
            yield running
        finally:
            running.stop()
