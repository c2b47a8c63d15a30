"""invoke import-wordpress: WordPress exports (Polylang, WPML) imported into a copy of the site's content, checked
file by file, in the report, and in a real build of the result. The two exports are of one site (tests/support/
wordpress.py): what the import makes of them is asserted once, for both."""

from __future__ import annotations

import hashlib
import json
import shutil
from pathlib import Path

import pytest
from lxml import etree
from lxml import html as lxml_html

import sitebuild.build
from sitebuild import ROOT
from sitebuild.validate import content_settings
from sitebuild.wordpress import Options, WordPressImportError, convert, import_wordpress, phpserial
from sitebuild.wordpress.report import SECTIONS
from tests.support.clock import NOW
from tests.support.languages import FOUR_LANGUAGES
from tests.support.wordpress import EXPORTS, FINNISH_DESCRIPTIONS, FIXTURES, UPLOADS, describe_photos

POLYLANG, WPML = EXPORTS["polylang"], EXPORTS["wpml"]
BOTH = pytest.mark.parametrize("export", EXPORTS.values(), ids=EXPORTS.keys())
SECRETS = ("HEMLIGT", "redaktor@example.se", "toimittaja@example.fi", "besokare@example.org", "192.0.2.10")


def fresh_content(tmp: Path) -> Path:
    """A copy of the site's content: the conference pair the export also has is in it."""
    content = tmp / "content"
    shutil.copytree(ROOT / "content", content)
    return content


def metadata(path: Path) -> dict[str, str]:
    head = path.read_text(encoding="utf-8").split("\n\n", 1)[0]
    return dict(line.split(": ", 1) for line in head.splitlines())


def body(path: Path) -> str:
    return path.read_text(encoding="utf-8").split("\n\n", 1)[1]


def section(text: str, name: str) -> list[str]:
    """The lines of one section of the report as text (SECTIONS), without their indentation."""
    lines = text.splitlines()
    start = next(n for n, line in enumerate(lines) if line.startswith(f"{SECTIONS[name]} ("))
    found = []
    for line in lines[start + 1 :]:
        if not line.startswith("  "):
            break
        found.append(line.strip())
    return found


def hashes(folder: Path) -> dict[str, str]:
    return {
        path.relative_to(folder).as_posix(): hashlib.sha256(path.read_bytes()).hexdigest()
        for path in sorted(folder.rglob("*"))
        if path.is_file()
    }


@pytest.fixture(scope="module", params=EXPORTS.values(), ids=EXPORTS.keys())
def imported(request, tmp_path_factory):
    """Each export imported once (drafts included) into a copy of the content: the content, the report, the hashes
    of the files before, and the export."""
    export = request.param
    content = fresh_content(tmp_path_factory.mktemp(export.plugin))
    before = hashes(content)
    return content, export.run(content, drafts=True), before, export


# The elements of an <item>, in the order WordPress 6.x's exporter (wp-admin/includes/export.php) writes them.
WXR_ITEM = [
    "title",
    "link",
    "pubDate",
    "dc:creator",
    "guid",
    "description",
    "content:encoded",
    "excerpt:encoded",
    "wp:post_id",
    "wp:post_date",
    "wp:post_date_gmt",
    "wp:post_modified",
    "wp:post_modified_gmt",
    "wp:comment_status",
    "wp:ping_status",
    "wp:post_name",
    "wp:status",
    "wp:post_parent",
    "wp:menu_order",
    "wp:post_type",
    "wp:post_password",
    "wp:is_sticky",
]
WXR_ITEM_TAIL = ("wp:attachment_url", "category", "wp:postmeta", "wp:comment")


@BOTH
def test_the_fixtures_are_written_as_wordpress_writes_an_export(export):
    """Each item's elements in the exporter's order: the fixed ones, then the attachment's address, terms, metadata
    and comments."""
    tree = etree.parse(str(export.path))
    prefixes = {uri: prefix for prefix, uri in tree.getroot().nsmap.items()}
    for item in tree.iterfind("channel/item"):
        names = [
            f"{prefixes[etree.QName(child).namespace]}:{etree.QName(child).localname}"
            if etree.QName(child).namespace
            else child.tag
            for child in item
        ]
        assert names[: len(WXR_ITEM)] == WXR_ITEM, names
        tail = [WXR_ITEM_TAIL.index(name) for name in names[len(WXR_ITEM) :]]
        assert tail == sorted(tail), names
        assert ("wp:attachment_url" in names) == (item.findtext("{*}post_type") == "attachment"), names


def test_php_serialized_values_are_read_with_byte_lengths():
    data = phpserial.loads('a:4:{s:2:"sv";i:12;s:2:"fi";i:14;s:4:"näm";s:6:"Skåne";i:0;a:2:{i:0;b:1;i:1;N;}}')
    assert data == {"sv": 12, "fi": 14, "näm": "Skåne", 0: {0: True, 1: None}}
    assert phpserial.loads("d:0.5;") == 0.5
    with pytest.raises(phpserial.PHPSerialError, match="objects"):
        phpserial.loads('O:8:"stdClass":0:{}')
    with pytest.raises(phpserial.PHPSerialError):
        phpserial.loads('s:9:"Skåne";')


def test_pairs_share_a_key_each_language_keeps_its_slug(imported):
    content, report, _, _ = imported
    sv = metadata(content / "articles/2022-09-14-batteridagen-i-skelleftea.sv.md")
    fi = metadata(content / "articles/2022-09-14-batteridagen-i-skelleftea.fi.md")
    assert sv["Key"] == fi["Key"] == "batteridagen-i-skelleftea"
    assert (sv["Slug"], fi["Slug"]) == ("batteridagen-i-skelleftea", "akkupaiva-skelleftea")
    assert (sv["Category"], fi["Category"]) == ("Nyheter", "Uutiset")
    assert "Original" not in sv and fi["Original"] == "sv"
    assert sv["Summary"] == "Den 22 september samlas batteribranschen i Skellefteå för en dag om kompetens."
    assert sv["Title"] == "Batteridagen i Skellefteå – program & talare"
    pages = metadata(content / "pages/om-oss.sv.md"), metadata(content / "pages/om-oss.fi.md")
    assert [page["Key"] for page in pages] == ["om-oss", "om-oss"] and "Date" not in pages[0]
    assert report.imported["post"] == {"sv": 4, "fi": 3} and report.imported["page"] == {"sv": 1, "fi": 1}
    assert len(report.sections["pairs"]) == 3 and not report.sections.get("unsure_pairs")
    # One-language items stay one-language, in either language.
    unpaired = " ".join(report.sections["unpaired"])
    assert "2022-10-05-yhteistyo-ja-akut.fi.md" in unpaired and "2022-10-03-kontakta-projektet.sv.md" in unpaired
    assert "Original" not in metadata(content / "articles/2022-10-05-yhteistyo-ja-akut.fi.md")


def test_the_permalink_date_is_the_local_date_of_publication(imported):
    content, _, _, _ = imported
    # Published at 00:30 Swedish time on 14 September: 13 September in GMT.
    sv = metadata(content / "articles/2022-09-14-batteridagen-i-skelleftea.sv.md")
    assert sv["Date"] == "2022-09-14 00:30"
    assert sv["Aliases"] == "/2022/09/14/batteridagen-i-skelleftea/?lang=sv"


def test_old_permalinks_are_aliases_every_other_old_address_is_in_the_redirects_file(imported):
    content, report, _, _ = imported
    fi = metadata(content / "articles/2022-09-14-batteridagen-i-skelleftea.fi.md")
    assert fi["Aliases"].split(", ") == [
        "/2022/09/14/akkupaiva-skelleftea/?lang=fi",
        "/2022/09/14/akkupaiva-skelleftea/",
    ]
    special = metadata(content / "articles/2022-10-05-yhteistyo-ja-akut.fi.md")
    assert "/2022/10/05/yhteisty%C3%B6-ja-akut/?lang=fi" in special["Aliases"].split(", ")
    data = json.loads((content / "redirects/wordpress.json").read_text(encoding="utf-8"))
    redirects = {entry["from"]: entry for entry in data["redirects"]}
    assert redirects["/?p=10"]["to"] == "/2022/09/14/batteridagen-i-skelleftea/"
    assert redirects["/?p=11"]["content"] == "articles/2022-09-14-batteridagen-i-skelleftea.fi.md"
    assert redirects["/?page_id=21"]["to"] == "/fi/meista/"
    assert redirects["/?attachment_id=100"]["to"] == "/images/konferens.jpg"
    for rendition in ("konferens.jpg", "konferens-scaled.jpg", "konferens-1024x576.jpg", "konferens-300x169.jpg"):
        assert redirects[f"/wp-content/uploads/2022/09/{rendition}"]["to"] == "/images/konferens.jpg"
    assert redirects["/category/uutiset/?lang=fi"]["to"] == "/fi/kategoria/uutiset/"
    assert redirects["/feed/?lang=fi"]["to"] == "/fi/feeds/atom.xml"
    # The conference is already in content/: its Finnish permalink leads there, from the data file.
    assert redirects["/2022/06/30/loppukonferenssi/?lang=fi"]["content"] == "articles/2022-06-30-slutkonferens.fi.md"
    assert redirects["/?p=10"]["query"] == {"p": "10"} and redirects["/?p=10"]["path"] == "/"
    assert not any(entry["from"].startswith("/wp-content/uploads/2021/") for entry in data["redirects"])
    assert report.sections["unused_uploads"] == ["2021/03/oanvand.jpg (and 1 rendition)"]
    assert any("/category/okategoriserade/" in line for line in report.sections["no_redirect"])


def test_images_are_the_original_uploads(imported):
    content, _, _, _ = imported
    uploads = UPLOADS / "2022/09"
    assert (content / "images/konferens.jpg").read_bytes() == (uploads / "konferens.jpg").read_bytes()
    # One file for every language's attachment of an upload (WPML Media duplicates the conference photo for Finnish).
    assert sorted(path.name for path in (content / "images").iterdir()) == [
        "diagram.png",
        "konferens.jpg",
        "rapport-2022.pdf",
        "verkstad.png",
    ]


def test_blocks_and_shortcodes_become_markdown(imported):
    content, _, _, _ = imported
    sv = body(content / "articles/2022-09-14-batteridagen-i-skelleftea.sv.md").splitlines()
    assert "## Program & talare" in sv
    assert "![Deltagare i konferenssalen]({static}/images/konferens.jpg)" in sv
    assert "[Slutrapport (pdf)]({static}/images/rapport-2022.pdf)" in sv
    assert "[Se videon på YouTube](https://www.youtube.com/watch?v=dQw4w9WgXcQ)" in sv
    assert "Frågor? Skriv till [info@example.se](mailto:info@example.se)." in sv  # the reusable block
    assert "| 10.30 | Paneldebatt |" in sv
    assert not any("wp:" in line or "<figure" in line for line in sv)
    link = "[om projektet]({filename}/pages/om-oss.sv.md)"
    assert any(link in line for line in sv)
    fi = body(content / "articles/2022-09-14-batteridagen-i-skelleftea.fi.md").splitlines()
    assert "![Osallistujia konferenssisalissa]({static}/images/konferens.jpg)" in fi  # [caption]
    assert "[Katso video palvelussa Vimeo](https://vimeo.com/76979871)" in fi  # [embed]
    assert "## Ohjelma" in fi  # classic <h3> after the title: one level down at a time


@pytest.mark.parametrize(
    ("lang", "video", "image"),
    [("en", "Watch the video on YouTube", "Image"), ("nb", "Se videoen på YouTube", "Bilde")],
)
def test_an_added_language_s_items_get_its_own_link_words(lang, video, image):
    """An embed and an image from another website become links in the item's language (LANGUAGES "link_words" of the
    four-language settings), not in Swedish."""
    languages = content_settings(ROOT / "content", FOUR_LANGUAGES)["LANGUAGES"]
    context = convert.Context(
        lang=lang,
        words=convert.link_words(languages, lang),
        link=lambda url: convert.LinkRef("keep"),
        image=lambda url, attachment: convert.ImageRef("unknown"),
        gallery=lambda attrs: [],
        reusable=lambda ref: None,
    )
    html = '<iframe src="https://www.youtube.com/embed/abc"></iframe>\n\n<p><img src="https://example.org/x.png"></p>'
    lines = convert.to_markdown(html, context).splitlines()
    assert lines == [f"[{video}](https://www.youtube.com/embed/abc)", "", f"[{image}](https://example.org/x.png)"]


def test_a_language_without_its_link_words_is_refused_before_anything_is_written(tmp_path):
    settings = tmp_path / "settings.py"
    settings.write_text(
        "from pelicanconf import *  # noqa: F403\n"
        'LANGUAGES = {**LANGUAGES, "fi": {k: v for k, v in LANGUAGES["fi"].items() if k != "link_words"}}\n',
        encoding="utf-8",
    )
    content = fresh_content(tmp_path)
    before = hashes(content)
    with pytest.raises(WordPressImportError) as refused:
        import_wordpress(EXPORTS["polylang"].path, UPLOADS, content, Options(now=NOW), settings=settings)
    lines = str(refused.value).splitlines()
    assert len(lines) == len(convert.LINK_WORDS)
    assert lines[0] == (
        'LANGUAGES["fi"] (Suomi) has no link word "video_on", the text of a link to a video embedded from another'
        ' website, {provider} its name — add it to LANGUAGES["fi"]["link_words"] in pelicanconf.py in its own words,'
        ' as the Swedish entry has "video_on": "Se videon på {provider}"'
    )
    assert hashes(content) == before


def test_what_cannot_be_converted_is_a_draft_with_todo_notes_and_listed(imported):
    content, report, _, _ = imported
    path = content / "articles/2022-10-03-kontakta-projektet.sv.md"
    assert metadata(path)["Status"] == "draft"
    text = body(path)
    assert '<!-- TODO: WordPress shortcode [contact-form-7 id="5" title="Kontakt"] was not converted' in text
    assert "![TODO: describe what the image shows]({static}/images/diagram.png)" in text
    assert "Källa \\[sic\\] och \\[gallery\\] står kvar som text." in text
    assert any("contact-form-7" in line for line in report.sections["unknown_shortcodes"])
    assert any("diagram.png" in line for line in report.sections["missing_alt"])
    assert any("esite.pdf" in line for line in report.sections["missing_media"])
    assert any("poistettu-artikkeli" in line for line in report.sections["broken_links"])
    assert any("Okategoriserade" in line for line in report.sections["unknown_categories"])
    assert metadata(content / "articles/2022-11-01-utkast-ideer-for-2023.sv.md")["Slug"] == "utkast-ideer-for-2023"


def test_nothing_private_is_written_and_the_report_counts_what_was_skipped(imported):
    content, report, _, export = imported
    for path in content.rglob("*"):
        if path.is_file() and path.suffix in (".md", ".json"):
            text = path.read_text(encoding="utf-8")
            assert not [secret for secret in SECRETS if secret in text], path
    skipped = report.skipped
    assert skipped["comments"] == 1 and skipped["users (and their e-mail addresses)"] == 2
    assert skipped["private items"] == skipped["trashed items"] == skipped["revisions"] == 1
    assert skipped["global styles"] == skipped["password-protected items"] == 1
    assert skipped["menu items"] == export.menu_items
    assert skipped["forms and form entries"] == 2
    assert skipped["already in content/ (--replace takes the WordPress version)"] == 2


def test_items_already_in_content_are_skipped_and_files_not_written_are_untouched(imported):
    content, _, before, _ = imported
    after = hashes(content)
    assert {name: after[name] for name in before} == before
    assert not list(content.glob("articles/*loppukonferenssi*"))


# The Finnish article and its Swedish original, which share the conference photo and the workshop photo.
FI_ARTICLE = "articles/2022-09-14-batteridagen-i-skelleftea.fi.md"
SV_ARTICLE = "articles/2022-09-14-batteridagen-i-skelleftea.sv.md"
SWEDISH_DESCRIPTIONS = ("Deltagare i konferenssalen", "Verkstad med battericeller")
ONE_LANGUAGE_ONLY = "the photo's description is in one language only; write it in Finnish"
IN_SWEDISH = "the photo's description is in Swedish; write it in Finnish"
# Why the import leaves the Finnish article a draft: the workshop photo's one alt text is Swedish (WPML's table says
# so; Polylang's media are not translated, so it is the main language's); Polylang's featured image too (WPML Media
# gives the Finnish article its own attachment, with a Finnish alt text).
FINNISH_DRAFT_REASONS = {
    "polylang": [
        f"images/verkstad.png: {ONE_LANGUAGE_ONLY}",
        f"images/konferens.jpg (featured image): {ONE_LANGUAGE_ONLY}",
    ],
    "wpml": [f"images/verkstad.png: {IN_SWEDISH}"],
}


def assert_described_in_swedish_only_in_swedish(content: Path, report, reasons: list[str]) -> None:
    """The Finnish article shows no Swedish description: it is a draft, its photos' descriptions TODO notes, and the
    report (text and JSON) says which photos to describe in Finnish; the Swedish original keeps its descriptions."""
    fi, sv = content / FI_ARTICLE, content / SV_ARTICLE
    assert not [alt for alt in SWEDISH_DESCRIPTIONS if alt in fi.read_text(encoding="utf-8")]
    assert metadata(fi)["Status"] == "draft"
    assert "![TODO: describe what the image shows]({static}/images/verkstad.png)" in body(fi).splitlines()
    assert (metadata(sv)["Status"], metadata(sv)["Image_alt"]) == ("published", "Deltagare i konferenssalen")
    assert "![Verkstad med battericeller]({static}/images/verkstad.png)" in body(sv).splitlines()
    drafts = [line for line in json.loads(report.render_json())["drafts"] if FI_ARTICLE in line]
    assert drafts == [line for line in section(report.render_text(), "drafts") if FI_ARTICLE in line]
    assert len(drafts) == 1 and drafts[0].split(": ", 1)[1] == "; ".join(reasons)
    # Listed with the images without alt text too, by the upload's name as the rest of that list.
    missing = [line.split(": ", 1)[1] for line in section(report.render_text(), "missing_alt") if FI_ARTICLE in line]
    assert missing == [line.split(": ", 1)[1] for line in report.sections["missing_alt"] if FI_ARTICLE in line]
    expected = []
    for reason in reasons:
        image, why = reason.split(": ", 1)
        featured = image.endswith(" (featured image)")
        upload = "2022/09/" + image.removesuffix(" (featured image)").removeprefix("images/")
        expected.append(f"{'featured image ' if featured else ''}{upload}: {why}")
    assert missing == expected


def test_a_photo_described_in_another_language_leaves_the_translation_a_draft(imported):
    content, report, _, export = imported
    assert_described_in_swedish_only_in_swedish(content, report, FINNISH_DRAFT_REASONS[export.plugin])
    fi = metadata(content / FI_ARTICLE)
    # WPML Media's Finnish attachment of the conference photo describes it in Finnish.
    assert (
        fi["Image_alt"]
        == {"polylang": "TODO: describe what the image shows", "wpml": "Osallistujia konferenssisalissa"}[export.plugin]
    )
    # The Swedish article's link to its translation waits for it (an editor adds it back once it is published).
    assert any("'på finska'" in line for line in report.sections["pending_links"])


# The Finnish article's <img> of the workshop photo, up to its alt text, and the address of the conference photo's.
WORKSHOP_IMG = 'wp-image-101" src="https://batteryregion.eu/wp-content/uploads/2022/09/verkstad-150x150.png" '
CONFERENCE_SRC = 'src="https://batteryregion.eu/wp-content/uploads/2022/09/konferens-1024x576.jpg"'


def test_polylang_media_translation_says_the_description_is_swedish(tmp_path):
    """Polylang with media translated: each attachment has a language term; the Swedish ones' alt texts stay out of the
    Finnish article, also where WordPress copied one into its <img> when the photo was inserted."""
    attachment_url = (
        "<wp:attachment_url><![CDATA[https://batteryregion.eu/wp-content/uploads/2022/09/{}]]></wp:attachment_url>"
    )
    swedish = '\n\t\t<category domain="language" nicename="sv"><![CDATA[Svenska]]></category>'
    export = POLYLANG.changed(
        tmp_path,
        *[
            (attachment_url.format(name), attachment_url.format(name) + swedish)
            for name in ("konferens-scaled.jpg", "verkstad.png")
        ],
        (f'{WORKSHOP_IMG}alt=""', f'{WORKSHOP_IMG}alt="Verkstad med battericeller"'),
    )
    content = fresh_content(tmp_path)
    report = export.run(content)
    reasons = [f"images/verkstad.png: {IN_SWEDISH}", f"images/konferens.jpg (featured image): {IN_SWEDISH}"]
    assert_described_in_swedish_only_in_swedish(content, report, reasons)


def test_wpml_takes_the_finnish_attachments_description_where_the_swedish_one_is_named(tmp_path):
    """A Finnish post that names the Swedish attachment (100) of a photo WPML Media translated: the Finnish attachment's
    (105) alt text, for the featured image and in place of the Swedish one WordPress copied into the <img>."""
    export = WPML.changed(
        tmp_path,
        ("<wp:meta_value><![CDATA[105]]></wp:meta_value>", "<wp:meta_value><![CDATA[100]]></wp:meta_value>"),
        (
            f'wp-image-105" {CONFERENCE_SRC} alt="Osallistujia konferenssisalissa"',
            f'wp-image-100" {CONFERENCE_SRC} alt="Deltagare i konferenssalen"',
        ),
    )
    content = fresh_content(tmp_path)
    report = export.run(content)
    fi = content / FI_ARTICLE
    assert metadata(fi)["Image_alt"] == "Osallistujia konferenssisalissa"
    assert "![Osallistujia konferenssisalissa]({static}/images/konferens.jpg)" in body(fi).splitlines()
    assert_described_in_swedish_only_in_swedish(content, report, [f"images/verkstad.png: {IN_SWEDISH}"])


@pytest.mark.build
def test_the_site_builds_as_the_import_wrote_it(imported, tmp_path):
    """The Finnish article a draft (its photos described in Swedish only), its Swedish original published: the build
    passes (a Pelican warning would fail it), the Swedish is published and says it has no Finnish version yet."""
    content, _, _, _ = imported
    output = tmp_path / "output"
    sitebuild.build.run_build(content=content, output=output, quiet=True, now=NOW)
    assert metadata(content / FI_ARTICLE)["Status"] == "draft"
    assert not (output / "fi/2022/09/14").exists()
    page = lxml_html.parse(str(output / "2022/09/14/batteridagen-i-skelleftea/index.html")).getroot()
    assert page.xpath("string(//h1)").strip() == "Batteridagen i Skellefteå – program & talare"
    finnish = page.xpath('//a[contains(@class, "br-language-switcher__link")][@lang="fi"]')[0]
    assert finnish.get("href") == "/fi/" and "br-language-switcher__link--untranslated" in finnish.get("class")


@pytest.mark.build
def test_the_imported_site_builds(imported, tmp_path):
    """Once an editor has done what the import asks (the Finnish article's photos described in Finnish)."""
    content, _, _, _ = imported
    finished = tmp_path / "content"
    shutil.copytree(content, finished)
    describe_photos(finished / FI_ARTICLE, FINNISH_DESCRIPTIONS)
    output = tmp_path / "output"
    sitebuild.build.run_build(content=finished, output=output, quiet=True, now=NOW)
    page = lxml_html.parse(str(output / "2022/09/14/batteridagen-i-skelleftea/index.html")).getroot()
    assert page.xpath("string(//h1)").strip() == "Batteridagen i Skellefteå – program & talare"
    images = page.xpath("//main//img[@alt='Deltagare i konferenssalen']")
    # The original upload is processed once for both languages (sitebuild/media), never published as it is.
    assert images and images[0].get("src").startswith("/images/konferens-")
    assert list(output.glob("images/konferens-*.avif")) and not (output / "images/konferens.jpg").exists()
    hrefs = page.xpath("//main//a/@href")
    assert any(href.endswith("/om-oss/") for href in hrefs)
    assert "https://www.youtube.com/watch?v=dQw4w9WgXcQ" in hrefs
    assert not page.xpath("//iframe")
    finnish = lxml_html.parse(str(output / "fi/2022/09/14/akkupaiva-skelleftea/index.html")).getroot()
    assert finnish.get("lang") == "fi"
    # Once an editor has described its photos in Finnish, the Finnish article shows those descriptions only.
    alts = {img.get("alt") for img in finnish.xpath("//main//img")}
    assert alts == {"Osallistujia konferenssisalissa", FINNISH_DESCRIPTIONS["images/verkstad.png"]}
    assert (output / "fi/meista/index.html").is_file()
    # Drafts and the item scheduled for 2031 are not published.
    assert not (output / "2022/10/03/kontakta-projektet").exists()
    assert not (output / "2031").exists()


@BOTH
def test_a_rerun_updates_its_own_files_and_keeps_an_editors_change(tmp_path, export):
    content = fresh_content(tmp_path)
    export.run(content)
    again = export.run(content)
    assert not again.files.get("files written") and again.files["files unchanged"] >= 8
    edited = content / "pages/om-oss.sv.md"
    edited.write_text(edited.read_text(encoding="utf-8") + "\nRedaktörens tillägg.\n", encoding="utf-8")
    kept = export.run(content)
    assert "Redaktörens tillägg." in edited.read_text(encoding="utf-8")
    assert any("om-oss.sv.md: changed since the last import" in line for line in kept.sections["not_overwritten"])
    forced = export.run(content, force=True)
    assert "Redaktörens tillägg." not in edited.read_text(encoding="utf-8")
    assert forced.files["files overwritten (--force)"] == 1
    manifest = json.loads((content / "wordpress-import.json").read_text(encoding="utf-8"))
    assert manifest["files"]["pages/om-oss.sv.md"]["wordpress_id"] == 20
    assert "articles/2022-06-30-slutkonferens.sv.md" not in manifest["files"]


@BOTH
def test_replace_takes_the_wordpress_version_and_keeps_the_event(tmp_path, export):
    content = fresh_content(tmp_path)
    export.run(content, replace=True)
    conference = content / "articles/2022-06-30-slutkonferens.sv.md"
    fields = metadata(conference)
    assert body(conference).strip() == "Välkommen till slutkonferensen."
    assert fields["Key"] == "slutkonferens" and fields["Start"] == "2022-09-22 09:00"
    assert metadata(content / "articles/2022-06-30-slutkonferens.fi.md")["Original"] == "sv"


@BOTH
def test_a_dry_run_writes_nothing(tmp_path, export):
    content = fresh_content(tmp_path)
    before = hashes(content)
    report = export.run(content, dry_run=True)
    assert hashes(content) == before
    assert report.files["files written"] >= 8
    assert json.loads(report.render_json())["dry_run"] is True


def test_a_partial_polylang_export_is_refused_with_the_fix(tmp_path):
    with pytest.raises(WordPressImportError, match=r"partial export.*Tools → Export → All content"):
        import_wordpress(FIXTURES / "polylang_partial/export.xml", None, fresh_content(tmp_path), Options(now=NOW))


@pytest.mark.parametrize("table", ["icl_translations.csv", "icl_translations.sql"])
def test_wpml_pairs_come_from_its_translations_table(tmp_path, table):
    content = fresh_content(tmp_path)
    report = WPML.run(content, wpml_table=FIXTURES / "wpml" / table)
    assert report.plugin == "wpml" and not report.sections.get("unsure_pairs")
    fi = metadata(content / "articles/2022-09-14-batteridagen-i-skelleftea.fi.md")
    assert (fi["Key"], fi["Slug"], fi["Original"]) == ("batteridagen-i-skelleftea", "akkupaiva-skelleftea", "sv")
    assert len(report.sections["pairs"]) == 2  # the third pair, the conference, is already in content/


@pytest.mark.parametrize("imported", [WPML], ids=["wpml"], indirect=True)
def test_wpml_media_translations_are_one_image_with_each_languages_alt_text(imported):
    """WPML Media gives the Finnish post its own attachment (105) of the conference photo: the same file, published
    once, its Finnish alt text on the Finnish lead image, and each attachment's old addresses redirected."""
    content, _, _, _ = imported
    fi = metadata(content / "articles/2022-09-14-batteridagen-i-skelleftea.fi.md")
    sv = metadata(content / "articles/2022-09-14-batteridagen-i-skelleftea.sv.md")
    assert fi["Image"] == sv["Image"] == "images/konferens.jpg"
    assert (sv["Image_alt"], fi["Image_alt"]) == ("Deltagare i konferenssalen", "Osallistujia konferenssisalissa")
    data = json.loads((content / "redirects/wordpress.json").read_text(encoding="utf-8"))
    redirects = {entry["from"]: entry["to"] for entry in data["redirects"]}
    for old in ("/?attachment_id=100", "/?attachment_id=105", "/konferens-scaled/", "/konferens-scaled-2/?lang=fi"):
        assert redirects[old] == "/images/konferens.jpg", old


def test_wpml_without_its_table_pairs_by_evidence_and_reports_every_such_pair(tmp_path):
    content = fresh_content(tmp_path)
    report = WPML.run(content, wpml_table=None)
    assert report.plugin == "wpml"
    unsure = report.sections["unsure_pairs"]
    assert any(line.startswith("10 (sv) ↔ 11 (fi)") and "11 links to 10" in line for line in unsure)
    # Pages of the same day, nothing else in common: not paired, and said so (a trashed or password-protected page
    # is no candidate).
    assert "21 (fi) left unpaired: possible originals 20 (weak evidence)" in " ".join(unsure)
    assert metadata(content / "articles/2022-09-14-batteridagen-i-skelleftea.fi.md")["Original"] == "sv"
    assert "Original" not in metadata(content / "pages/meista.fi.md")
    # The Finnish conference, left unpaired, is still found in content/ by its new address: not written twice.
    assert report.skipped["already in content/ (--replace takes the WordPress version)"] == 2
    assert not list(content.glob("articles/*loppukonferenssi*"))


def test_the_lead_image_is_written_once_the_check_accepts_it(tmp_path, monkeypatch):
    from plugins.content_check import checks

    monkeypatch.setattr(checks, "METADATA_KEYS", (*checks.METADATA_KEYS, "Image", "Image_alt"))
    content = fresh_content(tmp_path)
    POLYLANG.run(content)
    fields = metadata(content / "articles/2022-09-14-batteridagen-i-skelleftea.sv.md")
    assert (fields["Image"], fields["Image_alt"]) == ("images/konferens.jpg", "Deltagare i konferenssalen")
