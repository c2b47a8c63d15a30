"""Pages of every language that come from the theme, not from content: search and "not found".

On `article_writer_finalized` each site writes its search page (template `search`, at
LANGUAGES[lang]["pages"]["search"]: /sok/, /fi/haku/) with every article of its news list for the no-JavaScript
fallback, and its 404 page (template `404`, at NOT_FOUND_SAVE_AS: /404.html, /fi/404.html).
Each names its counterparts in the other languages (`counterpart_urls`, read by
plugins/language_links): the search pages each other, a 404 page the other front pages.
"""

from __future__ import annotations

from pelican import signals

from plugins.news_list.news_list import news_items


def _write(generator, writer, template: str, save_as: str, url: str, **context) -> None:
    writer.write_file(
        save_as,
        generator.get_template(template),
        generator.context,
        relative_urls=generator.settings["RELATIVE_URLS"],
        template_name=template,
        page_name=template,
        url=url,
        **context,
    )


def write_site_pages(generator, writer) -> None:
    settings = generator.settings
    search_urls = {code: language["pages"].get("search") for code, language in settings["LANGUAGES"].items()}
    search_url = search_urls.get(settings["DEFAULT_LANG"])
    if search_url:
        _write(
            generator,
            writer,
            "search",
            search_url + "index.html" if search_url.endswith("/") else search_url,
            search_url,
            all_articles=news_items(generator),
            counterpart_urls=search_urls,
        )
    not_found = settings.get("NOT_FOUND_SAVE_AS")
    if not_found:
        front_pages = {lang: "" for lang in settings["LANGUAGES"]}
        _write(generator, writer, "404", not_found, not_found, counterpart_urls=front_pages)


def register() -> None:
    signals.article_writer_finalized.connect(write_site_pages)
