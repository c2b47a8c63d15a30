"""Every rule a content file must follow, checked without building; each problem names file, line and fix.

`validate()` reads all articles and pages, checks each file on its own (metadata, body, links),
then the files together (translation pairs, keys, addresses, old addresses). Settings come from Pelican's
settings (LANGUAGES, CATEGORIES, PATH/ARTICLE_PATHS/PAGE_PATHS, TIMEZONE, URL patterns).
"""

from __future__ import annotations

import difflib
import re
from collections import defaultdict
from collections.abc import Iterator
from datetime import datetime, timedelta
from pathlib import Path

from plugins.common import display_path
from plugins.events.model import EVENT_KEYS

from . import markdown_scan as scan
from .aliases import check_aliases
from .content_index import ContentIndex, doc_url, load_index, parse_date, slug_for
from .document import HASH_LENGTH, PLACEHOLDER, PLACEHOLDER_PATTERN, Document
from .event_fields import check_event, check_event_pairs
from .links import check_link
from .media import IMAGE_KEYS, check_media
from .old_addresses import check_old_addresses
from .problem import Problem, language_name
from .rendered import check_rendered

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
    *EVENT_KEYS,
    # Old addresses that redirect here, e.g. /projekti/?lang=fi (checked by aliases.py; the production build
    # writes the redirects).
    "Aliases",
    # The lead image (plugins/media): `Image: images/x.jpg`, its description `Image_alt:` in this file's language,
    # optionally `Image_caption:` and `Image_credit:` (the photographer, shown as "Foto: …").
    *IMAGE_KEYS,
)
REQUIRED_KEYS = {
    "article": ("Title", "Date", "Lang", "Key", "Slug", "Category", "Summary", "Status"),
    "page": ("Title", "Lang", "Key", "Slug", "Status"),
}
# Keys that make no sense on a page (pages have no date in lists, no category, and are no events).
ARTICLE_ONLY_KEYS = ("Category", *EVENT_KEYS, *IMAGE_KEYS)
STATUSES = ("draft", "published")
SUMMARY_MAX = 300
# A translation is dated like its original: at most this far apart.
PAIR_DATE_TOLERANCE = timedelta(days=1)
_SLUG = re.compile(r"^[a-z0-9]+(?:-[a-z0-9]+)*$")
_HASH = re.compile(rf"^[0-9a-f]{{{HASH_LENGTH}}}$")


# Checks of one file ----------------------------------------------------------------------------------


def check_metadata(doc: Document, index: ContentIndex) -> Iterator[Problem]:
    """Keys, required fields, language, dates, status, slug, key, category, summary, template, Original."""
    p = doc.path
    known = {key.lower(): key for key in METADATA_KEYS}
    if doc.leading_blank_lines:
        count = doc.leading_blank_lines
        yield Problem(
            p,
            1,
            f"the file starts with {'an empty line' if count == 1 else f'{count} empty lines'}, so the metadata"
            f" below it ({next(iter(doc.fields.values())).name}: …) is read as text",
            f"delete the empty line{'' if count == 1 else 's'} at the top: the first line must be"
            f" `{next(iter(doc.fields.values())).name}: …`",
        )
    if doc.stray_line:
        line, text = doc.stray_line
        if doc.after_stray:
            below = ", ".join(f"{found.name} on line {found.line}" for found in doc.after_stray.values())
            previous = max(doc.fields.values(), key=lambda found: found.line)
            yield Problem(
                p,
                line,
                f"the line {text.strip()[:40]!r} ends the metadata without a blank line, so it and"
                f" {'the line' if len(doc.after_stray) == 1 else 'the lines'} below it become body text:"
                f" {below} {'is' if len(doc.after_stray) == 1 else 'are'} not read",
                f"to continue {previous.name} (line {previous.line}), indent this line by four spaces or join it"
                f" to line {previous.line}; if it is text, move it below the metadata, after the blank line",
            )
        else:
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
    misspelt: set[str] = set()  # known keys an unknown key is probably a typo of
    for key, found in doc.fields.items():
        if key not in known:
            match = difflib.get_close_matches(key, known, n=1, cutoff=0.6)
            misspelt.update(match)
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
        if key.lower() in misspelt or key.lower() in doc.after_stray:
            continue  # the unknown-key or stray-line message already says which line to correct
        if key.lower() not in doc.fields:
            shared = " (the same Key in every language's file)" if key == "Key" else ""
            yield Problem(
                p, None, f"{key} is missing", f"add a line `{key}: {_example(key, doc, index)}` at the top{shared}"
            )
        elif not doc.value(key):
            yield Problem(
                p,
                doc.line(key),
                f"{key} is empty",
                f"write it after `{key}:`, e.g. `{key}: {_example(key, doc, index)}`",
            )
    yield from _check_lang(doc, index)
    yield from _check_dates(doc, index)
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
            f"use lowercase a–z, digits and hyphens only, e.g. `Slug: {slug_for(slug, index.settings) or _example_slug(doc, index)}`",
        )
    key = doc.key
    if key and not PLACEHOLDER_PATTERN.search(key) and not _SLUG.match(key):
        yield Problem(
            p,
            doc.line("key"),
            f"Key {key!r} may only contain lowercase a–z, digits and hyphens",
            f"write e.g. `Key: {slug_for(key, index.settings) or _example_slug(doc, index)}` here and in the translation",
        )
    yield from _check_category(doc, index)
    summary = doc.value("summary")
    if summary and len(summary) > SUMMARY_MAX:
        yield Problem(
            p,
            doc.line("summary"),
            f"Summary is {len(summary)} characters long, more than {SUMMARY_MAX}",
            f"shorten it by at least {len(summary) - SUMMARY_MAX} characters: the lead is one short paragraph",
        )
    template = doc.value("template")
    theme = index.settings.get("THEME")
    if template and theme and not (Path(theme) / "templates" / f"{template}.html").is_file():
        yield Problem(
            p,
            doc.line("template"),
            f"there is no template {template!r} in the theme",
            "remove the Template: line (the usual layout is used) or correct the name",
        )
    yield from _check_original_fields(doc, index)


def _example(key: str, doc: Document, index: ContentIndex) -> str:
    lang = doc.lang if doc.lang in index.languages else doc.name_lang or index.default_lang
    words = index.examples(lang)
    examples = {
        "Title": words["title"],
        "Date": index.now.strftime("%Y-%m-%d %H:%M"),
        "Lang": lang,
        "Key": re.sub(r"^\d{4}-\d{2}-\d{2}-", "", doc.path.name.split(".")[0]),
        "Slug": slug_for(doc.value("title") or doc.path.name.split(".")[0], index.settings),
        # A language without categories (CATEGORIES) has no name to suggest.
        "Category": next((c[lang] for c in index.categories if lang in c), "..."),
        "Summary": words["summary"],
        "Status": "draft",
    }
    return examples.get(key, "...")


def _example_slug(doc: Document, index: ContentIndex) -> str:
    """A Key or Slug to suggest where the file's own gives none: the example title in its language, as a slug."""
    return slug_for(index.doc_examples(doc)["title"], index.settings) or "..."


def _check_lang(doc: Document, index: ContentIndex) -> Iterator[Problem]:
    p, lang, codes = doc.path, doc.lang, " or ".join(index.languages)
    if doc.name_lang not in index.languages:
        yield Problem(
            p,
            None,
            f"the file name does not end in {' or '.join(f'.{code}.md' for code in index.languages)}",
            f"rename it to <name>.<language>.md, e.g. {doc.path.name.split('.')[0]}.{lang if lang in index.languages else index.default_lang}.md",
        )
    if lang and lang not in index.languages:
        yield Problem(
            p,
            doc.line("lang"),
            f"Lang {lang!r} is not a language of this site",
            f"write `Lang: {doc.name_lang if doc.name_lang in index.languages else index.default_lang}` ({codes})",
        )
    elif lang and doc.name_lang in index.languages and lang != doc.name_lang:
        yield Problem(
            p,
            doc.line("lang"),
            f"Lang: {lang} does not match the file name, which says {language_name(doc.name_lang)}",
            f"write `Lang: {doc.name_lang}`, or rename the file to {doc.path.name.split('.')[0]}.{lang}.md",
        )


def _check_dates(doc: Document, index: ContentIndex) -> Iterator[Problem]:
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
                f"write e.g. `{key.title()}: 2022-09-15 10:00` (the site's time zone, {index.tz.key})",
            )
        elif date is None:
            yield Problem(
                doc.path,
                doc.line(key),
                f"{key.title()} {value!r} does not exist ({reason})",
                "check the year, month and day (and hour 0–23, minute 0–59)",
            )
        else:
            parsed[key] = date.replace(tzinfo=index.tz)
    if "date" in parsed and doc.status == "published" and parsed["date"] > index.now:
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


def _check_category(doc: Document, index: ContentIndex) -> Iterator[Problem]:
    category = doc.value("category")
    if doc.kind != "article" or not category or PLACEHOLDER_PATTERN.search(category):
        return
    lang = doc.lang if doc.lang in index.languages else None
    own = [entry[lang] for entry in index.categories if lang in entry] if lang else []
    if lang is None or category in own:
        return
    for entry in index.categories:
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


def _check_original_fields(doc: Document, index: ContentIndex) -> Iterator[Problem]:
    original, recorded = doc.value("original"), doc.value("original_hash")
    if original is not None:
        if original not in index.languages:
            yield Problem(
                doc.path,
                doc.line("original"),
                f"Original {original!r} is not a language of this site",
                f"write the language the text was translated from: {' or '.join(index.languages)}",
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
                f"do not edit it by hand: run `invoke translated {display_path(doc.path)}`",
            )


def check_placeholders(doc: Document, index: ContentIndex) -> Iterator[Problem]:
    """Placeholders (`TODO`) are for drafts: none may be left once the status is published."""
    if doc.status != "published":
        return
    back_to_draft = "or set `Status: draft` until it is ready"
    for key, found in doc.fields.items():
        if PLACEHOLDER_PATTERN.search(found.value):
            if key == "original_hash":
                fix = f"when the translation is done, run `invoke translated {display_path(doc.path)}`"
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


def check_body(doc: Document, index: ContentIndex) -> Iterator[Problem]:
    """Text present, headings in order, no active or unsafe HTML, and every link and image sound."""
    p = doc.path
    masked = doc.masked_body
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
    line_index = doc.body_line_index
    sources = [(masked, line_index)]
    summary = doc.fields.get("summary")
    if summary:
        sources.append((scan.mask(summary.value), scan.LineIndex(summary.value, summary.line)))
    for text, text_index in sources:
        yield from _check_html(doc, text, text_index, index.doc_examples(doc))
    found, rest = doc.body_links
    for link in found:
        yield from check_link(doc, link, index)
    for line, url in scan.bare_urls(rest, line_index):
        yield Problem(
            p,
            line,
            f"the address {url} is plain text, not a link",
            f"make it a link that says where it leads: [{index.doc_examples(doc)['link']}]({url})",
        )
    yield from check_rendered(doc, index)


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


def _check_html(doc: Document, masked: str, line_index: scan.LineIndex, examples: dict[str, str]) -> Iterator[Problem]:
    """Raw <img> tags need alt text too (what could run code is refused by check_rendered)."""
    for tag in scan.html_tags(masked, line_index):
        if tag.name == "img" and not (tag.attributes.get("alt") or "").strip():
            yield Problem(
                doc.path,
                tag.line,
                "image without alt text",
                f'describe what the image shows in alt="...", for example alt="{examples["image_alt"]}"',
            )


# Checks across files -----------------------------------------------------------------------------------


def check_across_files(index: ContentIndex) -> Iterator[Problem]:
    """Translation keys, pairs (kind, category, date, which is the original) and unique addresses."""
    by_key: dict[str, dict[str, list[Document]]] = defaultdict(lambda: defaultdict(list))
    for doc in index.docs:
        if doc.key and doc.lang in index.languages:
            by_key[doc.key][doc.lang].append(doc)
    for key, by_lang in by_key.items():
        for lang, docs in by_lang.items():
            for duplicate in docs[1:]:
                yield Problem(
                    duplicate.path,
                    duplicate.line("key"),
                    f"Key {key!r} is also used by {display_path(docs[0].path)}, another {language_name(lang)} file",
                    "each article or page has its own Key, shared only with its translation: choose another Key",
                )
        pair = {lang: docs[0] for lang, docs in by_lang.items()}
        for doc in pair.values():
            original = doc.value("original")
            if original in index.languages and original != doc.lang and original not in pair:
                yield Problem(
                    doc.path,
                    doc.line("original"),
                    f"Original: {original}, but no {language_name(original)} file has Key {key!r}",
                    "check the Key (it must be the same in both files), or remove Original if this is not a translation",
                )
        if len(pair) > 1:
            yield from _check_pair(pair, index)
        yield from _check_required_translations(key, pair, index)
    yield from _check_unique_addresses(index)


def _check_required_translations(key: str, pair: dict[str, Document], index: ContentIndex) -> Iterator[Problem]:
    """An item published in any language is published in each language of REQUIRED_TRANSLATIONS too."""
    live = {lang: doc for lang, doc in pair.items() if index.is_live(doc)}
    if not live:
        return
    # Named on the published original, or the first published version where the original is not published.
    shown = next((doc for doc in live.values() if doc.value("original") is None), None)
    shown = shown or next(live[lang] for lang in index.languages if lang in live)
    for lang in index.required_translations:
        if lang in live:
            continue
        name, other = language_name(lang), pair.get(lang)
        required = f"REQUIRED_TRANSLATIONS requires every published item in {name}"
        if other is None:
            path = display_path(shown.path.with_name(shown.path.name.replace(f".{shown.lang}.md", f".{lang}.md")))
            yield Problem(
                shown.path,
                shown.line("status"),
                f"published with no {name} version: {required}",
                f"write {path} with `Key: {key}` and `Original: {shown.lang}` (copy this file and translate it;"
                " `invoke new` starts a new item in every language), or set `Status: draft` here until it is translated",
            )
        else:
            yield Problem(
                shown.path,
                shown.line("status"),
                f"published while its {name} version {display_path(other.path)} is not yet: {required}",
                "publish the translation with this file (`Status: published`, dated like this one),"
                " or set `Status: draft` here until it is ready",
            )


def _check_pair(pair: dict[str, Document], index: ContentIndex) -> Iterator[Problem]:
    originals = [doc for doc in pair.values() if doc.value("original") is None]
    translations = [doc for doc in pair.values() if doc.value("original") is not None]
    # One original per group, the file without `Original:`: the main language's where several are unmarked.
    if len(originals) > 1:
        kept = next((doc for doc in originals if doc.lang == index.default_lang), originals[0])
        source = kept.lang
        for doc in originals:
            if doc is not kept:
                others = ", ".join(display_path(o.path) for o in originals if o is not doc)
                yield Problem(
                    doc.path,
                    None,
                    f"this file and {others} share Key {doc.key!r}, but neither says which is the translation",
                    f"add `Original: {source}` to the translation (the metadata of the file translated from the original)",
                )
    for doc in translations:
        source = pair.get(doc.value("original") or "")
        if source is not None and source.value("original") is not None:
            yield Problem(
                source.path,
                source.line("original"),
                f"both this file and {display_path(doc.path)} say they are translations",
                "only the translation has `Original:`; remove it from the original",
            )
        elif source is not None and index.is_live(doc) and not index.is_live(source):
            # Pelican lists a group by its original: a published translation of an unpublished one stands nowhere.
            why = (
                f"is not published until {source.value('date')}" if source.status == "published" else "is not published"
            )
            yield Problem(
                doc.path,
                doc.line("status"),
                f"published, but its original {display_path(source.path)} {why}",
                "publish the original with it (`Status: published`, dated like this one),"
                " or set `Status: draft` here until the original is published",
            )
    reference = originals[0] if originals else next(iter(pair.values()))
    for doc in pair.values():
        if doc is reference:
            continue
        if doc.kind != reference.kind:
            yield Problem(
                doc.path,
                None,
                f"this is {'an' if doc.kind == 'article' else 'a'} {doc.kind}, but its counterpart"
                f" {display_path(reference.path)} is {'an' if reference.kind == 'article' else 'a'} {reference.kind}",
                "keep both files in the same folder (content/articles or content/pages)",
            )
            continue
        yield from _check_pair_category(doc, reference, index)
        mine, theirs = index.dates.get(doc.path), index.dates.get(reference.path)
        if mine and theirs and abs(mine - theirs) > PAIR_DATE_TOLERANCE:
            yield Problem(
                doc.path,
                doc.line("date"),
                f"Date {doc.value('date')} is more than a day from the date of {display_path(reference.path)}"
                f" ({reference.value('date')})",
                f"date the translation like its original: `Date: {reference.value('date')}`",
            )


def _check_pair_category(doc: Document, reference: Document, index: ContentIndex) -> Iterator[Problem]:
    def entry(d: Document) -> dict[str, str] | None:
        return next((e for e in index.categories if e.get(d.lang) == d.value("category")), None)

    mine, theirs = entry(doc), entry(reference)
    if doc.kind == "article" and mine is not None and theirs is not None and mine is not theirs:
        yield Problem(
            doc.path,
            doc.line("category"),
            f"Category {doc.value('category')} does not match {reference.value('category')} of {display_path(reference.path)}",
            f"write `Category: {theirs[doc.lang]}` (translations share a category)",
        )


def _check_unique_addresses(index: ContentIndex) -> Iterator[Problem]:
    by_url: dict[str, list[Document]] = defaultdict(list)
    for doc in index.docs:
        url = doc_url(doc, index)
        if url is not None:
            by_url[url].append(doc)
    for url, docs in by_url.items():
        for doc in docs:
            if url in index.generated:
                yield Problem(
                    doc.path,
                    doc.line("slug"),
                    f"the address /{url} is already {index.generated[url]}",
                    "choose another Slug",
                )
            elif len(docs) > 1:
                others = ", ".join(display_path(other.path) for other in docs if other is not doc)
                yield Problem(
                    doc.path,
                    doc.line("slug"),
                    f"the address /{url} is also the address of {others}",
                    "choose another Slug (or another Date) so that each item has its own address",
                )


def check_other_files(index: ContentIndex) -> Iterator[Problem]:
    for path in index.others:
        if path.suffix.lower() in {".markdown", ".mkd", ".mdown", ".txt", ".rst", ".html", ".htm"}:
            fix = f"rename it to {path.name.split('.')[0]}.{index.default_lang}.md (or .fi.md)"
        else:
            fix = "images and documents go in content/images/; link them with {static}/images/<file>"
        yield Problem(path, None, "this file in a content folder is not read by the site", fix)


# Entry point ------------------------------------------------------------------------------------------


FILE_CHECKS = (check_metadata, check_placeholders, check_body, check_event, check_media)


def validate(content_dir: Path, settings: dict, now: datetime) -> list[Problem]:
    """Check every content file and the files together; return all problems, sorted by file and line."""
    index, problems = load_index(content_dir, settings, now)
    return sorted(set(problems + check_index(index)), key=lambda p: (p.path.as_posix(), p.line or 0, p.message))


def check_index(index: ContentIndex) -> list[Problem]:
    """The problems of content already read into `index` (read once, shared with the build's later steps)."""
    return check_files(index, index.docs) + check_site(index)


def check_files(index: ContentIndex, docs: list[Document]) -> list[Problem]:
    """The problems of each of `docs` on its own (its links checked against the whole `index`)."""
    problems = []
    for doc in docs:
        problems += [problem for check in FILE_CHECKS for problem in check(doc, index)]
        doc.forget_scan()
    return problems


def check_site(index: ContentIndex) -> list[Problem]:
    """The problems of the files together: translations, events in several languages, old addresses."""
    problems: list[Problem] = []
    problems.extend(check_across_files(index))
    problems.extend(check_event_pairs(index))
    problems.extend(check_aliases(index))
    problems.extend(check_old_addresses(index))
    problems.extend(check_other_files(index))
    return problems
