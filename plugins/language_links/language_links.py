"""Where each language version of the page being rendered lives: switcher and hreflang links.

Adds to every generator's Jinja environment (on `generator_init`):
- the global `language_links()`: one link per language for the current page (article → its
  translation, page → its translation, page N of the news list → page N of the other list, page N of
  a category → page N of the matching category or its last page; no counterpart → that language's
  front page, marked untranslated; only exact counterparts are hreflang material);
(URLs are made clean with plugins/urls' `join_url`: no `/fi/../x/` reaches a page);
- the global `gettext_in()`: a message from another language's catalog;
- the filter `original_of`: the original a translation was made from.
On `article_generator_finalized` it records how many articles each language publishes per category.
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass

from jinja2 import pass_context
from pelican import signals
from pelican.paginator import Paginator
from pelican.urlwrappers import Category

from plugins.common import catalog
from plugins.urls import join_url


@dataclass(frozen=True)
class LanguageLink:
    lang: str
    name: str  # the language named in itself
    url: str
    current: bool
    translated: bool  # False: no counterpart; url is that language's front page
    # The same page in that language (hreflang material); False where the switcher can only offer the
    # nearest page, e.g. the last page of a shorter category list.
    equivalent: bool = True


def _site_root(context, lang: str) -> str:
    return join_url(context["lang_siteurls"][lang], "")


def _category_url(context, lang: str, category, number: int) -> tuple[str, bool] | None:
    """Page `number` of the category matching `category` in `lang`, or its last page.

    Returns the URL and whether it is page `number` itself; None if `lang` publishes nothing in it.
    """
    for names in context["CATEGORIES"]:
        if names.get(context["DEFAULT_LANG"]) == category.name:
            name = names.get(lang)
            break
    else:
        return None
    count = context["published_categories"].get(lang, {}).get(name, 0)
    if not count:
        return None
    settings = {**context, "CATEGORY_URL": context["LANGUAGES"][lang]["pages"]["category"]}
    settings["CATEGORY_SAVE_AS"] = settings["CATEGORY_URL"] + "index.html"
    counterpart = Category(name, settings)
    # The other language's category paginates its own articles: build its paginator to find page N.
    per_page = settings["PAGINATED_TEMPLATES"].get("category") or settings["DEFAULT_PAGINATION"]
    paginator = Paginator(counterpart.save_as, counterpart.url, range(count), settings, per_page)
    page = paginator.page(min(number, paginator.num_pages))
    return join_url(_site_root(context, lang), page.url), page.number == number


def _counterpart(context, lang: str) -> tuple[str, bool] | None:
    """This page's version in `lang` (URL, and whether it is the very same page), or None."""
    # Pages the theme writes in every language (plugins/site_pages: search, 404) name their
    # counterparts, relative to each language's site root.
    counterparts = context.get("counterpart_urls")
    if counterparts is not None:
        url = counterparts.get(lang)
        return None if url is None else (join_url(_site_root(context, lang), url), True)
    item = context.get("article") or context.get("page")
    if item is not None:
        for translation in item.translations:
            if translation.lang == lang:
                return join_url(context["SITEURL"], translation.url), True
        return None
    articles_page = context.get("articles_page")
    if context.get("category") is not None:
        return _category_url(context, lang, context["category"], articles_page.number if articles_page else 1)
    if context.get("page_name") == "index" and articles_page is not None:
        # Both news lists hold one entry per translation group, so they paginate alike.
        return join_url(_site_root(context, lang), articles_page.url), True
    return None


@pass_context
def language_links(context) -> list[LanguageLink]:
    """One link per language, in LANGUAGES order, for the page being rendered."""
    current = context["DEFAULT_LANG"]
    links = []
    for lang, language in context["LANGUAGES"].items():
        name = language["name"]
        if lang == current:
            links.append(LanguageLink(lang, name, _self_url(context), True, True))
            continue
        found = _counterpart(context, lang)
        if found is None:
            links.append(LanguageLink(lang, name, _site_root(context, lang), False, False, False))
        else:
            links.append(LanguageLink(lang, name, found[0], False, True, found[1]))
    return links


def _self_url(context) -> str:
    """The URL of the file being written (Pelican passes its output path as `output_file`)."""
    path = context["output_file"]
    return join_url(context["SITEURL"], path.removesuffix("index.html"))


def record_published_categories(generator) -> None:
    """How many articles each language publishes per category, as seen from this site's own reading."""
    published: dict[str, Counter] = {}
    seen = [*generator.articles, *getattr(generator, "other_language_articles", [])]
    seen += [translation for article in generator.articles for translation in article.translations]
    for article in seen:
        published.setdefault(article.lang, Counter())[article.category.name] += 1
    generator.context["published_categories"] = published


@pass_context
def gettext_in(context, lang: str, message: str) -> str:
    """`message` from the interface catalog of `lang`, whatever the page's language.

    The switcher says "not translated" in the language the reader of that link understands.
    """
    return catalog(context, lang).gettext(message)


def original_of(item):
    """The translation `item` was translated from (its `Original:` language), or None for an original."""
    lang = getattr(item, "original", None)
    return next((translation for translation in item.translations if translation.lang == lang), None)


def add_helpers(generator) -> None:
    generator.env.globals["language_links"] = language_links
    generator.env.globals["gettext_in"] = gettext_in
    generator.env.filters["original_of"] = original_of


def register() -> None:
    signals.generator_init.connect(add_helpers)
    signals.article_generator_finalized.connect(record_published_categories)
