"""The content as the checks see it (`ContentIndex`): settings, every content file read once, dates and the
addresses the build will write."""

from __future__ import annotations

import functools
import math
import re
from collections import defaultdict
from collections.abc import Iterator
from dataclasses import dataclass, field
from datetime import datetime
from fnmatch import fnmatch
from pathlib import Path
from urllib.parse import unquote
from zoneinfo import ZoneInfo

from plugins.common import display_path

from .document import PLACEHOLDER_PATTERN, Document, read_document
from .problem import ContentError, Problem, language_name

CONTENT_SUFFIX = ".md"
# The words every language gives the checks to suggest in it (LANGUAGES "examples"), e.g. for a missing Title.
EXAMPLE_WORDS = ("title", "summary", "image_alt", "link")
_DATE_SHAPE = re.compile(r"^(\d{4})-(\d{1,2})-(\d{1,2})(?:[ T](\d{1,2}):(\d{2})(?::(\d{2}))?)?$")


@dataclass
class ContentIndex:
    """What the checks need to know about the whole site: settings, every document, dates and addresses."""

    content_dir: Path
    settings: dict
    now: datetime
    docs: list[Document] = field(default_factory=list)
    others: list[Path] = field(default_factory=list)  # files in content folders that Pelican would not read
    dates: dict[Path, datetime] = field(default_factory=dict)
    # Site path ("2022/09/15/slug/", "" for the front page) → what produces it.
    live: dict[str, Document] = field(default_factory=dict)
    pending: dict[str, Document] = field(default_factory=dict)  # drafts and future-dated items
    generated: dict[str, str] = field(default_factory=dict)  # path → description
    static: set[str] = field(default_factory=set)
    # Each document's site path once worked out, by the document's id (with the document, to know it is the same).
    urls: dict[int, tuple[Document, str | None]] = field(default_factory=dict, repr=False)

    @functools.cached_property
    def docs_by_path(self) -> dict[Path, Document]:
        """Every document by its resolved path (links name files; resolving each once keeps the check linear)."""
        return {doc.path.resolve(): doc for doc in self.docs}

    @property
    def languages(self) -> dict[str, str]:
        languages = self.settings.get("LANGUAGES") or {self.default_lang: {"name": self.default_lang}}
        return {code: language["name"] for code, language in languages.items()}

    @property
    def default_lang(self) -> str:
        return self.settings["DEFAULT_LANG"]

    def examples(self, lang: str | None) -> dict[str, str]:
        """The words the checks suggest in `lang` (LANGUAGES "examples"); the main language's for another code."""
        languages = self.settings.get("LANGUAGES") or {}
        return (languages.get(lang) or languages.get(self.default_lang) or {}).get("examples") or {}

    def doc_examples(self, doc: Document) -> dict[str, str]:
        """The words the checks suggest for a file, in its language (its Lang, else its file name's)."""
        return self.examples(doc.lang if doc.lang in self.languages else doc.name_lang)

    @property
    def required_translations(self) -> list[str]:
        """The languages every published item must be published in too (REQUIRED_TRANSLATIONS; none by default)."""
        return list(self.settings.get("REQUIRED_TRANSLATIONS") or [])

    def is_live(self, doc: Document) -> bool:
        """Whether the build publishes `doc`: published, and not dated after the build's "now"."""
        return doc.status == "published" and not self.is_future(doc)

    @property
    def tz(self) -> ZoneInfo:
        return ZoneInfo(self.settings.get("TIMEZONE") or "UTC")

    @property
    def categories(self) -> list[dict[str, str]]:
        return self.settings.get("CATEGORIES", [])

    def lang_settings(self, lang: str) -> dict:
        """The settings the site of one language is built with (the i18n subsite overrides applied)."""
        return {**self.settings, **self.settings.get("I18N_SUBSITES", {}).get(lang, {})}

    def prefix(self, lang: str) -> str:
        return "" if lang == self.default_lang else f"{lang}/"

    def is_future(self, doc: Document) -> bool:
        date = self.dates.get(doc.path)
        return date is not None and date > self.now


# Reading -------------------------------------------------------------------------------------------


def _ignored(path: Path, root: Path, patterns: list[str]) -> bool:
    rel = path.relative_to(root).as_posix()
    return any(part.startswith(".") or part == "__pycache__" for part in path.relative_to(root).parts) or any(
        fnmatch(rel, pattern) or fnmatch(path.name, pattern) for pattern in patterns
    )


def static_folders(settings: dict) -> list[str]:
    """Folders of files published beside the pages: Pelican's STATIC_PATHS and the media step's MEDIA_PATHS."""
    return [*settings.get("STATIC_PATHS", []), *settings.get("MEDIA_PATHS", [])]


def content_files(content_dir: Path, settings: dict) -> tuple[list[tuple[Path, str]], list[Path]]:
    """Content files as (path, kind) in the article and page folders, and other files found there."""
    ignore = list(settings.get("IGNORE_FILES", ["**/.*"]))
    static_dirs = [content_dir / path for path in static_folders(settings)]
    page_dirs = [content_dir / path for path in settings.get("PAGE_PATHS", ["pages"])]
    found: dict[Path, str] = {}
    others: list[Path] = []
    for kind, folders, excluded in (
        ("page", page_dirs, static_dirs),
        ("article", [content_dir / path for path in settings.get("ARTICLE_PATHS", ["articles"])], static_dirs),
    ):
        for folder in folders:
            if not folder.is_dir():
                continue
            for path in sorted(folder.rglob("*")):
                if not path.is_file() or _ignored(path, content_dir, ignore) or path in found:
                    continue
                if any(path.is_relative_to(other) for other in excluded + (page_dirs if kind == "article" else [])):
                    continue
                if path.suffix == CONTENT_SUFFIX:
                    found[path] = kind
                elif path not in others:
                    others.append(path)
    return sorted(found.items()), others


def parse_date(value: str) -> tuple[datetime | None, str | None]:
    """Parse `YYYY-MM-DD[ HH:MM[:SS]]`; return the date or a reason it is not one."""
    shape = _DATE_SHAPE.match(value.strip())
    if not shape:
        return None, "shape"
    numbers = [int(part) if part else 0 for part in shape.groups()]
    try:
        return datetime(*numbers), None
    except ValueError as error:
        return None, str(error)


def doc_url(doc: Document, index: ContentIndex) -> str | None:
    """The site path an item is written to ("2022/09/15/slug/"), or None when it cannot be known yet."""
    known = index.urls.get(id(doc))
    if known is None or known[0] is not doc:
        known = index.urls[id(doc)] = (doc, _doc_url(doc, index))
    return known[1]


def _doc_url(doc: Document, index: ContentIndex) -> str | None:
    lang, slug = doc.lang, doc.value("slug")
    if lang not in index.languages or not slug or PLACEHOLDER_PATTERN.search(slug):
        return None
    date = index.dates.get(doc.path)
    if doc.kind == "article" and date is None:
        return None
    settings = index.lang_settings(lang)
    pattern = settings.get("ARTICLE_URL" if doc.kind == "article" else "PAGE_URL", "{slug}/")
    values = defaultdict(str, {key: found.value for key, found in doc.fields.items()})
    values.update(
        slug=slug, lang=lang, date=date or datetime(1970, 1, 1), category=slug_for(doc.value("category") or "")
    )
    try:
        return normalise_path(index.prefix(lang) + pattern.format_map(values))
    except (KeyError, ValueError, AttributeError, IndexError):
        return None


def normalise_path(path: str) -> str:
    """Site paths as keys: no leading slash, no `index.html`, directories end with a slash."""
    path = unquote(path).lstrip("/")
    if path.endswith("index.html"):
        path = path[: -len("index.html")]
    last = path.rsplit("/", 1)[-1]
    if path and "." not in last and not path.endswith("/"):
        path += "/"
    return path


def slug_for(value: str, settings: dict | None = None) -> str:
    from pelican.utils import slugify

    subs = (settings or {}).get("SLUG_REGEX_SUBSTITUTIONS") or [
        (r"[^\w\s-]", ""),
        (r"(?u)\A\s*", ""),
        (r"(?u)\s*\Z", ""),
        (r"[-\s]+", "-"),
    ]
    return slugify(value, regex_subs=subs)


def index_addresses(index: ContentIndex) -> None:
    """Record which site paths exist: content items, front pages, list pages, categories, static files."""
    for doc in index.docs:
        url = doc_url(doc, index)
        if url is None:
            continue
        target = index.live if index.is_live(doc) else index.pending
        target.setdefault(url, doc)
    articles = {doc.key for doc in index.docs if doc.kind == "article" and doc.status == "published"}
    pages = max(1, math.ceil(len(articles) / (index.settings.get("DEFAULT_PAGINATION") or 10)))
    for lang in index.languages:
        settings = index.lang_settings(lang)
        prefix = index.prefix(lang)
        index.generated[normalise_path(prefix)] = f"the {language_name(lang)} front page"
        for number in range(2, pages + 1):
            index.generated[normalise_path(f"{prefix}page/{number}/")] = f"page {number} of the news list"
        for category in index.categories:
            if lang in category:
                url = settings.get("CATEGORY_URL", "category/{slug}.html").format(slug=slug_for(category[lang]))
                index.generated[normalise_path(prefix + url)] = f"the category page {category[lang]}"
        for name, path in _fixed_outputs(settings, lang):
            index.generated.setdefault(normalise_path(prefix + path), name)
    for folder in static_folders(index.settings):
        root = index.content_dir / folder
        if root.is_dir():
            for path in root.rglob("*"):
                if path.is_file():
                    index.static.add(path.relative_to(index.content_dir).as_posix())
    theme = Path(index.settings.get("THEME", ""))
    for folder in index.settings.get("THEME_STATIC_PATHS", ["static"]):
        root = theme / folder
        if index.settings.get("THEME") and root.is_dir():
            for path in root.rglob("*"):
                if path.is_file():
                    index.static.add(
                        f"{index.settings.get('THEME_STATIC_DIR', 'theme')}/{path.relative_to(root).as_posix()}"
                    )


def _fixed_outputs(settings: dict, lang: str) -> Iterator[tuple[str, str]]:
    """Files the build writes at fixed addresses in each language, read from the settings by convention.

    Feeds (`FEED_*`, `*_FEED`), direct and theme templates, any `*_SAVE_AS` without placeholders (the
    sitemap, the 404 page) and each language's pages (LANGUAGES "pages": search, events, calendar),
    so that a plugin adding such a page needs no change here.
    """
    for key, value in settings.items():
        if not isinstance(key, str):
            continue
        if isinstance(value, str) and value and "{" not in value:
            if key.endswith("_SAVE_AS"):
                yield f"the {key.removesuffix('_SAVE_AS').lower().replace('_', ' ')} file", value
            elif key.startswith("FEED_") or key.endswith("_FEED"):
                yield "a feed", value
    pages = (settings.get("LANGUAGES") or {}).get(lang, {}).get("pages", {})
    for name, path in pages.items():
        if "{" not in path:
            yield f"the {name} page", path
    for name in settings.get("DIRECT_TEMPLATES", []):
        save_as = settings.get(f"{name.upper()}_SAVE_AS", f"{name}.html")
        if save_as:
            yield f"the {name} page", save_as
    for save_as in (settings.get("TEMPLATE_PAGES") or {}).values():
        yield "a page of the theme", save_as


def require_examples(settings: dict) -> None:
    """Refuse a language of LANGUAGES without the words the checks suggest in it, naming what to add where."""
    for code, language in (settings.get("LANGUAGES") or {}).items():
        missing = [word for word in EXAMPLE_WORDS if not (language.get("examples") or {}).get(word)]
        if missing:
            name = language_name(code)
            raise ContentError(
                f"LANGUAGES[{code!r}] ({name}) in pelicanconf.py has no example {' and no example '.join(missing)}"
                f" — add them to it in {name}, like the other languages'"
                f' ("examples": {{"title": ..., "summary": ..., "image_alt": ..., "link": ...}}):'
                " the content check suggests them in its fixes"
            )


def require_known_languages(settings: dict) -> None:
    """Refuse a language in REQUIRED_TRANSLATIONS that is not one of LANGUAGES."""
    languages = settings.get("LANGUAGES") or {}
    for code in settings.get("REQUIRED_TRANSLATIONS") or []:
        if code not in languages:
            raise ContentError(
                f"REQUIRED_TRANSLATIONS in pelicanconf.py names {code!r}, which is not a language of LANGUAGES"
                f" — use the code of one of them ({', '.join(languages)}), or remove it"
            )


def load_index(content_dir: Path, settings: dict, now: datetime) -> tuple[ContentIndex, list[Problem]]:
    """Read every content file; return the site and the problems that prevent reading files."""
    require_examples(settings)
    require_known_languages(settings)
    tz = ZoneInfo(settings.get("TIMEZONE") or "UTC")
    index = ContentIndex(
        content_dir=Path(content_dir), settings=settings, now=now if now.tzinfo else now.replace(tzinfo=tz)
    )
    problems: list[Problem] = []
    if not index.content_dir.is_dir():
        raise ContentError(
            f"there is no content folder {display_path(index.content_dir)}"
            " — give the folder that holds articles/ and pages/, e.g. --content content"
        )
    files, index.others = content_files(index.content_dir, settings)
    for path, kind in files:
        doc = read_document(path, kind)
        if doc.encoding_error:
            line, byte = doc.encoding_error
            problems.append(
                Problem(
                    path,
                    line,
                    f"the file is not UTF-8 text (byte 0x{byte:02X} on this line)",
                    "save it as UTF-8 (in the editor: Save with encoding → UTF-8) and check the letters å, ä, ö",
                )
            )
            continue
        index.docs.append(doc)
        date, _reason = parse_date(doc.value("date") or "")
        if date is not None:
            index.dates[path] = date.replace(tzinfo=index.tz)
    index_addresses(index)
    return index, problems
