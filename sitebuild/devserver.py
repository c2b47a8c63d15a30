"""The development server: build, serve output/ on localhost, rebuild in a fresh process on every change."""

from __future__ import annotations

import functools
import sys
import threading
from http.server import SimpleHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

from . import PELICANCONF, ROOT, THEME, BuildError
from .build import run_build

HOST = "127.0.0.1"
PORT = 8000


def _not_build_output(_change, path: str) -> bool:
    return not path.endswith((".mo", ".pyc"))


def serve(port: int = PORT) -> None:
    """Build, serve on http://127.0.0.1:PORT/ and rebuild on every change until Ctrl+C."""
    from watchfiles import watch

    output = ROOT / "output"
    try:
        run_build(output=output)
    except BuildError as error:
        print(f"error: {error}", file=sys.stderr)
    # The handler joins the folder name on every request, so it keeps serving after output/ is swapped.
    handler = functools.partial(SimpleHTTPRequestHandler, directory=str(output))
    server = ThreadingHTTPServer((HOST, int(port)), handler)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    print(f"Serving http://{HOST}:{port}/ (Finnish: /fi/). Ctrl+C stops.")
    watched = [ROOT / "content", THEME, ROOT / "plugins", PELICANCONF]
    try:
        for changes in watch(*watched, watch_filter=_not_build_output):
            print(f"Changed: {', '.join(sorted(Path(p).name for _c, p in changes))}; rebuilding.")
            try:
                run_build(output=output)
            except BuildError as error:
                print(f"error: {error}\nThe previous build is still served.", file=sys.stderr)
    except KeyboardInterrupt:
        pass
    finally:
        server.shutdown()
