"""Production settings: the development settings with absolute URLs at https://batteryregion.eu.

Built with `invoke build --production` and deployed by `invoke publish`; the build's post-processing steps
(sitebuild/postprocess) turn the output into what the host serves (minified, fingerprinted, precompressed,
host configuration).
"""

import copy

from pelicanconf import *  # noqa: F403
from pelicanconf import I18N_SUBSITES as _DEVELOPMENT_SUBSITES
from pelicanconf import MARKDOWN as _DEVELOPMENT_MARKDOWN

SITEURL = "https://batteryregion.eu"
MAIN_SITEURL = SITEURL
RELATIVE_URLS = False

# Settings pelican.plugins.i18n_subsites writes into each subsite's dict in place on its first run.
# pelicanconf's dicts may already carry them (from a development build in the same process): a fresh
# dict without them lets the plugin derive them again from these production settings.
_ADDED_BY_I18N_SUBSITES = {
    "SITEURL",
    "OUTPUT_PATH",
    "CACHE_PATH",
    "STATIC_PATHS",
    "THEME_STATIC_DIR",
    "THEME_STATIC_PATHS",
    "DEFAULT_LANG",
}
I18N_SUBSITES = {
    lang: {
        **{key: copy.deepcopy(value) for key, value in overrides.items() if key not in _ADDED_BY_I18N_SUBSITES},
        "SITEURL": f"{SITEURL}/{lang}",
    }
    for lang, overrides in _DEVELOPMENT_SUBSITES.items()
}
# plugins/markdown_spans appends its extension to MARKDOWN["extensions"]; start from a fresh dict.
MARKDOWN = copy.deepcopy({key: value for key, value in _DEVELOPMENT_MARKDOWN.items() if key != "extensions"})

# The production steps of the build (sitebuild/postprocess), before and after the search index.
POSTPROCESS = True

# security.txt's Contact is SECURITY_CONTACT in pelicanconf.py, with the other owner facts. Its Preferred-Languages
# (RFC 9116), the languages a security report may be written in, are the site's own (LANGUAGES, in their order:
# sitebuild/postprocess), then these: English, which security.txt has offered since the first production build,
# though the site has no English pages.
SECURITY_EXTRA_LANGUAGES = ["en"]
