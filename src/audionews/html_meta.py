"""Facts about a news page beyond its text: encoding, headline, date, author.

Read from ``<meta>`` tags (``og:*``, ``article:*``), JSON-LD ``NewsArticle``
objects, ``<time>`` elements and visible Vietnamese dates, in that order of trust.
"""

from __future__ import annotations

import json
import logging
import re
import unicodedata
from datetime import datetime

import lxml.html

from .html_text import element_text, one_line, text_key
from .parse import is_byline, is_source_line, iso_from_match, parse_dateline
from .textclean import decode_bytes

logger = logging.getLogger(__name__)

_AUTHOR_CLASS_RE = re.compile(r"author|byline|tac-?gia", re.IGNORECASE)
_DATE_CLASS_RE = re.compile(r"date|time|publish", re.IGNORECASE)
_VISIBLE_DATE_RE = re.compile(
    r"(?P<d>\d{1,2})[/.-](?P<m>\d{1,2})[/.-](?P<y>\d{4})"
    r"(?:\s*[-,|]?\s*(?:lúc\s*)?(?P<H>\d{1,2})[:h](?P<M>\d{2}))?"
)
_ARTICLE_TYPES = {"NewsArticle", "Article", "ReportageNews", "BlogPosting", "AnalysisNewsArticle"}
_TITLE_SUFFIX_RE = re.compile(r"\s+[-|–—]\s+[^-|–—]{2,40}$")


_META_CHARSET_RE = re.compile(rb"""<meta[^>]+charset\s*=\s*["']?\s*([A-Za-z0-9_.:-]+)""", re.I)


def html_charset(data: bytes) -> str | None:
    """The charset a page declares in a ``<meta>`` tag in its first 4 KB, if any."""
    match = _META_CHARSET_RE.search(data[:4096])
    return match.group(1).decode("ascii").lower() if match else None


def decode_html(
    data: bytes,
    *,
    charset: str | None = None,
    name: str = "page",
    warnings: list[str] | None = None,
) -> str:
    """Decode a page's bytes (given charset, else ``<meta>`` charset, else detect) to NFC.

    Raises:
        InputError: when the bytes fit no encoding.
    """
    for candidate in (charset, html_charset(data)):
        if not candidate:
            continue
        try:
            return unicodedata.normalize("NFC", data.decode(candidate))
        except (LookupError, UnicodeDecodeError):
            logger.info("%s: declared charset %s does not decode it", name, candidate)
    return unicodedata.normalize("NFC", decode_bytes(data, name=name, warnings=warnings))


def meta_content(tree: lxml.html.HtmlElement, *names: str) -> str | None:
    """The content of the first ``<meta>`` with one of these property/name/itemprop."""
    for name in names:
        for element in tree.xpath(
            "//meta[@property=$n or @name=$n or @itemprop=$n][@content]", n=name
        ):
            value = element.get("content", "").strip()
            if value:
                return value
    return None


def json_ld_articles(tree: lxml.html.HtmlElement) -> list[dict]:
    """NewsArticle-like objects from the page's JSON-LD blocks (bad JSON is skipped)."""
    found: list[dict] = []

    def visit(node: object) -> None:
        if isinstance(node, list):
            for item in node:
                visit(item)
        elif isinstance(node, dict):
            kinds = node.get("@type")
            kinds = set(kinds) if isinstance(kinds, list) else {kinds}
            if kinds & _ARTICLE_TYPES:
                found.append(node)
            visit(node.get("@graph", []))

    for script in tree.xpath("//script[@type='application/ld+json']"):
        try:
            visit(json.loads(script.text_content() or "null"))
        except ValueError:
            logger.info("skipping a JSON-LD block that is not valid JSON")
    return found


def _ld_name(value: object) -> str | None:
    """A JSON-LD person or organisation (or a list of them) as a name."""
    if isinstance(value, list):
        names = [n for n in (_ld_name(v) for v in value) if n]
        return ", ".join(names) or None
    if isinstance(value, dict):
        value = value.get("name")
    return value.strip() if isinstance(value, str) and value.strip() else None


def ld_url(value: object) -> str | None:
    """A JSON-LD image or URL value (string, object or list) as a URL."""
    if isinstance(value, list):
        return next((u for u in map(ld_url, value) if u), None)
    if isinstance(value, dict):
        value = value.get("url") or value.get("contentUrl")
    return value.strip() if isinstance(value, str) and value.strip() else None


def iso_datetime(value: str) -> str | None:
    """An ISO 8601 date or datetime for a machine date or a Vietnamese visible date.

    Accepts "2025-05-09T11:02:00+07:00", "2025-05-09 11:02", "23/03/2015 08:06 GMT+7",
    "Thứ sáu, 09/05/2025 - 11:02"; returns None when the text holds no date.
    """
    text = one_line(value)
    if not text:
        return None
    try:
        parsed = datetime.fromisoformat(text.replace("Z", "+00:00"))
    except ValueError:
        pass
    else:
        return parsed.date().isoformat() if len(text) <= 10 else parsed.isoformat()
    if (dateline := parse_dateline(text)) is not None:
        return dateline
    return iso_from_match(_VISIBLE_DATE_RE.search(text))


def published_date(tree: lxml.html.HtmlElement, ld: list[dict]) -> str | None:
    """When the page says it was published, as ISO 8601, or None."""
    candidates: list[str | None] = [
        meta_content(tree, "article:published_time", "datePublished", "pubdate", "publishdate",
              "og:published_time", "dc.date", "date"),
    ]  # fmt: skip
    candidates += [a.get("datePublished") for a in ld if isinstance(a.get("datePublished"), str)]
    candidates += [t.get("datetime") for t in tree.xpath("//time[@datetime]")]
    for element in tree.xpath("//*[@class or self::time]"):
        if element.tag == "time" or _DATE_CLASS_RE.search(element.get("class", "")):
            text = element.text_content()
            if len(text) < 80:
                candidates.append(text)
    for candidate in candidates:
        if candidate and (iso := iso_datetime(candidate)):
            return iso
    return None


def headline(tree: lxml.html.HtmlElement, ld: list[dict]) -> str | None:
    """The article headline: the ``<h1>`` the metadata agrees with, else the metadata."""
    og = meta_content(tree, "og:title", "twitter:title")
    ld_headline = next((a["headline"] for a in ld if isinstance(a.get("headline"), str)), None)
    h1s = [element_text(h) for h in tree.xpath("//h1")]
    h1s = [h for h in h1s if len(h.split()) >= 3]
    for h1 in h1s:  # an h1 the metadata agrees with is the clean headline
        if any(ref and text_key(h1) in text_key(ref) for ref in (og, ld_headline)):
            return h1
    if ld_headline:
        return one_line(ld_headline)
    if og:
        return _TITLE_SUFFIX_RE.sub("", one_line(og))
    if h1s:  # several h1s: the site logo is one; the headline is the longest
        return max(h1s, key=len)
    title = tree.findtext(".//title")
    return _TITLE_SUFFIX_RE.sub("", one_line(title)) if title else None


def author_name(tree: lxml.html.HtmlElement, ld: list[dict]) -> str | None:
    """The writer: JSON-LD, ``<meta name=author>``, a byline box, or a signed name."""
    for article in ld:
        if name := _ld_name(article.get("author")):
            return name
    meta = meta_content(tree, "author", "article:author", "dc.creator")
    if meta and not meta.startswith(("http://", "https://")):
        return meta
    for element in tree.xpath("//*[@class or @rel]"):
        if element.get("rel") == "author" or _AUTHOR_CLASS_RE.search(element.get("class", "")):
            text = element_text(element)
            if (
                1 <= len(text.split()) <= 6
                and not any(ch.isdigit() for ch in text)
                and not is_source_line(text)  # "Theo Báo X" in a byline box is the source
            ):
                return text
    # An all-caps name in bold, alone in its block, as Vietnamese papers sign articles.
    for strong in tree.xpath("//strong | //b"):
        text = element_text(strong)
        parent = strong.getparent()
        if parent is None or parent.tag in ("a", "li", "h1", "h2", "h3", "h4"):
            continue
        if is_byline(text) and element_text(parent) == text:
            return text.title()
    return None
