"""The benchmark's inputs (bench/) on a tiny corpus: this project's content check passes it, it holds what the
benchmark promises, and plain Pelican with the generated settings builds it. Nothing is timed here: `invoke bench`
measures speed and reports it."""

from __future__ import annotations

import subprocess
from datetime import datetime
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest

from bench import corpus, plain_pelican
from bench.harness import corpus_summary
from sitebuild.validate import check_content
from tests.support.html import one, parse, text

PAIRS = 3


@pytest.fixture(scope="module")
def tiny_corpus(tmp_path_factory) -> Path:
    return corpus.generate(tmp_path_factory.mktemp("bench") / "content", PAIRS)


def metadata(path: Path) -> dict[str, str]:
    head = path.read_text(encoding="utf-8").split("\n\n", 1)[0]
    return dict(line.split(": ", 1) for line in head.splitlines())


def first_pair(content: Path) -> dict[str, Path]:
    return {lang: next((content / "articles").glob(f"*-{corpus.KEY}-1.{lang}.md")) for lang in ("sv", "fi")}


def test_bench_corpus_passes_the_content_check_without_a_note(tiny_corpus):
    problems = check_content(tiny_corpus, now=corpus.NOW)
    assert [problem.render(tiny_corpus) for problem in problems] == []


def test_bench_corpus_has_pairs_events_one_language_articles_and_photos(tiny_corpus):
    summary = corpus_summary(tiny_corpus)
    assert summary["pairs"] == PAIRS
    assert summary["one_language_articles"] == 2  # one Swedish, one Finnish
    assert summary["event_articles"] == 2  # the first pair
    assert summary["pages"] == 4
    assert 350 <= summary["median_words_per_article"] <= 450
    photos = [path.read_bytes() for path in (tiny_corpus / "images").glob("*.jpg")]
    assert len(photos) == summary["photos"] == PAIRS + 2
    assert all(photo.startswith(b"\xff\xd8") and photo.endswith(b"\xff\xd9") for photo in photos)
    assert len(set(photos)) == len(photos)


def test_every_date_of_the_bench_corpus_is_before_its_now(tiny_corpus):
    now = datetime.fromisoformat(corpus.NOW)
    zone = ZoneInfo("Europe/Stockholm")
    for path in (tiny_corpus / "articles").glob("*.md"):
        meta = metadata(path)
        for key in ("Date", "Start", "End"):
            if key in meta:
                assert datetime.strptime(meta[key], "%Y-%m-%d %H:%M").replace(tzinfo=zone) < now, (path.name, key)


def test_editing_the_bench_article_changes_its_body_only(tiny_corpus, tmp_path):
    content = corpus.copy_content(tiny_corpus, tmp_path / "content")
    article = corpus.article_to_edit(content)
    before = article.read_text(encoding="utf-8")
    assert corpus.edit_body(article) == before
    after = article.read_text(encoding="utf-8")
    assert after != before
    assert after.split("\n\n", 1)[0] == before.split("\n\n", 1)[0]


def test_plain_pelican_builds_the_bench_corpus_in_both_languages(tiny_corpus, tmp_path):
    site = tmp_path / "plain"
    corpus.copy_content(tiny_corpus, site / "content")
    plain_pelican.write_settings(site)
    result = subprocess.run(plain_pelican.build_command(site), cwd=site, capture_output=True, text=True, check=False)
    assert result.returncode == 0, result.stdout + result.stderr
    output = site / "output"
    pages = {}
    for lang, path in first_pair(tiny_corpus).items():
        meta = metadata(path)
        page = output / ("" if lang == "sv" else lang) / f"{meta['Slug']}.html"
        tree = parse(page)
        assert tree.get("lang") == lang
        assert text(one(tree, '//h1[@class="entry-title"]')) == meta["Title"]
        photo = one(tree, '//div[@class="entry-content"]//img')
        assert (output / photo.get("src").lstrip("/")).is_file()
        pages[lang] = tree
    # The pair is linked by its Key, across the two sites.
    assert pages["sv"].xpath('//a[@hreflang="fi"]/@href') == [
        f"/fi/{metadata(first_pair(tiny_corpus)['fi'])['Slug']}.html"
    ]
    # The content cache is on, one folder per site.
    assert (site / "cache" / "ArticlesGenerator-Readers").is_file()
    assert (site / "cache" / "fi" / "ArticlesGenerator-Readers").is_file()
