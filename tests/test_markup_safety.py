"""Markup that could run code or restyle the page: found in the HTML however it is spelt (html_safety, the
start tags as a browser reads them: markdown_scan), reported by the check, and refused by the build even when
the check is skipped (plugins/content_check's last line of defence)."""

from __future__ import annotations

import pytest

import sitebuild
import sitebuild.catalogs
from tests.support.content_check import check_in_process, make_project, reported
from tests.support.pelican_alone import run_pelican_process

ROOT = sitebuild.ROOT


# What could run code: read from the HTML the build makes ---------------------------------------------


# HTML and what is unsafe in it: (kind, element[, attribute[, scheme]]).
UNSAFE_HTML = [
    ('<p><a href="https://example.com/">Läs</a> <img src="/images/bild.png" alt="Bild"></p>', []),
    ("<pre><code>&lt;script&gt;alert(1)&lt;/script&gt;</code></pre>", []),
    ("<!-- <script>alert(1)</script> -->", []),
    ("<svg/onload=alert(1)>", [("element", "svg")]),
    ('<img/src="x"/onerror=alert(2)>', [("handler", "img", "onerror")]),
    ("<p>a<!-- x --!><img src=x onerror=alert(3)>", [("handler", "img", "onerror")]),
    ('<a href="https://example.com/" ONCLICK="alert(4)">Läs</a>', [("handler", "a", "onclick")]),
    ('<div style="color: red">Text</div>', [("style", "div", "style")]),
    ('<a href=" javascript:alert(5)">Läs</a>', [("url", "a", "href", "javascript")]),
    ('<a href="&#106;avascript:alert(6)">Läs</a>', [("url", "a", "href", "javascript")]),
    ('<a href="java&#x09;script:alert(7)">Läs</a>', [("url", "a", "href", "javascript")]),
    ('<a href="\x01JaVaScRiPt:alert(8)">Läs</a>', [("url", "a", "href", "javascript")]),
    ('<a href="vbscript:msgbox(9)">Läs</a>', [("url", "a", "href", "vbscript")]),
    ('<img src="data:image/svg+xml,x" alt="Bild">', [("url", "img", "src", "data")]),
    ('<img srcset="/a.png 1x, javascript:alert(10) 2x" alt="Bild">', [("url", "img", "srcset", "javascript")]),
    ('<math><mi xlink:href="javascript:alert(11)">x</mi></math>', [("element", "math")]),
    ('<noscript><p title="</noscript><img src=x onerror=alert(12)>"></noscript>', [("element", "noscript")]),
    # A browser adds a stray <body>'s handlers to the page's own body; lxml drops the tag.
    ("<p>Text</p><body onload=alert(13)>", [("element", "body")]),
    (
        '<form action="/"><button formaction="javascript:alert(14)">Skicka</button></form>',
        [("element", "form")],
    ),
]


@pytest.mark.parametrize(("html", "expected"), UNSAFE_HTML)
def test_unsafe_markup_is_found_however_it_is_spelt(html, expected):
    from plugins.content_check.html_safety import unsafe_markup

    found = [(f.kind, f.element, f.attribute, f.scheme) for f in unsafe_markup(html)]
    assert found == [(*finding, None, None)[:4] for finding in expected]


UNSAFE_BODIES = {
    "svg": "<svg/onload=alert(1)>",
    "bild": "<img/src/onerror=alert(2)>",
    "versaler": '<a href="https://example.com/" ONCLICK="alert(3)">Läs</a>',
    "citattecken": "<p onmouseover=alert(4)>Ett stycke.</p>",
    "mellanslag": 'Läs <a href=" javascript:alert(5)">mer</a>.',
    "entitet": 'Läs <a href="&#106;avascript:alert(6)">mer</a>.',
    "klamrar": 'Ett stycke.\n{: onclick="alert(7)" }',
}


@pytest.mark.build
def test_the_build_refuses_what_could_run_code_even_when_the_check_is_skipped(tmp_path, capsys, monkeypatch):
    project = make_project(tmp_path)
    for name, body in UNSAFE_BODIES.items():
        (project / "content" / "articles" / f"2022-09-20-{name}.sv.md").write_text(
            f"Title: Nyhet {name}\nDate: 2022-09-20 10:00\nLang: sv\nKey: {name}\nSlug: {name}\n"
            f"Category: Nyheter\nSummary: En kort ingress.\nStatus: published\n\n{body}\n",
            encoding="utf-8",
        )
    # The check names each file and line...
    status, output = check_in_process(project, capsys, monkeypatch)
    assert status == 1
    for name in UNSAFE_BODIES:
        reported(output, f"articles/2022-09-20-{name}.sv.md", 11 if name == "klamrar" else 10, "")
    # ...and Pelican, run without it, refuses each item and fails.
    result = run_pelican_process(project / "content", project / "out")
    assert result.returncode == 1
    for name in UNSAFE_BODIES:
        refused = [line for line in result.stderr.splitlines() if f"articles/2022-09-20-{name}.sv.md" in line]
        assert refused and "could run code or change the page" in refused[0], result.stderr
    assert not (project / "out" / "2022" / "09" / "20").exists()
    assert (project / "out" / "2022" / "09" / "15" / "kompetensbehovet-har-kartlagts" / "index.html").is_file()


# Raw HTML in Markdown as a browser tokenizes its start tags: (text, [(element, attributes)]).
START_TAGS = [
    # Attributes end at `/` as well as at a space: two attributes, not one.
    ('<img/src="x"/onerror=alert(1)>', [("img", {"src": "x", "onerror": "alert(1)"})]),
    # Names lowercase, either quote, character references decoded.
    ("<A HREF='/x' Title=\"a&amp;b\">", [("a", {"href": "/x", "title": "a&b"})]),
    ("<p title=&quot;q&quot;>", [("p", {"title": '"q"'})]),
    # A newline separates attributes like a space.
    ("<svg\nonload=x>", [("svg", {"onload": "x"})]),
    ("<input disabled value=x>", [("input", {"disabled": None, "value": "x"})]),
    # The first of two equal attributes counts, as in a browser.
    ('<p a="1" a="2">', [("p", {"a": "1"})]),
    # Not a tag: a comparison, an end tag; a tag whose quote never closes is dropped by a browser.
    ("a < b and x<1y", []),
    ("</p><br/>", [("br", {})]),
    ('<p title="never closed', []),
]


@pytest.mark.parametrize(("text", "expected"), START_TAGS)
def test_start_tags_are_read_as_a_browser_reads_them(text, expected):
    from plugins.content_check.markdown_scan import start_tags

    assert [(element, attributes) for _start, _end, element, attributes in start_tags(text)] == expected


def test_start_tags_give_where_each_tag_is():
    from plugins.content_check.markdown_scan import start_tags

    text = "Text <b>bold</b> and <img src=x>."
    assert [text[start:end] for start, end, _element, _attributes in start_tags(text)] == ["<b>", "<img src=x>"]
