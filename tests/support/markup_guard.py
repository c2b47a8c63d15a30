"""A Pelican plugin for tests: plugins/content_check's last line of defence alone (`content_object_init`:
refuse rendered markup that could run code), without its check of all content at `initialized`, so a test
sees what Pelican does with content the check would have stopped before the build."""

from pelican import signals

from plugins.content_check.hooks import refuse_unsafe_markup


def register() -> None:
    signals.content_object_init.connect(refuse_unsafe_markup)
