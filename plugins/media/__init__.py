"""Photos and documents in pages: what the build's media step (sitebuild/media) published, shown well.

The media step processes every image and document the content uses once for all languages, before Pelican, and
names what it wrote in a manifest (the MEDIA_MANIFEST setting). On `content_object_init` each `{static}` image of
a rendered text becomes `<picture>` and each `{static}` document link says its type, size and language
(markup.py), before Pelican would copy the original into every language's folder. On `generator_init` the
templates get `lead_picture()` (an article's `Image:`, as its lead or as a thumbnail) and `og_image()`.
`files.py` says what a media file is (the content check uses it too); `decorative.py` lets an image marked
`{: .decorative}` have no description without Pelican warning about it.
"""

from pelican import signals

from .decorative import DecorativeExtension, add_extension
from .media import add_globals, clear_manifests, rewrite_content

# What plugins/markdown_store adds to Python-Markdown for this plugin when the content check converts first.
MARKDOWN_EXTENSION = DecorativeExtension

__all__ = ["MARKDOWN_EXTENSION", "register"]


def register() -> None:
    signals.initialized.connect(add_extension)
    signals.content_object_init.connect(rewrite_content)
    signals.generator_init.connect(add_globals)
    signals.finalized.connect(clear_manifests)
