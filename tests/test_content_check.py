"""The content check (`invoke check`, plugins/content_check) and what a build refuses or hides.

Every bad input is a fixture folder named after its scenario (tests/fixtures/content_check/<scenario>/),
laid over the valid site in tests/fixtures/content_check/valid_site/ in a temporary copy
(tests/support/content_check.py). The scenario table runs the `check` task in this process (its real output
and exit status, without a second of interpreter start-up per scenario); the command line itself and the
builds run in subprocesses. Unsafe markup: tests/test_markup_safety.py; `invoke new`, `translations` and
`translated`: tests/test_editors.py.
"""

from __future__ import annotations

import gzip
import json
import os
import shutil
import subprocess
import sys
from datetime import UTC, datetime
from pathlib import Path

import pytest

import sitebuild
import sitebuild.build
import sitebuild.catalogs
import sitebuild.validate
from tests.support.content_check import FIXTURES, check_in_process, make_project, reported, run, snapshot

ROOT = Path(__file__).resolve().parent.parent
ARTICLE = "articles/2022-09-20-trasig.sv.md"
TRANSLATION = "articles/2022-09-20-trasig.fi.md"


# Each bad input: (scenario, file, line or None, what the message says, what the fix says).
SCENARIOS = [
    ("missing_title", ARTICLE, None, "Title is missing", "add a line `Title: "),
    ("empty_title", ARTICLE, 1, "Title is empty", "write it after `Title:`"),
    ("missing_date", ARTICLE, None, "Date is missing", "add a line `Date: "),
    ("empty_date", ARTICLE, 2, "Date is empty", "write it after `Date:`"),
    ("missing_lang", ARTICLE, None, "Lang is missing", "add a line `Lang: sv`"),
    ("missing_key", ARTICLE, None, "Key is missing", "`Key: trasig` at the top (the same Key in every language"),
    ("empty_lang", ARTICLE, 3, "Lang is empty", "`Lang: sv`"),
    ("unparseable_date", ARTICLE, 2, "is not written as YYYY-MM-DD HH:MM", "`Date: 2022-09-15 10:00`"),
    ("impossible_date", ARTICLE, 2, "Date '2022-02-30 10:00' does not exist", "check the year, month and day"),
    ("impossible_time", ARTICLE, 2, "Date '2022-09-20 24:30' does not exist", "hour 0–23"),
    ("unknown_language", ARTICLE, 3, "Lang 'en' is not a language of this site", "write `Lang: sv`"),
    ("language_not_matching_file_name", ARTICLE, 3, "does not match the file name", "write `Lang: sv`"),
    (
        "duplicate_key",
        ARTICLE,
        4,
        "Key 'nyhet' is also used by content/articles/2022-09-15-nyhet.sv.md",
        "choose another Key",
    ),
    (
        "duplicate_address",
        "articles/2022-09-15-dubblett.sv.md",
        5,
        "is also the address of content/articles/2022-09-15-nyhet.sv.md",
        "choose another Slug",
    ),
    ("page_address_taken", "pages/fi.sv.md", 4, "the address /fi/ is already the Finnish front page", "another Slug"),
    (
        "translation_with_other_category",
        TRANSLATION,
        6,
        "Category Tapahtumat does not match Nyheter",
        "write `Category: Uutiset`",
    ),
    ("translation_dated_apart", TRANSLATION, 2, "more than a day from the date of", "`Date: 2022-09-20 10:00`"),
    (
        "link_to_missing_file",
        ARTICLE,
        10,
        "{filename}../pages/finns-inte.sv.md points to a file that does not exist",
        "check the name and folder",
    ),
    (
        "missing_image",
        ARTICLE,
        10,
        "{static}/images/finns-inte.png points to a file that does not exist",
        "check the name and folder",
    ),
    (
        "link_to_unknown_site_address",
        ARTICLE,
        10,
        "https://batteryregion.eu/kontakt-oss/, an address no content on this site produces",
        "correct the address",
    ),
    ("image_without_alt_text", ARTICLE, 10, "image without alt text", "describe what the image shows"),
    ("html_image_without_alt_text", ARTICLE, 10, "image without alt text", 'alt="'),
    ("image_from_another_host", ARTICLE, 10, "image loaded from another website (example.com)", "content/images/"),
    ("iframe_embed", ARTICLE, 10, "raw <iframe> in the text", "link to the video"),
    ("raw_script", ARTICLE, 10, "raw <script> in the text", "scripts are not allowed"),
    ("raw_style", ARTICLE, 10, "raw <style> in the text", "the look of the site comes from the theme"),
    ("inline_event_handler", ARTICLE, 10, "<a> has an event handler onclick=", 'remove the onclick="..." attribute'),
    ("inline_style_attribute", ARTICLE, 10, "<p> has an inline style=", 'remove the style="..." attribute'),
    ("javascript_link", ARTICLE, 10, "link to a javascript: address", "only web addresses"),
    ("level_one_heading", ARTICLE, 12, "level-1 heading 'Rubrik'", "use ## for a section heading"),
    ("hashtag_becomes_heading", ARTICLE, 12, "level-1 heading 'batterier'", "write \\#"),
    ("skipped_heading_level", ARTICLE, 16, "jumps from level 2 to level 4", "use ### here"),
    ("bare_url_as_link_text", ARTICLE, 10, "the link text is a bare address", "write what the link leads to"),
    ("bare_url_in_text", ARTICLE, 10, "https://example.com/rapport is plain text, not a link", "make it a link"),
    (
        "email_as_autolink",
        ARTICLE,
        10,
        "e-mail address written as <sara@example.se>",
        "[sara@example.se](mailto:sara@example.se)",
    ),
    ("relative_link", ARTICLE, 10, "'../pages/om.sv.md' will not work on the site", "{filename}../pages/om.sv.md"),
    ("not_utf8", ARTICLE, 10, "the file is not UTF-8 text", "save it as UTF-8"),
    ("empty_body", ARTICLE, 9, "the text is empty", "write the text below the metadata"),
    ("unknown_key_typo", ARTICLE, 1, "unknown metadata key 'Tilte'", "did you mean `Title:`?"),
    ("duplicate_metadata_key", ARTICLE, 9, "Title is written twice (first on line 1)", "keep one Title: line"),
    ("summary_too_long", ARTICLE, 7, "Summary is 321 characters long", "shorten it by at least 21 characters"),
    ("unknown_status", ARTICLE, 8, "Status 'hidden' is not a status", "`Status: draft`"),
    ("placeholder_in_published_summary", ARTICLE, 7, "placeholder left in Summary", "or set `Status: draft`"),
    ("placeholder_in_published_text", ARTICLE, 10, "placeholder left in the text", "or set `Status: draft`"),
    ("metadata_without_blank_line", ARTICLE, 9, "ends the metadata without a blank line", "put one blank line"),
    ("unknown_category", ARTICLE, 6, "Category 'Nyhter' is not a category", "did you mean `Category: Nyheter`?"),
    ("category_in_other_language", ARTICLE, 6, "'Uutiset' is not the Swedish name", "write `Category: Nyheter`"),
    ("slug_not_usable_in_address", ARTICLE, 5, "Slug 'Trasig Nyhet' is not usable", "`Slug: trasig-nyhet`"),
    ("link_to_draft", ARTICLE, 10, "which is a draft", "publish that item first"),
    ("file_not_read_by_the_site", "articles/anteckningar.txt", None, "not read by the site", "anteckningar.sv.md"),
    ("pair_without_original", TRANSLATION, None, "neither says which is the translation", "add `Original: sv`"),
    ("translation_without_original_file", TRANSLATION, 9, "no Swedish file has Key 'trasig'", "check the Key"),
    (
        "translation_published_original_draft",
        TRANSLATION,
        9,
        "published, but its original content/articles/2022-09-20-trasig.sv.md is not published",
        "set `Status: draft` here until the original is published",
    ),
    # Markup a browser runs, however it is spelt: found in the HTML the build makes of the text.
    ("svg_with_slash_before_handler", ARTICLE, 10, "raw <svg> in the text", "save the picture as a file"),
    (
        "image_with_slashes_between_attributes",
        ARTICLE,
        10,
        "<img> has an event handler onerror=",
        'remove the onerror="..." attribute',
    ),
    # A browser reads `<img/src=x/onerror=...>` as one src "x/onerror=alert(2)": no handler, a broken image.
    (
        "image_with_slash_in_unquoted_value",
        ARTICLE,
        10,
        "relative image address 'x/onerror=alert(2)'",
        "a path in the content folder",
    ),
    ("uppercase_event_handler", ARTICLE, 10, "<a> has an event handler onclick=", 'remove the onclick="..." attribute'),
    ("event_handler_without_quotes", ARTICLE, 10, "<p> has an event handler onmouseover=", "remove the onmouseover="),
    ("event_handler_in_attribute_list", ARTICLE, 11, "<p> has an event handler onclick=", "from the braces"),
    ("javascript_link_after_space", ARTICLE, 10, "link to a javascript: address", "only web addresses"),
    ("javascript_link_entity_encoded", ARTICLE, 10, "link to a javascript: address", "only web addresses"),
    ("javascript_link_with_encoded_tab", ARTICLE, 10, "link to a javascript: address", "only web addresses"),
    ("body_tag_with_handler", ARTICLE, 12, "raw <body> in the text", "the theme writes the page around the text"),
    ("meta_refresh", ARTICLE, 10, "raw <meta> in the text", "the theme writes the page around the text"),
    # Editors' slips, each named for what it is.
    ("blank_first_line", ARTICLE, 1, "the file starts with an empty line", "delete the empty line at the top"),
    (
        "summary_continued_without_indent",
        ARTICLE,
        8,
        "ends the metadata without a blank line, so it and the line below it become body text: Status on line 9",
        "to continue Summary (line 7), indent this line by four spaces",
    ),
    (
        "link_address_in_smart_quotes",
        ARTICLE,
        10,
        "the address of the link is in quotation marks",
        "remove the quotation marks: [rapporten](https://example.com/rapport)",
    ),
    (
        "image_file_name_with_space",
        ARTICLE,
        10,
        "has a space in the name 'min bild.png'",
        "rename the file (or folder) to 'min-bild.png', without spaces, and write {static}/images/min-bild.png",
    ),
    (
        "page_links_to_future_article",
        "pages/framtiden.sv.md",
        7,
        "which is dated 2099-01-01 10:00",
        "add the link when that item is out, or remove it until then",
    ),
    (
        "event_start_in_summer_time_gap",
        ARTICLE,
        9,
        "Start 2022-03-27 02:30 does not exist in Europe/Stockholm: that night the clocks jump from 02:00 to 03:00",
        "`Start: 2022-03-27 03:30`",
    ),
    (
        "event_end_in_repeated_hour",
        ARTICLE,
        10,
        "End 2022-10-30 02:30 happens twice in Europe/Stockholm",
        "a time outside 02:00–03:00",
    ),
    # Old addresses (Aliases:) that the production build could not redirect, or should not.
    ("alias_not_a_path", ARTICLE, 9, "the alias 'https://example.org/projekti/' is not a path on this site", "like /"),
    ("alias_with_other_query", ARTICLE, 9, "'/?p=12' has a query other than ?lang=sv or ?lang=fi", "remove it"),
    ("alias_in_unknown_language", ARTICLE, 9, "has a query other than ?lang=sv or ?lang=fi", "correct it"),
    ("alias_with_fragment", ARTICLE, 9, "has a #fragment, which never reaches the server", "remove the #… part"),
    ("alias_with_unsafe_characters", ARTICLE, 9, "contains characters a redirect rule cannot hold", "quotes"),
    (
        "alias_hides_a_page",
        ARTICLE,
        9,
        "the alias /om-projektet/ is the address of a page of this site (content/pages/om.sv.md)",
        "remove the alias",
    ),
    (
        "alias_of_a_language_front_page",
        ARTICLE,
        9,
        "the alias /?lang=fi is already the old address of the Finnish front page, which leads to /fi/",
        "remove the alias",
    ),
    ("alias_written_twice", ARTICLE, 9, "the alias /gammal-nyhet/ is written twice", "keep one of them"),
    (
        "alias_claimed_by_two_items",
        "articles/2022-09-21-annan.sv.md",
        9,
        "the alias /gammal-nyhet is also claimed by content/articles/2022-09-20-trasig.sv.md:9",
        "keep it on one of the two items",
    ),
]


def test_every_scenario_has_its_own_fixture():
    folders = {path.name for path in FIXTURES.iterdir() if path.is_dir()}
    names = [scenario[0] for scenario in SCENARIOS]
    assert len(set(names)) == len(names)
    assert set(names) <= folders


@pytest.mark.parametrize(("scenario", "path", "line", "what", "fix"), SCENARIOS, ids=[s[0] for s in SCENARIOS])
def test_check_reports_the_bad_input(tmp_path, capsys, monkeypatch, scenario, path, line, what, fix):
    status, output = check_in_process(make_project(tmp_path, scenario), capsys, monkeypatch)
    assert status == 1
    problem = reported(output, path, line, what)
    wrong, _, how = problem.partition(" — ")
    assert what in wrong
    assert fix in how
    assert output.splitlines()[-1].startswith(("1 problem in 1 file", "2 problems in ", "3 problems in "))


@pytest.mark.parametrize(
    ("scenario", "misleading"),
    [
        # Eight "X is missing" messages without a line, for one empty line.
        ("blank_first_line", "is missing"),
        # An invitation to write a second Status line.
        ("summary_continued_without_indent", "Status is missing"),
        # The quotes made part of a path in the content folder.
        ("link_address_in_smart_quotes", "{static}"),
        # Pages have no date to move.
        ("page_links_to_future_article", "give this item a date"),
        # A misspelt key (`Titel:`) is a typo, not also a missing Title.
        ("unknown_key_typo", "Title is missing"),
    ],
)
def test_a_slip_is_one_message_that_names_it(tmp_path, capsys, monkeypatch, scenario, misleading):
    status, output = check_in_process(make_project(tmp_path, scenario), capsys, monkeypatch)
    assert status == 1
    assert misleading not in output
    assert output.splitlines()[-1].startswith("1 problem in 1 file")


def test_an_events_article_without_start_gets_a_note_that_it_is_not_on_the_events_page(tmp_path, capsys, monkeypatch):
    status, output = check_in_process(
        make_project(tmp_path, "event_category_article_without_start"), capsys, monkeypatch
    )
    assert status == 0
    note = reported(output, "articles/2022-09-23-rapport.sv.md", 6, "note: Category Evenemang, but no Start")
    assert "not on the events page" in note and "add Start, End, Timezone and Venue" in note
    assert output.splitlines()[-1] == "No problems in 6 content files (1 note)."


def test_a_language_without_the_words_the_check_suggests_is_refused_naming_what_to_add(tmp_path):
    """The examples in the fixes come from LANGUAGES, never from an `if lang == ...` in the code."""
    import copy

    from plugins.content_check import ContentError, validate

    project = make_project(tmp_path, "missing_title")
    settings = sitebuild.validate.content_settings(project / "content")
    problems = validate(project / "content", settings, datetime(2031, 5, 5, tzinfo=UTC))
    assert [problem.fix for problem in problems if problem.message == "Title is missing"] == [
        "add a line `Title: Rubrik` at the top"
    ]
    bare = copy.deepcopy(settings)
    del bare["LANGUAGES"]["fi"]["examples"]["summary"]
    del bare["LANGUAGES"]["fi"]["examples"]["link"]
    with pytest.raises(ContentError) as refused:
        validate(project / "content", bare, datetime(2031, 5, 5, tzinfo=UTC))
    assert str(refused.value).startswith(
        "LANGUAGES['fi'] (Finnish) in pelicanconf.py has no example summary and no example link — add them to it in"
        " Finnish"
    )


def test_legacy_aliases_are_the_published_items_old_addresses_and_each_languages_old_front_page(tmp_path, monkeypatch):
    """What the production build redirects (sitebuild/postprocess): read from the content, validated, sorted."""
    from plugins.content_check import ContentError, load_index
    from plugins.content_check.aliases import legacy_aliases

    def redirects() -> list:
        index, _problems = load_index(content, settings, now)
        return legacy_aliases(index, settings["SITEURL"])

    project = make_project(tmp_path, "alias_written_twice")
    monkeypatch.chdir(project)
    content = project / "content"
    article = content / ARTICLE
    article.write_text(article.read_text("utf-8").replace(", /gammal-nyhet/\n", "\n"), "utf-8")
    later = content / "articles" / "2022-10-01-senare.sv.md"
    later.write_text(
        "Title: Senare nyhet\nDate: 2022-10-01 10:00\nLang: sv\nKey: senare\nSlug: senare-nyhet\nCategory: Nyheter\n"
        "Summary: En kort ingress.\nStatus: published\nAliases: /senare/\n\nBrödtext.\n",
        "utf-8",
    )
    settings = sitebuild.validate.content_settings(content, sitebuild.PUBLISHCONF)
    now = datetime(2022, 9, 25, tzinfo=UTC)
    found = [(a.path, a.lang, a.target, a.source) for a in redirects()]
    assert found == [
        ("/", "fi", "/fi/", "LANGUAGES in pelicanconf.py"),
        ("/gammal-nyhet/", "", "/2022/09/20/trasig-nyhet/", f"content/{ARTICLE}:9"),
        ("/gammal-nyhet/", "sv", "/2022/09/20/trasig-nyhet/", f"content/{ARTICLE}:9"),
    ]
    # An item dated after now has no page yet, so nothing to redirect to; a bad alias stops the production build.
    article.write_text(article.read_text("utf-8").replace("/gammal-nyhet/?lang=sv", "/?p=12"), "utf-8")
    with pytest.raises(ContentError) as refused:
        redirects()
    assert f"content/{ARTICLE}:9: the alias '/?p=12' has a query other than" in str(refused.value)


def test_check_of_a_folder_that_does_not_exist_says_so(tmp_path):
    result = run(make_project(tmp_path), "check", "--content", "finns-inte")
    assert result.returncode == 1
    assert result.stderr.strip() == (
        "error: there is no content folder finns-inte — give the folder that holds articles/ and pages/"
    )


def test_the_valid_site_has_no_problems_and_a_one_language_article_is_fine(tmp_path, capsys, monkeypatch):
    status, output = check_in_process(make_project(tmp_path), capsys, monkeypatch)
    assert status == 0
    assert output.strip() == "No problems in 5 content files."


def test_check_on_the_command_line_lists_every_problem_then_a_count(tmp_path):
    project = make_project(tmp_path, "raw_script", "page_address_taken", "file_not_read_by_the_site")
    result = run(project, "check", "--content", str(project / "content"))
    assert result.returncode == 1
    assert result.stdout.splitlines() == [
        f"content/{ARTICLE}:10: raw <script> in the text — remove it: scripts are not allowed in content"
        " (the site runs under a strict security policy)",
        "content/articles/anteckningar.txt: this file in a content folder is not read by the site"
        " — rename it to anteckningar.sv.md (or .fi.md)",
        "content/pages/fi.sv.md:4: the address /fi/ is already the Finnish front page — choose another Slug",
        "3 problems in 3 files; 7 content files checked.",
    ]
    clean_project = make_project(tmp_path / "clean")
    clean = run(clean_project, "check", "--content", str(clean_project / "content"))
    assert clean.returncode == 0, clean.stdout + clean.stderr


def test_check_in_github_format_annotates_file_and_line(tmp_path):
    project = make_project(tmp_path, "raw_script")
    result = run(project, "check", "--content", str(project / "content"), "--format", "github")
    assert result.returncode == 1
    annotation = result.stdout.splitlines()[0]
    assert annotation.startswith(f"::error file=content/{ARTICLE},line=10,title=Content check::raw <script>")
    assert " — remove it" in annotation


@pytest.mark.parametrize(
    ("problem", "annotation"),
    [
        (
            ("content/a.md", 3, "Title is empty", "write it"),
            "::error file=content/a.md,line=3,title=Content check::Title is empty — write it",
        ),
        # A note is a notice; no line, no line property.
        (
            ("content/a.md", None, "Category Evenemang, but no Start", "add Start:", "note"),
            "::notice file=content/a.md,title=Content check::Category Evenemang, but no Start — add Start:",
        ),
        # GitHub's escapes: `%`, newlines in the message; `:` and `,` too in a property (a file name).
        (
            ("content/a, b:c.md", 3, "100% wrong", "one\ntwo"),
            "::error file=content/a%2C b%3Ac.md,line=3,title=Content check::100%25 wrong — one%0Atwo",
        ),
        # A file outside the project keeps its whole path.
        (("/elsewhere/a.md", 2, "m", "f"), "::error file=/elsewhere/a.md,line=2,title=Content check::m — f"),
    ],
    ids=["error", "note_without_line", "escapes", "outside_the_project"],
)
def test_a_problem_as_a_github_annotation(tmp_path, problem, annotation):
    from plugins.content_check.problem import Problem

    path, *rest = problem
    where = Path(path) if path.startswith("/") else tmp_path / path
    assert Problem(where, *rest).github(tmp_path) == annotation


def test_the_real_content_passes_the_check():
    result = run(ROOT, "check")
    assert result.returncode == 0, result.stdout + result.stderr


# Builds ------------------------------------------------------------------------------------------------


def _texts(output: Path) -> str:
    """Every file of the output as text, Pagefind's gzip-compressed index and fragments decompressed."""
    texts = []
    for path in sorted(output.rglob("*")):
        if path.is_file():
            data = path.read_bytes()
            texts.append((gzip.decompress(data) if data[:2] == b"\x1f\x8b" else data).decode("utf-8", "replace"))
    return "\n".join(texts)


def _search_index(output: Path) -> dict[str, str]:
    """What Pagefind indexed: each page's URL and text (fragments are gzip, then a signature, then JSON)."""
    indexed = {}
    for path in sorted((output / "pagefind" / "fragment").glob("*.pf_fragment")):
        data = gzip.decompress(path.read_bytes()).decode("utf-8")
        fragment = json.loads(data[data.index("{") :])
        indexed[fragment["url"]] = fragment["content"]
    return indexed


@pytest.mark.build
def test_the_build_refuses_bad_content_and_names_the_problem(tmp_path):
    project = make_project(tmp_path, "raw_script")
    result = run(project, "build", "--content", str(project / "content"), "--output", str(project / "output"))
    assert result.returncode == 1
    assert f"content/{ARTICLE}:10: raw <script> in the text — remove it" in result.stderr
    assert "nothing was built and the previous output is unchanged" in result.stderr
    assert not (project / "output").exists()


@pytest.mark.build
def test_a_failed_build_leaves_the_previous_output_byte_for_byte_intact(tmp_path):
    project = make_project(tmp_path)
    output = project / "output"
    good = run(project, "build", "--content", str(project / "content"), "--output", str(output))
    assert good.returncode == 0, good.stderr
    before = snapshot(output)
    assert "index.html" in before and "fi/index.html" in before
    # Refused by the content check, before Pelican runs.
    shutil.copytree(FIXTURES / "raw_script", project / "content", dirs_exist_ok=True)
    assert run(project, "build", "--content", str(project / "content"), "--output", str(output)).returncode == 1
    assert snapshot(output) == before
    # Content that passes the check, but Pelican itself fails (a plugin that does not exist).
    (project / "content" / ARTICLE).unlink()
    settings = project / "broken_settings.py"
    settings.write_text(
        f"import sys\nsys.path.insert(0, {str(ROOT)!r})\nfrom pelicanconf import *\n"
        f"PLUGIN_PATHS = [{str(ROOT)!r}]\nTHEME = {str(sitebuild.THEME)!r}\n"
        "PLUGINS = PLUGINS + ['finns_inte']\n"
    )
    failed = subprocess.run(
        [
            sys.executable,
            "-c",
            "import sys, sitebuild.build; sitebuild.build.run_build(*map(__import__('pathlib').Path, sys.argv[1:]), quiet=True)",
            str(project / "content"),
            str(output),
            str(settings),
        ],
        cwd=ROOT,
        capture_output=True,
        text=True,
        check=False,
        timeout=300,
    )
    assert failed.returncode == 1 and "BuildError" in failed.stderr and "finns_inte" in failed.stderr
    assert snapshot(output) == before
    # Nothing left of the failed builds; beside the output only the record of the last good one (sitebuild/unchanged)
    # and what its media step published (for the development server's updates, sitebuild/live).
    assert sorted(path.name for path in project.iterdir()) == [
        ".output.build.json",
        ".output.media.json",
        "broken_settings.py",
        "content",
        "output",
    ]


@pytest.mark.build
def test_build_and_check_never_modify_content(tmp_path):
    project = make_project(tmp_path, "drafts_never_published", "future_dated_article")
    before = snapshot(project / "content")
    assert run(project, "check", "--content", str(project / "content")).returncode == 0
    assert run(project, "translations", "--content", str(project / "content")).returncode == 0
    result = run(project, "build", "--content", str(project / "content"), "--output", str(project / "output"))
    assert result.returncode == 0, result.stderr
    assert snapshot(project / "content") == before


@pytest.mark.build
def test_drafts_are_never_in_the_output(tmp_path):
    project = make_project(tmp_path, "drafts_never_published")
    result = run(project, "build", "--content", str(project / "content"), "--output", str(project / "output"))
    assert result.returncode == 0, result.stderr
    output = project / "output"
    paths = [path.relative_to(output).as_posix() for path in output.rglob("*")]
    for slug in ("hemligt-utkast", "salainen-luonnos", "utkastsida"):
        assert not any(slug in path for path in paths)
    texts = _texts(output)
    for text in ("hemligt-utkast", "salainen-luonnos", "utkastsida", "Hemligt utkast", "Sida som är ett utkast"):
        assert text not in texts
    # The published items are all there, in the search index too (so the absence above means something).
    assert (output / "2022" / "09" / "15" / "kompetensbehovet-har-kartlagts" / "index.html").is_file()
    assert (output / "om-projektet" / "index.html").is_file()
    indexed = _search_index(output)
    assert "/2022/09/15/kompetensbehovet-har-kartlagts/" in indexed
    assert "Projektet redovisar sina resultat" in indexed["/2022/09/15/kompetensbehovet-har-kartlagts/"]
    assert "Kompetensbehovet har kartlagts" in texts  # the decompressed index
    for url, text in indexed.items():
        assert not any(slug in url for slug in ("hemligt-utkast", "salainen-luonnos", "utkastsida")), url
        assert "Hemligt utkast" not in text and "Sida som är ett utkast" not in text, url


@pytest.mark.build
def test_a_future_dated_article_is_held_back_until_its_date(tmp_path):
    project = make_project(tmp_path, "future_dated_article")
    content, output = str(project / "content"), project / "output"
    check = run(project, "check", "--content", str(project / "content"), "--now", "2022-09-20T09:59")
    assert check.returncode == 0
    assert (
        "content/articles/2022-09-20-framtida-nyhet.sv.md:2: note: dated 2022-09-20 10:00, later than now"
        in check.stdout
    )
    early = run(project, "build", "--content", content, "--output", str(output), "--now", "2022-09-20T09:59")
    assert early.returncode == 0, early.stderr
    assert not (output / "2022" / "09" / "20").exists() and not (output / "fi" / "2022" / "09" / "20").exists()
    texts = _texts(output)
    assert "framtida-nyhet" not in texts and "myohemmin-julkaistava-uutinen" not in texts
    assert "Nyhet som publiceras senare" not in texts
    indexed = _search_index(output)
    assert "/2022/09/15/kompetensbehovet-har-kartlagts/" in indexed
    assert not any("framtida-nyhet" in url or "myohemmin-julkaistava" in url for url in indexed)
    assert not any("Nyhet som publiceras senare" in text for text in indexed.values())
    late = run(project, "build", "--content", content, "--output", str(output), "--now", "2022-09-20T10:00")
    assert late.returncode == 0, late.stderr
    assert (output / "2022" / "09" / "20" / "framtida-nyhet" / "index.html").is_file()
    assert (output / "fi" / "2022" / "09" / "20" / "myohemmin-julkaistava-uutinen" / "index.html").is_file()
    assert "/2022/09/20/framtida-nyhet/" in (output / "index.html").read_text("utf-8")
    # Once out, it is searchable: the search-index assertion above could fail.
    assert "/2022/09/20/framtida-nyhet/" in _search_index(output)


@pytest.mark.build
def test_pelican_alone_refuses_bad_content(tmp_path):
    project = make_project(tmp_path, "raw_script")
    result = subprocess.run(
        [
            sys.executable,
            "-m",
            "pelican",
            str(project / "content"),
            "-s",
            str(ROOT / "pelicanconf.py"),
            "-o",
            str(project / "output"),
        ],
        cwd=ROOT,
        capture_output=True,
        text=True,
        check=False,
        timeout=300,
        env={**os.environ, "COLUMNS": "400"},
    )
    assert result.returncode == 1
    assert "ContentError" in result.stdout + result.stderr
    assert f"{ARTICLE}:10: raw <script> in the text" in result.stdout + result.stderr
    assert not (project / "output").exists()


def test_the_messages_shown_in_the_editors_guide_are_real(tmp_path, capsys, monkeypatch):
    guide = (ROOT / "docs" / "editing.md").read_text("utf-8")
    shown = {line for line in guide.splitlines() if line.startswith("content/articles/2022-10-03-")}
    assert len(shown) >= 8
    status, output = check_in_process(make_project(tmp_path, "documented_example"), capsys, monkeypatch)
    assert status == 1
    assert shown <= set(output.splitlines())
