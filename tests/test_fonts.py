"""The production build's fonts: Ubuntu cut down to the characters the pages show, named as a derivative."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest
from fontTools.ttLib import TTFont

from sitebuild import THEME
from sitebuild.postprocess.fonts import DERIVATIVE, shown_characters, subset_fonts

FONTS = THEME / "static" / "fonts"
LATIN = "ubuntu-latin-400-normal.woff2"
LATIN_EXT = "ubuntu-latin-ext-400-normal.woff2"


def site_with(tmp_path: Path, text: str, alt: str = "") -> Path:
    """A built site of one page showing `text` (and an image described by `alt`), with the theme's fonts."""
    output = tmp_path / "output"
    shutil.copytree(FONTS, output / "theme" / "fonts")
    (output / "index.html").write_text(
        f'<!doctype html><html lang="sv"><title>x</title><p>{text}</p><img src="x.png" alt="{alt}">',
        encoding="utf-8",
    )
    return output


def characters(path: Path) -> set[str]:
    return {chr(code) for code in TTFont(path).getBestCmap()}


def test_a_subset_keeps_what_the_pages_show_and_drops_the_rest(tmp_path):
    # ŋ (U+014B) is in latin-ext and in none of the fixed characters; Ǿ is in the font but on no page.
    output = site_with(tmp_path, "Batteriregionen ŋ", alt="Bild på händer – Ǩ")
    report = subset_fonts(output)
    latin, latin_ext = output / "theme/fonts" / LATIN, output / "theme/fonts" / LATIN_EXT
    assert set("Batteriregionenåäö–") <= characters(latin)
    assert {"ŋ", "Ǩ", "š", "ž"} <= characters(latin_ext)
    assert "Ǿ" in characters(FONTS / LATIN_EXT) and "Ǿ" not in characters(latin_ext)
    before, after = report.sizes[LATIN]
    assert after < before / 2, report.sizes
    assert report.not_in_fonts == {}


def test_a_subset_is_named_as_a_derivative_and_keeps_kerning(tmp_path):
    output = site_with(tmp_path, "AV To")
    subset_fonts(output)
    font = TTFont(output / "theme/fonts" / LATIN)
    names = {record.nameID: record.toUnicode() for record in font["name"].names}
    # Ubuntu Font Licence 1.0, clause 2(c): the original name with "derivative X" appended.
    assert names[1] == f"Ubuntu {DERIVATIVE}"
    assert names[6] == "Ubuntu-Regular-derivativeBatteryRegion"
    assert "Ubuntu Font Licence" in names[0]
    features = {record.FeatureTag for record in font["GPOS"].table.FeatureList.FeatureRecord}
    assert "kern" in features


def test_a_character_no_font_has_is_reported_with_its_page(tmp_path):
    output = site_with(tmp_path, "Batterier 🔋")
    assert subset_fonts(output).not_in_fonts == {"🔋": "/index.html"}


def test_the_same_pages_give_the_same_font_bytes(tmp_path):
    first, second = (site_with(tmp_path / name, "Samma text") for name in ("a", "b"))
    subset_fonts(first)
    subset_fonts(second)
    for name in (LATIN, LATIN_EXT):
        assert (first / "theme/fonts" / name).read_bytes() == (second / "theme/fonts" / name).read_bytes()


@pytest.mark.parametrize("attribute", ["alt", "aria-label", "title"])
def test_text_a_visitor_hears_counts_as_shown(tmp_path, attribute):
    output = tmp_path / "output"
    output.mkdir()
    (output / "index.html").write_text(f'<p><span {attribute}="Ŧ">x</span></p>', encoding="utf-8")
    assert "Ŧ" in shown_characters(output)
