"""The site's Atom feeds as a feed reader reads them (feedparser)."""

from __future__ import annotations

from pathlib import Path

import feedparser

FEEDS = {"sv": "/feeds/atom.xml", "fi": "/fi/feeds/atom.xml"}


def read_feed(output: Path, lang: str):
    feed = feedparser.parse((output / FEEDS[lang].lstrip("/")).read_bytes())
    assert not feed.bozo, f"{FEEDS[lang]}: {feed.get('bozo_exception')}"
    assert feed.version == "atom10"
    return feed
