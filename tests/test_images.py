"""Photos and documents (issue 15): published once for every language, responsive, described in each language,
stripped of private data; the content check refuses what the pipeline cannot publish well."""

from __future__ import annotations

import time
from pathlib import Path

import pytest
from bs4 import BeautifulSoup
from PIL import Image

import sitebuild
import sitebuild.build
from plugins.content_check import Problem, validate
from plugins.media.markup import file_size
from sitebuild.media import document_notes, publish_media
from sitebuild.validate import checked_content, content_settings
from tests import corpus
from tests.support import images
from tests.support.clock import NOW

NBSP = "\u00a0"
SV_ALT = "Deltagare på scenen under slutkonferensen i Skellefteå"
FI_ALT = "Osallistujia lavalla Skellefteån loppukonferenssissa"


def _article(path: Path, fields: dict[str, str], body: str) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text("\n".join(f"{k}: {v}" for k, v in fields.items()) + "\n\n" + body + "\n", encoding="utf-8")


def photo_content(content: Path) -> Path:
    """The corpus (one pair) and an article pair with a lead photo, photos in the text and two documents."""
    corpus.generate(content, pairs=1)
    media = content / "images"
    media.mkdir(exist_ok=True)
    images.camera_photo(media / "konferens.jpg")
    images.transparent_png(media / "diagram.png")
    images.cmyk_jpeg(media / "tryck.jpg")
    images.heic_photo(media / "iphone.heic")
    images.clean_svg(media / "batteri.svg")
    images.pdf(media / "slutrapport.pdf", title="Slutrapport", lang="sv", tagged=True, pad=1_200_000)
    images.docx(media / "report.docx", lang="en")
    common = {"Date": "2022-09-20 10:00", "Key": "fotonyhet", "Status": "published", "Image": "images/konferens.jpg"}
    _article(
        content / "articles" / "fotonyhet.sv.md",
        {
            "Title": "Nyhet med foton",
            "Lang": "sv",
            "Slug": "nyhet-med-foton",
            "Category": "Nyheter",
            "Summary": "En nyhet med ett huvudfoto.",
            "Image_alt": SV_ALT,
            "Image_caption": "Slutkonferensen samlade 120 deltagare.",
            "Image_credit": "Anna Andersson",
            **common,
        },
        "Text före bilderna.\n\n"
        "![Stapeldiagram över kompetensbehoven]({static}/images/diagram.png)\n\n"
        "![Tryckt affisch för konferensen]({static}/images/tryck.jpg)\n\n"
        "![Ett batteri i projektets färger]({static}/images/iphone.heic)\n\n"
        "![]({static}/images/batteri.svg){: .decorative}\n\n"
        "Läs [Slutrapport]({static}/images/slutrapport.pdf) och [rapporten]({static}/images/report.docx).",
    )
    _article(
        content / "articles" / "fotonyhet.fi.md",
        {
            "Title": "Uutinen kuvin",
            "Lang": "fi",
            "Slug": "uutinen-kuvin",
            "Category": "Uutiset",
            "Summary": "Uutinen, jossa on pääkuva.",
            "Original": "sv",
            "Image_alt": FI_ALT,
            "Image_credit": "Anna Andersson",
            **common,
        },
        "Teksti ennen kuvia.\n\n"
        "![Pylväskaavio osaamistarpeista]({static}/images/diagram.png)\n\n"
        "Lue [Loppuraportti]({static}/images/slutrapport.pdf).",
    )
    return content


@pytest.fixture(scope="module")
def photo_site(tmp_path_factory) -> tuple[Path, Path, Path]:
    """(content, output, cache) of a real build of the photo content."""
    root = tmp_path_factory.mktemp("photos")
    content, output, cache = photo_content(root / "content"), root / "output", root / "cache"
    sitebuild.build.run_build(content=content, output=output, quiet=True, now=NOW, media_cache=cache)
    return content, output, cache


def page(output: Path, path: str) -> BeautifulSoup:
    """A built page parsed as a browser parses it (libxml2's HTML parser does not know `<source>` is void)."""
    return BeautifulSoup((output / path / "index.html").read_bytes(), "html.parser")


def published(output: Path) -> list[Path]:
    return sorted(path for path in (output / "images").rglob("*") if path.is_file())


# Published files ----------------------------------------------------------------------------------------------


def test_no_published_image_keeps_exif_gps_or_the_camera_serial(photo_site):
    _content, output, _cache = photo_site
    files = [path for path in published(output) if path.suffix in (".avif", ".webp", ".jpg")]
    assert files
    for path in files:
        data = path.read_bytes()
        assert images.CAMERA_SERIAL.encode() not in data and b"Battery Camera Co" not in data, path.name
        with Image.open(path) as image:
            assert not image.getexif(), path.name
            assert not {"exif", "xmp", "icc_profile"} & set(image.info), path.name


def test_the_camera_photo_is_upright_at_each_width_in_avif_and_webp_and_never_published_as_it_was(photo_site):
    _content, output, _cache = photo_site
    variants = [path for path in published(output) if path.name.startswith("konferens-") and "thumb" not in path.name]
    by_format: dict[str, list[tuple[int, int]]] = {}
    for path in variants:
        with Image.open(path) as image:
            by_format.setdefault(image.format, []).append(image.size)
    # Orientation 6: 3000 × 2000 stored, 2000 × 3000 shown; 1440 is the widest published.
    assert (
        sorted(by_format["AVIF"]) == sorted(by_format["WEBP"]) == [(360, 540), (720, 1080), (1080, 1620), (1440, 2160)]
    )
    assert by_format["JPEG"] == [(1200, 630)]  # the link preview
    assert not list(output.rglob("konferens.jpg")) and not list(output.rglob("*.heic"))


def test_each_file_is_published_once_for_every_language(photo_site):
    _content, output, _cache = photo_site
    assert not (output / "fi" / "images").exists()
    names = [path.name for path in output.rglob("*") if path.is_file() and "images" in path.parts]
    assert len(names) == len(set(names))
    sv, fi = page(output, "2022/09/20/nyhet-med-foton"), page(output, "fi/2022/09/20/uutinen-kuvin")
    assert sv.select_one("figure img")["srcset"] == fi.select_one("figure img")["srcset"]


def test_cmyk_becomes_srgb_transparency_is_kept_and_heic_is_read(photo_site):
    _content, output, _cache = photo_site
    with Image.open(next(output.glob("images/tryck-360.*.webp"))) as image:
        assert image.mode == "RGB"
        sky = image.getpixel((image.width // 2, 5))
        assert sky[2] > sky[0]  # still a blue sky, not inverted CMYK
    with Image.open(next(output.glob("images/diagram-360.*.webp"))) as image:
        assert image.mode == "RGBA" and image.getpixel((5, 5))[3] == 0 and image.getpixel((355, 5))[3] == 255
    assert list(output.glob("images/iphone-1440.*.avif"))


def test_a_clean_svg_is_published_without_comments_or_metadata(photo_site):
    _content, output, _cache = photo_site
    (svg,) = output.glob("images/batteri.*.svg")
    text = svg.read_text("utf-8")
    assert "someone@example.org" not in text and "drawn by hand" not in text and "<title>Battery</title>" in text


def test_a_draft_shows_no_photo_of_its_own_on_the_site(tmp_path):
    content = photo_content(tmp_path / "content")
    for lang in ("sv", "fi"):
        article = content / "articles" / f"fotonyhet.{lang}.md"
        article.write_text(article.read_text("utf-8").replace("Status: published", "Status: draft"), "utf-8")
    output = tmp_path / "output"
    sitebuild.build.run_build(content=content, output=output, quiet=True, now=NOW, media_cache=tmp_path / "cache")
    assert not list(output.glob("images/konferens*")) and not list(output.glob("images/*.pdf"))
    assert list(output.glob("images/fotopar-*"))  # the corpus's published photo pair


# Markup ---------------------------------------------------------------------------------------------------


def test_the_lead_photo_is_a_picture_with_srcset_size_and_each_languages_description(photo_site):
    _content, output, _cache = photo_site
    for path, alt, credit in (
        ("2022/09/20/nyhet-med-foton", SV_ALT, "Foto: Anna Andersson"),
        ("fi/2022/09/20/uutinen-kuvin", FI_ALT, "Kuva: Anna Andersson"),
    ):
        root = page(output, path)
        (figure,) = root.select("main figure.br-figure")
        (source,) = figure.select("picture > source")
        (img,) = figure.select("picture > img")
        assert source.get("type") == "image/avif"
        assert [c.split()[1] for c in source.get("srcset").split(", ")] == ["360w", "720w", "1080w", "1440w"]
        assert img.get("srcset").count(".webp") == 4 and img.get("sizes") == source.get("sizes")
        assert (img.get("width"), img.get("height")) == ("1440", "2160")
        assert img.get("alt") == alt and img.get("decoding") == "async"
        assert img.get("loading") is None  # in view when the page opens
        assert figure.select_one("figcaption .br-figure__credit").get_text() == credit


def test_photos_in_the_text_are_lazy_described_per_language_and_the_decorative_one_is_silent(photo_site):
    _content, output, _cache = photo_site
    sv = page(output, "2022/09/20/nyhet-med-foton").select(".br-prose img")
    fi = page(output, "fi/2022/09/20/uutinen-kuvin").select(".br-prose img")
    assert [img.get("alt") for img in sv] == [
        "Stapeldiagram över kompetensbehoven",
        "Tryckt affisch för konferensen",
        "Ett batteri i projektets färger",
        "",
    ]
    assert [img.get("alt") for img in fi] == ["Pylväskaavio osaamistarpeista"]
    assert all(img.get("loading") == "lazy" and img.get("width") and img.get("height") for img in sv + fi)
    assert all(img.parent.name == "picture" for img in sv[:3])
    assert not any("{static}" in (img.get("src") or "") for img in sv + fi)


def test_the_lead_photo_is_the_link_preview_and_a_thumbnail_with_empty_alt_in_the_news_list(photo_site):
    _content, output, _cache = photo_site
    root = page(output, "2022/09/20/nyhet-med-foton")
    meta = {m["property"]: m["content"] for m in root.select("meta[property]")}
    assert meta["og:image"].startswith("https://batteryregion.eu/images/konferens-og.")
    assert (meta["og:image:width"], meta["og:image:height"], meta["og:image:type"]) == ("1200", "630", "image/jpeg")
    assert meta["og:image:alt"] == SV_ALT
    other = page(output, "2022/01/15/endast-svenska-1")
    assert other.select_one("meta[property='og:image']")["content"].endswith("/theme/img/og-default.png")
    for front in (page(output, ""), page(output, "fi")):
        thumbnails = front.select("li.br-news-list__item img.br-teaser__image")
        assert len(thumbnails) == 2  # this article's and the corpus's photo pair
        assert all(t["alt"] == "" and t["width"] and t["height"] and t.parent.name == "picture" for t in thumbnails)
        assert thumbnails[0].get("loading") is None and thumbnails[1]["loading"] == "lazy"


def test_document_links_say_type_size_and_a_language_other_than_the_pages(photo_site):
    _content, output, _cache = photo_site
    sv = page(output, "2022/09/20/nyhet-med-foton").select(".br-prose a")
    fi = page(output, "fi/2022/09/20/uutinen-kuvin").select(".br-prose a")
    assert [a.get_text() for a in sv] == [
        f"Slutrapport (PDF, 1,2{NBSP}MB)",
        f"rapporten (Word, 1{NBSP}kB, engelska)",
    ]
    assert sv[1].get("hreflang") == "en" and sv[0].get("type") == "application/pdf"
    assert [a.get_text() for a in fi] == [f"Loppuraportti (PDF, 1,2{NBSP}Mt, ruotsi)"]
    assert sv[0].get("href") == fi[0].get("href") == "/images/slutrapport.pdf"
    assert (output / "images" / "slutrapport.pdf").is_file() and not (output / "fi" / "images").exists()


def test_file_sizes_are_decimal_with_a_no_break_space():
    assert file_size(1_234_567, "sv_SE") == f"1,2{NBSP}MB"
    assert file_size(1_234_567, "fi_FI") == f"1,2{NBSP}Mt"
    assert file_size(999_999, "sv_SE") == f"1{NBSP}MB"
    assert file_size(340_400, "fi_FI") == f"340{NBSP}kt"


# The cache ------------------------------------------------------------------------------------------------------


def test_a_rebuild_with_unchanged_images_encodes_nothing(photo_site, tmp_path, capsys):
    content, _output, cache = photo_site
    index = checked_content(content, sitebuild.PELICANCONF, NOW)
    started = time.monotonic()
    again = publish_media(index, tmp_path / "again", cache)
    elapsed = time.monotonic() - started
    assert (again.encoded, again.cached) == (0, 6)
    cold = publish_media(index, tmp_path / "cold", tmp_path / "empty-cache")
    assert (cold.encoded, cold.cached) == (6, 0)
    assert sorted(p.name for p in (tmp_path / "again").rglob("*")) == sorted(
        p.name for p in (tmp_path / "cold").rglob("*")
    )
    with capsys.disabled():
        print(f"\n  media step with a warm cache: {elapsed:.2f} s for 6 images")


# The content check ----------------------------------------------------------------------------------------------


def check(content: Path) -> list[Problem]:
    settings = content_settings(content, sitebuild.PELICANCONF)
    from plugins.schedule import build_now

    return validate(Path(settings["PATH"]), settings, build_now({**settings, "BUILD_NOW": NOW}))


def _rendered(problems: list[Problem], root: Path) -> list[str]:
    return [problem.render(root) for problem in problems]


def test_the_photo_content_passes_the_check(photo_site):
    content, _output, _cache = photo_site
    assert [p for p in check(content) if p.is_error] == []


@pytest.mark.parametrize(
    ("make", "name", "message", "fix"),
    [
        (images.animated_gif, "lykta.gif", "an animated GIF", "save the one frame"),
        (images.svg_with_script, "logo.svg", "the SVG contains <script>", "without scripts"),
        (images.truncated_jpeg, "avbruten.jpg", "is cut off", "copy or export it again"),
        (images.decompression_bomb, "bomb.png", "30000 × 30000 pixels, more than 250 megapixels", "export it smaller"),
        (
            images.transparent_png,
            "fel-namn.jpg",
            "is a PNG file, not the JPEG its name says",
            "rename it to fel-namn.png",
        ),
    ],
)
def test_the_check_refuses_an_image_the_build_cannot_publish(tmp_path, make, name, message, fix):
    content = corpus.generate(tmp_path / "content", pairs=1)
    make(content / "images" / name)
    article = content / "articles" / "endast-svenska-1.sv.md"
    article.write_text(article.read_text("utf-8") + f"\n![Ljus i fönstret]({{static}}/images/{name})\n", "utf-8")
    started = time.monotonic()
    (problem,) = [p for p in check(content) if p.is_error]
    assert time.monotonic() - started < 30  # never decodes the bomb (a generous bound, not a timing test)
    assert problem.path == article and problem.line == 12
    assert message in problem.message and fix in problem.fix


@pytest.mark.parametrize(
    ("fields", "body", "line", "message", "fix"),
    [
        ({"Image": "images/foto.jpg"}, "", 9, "the lead image has no description (Image_alt)", "Image_alt:"),
        ({"Image": "images/foto.jpg", "Image_alt": "foto.jpg"}, "", 10, "is the file's name", "describe what"),
        ({"Image": "images/foto.jpg", "Image_alt": "Bild"}, "", 10, "says what it is, not what it shows", "describe"),
        (
            {"Image": "images/finns-inte.jpg", "Image_alt": "Ett foto"},
            "",
            9,
            "images/finns-inte.jpg does not exist",
            "content/images/",
        ),
        ({"Image_credit": "Anna"}, "", 9, "Image_credit without Image", "add `Image: images/<file>`"),
        (
            {},
            '<img src="{static}/images/foto.jpg" alt="Deltagare">',
            12,
            "raw <img> in the text",
            "![What the photo shows]",
        ),
        ({}, "![kuva]({static}/images/foto.jpg)", 12, "says what it is, not what it shows", "describe"),
        ({}, "![Deltagare](/images/foto.jpg)", 12, "bypasses the photo processing", "{static}/images/foto.jpg"),
        ({}, "![]({static}/images/foto.jpg)", 12, "image without alt text", "{: .decorative}"),
    ],
)
def test_the_check_refuses_an_undescribed_or_bypassing_photo_with_line_and_fix(
    tmp_path, fields, body, line, message, fix
):
    content = corpus.generate(tmp_path / "content", pairs=1)
    images.camera_photo(content / "images" / "foto.jpg", size=(600, 400))
    article = content / "articles" / "endast-svenska-1.sv.md"
    head, text = article.read_text("utf-8").split("\n\n", 1)
    extra = "".join(f"\n{key}: {value}" for key, value in fields.items())
    article.write_text(f"{head}{extra}\n\n{text}\n{body}\n", "utf-8")
    errors = [p for p in check(content) if p.is_error]
    assert any(p.path == article and p.line == line and message in p.message and fix in p.fix for p in errors), (
        _rendered(errors, content)
    )


@pytest.mark.parametrize(
    ("summary", "message", "fix"),
    [
        ("![Deltagare på scenen]({static}/images/foto.jpg)", "a photo in Summary", "`Image: images/foto.jpg`"),
        ('<img src="{static}/images/foto.jpg" alt="Deltagare på scenen">', "a photo in Summary", "Image_alt:"),
        ("![Deltagare på scenen](/images/foto.jpg)", "a photo in Summary", "`Image: images/<file>`"),
        ("Läs [rapporten]({static}/images/rapport.pdf).", "a link to images/rapport.pdf in Summary", "in the text"),
    ],
)
def test_the_check_refuses_a_photo_or_file_in_the_summary_which_is_shown_as_plain_text(tmp_path, summary, message, fix):
    """The summary is plain text wherever it is shown (the lead, the news list, feeds, link previews): a photo
    there would be shown nowhere, so it is refused, naming the line, with the lead photo or the text as the fix."""
    content = corpus.generate(tmp_path / "content", pairs=1)
    images.camera_photo(content / "images" / "foto.jpg", size=(600, 400))
    images.pdf(content / "images" / "rapport.pdf", title="Rapport", lang="sv", tagged=True)
    article = content / "articles" / "endast-svenska-1.sv.md"
    text = article.read_text("utf-8")
    article.write_text(text.replace("Summary: En nyhet som bara finns på svenska (1).", f"Summary: Ingress. {summary}"))
    errors = [p for p in check(content) if p.is_error]
    assert [(p.path, p.line) for p in errors] == [(article, 7)], _rendered(errors, content)
    assert message in errors[0].message and "plain text" in errors[0].message and fix in errors[0].fix


def test_a_summary_without_photos_passes_and_the_built_lead_is_its_text(photo_site):
    _content, output, _cache = photo_site
    lead = page(output, "2022/09/20/nyhet-med-foton").select_one("p.br-article__lead")
    assert lead.get_text() == "En nyhet med ett huvudfoto." and not lead.find("img")


def test_a_pdf_without_title_language_or_tags_gets_a_note_and_a_tagged_one_none(tmp_path):
    content = corpus.generate(tmp_path / "content", pairs=1)
    images.pdf(content / "images" / "utkast.pdf")
    images.pdf(content / "images" / "rapport.pdf", title="Slutrapport", lang="sv-SE", tagged=True)
    article = content / "articles" / "endast-svenska-1.sv.md"
    article.write_text(
        article.read_text("utf-8") + "\n[Utkast]({static}/images/utkast.pdf), [Rapport]({static}/images/rapport.pdf)\n",
        "utf-8",
    )
    problems = [p for p in check(content) if "pdf" in p.message.lower()]
    assert [(p.severity, p.line) for p in problems] == [("note", 12)]
    assert "images/utkast.pdf: the PDF has no title and no language and no tags" in problems[0].message
    notes = document_notes(content_settings(content, sitebuild.PELICANCONF))
    assert len(notes) == 1 and notes[0].startswith(f"{sitebuild.shown(content / 'images' / 'utkast.pdf')}: the PDF")
