"""Debian's Chromium driven by Playwright, opening a built site from its local server.

Pages are opened at the local server's origin. Production builds link their own assets with absolute
https://batteryregion.eu/ URLs: a route answers those from the same site folder, so they stay requests to
the site itself. A request to any other host is recorded (the privacy gate reports it) and aborted at once,
instead of waiting for a network that is not there.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from urllib.parse import urlsplit

from playwright.sync_api import Browser, BrowserContext, Request, Route
from playwright.sync_api import Page as Tab

from .server import StaticServer
from .sitemodel import Page, Site, url_to_file

CHROMIUM = Path("/usr/bin/chromium")
# The flags every Chromium of this project runs with, besides --headless.
CHROMIUM_FLAGS = (
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
)
DESKTOP = {"width": 1280, "height": 800}


@dataclass
class Visit:
    """A browser context on one site, with every request it made, and the one tab it opens pages in."""

    context: BrowserContext
    requests: list[Request] = field(default_factory=list)
    tab: Tab | None = None

    def record(self, request: Request) -> None:
        self.requests.append(request)

    def close(self) -> None:
        self.context.close()


class SiteBrowser:
    """Opens the pages of one served site in fresh browser contexts."""

    def __init__(self, browser: Browser, site: Site, server: StaticServer) -> None:
        self.browser, self.site, self.server = browser, site, server

    def url(self, page: Page | str) -> str:
        return self.server.origin + (page.url if isinstance(page, Page) else page)

    def is_site_url(self, url: str) -> bool:
        """A request to the site itself: the local server, or the live origin it stands in for."""
        origin = "{0.scheme}://{0.netloc}".format(urlsplit(url))
        return origin in (self.server.origin, self.site.canonical_origin) or url.startswith(("data:", "blob:"))

    def visit(self, viewport: dict[str, int] | None = None, **options: object) -> Visit:
        """A fresh context (cold cache, no cookies, no storage) that records every request."""
        context = self.browser.new_context(viewport=viewport or DESKTOP, **options)
        visit = Visit(context)
        context.on("request", visit.record)
        context.route(f"{self.site.canonical_origin}/**", self._answer_from_folder)
        context.route(lambda url: not self.is_site_url(url), lambda route: route.abort("blockedbyclient"))
        return visit

    def open(self, visit: Visit, page: Page | str) -> Tab:
        """Open `page` in the tab of `visit` (a new tab costs more than a navigation) and wait for its fonts."""
        if visit.tab is None or visit.tab.is_closed():
            visit.tab = visit.context.new_page()
        visit.tab.goto(self.url(page), wait_until="load")
        visit.tab.evaluate("document.fonts.ready.then(() => true)")
        return visit.tab

    def _answer_from_folder(self, route: Route) -> None:
        file = url_to_file(self.site.root, urlsplit(route.request.url).path)
        if file is None:
            route.fulfill(status=404, content_type="text/plain", body="Not found")
        else:
            route.fulfill(path=str(file))
