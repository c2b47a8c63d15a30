"""Helpers for asserting on built HTML."""

from __future__ import annotations

from pathlib import Path

import lxml.html


def parse(path: Path) -> lxml.html.HtmlElement:
    return lxml.html.fromstring(path.read_bytes())


def page(output: Path, url: str) -> lxml.html.HtmlElement:
    """The parsed page at a site URL such as `/fi/` or `/2022/09/15/x/`."""
    target = output / url.lstrip("/")
    if url.endswith("/"):
        target = target / "index.html"
    assert target.is_file(), f"{url} was not built ({target} missing)"
    return parse(target)


def url_of(output: Path, path: Path) -> str:
    """The site URL of a built file."""
    relative = path.relative_to(output).as_posix()
    return "/" + relative.removesuffix("index.html")


def html_pages(output: Path) -> list[Path]:
    return sorted(output.rglob("*.html"))


def text(element) -> str:
    """Visible text of an element with whitespace collapsed."""
    return " ".join(element.text_content().split())


def one(tree, xpath: str):
    found = tree.xpath(xpath)
    assert len(found) == 1, f"expected one match for {xpath}, found {len(found)}"
    return found[0]
