"""The development server: build, serve the output on localhost, rebuild on every change, and tell the open pages.

Each HTML page is served as built with one line added on the way out (never to a file, so no build has it):
`<script src="/__devserver/reload.js" ...>` before `</head>`. That script (sitebuild/devserver_reload.js) listens
to `/__devserver/events` (Server-Sent Events): the page reloads itself when a rebuild is done, and a rebuild that
failed shows its message over the page, which stays the last good build. Every response carries the production
Content-Security-Policy, so a page that breaks it breaks here too; the script keeps to it.
"""

from __future__ import annotations

import contextlib
import functools
import io
import json
import secrets
import sys
import threading
import time
from http.server import SimpleHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from types import TracebackType
from urllib.parse import parse_qs, urlsplit

from watchfiles import DefaultFilter, watch

from . import PELICANCONF, PLUGINS, ROOT, THEME, BuildError
from .build import build_moment, run_build
from .live import LiveSite
from .media import CACHE as MEDIA_CACHE
from .postprocess.host_files import CONTENT_SECURITY_POLICY
from .validate import MARKDOWN_CACHE

HOST = "127.0.0.1"
PORT = 8000
# The server's own addresses; no page of the site starts with this folder.
PREFIX = "/__devserver/"
SCRIPT = Path(__file__).with_name("devserver_reload.js")
# How often an open event stream is sent a comment, so a closed tab frees its thread.
KEEP_ALIVE_S = 15
# How long the watcher waits for a change before it answers anyway (the server then sees whether to stop).
WATCH_TICK_MS = 200


class _NotBuildOutput(DefaultFilter):
    """Editors' and Python's leftovers, and the catalogs every build compiles into the theme: no reason to rebuild."""

    ignore_entity_patterns = (*DefaultFilter.ignore_entity_patterns, r"\.mo$")


class BuildState:
    """What the open pages are told: the version of the output served, and the last build's error if it failed.

    The version names this server too, so a page served by an earlier run of it reloads once it reconnects.
    """

    def __init__(self) -> None:
        self._changed = threading.Condition()
        self._run = secrets.token_hex(4)
        self._builds = 0
        self.error: str | None = None
        self.stopped = False

    @property
    def version(self) -> str:
        return f"{self._run}.{self._builds}"

    def built(self, output_replaced: bool) -> None:
        """A build succeeded: pages reload if it wrote a new output or took an error away."""
        with self._changed:
            if output_replaced or self.error is not None:
                self._builds += 1
            self.error = None
            self._changed.notify_all()

    def failed(self, message: str) -> None:
        with self._changed:
            self.error = message
            self._changed.notify_all()

    def stop(self) -> None:
        with self._changed:
            self.stopped = True
            self._changed.notify_all()

    def wait(self, version: str, error: str | None, timeout: float) -> tuple[str, str | None, bool]:
        """(version, error, stopped) once any differs from what a page has, or after `timeout` seconds."""
        with self._changed:
            self._changed.wait_for(
                lambda: self.stopped or self.version != version or self.error != error, timeout=timeout
            )
            return self.version, self.error, self.stopped


def with_reload_script(page: bytes, version: str) -> bytes:
    """The page with the reload script before its `</head>` (a page without one is left as it is)."""
    end = page.lower().find(b"</head>")
    if end < 0:
        return page
    tag = f'<script src="{PREFIX}reload.js" data-version="{version}" defer></script>\n'.encode()
    return page[:end] + tag + page[end:]


class Handler(SimpleHTTPRequestHandler):
    """Files from the output folder (pages with the reload script), the script itself and the event stream."""

    state: BuildState  # set by DevServer for its own subclass

    def end_headers(self) -> None:
        self.send_header("Content-Security-Policy", CONTENT_SECURITY_POLICY)
        # Every answer is checked again on the next request: a rebuild can change any file.
        self.send_header("Cache-Control", "no-cache")
        super().end_headers()

    def log_message(self, format: str, *args: object) -> None:
        pass

    def do_GET(self) -> None:
        path = urlsplit(self.path).path
        if path == f"{PREFIX}events":
            # A page that names no version gets no reload (rather than one after another).
            self._events(parse_qs(urlsplit(self.path).query).get("version", [self.state.version])[0])
        elif path == f"{PREFIX}reload.js":
            self._answer(SCRIPT.read_bytes(), "text/javascript; charset=utf-8")
        else:
            super().do_GET()

    def send_head(self):
        url_path = urlsplit(self.path).path
        file = Path(self.translate_path(self.path))
        if url_path.endswith("/") and file.is_dir():
            file = file / "index.html"
        if file.suffix != ".html" or not file.is_file():
            return super().send_head()
        # The version before the page: a rebuild in between costs the page one more reload, never a missed one.
        version = self.state.version
        return self._head(with_reload_script(file.read_bytes(), version), "text/html; charset=utf-8")

    def _head(self, body: bytes, content_type: str) -> io.BytesIO:
        self.send_response(200)
        self.send_header("Content-Type", content_type)
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        return io.BytesIO(body)

    def _answer(self, body: bytes, content_type: str) -> None:
        self.copyfile(self._head(body, content_type), self.wfile)

    def _events(self, version: str) -> None:
        """The event stream of a page served at `version`: `reload` once the output is newer, `problem` with the
        failed build's message (JSON) whenever there is a new one."""
        self.send_response(200)
        self.send_header("Content-Type", "text/event-stream; charset=utf-8")
        self.end_headers()
        shown = None
        try:
            while True:
                current, error, stopped = self.state.wait(version, shown, KEEP_ALIVE_S)
                if stopped:
                    return
                if current != version:
                    self.wfile.write(b"event: reload\ndata: \n\n")
                    self.wfile.flush()
                    return
                if error != shown and error is not None:
                    self.wfile.write(f"event: problem\ndata: {json.dumps(error)}\n\n".encode())
                else:
                    self.wfile.write(b": still here\n\n")
                shown = error
                self.wfile.flush()
        except (BrokenPipeError, ConnectionResetError):
            return


class DevServer:
    """Serve `output` on http://127.0.0.1:`port`/ (0: any free port), build it from `content` and rebuild on every
    change; a context manager. `watch()` rebuilds until `stop()` or the `stop` event is set (or Ctrl+C). `quiet`
    leaves out all but a failed build's message.

    Entering it starts serving (the last output, if any), the watcher, then the first build: a save from then on
    is never missed.
    """

    def __init__(
        self,
        content: Path = ROOT / "content",
        output: Path = ROOT / "output",
        settings: Path = PELICANCONF,
        port: int = PORT,
        now: str | None = None,
        quiet: bool = False,
        media_cache: Path = MEDIA_CACHE,
        markdown_cache: Path = MARKDOWN_CACHE,
        stop: threading.Event | None = None,
    ) -> None:
        self.content, self.output, self.settings = Path(content), Path(output).resolve(), Path(settings)
        self.now, self.quiet = now, quiet
        self.caches = {"media_cache": Path(media_cache), "markdown_cache": Path(markdown_cache)}
        self.state = BuildState()
        handler = type("DevHandler", (Handler,), {"state": self.state})
        # The handler joins the folder name on every request, so it keeps serving after the output is swapped.
        self._httpd = ThreadingHTTPServer((HOST, int(port)), functools.partial(handler, directory=str(self.output)))
        self._httpd.daemon_threads = True
        self.url = f"http://{HOST}:{self._httpd.server_address[1]}/"
        self._stop = stop if stop is not None else threading.Event()
        self._http = threading.Thread(target=self._httpd.serve_forever, name="devserver-http", daemon=True)
        self._changes = None
        self._pending: set = set()
        # Saves of content files are made in place while it can (sitebuild/live); anything else is a full build.
        self.live = LiveSite(self.content, self.output, self.settings, now, self.caches["markdown_cache"])

    def watched(self) -> list[Path]:
        """What a rebuild follows: the content, the theme, the plugins and the settings (with pelicanconf.py, which
        every settings file of this project starts from)."""
        return [self.content, THEME, PLUGINS, *dict.fromkeys([self.settings, PELICANCONF])]

    def __enter__(self) -> DevServer:
        self._http.start()
        self._changes = watch(
            *self.watched(),
            watch_filter=_NotBuildOutput(),
            stop_event=self._stop,
            rust_timeout=WATCH_TICK_MS,
            yield_on_timeout=True,
        )
        try:
            # The watcher starts on the first answer (empty after WATCH_TICK_MS when nothing changed).
            self._pending = next(self._changes)
            self.build()
        except BaseException:
            self.__exit__(None, None, None)
            raise
        return self

    def __exit__(
        self, kind: type[BaseException] | None, value: BaseException | None, traceback: TracebackType | None
    ) -> None:
        self.stop()
        if self._changes is not None:
            self._changes.close()
        self.live.close()
        self.live.search.settled()
        self.state.stop()
        self._httpd.shutdown()
        self._httpd.server_close()
        self._http.join()

    def stop(self) -> None:
        """End `watch()` (from any thread)."""
        self._stop.set()

    def build(self, changed: list[Path] | None = None) -> bool:
        """A full build, or an update in place of the content files `changed` (sitebuild/live) when that can be
        made; a failure is printed and told to the open pages, and the last good output stays served."""
        started = time.monotonic()
        try:
            if changed and self._content_only(changed) and self.live.update(changed):
                if not self.quiet:
                    print(f"Updated in place in {time.monotonic() - started:.1f} s.", flush=True)
                self.state.built(True)
                return True
            self.live.close()
            before = _identity(self.output)
            now = build_moment(self.settings, self.now)
            run_build(
                content=self.content,
                output=self.output,
                settings=self.settings,
                quiet=self.quiet,
                now=now,
                **self.caches,
            )
        except BuildError as error:
            print(f"error: {error}\nThe last good build is still served.", file=sys.stderr, flush=True)
            self.state.failed(str(error))
            return False
        self.state.built(_identity(self.output) != before)
        # What the next save needs, kept (the open pages have their build already).
        self.live.start(now)
        return True

    def _content_only(self, changed: list[Path]) -> bool:
        """Whether every change is to a file in the content folder that is still there."""
        root = self.content.resolve()
        return all(path.is_file() and path.resolve().is_relative_to(root) for path in changed)

    def settled(self, timeout: float | None = None) -> bool:
        """Wait until the search index is the output's too (it is made again after an update in place)."""
        return self.live.search.settled(timeout)

    def watch(self) -> None:
        """Rebuild after every change until `stop()`."""
        changes = self._pending
        while not self._stop.is_set():
            if changes:
                if not self.quiet:
                    names = ", ".join(sorted({Path(path).name for _change, path in changes}))
                    print(f"Changed: {names}; rebuilding.", flush=True)
                self.build(sorted({Path(path) for _change, path in changes}))
            changes = next(self._changes, set())


def _identity(folder: Path) -> int | None:
    """Which folder is at `folder` now (a build that did something swapped in another one)."""
    try:
        return folder.stat().st_ino
    except FileNotFoundError:
        return None


def serve(
    port: int = PORT,
    content: Path = ROOT / "content",
    output: Path = ROOT / "output",
    settings: Path = PELICANCONF,
    now: str | None = None,
    stop: threading.Event | None = None,
) -> None:
    """Build, serve on http://127.0.0.1:PORT/ and rebuild on every change until Ctrl+C (or `stop` is set); open
    pages reload."""
    with contextlib.suppress(KeyboardInterrupt), DevServer(content, output, settings, port, now, stop=stop) as server:
        print(f"Serving {server.url}; open pages reload after each rebuild. Ctrl+C stops.")
        server.watch()
