"""The news list of each language, including articles that have no version in that language.

An article with no version in a language is listed in that language's news list too, marked as being
in its own language and linking to its original; no duplicate page is written for it.
i18n_subsites keeps such articles in the other site's generator (I18N_UNTRANSLATED_ARTICLES =
"keep"). On `article_generator_pretaxonomy` they are set aside, so categories, feeds and sitemaps
see only the site's own articles; on `article_writer_finalized` the paginated news list
(INDEX_SAVE_AS, template `index`) is written from both.

An article in some languages but not the site's is listed once, as its original: on `content_object_init` a
version with `Original:` (a translation) in another language than the site's is marked as Pelican's
`translation`, so Pelican keeps the original of each group (the one file without `Original:`; the content check
allows one per group). Unmarked, Pelican would keep every version of a group without the site's language (and
warn, which fails the build). Were no original marked, Pelican keeps the main language's version.

A draft is neither marked nor grouped: Pelican groups drafts among drafts only, where a translation started as a
draft (its original published) would be alone and a translation, and two such drafts both originals; Pelican warns
either way. A draft is written and listed nowhere, so on the same signal it becomes a group of its own (its
translation id, `Key:`, extended by its file); the file keeps its Key, by which the content check pairs it. Whether
an item is a draft is plugins/schedule's to say first (an item dated after the build's "now" becomes one): signal
handlers run in no fixed order.
"""

from __future__ import annotations

import posixpath
from operator import attrgetter

from pelican import signals

from plugins.schedule import hold_back_future


def mark_translation(content) -> None:
    """A version translated from another (`Original:`) is a translation here, unless it is the site's own language
    or a draft (a group of its own)."""
    from pelican.contents import Article, Page

    if not isinstance(content, (Article, Page)):
        return
    hold_back_future(content)
    if content.status == "draft":
        setting = "ARTICLE_TRANSLATION_ID" if isinstance(content, Article) else "PAGE_TRANSLATION_ID"
        translation_id = content.settings.get(setting)
        for name in [translation_id] if isinstance(translation_id, str) else translation_id or []:
            setattr(content, name, f"{getattr(content, name, '')} (draft: {content.source_path})")
    elif content.metadata.get("original") and content.lang != content.settings["DEFAULT_LANG"]:
        content.metadata["translation"] = "true"


def set_aside_other_languages(generator) -> None:
    """Keep only the site's own language in `articles`; remember the rest on the generator."""
    lang = generator.settings["DEFAULT_LANG"]
    generator.other_language_articles = [a for a in generator.articles if a.lang != lang]
    generator.articles[:] = [a for a in generator.articles if a.lang == lang]


def news_items(generator) -> list:
    """Own articles and, once per translation group, the original of each article not in this language; newest first."""
    lang = generator.settings["DEFAULT_LANG"]
    relpath_to_site = generator.context["relpath_to_site"]
    others = getattr(generator, "other_language_articles", [])
    for article in others:
        # Link to the original in its own site; i18n_subsites does the same for translations.
        # Once only: other lists (plugins/site_pages) ask again, and article.url is then the override.
        if not hasattr(article, "override_url"):
            article.override_url = posixpath.join(relpath_to_site(lang, article.lang), article.url)
        article.override_save_as = ""
    return sorted([*generator.articles, *others], key=attrgetter("date"), reverse=True)


def write_news_list(generator, writer) -> None:
    save_as = generator.settings["INDEX_SAVE_AS"]
    if not save_as:
        return
    items = news_items(generator)
    writer.write_file(
        save_as,
        generator.get_template("index"),
        generator.context,
        relative_urls=generator.settings["RELATIVE_URLS"],
        articles=items,
        dates=items,
        blog=True,
        template_name="index",
        page_name="index",
        url=generator.settings.get("INDEX_URL", ""),
    )


def register() -> None:
    signals.content_object_init.connect(mark_translation)
    signals.article_generator_pretaxonomy.connect(set_aside_other_languages)
    signals.article_writer_finalized.connect(write_news_list)
