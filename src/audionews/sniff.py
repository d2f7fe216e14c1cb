"""Tell an HTML page from plain text by looking at it (cheap: no HTML parser loaded)."""

from __future__ import annotations

import re

__all__ = ["looks_like_html"]


def looks_like_html(text: str) -> bool:
    """Whether decoded input is an HTML page or fragment rather than plain text."""
    head = text.lstrip()[:2000].lower()
    if head.startswith(("<!doctype html", "<html", "<?xml")) and "<html" in head:
        return True
    tags = re.findall(r"<(p|div|h1|h2|article|body|head|meta|figure|table|span|section|br)\b", text)
    return len(tags) >= 3 or bool(
        re.match(r"<(?:!--.*?-->\s*)*<(?:html|body|article|div)\b", text.lstrip(), re.S)
    )
