"""Text of HTML elements as the extractor compares and speaks it.

One normal form for text read from the page with lxml and text trafilatura gives
back, so the two can be matched; and element text with spaces where blocks meet.
"""

from __future__ import annotations

import re
from collections.abc import Iterable

import lxml.html

from .textclean import clean_text

_BLOCK_TAGS = {
    "p", "div", "br", "li", "ul", "ol", "h1", "h2", "h3", "h4", "h5", "h6", "figcaption",
    "figure", "td", "th", "tr", "table", "section", "article", "blockquote", "header",
}  # fmt: skip
# ". Ảnh minh họa", ", theo ...": punctuation left over at the start of a line.
_LEADING_JUNK_RE = re.compile(r"^[.,;:]+\s*")


def text_key(text: str) -> str:
    """A comparison key for the same text read from the page and from trafilatura."""
    return re.sub(r"\s+", " ", clean_text(text)).strip().casefold()


def one_line(text: str) -> str:
    """Text on one line, without the stray punctuation editors leave at its start."""
    return _LEADING_JUNK_RE.sub("", re.sub(r"\s+", " ", clean_text(text)).strip())


def element_text(element: lxml.html.HtmlElement) -> str:
    """An element's text on one line, with a space where blocks meet.

    ``text_content()`` glues "<p>Phối cảnh</p><p>ẢNH: X</p>" into "Phối cảnhẢNH: X".
    """
    parts: list[str] = []

    def walk(node: lxml.html.HtmlElement) -> None:
        block = node.tag in _BLOCK_TAGS
        if block:
            parts.append(" ")
        parts.append(node.text or "")
        for child in node:
            if isinstance(child.tag, str):
                walk(child)
            parts.append(child.tail or "")
        if block:
            parts.append(" ")

    walk(element)
    return one_line("".join(parts))


def class_of(element: lxml.html.HtmlElement) -> str:
    """The element's class and id together, for matching furniture names."""
    return f"{element.get('class', '')} {element.get('id', '')}"


def has_class(element: lxml.html.HtmlElement, names: Iterable[str]) -> bool:
    """Whether one of the element's classes is exactly one of ``names``."""
    tokens = set(element.get("class", "").split())
    return any(name in tokens for name in names)
