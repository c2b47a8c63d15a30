"""Every language of the site has every sentence the theme says about a language, or nothing is built.

The theme says some things about a language in the language of the page: "This text is a translation of the
Swedish original.", "In Finnish only". Each comes from that language's entry in LANGUAGES (pelicanconf.py,
"sentences"), in English marked N_ so `invoke catalogs` extracts it, and the template translates it:
`_(LANGUAGES[lang].sentences.only_in)`. On `initialized` this plugin refuses a language without one of them
(a sentence missing there would leave a hole in the page), naming the language, the sentence and where to add it;
so it does a language without its name, a Babel locale that Babel knows, or the address of a page the theme writes
in every language (LANGUAGES "pages").
"""

from __future__ import annotations

from pelican import signals

# Each sentence the theme says about a language: what it is, and the Swedish entry as an example.
SENTENCES = {
    "translation_note": (
        "the note on a translation whose original is in this language",
        "This text is a translation of the Swedish original.",
    ),
    "original_link": ("the link from a translation to its original in this language", "Read the original in Swedish"),
    "only_in": ("the mark of a news item or event that exists in this language only", "In Swedish only"),
    "in_language": (
        "the mark of a news item or event listed from this language, which has other versions but not the page's",
        "In Swedish",
    ),
}


# What else the theme needs of each language: its name in itself and its locale, and the pages it writes.
FIELDS = {
    "name": ("the language named in itself, for the language switcher", '"Svenska"'),
    "locale": ("the Babel (CLDR) locale of its dates, and its OpenGraph locale", '"sv_SE"'),
}
PAGES = {
    "category": ("the address of a category page, with {slug}", '"kategori/{slug}/"'),
    "search": ("the address of the search page", '"sok/"'),
    "events": ("the address of the events page", '"evenemang/"'),
    "calendar": ("the address of the calendar feed of its events", '"evenemang.ics"'),
}


class LanguageSentencesError(ValueError):
    """A language of LANGUAGES lacks a sentence the theme says about it; the message says what to add where."""


def missing_sentences(languages: dict) -> list[str]:
    """One line per sentence a language lacks (or has that the theme does not know), naming what to do."""
    problems = []
    for code, language in languages.items():
        given = language.get("sentences") or {}
        for key, (purpose, example) in SENTENCES.items():
            if not given.get(key):
                problems.append(
                    f'pelicanconf.py: LANGUAGES["{code}"] ({language.get("name", code)}) has no sentence "{key}",'
                    f' {purpose} — add it to LANGUAGES["{code}"]["sentences"] in English, as the Swedish entry has'
                    f' N_("{example}"), then run `invoke catalogs` and translate it in every catalog'
                )
        for key in sorted(set(given) - set(SENTENCES)):
            problems.append(
                f'pelicanconf.py: LANGUAGES["{code}"]["sentences"] has "{key}", which the theme never says'
                f" — correct its name to one of {', '.join(SENTENCES)}, or remove it"
            )
    return problems


def missing_settings(languages: dict) -> list[str]:
    """One line per field, locale or page address a language lacks, naming what to add where."""
    from babel import Locale, UnknownLocaleError

    problems = []
    for code, language in languages.items():
        where = f'pelicanconf.py: LANGUAGES["{code}"] ({language.get("name", code)})'
        for key, (purpose, example) in FIELDS.items():
            if not language.get(key):
                problems.append(
                    f'{where} has no "{key}", {purpose} — add it, as the Swedish entry has "{key}": {example}'
                )
        locale = language.get("locale")
        if locale:
            try:
                Locale.parse(locale)
            except (ValueError, UnknownLocaleError):
                problems.append(
                    f"{where} has the locale {locale!r}, which Babel does not know — write a CLDR locale"
                    ' such as "sv_SE", "en_GB" or "nb_NO"'
                )
        pages = language.get("pages") or {}
        for key, (purpose, example) in PAGES.items():
            if not pages.get(key):
                problems.append(
                    f'{where} has no "{key}" in "pages", {purpose} in its own words — add it to'
                    f' LANGUAGES["{code}"]["pages"], as the Swedish entry has "{key}": {example}'
                )
    return problems


def check_sentences(pelican) -> None:
    languages = pelican.settings.get("LANGUAGES") or {}
    problems = missing_settings(languages) + missing_sentences(languages)
    if problems:
        raise LanguageSentencesError("\n".join(problems))


def register() -> None:
    signals.initialized.connect(check_sentences)
