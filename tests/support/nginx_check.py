"""The configuration test `invoke publish --check-config` runs before a release goes live, as the host has it
(docs/hosting.md, deploy/nginx-check.conf): deploy/nginx.conf with its release files read through `ROOT/next`,
which deploy/activate.py points at the release about to go live, tested with `nginx -t`."""

from __future__ import annotations

import shlex
from pathlib import Path

from . import nginx


def check_command(srv: Path, prefix: Path) -> str:
    """The command that tests the site's configuration with the release at `srv/next` (what the host's
    /etc/nginx/batteryregion-check.conf does); it writes its files into `prefix`."""
    prefix.mkdir(parents=True, exist_ok=True)
    cert, key = nginx.make_certificate(prefix)
    # The host makes batteryregion-next.conf by pointing deploy/nginx.conf's current/_nginx/ at next/_nginx/;
    # here site_config points the whole release root there (the rest is what tests/support/nginx.py replaces).
    site = nginx.site_config(srv / "next", nginx.free_port(), nginx.free_port(), cert, key, prefix)
    (prefix / "site.conf").write_text(site, encoding="utf-8")
    (prefix / "check.conf").write_text(
        nginx.MAIN_CONF.format(prefix=prefix, brotli=nginx.BROTLI_STATIC_MODULE, processes="master_process off;"),
        encoding="utf-8",
    )
    return shlex.join([nginx.NGINX, "-t", "-q", "-p", str(prefix), "-c", str(prefix / "check.conf")])


def host_next_config(text: str, root: str = "/srv/batteryregion") -> str:
    """/etc/nginx/batteryregion-next.conf as docs/hosting.md makes it from deploy/nginx.conf."""
    return text.replace(f"{root}/current/_nginx/", f"{root}/next/_nginx/")
