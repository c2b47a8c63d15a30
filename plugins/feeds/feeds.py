"""An Atom feed per language, of that language's articles only, at ATOM_FEED within each site.

Pelican's own feeds take their links from SITEURL (empty in development), give the Finnish feed a
`self` link outside /fi/, carry no `xml:lang` and stamp an empty feed with the clock. This plugin
writes the feed with lxml instead: every address absolute at CANONICAL_SITEURL (plugins/
urls), `xml:lang` of the site, the lead as summary, the body with absolute links as
content, and `updated` from the articles' own dates. A site without articles gets no feed. Like Pelican's
own feeds, a feed holds the newest FEED_MAX_ITEMS articles (Pelican's setting; 100 unless set, None for all):
a feed reader fetches the whole feed again and again, and a news site of some years has thousands.

On `article_generator_finalized` it tells the templates whether there is a feed (`news_feed`, for
the autodiscovery link); on `article_writer_finalized` it writes the feed. `generator.articles`
holds the site's own language only (plugins/news_list sets the rest aside).
"""

from __future__ import annotations

from pathlib import Path

import lxml.html
from lxml import etree
from pelican import signals

from plugins.common import catalog, plain
from plugins.urls import main_siteurl, published_url

ATOM_NS = "http://www.w3.org/2005/Atom"
XML_LANG = "{http://www.w3.org/XML/1998/namespace}lang"
# The feed is the news list: it is named like it, with the template string the news list uses.
FEED_TITLE_MESSAGE = "News"


def _element(parent, tag: str, text: str | None = None, **attributes: str):
    element = etree.SubElement(parent, f"{{{ATOM_NS}}}{tag}", attributes)
    if text is not None:
        element.text = text
    return element


def _updated(article):
    return getattr(article, "modified", None) or article.date


def feed_title(settings) -> str:
    """ "Battery Region – Nyheter": the site name and the news list's name in the site's language."""
    lang = settings["DEFAULT_LANG"]
    title = FEED_TITLE_MESSAGE
    if lang != settings.get("I18N_TEMPLATES_LANG"):
        title = catalog(settings, lang).gettext(FEED_TITLE_MESSAGE)
        if title == FEED_TITLE_MESSAGE:
            raise ValueError(
                f"feeds: the {lang} interface catalog has no translation of {FEED_TITLE_MESSAGE!r},"
                " which names the feed — translate it in themes/batteryregion/translations"
            )
    return f"{settings['SITENAME']} – {title}"


def build_feed(articles, context) -> etree._Element:
    """The Atom document for `articles` (newest first) of the site rendered with `context`."""
    lang = context["DEFAULT_LANG"]

    def absolute(url: str) -> str:
        return published_url(url, context["SITEURL"], main_siteurl(context), context["CANONICAL_SITEURL"])

    feed = etree.Element(f"{{{ATOM_NS}}}feed", nsmap={None: ATOM_NS})
    feed.set(XML_LANG, lang)
    self_url = absolute(context["ATOM_FEED"])
    _element(feed, "id", self_url)
    _element(feed, "title", feed_title(context))
    _element(feed, "updated", max(_updated(article) for article in articles).isoformat())
    _element(feed, "link", rel="self", type="application/atom+xml", href=self_url)
    _element(feed, "link", rel="alternate", type="text/html", hreflang=lang, href=absolute(""))
    author = _element(feed, "author")
    _element(author, "name", context["AUTHOR"])
    _element(author, "uri", absolute(""))
    for article in articles:
        feed.append(_entry(article, absolute(article.url), lang))
    return feed


def _entry(article, url: str, lang: str) -> etree._Element:
    """The feed's entry of `article`, at its absolute address `url`."""
    summary = getattr(article, "summary", None)
    category = (article.category.slug, article.category.name)
    made = (url, lang, article.title, article.date, _updated(article), category, summary, article.content)
    if MADE is not None and made in MADE:
        return MADE[made]  # an element moves into the new feed: the last one is not written again
    entry = etree.Element(f"{{{ATOM_NS}}}entry")
    _element(entry, "id", url)
    _element(entry, "title", plain(article.title))
    _element(entry, "link", rel="alternate", type="text/html", hreflang=lang, href=url)
    _element(entry, "published", article.date.isoformat())
    _element(entry, "updated", _updated(article).isoformat())
    _element(entry, "category", term=article.category.slug, label=article.category.name)
    if summary:
        _element(entry, "summary", plain(summary), type="text")
    body = lxml.html.fragment_fromstring(article.content, create_parent="div")
    body.make_links_absolute(url)
    content = (body.text or "") + "".join(lxml.html.tostring(child, encoding="unicode") for child in body)
    _element(entry, "content", content, type="html")
    if MADE is not None:
        MADE[made] = entry
    return entry


# The entries made, by everything an entry shows, when something keeps Pelican between builds and asks for it (the
# development server's resident Pelican, sitebuild/live_worker): a build makes each entry once, so None.
MADE: dict[tuple, etree._Element] | None = None


def announce_feed(generator) -> None:
    """Tell the templates where this language's feed is (None: no articles, no feed)."""
    path = generator.settings.get("ATOM_FEED")
    generator.context["news_feed"] = path if path and generator.articles else None


def write_feed(generator, writer) -> None:
    path = generator.context.get("news_feed")
    if not path:
        return
    newest = sorted(generator.articles, key=lambda article: article.date, reverse=True)
    articles = newest[: generator.settings.get("FEED_MAX_ITEMS")]
    target = Path(generator.output_path) / path
    target.parent.mkdir(parents=True, exist_ok=True)
    etree.ElementTree(build_feed(articles, generator.context)).write(
        str(target), xml_declaration=True, encoding="utf-8", pretty_print=True
    )


def register() -> None:
    signals.article_generator_finalized.connect(announce_feed)
    signals.article_writer_finalized.connect(write_feed)
