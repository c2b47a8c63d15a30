"""Find markup that could run code, restyle the page or load another page in rendered HTML (lxml).

`unsafe_markup()` reads HTML as a browser would (libxml2's HTML5 tokenizer, entities decoded) and
returns every forbidden element, event handler (`on…=`), `style=` attribute and address with a
`javascript:`, `vbscript:` or `data:` scheme. Used on each body rendered by `invoke check` and, as
the last line of defence, on each item Pelican has rendered (hooks.py).
"""

from __future__ import annotations

import re
from dataclasses import dataclass

import lxml.html

# Elements content may never contain, with the kind of thing each is (the fix depends on it).
FORBIDDEN_ELEMENTS = {
    **dict.fromkeys(("script", "noscript"), "script"),
    **dict.fromkeys(("style", "link"), "style"),
    **dict.fromkeys(("iframe", "frame", "frameset", "object", "embed", "applet", "portal"), "embed"),
    **dict.fromkeys(("form", "input", "button", "textarea", "select", "keygen", "isindex"), "form"),
    **dict.fromkeys(("svg", "math"), "drawing"),
    **dict.fromkeys(("base", "meta", "title", "head", "html", "body"), "page"),
}
# The parser folds these into the document it builds, so they are looked for in the markup itself:
# a browser adds the attributes of a stray <body onload=...> to the page's own <body>.
DOCUMENT_ELEMENTS = ("html", "head", "body")
# Attributes that hold an address the browser follows or loads.
URL_ATTRIBUTES = (
    "href",
    "src",
    "action",
    "formaction",
    "data",
    "poster",
    "background",
    "cite",
    "longdesc",
    "lowsrc",
    "dynsrc",
    "ping",
    "codebase",
    "manifest",
    "xlink:href",
)
# Schemes of addresses that run code or smuggle in a document (links.py skips them: they are refused here).
UNSAFE_SCHEMES = ("javascript", "vbscript", "data")
_C0_AND_SPACE = "".join(map(chr, range(0x21)))
_SCHEME = re.compile(r"^([a-zA-Z][a-zA-Z0-9+.-]*):")
# An HTML comment as a browser ends it (`<!-->` and `--!>` included); unclosed, it runs to the end.
_COMMENT = re.compile(r"<!--(?:-?>|.*?--!?>|.*\Z)", re.DOTALL)
_DOCUMENT_TAG = re.compile(r"<(" + "|".join(DOCUMENT_ELEMENTS) + r")(?=[\s/>])", re.IGNORECASE)


@dataclass(frozen=True)
class Finding:
    """One piece of unsafe markup: what kind, on which element, which attribute and, for addresses, the scheme."""

    kind: str  # "element", "handler", "style" or "url"
    element: str
    attribute: str | None = None
    scheme: str | None = None

    def describe(self) -> str:
        if self.kind == "element":
            return f"<{self.element}>"
        if self.kind == "url":
            return f"<{self.element} {self.attribute}> with a {self.scheme}: address"
        return f"<{self.element} {self.attribute}=...>"


def url_scheme(value: str) -> str:
    """The scheme of an address as a browser reads it: spaces and control characters around it
    and tabs and line breaks inside it do not count ("java\\tscript:" is "javascript")."""
    cleaned = re.sub(r"[\t\n\r]", "", value).strip(_C0_AND_SPACE)
    match = _SCHEME.match(cleaned)
    return match.group(1).lower() if match else ""


def _url_attribute(name: str) -> bool:
    return name in URL_ATTRIBUTES or name.endswith(("href", "src"))


def unsafe_markup(html: str) -> list[Finding]:
    """Every forbidden element, handler, style attribute and unsafe address in `html`, in document order."""
    found: list[Finding] = []
    text = _COMMENT.sub("", html)
    for match in _DOCUMENT_TAG.finditer(text):
        found.append(Finding("element", match.group(1).lower()))
    if not text.strip():
        return found
    root = lxml.html.fragment_fromstring(text, create_parent="div")
    skipped: set = set()
    for element in root.iter():
        if not isinstance(element.tag, str) or element in skipped:
            continue
        tag = element.tag.lower()
        if tag in FORBIDDEN_ELEMENTS:
            found.append(Finding("element", tag))
            # Its attributes and contents go with it.
            skipped.update(element.iterdescendants())
            continue
        for attribute, value in element.attrib.items():
            name = attribute.lower()
            if name.startswith("on"):
                found.append(Finding("handler", tag, name))
            elif name == "style":
                found.append(Finding("style", tag, name))
            elif _url_attribute(name) and url_scheme(value) in UNSAFE_SCHEMES:
                found.append(Finding("url", tag, name, url_scheme(value)))
            elif name in ("srcset", "imagesrcset"):
                for candidate in value.split(","):
                    if candidate.strip() and url_scheme(candidate.split()[0]) in UNSAFE_SCHEMES:
                        found.append(Finding("url", tag, name, url_scheme(candidate.split()[0])))
                        break
    return found
