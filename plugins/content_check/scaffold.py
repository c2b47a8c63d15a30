"""Start a new article or page: one file per language, paired by Key, as drafts with TODO placeholders.

The original language gets the title the editor gave; the other languages get placeholders in their
own language and `Original:` / `Original_hash: TODO`, so that publishing an untranslated or unmarked
translation is refused by the check. An article in the events category also gets the event fields
(Start, End, Timezone, Venue, Online) as placeholders.
"""

from __future__ import annotations

from datetime import datetime
from pathlib import Path

from plugins.common import display_path

from .content_index import load_index, slug_for
from .document import PLACEHOLDER
from .event_fields import events_category
from .problem import ContentError

# An event's times are shared by its translations (the check compares them): the same placeholder in every language.
EVENT_TIME_PLACEHOLDERS = {
    "Start": f"{PLACEHOLDER}: YYYY-MM-DD HH:MM",
    "End": f"{PLACEHOLDER}: YYYY-MM-DD HH:MM",
    "Timezone": f"{PLACEHOLDER}: Europe/Stockholm / Europe/Helsinki",
}
# Placeholder texts in each language: what the editor replaces before publishing.
PLACEHOLDERS = {
    "sv": {
        "title": f"{PLACEHOLDER}: Rubrik på svenska",
        "slug": f"{PLACEHOLDER}: adressens slut på svenska, små bokstäver och bindestreck (t.ex. min-nyhet)",
        "summary": f"{PLACEHOLDER}: Ingressen, ett stycke på högst 300 tecken.",
        "body": f"{PLACEHOLDER}: Skriv texten här. Mellanrubriker skrivs med två brädgårdar: ## Mellanrubrik",
        "translate": f"{PLACEHOLDER}: Översätt texten i {{source}} hit.",
        "venue": f"{PLACEHOLDER}: var evenemanget hålls (ta bort raden om det bara hålls digitalt)",
        "online": f"{PLACEHOLDER}: yes, no eller adressen till sändningen (https://...)",
    },
    "fi": {
        "title": f"{PLACEHOLDER}: Otsikko suomeksi",
        "slug": f"{PLACEHOLDER}: osoitteen loppu suomeksi, pienet kirjaimet ja väliviivat (esim. oma-uutinen)",
        "summary": f"{PLACEHOLDER}: Ingressi, yksi kappale, enintään 300 merkkiä.",
        "body": f"{PLACEHOLDER}: Kirjoita teksti tähän. Väliotsikot kirjoitetaan kahdella risuaidalla: ## Väliotsikko",
        "translate": f"{PLACEHOLDER}: Käännä tiedoston {{source}} teksti tähän.",
        "venue": f"{PLACEHOLDER}: tapahtumapaikka (poista rivi, jos tapahtuma on vain verkossa)",
        "online": f"{PLACEHOLDER}: yes, no tai lähetyksen osoite (https://...)",
    },
}


class ScaffoldError(Exception):
    """The files cannot be created; the message says why and what to do."""


def find_category(settings: dict, name: str | None) -> dict[str, str] | None:
    """The category entry (both names) matching `name` in any language; the first one by default."""
    categories = settings.get("CATEGORIES", [])
    if name is None:
        return categories[0] if categories else None
    for entry in categories:
        if any(value.lower() == name.lower() for value in entry.values()):
            return entry
    names = ", ".join(" / ".join(entry.values()) for entry in categories)
    raise ScaffoldError(f"there is no category {name!r} — choose one of {names}")


def new_item(
    content_dir: Path,
    settings: dict,
    title: str,
    now: datetime,
    *,
    page: bool = False,
    category: str | None = None,
    lang: str | None = None,
) -> list[Path]:
    """Write the files of a new article (or page) in every language; return their paths, original first."""
    languages = list(settings.get("LANGUAGES") or [settings.get("DEFAULT_LANG", "sv")])
    original = lang or settings.get("DEFAULT_LANG", languages[0])
    if original not in languages:
        raise ScaffoldError(f"{original!r} is not a language of this site — use {' or '.join(languages)}")
    title = " ".join(title.split())
    slug = slug_for(title, settings)
    if not title:
        raise ScaffoldError('the title is empty — write it in quotes: invoke new "Rubrik på svenska"')
    if not slug:
        raise ScaffoldError(
            f"the title {title!r} has no letters or digits to make an address from"
            ' — write a title with words, in quotes: invoke new "Rubrik på svenska"'
        )
    entry = None if page else find_category(settings, category)
    events = events_category(settings)
    folder = (
        content_dir
        / (settings.get("PAGE_PATHS", ["pages"]) if page else settings.get("ARTICLE_PATHS", ["articles"]))[0]
    )
    stem = slug if page else f"{now:%Y-%m-%d}-{slug}"
    paths = {code: folder / f"{stem}.{code}.md" for code in [original] + [c for c in languages if c != original]}
    try:
        index, _problems = load_index(content_dir, settings, now)
    except ContentError as error:
        raise ScaffoldError(str(error)) from None
    for doc in index.docs:
        if doc.key == slug:
            raise ScaffoldError(
                f"{display_path(doc.path)} already has `Key: {slug}` — give the new item another title, or edit that file"
            )
    for path in paths.values():
        if path.exists():
            raise ScaffoldError(f"{path} already exists — choose another title, or edit that file")
    folder.mkdir(parents=True, exist_ok=True)
    for code, path in paths.items():
        words = PLACEHOLDERS.get(code, PLACEHOLDERS["sv"])
        is_original = code == original
        fields = {
            "Title": title if is_original else words["title"],
            "Date": f"{now:%Y-%m-%d %H:%M}",
            "Lang": code,
            "Key": slug,
            "Slug": slug if is_original else words["slug"],
            "Category": entry[code] if entry else None,
            "Summary": words["summary"],
            "Status": "draft",
            "Original": None if is_original else original,
            "Original_hash": None if is_original else PLACEHOLDER,
        }
        if page:
            del fields["Date"]
        elif entry is not None and entry is events:
            fields |= EVENT_TIME_PLACEHOLDERS | {"Venue": words["venue"], "Online": words["online"]}
        header = "".join(f"{key}: {value}\n" for key, value in fields.items() if value is not None)
        body = words["body"] if is_original else words["translate"].format(source=paths[original].name)
        path.write_text(f"{header}\n{body}\n", encoding="utf-8")
    return list(paths.values())
