"""The fixture corpus: generated content that exercises what the real content is too small for.

Pagination in both languages (and the page-N switcher), one-language articles shown in the other
language's list, the untranslated fallback of the switcher, and category switching. Generated into
a temporary folder by the tests; never published.
"""

from __future__ import annotations

import html
from datetime import datetime, timedelta
from pathlib import Path

PAIRS = 21  # with the one-language articles: three pages of ten in each language
SWEDISH_ONLY = ("endast-svenska-1", "endast-svenska-2")
FINNISH_ONLY = ("vain-suomeksi-1",)
START = datetime(2021, 1, 4, 9, 0)
# Characters that must be escaped where a summary lands in attributes and JSON-LD (head metadata).
MARKUP_IN_SUMMARY = " Med \"raka citattecken\" & ett 'apostrof' (&lt;b&gt; är ingen tagg)."
# What a reader sees of it: the entity is text, never markup.
MARKUP_IN_SUMMARY_TEXT = html.unescape(MARKUP_IN_SUMMARY)
# A draft: never published, never in a feed, the sitemap or the search index. Its body holds a word no
# other page has, so the search index can be checked for it.
DRAFT_SLUG, DRAFT_WORD = "utkast", "hemligtutkastord"
# Pairs with photos (plugins/media), so the gates see them: the oldest (the article page the gates sample, first
# by URL) with a lead photo and one in the text, the newest (the front page's first item) with a lead photo.
PHOTO = "images/fotopar.jpg"
PHOTO_ALT = {"sv": "Sol över en grön äng under blå himmel", "fi": "Aurinko vihreän niityn yllä sinisellä taivaalla"}


def _write(path: Path, metadata: dict[str, str], body: str) -> None:
    lines = [f"{key}: {value}" for key, value in metadata.items()]
    path.write_text("\n".join(lines) + "\n\n" + body + "\n", encoding="utf-8")


def generate(dest: Path, pairs: int = PAIRS) -> Path:
    """Write the corpus into `dest` (a content folder) and return it; `pairs` scales it (the benchmark)."""
    articles, pages = dest / "articles", dest / "pages"
    articles.mkdir(parents=True, exist_ok=True)
    pages.mkdir(parents=True, exist_ok=True)
    if pairs:
        from tests.support.images import camera_photo

        camera_photo(dest / PHOTO, size=(1600, 1067), orientation=1)
    for number in range(1, pairs + 1):
        photo = number in (1, pairs)
        date = (START + timedelta(days=7 * number)).strftime("%Y-%m-%d %H:%M")
        sv_category, fi_category = ("Evenemang", "Tapahtumat") if number % 5 == 0 else ("Nyheter", "Uutiset")
        common = {"Date": date, "Key": f"par-{number}", "Status": "published"}
        _write(
            articles / f"par-{number}.sv.md",
            {
                "Title": f"Svensk nyhet {number}",
                "Lang": "sv",
                "Slug": f"svensk-nyhet-{number}",
                "Category": sv_category,
                "Summary": f"Ingress till svensk nyhet {number}.",
                **common,
                **({"Image": PHOTO, "Image_alt": PHOTO_ALT["sv"], "Image_credit": "Anna Andersson"} if photo else {}),
            },
            f"Brödtext till svensk nyhet {number}."
            + (f"\n\n![Ängen på nära håll]({{static}}/{PHOTO})" if number == 1 else ""),
        )
        _write(
            articles / f"par-{number}.fi.md",
            {
                "Title": f"Suomalainen uutinen {number}",
                "Lang": "fi",
                "Slug": f"suomalainen-uutinen-{number}",
                "Category": fi_category,
                "Summary": f"Suomalaisen uutisen {number} ingressi.",
                "Original": "sv",
                **common,
                **({"Image": PHOTO, "Image_alt": PHOTO_ALT["fi"], "Image_credit": "Anna Andersson"} if photo else {}),
            },
            f"Suomalaisen uutisen {number} leipäteksti."
            + (f"\n\n![Niitty läheltä]({{static}}/{PHOTO})" if number == 1 else ""),
        )
    for index, slug in enumerate(SWEDISH_ONLY, start=1):
        _write(
            articles / f"{slug}.sv.md",
            {
                "Title": f"Bara på svenska {index}",
                "Date": f"2022-0{index}-15 10:00",
                "Lang": "sv",
                "Key": slug,
                "Slug": slug,
                "Category": "Evenemang",
                "Summary": f"En nyhet som bara finns på svenska ({index})." + (MARKUP_IN_SUMMARY if index == 2 else ""),
                "Status": "published",
            },
            "Den här nyheten har ingen finsk översättning.",
        )
    _write(
        articles / f"{DRAFT_SLUG}.sv.md",
        {
            "Title": "Ett utkast",
            "Date": "2022-04-15 10:00",
            "Lang": "sv",
            "Key": DRAFT_SLUG,
            "Slug": DRAFT_SLUG,
            "Category": "Nyheter",
            "Summary": "Ett utkast som aldrig publiceras.",
            "Status": "draft",
        },
        f"Ordet {DRAFT_WORD} står bara i det här utkastet.",
    )
    for index, slug in enumerate(FINNISH_ONLY, start=1):
        _write(
            articles / f"{slug}.fi.md",
            {
                "Title": f"Vain suomeksi {index}",
                "Date": f"2022-0{index + 2}-15 10:00",
                "Lang": "fi",
                "Key": slug,
                "Slug": slug,
                "Category": "Uutiset",
                "Summary": f"Uutinen, joka on vain suomeksi ({index}).",
                "Status": "published",
            },
            "Tällä uutisella ei ole ruotsinkielistä käännöstä.",
        )
    _write(
        pages / "om-projektet.sv.md",
        {
            "Title": "Om projektet",
            "Lang": "sv",
            "Key": "om-projektet",
            "Slug": "om-projektet",
            "Summary": "Testsida.",
            "Status": "published",
        },
        "Testsida om projektet.",
    )
    _write(
        pages / "om-projektet.fi.md",
        {
            "Title": "Tietoa hankkeesta",
            "Lang": "fi",
            "Key": "om-projektet",
            "Slug": "tietoa-hankkeesta",
            "Summary": "Testisivu.",
            "Status": "published",
            "Original": "sv",
        },
        "Testisivu hankkeesta.",
    )
    _write(
        pages / "bara-svenska.sv.md",
        {
            "Title": "Sida bara på svenska",
            "Lang": "sv",
            "Key": "bara-svenska",
            "Slug": "bara-svenska",
            "Summary": "En sida utan finsk översättning.",
            "Status": "published",
        },
        "Den här sidan finns bara på svenska.",
    )
    return dest
