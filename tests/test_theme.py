"""The theme's own rules, checked on its source and on a real Pelican run: what a page template supplies and
what a partial only renders, the sentences the theme says about each language, and the stylesheet's tokens,
blocks and font ranges."""

from __future__ import annotations

import copy
import json
import re
import subprocess
import sys

from pelican.settings import read_settings

import sitebuild
from plugins.language_sentences import SENTENCES
from plugins.language_sentences.language_sentences import missing_sentences

TEMPLATES = sitebuild.THEME / "templates"
SETTINGS = read_settings(str(sitebuild.PELICANCONF))


def test_no_partial_macro_or_the_base_switches_on_the_page_type():
    """Each page template supplies what the frame needs (base.html lists it); only <body> names the type."""
    shared = [TEMPLATES / "base.html", *sorted((TEMPLATES / "partials").glob("*.html"))]
    shared += sorted((TEMPLATES / "macros").glob("*.html"))
    uses = [
        f"{path.relative_to(TEMPLATES)}: {line.strip()}"
        for path in shared
        for line in re.sub(r"\{#.*?#\}", "", path.read_text(encoding="utf-8"), flags=re.S).splitlines()
        if re.search(r"\bpage_type\b", line)
    ]
    assert uses == ['base.html: <body data-page-type="{{ page_type }}">']


def test_every_page_template_says_what_type_of_page_it_is():
    for path in sorted(TEMPLATES.glob("*.html")):
        if path.name != "base.html":
            assert re.search(r"^\{% set page_type = ", path.read_text(encoding="utf-8"), re.M), path.name


def test_every_language_has_every_sentence_the_theme_says_about_a_language():
    assert missing_sentences(SETTINGS["LANGUAGES"]) == []
    for language in SETTINGS["LANGUAGES"].values():
        assert set(language["sentences"]) == set(SENTENCES)


def test_a_missing_or_misnamed_sentence_is_named_with_its_language_and_where_to_add_it():
    languages = copy.deepcopy(SETTINGS["LANGUAGES"])
    del languages["fi"]["sentences"]["only_in"]
    languages["fi"]["sentences"]["only"] = "In Finnish only"
    assert missing_sentences(languages) == [
        'pelicanconf.py: LANGUAGES["fi"] (Suomi) has no sentence "only_in", the mark of a news item or event that'
        ' exists in this language only — add it to LANGUAGES["fi"]["sentences"] in English, as the Swedish entry has'
        ' N_("In Swedish only"), then run `invoke catalogs` and translate it in every catalog',
        'pelicanconf.py: LANGUAGES["fi"]["sentences"] has "only", which the theme never says — correct its name to'
        " one of translation_note, original_link, only_in, in_language, or remove it",
    ]


def test_a_language_without_sentences_stops_pelican_before_it_writes_anything(tmp_path):
    languages = copy.deepcopy(SETTINGS["LANGUAGES"])
    english = {key: value for key, value in languages["fi"].items() if key != "sentences"}
    languages["en"] = {**english, "name": "English", "locale": "en_GB"}
    output = tmp_path / "output"
    result = subprocess.run(
        [
            sys.executable,
            "-m",
            "sitebuild.pelican_run",
            str(sitebuild.ROOT / "content"),
            "--settings",
            str(sitebuild.PELICANCONF),
            "--output",
            str(output),
            "-e",
            f"LANGUAGES={json.dumps(languages)}",
        ],
        cwd=sitebuild.ROOT,
        capture_output=True,
        text=True,
        check=False,
    )
    assert result.returncode == 1
    for key in SENTENCES:
        assert f'LANGUAGES["en"] (English) has no sentence "{key}"' in result.stderr
    assert not list(output.rglob("*.html"))


# The stylesheet ---------------------------------------------------------------------------------------------

CSS = (sitebuild.THEME / "static" / "css" / "main.css").read_text(encoding="utf-8")
FONTSOURCE = sitebuild.ROOT / "node_modules" / "@fontsource" / "ubuntu"


def declarations(prop: str) -> list[str]:
    """Every value the stylesheet gives `prop`, outside the tokens."""
    rules = CSS[CSS.index("/* ---- Base ---- */") :]
    return re.findall(rf"(?<![-\w]){prop}:\s*([^;]+);", re.sub(r"/\*.*?\*/", "", rules, flags=re.S))


def test_every_partial_is_one_block_of_its_own_name():
    """partials/event_facts.html is the block .br-event-facts: its first element carries that class (its look
    may be a shared block's alone, as the translation note's is the inset's)."""
    for path in sorted((TEMPLATES / "partials").glob("*.html")):
        if path.name == "head_meta.html":  # the <head>: nothing to see, nothing to style
            continue
        source = re.sub(r"\{#.*?#\}|\{%.*?%\}", "", path.read_text(encoding="utf-8"), flags=re.S)
        first = re.search(r'<[a-z]+\b[^>]*\bclass="([^"]*)"', source)
        block = "br-" + path.stem.replace("_", "-")
        assert first and block in first.group(1).split(), f"{path.name}: its first element is not .{block}"


def test_every_class_the_stylesheet_styles_is_used():
    used = "\n".join(
        path.read_text(encoding="utf-8")
        for folder, pattern in (
            (TEMPLATES, "*.html"),
            (sitebuild.THEME / "static" / "js", "*.js"),
            (sitebuild.PLUGINS, "*.py"),
        )
        for path in folder.rglob(pattern)
    )
    styled = set(re.findall(r"\.(br-[a-z0-9_-]+)", re.sub(r"/\*.*?\*/", "", CSS, flags=re.S)))
    assert sorted(name for name in styled if not re.search(rf"\b{re.escape(name)}\b(?![-_])", used)) == []


def test_sizes_come_from_the_tokens():
    assert [value for value in declarations("font-size") if not value.startswith("var(--br-font-size-")] == []
    assert [value for value in declarations("max-width") if "rem" in value] == []  # --br-page-width, --br-measure
    assert declarations("border-radius") == ["var(--br-radius)", "0", "0"]  # tags; the search form's square corners


def test_the_breakpoint_is_one_width_in_one_media_query():
    """Custom properties cannot stand in a media query: the breakpoint is kept in one place by having one."""
    widths = re.findall(r"@media[^{]*\((?:min|max)-width:\s*([^)]+)\)", CSS)
    assert widths == ["30em"]


def test_the_font_ranges_are_those_of_the_fontsource_package_the_fonts_come_from():
    ranges = json.loads((FONTSOURCE / "unicode.json").read_text(encoding="utf-8"))
    faces = re.findall(r"@font-face\s*\{(.*?)\}", CSS, flags=re.S)
    assert len(faces) == 8  # "Ubuntu" and "Ubuntu EU", 400 and 700, latin and latin-ext
    for face in faces:
        subset = re.search(r"ubuntu-(latin(?:-ext)?)-\d+-normal\.woff2", face).group(1)
        written = re.search(r"unicode-range:\s*([^;]+);", face).group(1)
        assert "".join(written.split()) == ranges[subset], subset
