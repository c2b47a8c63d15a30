"""Every rule a content file must follow, checked without building; each problem names file, line and fix.

`validate()` reads all articles and pages, checks each file on its own (metadata, body, links),
then the files together (translation pairs, keys, addresses). Settings come from Pelican's
settings (LANGUAGES, CATEGORIES, PATH/ARTICLE_PATHS/PAGE_PATHS, TIMEZONE, URL patterns).
"""

from __future__ import annotations

import difflib
import math
import re
from collections import defaultdict
from collections.abc import Iterator
from dataclasses import dataclass, field
from datetime import datetime, timedelta
from fnmatch import fnmatch
from pathlib import Path
from urllib.parse import unquote, urlsplit
from zoneinfo import ZoneInfo

from . import markdown_scan as scan
from .document import HASH_LENGTH, PLACEHOLDER, PLACEHOLDER_PATTERN, Document, read_document

# Every metadata key an editor may write, one per line: adding a key here allows it everywhere.
METADATA_KEYS = (
    "Title",
    "Date",
    "Modified",
    "Lang",
    "Key",
    "Slug",
    "Category",
    "Summary",
    "Status",
    "Original",
    "Original_hash",
    "Template",
)
REQUIRED_KEYS = {
    "article": ("Title", "Date", "Lang", "Key", "Slug", "Category", "Summary", "Status"),
    "page": ("Title", "Lang", "Key", "Slug", "Status"),
}
# Keys that make no sense on a page (pages have no date in lists and no category).
ARTICLE_ONLY_KEYS = ("Category",)
STATUSES = ("draft", "published")
SUMMARY_MAX = 300
# A translation is dated like its original: at most this far apart.
PAIR_DATE_TOLERANCE = timedelta(days=1)
CONTENT_SUFFIX = ".md"

_DATE_SHAPE = re.compile(r"^(\d{4})-(\d{1,2})-(\d{1,2})(?:[ T](\d{1,2}):(\d{2})(?::(\d{2}))?)?$")
_SLUG = re.compile(r"^[a-z0-9]+(?:-[a-z0-9]+)*$")
_HASH = re.compile(rf"^[0-9a-f]{{{HASH_LENGTH}}}$")
_FORBIDDEN_TAG = re.compile(r"<\s*(script|style|iframe|frame|frameset|object|embed|applet|base|link|meta|form)\b", re.I)
_HANDLER_IN_ATTRIBUTE_LIST = re.compile(r"(?<![\w-])(on[a-z]+)\s*=", re.I)
_STYLE_IN_ATTRIBUTE_LIST = re.compile(r"(?<![\w-])style\s*=", re.I)
_INTRASITE = re.compile(r"^[{|](?P<what>[a-z]+)[|}](?P<value>.*)$")
_UNSAFE_SCHEMES = ("javascript", "vbscript", "data")
_OTHER_SCHEMES = ("mailto", "tel", "sms")
_URL_TEXT = re.compile(r"^\s*<?(?:https?://|www\.)", re.I)


@dataclass(frozen=True)
class Problem:
    """One thing wrong in a content file: where, what and how to fix it. Notes inform; errors stop a build."""

    path: Path
    line: int | None
    message: str
    fix: str
    severity: str = "error"

    @property
    def is_error(self) -> bool:
        return self.severity == "error"

    def where(self, root: Path | None = None) -> str:
        path = self.path
        if root is not None and self.path.resolve().is_relative_to(root.resolve()):
            path = self.path.resolve().relative_to(root.resolve())
        return f"{path.as_posix()}:{self.line}" if self.line else path.as_posix()

    def render(self, root: Path | None = None) -> str:
        """`path:line: what is wrong — how to fix it` (notes say so)."""
        label = "" if self.is_error else "note: "
        return f"{self.where(root)}: {label}{self.message} — {self.fix}"

    def github(self, root: Path | None = None) -> str:
        """A GitHub Actions workflow command that annotates the file and line in a pull request."""
        level = "error" if self.is_error else "notice"
        location = self.where(root).rsplit(":", 1)[0] if self.line else self.where(root)
        properties = f"file={_escape_property(location)}"
        if self.line:
            properties += f",line={self.line}"
        properties += ",title=Content check"
        return f"::{level} {properties}::{_escape_data(f'{self.message} — {self.fix}')}"


def _escape_data(text: str) -> str:
    return text.replace("%", "%25").replace("\r", "%0D").replace("\n", "%0A")


def _escape_property(text: str) -> str:
    return _escape_data(text).replace(":", "%3A").replace(",", "%2C")


def language_name(code: str) -> str:
    """English name of a language code ("sv" → "Swedish"), for messages."""
    from babel import Locale

    return Locale("en").languages.get(code, code)


@dataclass
class Site:
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

    @property
    def languages(self) -> dict[str, str]:
        return self.settings.get("LANGUAGES") or {self.default_lang: self.default_lang}

    @property
    def default_lang(self) -> str:
        return self.settings.get("DEFAULT_LANG", "sv")

    @property
    def tz(self) -> ZoneInfo:
        return ZoneInfo(self.settings.get("TIMEZONE") or "UTC")

    @property
    def categories(self) -> list[dict[str, str]]:
        return self.settings.get("CATEGORIES", [])

    def rel(self, path: Path) -> str:
        """A path as the editor sees it: relative to the current folder (the project) where possible."""
        return _project_path(path)

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


def content_files(content_dir: Path, settings: dict) -> tuple[list[tuple[Path, str]], list[Path]]:
    """Content files as (path, kind) in the article and page folders, and other files found there."""
    ignore = list(settings.get("IGNORE_FILES", ["**/.*"]))
    static_dirs = [content_dir / path for path in settings.get("STATIC_PATHS", [])]
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


def doc_url(doc: Document, site: Site) -> str | None:
    """The site path an item is written to ("2022/09/15/slug/"), or None when it cannot be known yet."""
    lang, slug = doc.lang, doc.value("slug")
    if lang not in site.languages or not slug or PLACEHOLDER_PATTERN.search(slug):
        return None
    date = site.dates.get(doc.path)
    if doc.kind == "article" and date is None:
        return None
    settings = site.lang_settings(lang)
    pattern = settings.get("ARTICLE_URL" if doc.kind == "article" else "PAGE_URL", "{slug}/")
    values = defaultdict(str, {key: found.value for key, found in doc.fields.items()})
    values.update(
        slug=slug, lang=lang, date=date or datetime(1970, 1, 1), category=slug_for(doc.value("category") or "")
    )
    try:
        return normalise_path(site.prefix(lang) + pattern.format_map(values))
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


def _index_addresses(site: Site) -> None:
    """Record which site paths exist: content items, front pages, list pages, categories, static files."""
    for doc in site.docs:
        url = doc_url(doc, site)
        if url is None:
            continue
        target = site.live if doc.status == "published" and not site.is_future(doc) else site.pending
        target.setdefault(url, doc)
    articles = {doc.key for doc in site.docs if doc.kind == "article" and doc.status == "published"}
    pages = max(1, math.ceil(len(articles) / (site.settings.get("DEFAULT_PAGINATION") or 10)))
    for lang in site.languages:
        settings = site.lang_settings(lang)
        prefix = site.prefix(lang)
        site.generated[normalise_path(prefix)] = f"the {language_name(lang)} front page"
        for number in range(2, pages + 1):
            site.generated[normalise_path(f"{prefix}page/{number}/")] = f"page {number} of the news list"
        for category in site.categories:
            if lang in category:
                url = settings.get("CATEGORY_URL", "category/{slug}.html").format(slug=slug_for(category[lang]))
                site.generated[normalise_path(prefix + url)] = f"the category page {category[lang]}"
        for setting in ("FEED_ALL_ATOM", "FEED_ALL_RSS", "FEED_ATOM", "FEED_RSS"):
            if settings.get(setting):
                site.generated[normalise_path(prefix + settings[setting])] = "a feed"
        for name_ in settings.get("DIRECT_TEMPLATES", []):
            save_as = settings.get(f"{name_.upper()}_SAVE_AS", f"{name_}.html")
            if save_as:
                site.generated[normalise_path(prefix + save_as)] = f"the {name_} page"
        for save_as in (settings.get("TEMPLATE_PAGES") or {}).values():
            site.generated[normalise_path(prefix + save_as)] = "a page of the theme"
        for path in site.settings.get("CONTENT_CHECK_KNOWN_PATHS", []):
            site.generated.setdefault(normalise_path(path), "a file other plugins write")
    for folder in site.settings.get("STATIC_PATHS", []):
        root = site.content_dir / folder
        if root.is_dir():
            for path in root.rglob("*"):
                if path.is_file():
                    site.static.add(path.relative_to(site.content_dir).as_posix())
    theme = Path(site.settings.get("THEME", ""))
    for folder in site.settings.get("THEME_STATIC_PATHS", ["static"]):
        root = theme / folder
        if site.settings.get("THEME") and root.is_dir():
            for path in root.rglob("*"):
                if path.is_file():
                    site.static.add(
                        f"{site.settings.get('THEME_STATIC_DIR', 'theme')}/{path.relative_to(root).as_posix()}"
                    )


# Checks of one file ----------------------------------------------------------------------------------


def check_metadata(doc: Document, site: Site) -> Iterator[Problem]:
    """Keys, required fields, language, dates, status, slug, key, category, summary, template, Original."""
    p = doc.path
    known = {key.lower(): key for key in METADATA_KEYS}
    if doc.stray_line:
        line, text = doc.stray_line
        yield Problem(
            p,
            line,
            f"the line {text.strip()[:40]!r} ends the metadata without a blank line, so it becomes body text",
            "put one blank line between the metadata and the text; to continue a value on the next line,"
            " indent it by four spaces",
        )
    for duplicate in doc.duplicates:
        first = doc.fields[duplicate.name.lower()]
        yield Problem(
            p,
            duplicate.line,
            f"{duplicate.name} is written twice (first on line {first.line})",
            f"keep one {known.get(duplicate.name.lower(), duplicate.name)}: line",
        )
    for key, found in doc.fields.items():
        if key not in known:
            match = difflib.get_close_matches(key, known, n=1, cutoff=0.6)
            hint = f"did you mean `{known[match[0]]}:`? " if match else ""
            yield Problem(
                p,
                found.line,
                f"unknown metadata key {found.name!r}",
                f"{hint}Allowed keys: {', '.join(METADATA_KEYS)}",
            )
        elif doc.kind == "page" and known[key] in ARTICLE_ONLY_KEYS:
            yield Problem(p, found.line, f"a page has no {known[key]}", f"remove the {known[key]}: line")
    for key in REQUIRED_KEYS[doc.kind]:
        if key.lower() not in doc.fields:
            yield Problem(p, None, f"{key} is missing", f"add a line `{key}: {_example(key, doc, site)}` at the top")
        elif not doc.value(key):
            yield Problem(
                p,
                doc.line(key),
                f"{key} is empty",
                f"write it after `{key}:`, e.g. `{key}: {_example(key, doc, site)}`",
            )
    yield from _check_lang(doc, site)
    yield from _check_dates(doc, site)
    status = doc.value("status")
    if status and status.lower() not in STATUSES:
        yield Problem(
            p,
            doc.line("status"),
            f"Status {status!r} is not a status this site uses",
            "write `Status: draft` while you work on it, `Status: published` to publish it",
        )
    slug = doc.value("slug")
    if slug and not PLACEHOLDER_PATTERN.search(slug) and not _SLUG.match(slug):
        yield Problem(
            p,
            doc.line("slug"),
            f"Slug {slug!r} is not usable in an address",
            f"use lowercase a–z, digits and hyphens only, e.g. `Slug: {slug_for(slug, site.settings) or 'min-nyhet'}`",
        )
    key = doc.key
    if key and not PLACEHOLDER_PATTERN.search(key) and not _SLUG.match(key):
        yield Problem(
            p,
            doc.line("key"),
            f"Key {key!r} may only contain lowercase a–z, digits and hyphens",
            f"write e.g. `Key: {slug_for(key, site.settings) or 'min-nyhet'}` here and in the translation",
        )
    yield from _check_category(doc, site)
    summary = doc.value("summary")
    if summary and len(summary) > SUMMARY_MAX:
        yield Problem(
            p,
            doc.line("summary"),
            f"Summary is {len(summary)} characters long, more than {SUMMARY_MAX}",
            f"shorten it by at least {len(summary) - SUMMARY_MAX} characters: the lead is one short paragraph",
        )
    template = doc.value("template")
    theme = site.settings.get("THEME")
    if template and theme and not (Path(theme) / "templates" / f"{template}.html").is_file():
        yield Problem(
            p,
            doc.line("template"),
            f"there is no template {template!r} in the theme",
            "remove the Template: line (the usual layout is used) or correct the name",
        )
    yield from _check_original_fields(doc, site)


def _example(key: str, doc: Document, site: Site) -> str:
    lang = doc.lang if doc.lang in site.languages else doc.name_lang or site.default_lang
    examples = {
        "Title": "Rubrik" if lang == "sv" else "Otsikko",
        "Date": site.now.strftime("%Y-%m-%d %H:%M"),
        "Lang": lang,
        "Key": doc.path.name.split(".")[0],
        "Slug": slug_for(doc.value("title") or doc.path.name.split(".")[0], site.settings),
        "Category": next((c[lang] for c in site.categories if lang in c), "Nyheter"),
        "Summary": "Ingressen, ett stycke" if lang == "sv" else "Ingressi, yksi kappale",
        "Status": "draft",
    }
    return examples.get(key, "...")


def _check_lang(doc: Document, site: Site) -> Iterator[Problem]:
    p, lang, codes = doc.path, doc.lang, " or ".join(site.languages)
    if doc.name_lang not in site.languages:
        yield Problem(
            p,
            None,
            f"the file name does not end in {' or '.join(f'.{code}.md' for code in site.languages)}",
            f"rename it to <name>.<language>.md, e.g. {doc.path.name.split('.')[0]}.{lang if lang in site.languages else site.default_lang}.md",
        )
    if lang and lang not in site.languages:
        yield Problem(
            p,
            doc.line("lang"),
            f"Lang {lang!r} is not a language of this site",
            f"write `Lang: {doc.name_lang if doc.name_lang in site.languages else site.default_lang}` ({codes})",
        )
    elif lang and doc.name_lang in site.languages and lang != doc.name_lang:
        yield Problem(
            p,
            doc.line("lang"),
            f"Lang: {lang} does not match the file name, which says {language_name(doc.name_lang)}",
            f"write `Lang: {doc.name_lang}`, or rename the file to {doc.path.name.split('.')[0]}.{lang}.md",
        )


def _check_dates(doc: Document, site: Site) -> Iterator[Problem]:
    parsed: dict[str, datetime] = {}
    for key in ("date", "modified"):
        value = doc.value(key)
        if not value:
            continue
        date, reason = parse_date(value)
        if date is None and reason == "shape":
            yield Problem(
                doc.path,
                doc.line(key),
                f"{key.title()} {value!r} is not written as YYYY-MM-DD HH:MM",
                f"write e.g. `{key.title()}: 2022-09-15 10:00` (Swedish time)",
            )
        elif date is None:
            yield Problem(
                doc.path,
                doc.line(key),
                f"{key.title()} {value!r} does not exist ({reason})",
                "check the year, month and day (and hour 0–23, minute 0–59)",
            )
        else:
            parsed[key] = date.replace(tzinfo=site.tz)
    if "date" in parsed:
        site.dates[doc.path] = parsed["date"]
        if doc.status == "published" and parsed["date"] > site.now:
            yield Problem(
                doc.path,
                doc.line("date"),
                f"dated {doc.value('date')}, later than now: it is left out of the site until then",
                "nothing to do if that is intended; otherwise correct the Date",
                severity="note",
            )
    if "date" in parsed and "modified" in parsed and parsed["modified"] < parsed["date"]:
        yield Problem(
            doc.path,
            doc.line("modified"),
            f"Modified {doc.value('modified')} is before Date {doc.value('date')}",
            "Modified is when the text was last changed: it cannot be before Date",
        )


def _check_category(doc: Document, site: Site) -> Iterator[Problem]:
    category = doc.value("category")
    if doc.kind != "article" or not category or PLACEHOLDER_PATTERN.search(category):
        return
    lang = doc.lang if doc.lang in site.languages else None
    own = [entry[lang] for entry in site.categories if lang in entry] if lang else []
    if lang is None or category in own:
        return
    for entry in site.categories:
        for other, name in entry.items():
            if name.lower() == category.lower() and (other != lang or name != category):
                yield Problem(
                    doc.path,
                    doc.line("category"),
                    f"Category {category!r} is not the {language_name(lang)} name of the category",
                    f"write `Category: {entry[lang]}`",
                )
                return
    match = difflib.get_close_matches(category, own, n=1, cutoff=0.5)
    hint = f"did you mean `Category: {match[0]}`? " if match else ""
    yield Problem(
        doc.path,
        doc.line("category"),
        f"Category {category!r} is not a category of this site",
        f"{hint}{language_name(lang)} categories: {', '.join(own)}",
    )


def _check_original_fields(doc: Document, site: Site) -> Iterator[Problem]:
    original, recorded = doc.value("original"), doc.value("original_hash")
    if original is not None:
        if original not in site.languages:
            yield Problem(
                doc.path,
                doc.line("original"),
                f"Original {original!r} is not a language of this site",
                f"write the language the text was translated from: {' or '.join(site.languages)}",
            )
        elif original == doc.lang:
            yield Problem(
                doc.path,
                doc.line("original"),
                f"Original: {original} is this file's own language",
                "Original names the language of the text this one was translated from; remove it from the original",
            )
    if recorded is not None:
        if original is None:
            yield Problem(
                doc.path,
                doc.line("original_hash"),
                "Original_hash is only for translations, and this file has no Original:",
                "remove the Original_hash: line, or add `Original: <language>` if this is a translation",
            )
        elif recorded and not PLACEHOLDER_PATTERN.search(recorded) and not _HASH.match(recorded):
            yield Problem(
                doc.path,
                doc.line("original_hash"),
                f"Original_hash {recorded!r} is not a recorded version",
                f"do not edit it by hand: run `invoke translated {_project_path(doc.path)}`",
            )


def _project_path(path: Path) -> str:
    try:
        return path.resolve().relative_to(Path.cwd().resolve()).as_posix()
    except ValueError:
        return path.as_posix()


def check_placeholders(doc: Document, site: Site) -> Iterator[Problem]:
    """Placeholders (`TODO`) are for drafts: none may be left once the status is published."""
    if doc.status != "published":
        return
    back_to_draft = "or set `Status: draft` until it is ready"
    for key, found in doc.fields.items():
        if PLACEHOLDER_PATTERN.search(found.value):
            if key == "original_hash":
                fix = f"when the translation is done, run `invoke translated {_project_path(doc.path)}`"
            else:
                fix = f"write the real {found.name} in place of the {PLACEHOLDER} note, {back_to_draft}"
            yield Problem(doc.path, found.line, f"placeholder left in {found.name} of a published item", fix)
    for offset, line in enumerate(doc.body_lines):
        if PLACEHOLDER_PATTERN.search(line):
            yield Problem(
                doc.path,
                doc.body_start + offset,
                f"placeholder left in the text of a published item: {line.strip()[:60]!r}",
                f"write the real text in place of the {PLACEHOLDER} note, {back_to_draft}",
            )


def check_body(doc: Document, site: Site) -> Iterator[Problem]:
    """Text present, headings in order, no active or unsafe HTML, and every link and image sound."""
    p = doc.path
    masked = scan.mask(doc.body)
    if not re.sub(r"<!--.*?-->", "", doc.body, flags=re.DOTALL).strip():
        last = max((found.line for found in doc.fields.values()), default=0)
        yield Problem(
            p,
            last + 1 if last else None,
            "the text is empty",
            "write the text below the metadata, after one blank line",
        )
        return
    yield from _check_headings(doc, masked)
    index = scan.LineIndex(masked, doc.body_start)
    sources = [(masked, index)]
    summary = doc.fields.get("summary")
    if summary:
        sources.append((scan.mask(summary.value), scan.LineIndex(summary.value, summary.line)))
    for text, text_index in sources:
        yield from _check_html(doc, text, text_index)
    found, rest = scan.links(masked, index)
    for link in found:
        yield from _check_link(doc, link, site)
    for line, url in scan.bare_urls(rest, index):
        yield Problem(
            p,
            line,
            f"the address {url} is plain text, not a link",
            f"make it a link that says where it leads: [Läs mer om projektet]({url})",
        )


def _check_headings(doc: Document, masked: str) -> Iterator[Problem]:
    previous = 1  # the title is the page's level-1 heading
    for line, level, text in scan.headings(masked, doc.body_start):
        source = doc.body_lines[line - doc.body_start] if 0 <= line - doc.body_start < len(doc.body_lines) else ""
        hashtag = (
            " (a line starting with # is a heading; to write a # sign, write \\#)"
            if re.match(r"^#[^\s#]", source)
            else ""
        )
        if level == 1:
            yield Problem(
                doc.path,
                line,
                f"level-1 heading {text[:40]!r} in the text: the title is the page's only level-1 heading",
                f"use ## for a section heading{hashtag}",
            )
        elif level > previous + 1:
            yield Problem(
                doc.path,
                line,
                f"heading {text[:40]!r} jumps from level {previous} to level {level}",
                f"use {'#' * (previous + 1)} here (headings go one level down at a time){hashtag}",
            )
        previous = level


def _check_html(doc: Document, masked: str, index: scan.LineIndex) -> Iterator[Problem]:
    fixes = {
        "script": "remove it: scripts are not allowed in content (the site runs under a strict security policy)",
        "style": "remove it: the look of the site comes from the theme",
        "form": "remove it: link to the form on the service that hosts it instead",
    }
    embed_fix = "remove it and link to the video, map or document instead: [Se videon](https://...)"
    for match in _FORBIDDEN_TAG.finditer(masked):
        tag = match.group(1).lower()
        yield Problem(doc.path, index.line(match.start()), f"raw <{tag}> in the text", fixes.get(tag, embed_fix))
    for tag in scan.html_tags(masked, index):
        for name in tag.attributes:
            if name.startswith("on"):
                yield Problem(
                    doc.path,
                    tag.line,
                    f"<{tag.name}> has an event handler {name}=",
                    f'remove the {name}="..." attribute',
                )
            elif name == "style":
                yield Problem(
                    doc.path,
                    tag.line,
                    f"<{tag.name}> has an inline style=",
                    'remove the style="..." attribute: the security policy blocks it and the theme sets the look',
                )
        if tag.name == "img" and not (tag.attributes.get("alt") or "").strip():
            yield Problem(
                doc.path,
                tag.line,
                "image without alt text",
                'describe what the image shows in alt="...", for example alt="Två personer skakar hand"',
            )
        if tag.name in {"h1", "h2", "h3", "h4", "h5", "h6"}:
            continue
    for line, attributes in scan.attribute_lists(masked, index):
        for handler in _HANDLER_IN_ATTRIBUTE_LIST.finditer(attributes):
            yield Problem(
                doc.path,
                line,
                f"event handler {handler.group(1)}= in {attributes}",
                f"remove {handler.group(1)}=... from the braces",
            )
        if _STYLE_IN_ATTRIBUTE_LIST.search(attributes):
            yield Problem(
                doc.path,
                line,
                f"inline style= in {attributes}",
                "remove style=... from the braces: the theme sets the look",
            )


def _check_link(doc: Document, link: scan.Link, site: Site) -> Iterator[Problem]:
    p, url = doc.path, link.url
    cleaned = re.sub(r"[\s\x00-\x1f]", "", url).lower()
    scheme = cleaned.split(":", 1)[0] if ":" in cleaned and not cleaned.startswith(("{", "|")) else ""
    what = "image" if link.image else (f"<{link.tag}>" if link.tag else "link")
    if link.image and link.tag is None and not (link.text or "").strip():
        yield Problem(
            p,
            link.line,
            "image without alt text",
            "describe what the image shows inside the brackets: ![Två personer skakar hand](...)",
        )
    if scheme in _UNSAFE_SCHEMES:
        yield Problem(
            p,
            link.line,
            f"{what} to a {scheme}: address",
            "remove it: only web addresses, mailto: and tel: links are allowed",
        )
        return
    if link.autolink and ("@" in url and not url.startswith(("http", "ftp"))):
        address = url.removeprefix("mailto:")
        yield Problem(p, link.line, f"e-mail address written as <{url}>", f"write it as [{address}](mailto:{address})")
        return
    if not link.image and link.tag is None and link.text is not None and _URL_TEXT.match(link.text):
        yield Problem(
            p,
            link.line,
            f"the link text is a bare address ({link.text.strip()[:50]})",
            "write what the link leads to instead, e.g. [Läs mer om projektet](https://...)",
        )
    if scheme in _OTHER_SCHEMES or url.startswith("#") or not url:
        return
    intrasite = _INTRASITE.match(url)
    if intrasite:
        yield from _check_intrasite(doc, link, intrasite.group("what"), intrasite.group("value"), site)
        return
    parts = urlsplit(url if not url.startswith("www.") else f"https://{url}")
    canonical = urlsplit(site.settings.get("CANONICAL_SITEURL") or "https://batteryregion.eu").hostname or ""
    host = (parts.hostname or "").lower()
    if host and host not in {canonical, f"www.{canonical}"}:
        # <iframe>, <object> and <embed> are refused outright by the raw-HTML check.
        if link.embeds and not (link.tag and _FORBIDDEN_TAG.match(f"<{link.tag}")):
            yield Problem(
                p,
                link.line,
                f"{what} loaded from another website ({host})",
                "put the file in content/images/ and use {static}/images/<file>, or link to it instead of embedding it",
            )
        return
    if parts.scheme and parts.scheme not in ("http", "https"):
        yield Problem(
            p, link.line, f"{what} with an unknown kind of address ({parts.scheme}:)", "use an https:// address"
        )
        return
    if not host and not url.startswith("/"):
        kind = "{filename}" if url.split("#")[0].split("?")[0].endswith(".md") else "{static}"
        yield Problem(
            p,
            link.line,
            f"relative {what} address {url!r} will not work on the site",
            f"write {kind}{'' if url.startswith('.') else '/'}{url} (a path in the content folder) or the full https://{canonical}/... address",
        )
        return
    yield from _check_site_path(doc, link, parts.path or "/", site, url)


def _check_site_path(doc: Document, link: scan.Link, path: str, site: Site, url: str) -> Iterator[Problem]:
    key = normalise_path(path)
    if key in site.live or key in site.generated or key in site.static:
        return
    if key in site.pending:
        target = site.pending[key]
        if doc.status == "published":
            yield _pending_link(doc, link, url, target, site)
        return
    if link.embeds:
        yield Problem(
            doc.path,
            link.line,
            f"{'image' if link.image else f'<{link.tag}>'} {url} is not a file of this site",
            "put the file in content/images/ and write {static}/images/<file>",
        )
        return
    suggestion = difflib.get_close_matches(key, list(site.live), n=1, cutoff=0.7)
    hint = f"did you mean /{suggestion[0]}? " if suggestion else ""
    yield Problem(
        doc.path,
        link.line,
        f"link to {url}, an address no content on this site produces",
        f"{hint}correct the address, or link to the file: {{filename}}../pages/<name>.{doc.lang or site.default_lang}.md",
    )


def _pending_link(doc: Document, link: scan.Link, shown: str, target: Document, site: Site) -> Problem:
    """A published item links to a draft or to an item dated later: the link would lead nowhere."""
    where = site.rel(target.path)
    if target.status == "published":
        return Problem(
            doc.path,
            link.line,
            f"link to {shown}, which is dated {target.value('date')} ({where}): the link leads nowhere until then",
            "give this item a date no earlier than that one, or add the link when that item is out",
        )
    return Problem(
        doc.path,
        link.line,
        f"link to {shown}, which is a draft ({where}) and not on the site",
        "publish that item first, or remove the link",
    )


def _check_intrasite(doc: Document, link: scan.Link, what: str, value: str, site: Site) -> Iterator[Problem]:
    p = doc.path
    target_path = unquote(urlsplit(value).path)
    if what in {"filename", "static", "attach"}:
        base = site.content_dir if target_path.startswith("/") else p.parent
        target = (base / target_path.lstrip("/")).resolve()
        shown = f"{{{what}}}{value}"
        if not target.is_file():
            name = Path(target_path).name
            near = [c for c in site.content_dir.rglob(name)] if name else []
            hint = f"the file is at {{{what}}}/{near[0].relative_to(site.content_dir).as_posix()}; " if near else ""
            yield Problem(
                p,
                link.line,
                f"{shown} points to a file that does not exist",
                f"{hint}check the name and folder ({{{what}}} paths start from this file's folder, or from the content folder with a leading /)",
            )
            return
        root = site.content_dir.resolve()
        if not target.is_relative_to(root):
            yield Problem(p, link.line, f"{shown} points outside the content folder", "link only to files in content/")
            return
        rel = target.relative_to(root).as_posix()
        targets = {d.path.resolve(): d for d in site.docs}
        if what == "filename" and target not in targets:
            yield Problem(
                p,
                link.line,
                f"{shown} points to {rel}, which is not an article or page",
                f"link files such as images with {{static}}/{rel}",
            )
        elif what in {"static", "attach"} and rel not in site.static:
            yield Problem(
                p,
                link.line,
                f"{shown} points to {rel}, which is not a static file",
                "link articles and pages with {filename}, and keep images in content/images/",
            )
        elif what == "filename" and doc.status == "published":
            linked = targets[target]
            if linked.status != "published" or site.is_future(linked):
                yield _pending_link(doc, link, shown, linked, site)
    elif what == "category":
        names = {name for entry in site.categories for name in entry.values()}
        if value not in names:
            yield Problem(
                p, link.line, f"{{category}}{value} is not a category", f"use one of {', '.join(sorted(names))}"
            )
    elif what != "index":
        yield Problem(
            p,
            link.line,
            f"{{{what}}} links are not used on this site",
            "link articles and pages with {filename}, images with {static}",
        )


# Checks across files -----------------------------------------------------------------------------------


def check_site(site: Site) -> Iterator[Problem]:
    """Translation keys, pairs (kind, category, date, which is the original) and unique addresses."""
    by_key: dict[str, dict[str, list[Document]]] = defaultdict(lambda: defaultdict(list))
    for doc in site.docs:
        if doc.key and doc.lang in site.languages:
            by_key[doc.key][doc.lang].append(doc)
    for key, by_lang in by_key.items():
        for lang, docs in by_lang.items():
            for duplicate in docs[1:]:
                yield Problem(
                    duplicate.path,
                    duplicate.line("key"),
                    f"Key {key!r} is also used by {site.rel(docs[0].path)}, another {language_name(lang)} file",
                    "each article or page has its own Key, shared only with its translation: choose another Key",
                )
        pair = {lang: docs[0] for lang, docs in by_lang.items()}
        for doc in pair.values():
            original = doc.value("original")
            if original in site.languages and original != doc.lang and original not in pair:
                yield Problem(
                    doc.path,
                    doc.line("original"),
                    f"Original: {original}, but no {language_name(original)} file has Key {key!r}",
                    "check the Key (it must be the same in both files), or remove Original if this is not a translation",
                )
        if len(pair) > 1:
            yield from _check_pair(pair, site)
    yield from _check_unique_addresses(site)


def _check_pair(pair: dict[str, Document], site: Site) -> Iterator[Problem]:
    originals = [doc for doc in pair.values() if doc.value("original") is None]
    translations = [doc for doc in pair.values() if doc.value("original") is not None]
    if not translations:
        for doc in originals:
            if doc.lang != site.default_lang:
                others = ", ".join(site.rel(o.path) for o in originals if o is not doc)
                yield Problem(
                    doc.path,
                    None,
                    f"this file and {others} share Key {doc.key!r}, but neither says which is the translation",
                    f"add `Original: {site.default_lang}` to the translation (the metadata of the file translated from the original)",
                )
    for doc in translations:
        source = pair.get(doc.value("original") or "")
        if source is not None and source.value("original") is not None:
            yield Problem(
                source.path,
                source.line("original"),
                f"both this file and {site.rel(doc.path)} say they are translations",
                "only the translation has `Original:`; remove it from the original",
            )
    reference = originals[0] if originals else next(iter(pair.values()))
    for doc in pair.values():
        if doc is reference:
            continue
        shown = site.rel(reference.path)
        if doc.kind != reference.kind:
            yield Problem(
                doc.path,
                None,
                f"this is {'an' if doc.kind == 'article' else 'a'} {doc.kind}, but its counterpart {shown} is {'an' if reference.kind == 'article' else 'a'} {reference.kind}",
                "keep both files in the same folder (content/articles or content/pages)",
            )
            continue
        yield from _check_pair_category(doc, reference, site)
        mine, theirs = site.dates.get(doc.path), site.dates.get(reference.path)
        if mine and theirs and abs(mine - theirs) > PAIR_DATE_TOLERANCE:
            yield Problem(
                doc.path,
                doc.line("date"),
                f"Date {doc.value('date')} is more than a day from the date of {shown} ({reference.value('date')})",
                f"date the translation like its original: `Date: {reference.value('date')}`",
            )


def _check_pair_category(doc: Document, reference: Document, site: Site) -> Iterator[Problem]:
    def entry(d: Document) -> dict[str, str] | None:
        return next((e for e in site.categories if e.get(d.lang) == d.value("category")), None)

    mine, theirs = entry(doc), entry(reference)
    if doc.kind == "article" and mine is not None and theirs is not None and mine is not theirs:
        yield Problem(
            doc.path,
            doc.line("category"),
            f"Category {doc.value('category')} does not match {reference.value('category')} of {site.rel(reference.path)}",
            f"write `Category: {theirs[doc.lang]}` (translations share a category)",
        )


def _check_unique_addresses(site: Site) -> Iterator[Problem]:
    by_url: dict[str, list[Document]] = defaultdict(list)
    for doc in site.docs:
        url = doc_url(doc, site)
        if url is not None:
            by_url[url].append(doc)
    for url, docs in by_url.items():
        for doc in docs:
            if url in site.generated:
                yield Problem(
                    doc.path,
                    doc.line("slug"),
                    f"the address /{url} is already {site.generated[url]}",
                    "choose another Slug",
                )
            elif len(docs) > 1:
                others = ", ".join(site.rel(other.path) for other in docs if other is not doc)
                yield Problem(
                    doc.path,
                    doc.line("slug"),
                    f"the address /{url} is also the address of {others}",
                    "choose another Slug (or another Date) so that each item has its own address",
                )


def check_other_files(site: Site) -> Iterator[Problem]:
    for path in site.others:
        if path.suffix.lower() in {".markdown", ".mkd", ".mdown", ".txt", ".rst", ".html", ".htm"}:
            fix = f"rename it to {path.name.split('.')[0]}.{site.default_lang}.md (or .fi.md)"
        else:
            fix = "images and documents go in content/images/; link them with {static}/images/<file>"
        yield Problem(path, None, "this file in a content folder is not read by the site", fix)


# Entry point ------------------------------------------------------------------------------------------


FILE_CHECKS = (check_metadata, check_placeholders, check_body)


def load_site(content_dir: Path, settings: dict, now: datetime) -> tuple[Site, list[Problem]]:
    """Read every content file; return the site and the problems that prevent reading files."""
    tz = ZoneInfo(settings.get("TIMEZONE") or "UTC")
    site = Site(content_dir=Path(content_dir), settings=settings, now=now if now.tzinfo else now.replace(tzinfo=tz))
    problems: list[Problem] = []
    files, site.others = content_files(site.content_dir, settings)
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
        site.docs.append(doc)
    return site, problems


def validate(content_dir: Path, settings: dict, now: datetime) -> list[Problem]:
    """Check every content file and the files together; return all problems, sorted by file and line."""
    site, problems = load_site(content_dir, settings, now)
    per_file: list[Problem] = []
    for doc in site.docs:
        # Metadata first: it records the dates the addresses depend on.
        per_file.extend(check_metadata(doc, site))
    _index_addresses(site)
    for doc in site.docs:
        for check in FILE_CHECKS[1:]:
            per_file.extend(check(doc, site))
    problems.extend(per_file)
    problems.extend(check_site(site))
    problems.extend(check_other_files(site))
    return sorted(set(problems), key=lambda p: (p.path.as_posix(), p.line or 0, p.message))
