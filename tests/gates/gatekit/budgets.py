"""Budgets instead of timings: bytes and requests per page type, no render-blocking third party, no layout shift.

The budgets live in `budgets.json` beside the gates: a default and overrides per page type, in bytes as
transferred from the local server (uncompressed: the production host compresses, so real transfers are smaller).
"""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from pathlib import Path

from playwright.sync_api import Page as Tab
from playwright.sync_api import Request, Route
from playwright.sync_api import TimeoutError as PlaywrightTimeout

from .browser import SiteBrowser, Visit
from .problems import Problem, snippet
from .sitemodel import Page

BUDGET_FILE = Path(__file__).resolve().parents[1] / "budgets.json"
FONT_EXTENSIONS = (".woff2", ".woff", ".ttf", ".otf")
IMAGE_EXTENSIONS = (".avif", ".webp", ".jpg", ".jpeg", ".png", ".gif", ".svg")
# How long text may stay unpainted while web fonts are held back (font-display: block waits 3 s).
FIRST_PAINT_TIMEOUT_MS = 5000
KINDS = {"document": "html", "stylesheet": "css", "script": "js", "font": "font", "image": "image"}
# Fetched by scripts: WebAssembly is code (counted as js), anything else is data (a search index).
FETCHED = {"fetch", "xhr"}
# What the total budget counts (images have their own budget).
TOTAL_KINDS = ("html", "css", "js", "font")

# Installed before any page script: sums layout shifts the way CLS counts them, and remembers what moved.
LAYOUT_SHIFT_OBSERVER = """
window.__gatesShifts = {value: 0, sources: []};
new PerformanceObserver((list) => {
  for (const entry of list.getEntries()) {
    if (entry.hadRecentInput) continue;
    window.__gatesShifts.value += entry.value;
    for (const source of entry.sources || []) {
      const node = source.node && source.node.nodeType === 3 ? source.node.parentElement : source.node;
      window.__gatesShifts.sources.push(node && node.outerHTML ? node.outerHTML : "(removed node)");
    }
  }
}).observe({type: "layout-shift", buffered: true});
"""

_RENDER_BLOCKING = """
() => [...document.head.querySelectorAll('link[rel~="stylesheet"], script[src]')]
  .filter((el) => el.tagName === "LINK"
    ? !el.media || el.media === "all" || matchMedia(el.media).matches
    : !el.async && !el.defer && el.type !== "module")
  .map((el) => ({url: el.href || el.src, html: el.outerHTML}))
"""


def load_budgets(page_type: str, path: Path = BUDGET_FILE) -> dict[str, int]:
    data = json.loads(path.read_text(encoding="utf-8"))
    return {**data["default"], **data.get("page_types", {}).get(page_type, {})}


@dataclass
class Measurement:
    bytes: dict[str, int] = field(default_factory=dict)
    requests: int = 0

    @property
    def total(self) -> int:
        return sum(self.bytes.get(kind, 0) for kind in TOTAL_KINDS)

    def summary(self) -> str:
        parts = ", ".join(f"{kind} {self.bytes[kind] / 1024:.1f} KiB" for kind in sorted(self.bytes))
        return f"{self.requests} requests, total {self.total / 1024:.1f} KiB ({parts})"


def _transferred(request: Request) -> int:
    response = request.response()
    if response is None:
        return 0
    try:
        sizes = request.sizes()
        return max(sizes["responseBodySize"], 0) + max(sizes["responseHeadersSize"], 0)
    except Exception:  # answered by a route (the live origin): no network sizes, count the body
        return len(response.body())


def kind_of(request: Request) -> str:
    if request.url.split("?")[0].endswith(".wasm"):
        return "js"
    if request.resource_type in FETCHED:
        return "data"
    return KINDS.get(request.resource_type, "other")


def measure(visit: Visit) -> Measurement:
    measurement = Measurement()
    for request in visit.requests:
        kind = kind_of(request)
        measurement.bytes[kind] = measurement.bytes.get(kind, 0) + _transferred(request)
        measurement.requests += 1
    return measurement


def check_budget(measurement: Measurement, budgets: dict[str, int], where: str) -> list[Problem]:
    problems = []
    for kind, limit in budgets.items():
        if kind == "requests":
            actual = measurement.requests
        elif kind == "total":
            actual = measurement.total
        else:
            actual = measurement.bytes.get(kind, 0)
        if actual > limit:
            unit = "" if kind == "requests" else " bytes"
            problems.append(
                Problem(where, f"budget-{kind}", "", f"{actual}{unit} > budget {limit}{unit} ({measurement.summary()})")
            )
    return problems


def check_failed_requests(visit: Visit, where: str) -> list[Problem]:
    problems = []
    for request in visit.requests:
        response = request.response()
        if response is not None and response.status >= 400:
            problems.append(Problem(where, "resource-missing", request.url, f"HTTP {response.status}"))
        elif request.failure or response is None:
            problems.append(Problem(where, "resource-failed", request.url, f"request failed: {request.failure}"))
    return problems


def check_render_blocking(browser: SiteBrowser, tab: Tab, where: str) -> list[Problem]:
    return [
        Problem(
            where,
            "render-blocking-third-party",
            snippet(item["html"]),
            "a stylesheet or synchronous script from another host blocks rendering: serve it from the site",
        )
        for item in tab.evaluate(_RENDER_BLOCKING)
        if not browser.is_site_url(item["url"])
    ]


def _is_late(url: str) -> bool:
    """A web font or an image: what a slow connection brings after the text is painted."""
    return url.split("?")[0].endswith(FONT_EXTENSIONS + IMAGE_EXTENSIONS)


def open_with_late_fonts_and_images(
    browser: SiteBrowser, visit: Visit, page: Page, where: str
) -> tuple[Tab, list[Problem]]:
    """Open `page` with its web fonts and images held back until the first contentful paint, then let them load.

    On a fast local server fonts and photos usually arrive before the first paint and a font swap or an image
    without width/height goes unseen; holding them back makes every run see the worst case a slow connection
    sees, without any timing.
    """
    visit.context.add_init_script(LAYOUT_SHIFT_OBSERVER)
    held: list[Route] = []

    def hold(route: Route) -> None:
        held.append(route)

    visit.context.route(_is_late, hold)
    tab = visit.context.new_page()
    tab.goto(browser.url(page), wait_until="domcontentloaded")
    problems = []
    try:
        tab.wait_for_function(
            "performance.getEntriesByType('paint').some((entry) => entry.name === 'first-contentful-paint')",
            timeout=FIRST_PAINT_TIMEOUT_MS,
        )
    except PlaywrightTimeout:
        problems.append(
            Problem(
                where,
                "font-blocks-text",
                "@font-face",
                "no text is painted while the web fonts load: use font-display: swap or optional",
            )
        )
    visit.context.unroute(_is_late, hold)
    for route in held:
        route.fallback()
    tab.wait_for_load_state("load")
    tab.evaluate("document.fonts.ready.then(() => true)")
    return tab, problems


# Scrolls each image into view (a lazy one loads only near the viewport) and waits until every one has loaded or
# failed, then back to the top: how many photos (<picture>) the page shows, and the images that did not load. Scrolling is not input: a shift
# it causes counts, as it does when a visitor scrolls to a photo that has no space kept for it.
_LOAD_EVERY_IMAGE = """
async () => {
  const images = [...document.images];
  for (const image of images) {
    image.scrollIntoView({block: "center"});
    await new Promise((done) => requestAnimationFrame(() => requestAnimationFrame(done)));
  }
  await Promise.all(images.map((image) => image.decode().catch(() => null)));
  window.scrollTo(0, 0);
  return {
    pictures: document.querySelectorAll("picture").length,
    broken: images.filter((image) => !image.complete || image.naturalWidth === 0).map((image) => image.outerHTML),
  };
}
"""


def load_every_image(tab: Tab, where: str) -> tuple[int, list[Problem]]:
    """Every image of the page loaded (lazy ones scrolled to): how many photos it shows, and images that did not load."""
    loaded = tab.evaluate(_LOAD_EVERY_IMAGE)
    problems = [
        Problem(where, "image-not-loaded", snippet(html, 120), "the image did not load: check its src and srcset")
        for html in loaded["broken"]
    ]
    return loaded["pictures"], problems


def check_layout_shift(tab: Tab, where: str) -> list[Problem]:
    """CLS is exactly 0 after load, web fonts and images (a tab opened with open_with_late_fonts_and_images)."""
    tab.evaluate("() => new Promise((done) => requestAnimationFrame(() => requestAnimationFrame(done)))")
    shifts = tab.evaluate("() => window.__gatesShifts")
    if shifts is None:
        raise RuntimeError("layout shifts were not observed: open the page with open_with_late_fonts_and_images")
    if shifts["value"] == 0:
        return []
    moved = "; ".join(snippet(html, 80) for html in dict.fromkeys(shifts["sources"])) or "(unknown)"
    return [
        Problem(
            where,
            "layout-shift",
            moved,
            f"cumulative layout shift {shifts['value']:.4f} (must be 0): reserve space for what loads late"
            " (font metrics, image width/height)",
        )
    ]
