"""Gates: every page says its language and type, every internal link and #fragment resolves, no orphans."""

from __future__ import annotations

from tests.gates.gatekit import links
from tests.gates.gatekit.problems import Problem, assert_no_problems


def test_every_page_declares_its_language_and_page_type(gated):
    assert_no_problems(
        "page metadata",
        [
            Problem(
                f"{gated.name}:{page.url}",
                "page-declared",
                "<html>/<body>",
                "missing <html lang> or <body data-page-type>: the gates group pages by both",
            )
            for page in gated.pages
            if not page.lang or not page.page_type
        ],
    )


def test_internal_links_and_fragments_resolve(gated):
    assert_no_problems("internal links", links.check_links(gated))


def test_no_page_is_orphaned(gated):
    assert_no_problems("orphans", links.check_orphans(gated))
