"""Gate: Lighthouse on the front page and an article in both languages of the real site.

Accessibility, best practices and SEO must be 100; performance is reported. Only the real site is audited
(the corpus adds no page type Lighthouse would judge differently).
"""

from __future__ import annotations

from urllib.parse import urlsplit

import pytest

from tests.gates.gatekit import lighthouse
from tests.gates.gatekit.problems import assert_no_problems
from tests.gates.gatekit.server import StaticServer, make_certificate
from tests.gates.gatekit.sitemodel import Page, Site

# Lighthouse drives Chromium (through Node): the browser tier.
pytestmark = pytest.mark.browser


def audited_pages(site: Site) -> list[Page]:
    """The front page and the newest article of each language."""
    chosen = []
    for lang in sorted({page.lang for page in site.pages}):
        fronts = [page for page in site.pages if page.page_type == "index" and page.lang == lang]
        articles = sorted(
            (page for page in site.pages if page.page_type == "article" and page.lang == lang),
            key=lambda page: page.url,
        )
        chosen += sorted(fronts, key=lambda page: len(page.url))[:1] + articles[-1:]
    return chosen


@pytest.fixture(scope="session")
def real_site(all_sites) -> Site:
    return next(site for site in all_sites if site.name == "site")


def test_lighthouse_scores_100_for_accessibility_best_practices_and_seo(real_site, tmp_path, gate_report):
    host = urlsplit(real_site.canonical_origin).hostname
    problems = []
    section = gate_report.setdefault("Lighthouse (performance reported, not asserted)", [])
    with StaticServer(real_site.root, make_certificate(tmp_path, host)) as server:
        for page in audited_pages(real_site):
            url = real_site.canonical_origin + page.url
            lhr = lighthouse.run(url, server.port, tmp_path / f"lighthouse-{len(section)}.json")
            label = f"{real_site.name}:{page.url} ({page.label})"
            scores = lighthouse.scores(lhr)
            section.append(
                f"{label}: "
                + ", ".join(
                    f"{key} {round(value * 100) if value is not None else '-'}" for key, value in scores.items()
                )
                + f" (Lighthouse {lhr['lighthouseVersion']})"
            )
            problems += lighthouse.judge(lhr, label)
    assert_no_problems("Lighthouse", problems)
