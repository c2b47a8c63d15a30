"""JSON-LD for every page: the schema.org graph the page declares, built here and nowhere else.

On `generator_init` the templates get `page_graph` as the global `structured_data()`, which head_meta.html writes
into a `<script type="application/ld+json">` data block with `tojson`. Every page: the project as an
Organization (its partners as members, the EU as funder) and the WebSite of its language. An article page
(its template supplies `news_article`) adds a NewsArticle, and an Event when the article is one
(plugins/events); a page that supplies `breadcrumbs` adds a BreadcrumbList below the front page. Addresses
are the published ones (plugins/urls), texts are in the page's language.
"""

from __future__ import annotations

import functools

from jinja2 import pass_context
from pelican import signals

from plugins.babel_dates.babel_dates import contentdate
from plugins.common import catalog, plain
from plugins.events.model import Event
from plugins.language_links.language_links import original_of
from plugins.media.media import og_image
from plugins.partners import partners
from plugins.urls import absolute_url

ATTENDANCE_MODES = {
    "mixed": "https://schema.org/MixedEventAttendanceMode",
    "online": "https://schema.org/OnlineEventAttendanceMode",
    "offline": "https://schema.org/OfflineEventAttendanceMode",
}


def postal_address(event: Event) -> dict | None:
    """The schema.org PostalAddress of the venue, from the parts the content gives (none invented)."""
    parts = {
        "streetAddress": event.address,
        "addressLocality": event.locality,
        "addressCountry": event.country,
    }
    given = {name: value for name, value in parts.items() if value}
    return {"@type": "PostalAddress", **given} if given else None


def event_schema(article, url: str, organizer: list[dict], online_name: str) -> dict:
    """The schema.org Event of an event article, for its JSON-LD graph; `url` is its published address.

    It stays EventScheduled after its date: schema.org has no status for "past", and nothing says it was
    cancelled or moved (the site does not claim either way whether it took place).
    """
    event: Event = article.event
    locations = []
    if event.venue:
        place = {"@type": "Place", "name": event.venue}
        address = postal_address(event)
        if address:
            place["address"] = address
        locations.append(place)
    if event.online:
        virtual = {"@type": "VirtualLocation", "name": online_name}
        if event.online_url:
            virtual["url"] = event.online_url
        locations.append(virtual)
    schema = {
        "@type": "Event",
        "@id": f"{url}#event",
        "name": plain(article.title),
        "description": plain(getattr(article, "summary", "")),
        "url": url,
        "inLanguage": article.lang,
        "startDate": event.start.isoformat(),
        "endDate": event.end.isoformat(),
        "eventStatus": "https://schema.org/EventScheduled",
        "eventAttendanceMode": ATTENDANCE_MODES[event.attendance],
        "location": locations[0] if len(locations) == 1 else locations,
        "organizer": organizer,
    }
    if event.info:
        schema["sameAs"] = event.info
    return schema


@pass_context
def page_graph(context, canonical: str, breadcrumbs: list[dict] = (), news_article=None) -> dict:
    """The JSON-LD of the page being rendered, as a dict for `tojson` (the Jinja global `structured_data`).

    `context` is the page's template context (settings and the page's language); `canonical` its published
    address; `breadcrumbs` and `news_article` what its template supplies (base.html).
    """
    _ = catalog(context, context["DEFAULT_LANG"]).gettext
    absolute = functools.partial(absolute_url, context)
    site_root, home = absolute("/"), absolute("")
    organization = {"@id": site_root + "#organization"}
    project = partners(context)
    graph = [
        {
            "@type": "Organization",
            **organization,
            "name": context["SITENAME"],
            "url": site_root,
            "logo": absolute(f"{context['THEME_STATIC_DIR']}/{context['LOGO_IMAGE']}"),
            "description": _(
                "Battery Region was an Interreg Nord project on the skills needs of the battery industry in"
                " northern Sweden and northern Finland."
            ),
            "member": [{"@type": partner.schema_type, "name": partner.name} for partner in project],
            "funder": {"@type": "Organization", "name": _("European Union")},
        },
        {
            "@type": "WebSite",
            "@id": home + "#website",
            "url": home,
            "name": context["SITENAME"],
            "inLanguage": context["DEFAULT_LANG"],
            "publisher": organization,
        },
    ]
    if news_article is not None:
        lead = og_image(context, news_article)  # its lead image's link preview (plugins/media), if it has one
        article = {
            "@type": "NewsArticle",
            "@id": canonical + "#article",
            "url": canonical,
            "mainEntityOfPage": canonical,
            "headline": plain(news_article.title),
            "description": plain(getattr(news_article, "summary", "")),
            "datePublished": contentdate(news_article.date),
            "dateModified": contentdate(getattr(news_article, "modified", None) or news_article.date),
            "inLanguage": news_article.lang,
            "articleSection": news_article.category.name,
            "image": [
                absolute(lead["url"])
                if lead
                else absolute(f"{context['THEME_STATIC_DIR']}/{context['OG_IMAGE']['path']}")
            ],
            "author": organization,
            "publisher": organization,
        }
        original = original_of(news_article)
        if original is not None:
            article["translationOfWork"] = {"@id": absolute(original.url) + "#article"}
        graph.append(article)
        if getattr(news_article, "event", None):
            # The project invites; the partner the project lead works at organises with it.
            organizers = [organization]
            organizers += [{"@type": p.schema_type, "name": p.name} for p in project if p.role == "lead"]
            graph.append(event_schema(news_article, canonical, organizers, _("Online")))
    if breadcrumbs:
        trail = [{"name": context["SITENAME"], "item": home}]
        trail += [
            {"name": plain(crumb["name"]), "item": absolute(crumb["url"]) if crumb.get("url") else canonical}
            for crumb in breadcrumbs
        ]
        items = [{"@type": "ListItem", "position": number, **crumb} for number, crumb in enumerate(trail, start=1)]
        graph.append({"@type": "BreadcrumbList", "itemListElement": items})
    return {"@context": "https://schema.org", "@graph": graph}


def add_global(generator) -> None:
    generator.env.globals["structured_data"] = page_graph


def register() -> None:
    signals.generator_init.connect(add_global)
