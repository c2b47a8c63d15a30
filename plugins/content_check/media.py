"""Checks of the photos and documents an item shows or links to: each one described in the item's own language,
a file that is what its name says and that the build can publish (plugins/media/files.py), nothing that bypasses
the media step (a raw `<img>`, an image by its address instead of `{static}`)."""

from __future__ import annotations

import re
from collections.abc import Iterator
from pathlib import Path, PurePosixPath

from plugins.media.files import document_findings, image_findings, kind_of

from . import markdown_scan as scan
from .content_index import ContentIndex, static_folders
from .document import Document
from .problem import Problem

# The lead image of an article (its link preview and its thumbnail in the news list) and what goes with it.
IMAGE_KEYS = ("Image", "Image_alt", "Image_caption", "Image_credit")
# Words that name the kind of thing instead of describing it, in the site's languages and English.
NOT_DESCRIPTIONS = {
    "bild", "foto", "fotografi", "kuva", "valokuva", "image", "img", "photo", "picture", "bild på", "kuva jossa",
    "description", "beskrivning", "kuvaus", "alt", "alt text",
}  # fmt: skip


def _example(doc: Document, index: ContentIndex) -> str:
    """A description of a photo in the file's language (LANGUAGES "examples"), for the fix."""
    return index.examples(doc.lang or index.default_lang)["image_alt"]


def description_problem(alt: str, file: str) -> str | None:
    """Why `alt` does not describe the image in `file`, or None when it may."""
    words = " ".join(re.sub(r"[-_.]+", " ", alt).lower().split())
    stem = " ".join(re.sub(r"[-_.]+", " ", PurePosixPath(file).stem).lower().split())
    if words in (stem, " ".join(re.sub(r"[-_.]+", " ", PurePosixPath(file).name).lower().split())):
        return f"the description {alt!r} is the file's name"
    if words.rstrip(":.") in NOT_DESCRIPTIONS:
        return f"the description {alt!r} says what it is, not what it shows"
    return None


def _target(value: str, index: ContentIndex) -> tuple[str, Path]:
    rel = PurePosixPath(value.removeprefix("{static}").split("#")[0].split("?")[0].lstrip("/")).as_posix()
    return rel, index.content_dir / rel


def _file_problems(doc: Document, line: int | None, rel: str, path: Path, index: ContentIndex) -> Iterator[Problem]:
    """The file is where it is said to be, in a media folder, and publishable."""
    if not path.is_file():
        near = sorted(index.content_dir.rglob(PurePosixPath(rel).name)) if PurePosixPath(rel).name else []
        hint = f"the file is at {near[0].relative_to(index.content_dir).as_posix()}; " if near else ""
        yield Problem(
            doc.path, line, f"{rel} does not exist", f"{hint}put the file in content/images/ and check the name"
        )
        return
    if rel.split("/")[0] not in static_folders(index.settings):
        yield Problem(doc.path, line, f"{rel} is not in content/images/", "move the file to content/images/")
        return
    kind = kind_of(path)
    if kind is None:
        yield Problem(
            doc.path,
            line,
            f"{rel} is not a kind of file this site publishes",
            "photos as JPEG, PNG, WebP or HEIC; documents as PDF, DOCX, XLSX or PPTX",
        )
        return
    for finding in image_findings(path) if kind == "image" else document_findings(path):
        yield Problem(doc.path, line, f"{rel}: {finding.message}", finding.fix, severity=finding.severity)


def check_lead_image(doc: Document, index: ContentIndex) -> Iterator[Problem]:
    """`Image:` names a photo in content/images/ and `Image_alt:` describes it in this file's language."""
    if doc.kind != "article":
        return  # check_metadata: a page has no Image
    image = doc.fields.get("image")
    if image is None:
        for key in IMAGE_KEYS[1:]:
            if key.lower() in doc.fields:
                yield Problem(
                    doc.path,
                    doc.line(key),
                    f"{key} without Image",
                    f"add `Image: images/<file>` (the lead image) or remove the {key}: line",
                )
        return
    if not image.value:
        yield Problem(
            doc.path, image.line, "Image is empty", "write the photo's path, e.g. `Image: images/konferens.jpg`"
        )
        return
    rel, path = _target(image.value, index)
    if kind_of(path) == "document":
        yield Problem(
            doc.path,
            image.line,
            f"Image: {rel} is a document",
            "link documents in the text: [Name]({static}/images/<file>)",
        )
        return
    yield from _file_problems(doc, image.line, rel, path, index)
    alt = doc.value("image_alt")
    if not alt:
        yield Problem(
            doc.path,
            doc.line("image_alt") or image.line,
            "the lead image has no description (Image_alt)",
            f"add `Image_alt: {_example(doc, index)}`: what the photo shows, in this file's language",
        )
    else:
        reason = description_problem(alt, rel)
        if reason:
            yield Problem(
                doc.path,
                doc.line("image_alt"),
                reason,
                f"describe what the photo shows, e.g. `Image_alt: {_example(doc, index)}`",
            )


def check_body_media(doc: Document, index: ContentIndex) -> Iterator[Problem]:
    """Every image in the text comes through the media step, described; every file it shows or links is sound."""
    masked, line_index = doc.masked_body, doc.body_line_index
    for tag in scan.html_tags(masked, line_index):
        if tag.name in ("img", "picture", "source"):
            yield Problem(
                doc.path,
                tag.line,
                f"raw <{tag.name}> in the text: the photo would be published as it is, not made small and without"
                " its location data",
                "write it as Markdown: ![What the photo shows]({static}/images/<file>)",
            )
    found, _rest = doc.body_links
    folders = static_folders(index.settings)
    for link in found:
        if link.tag is not None:
            continue
        url = link.url
        if not url.startswith("{static}"):
            path = re.sub(r"^https?://(www\.)?[^/]+", "", url) if "batteryregion.eu" in url else url
            top = path.lstrip("/").split("/")[0]
            if link.image and path.startswith("/") and top in folders:
                yield Problem(
                    doc.path,
                    link.line,
                    f"image {url} by its address: it bypasses the photo processing",
                    f"write {{static}}{path}",
                )
            continue
        rel, target = _target(url, index)
        if not target.is_file() or rel.split("/")[0] not in folders or kind_of(target) is None:
            continue  # links.py names a missing file; other static files are not media
        if link.image and kind_of(target) == "document":
            yield Problem(doc.path, link.line, f"{rel} is a document, not an image", f"link it: [Name]({url})")
            continue
        yield from _file_problems(doc, link.line, rel, target, index)
        if link.image and (link.text or "").strip():
            reason = description_problem(link.text.strip(), rel)
            if reason:
                yield Problem(
                    doc.path, link.line, reason, f"describe what the photo shows: ![{_example(doc, index)}]({url})"
                )


def check_summary_media(doc: Document, index: ContentIndex) -> Iterator[Problem]:
    """No photo and no file of content/images/ in `Summary:`: the summary is shown as plain text everywhere (the lead
    under the title, the news lists, search results, link previews, the feed), so it would never be shown."""
    summary = doc.fields.get("summary")
    if summary is None:
        return
    masked = scan.mask(summary.value)
    found, _rest = scan.links(masked, scan.LineIndex(masked, summary.line))
    reported: set[int] = set()
    for link in found:
        photo = link.image or link.tag in ("picture", "source")
        if link.line in reported or not (photo or link.url.startswith("{static}")):
            continue
        reported.add(link.line)
        rel = _target(link.url, index)[0] if link.url.startswith("{static}") else "images/<file>"
        if photo:
            yield Problem(
                doc.path,
                link.line,
                "a photo in Summary: the summary is shown as plain text (under the title, in the news list, in search"
                " results and link previews), so the photo would not be shown",
                f"make it the lead photo with `Image: {rel}` and `Image_alt: {_example(doc, index)}` (also the"
                f" thumbnail in the news list), or show it in the text: ![{_example(doc, index)}]({{static}}/{rel})",
            )
        else:
            yield Problem(
                doc.path,
                link.line,
                f"a link to {rel} in Summary: the summary is shown as plain text, so the link would not be shown",
                f"link it in the text: [Name]({{static}}/{rel})",
            )


def check_media(doc: Document, index: ContentIndex) -> Iterator[Problem]:
    yield from check_lead_image(doc, index)
    yield from check_body_media(doc, index)
    yield from check_summary_media(doc, index)
