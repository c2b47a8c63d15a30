"""Settings in content: `{setting:NAME}` placeholders (content_settings) and the owner facts, shown as confirmed
or as a marked interim route (owner_facts). Hooks `content_object_init`: conditions first, then placeholders, so a
placeholder of an unset fact goes with the element that is not shown."""

from pelican import signals

from plugins.common import catalog

from .content_settings import ContentSettingError, fill
from .owner_facts import OwnerFactError, owner_facts, show_when, unset_owner_facts

__all__ = ["ContentSettingError", "OwnerFactError", "fill", "owner_facts", "register", "unset_owner_facts"]


def _translator(settings: dict, lang: str):
    """gettext for a page's language from the theme's catalogs, loaded when a label is first needed."""

    def translate(message: str) -> str:
        return catalog(settings, lang).gettext(message)

    return translate


def fill_content(instance) -> None:
    if not instance._content:
        return
    settings, source = instance.settings, instance.source_path
    lang = getattr(instance, "lang", None) or settings["DEFAULT_LANG"]
    html = show_when(instance._content, settings, _translator(settings, lang), source)
    instance._content = fill(html, settings, source)


def register() -> None:
    signals.content_object_init.connect(fill_content)
