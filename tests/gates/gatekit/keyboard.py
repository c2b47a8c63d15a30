"""Keyboard use (WCAG 2.4.1, 2.4.7, 2.1.1): a visible skip link first, and a visible focus indicator everywhere.

Driven with real key presses, so the browser's own :focus-visible heuristics apply as for a keyboard user.
"""

from __future__ import annotations

from playwright.sync_api import Page as Tab

from .problems import Problem, snippet

# Describes the focused element: where it is, whether it can be seen, and whether it sits in <main>.
_FOCUSED = """
() => {
  const el = document.activeElement;
  const main = document.querySelector("main");
  if (!el || el === document.body || el === document.documentElement) return null;
  const rect = el.getBoundingClientRect();
  const style = getComputedStyle(el);
  const clipped = style.clip === "rect(0px, 0px, 0px, 0px)" || /inset\\(50%\\)/.test(style.clipPath);
  return {
    index: window.__gatesFocusables ? window.__gatesFocusables.indexOf(el) : -1,
    tag: el.tagName.toLowerCase(),
    href: el.getAttribute("href"),
    html: el.outerHTML,
    inMain: !!main && (main === el || main.contains(el)),
    afterMain: !!main && !!(main.compareDocumentPosition(el) & Node.DOCUMENT_POSITION_FOLLOWING),
    mainId: main ? main.id : null,
    visible: rect.width >= 1 && rect.height >= 1 && style.visibility !== "hidden" && Number(style.opacity) > 0
      && !clipped && rect.bottom > 0 && rect.right > 0 && rect.top < innerHeight && rect.left < innerWidth,
    inViewport: rect.top >= 0 && rect.left >= 0 && rect.bottom <= innerHeight && rect.right <= innerWidth,
  };
}
"""

# Lists the elements a keyboard user should reach, and how each looks without focus.
_FOCUSABLES = """
() => {
  const selector = 'a[href], area[href], button:not([disabled]), input:not([disabled]):not([type="hidden"]),'
    + ' select:not([disabled]), textarea:not([disabled]), summary, iframe, [tabindex]:not([tabindex="-1"]),'
    + ' [contenteditable="true"]';
  document.activeElement && document.activeElement.blur();
  const rendered = (el) => el.getClientRects().length > 0 && getComputedStyle(el).visibility !== "hidden";
  window.__gatesFocusables = [...document.querySelectorAll(selector)].filter(rendered);
  return window.__gatesFocusables.map((el) => ({html: el.outerHTML, style: window.__gatesLook(el)}));
}
"""

_LOOK = """
() => { window.__gatesLook = (el) => {
  const s = getComputedStyle(el);
  return {
    outline: s.outlineStyle !== "none" && parseFloat(s.outlineWidth) > 0 && !/rgba\\(.*, 0\\)$/.test(s.outlineColor)
      ? `${s.outlineStyle} ${s.outlineWidth} ${s.outlineColor} ${s.outlineOffset}` : "none",
    boxShadow: s.boxShadow,
  };
}; }
"""

_FOCUSED_LOOK = "() => window.__gatesLook(document.activeElement)"


def check_skip_link(tab: Tab, where: str) -> list[Problem]:
    """The first Tab reaches a visible skip link to <main>, and following it moves focus into <main>."""
    tab.evaluate("() => { document.activeElement && document.activeElement.blur(); window.scrollTo(0, 0); }")
    tab.keyboard.press("Tab")
    first = tab.evaluate(_FOCUSED)
    if first is None:
        return [Problem(where, "skip-link", "", "the first Tab focuses nothing: put a skip link first in <body>")]
    element = snippet(first["html"])
    if first["mainId"] is None:
        return [Problem(where, "skip-link", element, "the page has no <main> for a skip link to lead to")]
    if first["tag"] != "a" or first["href"] != f"#{first['mainId']}":
        return [
            Problem(
                where,
                "skip-link",
                element,
                f'the first Tab reaches this, not a skip link <a href="#{first["mainId"]}"> to <main>',
            )
        ]
    problems = []
    if not (first["visible"] and first["inViewport"]):
        problems.append(Problem(where, "skip-link-visible", element, "the focused skip link is not visible on screen"))
    tab.keyboard.press("Enter")
    after = tab.evaluate(_FOCUSED)
    if after is None or not after["inMain"]:
        # Focus may stay on <body> with the sequential focus starting point moved to <main>: then the next Tab
        # must land inside or after <main>, never back in the header.
        tab.keyboard.press("Tab")
        after = tab.evaluate(_FOCUSED)
        if after is None or not (after["inMain"] or after["afterMain"]):
            problems.append(
                Problem(
                    where,
                    "skip-link-target",
                    element,
                    'following the skip link does not move focus to <main> (give <main> tabindex="-1")',
                )
            )
    return problems


def check_focus_indicators(tab: Tab, where: str) -> list[Problem]:
    """Tab through the page: each element reached shows an outline or box-shadow it does not have unfocused."""
    tab.evaluate(_LOOK)
    elements = tab.evaluate(_FOCUSABLES)
    tab.evaluate("() => window.scrollTo(0, 0)")
    reached: set[int] = set()
    problems = []
    for _ in range(len(elements) + 3):
        tab.keyboard.press("Tab")
        focused = tab.evaluate(_FOCUSED)
        if focused is None or focused["index"] in reached:
            break  # out of the document (browser chrome) or wrapped around
        index = focused["index"]
        if index < 0:
            continue  # focusable by some other means (a scroll container): not in our list
        reached.add(index)
        before, now = elements[index]["style"], tab.evaluate(_FOCUSED_LOOK)
        element = snippet(focused["html"])
        if not focused["visible"]:
            problems.append(
                Problem(where, "focus-visible", element, "keyboard focus lands on an element that cannot be seen")
            )
        elif not (
            (now["outline"] != "none" and now["outline"] != before["outline"])
            or now["boxShadow"] != before["boxShadow"]
        ):
            problems.append(
                Problem(
                    where,
                    "focus-indicator",
                    element,
                    f"no visible focus indicator: outline {now['outline']!r}, box-shadow {now['boxShadow']!r}"
                    " are the same as without focus — style :focus-visible with an outline",
                )
            )
    for index, element in enumerate(elements):
        if index not in reached:
            problems.append(Problem(where, "focus-order", snippet(element["html"]), "never reached with the Tab key"))
    return problems
