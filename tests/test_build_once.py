"""Work done once: each Markdown text converted once, shared by the content check and every language
(plugins/markdown_store); a build with nothing changed has nothing to redo (sitebuild/unchanged.py); languages
written side by side give the same site as one process writing them all (plugins/write_languages)."""

from __future__ import annotations

import os
import pickle
import re
import threading

import pytest
from markdown import Markdown
from pelican import Pelican
from pelican.readers import MarkdownReader

import sitebuild
from plugins.markdown_store import MarkdownStore, markdown_arguments
from plugins.markdown_store.reader import StoredMarkdownReader
from plugins.markdown_store.store import STORE_FILE, fingerprint
from sitebuild.build import run_build
from sitebuild.validate import content_settings
from tests import corpus
from tests.support import languages
from tests.support.clock import NOW
from tests.support.html import page, text

MARKER = "Den här texten kommer ur lagret"


def _pelican_settings(content):
    """The settings as Pelican's readers see them, after every plugin's `initialized` (its Markdown extensions)."""
    settings = content_settings(content, sitebuild.PELICANCONF, NOW)
    settings["CONTENT_CHECKED"] = True
    return Pelican(settings).settings


def test_the_stored_reader_reads_every_real_file_as_pelicans_own_reader(tmp_path):
    content = sitebuild.ROOT / "content"
    settings = _pelican_settings(content)
    files = sorted(content.rglob("*.md"))
    assert len(files) > 10
    for path in files:
        own = MarkdownReader(settings).read(str(path))
        stored = StoredMarkdownReader(settings).read(str(path))
        assert stored == own, path


@pytest.mark.parametrize(
    "written",
    [
        "2022-09-15 10:00",
        "2022-09-15",
        "2022-09-15 10:00:30",
        "2022-09-15T10:00",
        "2022-09-15_10:00",
        "2022-09-15 10:00+02:00",
        " 2022-09-15  10:00",
        "15.9.2022",
        "2022-02-30 10:00",
        "2022-09-15 24:00",
        "i morgon",
    ],
)
def test_the_stored_reader_reads_a_date_as_pelican_does(tmp_path, written):
    """Dates as editors write them are read without dateutil's parser: the same value and type as Pelican's, and
    Pelican's own message for one that is no date."""
    from pelican.readers import METADATA_PROCESSORS

    reader = StoredMarkdownReader(_pelican_settings(corpus.generate(tmp_path / "content", pairs=1)))
    for name in ("date", "modified"):
        try:
            expected = METADATA_PROCESSORS[name](written, reader.settings)
        except ValueError as error:
            with pytest.raises(ValueError, match=re.escape(str(error))):
                reader.process_metadata(name, written)
        else:
            found = reader.process_metadata(name, written)
            assert (found, type(found), found.tzinfo) == (expected, type(expected), expected.tzinfo)


# Texts that leave state in a converter (footnotes, abbreviations, metadata, raw HTML), each followed by one that
# would show it if it were carried over.
STATEFUL = [
    "Title: Fotnot\nLang: sv\n\nText med fotnot.[^1]\n\n[^1]: Fotnoten.\n\n*[EU]: Europeiska unionen\n\nEU.\n",
    'Lang: fi\n\nEi alaviitettä.[^1] EU.\n\n<div markdown="1">*ei tilaa*</div>\n',
    "Summary: Med *sammanfattning*\n\n<!-- kommentar -->\n\n| a | b |\n|---|---|\n| 1 | 2 |\n",
    "Text utan metadata.[^1] EU.\n",
]


def test_one_converter_reset_between_texts_converts_each_as_a_fresh_one(tmp_path):
    """The store converts every text with one converter, reset in between: each text's HTML and metadata are those
    of a fresh converter (what Pelican's reader makes per file), whatever was converted before it."""
    content = corpus.generate(tmp_path / "content", pairs=3)
    settings = content_settings(content, sitebuild.PELICANCONF, NOW)
    texts = STATEFUL + [path.read_text(encoding="utf-8") for path in sorted((sitebuild.ROOT / "content").rglob("*.md"))]
    texts += [path.read_text(encoding="utf-8") for path in sorted(content.rglob("*.md"))]
    store = MarkdownStore(settings)
    arguments = markdown_arguments(settings)
    for source in texts:
        fresh = Markdown(**arguments)
        html = fresh.convert(source)
        assert store.file(source) == (html, fresh.Meta), source[:80]
        field = Markdown(**arguments)
        field.preprocessors.deregister("meta")
        assert store.field(source) == field.convert(source), source[:80]
    assert "Europeiska unionen" not in store.file(STATEFUL[1])[0] and 'id="fn:1"' in store.file(STATEFUL[0])[0]


def test_the_check_and_pelican_key_the_same_conversion(tmp_path):
    """The check converts before Pelican has started (no plugin has added its extension yet): the same key."""
    content = corpus.generate(tmp_path / "content", pairs=2)
    before = markdown_arguments(content_settings(content, sitebuild.PELICANCONF, NOW))
    inside = markdown_arguments(_pelican_settings(content))
    assert fingerprint(before) == fingerprint(inside)
    assert fingerprint(before) != fingerprint({**before, "output_format": "xhtml"})


@pytest.mark.build
def test_every_language_takes_the_checks_conversion_from_the_store(tmp_path):
    """Every file's conversion, stored before the build and altered there, is what the check and every language's
    pages show: Pelican converted none of them again."""
    content = corpus.generate(tmp_path / "content", pairs=2)
    folder = tmp_path / "markdown"
    store = MarkdownStore(content_settings(content, sitebuild.PELICANCONF, NOW), folder)
    for path in sorted((content / "articles").glob("*.md")):
        store.file(path.read_text(encoding="utf-8"))
    store.save()
    stored = pickle.loads((folder / STORE_FILE).read_bytes())
    for key, (_html, meta) in list(stored.items()):
        stored[key] = (f"<p>{MARKER}</p>", meta)
    (folder / STORE_FILE).write_bytes(pickle.dumps(stored))

    output = tmp_path / "output"
    run_build(content, output, quiet=True, now=NOW, media_cache=tmp_path / "media", markdown_cache=folder)
    for url in ("/2021/01/11/svensk-nyhet-1/", "/fi/2021/01/11/suomalainen-uutinen-1/"):
        body = page(output, url).xpath("//main//div[contains(@class, 'br-prose')]")
        assert body and text(body[0]) == MARKER, url


@pytest.mark.build
def test_a_changed_file_is_converted_again(tmp_path):
    content = corpus.generate(tmp_path / "content", pairs=2)
    settings = {"quiet": True, "now": NOW, "media_cache": tmp_path / "media", "markdown_cache": tmp_path / "md"}
    output = tmp_path / "output"
    run_build(content, output, **settings)
    article = content / "articles" / "par-1.sv.md"
    article.write_text(article.read_text(encoding="utf-8") + "\nEn mening som tillkom senare.\n", encoding="utf-8")
    run_build(content, output, **settings)
    assert "En mening som tillkom senare." in text(page(output, "/2021/01/11/svensk-nyhet-1/"))


@pytest.mark.build
def test_a_build_with_nothing_changed_leaves_the_output_as_it_is(tmp_path, capsys):
    content = corpus.generate(tmp_path / "content", pairs=2)
    settings = {"now": NOW, "media_cache": tmp_path / "media", "markdown_cache": tmp_path / "md"}
    output = tmp_path / "output"
    first = run_build(content, output, **settings)
    written = {path: path.stat().st_mtime_ns for path in output.rglob("*")}
    capsys.readouterr()

    assert run_build(content, output, **settings) == first
    assert "Nothing changed since the last build" in capsys.readouterr().out
    assert {path: path.stat().st_mtime_ns for path in output.rglob("*")} == written


@pytest.mark.build
@pytest.mark.parametrize("change", ["content", "now", "output"])
def test_any_change_builds_again(tmp_path, capsys, change):
    content = corpus.generate(tmp_path / "content", pairs=2)
    settings = {"now": NOW, "media_cache": tmp_path / "media", "markdown_cache": tmp_path / "md"}
    output = tmp_path / "output"
    run_build(content, output, **settings)
    article = output / "2021" / "01" / "11" / "svensk-nyhet-1" / "index.html"
    if change == "content":
        source = content / "articles" / "par-1.sv.md"
        source.write_text(source.read_text(encoding="utf-8") + "\nEn ny mening.\n", encoding="utf-8")
    elif change == "now":
        settings["now"] = "2024-01-01T12:00:00+01:00"
    else:
        article.unlink()
    capsys.readouterr()
    run_build(content, output, **settings)
    assert "Nothing changed" not in capsys.readouterr().out
    assert article.is_file()
    if change == "content":
        assert "En ny mening." in text(page(output, "/2021/01/11/svensk-nyhet-1/"))


def _files(output):
    return {path.relative_to(output): path.read_bytes() for path in sorted(output.rglob("*")) if path.is_file()}


@pytest.mark.build
@pytest.mark.parametrize("site", ["two languages", "four languages"])
def test_languages_written_side_by_side_give_the_site_one_process_writes(tmp_path, site):
    if site == "two languages":
        content, settings = corpus.generate(tmp_path / "content", pairs=12), sitebuild.PELICANCONF
    else:
        content, settings = languages.generate(tmp_path / "content"), languages.settings_file(tmp_path)
    caches = {"media_cache": tmp_path / "media", "markdown_cache": tmp_path / "md"}
    counts = {}
    for processes in (1, 2):
        output = tmp_path / f"output-{processes}"
        counts[processes] = run_build(content, output, settings, quiet=True, now=NOW, processes=processes, **caches)
    assert counts[1] == counts[2] and all(counts[1].values())
    one, two = _files(tmp_path / "output-1"), _files(tmp_path / "output-2")
    assert sorted(one) == sorted(two)
    assert [path for path in one if one[path] != two[path]] == []
    assert (tmp_path / "output-2" / "sitemap.xml").is_file()


@pytest.mark.parametrize("threads", ["alone", "beside a thread (the development server): spawned"])
def test_texts_converted_side_by_side_are_stored_as_one_process_converts_them(tmp_path, threads):
    stop = threading.Event()
    if threads != "alone":
        threading.Thread(target=stop.wait, daemon=True).start()
    content = corpus.generate(tmp_path / "content", pairs=60)
    settings = content_settings(content, sitebuild.PELICANCONF, NOW)
    texts = [path.read_text(encoding="utf-8") for path in sorted((content / "articles").glob("*.md"))]
    assert len(texts) > 100
    side_by_side, alone = MarkdownStore(settings), MarkdownStore(settings)
    assert side_by_side.fill(texts, ["summary"], processes=2) == len(texts)
    converted = dict(side_by_side.results)
    for source in texts:
        _html, meta = alone.file(source)
        alone.field("\n".join(meta["summary"]))
    stop.set()
    assert converted == alone.results


def test_files_checked_side_by_side_find_what_one_process_finds(tmp_path, monkeypatch):
    """The per-file checks in forked processes (a large site's build): the same problems, with file and line, as
    in one process; what the processes converted comes back to the store that the next build reads, and the
    `{static}` links they found in each file to its Document (the media step reads them), the rest of each
    file's scan let go of."""
    from plugins.content_check import check_files, load_index
    from plugins.markdown_store import finish_stores, shared_store
    from plugins.schedule import build_now
    from sitebuild import validate

    content = corpus.generate(tmp_path / "content")
    files = sorted((content / "articles").glob("*.md"))
    for path in (files[0], files[-1]):
        path.write_text(path.read_text(encoding="utf-8") + "\n[Läs mer]({filename}/articles/finns-inte.md)\n")
    config = content_settings(content, sitebuild.PELICANCONF, NOW, tmp_path / "md")
    index, _ = load_index(content, config, build_now(config))
    alone = sorted(problem.render() for problem in check_files(index, index.docs))
    assert len([line for line in alone if "finns-inte.md" in line]) == 2

    pids = tmp_path / "pids"
    share = validate._check_share

    def recorded(number):
        with pids.open("a") as out:
            out.write(f"{os.getpid()}\n")
        return share(number)

    # The pool sends the function by name; in the forked process the name finds this wrapper.
    recorded.__module__, recorded.__qualname__ = share.__module__, share.__qualname__
    monkeypatch.setattr(validate, "MIN_CHECK_SHARE", 1)
    monkeypatch.setattr(validate, "_check_share", recorded)
    # Other tests' servers may run threads in this process; this one forks with them for its two processes.
    monkeypatch.setattr(validate.threading, "active_count", lambda: 1)
    try:
        fresh, _ = load_index(content, config, build_now(config))
        side = sorted(problem.render() for problem in validate.files_checked(fresh, 2))
        store = shared_store(fresh.settings)
        assert {store._key("file", doc.source) for doc in fresh.docs} <= store.used
    finally:
        finish_stores()
    assert side == alone
    assert [doc.__dict__.get("static_links") for doc in fresh.docs] == [doc.static_links for doc in index.docs]
    showing = [doc.path for doc in fresh.docs if doc.__dict__["static_links"]]
    assert len(showing) == 2 and showing == [doc.path for doc in index.docs if "{static}" in doc.body]
    assert not [doc.path for doc in fresh.docs if {"masked_body", "body_links"} & set(doc.__dict__)]
    assert all(f"{path}:" in "\n".join(side) for path in (files[0], files[-1]))
    workers = set(pids.read_text().split())
    assert len(workers) == 2 and str(os.getpid()) not in workers
    saved = pickle.loads((tmp_path / "md" / STORE_FILE).read_bytes())
    assert {store._key("file", doc.source) for doc in index.docs} <= set(saved)
