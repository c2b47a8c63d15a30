"""Polylang's languages and translation groups, from the export's `language` and `post_translations` terms.

Polylang keeps an item's language as a term of the `language` taxonomy (`<category domain="language">`) and each
group of translations as a `post_translations` term whose description is a PHP-serialized array language → post
ID. An export made with anything but "All content" leaves those terms out: the importer then refuses it. With media
translation on, an attachment has a language term too: the language of its alt text.
"""

from __future__ import annotations

from .languages import Languages, site_language
from .wxr import Export, ExportError

PARTIAL_EXPORT_FIX = (
    "make the export again with Tools → Export → All content (only that export holds Polylang's translation"
    " groups) and run the import on the new file"
)


def uses_polylang(export: Export) -> bool:
    return bool(export.terms_of("language")) or any(item.terms_in("language") for item in export.items)


def read_polylang(export: Export, site_languages: list[str]) -> Languages:
    """Languages and groups of every item; raises ExportError for a partial export."""
    result = Languages("polylang")
    codes: dict[str, str | None] = {}
    for term in export.terms_of("language"):
        data = term.serialized()
        locale = data.get("locale", "") if isinstance(data, dict) else ""
        codes[term.slug] = site_language(term.slug, str(locale), site_languages)
    used = set()
    for item in export.items:
        for slug, _name in item.terms_in("language"):
            used.add(slug)
            code = codes.get(slug, site_language(slug, "", site_languages))
            if item.post_type == "attachment":
                # Media translation on: each language's attachment has its own alt text, in that language.
                result.of_media[item.post_id] = code or slug
                break
            if code:
                result.of_item[item.post_id] = code
            else:
                result.foreign[item.post_id] = slug
            break
    groups = export.terms_of("post_translations")
    referenced = {slug for item in export.items for slug, _ in item.terms_in("post_translations")}
    missing = referenced - {term.slug for term in groups}
    if (len(used) > 1 and not groups) or missing:
        what = (
            f"its items name {len(missing)} translation group(s) ({', '.join(sorted(missing)[:3])}) that are not in it"
            if missing
            else f"it has items in {len(used)} languages ({', '.join(sorted(used))}) but no translation groups"
        )
        raise ExportError(f"{export.path}: a partial export: {what} — {PARTIAL_EXPORT_FIX}")
    for term in groups:
        data = term.serialized()
        if not isinstance(data, dict):
            raise ExportError(
                f"{export.path}: the translation group {term.slug} has no readable member list"
                f" ({term.description[:60]!r}) — {PARTIAL_EXPORT_FIX}"
            )
        group = {}
        for slug, post_id in data.items():
            code = codes.get(str(slug), site_language(str(slug), "", site_languages))
            if code and isinstance(post_id, int) and post_id:
                group[code] = post_id
        if len(group) > 1:
            result.groups.append(group)
    return result
