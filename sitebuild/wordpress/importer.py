"""The import, in order: read the export, decide what is imported and how items pair, plan every file, check the
planned content as `invoke check` would (an item that fails becomes a draft, one that fails even so is left out),
then write what changed and report.
"""

from __future__ import annotations

import html
import os
import re
import shutil
import tempfile
from dataclasses import dataclass, field
from datetime import datetime, timedelta
from pathlib import Path
from urllib.parse import unquote, urlsplit

from bs4 import BeautifulSoup

from plugins.events.model import EVENT_KEYS

from .. import PELICANCONF, BuildError
from . import addresses as addr
from . import convert
from .languages import Languages
from .media import Description, Media, Upload
from .polylang import read_polylang, uses_polylang
from .report import Report
from .site_rules import accepts_keys, build_now, doc_url, language_name, load_index, normalise_path, slug_for
from .wpml import read_wpml, uses_wpml
from .write import MANIFEST, REDIRECTS, Manifest, digest, state, write_file
from .wxr import Export, ExportError, Item, read_export

IMPORTED_TYPES = {"post": "article", "page": "page"}
# Post types never written anywhere, by what the report calls them.
NEVER_IMPORTED = {
    "revision": "revisions",
    "nav_menu_item": "menu items",
    "wp_navigation": "menu items",
    "wp_global_styles": "global styles",
    "wp_template": "templates",
    "wp_template_part": "templates",
    "custom_css": "custom CSS",
    "customize_changeset": "customizer changes",
    "oembed_cache": "oEmbed caches",
    "user_request": "personal-data requests",
    "wp_font_family": "fonts",
    "wp_font_face": "fonts",
}
FORM_TYPES = (
    "wpcf7_contact_form",
    "flamingo_inbound",
    "flamingo_contact",
    "flamingo_outbound",
    "feedback",
    "wpforms",
    "nf_sub",
    "frm_entry",
    "frm_form",
    "jetpack_feedback",
    "wpforms_entries",
)
SKIPPED_STATUSES = {
    "private": "private items",
    "trash": "trashed items",
    "auto-draft": "automatic drafts",
    "inherit": "revisions",
}
SUMMARY_MAX = 300
PAIR_DATE_TOLERANCE = timedelta(days=1)
MAX_ROUNDS = 12
# Event metadata an editor adds here: WordPress had none, so --replace keeps it.
KEPT_ON_REPLACE = (*EVENT_KEYS, "Template")


class WordPressImportError(Exception):
    """The import cannot go on; the message says why and how to fix it."""


@dataclass
class Options:
    drafts: bool = False
    replace: bool = False
    force: bool = False
    dry_run: bool = False
    wpml_table: Path | None = None
    now: str | None = None


@dataclass
class Entry:
    """One imported item in one language, and the file it becomes."""

    item: Item
    lang: str
    kind: str  # "article" or "page"
    slug: str = ""
    key: str = ""
    date: datetime | None = None
    category: str | None = None
    original: str | None = None
    wp_draft: bool = False
    file: str = ""  # in the content folder: "articles/2022-09-15-x.sv.md"
    site_path: str = ""  # "/fi/2022/09/15/x/"
    old: list[addr.Address] = field(default_factory=list)
    replaces: object | None = None  # the existing Document that --replace overwrites
    group: list[Entry] = field(default_factory=list, repr=False)

    @property
    def label(self) -> str:
        title = " ".join(html.unescape(self.item.title).split()) or "(no title)"
        return f"{self.item.post_type} {self.item.post_id} {title!r} ({self.lang})"


@dataclass
class Target:
    """What an old address leads to now: an item's file, an image, or a page the theme writes."""

    site_path: str
    content: str = ""
    lang: str = ""
    entry: Entry | None = None
    doc: object | None = None
    why: str = ""


@dataclass
class Planned:
    """Everything one round of planning made: files (path → text), images to copy, redirects and aliases."""

    texts: dict[str, str] = field(default_factory=dict)
    entries: dict[str, Entry] = field(default_factory=dict)
    drafts: dict[str, list[str]] = field(default_factory=dict)
    images: dict[str, Upload] = field(default_factory=dict)  # "images/x.jpg" → upload
    redirects: list[addr.Redirect] = field(default_factory=list)
    aliases: int = 0
    report: Report | None = None


def _text(markup: str) -> str:
    return " ".join(BeautifulSoup(markup or "", "html.parser").get_text(" ").split())


def _first_paragraph(body: str) -> str:
    """The first paragraph of plain text in the Markdown, as text (WordPress's automatic excerpt did the same)."""
    for paragraph in re.split(r"\n\s*\n", body):
        if paragraph.strip() and not paragraph.lstrip().startswith(("<!--", "!", "#", "|", "-", ">", "[")):
            text = re.sub(r"!?\[([^\]]*)\]\([^)]*\)", r"\1", paragraph)
            return " ".join(re.sub(r"\\(.)", r"\1", text).split())
    return ""


def _one_line(value: str) -> str:
    return " ".join(html.unescape(value).split())


def _shorten(text: str, limit: int = SUMMARY_MAX) -> str:
    if len(text) <= limit:
        return text
    cut = text[: limit - 1]
    sentence = max(cut.rfind(". "), cut.rfind("! "), cut.rfind("? "))
    if sentence > limit // 2:
        return cut[: sentence + 1]
    return cut.rsplit(" ", 1)[0].rstrip(",;:–- ") + "…"


def _link_or_copy(source: Path, target: Path) -> None:
    try:
        os.link(source, target)
    except OSError:
        shutil.copyfile(source, target)


def detect_languages(export: Export, site_languages: list[str], default: str, wpml_table: Path | None) -> Languages:
    """Polylang when the export has its terms; WPML when its table is given or its traces are there; else none."""
    if wpml_table is not None:
        return read_wpml(export, site_languages, default, wpml_table)
    if uses_polylang(export):
        return read_polylang(export, site_languages)
    if uses_wpml(export) or any("lang=" in item.link for item in export.items_of(*IMPORTED_TYPES)):
        return read_wpml(export, site_languages, default, None)
    languages = Languages("none")
    languages.of_item = {item.post_id: default for item in export.items_of(*IMPORTED_TYPES)}
    return languages


class Importer:
    """One import run: see the module docstring. `run()` returns the report."""

    def __init__(self, export_path: Path, uploads: Path | None, content: Path, options: Options, settings: Path):

        from ..validate import content_settings

        self.options = options
        self.content = Path(content).resolve()
        self.settings_path = settings
        try:
            self.export = read_export(Path(export_path))
        except ExportError as error:
            raise WordPressImportError(str(error)) from None
        if uploads is not None and not Path(uploads).is_dir():
            raise WordPressImportError(
                f"there is no uploads folder {uploads} — give the copy of wp-content/uploads with --uploads"
            )
        try:
            self.config = content_settings(self.content, settings, options.now)
        except BuildError as error:
            raise WordPressImportError(str(error)) from None
        self.now = build_now(self.config)
        self.now_text = self.now.isoformat(timespec="minutes")
        self.site_languages = list(self.config["LANGUAGES"])
        self.default = self.config["DEFAULT_LANG"]
        try:
            # The link texts each language's text gets where the old site embedded something (LANGUAGES).
            self.link_words = {lang: convert.link_words(self.config["LANGUAGES"], lang) for lang in self.site_languages}
        except convert.LinkWordsError as error:
            raise WordPressImportError(str(error)) from None
        # The language an alt text of no recorded language is taken to be in (media not translated): the first.
        self.main = self.site_languages[0]
        # Items found to be drafts while their text was converted (run() plans again knowing them).
        self.found_drafts: set[str] = set()
        try:
            self.languages = detect_languages(self.export, self.site_languages, self.default, options.wpml_table)
        except ExportError as error:
            raise WordPressImportError(str(error)) from None
        try:
            self.manifest = Manifest.load(self.content)
        except OSError as error:
            raise WordPressImportError(str(error)) from None
        self.media = Media(self.export, uploads)
        self.hosts = {
            (urlsplit(url).hostname or "").lower().removeprefix("www.")
            for url in (self.export.site_url, self.export.blog_url, self.config.get("CANONICAL_SITEURL") or "")
            if url
        } - {""}
        self.by_id = self.export.by_id()
        self.site = load_index(self.content, self.config, self.now)
        owned = {(self.content / rel).resolve() for rel in self.manifest.files}
        self.existing = [doc for doc in self.site.docs if doc.path.resolve() not in owned]

    # -- what is imported ------------------------------------------------------------------------------------

    def skip_reason(self, item: Item) -> str | None:
        if item.post_type in NEVER_IMPORTED:
            return NEVER_IMPORTED[item.post_type]
        if item.post_type in FORM_TYPES:
            return "forms and form entries"
        if item.post_type in ("attachment", "wp_block"):
            return None
        if item.post_type not in IMPORTED_TYPES:
            return f"items of type {item.post_type}"
        if item.status in SKIPPED_STATUSES:
            return SKIPPED_STATUSES[item.status]
        if item.status in ("draft", "pending") and not self.options.drafts:
            return "drafts (--drafts imports them)"
        if item.status not in ("publish", "future", "draft", "pending"):
            return f"items with status {item.status}"
        if item.password:
            return "password-protected items"
        if item.post_id in self.languages.foreign:
            return f"items in {self.languages.foreign[item.post_id]}, not a language of this site"
        return None

    def old_addresses(self, item: Item, lang: str) -> list[addr.Address]:
        """Every address the old site answered for the item: its permalink with and without `?lang=`, ?p=, ?page_id=."""
        paths = []
        # A trashed item's slug has "__trashed" added; its address had not.
        name = item.post_name.removesuffix("__trashed")
        if item.post_type == "post" and item.post_date and name:
            # The permalink's date is the site's local date of publication (wp:post_date), never the GMT one.
            paths.append(f"/{item.post_date:%Y/%m/%d}/{name}/")
        elif item.post_type == "page" and name:
            names, parent, seen = [name], self.by_id.get(item.parent), {item.post_id}
            while parent is not None and parent.post_type == "page" and parent.post_id not in seen:
                seen.add(parent.post_id)
                names.insert(0, parent.post_name)
                parent = self.by_id.get(parent.parent)
            paths.append("/" + "/".join(names) + "/")
        link = addr.parse(item.link, self.hosts) if item.link else None
        if link is not None and not link.without("lang").params and link.path != "/":
            paths.append(link.path)
        found: list[addr.Address] = []
        for path in dict.fromkeys(addr.address(p).path for p in paths):
            variants = [addr.address(path), addr.address(path, lang=lang)]
            found += variants if lang == self.default else variants[::-1]
        found.append(addr.address("/", p=str(item.post_id)))
        if item.post_type == "page":
            found.append(addr.address("/", page_id=str(item.post_id)))
        return list(dict.fromkeys(found))

    def slug(self, item: Item) -> str:

        slug = slug_for(unquote(item.post_name), self.config) if item.post_name else ""
        return slug or slug_for(_one_line(item.title), self.config) or f"wordpress-{item.post_id}"

    def category(self, entries: list[Entry], report: Report) -> dict[str, str] | None:
        """The site category of a group, from the original's WordPress categories (then the others')."""

        unknown = []
        for entry in entries:
            for slug, name in entry.item.terms_in("category"):
                for choice in self.config.get("CATEGORIES", []):
                    if any(name.lower() == n.lower() or slug == slug_for(n) for n in choice.values()):
                        return choice
                unknown.append((entry, name))
        for entry, name in unknown:
            report.add("unknown_categories", f"{entry.label}: {name!r}")
        return None

    # -- one round of planning --------------------------------------------------------------------------------

    def plan(self, forced: dict[str, list[str]], excluded: dict[str, str]) -> Planned:

        report = Report(export=self.export.path.name, plugin=self.languages.plugin, dry_run=self.options.dry_run)
        planned = Planned(report=report)
        self.planned = planned
        comments = sum(item.comments for item in self.export.items)
        if comments:
            report.skip("comments", count=comments)
        if self.export.authors:
            report.skip("users (and their e-mail addresses)", count=self.export.authors)
        entries: dict[int, Entry] = {}
        for item in self.export.items:
            reason = self.skip_reason(item)
            if reason is not None:
                shown = " ".join(html.unescape(item.title).split())
                listed = reason not in NEVER_IMPORTED.values() and reason != "forms and form entries"
                report.skip(reason, f"{item.post_type} {item.post_id} {shown!r}" if listed else None)
                if item.post_type in IMPORTED_TYPES and item.status in ("publish", "trash"):
                    lang = self.languages.of_item.get(item.post_id, self.default)
                    for old in self.old_addresses(item, lang)[:1]:
                        report.add("no_redirect", f"{old.shown()} ({reason})")
                continue
            if item.post_type not in IMPORTED_TYPES:
                continue
            lang = self.languages.of_item.get(item.post_id, self.default)
            entries[item.post_id] = Entry(
                item=item, lang=lang, kind=IMPORTED_TYPES[item.post_type], wp_draft=item.status in ("draft", "pending")
            )
        for unsure in self.languages.unsure:
            report.add("unsure_pairs", unsure)
        # Groups: the plugin's translation groups, limited to what is imported; everything else stays alone.
        groups: list[list[Entry]] = []
        grouped: set[int] = set()
        for group in self.languages.groups:
            members = [entries[pid] for lang, pid in sorted(group.items()) if pid in entries]
            kinds = {m.kind for m in members}
            if len(members) > 1 and len(kinds) == 1 and len({m.lang for m in members}) == len(members):
                groups.append(members)
                grouped.update(m.item.post_id for m in members)
            elif len(members) > 1:
                report.add(
                    "notes",
                    "not paired (an article and a page, or two items in one language): "
                    + ", ".join(m.label for m in members),
                )
        groups += [[entry] for pid, entry in sorted(entries.items()) if pid not in grouped]
        groups.sort(key=lambda g: min(e.item.post_id for e in g))
        # Existing content: what a group's old addresses or Key would find.
        existing_by_address: dict[addr.Address, object] = {}
        existing_by_key: dict[str, dict[str, object]] = {}
        taken_paths: set[str] = set(self.site.generated)
        for doc in self.existing:
            url = doc_url(doc, self.site)
            if url is not None:
                existing_by_address[addr.address("/" + url).key()] = doc
                taken_paths.add(url)
            for alias in filter(None, (a.strip() for a in (doc.value("aliases") or "").split(","))):
                parsed = addr.parse(alias, self.hosts)
                if parsed is not None:
                    existing_by_address[parsed.key()] = doc
            if doc.key:
                existing_by_key.setdefault(doc.key, {})[doc.lang] = doc
        owned_by_id: dict[tuple[int, str], str] = {
            (int(info["wordpress_id"]), info.get("lang", "")): rel
            for rel, info in self.manifest.files.items()
            if str(info.get("wordpress_id", "")).isdigit()
        }
        targets: dict[addr.Address, Target] = {}
        keys_used: dict[str, set[str]] = {}
        planned_entries: list[Entry] = []
        for members in groups:
            group = members
            original = self._original(group)
            for entry in group:
                entry.group = group
                entry.slug = self.slug(entry.item)
                entry.old = self.old_addresses(entry.item, entry.lang)
                entry.original = original.lang if entry is not original and len(group) > 1 else None
            lead = next((e for e in group if e.lang == self.default), original)
            key = lead.slug
            # Already in content/? The same old address, the same new address (an item left unpaired: WPML without
            # its table), or the same Key.
            matched = None
            for entry in group:
                for old in [*entry.old, addr.address(self._address_of(entry))]:
                    doc = existing_by_address.get(old.key())
                    if doc is not None and doc.key:
                        matched = existing_by_key.get(doc.key, {doc.lang: doc})
                        break
                if matched:
                    break
            if matched is None and key in existing_by_key:
                matched = existing_by_key[key]
            if matched and not self.options.replace:
                for entry in group:
                    doc = matched.get(entry.lang) or next(iter(matched.values()))
                    report.skip(
                        "already in content/ (--replace takes the WordPress version)",
                        f"{entry.label} → {self.shown_path(doc.path)}",
                    )
                    self._target_existing(entry, doc, targets, planned, report)
                continue
            if matched:
                key = next(iter(matched.values())).key
                for entry in group:
                    entry.replaces = matched.get(entry.lang)
            base, number = key, 2
            while not matched and (key in keys_used or key in existing_by_key):
                key, number = f"{base}-{number}", number + 1
            keys_used.setdefault(key, set())
            choice = self.category(group, report) if group[0].kind == "article" else None
            if group[0].kind == "article" and choice is None:
                choice = (self.config.get("CATEGORIES") or [{}])[0]
            for entry in group:
                entry.key = key
                entry.category = choice.get(entry.lang) if choice else None
                entry.date = entry.item.post_date or self.now.replace(tzinfo=None, second=0, microsecond=0)
                apart = (
                    entry is not original
                    and original.item.post_date
                    and entry.item.post_date
                    and abs(entry.item.post_date - original.item.post_date) > PAIR_DATE_TOLERANCE
                )
                if apart:
                    report.add(
                        "notes",
                        f"{entry.label}: dated {entry.item.post_date:%Y-%m-%d %H:%M} in WordPress, written with"
                        f" the date of its original ({original.item.post_date:%Y-%m-%d %H:%M}): translations"
                        " are dated like their original; its old address still redirects",
                    )
                    entry.date = original.item.post_date
                entry.file = self._file_name(entry, owned_by_id)
            # A member the check refused in an earlier round is left out; the rest pair without it.
            for entry in group:
                if entry.file in excluded:
                    report.add("not_imported", f"{entry.label}: {excluded[entry.file]}")
            group = [entry for entry in group if entry.file not in excluded]
            if original not in group and group:
                original = self._original(group)
            for entry in group:
                entry.group = group
                entry.original = original.lang if entry is not original else None
                entry.site_path = self._site_path(entry, taken_paths)
                taken_paths.add(entry.site_path.lstrip("/"))
                planned_entries.append(entry)
                planned.entries[entry.file] = entry
                for old in entry.old:
                    targets.setdefault(old.key(), Target(entry.site_path, entry.file, entry.lang, entry=entry))
                targets.setdefault(
                    addr.address(entry.site_path).key(), Target(entry.site_path, entry.file, entry.lang, entry=entry)
                )
        for doc in self.existing:
            url = doc_url(doc, self.site)
            if url is not None:
                target = Target("/" + url, self.content_rel(doc.path), doc.lang or "", doc=doc)
                targets.setdefault(addr.address("/" + url).key(), target)
        self._site_addresses(targets, report, planned)
        # Statuses: WordPress drafts, and items the content check made drafts in an earlier round.
        drafts: dict[str, list[str]] = {}
        for entry in planned_entries:
            if entry.wp_draft:
                drafts.setdefault(entry.file, []).append("a draft in WordPress")
            if entry.file in forced:
                drafts.setdefault(entry.file, []).extend(forced[entry.file])
        self.drafts = drafts
        self.targets = targets
        for entry in planned_entries:
            self._write_entry(entry, planned, report)
        for entry in planned_entries:
            report.count_import(entry.item.post_type, entry.lang)
            if len(entry.group) == 1:
                report.add("unpaired", f"{self.shown(entry.file)} ({entry.label})")
        for group in groups:
            files = [e.file for e in group if e.file in planned.entries]
            if len(files) > 1:
                report.add("pairs", f"Key {group[0].key}: " + " + ".join(self.shown(f) for f in files))
        self._media_addresses(planned, report)
        for rel, reasons in sorted(planned.drafts.items()):
            if reasons:
                report.add("drafts", f"{self.shown(rel)}: " + "; ".join(dict.fromkeys(reasons)))
        return planned

    def shown(self, rel: str) -> str:
        return self.shown_path(self.content / rel)

    def content_rel(self, path: Path) -> str:
        return path.resolve().relative_to(self.content).as_posix()

    def shown_path(self, path: Path) -> str:
        from .. import shown

        return shown(path)

    def _original(self, group: list[Entry]) -> Entry:
        """The original of a group: the one WPML names, else the item created first (the lowest post ID)."""
        for entry in group:
            source = self.languages.source.get(entry.item.post_id)
            if source:
                found = next((e for e in group if e.lang == source), None)
                if found is not None:
                    return found
        return min(group, key=lambda e: e.item.post_id)

    def _file_name(self, entry: Entry, owned_by_id: dict[tuple[int, str], str]) -> str:
        if entry.replaces is not None:
            return entry.replaces.path.resolve().relative_to(self.content).as_posix()
        earlier = owned_by_id.get((entry.item.post_id, entry.lang))
        if earlier:
            return earlier
        folder = self.config.get("ARTICLE_PATHS" if entry.kind == "article" else "PAGE_PATHS", ["articles"])[0]
        stem = f"{entry.date:%Y-%m-%d}-{entry.key}" if entry.kind == "article" else entry.key
        rel = f"{folder}/{stem}.{entry.lang}.md"
        if (self.content / rel).exists() and rel not in self.manifest.files:
            rel = f"{folder}/{stem}-wp{entry.item.post_id}.{entry.lang}.md"
        return rel

    def _address_of(self, entry: Entry) -> str:
        """The item's address on this site as its own slug and WordPress date give it ("/fi/2022/06/30/x/")."""
        settings = {**self.config, **self.config.get("I18N_SUBSITES", {}).get(entry.lang, {})}
        pattern = settings.get("ARTICLE_URL" if entry.kind == "article" else "PAGE_URL", "{slug}/")
        prefix = "" if entry.lang == self.default else f"{entry.lang}/"
        date = entry.item.post_date or self.now.replace(tzinfo=None)
        return "/" + normalise_path(prefix + pattern.format(slug=entry.slug, date=date, lang=entry.lang))

    def _site_path(self, entry: Entry, taken: set[str]) -> str:

        settings = {**self.config, **self.config.get("I18N_SUBSITES", {}).get(entry.lang, {})}
        pattern = settings.get("ARTICLE_URL" if entry.kind == "article" else "PAGE_URL", "{slug}/")
        prefix = "" if entry.lang == self.default else f"{entry.lang}/"
        base, number = entry.slug, 2
        while True:
            path = normalise_path(prefix + pattern.format(slug=entry.slug, date=entry.date, lang=entry.lang))
            if path not in taken or entry.replaces is not None:
                return "/" + path
            entry.slug, number = f"{base}-{number}", number + 1

    def _target_existing(self, entry: Entry, doc, targets, planned: Planned, report: Report) -> None:
        """Old addresses of an item already in content/ lead to that file; those its Aliases lack go to the data file."""

        url = doc_url(doc, self.site)
        if url is None:
            return
        covered = {addr.address("/" + url).key()}
        for alias in filter(None, (a.strip() for a in (doc.value("aliases") or "").split(","))):
            parsed = addr.parse(alias, self.hosts)
            if parsed is not None:
                covered.add(parsed.key())
        content_rel = doc.path.resolve().relative_to(self.content).as_posix()
        for old in entry.old:
            targets.setdefault(old.key(), Target("/" + url, content_rel, doc.lang or "", doc=doc))
            if old.key() not in covered:
                # Named within the content folder: the data file is the same wherever the import ran.
                why = f"old address of {content_rel}, already in the content"
                planned.redirects.append(addr.Redirect(old, "/" + url, content_rel, why))

    def _site_addresses(self, targets: dict, report: Report, planned: Planned) -> None:
        """Category archives, feeds and front pages of each language."""

        feed = self.config.get("ATOM_FEED") or "feeds/atom.xml"
        for lang in self.site_languages:
            prefix = "/" if lang == self.default else f"/{lang}/"
            front = addr.address("/", lang=lang) if lang != self.default else addr.address("/")
            targets.setdefault(front.key(), Target(prefix))
            variants = [addr.address("/feed/", lang=lang)] + ([addr.address("/feed/")] if lang == self.default else [])
            for old in variants:
                targets.setdefault(old.key(), Target(prefix + feed))
                planned.redirects.append(addr.Redirect(old, prefix + feed, "", f"the {lang} feed"))
        pages = self.config["LANGUAGES"]
        for term in self.export.terms_of("category"):
            found = None
            for choice in self.config.get("CATEGORIES", []):
                for lang, name in choice.items():
                    if term.name.lower() == name.lower() or term.slug == slug_for(name):
                        found = (lang, name)
            if found is None:
                report.add(
                    "no_redirect", f"/category/{term.slug}/ (category {term.name!r} is not a category of this site)"
                )
                continue
            lang, name = found
            prefix = "/" if lang == self.default else f"/{lang}/"
            path = prefix + pages[lang]["pages"]["category"].format(slug=slug_for(name))
            for old in (addr.address(f"/category/{term.slug}/", lang=lang), addr.address(f"/category/{term.slug}/")):
                if old.key() not in targets:
                    targets[old.key()] = Target(path)
                    planned.redirects.append(addr.Redirect(old, path, "", f"category {name}"))

    # -- links and images inside an item -----------------------------------------------------------------------

    def _is_draft(self, rel: str) -> bool:
        return bool(self.drafts.get(rel)) or rel in self.found_drafts

    def _pending(self, source: Entry, target: Target) -> bool:
        """Whether a link from `source` to `target` would lead nowhere once built (a draft, or dated later)."""
        if self._is_draft(source.file):
            return False
        if target.entry is not None:
            other = target.entry
            return self._is_draft(other.file) or (
                other.kind == "article"
                and other.date is not None
                and other.date.replace(tzinfo=self.now.tzinfo) > self.now
            )
        if target.doc is not None:
            return target.doc.status != "published" or self.site.is_future(target.doc)
        return False

    def _link(self, source: Entry, url: str) -> convert.LinkRef:
        parsed = addr.parse(url, self.hosts)
        if parsed is None:
            return convert.LinkRef("keep")
        fragment = urlsplit(url).fragment
        candidates = [parsed, parsed.without("lang")]
        params = dict(parsed.params)
        for key in ("p", "page_id", "attachment_id"):
            if key in params:
                candidates.append(addr.address("/", p=params[key]))
                candidates.append(addr.address("/", page_id=params[key]))
        for candidate in candidates:
            target = self.targets.get(candidate.key())
            if target is None:
                continue
            if self._pending(source, target):
                return convert.LinkRef("pending")
            if target.content and target.content.endswith(".md") and target.lang == source.lang:
                link = f"{{filename}}/{target.content}"
            else:
                link = target.site_path
            return convert.LinkRef("moved", link + (f"#{fragment}" if fragment else ""))
        upload = self.media.find(url)
        if upload[0] != "other" or "attachment_id" in params:
            return convert.LinkRef("broken")
        if parsed.path == "/" and not parsed.params:
            return convert.LinkRef("moved", "/")
        return convert.LinkRef("broken")

    def _use(self, upload: Upload, planned: Planned, report: Report, who: str) -> str:
        """The file the upload is published as ("images/x.jpg"), recorded for copying."""

        for rel, info in self.manifest.files.items():
            if info.get("upload") == upload.original:
                planned.images[rel] = upload
                return rel
        for rel, known in planned.images.items():
            if known is upload:
                return rel
        folder = (self.config.get("MEDIA_PATHS") or self.config.get("STATIC_PATHS") or ["images"])[0]
        name = Path(upload.original).name
        stem, dot, ext = name.rpartition(".")
        stem = slug_for(unquote(stem or name), self.config) or "file"
        ext = ext.lower() if dot else ""
        candidates = [f"{stem}.{ext}" if ext else stem]
        candidates.append(
            f"{stem}-{Path(upload.original).parent.as_posix().replace('/', '-')}.{ext}".replace("-.", ".")
        )
        candidates += [f"{stem}-{n}.{ext}" for n in range(2, 100)]
        source = self.media.uploads / upload.source
        for candidate in candidates:
            rel = f"{folder}/{candidate}"
            on_disk = self.content / rel
            if rel in planned.images:
                continue
            if on_disk.exists() and rel not in self.manifest.files and on_disk.read_bytes() != source.read_bytes():
                continue  # another file of that name, not the importer's
            planned.images[rel] = upload
            if upload.source != upload.original:
                report.add(
                    "missing_media",
                    f"{who}: the original {upload.original} is not in the uploads folder; {upload.source},"
                    " the largest copy WordPress kept, is published instead",
                )
            return rel
        raise WordPressImportError(f"no free name in content/{folder}/ for the upload {upload.original}")

    def _image(self, entry: Entry, url: str, attachment: int | None, planned: Planned, report: Report):
        upload = self.media.by_id.get(attachment) if attachment else None
        if upload is None or upload.source is None:
            kind, upload, path = self.media.find(url) if url else ("other", None, "")
            if kind == "missing":
                return convert.ImageRef("missing", source=path)
            if kind == "other":
                if attachment and attachment in self.media.by_id:
                    return convert.ImageRef("missing", source=self.media.by_id[attachment].original)
                return convert.ImageRef("unknown", source=url)
        rel = self._use(upload, planned, report, entry.label)
        described = self._description(entry, upload, attachment)
        return convert.ImageRef(
            "ok",
            f"{{static}}/{rel}",
            described.alt,
            upload.original,
            self._alt_refused(entry, described),
            described.refused,
        )

    def _description(self, entry: Entry, upload: Upload, attachment: int | None) -> Description:
        return upload.description(attachment, entry.lang, self.main, self.languages.of_media)

    def _alt_refused(self, entry: Entry, described: Description) -> str:
        """Why an image of the item has no alt text although its attachment has one, and what the editor does."""
        if described.alt or described.other_language is None:
            return ""
        wanted = language_name(entry.lang)
        if described.other_language:
            return f"the photo's description is in {language_name(described.other_language)}; write it in {wanted}"
        return f"the photo's description is in one language only; write it in {wanted}"

    def _gallery(self, entry: Entry, attrs: dict[str, str]) -> list[int]:
        ids = [int(n) for n in re.findall(r"\d+", attrs.get("ids") or attrs.get("include") or "")]
        if not ids:
            ids = self.media.children(entry.item.post_id)
        excluded = {int(n) for n in re.findall(r"\d+", attrs.get("exclude", ""))}
        return [n for n in ids if n not in excluded]

    def _reusable(self, ref: int) -> str | None:
        item = self.by_id.get(ref)
        return item.content if item is not None and item.post_type == "wp_block" else None

    # -- one file ---------------------------------------------------------------------------------------------

    def _write_entry(self, entry: Entry, planned: Planned, report: Report) -> None:
        reasons = list(self.drafts.get(entry.file, []))
        context = convert.Context(
            lang=entry.lang,
            words=self.link_words[entry.lang],
            link=lambda url: self._link(entry, url),
            image=lambda url, attachment: self._image(entry, url, attachment, planned, report),
            gallery=lambda attrs: self._gallery(entry, attrs),
            reusable=self._reusable,
        )
        body = convert.to_markdown(entry.item.content, context)
        sections = {
            "unknown_shortcode": ("unknown_shortcodes", "an unknown shortcode"),
            "unknown_block": ("unknown_blocks", "an unknown block"),
            "unknown_block_kept": ("unknown_blocks_kept", None),
            "removed_element": ("removed_elements", "removed markup"),
            "missing_media": ("missing_media", "missing media"),
            "missing_alt": ("missing_alt", "images without alt text"),
            "alt_language": ("missing_alt", "images described in another language"),
            "broken_link": ("broken_links", None),
            "pending_link": ("pending_links", None),
            "external_image": ("external_images", None),
        }
        for finding in context.findings:
            section, reason = sections[finding.kind]
            report.add(section, f"{self.shown(entry.file)}: {finding.detail}")
            if finding.reason or reason:
                reasons.append(finding.reason or reason)
        if not body.strip():
            body = "TODO: the WordPress item has no text: write it here.\n"
            reasons.append("no text")
        # Inline markup WordPress allows in titles goes; other angle brackets are text.
        title = _one_line(re.sub(r"</?(?:em|strong|b|i|span|br|sup|sub|a|code|mark)\b[^>]*>", "", entry.item.title))
        if not title:
            title = "TODO: title"
            reasons.append("no title")
        summary = _text(entry.item.excerpt)
        if not summary and entry.kind == "article":
            summary = _first_paragraph(body)
            if summary:
                report.add(
                    "notes", f"{self.shown(entry.file)}: no excerpt in WordPress; Summary made from the first paragraph"
                )
        if entry.kind == "article" and not summary:
            summary = "TODO: the lead, one paragraph"
            reasons.append("no excerpt")
        if len(summary) > SUMMARY_MAX:
            report.add("notes", f"{self.shown(entry.file)}: Summary shortened to {SUMMARY_MAX} characters (check it)")
            summary = _shorten(summary)
        if reasons:
            planned.drafts[entry.file] = reasons
        fields: list[tuple[str, str]] = [("Title", title)]
        if entry.kind == "article" or (entry.date and entry.date.replace(tzinfo=self.now.tzinfo) > self.now):
            fields.append(("Date", f"{entry.date:%Y-%m-%d %H:%M}"))
        modified = entry.item.post_modified
        if entry.kind == "article" and modified and entry.date and modified - entry.date >= timedelta(minutes=1):
            fields.append(("Modified", f"{modified:%Y-%m-%d %H:%M}"))
        fields += [("Lang", entry.lang), ("Key", entry.key), ("Slug", entry.slug)]
        if entry.kind == "article" and entry.category:
            fields.append(("Category", entry.category))
        if summary:
            fields.append(("Summary", summary))
        fields.append(("Status", "draft" if reasons else "published"))
        if entry.original:
            fields.append(("Original", entry.original))
        aliases = self._aliases(entry)
        if aliases:
            fields.append(("Aliases", ", ".join(aliases)))
            planned.aliases += len(aliases)
        self._other_addresses(entry, aliases, planned)
        lead = self.media.by_id.get(entry.item.thumbnail_id) if entry.item.thumbnail_id else None
        if entry.item.thumbnail_id and (lead is None or lead.source is None):
            report.add(
                "missing_media", f"{self.shown(entry.file)}: featured image {entry.item.thumbnail_id} is missing"
            )
        elif lead is not None:
            rel = self._use(lead, planned, report, entry.label)
            if accepts_keys("Image", "Image_alt"):
                described = self._description(entry, lead, entry.item.thumbnail_id)
                alt, refused = described.alt, self._alt_refused(entry, described)
                if not alt:
                    detail = f"featured image {lead.original}" + (f": {refused}" if refused else "")
                    report.add("missing_alt", f"{self.shown(entry.file)}: {detail}")
                    # Another language's description is left out: the placeholder keeps the item a draft until an
                    # editor has written one in the item's language (the check refuses it in a published item).
                    alt = convert.TODO_ALT
                    reasons.append(f"{rel} (featured image): {refused}" if refused else "images without alt text")
                    planned.drafts[entry.file] = reasons
                    fields = [(k, "draft") if k == "Status" else (k, v) for k, v in fields]
                fields += [("Image", rel), ("Image_alt", alt)]
            else:
                report.add(
                    "lead_images",
                    f"{self.shown(entry.file)}: {rel} copied; not written as Image: (the content check does not"
                    " accept Image:/Image_alt: yet): a later import writes it",
                )
        if entry.replaces is not None:
            for key in KEPT_ON_REPLACE:
                value = entry.replaces.value(key)
                if value:
                    fields.append((key, value))
        text = "\n".join(f"{key}: {_one_line(value)}" for key, value in fields) + "\n\n" + body
        planned.texts[entry.file] = text

    def _aliases(self, entry: Entry) -> list[str]:
        """Old permalinks (with and without `?lang=`) that the production build can redirect: `Aliases:`."""

        result = []
        own = addr.address(entry.site_path).key()
        for old in entry.old:
            if any(k != "lang" for k, _ in old.params):
                continue
            target = self.targets.get(old.key())
            if target is None or target.entry is not entry:
                continue  # another item claimed it first (its language's permalink)
            if not old.lang and (old.key() == own or self._is_page(normalise_path(old.path))):
                continue  # the address is (or hides) a page of the new site
            alias = old.alias()
            if alias is not None and alias not in result:
                result.append(alias)
        return result

    def _is_page(self, path: str) -> bool:
        return (
            path in self.site.generated
            or any(addr.address(e.site_path).path.lstrip("/") == path for e in self.planned.entries.values())
            or path in self.site.live
            or path in self.site.pending
        )

    def _other_addresses(self, entry: Entry, aliases: list[str], planned: Planned) -> None:
        for old in entry.old:
            if old.alias() in aliases:
                continue
            target = self.targets.get(old.key())
            if target is None or target.entry is not entry:
                continue
            if old.key() == addr.address(entry.site_path).key():
                continue
            if not any(k != "lang" for k, _ in old.params):
                continue  # a permalink left out of Aliases: it is a page of the new site
            why = "post ID" if "p" in dict(old.params) else "page ID"
            planned.redirects.append(addr.Redirect(old, entry.site_path, entry.file, why))

    def _media_addresses(self, planned: Planned, report: Report) -> None:
        """Upload addresses (originals and renditions), attachment IDs and attachment pages → the published file."""
        used = {id(upload) for upload in planned.images.values()}
        for rel, upload in sorted(planned.images.items()):
            site = "/" + rel
            for path in sorted(upload.paths):
                old = addr.address(self.media.prefix + path)
                planned.redirects.append(addr.Redirect(old, site, rel, "upload"))
            for attachment in upload.attachments:
                for old in (
                    addr.address("/", attachment_id=str(attachment.post_id)),
                    addr.address("/", p=str(attachment.post_id)),
                ):
                    planned.redirects.append(addr.Redirect(old, site, rel, "attachment"))
                item = self.by_id.get(attachment.post_id)
                page = addr.parse(item.link, self.hosts) if item is not None and item.link else None
                # A translated attachment's page has its language's ?lang= (WPML: /photo-2/?lang=fi); WordPress
                # answered it without, as it did an item's permalink.
                if page is not None and not page.without("lang").params and not page.path.startswith(self.media.prefix):
                    for old in dict.fromkeys((page, page.without("lang"))):
                        planned.redirects.append(addr.Redirect(old, site, rel, "attachment page"))
        seen = set()
        for upload in self.media.by_path.values():
            if id(upload) in seen or id(upload) in used:
                continue
            seen.add(id(upload))
            if upload.source is None:
                continue
            others = len(upload.renditions & self.media.on_disk)
            extra = f" (and {others} rendition{'s' if others != 1 else ''})" if others else ""
            report.add("unused_uploads", f"{upload.original}{extra}")

    # -- checking and writing -----------------------------------------------------------------------------------

    def _stage(self, planned: Planned) -> Path:
        """A copy of the content folder with the planned files in it (images hard-linked where the disk allows)."""
        staging = Path(tempfile.mkdtemp(prefix="wordpress-import-"))
        root = staging / "content"
        for path in sorted(self.content.rglob("*")):
            rel = path.relative_to(self.content)
            if path.is_dir():
                (root / rel).mkdir(parents=True, exist_ok=True)
            elif path.suffix == ".md":
                (root / rel).parent.mkdir(parents=True, exist_ok=True)
                shutil.copyfile(path, root / rel)
            else:
                (root / rel).parent.mkdir(parents=True, exist_ok=True)
                _link_or_copy(path, root / rel)
        root.mkdir(exist_ok=True)
        for rel, text in planned.texts.items():
            (root / rel).parent.mkdir(parents=True, exist_ok=True)
            (root / rel).unlink(missing_ok=True)
            (root / rel).write_text(text, encoding="utf-8")
        for rel, upload in planned.images.items():
            (root / rel).parent.mkdir(parents=True, exist_ok=True)
            (root / rel).unlink(missing_ok=True)
            _link_or_copy(self.media.uploads / upload.source, root / rel)
        return root

    def _check(self, root: Path) -> list:
        from plugins.content_check import ContentError

        from ..validate import check_content

        try:
            return [p for p in check_content(root, self.settings_path, self.now_text) if p.is_error]
        except ContentError as error:
            raise WordPressImportError(str(error)) from None

    def run(self) -> Report:
        baseline = {
            (p.path.resolve().relative_to(self.content).as_posix(), p.message) for p in self._check(self.content)
        }
        forced: dict[str, list[str]] = {}
        excluded: dict[str, str] = {}
        self.found_drafts = set()
        for _round in range(MAX_ROUNDS):
            planned = self.plan(forced, excluded)
            # An item found to be a draft only while its text was converted (a TODO note: an image to describe, an
            # unknown shortcode): plan again knowing it, so that links to it are left out as links to any draft are,
            # rather than the check making the items that link to it drafts too.
            found = {rel for rel, reasons in planned.drafts.items() if reasons and not self._is_draft(rel)}
            if found:
                self.found_drafts |= found
                continue
            root = self._stage(planned)
            try:
                errors = self._check(root)
            finally:
                shutil.rmtree(root.parent, ignore_errors=True)
            ours: dict[str, list[str]] = {}
            others = []
            for problem in errors:
                rel = problem.path.resolve().relative_to(root.resolve()).as_posix()
                if rel in planned.texts:
                    ours.setdefault(rel, []).append(
                        f"line {problem.line}: {problem.message}" if problem.line else problem.message
                    )
                elif (rel, problem.message) not in baseline:
                    others.append(problem.render(root))
            if not ours and not others:
                break
            if not ours:
                raise WordPressImportError(
                    "the import would break files it did not write (nothing was written):\n" + "\n".join(others)
                )
            for rel, messages in ours.items():
                if rel in planned.drafts or rel in forced:
                    excluded[rel] = "; ".join(messages)
                else:
                    forced[rel] = [f"the content check: {message}" for message in messages]
        else:
            raise WordPressImportError(
                "the import did not settle on content that passes the check; nothing was written"
            )
        report = planned.report
        report.aliases = planned.aliases
        self._write(planned, report)
        return report

    def _write(self, planned: Planned, report: Report) -> None:
        claimed: dict[addr.Address, addr.Redirect] = {}
        for redirect in planned.redirects:
            earlier = claimed.setdefault(redirect.source.key(), redirect)
            if earlier.to != redirect.to:
                report.add(
                    "no_redirect",
                    f"{redirect.source.shown()}: claimed by {earlier.to} and {redirect.to}; kept the first",
                )
        redirects = list(claimed.values())
        report.redirects = len(redirects)
        outputs: list[tuple[str, bytes, dict]] = []
        for rel, text in sorted(planned.texts.items()):
            entry = planned.entries[rel]
            outputs.append(
                (
                    rel,
                    text.encode("utf-8"),
                    {"wordpress_id": entry.item.post_id, "lang": entry.lang, "type": entry.item.post_type},
                )
            )
        for rel, upload in sorted(planned.images.items()):
            data = (self.media.uploads / upload.source).read_bytes()
            outputs.append((rel, data, {"upload": upload.original, "attachment_id": upload.attachment_id}))
        outputs.append((REDIRECTS, addr.redirects_text(redirects, self.export.site_url).encode("utf-8"), {}))
        written_ids = {(info.get("wordpress_id"), info.get("lang")) for _, _, info in outputs if "wordpress_id" in info}
        for rel, info in sorted(self.manifest.files.items()):
            if "wordpress_id" in info and (info["wordpress_id"], info.get("lang")) not in written_ids:
                report.add("left_over", f"{self.shown(rel)} (WordPress item {info['wordpress_id']})")
        for rel, data, info in outputs:
            entry = planned.entries.get(rel)
            what = state(
                self.content, rel, data, self.manifest, replace_foreign=entry is not None and entry.replaces is not None
            )
            if what in ("edited", "deleted") and not self.options.force:
                change = "changed" if what == "edited" else "deleted"
                report.add("not_overwritten", f"{self.shown(rel)}: {change} since the last import")
                continue
            if what == "foreign":
                report.add("not_overwritten", f"{self.shown(rel)}: a file the importer did not write")
                continue
            kind = "images" if rel.startswith(tuple(f"{p}/" for p in self.config.get("MEDIA_PATHS", []))) else "files"
            label = {
                "new": f"{kind} written",
                "update": f"{kind} updated",
                "unchanged": f"{kind} unchanged",
                "edited": f"{kind} overwritten (--force)",
                "deleted": f"{kind} written again (--force)",
            }[what]
            report.files[label] += 1
            if not self.options.dry_run and what != "unchanged":
                write_file(self.content / rel, data)
            if what == "unchanged" and rel not in self.manifest.files and not (entry and entry.replaces):
                continue  # someone else's file that already holds the same bytes: still not the importer's
            self.manifest.files[rel] = {"sha256": digest(data), **{k: v for k, v in info.items() if v is not None}}
        self.manifest.export = {
            "file": self.export.path.name,
            "site": self.export.site_url,
            "sha256": digest(self.export.path.read_bytes()),
        }
        if not self.options.dry_run:
            write_file(self.content / MANIFEST, self.manifest.text().encode("utf-8"))


def import_wordpress(
    export: Path, uploads: Path | None, content: Path, options: Options | None = None, settings: Path = PELICANCONF
) -> Report:
    """Import a WordPress export into `content` (see the module docstring); return the report."""
    return Importer(export, uploads, content, options or Options(), settings).run()
