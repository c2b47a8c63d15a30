"""The news list of each language, including one-language articles of the other language.

An article written in one language only is listed in the other language's news list too, marked
as being in its own language and linking to the original; no duplicate page is written for it.
i18n_subsites keeps such articles in the other site's generator (I18N_UNTRANSLATED_ARTICLES =
"keep"). On `article_generator_pretaxonomy` they are set aside, so categories, feeds and sitemaps
see only the site's own articles; on `article_writer_finalized` the paginated news list
(INDEX_SAVE_AS, template `index`) is written from both.
"""

from __future__ import annotations

import posixpath
from operator import attrgetter

from pelican import signals


def set_aside_other_languages(generator) -> None:
    """Keep only the site's own language in `articles`; remember the rest on the generator."""
    lang = generator.settings["DEFAULT_LANG"]
    generator.other_language_articles = [a for a in generator.articles if a.lang != lang]
    generator.articles[:] = [a for a in generator.articles if a.lang == lang]


def news_items(generator) -> list:
    """Own articles and the other languages' one-language articles, newest first."""
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
    signals.article_generator_pretaxonomy.connect(set_aside_other_languages)
    signals.article_writer_finalized.connect(write_news_list)
