"""Development settings: Swedish main site at /, Finnish i18n subsite at /fi/."""


def N_(message: str) -> str:  # noqa: N802 (the gettext convention for a no-op marker, a pybabel default keyword)
    """Marks an English interface text for the catalogs (`invoke catalogs` extracts this file too); the theme
    translates it into the page's language where it shows it."""
    return message


AUTHOR = "Battery Region"
SITENAME = "Battery Region"
SITEURL = ""
# The root of the Swedish main site; the Finnish subsite keeps it while its own SITEURL changes.
MAIN_SITEURL = SITEURL
# The live address: links to it inside content are links within this site. It is also the address
# that canonical links, OpenGraph, JSON-LD, feeds and the sitemap name in every build (plugins/
# urls): they say where a page is published, not where a build happens to be previewed.
CANONICAL_SITEURL = "https://batteryregion.eu"

PATH = "content"
ARTICLE_PATHS = ["articles"]
PAGE_PATHS = ["pages"]
# Nothing in content/ is copied as it is: the build's media step (sitebuild/media) publishes what the content
# shows or links to under MEDIA_PATHS (photos in AVIF and WebP, documents) once for every language, at /images/;
# plugins/media writes their markup. Pelican's own static copy would put every file in every language's folder.
STATIC_PATHS = []
MEDIA_PATHS = ["images"]
OUTPUT_PATH = "output"
DELETE_OUTPUT_DIRECTORY = False
TIMEZONE = "Europe/Stockholm"
# No OS locales for sv/fi here: dates are formatted with Babel (plugins/babel_dates).
LOCALE = ["C.UTF-8", "C"]
# Every language of the site, in switcher order: the one place a language is added (with its catalog,
# themes/batteryregion/translations/<code>/). The first is the main site at /, every other one a subsite
# at /<code>/ (pelican-i18n-subsites). For each language:
#   name    the language named in itself (the language switcher)
#   locale  the Babel/CLDR locale of its dates and numbers, and its OpenGraph locale (not always its code)
#   pages   the addresses of the pages the theme writes, in the language's own words: category pages,
#           the search page, the events page and the calendar feed of its events
#   clock   how its pages write a time of day, a Babel (CLDR) pattern: "H.mm" is 9.00 as the press releases write
#           times in Swedish and Finnish, "HH:mm" 09:00 (CLDR's own pattern for Swedish is HH:mm, so it is set here)
#   examples  what the content check suggests in the language's own words for a missing Title, Summary or photo
#           description (image_alt), and for the text of a link written as a bare address (link)
#           (the placeholders of `invoke new` are its archetypes: sitebuild/editors/archetypes/)
#   link_words  the link texts `invoke import-wordpress` writes into an item's text in its language where the old site
#           embedded a video, a sound or anything else from another website (the site embeds nothing), or linked a
#           media file or an image without alt text (sitebuild/wordpress/convert.py, LINK_WORDS, says what each is)
#   sentences  what the theme says about the language, in English marked N_ (each page says it in its own
#           language, through the catalogs; plugins/language_sentences refuses a language without all of them):
#           "translation_note" on a translation whose original is in this language, "original_link" the link
#           to that original, "only_in" the mark of a news item or event that exists in this language only,
#           "in_language" the mark of one that exists in this language and others, but not the page's
LANGUAGES = {
    "sv": {
        "name": "Svenska",
        "locale": "sv_SE",
        "clock": "H.mm",
        "pages": {
            "category": "kategori/{slug}/",
            "search": "sok/",
            "events": "evenemang/",
            "calendar": "evenemang.ics",
        },
        "examples": {
            "title": "Rubrik",
            "summary": "Ingressen, ett stycke",
            "image_alt": "Två personer skakar hand på scenen",
            "link": "Läs mer om projektet",
        },
        "link_words": {
            "video_on": "Se videon på {provider}",
            "audio_on": "Lyssna på {provider}",
            "other_on": "Öppna på {provider}",
            "video": "Se videon",
            "audio": "Lyssna på ljudfilen",
            "image": "Bild",
        },
        "sentences": {
            "translation_note": N_("This text is a translation of the Swedish original."),
            "original_link": N_("Read the original in Swedish"),
            "only_in": N_("In Swedish only"),
            "in_language": N_("In Swedish"),
        },
    },
    "fi": {
        "name": "Suomi",
        "locale": "fi_FI",
        "clock": "H.mm",
        "pages": {
            "category": "kategoria/{slug}/",
            "search": "haku/",
            "events": "tapahtumat/",
            "calendar": "tapahtumat.ics",
        },
        "examples": {
            "title": "Otsikko",
            "summary": "Ingressi, yksi kappale",
            "image_alt": "Kaksi ihmistä kättelee lavalla",
            "link": "Lue lisää hankkeesta",
        },
        "link_words": {
            "video_on": "Katso video palvelussa {provider}",
            "audio_on": "Kuuntele palvelussa {provider}",
            "other_on": "Avaa palvelussa {provider}",
            "video": "Katso video",
            "audio": "Kuuntele äänitiedosto",
            "image": "Kuva",
        },
        "sentences": {
            "translation_note": N_("This text is a translation of the Finnish original."),
            "original_link": N_("Read the original in Finnish"),
            "only_in": N_("In Finnish only"),
            "in_language": N_("In Finnish"),
        },
    },
}
DEFAULT_LANG = next(iter(LANGUAGES))

# Languages every published article and page must also be published in: `invoke check` and the build refuse an item
# without its version in one of them. None by default: an item may exist in one language only (`invoke translations`
# lists what is missing), and every other language's lists show it, marked as being in its own language.
REQUIRED_TRANSLATIONS = []

# Translations are paired by an explicit `Key:` so each language keeps its own slug.
ARTICLE_TRANSLATION_ID = "key"
PAGE_TRANSLATION_ID = "key"

# Article URLs follow the old WordPress site: /{year}/{month}/{day}/{slug}/.
ARTICLE_URL = "{date:%Y}/{date:%m}/{date:%d}/{slug}/"
ARTICLE_SAVE_AS = ARTICLE_URL + "index.html"
ARTICLE_LANG_URL = ARTICLE_URL
ARTICLE_LANG_SAVE_AS = ARTICLE_SAVE_AS
PAGE_URL = "{slug}/"
PAGE_SAVE_AS = PAGE_URL + "index.html"
PAGE_LANG_URL = PAGE_URL
PAGE_LANG_SAVE_AS = PAGE_SAVE_AS
# Category URLs in each language's own words (LANGUAGES); each subsite gets its own in I18N_SUBSITES.
CATEGORY_URL = LANGUAGES[DEFAULT_LANG]["pages"]["category"]
CATEGORY_SAVE_AS = CATEGORY_URL + "index.html"

# Drafts are never published.
DRAFT_URL = DRAFT_SAVE_AS = DRAFT_LANG_URL = DRAFT_LANG_SAVE_AS = ""
DRAFT_PAGE_URL = DRAFT_PAGE_SAVE_AS = DRAFT_PAGE_LANG_URL = DRAFT_PAGE_LANG_SAVE_AS = ""

# Page types this site does not have: nothing is written for them.
TAG_URL = TAG_SAVE_AS = TAGS_SAVE_AS = ""
AUTHOR_URL = AUTHOR_SAVE_AS = AUTHORS_SAVE_AS = ""
CATEGORIES_SAVE_AS = ARCHIVES_SAVE_AS = ""
YEAR_ARCHIVE_SAVE_AS = MONTH_ARCHIVE_SAVE_AS = DAY_ARCHIVE_SAVE_AS = ""
# The news list (index) is written by plugins/news_list, which adds one-language items of the
# other language; Pelican's own index would not know about them.
DIRECT_TEMPLATES = []
INDEX_SAVE_AS = "index.html"

DEFAULT_PAGINATION = 10
PAGINATED_TEMPLATES = {"index": None, "category": None}
PAGINATION_PATTERNS = (
    (1, "{url}", "{save_as}"),
    (2, "{base_name}/page/{number}/", "{base_name}/page/{number}/index.html"),
)

# Categories are defined once with both names; content uses the name of its own language.
CATEGORIES = [
    {"sv": "Nyheter", "fi": "Uutiset"},
    {"sv": "Evenemang", "fi": "Tapahtumat"},
]

# Pages in the main navigation and the footer, by translation key; ABOUT_PAGE is linked from the news list.
NAV_PAGES = ["om-projektet", "kontakt"]
FOOTER_PAGES = ["kontakt", "tillganglighet", "personuppgifter"]
ABOUT_PAGE = "om-projektet"

# The owner's statement that the project (two years of cooperation, in the press release of 15 September 2022)
# has ended: a notice says so on every page and the footer speaks of it in the past tense. False hides the notice.
PROJECT_ENDED = True

# The project's partners, as the press release of 15 September 2022 names them, in its order: "Region
# Västerbotten, Skellefteå Kommun, Norra Österbottens Förbund och den finska utbildningssamordnaren OSAO". The
# footer, the front page and JSON-LD name them from here (plugins/partners, plugins/structured_data), each in the
# page's language: `name` is English, marked N_ for the catalogs. `role` is "lead" for the partner the project
# lead works at ("Projektledare Battery Region, Region Västerbotten"), else "partner". `schema_type` is the
# schema.org type where the partner's kind is known (Region Västerbotten is a Swedish public body), else
# Organization.
PARTNERS = [
    {"name": N_("Region Västerbotten"), "role": "lead", "schema_type": "GovernmentOrganization"},
    {"name": N_("Skellefteå Municipality"), "role": "partner"},
    {"name": N_("Council of Oulu Region"), "role": "partner"},
    {"name": N_("OSAO"), "role": "partner"},
]

# Days the web host keeps its access logs; the privacy notice quotes it ({setting:...}, plugins/content_settings).
ACCESS_LOG_RETENTION_DAYS = 14

# ---- Owner facts: what only the body that provides the site can confirm ----
# Both languages' legal pages quote these (plugins/content_settings/owner_facts.py). None means not confirmed yet:
# the pages then show a marked interim route in its place ("Tillfällig kontaktväg" / "Väliaikainen yhteystapa"),
# and `invoke publish` lists every unset fact in its summary. Write only what the owner has confirmed, never a
# guessed address; README.md, "Before launch", lists what to ask for.
# The body that provides the site. Its law governs the accessibility statement in both languages: Region
# Västerbotten is a Swedish public body, so lag (2018:1937) applies and Digg supervises. Another owner means
# rewriting both statements for its law. It is also the controller in the privacy notice.
OWNER = "Region Västerbotten"
# Where accessibility feedback and requests for content in another format go (lag 2018:1937): the owner's
# functional e-mail address, e.g. a registry mailbox, not a person. Unset: the project lead of the press release.
OWNER_ACCESSIBILITY_CONTACT = None
# The data-protection officer's own e-mail address (GDPR art. 13(1)(b)).
OWNER_DATA_PROTECTION_OFFICER = None
# The controller's official contact (GDPR art. 13(1)(a)): its postal address and registry e-mail, as one line of
# text as the owner publishes it.
OWNER_CONTROLLER_CONTACT = None
# Where security reports go, as /.well-known/security.txt's Contact (RFC 9116): "mailto:..." or "https://...".
OWNER_SECURITY_CONTACT = None
# The company that hosts the site and keeps its logs as the owner's processor (GDPR art. 28), by its name.
OWNER_WEB_HOST = None
# Whether the host's logs leave the EU/EEA (GDPR art. 13(1)(f)): True or False.
OWNER_LOGS_LEAVE_EEA = None
# What security.txt names (sitebuild/postprocess): the owner's address once confirmed; until then, as an interim
# contact, the project lead at Region Västerbotten named in the press release of 15 September 2022.
SECURITY_CONTACT = OWNER_SECURITY_CONTACT or "mailto:sara.ward.edvall@regionvasterbotten.se"

# Pages the theme writes in every language (plugins/site_pages): the search page (LANGUAGES, "search"),
# and the page a web server sends for a missing address (404). The main site's 404 also speaks the other
# languages; the server sends /<code>/404.html for misses under a subsite's /<code>/.
NOT_FOUND_SAVE_AS = "404.html"
# One sitemap for both languages at the site root, named in robots.txt (plugins/sitemap).
SITEMAP_SAVE_AS = "sitemap.xml"

# Events are articles with `Start:` (plugins/events). Each language has an events page (upcoming and
# past, split at the build's "now", BUILD_NOW: sitebuild.now) and a calendar feed (LANGUAGES, "events", "calendar");
# each event has an .ics beside its page. Event times are shown in each of these zones, each with its name in
# English (N_: each page says it in its own language); an event's Timezone must be one of them. A zone is named
# here, not in LANGUAGES: Finnish time is Finnish time whichever language a page is in.
EVENT_TIMEZONES = {
    "Europe/Stockholm": N_("Swedish time"),
    "Europe/Helsinki": N_("Finnish time"),
}

# Pelican's own feeds are off: plugins/feeds writes one Atom feed per language at ATOM_FEED within
# each language's site (/feeds/atom.xml, /fi/feeds/atom.xml) with absolute addresses and xml:lang.
ATOM_FEED = "feeds/atom.xml"
FEED_ALL_ATOM = FEED_ALL_RSS = FEED_ATOM = FEED_RSS = None
CATEGORY_FEED_ATOM = CATEGORY_FEED_RSS = None
TRANSLATION_FEED_ATOM = TRANSLATION_FEED_RSS = None
AUTHOR_FEED_ATOM = AUTHOR_FEED_RSS = None
TAG_FEED_ATOM = TAG_FEED_RSS = None

THEME = "themes/batteryregion"
THEME_STATIC_DIR = "theme"
# Pelican's default, and the notes for maintainers beside the theme's files (static/fonts/README.md,
# static/img/README.md): they are not for visitors. The font licence (a .txt) is published beside the fonts.
IGNORE_FILES = ["**/.*", "README.md"]
# The project's default image for link previews (OpenGraph) and its logo (JSON-LD), under the theme's static files.
OG_IMAGE = {"path": "img/og-default.png", "width": 1200, "height": 630}
LOGO_IMAGE = "img/logo.png"
# Stylesheet entry, linked explicitly by the theme (the Finnish subsite loses CSS_FILE).
STYLESHEET = "css/main.css"

# Plugins by their package name under the project root (one module identity, whoever imports them).
PLUGIN_PATHS = ["."]
PLUGINS = [
    "pelican.plugins.i18n_subsites",
    "plugins.babel_dates",
    "plugins.internal_links",
    "plugins.markdown_spans",
    # Each Markdown text converted once, for the content check and every language (MARKDOWN_STORE keeps it).
    "plugins.markdown_store",
    "plugins.content_settings",
    "plugins.news_list",
    "plugins.language_links",
    # Refuses a language of LANGUAGES without the sentences the theme says about it.
    "plugins.language_sentences",
    # Refuses content with errors.
    "plugins.content_check",
    # Photos as <picture> and document links that say type and size, from what the media step published.
    "plugins.media",
    # Holds back items dated after the build's "now" (BUILD_NOW, or the clock): before plugins.events reads them.
    "plugins.schedule",
    "plugins.urls",
    # The partners in the page's language (PARTNERS): footer, front page, JSON-LD.
    "plugins.partners",
    # Event pages' facts, the events pages and the .ics calendars.
    "plugins.events",
    "plugins.feeds",
    "plugins.site_pages",
    # The JSON-LD of every page.
    "plugins.structured_data",
    # Reads the head of every page both languages wrote: after every plugin that writes pages.
    "plugins.sitemap",
    # The languages this process writes (WRITE_LANGUAGES, set by the build to write languages in parallel).
    "plugins.write_languages",
]

# Template strings are written in English; both languages load a catalog.
I18N_TEMPLATES_LANG = "en"
I18N_GETTEXT_DOMAIN = "messages"
# One-language articles stay in the other site's generator so plugins/news_list can list them
# (linking to the original); they are never written there.
I18N_UNTRANSLATED_ARTICLES = "keep"
I18N_UNTRANSLATED_PAGES = "remove"
# Every language but the main one is a subsite (never the main one: i18n_subsites would build it twice).
I18N_SUBSITES = {
    code: {
        "CATEGORY_URL": language["pages"]["category"],
        "CATEGORY_SAVE_AS": language["pages"]["category"] + "index.html",
    }
    for code, language in LANGUAGES.items()
    if code != DEFAULT_LANG
}

JINJA_ENVIRONMENT = {
    "extensions": ["jinja2.ext.i18n"],
    # Metadata (titles, summaries) is text and is escaped; rendered Markdown is marked `|safe` where it is output.
    "autoescape": True,
    "trim_blocks": True,
    "lstrip_blocks": True,
}

# Content is Markdown. Pelican's reStructuredText reader is off: it warns (which fails the build) for a language
# Docutils has no localization for, Norwegian bokmål among them.
READERS = {"rst": None}

MARKDOWN = {
    "extension_configs": {
        "markdown.extensions.extra": {},
        "markdown.extensions.sane_lists": {},
    },
    "output_format": "html5",
}
TYPOGRIFY = False

RELATIVE_URLS = False
LOAD_CONTENT_CACHE = False
CACHE_CONTENT = False
# Where plugins/markdown_store keeps converted Markdown between processes: the build sets it (.cache/markdown);
# a bare `pelican` run shares conversions between the languages in memory only.
MARKDOWN_STORE = None
# The languages one Pelican process writes (plugins/write_languages); None: every language, in one process. The
# build starts one process per core, each writing some of the languages.
WRITE_LANGUAGES = None
# The search index (sitebuild/search.py): a site with more pages than this to index is indexed in parts of at most
# this many pages of one language, one after another, so that the build's memory stays under 500 MB (Pagefind
# holds a whole index in memory, about 250 KB a page); the search page merges its language's parts.
SEARCH_PART_PAGES = 1200
