"""The build refuses to hide problems: Pelican warnings and errors, listed, fail it (catalogs: tests/test_catalogs.py)."""

from __future__ import annotations

import pytest

from tests import corpus
from tests.support.pelican_alone import run_pelican_process


@pytest.mark.build
def test_a_pelican_warning_fails_the_build_and_is_shown(tmp_path):
    content = corpus.generate(tmp_path / "content")
    article = content / "articles" / "par-1.sv.md"
    article.write_text(
        article.read_text(encoding="utf-8") + "\nSe [sidan]({filename}../pages/finns-inte.sv.md).\n", encoding="utf-8"
    )
    result = run_pelican_process(content, tmp_path / "out")
    assert result.returncode == 1
    assert "warning: Unable to find '../pages/finns-inte.sv.md'" in result.stderr
    assert "Pelican reported 1 problem(s)" in result.stderr


@pytest.mark.build
def test_an_unreadable_article_fails_the_build_instead_of_disappearing(tmp_path):
    content = corpus.generate(tmp_path / "content")
    (content / "articles" / "trasig.sv.md").write_text("Title: Trasig\nDate: inte ett datum\n\nText.\n")
    result = run_pelican_process(content, tmp_path / "out")
    assert result.returncode == 1
    assert "trasig.sv.md" in result.stderr


@pytest.mark.build
def test_the_clean_corpus_builds_without_problems(tmp_path):
    result = run_pelican_process(corpus.generate(tmp_path / "content"), tmp_path / "out")
    assert result.returncode == 0, result.stderr
    assert result.stderr == ""


@pytest.mark.build
def test_an_error_that_stops_pelican_is_listed_once(tmp_path):
    """The content check raising inside Pelican: its listing appears once, not again as the exception's text."""
    content = corpus.generate(tmp_path / "content")
    (content / "articles" / "trasig.sv.md").write_text("Title: Trasig\nDate: inte ett datum\n\nText.\n")
    result = run_pelican_process(content, tmp_path / "out", with_check=True)
    assert result.returncode == 1
    assert result.stderr.count("trasig.sv.md:2: Date 'inte ett datum' is not written as YYYY-MM-DD HH:MM") == 1
    assert "Pelican reported 1 problem(s)" in result.stderr
