"""Gate: Lighthouse on the front page and an article in both languages of the real site, and on the corpus's
article with photos (a lead photo and one in the text, tests/corpus.py) in both languages.

Accessibility, best practices and SEO must be 100 and the cumulative layout shift 0; performance is reported.
Of the corpus only the photo article is audited: the real site has no photos yet, and the corpus adds no other
page type Lighthouse would judge differently.
"""

from __future__ import annotations

from urllib.parse import urlsplit

import lxml.html
import pytest

from tests.gates.gatekit import lighthouse
from tests.gates.gatekit.problems import Problem, assert_no_problems
from tests.gates.gatekit.server import StaticServer, make_certificate
from tests.gates.gatekit.sitemodel import Page, Site

# Lighthouse drives Chromium (through Node): the browser tier.
pytestmark = pytest.mark.browser


def audited_pages(site: Site) -> list[Page]:
    """The front page and the newest article of each language (the real site)."""
    chosen = []
    for lang in sorted({page.lang for page in site.pages}):
        fronts = [page for page in site.pages if page.page_type == "index" and page.lang == lang]
        articles = sorted(
            (page for page in site.pages if page.page_type == "article" and page.lang == lang),
            key=lambda page: page.url,
        )
        chosen += sorted(fronts, key=lambda page: len(page.url))[:1] + articles[-1:]
    return chosen


def photo_articles(site: Site) -> list[Page]:
    """Per language, the first article (by URL) with at least two photos: its lead photo and one in the text."""
    chosen = {}
    for page in sorted(site.pages, key=lambda page: page.url):
        if page.page_type != "article" or page.lang in chosen:
            continue
        if len(lxml.html.parse(str(page.file)).getroot().xpath("//main//picture")) >= 2:
            chosen[page.lang] = page
    return [chosen[lang] for lang in sorted(chosen)]


def test_lighthouse_scores_100_for_accessibility_best_practices_and_seo(all_sites, tmp_path, gate_report):
    problems = []
    section = gate_report.setdefault("Lighthouse (performance reported, not asserted)", [])
    for site in all_sites:
        pages = audited_pages(site) if site.name == "site" else photo_articles(site)
        if site.name == "corpus" and not pages:
            problems.append(
                Problem(
                    site.name, "lighthouse:no-photo-article", "", "no article with a lead photo and one in the text"
                )
            )
        host = urlsplit(site.canonical_origin).hostname
        with StaticServer(site.root, make_certificate(tmp_path, host)) as server:
            for page in pages:
                url = site.canonical_origin + page.url
                lhr = lighthouse.run(url, server.port, tmp_path / f"lighthouse-{len(section)}.json")
                label = f"{site.name}:{page.url} ({page.label})"
                scores = lighthouse.scores(lhr)
                section.append(
                    f"{label}: "
                    + ", ".join(
                        f"{key} {round(value * 100) if value is not None else '-'}" for key, value in scores.items()
                    )
                    + f", CLS {lighthouse.layout_shift(lhr)} (Lighthouse {lhr['lighthouseVersion']})"
                )
                problems += lighthouse.judge(lhr, label)
    assert_no_problems("Lighthouse", problems)
