"""Privacy: every request goes to the site itself, and a visit leaves no cookie and nothing in storage."""

from __future__ import annotations

from playwright.sync_api import Page as Tab
from playwright.sync_api import TimeoutError as PlaywrightTimeoutError

from .browser import SiteBrowser, Visit
from .problems import Problem

# Everything a page can keep about a visitor in the browser.
_STORAGE = """
async () => {
  const found = [];
  if (document.cookie) found.push(`document.cookie: ${document.cookie}`);
  for (const [name, store] of [["localStorage", localStorage], ["sessionStorage", sessionStorage]]) {
    for (let i = 0; i < store.length; i++) found.push(`${name}: ${store.key(i)}`);
  }
  for (const db of (await indexedDB.databases())) found.push(`IndexedDB: ${db.name}`);
  if (self.caches) for (const name of await caches.keys()) found.push(`Cache Storage: ${name}`);
  if (navigator.serviceWorker) {
    for (const reg of await navigator.serviceWorker.getRegistrations()) found.push(`service worker: ${reg.scope}`);
  }
  return found;
}
"""

# The language switcher: the link to the other language in the header (the current one has aria-current).
SWITCHER_LINK = "header a[hreflang]:not([aria-current])"
# The site search (plugins/site_pages, Pagefind): a query runs in the browser and fetches the index.
SEARCH_FIELD = 'main form[role="search"] input[type="search"]'
SEARCH_QUERY = "Battery Region"
SEARCH_TIMEOUT_MS = 10_000
# The search has answered when its status line says something other than "searching…".
_SEARCH_ANSWERED = """
() => {
  const status = document.querySelector('main [role="status"]');
  const form = document.querySelector('main form[role="search"]');
  const text = status ? status.textContent.trim() : "";
  return text !== "" && text !== (form.dataset.messageSearching || "").trim();
}
"""
# A calendar file (.ics) of an event or of all events (plugins/events), on event pages and the events pages.
CALENDAR_LINK = 'main a[type="text/calendar"]'


def check_requests(browser: SiteBrowser, visit: Visit, where: str) -> list[Problem]:
    return [
        Problem(
            where,
            "privacy-third-party",
            request.url,
            f"a {request.resource_type} request to another host: serve it from the site itself",
        )
        for request in visit.requests
        if not browser.is_site_url(request.url)
    ]


def check_storage(tab: Tab, visit: Visit, where: str) -> list[Problem]:
    problems = [
        Problem(where, "privacy-cookie", f"{cookie['name']} ({cookie['domain']})", "the site sets a cookie")
        for cookie in visit.context.cookies()
    ]
    problems += [
        Problem(where, "privacy-storage", entry, "the page stores data in the browser")
        for entry in tab.evaluate(_STORAGE)
    ]
    return problems


def switch_language(tab: Tab, where: str) -> list[Problem]:
    """Follow the language switcher like a visitor; the caller then checks requests and storage again."""
    links = tab.locator(SWITCHER_LINK)
    if links.count() == 0:
        return [Problem(where, "privacy-language-switch", SWITCHER_LINK, "no language switcher link to follow")]
    with tab.expect_navigation(wait_until="load"):
        links.first.click()
    tab.evaluate("document.fonts.ready.then(() => true)")
    return []


def open_calendar(browser: SiteBrowser, tab: Tab, where: str) -> list[Problem]:
    """Open the page's first calendar file like a visitor (Chromium downloads it); it must come from the site."""
    links = tab.locator(CALENDAR_LINK)
    if links.count() == 0:
        return []
    href = links.first.get_attribute("href")
    try:
        with tab.expect_download(timeout=10_000) as download:
            links.first.click()
    except PlaywrightTimeoutError:
        return [
            Problem(
                where, "privacy-calendar", href, "the calendar link gave no file: blocked (another host) or missing"
            )
        ]
    # Where it comes from is what matters here (the production build's absolute links are answered by a
    # route, which Chromium's download manager does not take: the file itself is tested in tests/test_events.py).
    url = download.value.url
    download.value.cancel()
    if not browser.is_site_url(url):
        return [
            Problem(
                where, "privacy-third-party", url, "the calendar file comes from another host: serve it from the site"
            )
        ]
    return []


def run_search(tab: Tab, where: str) -> list[Problem]:
    """Search like a visitor where the page has a search form; the caller then checks requests and storage."""
    field = tab.locator(SEARCH_FIELD)
    if field.count() == 0:
        return []
    field.first.fill(SEARCH_QUERY)
    field.first.press("Enter")
    try:
        tab.wait_for_function(_SEARCH_ANSWERED, timeout=SEARCH_TIMEOUT_MS)
    except PlaywrightTimeoutError:
        return [
            Problem(
                where,
                "privacy-search",
                SEARCH_FIELD,
                f"a search for {SEARCH_QUERY!r} gave no answer: the query did not run, so its requests went unseen",
            )
        ]
    return []
