"""Reflow, resize and text spacing (WCAG 1.4.10, 1.4.4, 1.4.12), measured on the rendered page.

- Reflow: at 320 CSS px wide no element's box and no line of text extends past the viewport, and nothing is
  hidden by `overflow: hidden` on <html> or <body> (which would mask an overflow instead of fixing it).
- Resize: with the browser's text size at 200% the text really grows and nothing is clipped.
- Text spacing: with the WCAG 1.4.12 overrides nothing is clipped and nothing overflows the viewport.
"""

from __future__ import annotations

from playwright.sync_api import CDPSession
from playwright.sync_api import Page as Tab

from .problems import Problem, snippet

PHONE = {"width": 320, "height": 640}
# WCAG 1.4.12: line height 1.5, paragraph spacing 2, letter spacing 0.12, word spacing 0.16 (times font size).
TEXT_SPACING_CSS = """
* { line-height: 1.5 !important; letter-spacing: 0.12em !important; word-spacing: 0.16em !important; }
p { margin-bottom: 2em !important; }
"""
# Chromium's default font sizes (standard and monospace), which the resize check doubles.
DEFAULT_FONT_SIZES = {"standard": 16, "fixed": 13}

# Shared by the checks: is an element hidden on purpose (visually-hidden text, a skip link waiting for focus)?
_HELPERS = """
window.__gatesHidden = (el) => {
  for (let node = el; node && node.nodeType === 1; node = node.parentElement) {
    const s = getComputedStyle(node);
    if (s.display === "none" || s.visibility === "hidden") return true;
    if (s.clip === "rect(0px, 0px, 0px, 0px)" || /inset\\(50%\\)/.test(s.clipPath)) return true;
    const r = node.getBoundingClientRect();
    if (s.position === "absolute" && r.width <= 1 && r.height <= 1) return true;
  }
  return false;
};
// Inside a scroll container (a wide table in an overflow-x: auto wrapper) content may be wider: the container
// scrolls, the page does not (WCAG 1.4.10 allows this for two-dimensional content).
window.__gatesInScroller = (el) => {
  for (let node = el.parentElement; node && node !== document.body; node = node.parentElement) {
    if (["auto", "scroll"].includes(getComputedStyle(node).overflowX)) return true;
  }
  return false;
};
window.__gatesPath = (el) => {
  const parts = [];
  for (let node = el; node && node.nodeType === 1 && parts.length < 4; node = node.parentElement) {
    let part = node.tagName.toLowerCase();
    if (node.id) { parts.unshift(`${part}#${node.id}`); break; }
    if (node.classList.length) part += "." + [...node.classList].join(".");
    parts.unshift(part);
  }
  return parts.join(" > ");
};
"""

_OVERFLOW = """
() => {
  const width = document.documentElement.clientWidth;
  const found = [];
  for (const el of document.body.querySelectorAll("*")) {
    if (__gatesHidden(el) || __gatesInScroller(el)) continue;
    const r = el.getBoundingClientRect();
    if (r.width === 0 && r.height === 0) continue;
    if (r.right > width + 0.5 || r.left < -0.5) {
      found.push({path: __gatesPath(el), html: el.outerHTML, what: `box spans ${Math.round(r.left)}..${Math.round(r.right)} px`});
    }
  }
  const walker = document.createTreeWalker(document.body, NodeFilter.SHOW_TEXT);
  const range = document.createRange();
  for (let node = walker.nextNode(); node; node = walker.nextNode()) {
    if (!node.textContent.trim() || __gatesHidden(node.parentElement) || __gatesInScroller(node)) continue;
    range.selectNodeContents(node);
    for (const r of range.getClientRects()) {
      if (r.right > width + 0.5 || r.left < -0.5) {
        found.push({path: __gatesPath(node.parentElement), html: node.textContent.trim(),
                    what: `text runs ${Math.round(r.left)}..${Math.round(r.right)} px`});
        break;
      }
    }
  }
  const root = getComputedStyle(document.documentElement), body = getComputedStyle(document.body);
  return {
    width,
    scrollWidth: document.documentElement.scrollWidth,
    hiddenOn: [["html", root], ["body", body]]
      .filter(([, s]) => ["hidden", "clip"].includes(s.overflowX) || ["hidden", "clip"].includes(s.overflow))
      .map(([name]) => name),
    found,
  };
}
"""

_CLIPPED = """
() => {
  const found = [];
  for (const el of document.body.querySelectorAll("*")) {
    if (__gatesHidden(el)) continue;
    const s = getComputedStyle(el);
    const hides = (v) => v === "hidden" || v === "clip";
    const clipsX = hides(s.overflowX) && el.scrollWidth > el.clientWidth + 1;
    const clipsY = hides(s.overflowY) && el.scrollHeight > el.clientHeight + 1;
    const ellipsis = s.textOverflow === "ellipsis" && el.scrollWidth > el.clientWidth + 1;
    if (clipsX || clipsY || ellipsis) {
      found.push({path: __gatesPath(el), html: el.outerHTML,
                  what: `content ${el.scrollWidth}x${el.scrollHeight} px is cut to ${el.clientWidth}x${el.clientHeight} px`});
    }
  }
  return found;
}
"""

_BODY_TEXT_SIZE = """
() => {
  const el = document.querySelector("main p, main li, main") || document.body;
  return parseFloat(getComputedStyle(el).fontSize);
}
"""


def _prepare(tab: Tab) -> None:
    tab.evaluate(f"() => {{ {_HELPERS} }}")


def _overflow_problems(tab: Tab, where: str, rule: str) -> list[Problem]:
    _prepare(tab)
    result = tab.evaluate(_OVERFLOW)
    problems = [
        Problem(
            where,
            rule,
            f"{item['path']}  {snippet(item['html'], 100)}",
            f"{item['what']}, the viewport is {result['width']} px wide — let it wrap (overflow-wrap: anywhere,"
            " max-width: 100%)",
        )
        for item in result["found"]
    ]
    if result["scrollWidth"] > result["width"] and not problems:
        problems.append(
            Problem(
                where,
                rule,
                "html",
                f"the page scrolls sideways: {result['scrollWidth']} px of content in {result['width']} px",
            )
        )
    problems += [
        Problem(
            where, "reflow-overflow-hidden", name, f"overflow: hidden on <{name}> hides what does not fit; remove it"
        )
        for name in result["hiddenOn"]
    ]
    return problems


def _clipped_problems(tab: Tab, where: str, rule: str) -> list[Problem]:
    _prepare(tab)
    return [
        Problem(where, rule, f"{item['path']}  {snippet(item['html'], 100)}", item["what"])
        for item in tab.evaluate(_CLIPPED)
    ]


def check_reflow(tab: Tab, where: str) -> list[Problem]:
    """At 320 CSS px (the caller opens the page at PHONE size) everything fits the width and nothing is clipped."""
    return _overflow_problems(tab, where, "reflow-320") + _clipped_problems(tab, where, "reflow-clipped")


def _set_font_sizes(session: CDPSession, factor: int) -> None:
    """Set the browser's text size setting, as a reader does (Page.setFontSizes of the DevTools protocol)."""
    session.send("Page.setFontSizes", {"fontSizes": {key: size * factor for key, size in DEFAULT_FONT_SIZES.items()}})


def check_text_resize(tab: Tab, where: str) -> list[Problem]:
    """Double the browser's text size (as a reader's setting does): text grows, nothing is clipped or overflows."""
    before = tab.evaluate(_BODY_TEXT_SIZE)
    session = tab.context.new_cdp_session(tab)
    _set_font_sizes(session, 2)
    try:
        tab.evaluate("() => new Promise((done) => requestAnimationFrame(() => requestAnimationFrame(done)))")
        after = tab.evaluate(_BODY_TEXT_SIZE)
        problems = []
        if after < 1.9 * before:
            problems.append(
                Problem(
                    where,
                    "resize-text",
                    "main",
                    f"text stays at {after:g} px when the reader doubles the text size (was {before:g} px):"
                    " size text in rem or em, not px",
                )
            )
        problems += _overflow_problems(tab, where, "resize-overflow")
        problems += _clipped_problems(tab, where, "resize-clipped")
    finally:
        _set_font_sizes(session, 1)  # the tab is reused for the next page
        session.detach()
    return problems


def check_text_spacing(tab: Tab, where: str) -> list[Problem]:
    """Apply the WCAG 1.4.12 text spacing: nothing is clipped and nothing overflows the viewport."""
    tab.add_style_tag(content=TEXT_SPACING_CSS)
    tab.evaluate("() => new Promise((done) => requestAnimationFrame(() => requestAnimationFrame(done)))")
    return _overflow_problems(tab, where, "text-spacing-overflow") + _clipped_problems(
        tab, where, "text-spacing-clipped"
    )
