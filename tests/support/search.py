"""Searching a built site as a visitor does: served with the site's Content-Security-Policy, from its search page,
in a tab that fails the test on any console error, CSP violation or request leaving the site."""

from __future__ import annotations

import re
from collections.abc import Iterator
from pathlib import Path

from playwright.sync_api import expect

from sitebuild.postprocess.host_files import CONTENT_SECURITY_POLICY
from tests.gates.gatekit.server import StaticServer
from tests.support.html import page, text


def serve_with_csp(folder: Path) -> Iterator[str]:
    """The site served with the policy the host sends (sitebuild/postprocess/host_files.py), not a test's own."""
    with StaticServer(folder, headers={"Content-Security-Policy": CONTENT_SECURITY_POLICY}) as server:
        yield server.origin


def watched_tab(browser) -> Iterator:
    """A browser tab that fails the test on any console error, CSP violation or request leaving the site."""
    context = browser.new_context(java_script_enabled=True)
    tab = context.new_page()
    problems: list[str] = []
    tab.on("console", lambda message: message.type in ("error", "warning") and problems.append(message.text))
    tab.on("pageerror", lambda error: problems.append(str(error)))
    tab.on(
        "request",
        lambda request: (
            request.url.startswith(("http://127.0.0.1:", "data:")) or problems.append(f"left the site: {request.url}")
        ),
    )
    yield tab
    context.close()
    assert not problems, "\n".join(problems)


def search(tab, base: str, search_page: str, query: str) -> list[str]:
    """Search from the search page as a visitor does; return the result links in order."""
    if not tab.url.startswith(base + search_page):
        tab.goto(base + search_page)
    tab.get_by_role("searchbox").fill(query)
    tab.locator(".br-search__button").click()
    # The answer quotes the query in the page's own marks (”…” in Swedish and Finnish, “…” in English, «…» in
    # Norwegian): wait for this query's answer, not an earlier one's. Playwright's own waiting, not a JS predicate:
    # the CSP forbids evaluating strings.
    before, _query, after = tab.locator(".br-search__form").get_attribute("data-message-none").partition("{query}")
    expect(tab.locator(".br-search__status")).to_contain_text(f"{before[-1:]}{query}{after[:1]}")
    return [link.get_attribute("href") for link in tab.locator(".br-search__result-link").all()]


def words_of(output: Path, url: str) -> set[str]:
    """The words of a page's main content, lower-cased."""
    return set(re.findall(r"\w+", text(page(output, url).xpath("//main")[0]).lower()))
