"""A small static HTTP(S) server on 127.0.0.1 for a built site folder, as a static host would serve it.

The one local server of the test suite: the gates, the browser tests (tests/conftest.py `site_url`) and the
tests that need a header or a miss answered as the host answers them (a subclass of `Handler`, `headers`).
"""

from __future__ import annotations

import functools
import ssl
import subprocess
import threading
from http.server import SimpleHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from types import TracebackType
from typing import ClassVar

# Python's table lacks some types a static host sends; a wrong type would change what the browser does.
CONTENT_TYPES = {
    ".html": "text/html; charset=utf-8",
    ".css": "text/css; charset=utf-8",
    ".js": "text/javascript; charset=utf-8",
    ".mjs": "text/javascript; charset=utf-8",
    ".json": "application/json",
    ".svg": "image/svg+xml",
    ".woff2": "font/woff2",
    ".woff": "font/woff",
    ".xml": "application/xml",
    ".txt": "text/plain; charset=utf-8",
    ".ics": "text/calendar; charset=utf-8",
    ".wasm": "application/wasm",
    ".webmanifest": "application/manifest+json",
    ".pf_meta": "application/octet-stream",
}


class Handler(SimpleHTTPRequestHandler):
    """Serves files quietly with the host's content types; subclass it for other server behaviour."""

    extensions_map: ClassVar[dict[str, str]] = {**SimpleHTTPRequestHandler.extensions_map, **CONTENT_TYPES}

    # Sent with every response (a subclass made by StaticServer sets it).
    extra_headers: ClassVar[dict[str, str]] = {}

    def end_headers(self) -> None:
        for name, value in self.extra_headers.items():
            self.send_header(name, value)
        super().end_headers()

    def log_message(self, format: str, *args: object) -> None:
        pass


def make_certificate(folder: Path, host: str, *more_hosts: str) -> tuple[Path, Path]:
    """A throw-away self-signed certificate for `host` and `more_hosts` (valid two days), and its key."""
    cert, key = folder / "cert.pem", folder / "key.pem"
    subprocess.run(
        [
            "openssl",
            "req",
            "-x509",
            "-newkey",
            "rsa:2048",
            "-nodes",
            "-days",
            "2",
            "-subj",
            f"/CN={host}",
            "-addext",
            "subjectAltName=" + ",".join(f"DNS:{name}" for name in (host, *more_hosts)),
            "-keyout",
            str(key),
            "-out",
            str(cert),
        ],
        check=True,
        capture_output=True,
    )
    return cert, key


class StaticServer:
    """Serve `root` on a free port of 127.0.0.1 in a background thread; a context manager.

    With `certificate` (cert, key) it speaks HTTPS, so a browser whose resolver maps the live host name to
    this port sees the site at its real https:// address. `headers` are sent with every response (a
    Content-Security-Policy, say); `handler` answers differently (a miss, say).
    """

    def __init__(
        self,
        root: Path,
        certificate: tuple[Path, Path] | None = None,
        headers: dict[str, str] | None = None,
        handler: type[Handler] = Handler,
    ) -> None:
        self.root = root
        if headers:
            handler = type(f"{handler.__name__}WithHeaders", (handler,), {"extra_headers": dict(headers)})
        self._httpd = ThreadingHTTPServer(("127.0.0.1", 0), functools.partial(handler, directory=str(root)))
        self._httpd.daemon_threads = True
        self.scheme = "http"
        if certificate:
            context = ssl.SSLContext(ssl.PROTOCOL_TLS_SERVER)
            context.load_cert_chain(*map(str, certificate))
            self._httpd.socket = context.wrap_socket(self._httpd.socket, server_side=True)
            self.scheme = "https"
        self.port = self._httpd.server_address[1]
        self.origin = f"{self.scheme}://127.0.0.1:{self.port}"
        self._thread = threading.Thread(
            target=self._httpd.serve_forever, kwargs={"poll_interval": 0.05}, name=f"gates-{self.port}", daemon=True
        )

    def __enter__(self) -> StaticServer:
        self._thread.start()
        return self

    def __exit__(
        self, kind: type[BaseException] | None, value: BaseException | None, traceback: TracebackType | None
    ) -> None:
        self._httpd.shutdown()
        self._httpd.server_close()
        self._thread.join()
