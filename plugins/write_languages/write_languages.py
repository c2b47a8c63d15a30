"""The languages one Pelican process writes (WRITE_LANGUAGES), so the build can write languages in parallel.

Every process reads all content and works out every language's site: i18n_subsites links each page to its
counterparts from the contexts of all languages. A site whose language is not in WRITE_LANGUAGES then writes
nothing: on `all_generators_finalized` its generators' output step is replaced by one that does nothing. Without
the setting (None), one process writes every language, as plain Pelican does. What reads the pages of every
language (plugins/sitemap) is then left to the build, after every process has finished.
"""

from __future__ import annotations

from pelican import signals


def writes_every_language(settings: dict) -> bool:
    """Whether this process writes every language (no WRITE_LANGUAGES): it can read all the pages at the end."""
    return settings.get("WRITE_LANGUAGES") is None


def _write_nothing(_writer) -> None:
    """A generator's output step for a language another process writes."""


def skip_other_languages(generators) -> None:
    settings = generators[0].settings if generators else {}
    languages = settings.get("WRITE_LANGUAGES")
    if languages is None or settings["DEFAULT_LANG"] in languages:
        return
    for generator in generators:
        generator.generate_output = _write_nothing


def register() -> None:
    signals.all_generators_finalized.connect(skip_other_languages)
