"""The four-language fixture site: the corpus with English and Norwegian bokmål added, its settings and catalogs.

English and Norwegian are added as a project would add them: settings (tests/fixtures/languages/
four_languages.py) and catalogs (Norwegian's in the theme; the sentences about English and Norwegian merged into
a copy of every catalog from tests/fixtures/languages/catalogs/). Nothing else of the site knows about them.
"""

from __future__ import annotations

import shutil
from pathlib import Path

from babel.messages.pofile import read_po, write_po

import sitebuild
from sitebuild.catalogs import extract_messages
from tests import corpus

FIXTURES = Path(__file__).resolve().parent.parent / "fixtures" / "languages"
FOUR_LANGUAGES = FIXTURES / "four_languages.py"
LANGUAGES = ("sv", "fi", "en", "nb")
MAIN = "sv"
# The items of each kind, by key: which languages have a version, and which of them is the original.
IN_ALL = "par-1"  # corpus pair 1 with English and Norwegian added (Original: sv)
IN_SOME = "par-2"  # corpus pair 2 with English added: no Norwegian
FI_NB = "suomi-norja"  # a Finnish original with a Norwegian translation: no Swedish, no English
EN_ONLY = "english-only"
NB_ONLY = "bare-norsk"
SV_ONLY = corpus.SWEDISH_ONLY[0]
EVENT_ALL = "konferens"  # an event in all four languages (Original: sv), past at the suite's NOW
EVENT_SOME = "webbinarium"  # an English event with a Norwegian translation, upcoming at NOW
DRAFTED = "halvfardig"  # published in Swedish (the original) and Finnish; its English and Norwegian are drafts
# The Title of each version: "<key> <lang>".
ITEMS = {
    IN_ALL: {"sv": None, "fi": "sv", "en": "sv", "nb": "sv"},
    IN_SOME: {"sv": None, "fi": "sv", "en": "sv"},
    FI_NB: {"fi": None, "nb": "fi"},
    EN_ONLY: {"en": None},
    NB_ONLY: {"nb": None},
    EVENT_ALL: {"sv": None, "fi": "sv", "en": "sv", "nb": "sv"},
    EVENT_SOME: {"en": None, "nb": "en"},
    DRAFTED: {"sv": None, "fi": "sv", "en": "sv", "nb": "sv"},
}
# The versions of ITEMS that are drafts (Status: draft), translations an editor has started.
DRAFTS = {DRAFTED: ("en", "nb")}
CATEGORY = {"en": "News", "nb": "Nyheter", "fi": "Uutiset", "sv": "Nyheter"}
EVENTS_CATEGORY = {"en": "Events", "nb": "Arrangementer", "fi": "Tapahtumat", "sv": "Evenemang"}
# The events: when and how (the same in every language), published on DATE.
EVENTS = {
    EVENT_ALL: {
        "Date": "2022-06-01 10:00",
        "Start": "2022-09-22 09:00",
        "End": "2022-09-22 15:00",
        "Timezone": "Europe/Stockholm",
        "Online": "yes",
    },
    EVENT_SOME: {
        "Date": "2022-06-20 10:00",
        "Start": "2040-03-10 10:00",
        "End": "2040-03-10 11:30",
        "Timezone": "Europe/Helsinki",
        "Online": "https://stream.example.org/webbinarium",
    },
}
VENUE = {"sv": "Stora salen", "fi": "Iso sali", "en": "The main hall", "nb": "Store sal"}
# The text of EVENT_ALL in each language, and one of its words in another inflection: each language's search
# finds the event by that form only through its stemmer (Pagefind's Snowball stemmer of the page's <html lang>).
EVENT_TEXT = {
    "sv": "Välkommen till konferensen om batterier i norr.",
    "fi": "Tervetuloa konferenssiin akuista pohjoisessa.",
    "en": "Welcome to the conference on batteries in the north.",
    "nb": "Velkommen til konferansen om batterier i nord.",
}
INFLECTED = {"sv": "konferenserna", "fi": "konferenssissa", "en": "conferences", "nb": "konferansene"}


def _write(path: Path, metadata: dict[str, str], body: str) -> None:
    lines = [f"{key}: {value}" for key, value in metadata.items()]
    path.write_text("\n".join(lines) + "\n\n" + body + "\n", encoding="utf-8")


def generate(dest: Path) -> Path:
    """The fixture corpus (tests/corpus.py, Swedish and Finnish) with the items of ITEMS (EVENTS among them) and an
    About page in four."""
    corpus.generate(dest)
    articles, pages = dest / "articles", dest / "pages"
    for key, versions in ITEMS.items():
        if key.startswith("par-"):
            # The Swedish and Finnish files exist: add the others, dated like them.
            number = int(key.removeprefix("par-"))
            date = (corpus.START + corpus.timedelta(days=7 * number)).strftime("%Y-%m-%d %H:%M")
        else:
            date = "2022-06-15 10:00"
        event = {name: value for name, value in EVENTS.get(key, {}).items() if name != "Date"}
        for lang, original in versions.items():
            if (articles / f"{key}.{lang}.md").exists():
                continue
            metadata = {
                "Title": f"{key} {lang}",
                "Date": EVENTS[key]["Date"] if event else date,
                "Lang": lang,
                "Key": key,
                "Slug": f"{key}-{lang}",
                "Category": (EVENTS_CATEGORY if event else CATEGORY)[lang],
                "Summary": f"The lead of {key} in {lang}.",
                "Status": "draft" if lang in DRAFTS.get(key, ()) else "published",
            }
            if original:
                metadata["Original"] = original
            if event:
                metadata |= event | ({"Venue": VENUE[lang]} if event["Online"] == "yes" else {})
            text = EVENT_TEXT[lang] if key == EVENT_ALL else f"The text of {key} in {lang}."
            _write(articles / f"{key}.{lang}.md", metadata, text)
    for lang, title in (("en", "About the project"), ("nb", "Om prosjektet")):
        _write(
            pages / f"om-projektet.{lang}.md",
            {
                "Title": title,
                "Lang": lang,
                "Key": "om-projektet",
                "Slug": "about" if lang == "en" else "om-prosjektet",
                "Summary": "Test page.",
                "Status": "published",
                "Original": "sv",
            },
            "Test page.",
        )
    return dest


def catalogs(dest: Path) -> Path:
    """A catalog folder for the four languages: every catalog of the theme, with the fixture's entries merged in
    (what the sentences about English and Norwegian are in each language), and its .pot."""
    shutil.copytree(sitebuild.THEME / "translations", dest, ignore=shutil.ignore_patterns("*.mo"))
    for addition in sorted((FIXTURES / "catalogs").glob("*.po")):
        po_path = dest / addition.stem / "LC_MESSAGES" / "messages.po"
        with po_path.open("rb") as handle:
            catalog = read_po(handle)
        with addition.open("rb") as handle:
            for message in read_po(handle):
                if message.id:
                    catalog.add(message.id, message.string)
        with po_path.open("wb") as handle:
            write_po(handle, catalog, width=0)
    extract_messages(dest / "messages.pot", sources=[sitebuild.PELICANCONF, FOUR_LANGUAGES])
    return dest


def settings_file(folder: Path, production: bool = False) -> Path:
    """Settings for the four-language site with its catalogs in `folder` (development, or production:
    publishconf.py with the same languages)."""
    localedir = catalogs(folder / "translations")
    path = folder / ("four_languages_production.py" if production else "four_languages_settings.py")
    lines = ["from tests.fixtures.languages.four_languages import *  # noqa: F403"]
    if production:
        lines = [
            "from publishconf import *  # noqa: F403",
            "from tests.fixtures.languages.four_languages import CATALOG_SETTINGS_FILES, CATEGORIES, LANGUAGES",
            "I18N_SUBSITES = {",
            '    code: {"CATEGORY_URL": language["pages"]["category"],',
            '           "CATEGORY_SAVE_AS": language["pages"]["category"] + "index.html",',
            '           "SITEURL": f"{SITEURL}/{code}"}',
            "    for code, language in LANGUAGES.items() if code != DEFAULT_LANG",
            "}",
        ]
    lines.append(f"I18N_GETTEXT_LOCALEDIR = {str(localedir)!r}")
    # pelicanconf.py's THEME is relative to its own folder; Pelican reads a relative one from this file's folder.
    lines.append(f"THEME = {str(sitebuild.THEME)!r}")
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return path
