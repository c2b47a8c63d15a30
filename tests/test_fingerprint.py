"""sitebuild/postprocess/fingerprint: hashed asset names, and every reference to an asset rewritten.

The rewriting on its own, no build: the production build's assets are tested in tests/test_production.py.
"""

from __future__ import annotations

import hashlib

import pytest

from sitebuild.postprocess.fingerprint import _hashed_name, _rewrite, is_fingerprinted

ROOT = "https://batteryregion.eu/"
RENAMED = {
    "theme/css/main.css": "theme/css/main.0123456789.css",
    "theme/fonts/ubuntu.woff2": "theme/fonts/ubuntu.abcdefabcd.woff2",
}
# (text, the address of the file it is in, the text with its references rewritten).
REWRITES = [
    ("<link href=/theme/css/main.css>", "fi/x/", "<link href=/theme/css/main.0123456789.css>"),
    ('<link href="../../theme/css/main.css">', "fi/x/", '<link href="../../theme/css/main.0123456789.css">'),
    ("<link href=theme/css/main.css>", "", "<link href=theme/css/main.0123456789.css>"),
    # A stylesheet's fonts, relative to the stylesheet, quoted or not.
    ("url(../fonts/ubuntu.woff2)", "theme/css/main.css", "url(../fonts/ubuntu.abcdefabcd.woff2)"),
    ('url("../fonts/ubuntu.woff2")', "theme/css/main.css", 'url("../fonts/ubuntu.abcdefabcd.woff2")'),
    # Absolute, with a query and a fragment: only the file name changes.
    (f'<a href="{ROOT}theme/css/main.css?v=1#x">', "", f'<a href="{ROOT}theme/css/main.0123456789.css?v=1#x">'),
    ('{"css": "/theme/css/main.css"}', "", '{"css": "/theme/css/main.0123456789.css"}'),
    (
        '<img srcset="/theme/css/main.css 1x, /theme/fonts/ubuntu.woff2 2x">',
        "",
        '<img srcset="/theme/css/main.0123456789.css 1x, /theme/fonts/ubuntu.abcdefabcd.woff2 2x">',
    ),
    # Same name, another file; another site; a longer name; a word in prose: left alone.
    ('<a href="/other/main.css">', "", '<a href="/other/main.css">'),
    ('<a href="https://example.org/theme/css/main.css">', "", '<a href="https://example.org/theme/css/main.css">'),
    ("/theme/css/main.css.map mymain.css", "", "/theme/css/main.css.map mymain.css"),
    ("Read main.css in the theme.", "", "Read main.css in the theme."),
]


@pytest.mark.parametrize(("text", "file", "expected"), REWRITES)
def test_every_form_of_reference_to_a_renamed_asset_is_rewritten_and_nothing_else(text, file, expected):
    assert _rewrite(text, ROOT + file, ROOT, RENAMED) == expected


def test_nothing_renamed_leaves_the_text_as_it_is():
    assert _rewrite("<link href=/theme/css/main.css>", ROOT, ROOT, {}) == "<link href=/theme/css/main.css>"


def test_the_hashed_name_is_the_content_hash_before_the_suffix():
    digest = hashlib.sha256(b"body{}").hexdigest()[:10]
    assert _hashed_name("main.css", b"body{}") == f"main.{digest}.css"
    assert _hashed_name("jquery.min.js", b"body{}") == f"jquery.min.{digest}.js"
    assert _hashed_name("LICENCE", b"body{}") == f"LICENCE.{digest}"
    assert _hashed_name("main.css", b"body{ }") != _hashed_name("main.css", b"body{}")


@pytest.mark.parametrize(
    ("name", "fingerprinted"),
    [
        ("main.0123456789.css", True),
        ("main.0123456789.css.gz", True),
        ("main.0123456789.css.br", True),
        ("main.css", False),
        ("main.012345678.css", False),
        ("main.0123456789ab.css", False),
        ("main.ABCDEF0123.css", False),
    ],
)
def test_a_fingerprinted_name_is_recognised_also_when_precompressed(name, fingerprinted):
    assert is_fingerprinted(name) is fingerprinted
