"""The Pelican side of the media step: the manifest it wrote, read; content and templates given its markup."""

from __future__ import annotations

import functools
import hashlib
import json
from pathlib import Path

from jinja2 import pass_context
from markupsafe import Markup

from plugins.urls import join_url, main_siteurl

from .markup import MissingMediaError, picture, rewrite


class MediaError(Exception):
    """A text shows a file the media step did not publish; the message says which and what to do."""


@functools.lru_cache(maxsize=4)
def _read(path: str) -> dict:
    return json.loads(Path(path).read_text(encoding="utf-8"))


def manifest(settings) -> dict:
    """What the media step published (empty when Pelican runs without it)."""
    path = settings.get("MEDIA_MANIFEST")
    return _read(path) if path else {}


def clear_manifests(_pelican=None) -> None:
    _read.cache_clear()
    _REWRITTEN.clear()


def _locale(settings, lang: str) -> str:
    return (settings.get("LANGUAGES") or {}).get(lang, {}).get("locale", lang)


# Each text as rewritten in this process, by the text's digest and what the rewriting depends on: i18n_subsites
# reads every file once per language, and both items then share one string (kept until `finalized`).
_REWRITTEN: dict[tuple, str] = {}


def rewrite_content(content) -> None:
    from pelican.contents import Article, Page

    if not isinstance(content, (Article, Page)) or "{static}" not in (content._content or ""):
        return
    settings = content.settings
    if not settings.get("MEDIA_MANIFEST"):
        # Pelican run alone (tests of Pelican's own reactions): nothing is published, the addresses are left as
        # the originals' so nothing warns. Only the build (sitebuild) publishes media, and it always names them.
        content._content = content._content.replace("{static}/", settings.get("MAIN_SITEURL", "") + "/")
        return
    siteurl, eager_first = settings.get("MAIN_SITEURL", ""), not getattr(content, "image", None)
    key = (
        hashlib.blake2b(content._content.encode("utf-8"), digest_size=16).digest(),
        siteurl,
        content.lang,
        eager_first,
    )
    if key in _REWRITTEN:
        content._content = _REWRITTEN[key]
        return
    try:
        content._content = _REWRITTEN[key] = rewrite(
            content._content,
            manifest(settings),
            siteurl,
            content.lang,
            _locale(settings, content.lang),
            eager_first=eager_first,
        )
    except MissingMediaError as missing:
        raise MediaError(
            f"{content.source_path}: {{static}}/{missing} was not published by the build's media step — build with"
            " `invoke build` (which publishes content/images/ once for every language), and run `invoke check`"
        ) from None


def _entry(context, article) -> dict | None:
    path = getattr(article, "image", None)
    if not path:
        return None
    entry = manifest(context).get("images", {}).get(str(path).lstrip("/"))
    if entry is None and not context.get("MEDIA_MANIFEST"):
        return None  # Pelican run alone: no media published
    if entry is None:
        raise MediaError(f"{article.source_path}: Image: {path} was not published by the build's media step")
    return entry


@pass_context
def lead_picture(context, article, thumbnail: bool = False, lazy: bool = False) -> Markup:
    """An article's lead image (`Image:`): described by `Image_alt:`; as a thumbnail beside its title in a list,
    with an empty alt (the title, the link text, says it all). Empty when it has none."""
    entry = _entry(context, article)
    if entry is None:
        return Markup("")
    alt = "" if thumbnail else getattr(article, "image_alt", "")
    css = "br-teaser__image" if thumbnail else "br-figure__image"
    return picture(entry, alt, main_siteurl(context), lazy=lazy, thumbnail=thumbnail, css_class=css)


@pass_context
def og_image(context, article) -> dict | None:
    """The link-preview image of an article with `Image:` (a 1200×630 JPEG crop): url, width, height, type."""
    entry = _entry(context, article) if article is not None else None
    if entry is None or "og" not in entry:
        return None
    og = entry["og"]
    return {"url": join_url(main_siteurl(context), og["path"]), **{k: og[k] for k in ("width", "height")}}


def add_globals(generator) -> None:
    generator.env.globals.update(lead_picture=lead_picture, og_image=og_image)
