"""Read a news web page into an :class:`~audionews.model.Article`.

The main text is found by ``trafilatura`` (it knows which part of a page is the
article and drops menus, ads and comments); ``lxml`` reads the page itself for what
trafilatura flattens away: which paragraphs are photo captions, which one is the
sapo (the lead printed under the headline), the source line, the byline and the
metadata (``og:*``/``article:*`` tags, JSON-LD, ``<time>``, a visible date).

Roles follow the markup when the page marks them and the plain-text rules of
:mod:`audionews.parse` otherwise:

* the sapo becomes one :attr:`SegmentKind.LEAD` segment (agency tag such as
  "TT - " or "(Dân trí) - " removed); a page without a marked sapo has no LEAD
  segment and its first paragraph stays BODY, as in plain text;
* subheadings (``h2``-``h6``, or a short paragraph that is all bold) are HEADING;
* captions (``figcaption``, image-table cells such as ``td.ck_legend``, classes like
  ``PhotoCMS_Caption``/``Image``/``pCaption``, an all-italic line under an image, or
  a paragraph carrying a photo credit "Ảnh: ...") are CAPTION;
* "Theo <source>" lines are SOURCE; bylines go to ``Article.author``, not to speech.
"""

from __future__ import annotations

import json
import logging
import re
import unicodedata
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from datetime import datetime
from urllib.parse import urljoin, urlparse

import lxml.etree
import lxml.html
import trafilatura
from trafilatura.metadata import extract_metadata
from trafilatura.settings import set_date_params

from .errors import InputError
from .model import Article, Segment, SegmentKind
from .parse import (
    is_byline,
    is_caption,
    is_noise,
    is_source_line,
    is_trailer_heading,
    parse_dateline,
    strip_lead_tag,
)
from .textclean import clean_text, decode_bytes, repair_mojibake, repair_text

logger = logging.getLogger(__name__)

# --- page furniture removed before extraction ------------------------------------------
_DROP_TAGS = (
    "script", "style", "noscript", "iframe", "form", "button", "svg", "video", "audio",
    "input", "select", "textarea", "object", "embed", "template", "canvas",
)  # fmt: skip
# class/id words of boxes that are never the article: share bars, related news,
# comments, ads ("qc" = quảng cáo), audio/video players, tag lists, toolbars.
_FURNITURE_RE = re.compile(
    r"(?:^|[\s_-])(?:share|sharing|social|related|relate|lienquan|tinlienquan|comments?"
    r"|binhluan|ads?|advert\w*|adsense|banner|qc|quangcao|audio|v?player|tags?|tag-?list"
    r"|keywords?|breadcrumbs?|toolbar|tool|list-tool|print|rating|newsletter|recommend\w*"
    r"|sidebar|right-side|popup|modal|subscribe|login|most-?view|readmore|read-more"
    r"|xem-?them|sticky|dta-unit|fontsize|font-size|zoom-text)(?:$|[\s_-])",
    re.IGNORECASE,
)
_HIDDEN_STYLE_RE = re.compile(r"display\s*:\s*none|visibility\s*:\s*hidden", re.IGNORECASE)
# A box bigger than this share of the page's text is the article, whatever its class.
_MAX_FURNITURE_SHARE = 0.4
# A paragraph this long is article text, not a related-news teaser.
_ARTICLE_PARAGRAPH_WORDS = 20
# After a "Tin liên quan" label, lines up to this long are the related headlines.
_RELATED_TEASER_WORDS = 25

# --- role markup -------------------------------------------------------------------------
_CAPTION_CLASSES = (
    "ck_legend", "PhotoCMS_Caption", "pCaption", "caption", "image-caption", "img-caption",
    "fig-caption", "figure-caption", "pic_caption", "photo-caption", "Image", "desc_image",
    "expNoEdit", "caption-text", "imgcaption", "image_caption", "img_caption",
)  # fmt: skip
_SAPO_CLASSES = (
    "txt-head", "description", "the-article-summary", "article-summary", "chapeau",
    "chappeau", "lead", "lead-text", "article-lead", "detail__summary", "summary",
    "short_intro", "intro", "news-sapo", "box-sapo",
)  # fmt: skip
_SAPO_TAGS = ("p", "h2", "h3", "div", "span", "strong", "section")
_SOURCE_CLASS_RE = re.compile(r"source|nguon", re.IGNORECASE)
_AUTHOR_CLASS_RE = re.compile(r"author|byline|tac-?gia", re.IGNORECASE)
_DATE_CLASS_RE = re.compile(r"date|time|publish", re.IGNORECASE)
_VISIBLE_DATE_RE = re.compile(
    r"(?P<d>\d{1,2})[/.-](?P<m>\d{1,2})[/.-](?P<y>\d{4})"
    r"(?:\s*[-,|]?\s*(?:lúc\s*)?(?P<H>\d{1,2})[:h](?P<M>\d{2}))?"
)
_ARTICLE_TYPES = {"NewsArticle", "Article", "ReportageNews", "BlogPosting", "AnalysisNewsArticle"}
_TITLE_SUFFIX_RE = re.compile(r"\s+[-|–—]\s+[^-|–—]{2,40}$")
_TERMINAL = (".", "!", "?", "…", ":", ";", '"', "”", "’", ")", "»")
_HEADING_MAX_WORDS = 14
# ". Ảnh minh họa", ", theo ...": punctuation left over at the start of a line.
_LEADING_JUNK_RE = re.compile(r"^[.,;:]+\s*")
_LABEL_MAX_WORDS = 3
_BLOCK_TAGS = {
    "p", "div", "br", "li", "ul", "ol", "h1", "h2", "h3", "h4", "h5", "h6", "figcaption",
    "figure", "td", "th", "tr", "table", "section", "article", "blockquote", "header",
}  # fmt: skip
_TEXT_TAGS = {"p", "h2", "h3", "h4", "h5", "h6", "li", "td", "figcaption", "blockquote", "div"}
# A caption line that is only the credit ("ẢNH: BQL DỰ ÁN") belongs to the line above.
_CREDIT_ONLY_RE = re.compile(
    r"^\(?(?:ảnh|hình|video|clip|đồ họa|đồ hoạ|nguồn|photo)(?: minh (?:họa|hoạ))?"
    r"(?:\s*:\s*[^.!?]{1,60})?\)?\.?$",
    re.IGNORECASE,
)


def _key(text: str) -> str:
    """A comparison key for the same text read from the page and from trafilatura."""
    return re.sub(r"\s+", " ", clean_text(text)).strip().casefold()


def _one_line(text: str) -> str:
    """Text on one line, without the stray punctuation editors leave at its start."""
    return _LEADING_JUNK_RE.sub("", re.sub(r"\s+", " ", clean_text(text)).strip())


def _text(element: lxml.html.HtmlElement) -> str:
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
    return _one_line("".join(parts))


def _class_of(element: lxml.html.HtmlElement) -> str:
    return f"{element.get('class', '')} {element.get('id', '')}"


def _has_class(element: lxml.html.HtmlElement, names: Iterable[str]) -> bool:
    tokens = set(element.get("class", "").split())
    return any(name in tokens for name in names)


# --- decoding --------------------------------------------------------------------------
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


# --- metadata ----------------------------------------------------------------------------
def _meta(tree: lxml.html.HtmlElement, *names: str) -> str | None:
    for name in names:
        for element in tree.xpath(
            "//meta[@property=$n or @name=$n or @itemprop=$n][@content]", n=name
        ):
            value = element.get("content", "").strip()
            if value:
                return value
    return None


def _json_ld_articles(tree: lxml.html.HtmlElement) -> list[dict]:
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
    if isinstance(value, list):
        names = [n for n in (_ld_name(v) for v in value) if n]
        return ", ".join(names) or None
    if isinstance(value, dict):
        value = value.get("name")
    return value.strip() if isinstance(value, str) and value.strip() else None


def _ld_url(value: object) -> str | None:
    if isinstance(value, list):
        return next((u for u in map(_ld_url, value) if u), None)
    if isinstance(value, dict):
        value = value.get("url") or value.get("contentUrl")
    return value.strip() if isinstance(value, str) and value.strip() else None


def iso_datetime(value: str) -> str | None:
    """An ISO 8601 date or datetime for a machine date or a Vietnamese visible date.

    Accepts "2025-05-09T11:02:00+07:00", "2025-05-09 11:02", "23/03/2015 08:06 GMT+7",
    "Thứ sáu, 09/05/2025 - 11:02"; returns None when the text holds no date.
    """
    text = _one_line(value)
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
    match = _VISIBLE_DATE_RE.search(text)
    if not match:
        return None
    day, month, year = int(match["d"]), int(match["m"]), int(match["y"])
    if not (1 <= day <= 31 and 1 <= month <= 12):
        return None
    if match["H"] is not None:
        return f"{year:04d}-{month:02d}-{day:02d}T{int(match['H']):02d}:{match['M']}:00"
    return f"{year:04d}-{month:02d}-{day:02d}"


def _published(tree: lxml.html.HtmlElement, ld: list[dict]) -> str | None:
    candidates: list[str | None] = [
        _meta(tree, "article:published_time", "datePublished", "pubdate", "publishdate",
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


def _title(tree: lxml.html.HtmlElement, ld: list[dict]) -> str | None:
    og = _meta(tree, "og:title", "twitter:title")
    ld_headline = next((a["headline"] for a in ld if isinstance(a.get("headline"), str)), None)
    h1s = [_text(h) for h in tree.xpath("//h1")]
    h1s = [h for h in h1s if len(h.split()) >= 3]
    for h1 in h1s:  # an h1 the metadata agrees with is the clean headline
        if any(ref and _key(h1) in _key(ref) for ref in (og, ld_headline)):
            return h1
    if ld_headline:
        return _one_line(ld_headline)
    if og:
        return _TITLE_SUFFIX_RE.sub("", _one_line(og))
    if h1s:  # several h1s: the site logo is one; the headline is the longest
        return max(h1s, key=len)
    title = tree.findtext(".//title")
    return _TITLE_SUFFIX_RE.sub("", _one_line(title)) if title else None


def _author(tree: lxml.html.HtmlElement, ld: list[dict]) -> str | None:
    for article in ld:
        if name := _ld_name(article.get("author")):
            return name
    meta = _meta(tree, "author", "article:author", "dc.creator")
    if meta and not meta.startswith(("http://", "https://")):
        return meta
    for element in tree.xpath("//*[@class or @rel]"):
        if element.get("rel") == "author" or _AUTHOR_CLASS_RE.search(element.get("class", "")):
            text = _text(element)
            if (
                1 <= len(text.split()) <= 6
                and not any(ch.isdigit() for ch in text)
                and not is_source_line(text)  # "Theo Báo X" in a byline box is the source
            ):
                return text
    # An all-caps name in bold, alone in its block, as Vietnamese papers sign articles.
    for strong in tree.xpath("//strong | //b"):
        text = _text(strong)
        parent = strong.getparent()
        if parent is None or parent.tag in ("a", "li", "h1", "h2", "h3", "h4"):
            continue
        if is_byline(text) and _text(parent) == text:
            return text.title()
    return None


# --- role texts read from the page ------------------------------------------------------
def _is_image_holder(element: lxml.html.HtmlElement) -> bool:
    """An element that shows an image and no text (``<p><img></p>``, a picture div)."""
    return (element.tag == "img" or bool(element.xpath(".//img"))) and not _one_line(
        element.text_content()
    )


def _italic_text(element: lxml.html.HtmlElement) -> str | None:
    """The text of a block whose whole text is in ``<em>``/``<i>``, else None."""
    text = _text(element)
    italic = _one_line(" ".join(_text(e) for e in element.xpath(".//em | .//i")))
    return text if text and italic == text else None


@dataclass(frozen=True)
class _Caption:
    """A caption the markup shows: its text, page position and whether it is whole."""

    text: str
    position: int
    whole: bool  # False for one line of a several-line caption


def _caption_texts(tree: lxml.html.HtmlElement) -> dict[str, _Caption]:
    """Every text the markup shows as an image caption, by comparison key."""
    position = {element: index for index, element in enumerate(tree.iter())}
    captions: dict[str, _Caption] = {}

    def add_text(text: str, element: lxml.html.HtmlElement, whole: bool = True) -> None:
        if text and len(text) <= 600 and not _is_in_furniture(element):
            captions.setdefault(_key(text), _Caption(text, position[element], whole))

    def add(element: lxml.html.HtmlElement) -> None:
        add_text(_text(element), element)
        lines = element.xpath(".//p")
        if len(lines) > 1:  # a caption of several lines: each line is caption text too
            for line in lines:
                add_text(_text(line), line, whole=False)

    for element in tree.xpath("//figcaption"):
        add(element)
    for element in tree.xpath("//*[@class]"):
        if _has_class(element, _CAPTION_CLASSES):
            add(element)
    # Image tables: a small table with an image, its text cells are the caption.
    for table in tree.xpath("//table[.//img]"):
        if len(table.xpath(".//tr")) <= 3:
            for cell in table.xpath(".//td[not(.//img)]"):
                add(cell)
    # An all-italic line right under an image, or in the same paragraph after it.
    for holder in tree.xpath("//img/ancestor-or-self::*[self::p or self::div or self::figure]"):
        if _is_image_holder(holder):
            following = holder.getnext()
            if (
                following is not None
                and following.tag in ("p", "div")
                and (text := _italic_text(following))
            ):
                add_text(text, following)
    for paragraph in tree.xpath("//p[.//img]"):
        for italic in paragraph.xpath("./em | ./i"):
            add_text(_text(italic), italic)
    return captions


def _restore_captions(
    segments: list[Segment], captions: dict[str, _Caption], positions: dict[str, int]
) -> list[Segment]:
    """Put back captions trafilatura dropped from inside the article, in page order.

    Only captions that sit between the first and last extracted paragraph on the
    page are restored: one outside that span belongs to another story.
    """
    result = list(segments)
    present = {_key(s.text) for s in result}

    def page_position(segment: Segment) -> int | None:
        key = _key(segment.text)
        if key in captions:
            return captions[key].position
        return positions.get(key)

    known = [p for p in map(page_position, result) if p is not None]
    if not known:
        return result
    first, last = min(known), max(known)
    missing = sorted(
        (c.position, c.text)
        for key, c in captions.items()
        if c.whole
        and first < c.position < last
        and key not in present
        and not _CREDIT_ONLY_RE.match(c.text)
    )
    for position, text in missing:
        if any(_key(text) in key for key in present):
            continue  # already spoken as part of a longer caption
        # after the segment that precedes the caption most closely on the page
        preceding = [
            (p, i)
            for i, s in enumerate(result)
            if (p := page_position(s)) is not None and p < position
        ]
        after = max(preceding)[1] if preceding else -1
        result.insert(after + 1, Segment(SegmentKind.CAPTION, text))
        present.add(_key(text))
    return result


def _text_positions(tree: lxml.html.HtmlElement) -> dict[str, int]:
    """The page position of every paragraph-like text, by key (first occurrence)."""
    positions: dict[str, int] = {}
    for index, element in enumerate(tree.iter()):
        if isinstance(element.tag, str) and element.tag in _TEXT_TAGS:
            text = _text(element)
            if text:
                positions.setdefault(_key(text), index)
    return positions


def _is_in_furniture(element: lxml.html.HtmlElement) -> bool:
    return any(
        ancestor.tag == "aside" or re.search(r"related|lienquan", _class_of(ancestor), re.I)
        for ancestor in element.iterancestors()
    )


def _sapo_text(tree: lxml.html.HtmlElement) -> str | None:
    """The lead paragraph the page marks as such (sapo/summary/description)."""
    for element in tree.xpath("//*[@class]"):
        if element.tag not in _SAPO_TAGS or _is_in_furniture(element):
            continue
        classes = element.get("class", "")
        if "sapo" in classes.lower() or _has_class(element, _SAPO_CLASSES):
            text = _text(element)
            if len(text.split()) >= 8:
                return text
    return None


def _source_line(tree: lxml.html.HtmlElement) -> str | None:
    """The "Theo <source>" line that closes the article, if the page has one."""
    for element in tree.xpath("//*[@class]"):
        if _SOURCE_CLASS_RE.search(element.get("class", "")) and not _is_in_furniture(element):
            text = _text(element)
            if is_source_line(text):
                return text
    # Unmarked: the last short block that reads "Theo X" outside any related box.
    found = None
    for element in tree.xpath("//p | //div[not(*) or strong or b or em] | //span"):
        text = _text(element)
        if (
            is_source_line(text)
            and not text.startswith("Theo dõi")
            and not _is_in_furniture(element)
        ):
            found = text
    return found


# --- cleaning and extraction --------------------------------------------------------------
def _drop(element: lxml.html.HtmlElement) -> None:
    if element.getparent() is not None:
        element.drop_tree()


def _holds_article(element: lxml.html.HtmlElement) -> bool:
    """Whether a box holds the article itself: its headline or several real paragraphs."""
    if element.xpath(".//h1"):
        return True
    long_paragraphs = 0
    for paragraph in element.iter("p"):
        if len(paragraph.text_content().split()) >= _ARTICLE_PARAGRAPH_WORDS:
            long_paragraphs += 1
            if long_paragraphs >= 3:
                return True
    return False


def _remove_furniture(tree: lxml.html.HtmlElement) -> None:
    """Remove scripts, players, share bars, related boxes and hidden blocks in place.

    A box is never removed when it holds the article (a wrapper whose class happens
    to say "sticky" or "sidebar"); trafilatura judges what is left.
    """
    for element in tree.xpath("|".join(f"//{tag}" for tag in _DROP_TAGS)):
        _drop(element)
    body = tree.find("body")
    page_chars = len((body if body is not None else tree).text_content()) or 1

    def removable(element: lxml.html.HtmlElement) -> bool:
        return len(
            element.text_content()
        ) < _MAX_FURNITURE_SHARE * page_chars and not _holds_article(element)

    for element in list(tree.iter()):
        if not isinstance(element.tag, str) or element.tag in ("html", "body", "main"):
            continue
        if element.getroottree().getroot() is not tree:
            continue  # inside a box already removed
        furniture = (
            _FURNITURE_RE.search(_class_of(element))
            or _HIDDEN_STYLE_RE.search(element.get("style", ""))
            or element.get("hidden") is not None
            or element.tag == "aside"
        )
        if furniture and removable(element):
            _drop(element)
    # A "Tin liên quan" heading takes the box it opens with it.
    for heading in tree.xpath("//h2 | //h3 | //h4 | //div | //p | //span | //strong"):
        if heading.getroottree().getroot() is not tree:
            continue
        if len(heading) == 0 and is_trailer_heading(_text(heading)):
            box = heading.getparent()
            if box is not None and box.tag in ("p", "strong", "b") and len(box) == 1:
                box = box.getparent()  # <p><strong>Tin liên quan</strong></p>
            if box is not None and box.tag not in ("html", "body", "main") and removable(box):
                _drop(box)


@dataclass
class _Roles:
    """What the page's markup says about roles, as comparison keys."""

    captions: dict[str, _Caption]
    sapo: str | None
    source_line: str | None = None


def _block_text(element: lxml.etree._Element) -> str:
    return _one_line("".join(element.itertext()))


def _all_bold(element: lxml.etree._Element) -> bool:
    """Whether a trafilatura ``<p>`` is entirely in ``<hi rend="#b">``."""
    text = _block_text(element)
    bold = _one_line(
        " ".join("".join(h.itertext()) for h in element.iter("hi") if h.get("rend") in ("#b", "#u"))
    )
    return bool(text) and bold == text


def _italic_only(element: lxml.etree._Element) -> bool:
    text = _block_text(element)
    italic = _one_line(
        " ".join("".join(h.itertext()) for h in element.iter("hi") if h.get("rend") == "#i")
    )
    return bool(text) and italic == text


@dataclass
class _Block:
    """One paragraph-like block of trafilatura's output."""

    tag: str  # "p", "head", "graphic", "cell"
    text: str = ""
    bold: bool = False
    italic: bool = False
    src: str | None = None


def _blocks(main: lxml.etree._Element) -> Iterator[_Block]:
    for element in main:
        tag = element.tag
        if tag == "graphic":
            yield _Block("graphic", src=element.get("src"))
        elif tag == "head":
            yield _Block("head", _block_text(element))
        elif tag == "list":
            for item in element.iter("item"):
                yield _Block("p", _block_text(item))
        elif tag == "table":
            for row in element.iter("row"):
                for cell in row:
                    if cell.find(".//graphic") is not None and not _block_text(cell):
                        graphic = cell.find(".//graphic")
                        yield _Block("graphic", src=graphic.get("src"))
                cells = [_block_text(cell) for cell in row]
                cells = [c for c in cells if c]
                if cells:
                    yield _Block("cell", "; ".join(cells))
        elif tag in ("quote", "div"):
            children = [c for c in element if c.tag == "p"]
            for child in children or [element]:
                yield _Block("p", _block_text(child))
        else:
            for graphic in element.iter("graphic"):
                yield _Block("graphic", src=graphic.get("src"))
            yield _Block("p", _block_text(element), _all_bold(element), _italic_only(element))


def _trafilatura_main(tree: lxml.html.HtmlElement, url: str | None) -> lxml.etree._Element | None:
    xml = trafilatura.extract(
        tree,
        url=url,
        output_format="xml",
        include_images=True,
        include_tables=True,
        include_formatting=True,
        include_comments=False,
        include_links=False,
        favor_recall=True,
        deduplicate=False,
        with_metadata=False,
    )
    if not xml:
        return None
    main = lxml.etree.fromstring(xml.encode("utf-8")).find("main")
    return main if main is not None and len(main) else None


def _fallback_main(tree: lxml.html.HtmlElement) -> lxml.etree._Element:
    """Paragraphs of the cleaned page in order, when trafilatura finds no article."""
    main = lxml.etree.Element("main")
    for element in tree.xpath("//p | //h2 | //h3 | //h4 | //figcaption | //td[not(.//p)]"):
        text = _text(element)
        if not text:
            continue
        child = lxml.etree.SubElement(main, "head" if element.tag.startswith("h") else "p")
        child.text = text
    return main


def _classify(block: _Block, roles: _Roles, seen_body: bool, after_image: bool) -> SegmentKind:
    key = _key(block.text)
    if roles.source_line and _key(roles.source_line).endswith(key):
        return SegmentKind.SOURCE  # the marked source line, maybe without its "Theo"
    if key in roles.captions:
        return SegmentKind.CAPTION
    if roles.sapo and (key == _key(roles.sapo) or _key(roles.sapo).startswith(key)):
        return SegmentKind.LEAD
    if block.tag == "head":
        return SegmentKind.HEADING
    if is_caption(block.text) or (after_image and block.italic):
        return SegmentKind.CAPTION
    if is_source_line(block.text):
        return SegmentKind.SOURCE
    if (
        seen_body
        and block.bold
        and len(block.text.split()) <= _HEADING_MAX_WORDS
        and not block.text.endswith(_TERMINAL)
    ):
        return SegmentKind.HEADING
    return SegmentKind.BODY


def _segments(
    blocks: Iterable[_Block], roles: _Roles, title: str
) -> tuple[list[Segment], str | None, str | None]:
    """Segments after the title, plus the first content image and a signed author."""
    segments: list[Segment] = []
    first_image: str | None = None
    author: str | None = None
    seen_text = after_image = in_related_box = False
    lead: Segment | None = None
    for block in blocks:
        if block.tag == "graphic":
            first_image = first_image or block.src
            after_image = True
            continue
        text = block.text
        if not text:
            continue
        if is_trailer_heading(text):
            in_related_box = True  # a "Tin liên quan" list left inside the article
            continue
        if in_related_box:
            if block.tag == "head" or len(text.split()) <= _RELATED_TEASER_WORDS:
                continue  # a related headline
            in_related_box = False
        if is_noise(text) or _key(text) == _key(title) or parse_dateline(text):
            continue
        kind = _classify(block, roles, seen_text, after_image)
        after_image = False
        if kind == SegmentKind.SOURCE and roles.source_line:
            text = roles.source_line
        if kind == SegmentKind.HEADING and not seen_text:
            continue  # kicker, section name or a repeated headline above the text
        if kind == SegmentKind.LEAD:
            # the sapo opens the article wherever trafilatura put it (it may come last)
            lead = lead or Segment(SegmentKind.LEAD, strip_lead_tag(text))
            seen_text = True
            continue
        if (
            kind == SegmentKind.BODY
            and _is_label(text)
            and not any(seg.kind == SegmentKind.BODY for seg in segments)
        ):
            continue  # "Banner lớn", a menu word: furniture above the first paragraph
        if kind == SegmentKind.BODY and (is_byline(text) or (block.bold and _is_signature(text))):
            author = author or (text.title() if text.isupper() else text)
            continue
        if kind == SegmentKind.BODY and not seen_text and not roles.sapo:
            text = strip_lead_tag(text)
        seen_text = seen_text or kind in (SegmentKind.BODY, SegmentKind.LEAD)
        if kind == SegmentKind.CAPTION and _CREDIT_ONLY_RE.match(text):
            if segments and segments[-1].kind == SegmentKind.CAPTION:
                segments[-1] = Segment(SegmentKind.CAPTION, f"{segments[-1].text} {text}")
            continue  # a credit with no picture description has nothing to say
        segments.append(Segment(kind, text))
    if lead is not None:
        segments.insert(0, lead)
    # The signature closes the article: a short line of capitalised words, often bold
    # (so read as a heading); a heading with no text after it is never a heading.
    while segments and segments[-1].kind in (SegmentKind.HEADING, SegmentKind.BODY):
        last = segments[-1].text
        if is_byline(last) or _is_signature(last):
            author = author or (last.title() if last.isupper() else last)
        elif segments[-1].kind == SegmentKind.BODY:
            break
        segments.pop()
    return segments, first_image, author


def _is_label(text: str) -> bool:
    """A line of at most three words with no sentence punctuation: a label, not prose."""
    return len(text.split()) <= _LABEL_MAX_WORDS and not text.endswith(_TERMINAL)


def _is_signature(text: str) -> bool:
    words = text.split()
    return (
        1 <= len(words) <= 5
        and not text.endswith(_TERMINAL)
        and all(w[:1].isupper() for w in words)
    )


def _absolute_http(src: str | None, base: str | None) -> str | None:
    if not src or src.startswith("data:"):
        return None
    full = urljoin(base, src) if base else src
    return full if urlparse(full).scheme in ("http", "https") else None


def _repair_segments(segments: list[Segment], name: str, warnings: list[str]) -> list[Segment]:
    repaired: list[Segment] = []
    for segment in segments:
        text, notes = repair_text(segment.text, name=name)
        warnings.extend(notes)
        text = _one_line(text)
        if text:
            repaired.append(Segment(segment.kind, text))
    return repaired


def read_html_article(html: str | bytes, url: str | None = None) -> tuple[Article, list[str]]:
    """Parse a news page and report the repairs made to its text.

    Args:
        html: the page, as text or as bytes (decoded from its ``<meta>`` charset).
        url: where the page came from; resolves relative image links and fills
            ``Article.url`` when the page names no canonical URL.

    Returns:
        The article (see :func:`parse_html`) and the list of repair warnings.

    Raises:
        InputError: when the page is not HTML or holds no article text.
    """
    warnings: list[str] = []
    name = url or "page"
    text = decode_html(html, name=name, warnings=warnings) if isinstance(html, bytes) else html
    if not text.strip():
        raise InputError(f"{name} is empty")
    text, notes = repair_mojibake(text, name=name)
    warnings.extend(notes)
    parser = lxml.html.HTMLParser(encoding="utf-8", remove_comments=True)
    try:
        tree = lxml.html.document_fromstring(text.encode("utf-8"), parser=parser)
    except (lxml.etree.ParserError, ValueError) as exc:
        raise InputError(f"{name} is not a readable HTML page ({exc})") from None

    ld = _json_ld_articles(tree)
    title = _title(tree, ld)
    if not title:
        raise InputError(f"{name} has no headline (no <h1>, og:title or <title>)")
    title = _one_line(repair_text(title, name=name)[0])
    base = url or _meta(tree, "og:url")
    canonical = tree.xpath("//link[@rel='canonical']/@href")
    page_url = url or (canonical[0] if canonical else None) or _meta(tree, "og:url")
    published = _published(tree, ld)
    author = _author(tree, ld)
    image = _meta(tree, "og:image", "twitter:image") or next(
        (u for u in (_ld_url(a.get("image")) for a in ld) if u), None
    )
    source_line = _source_line(tree)
    roles = _Roles(captions=_caption_texts(tree), sapo=_sapo_text(tree), source_line=source_line)
    site_name = _meta(tree, "og:site_name")

    positions = _text_positions(tree)
    _remove_furniture(tree)
    main = _trafilatura_main(tree, url)
    if main is None:
        logger.info("%s: trafilatura found no article; reading every paragraph", name)
        main = _fallback_main(tree)
    segments, first_image, signed = _segments(_blocks(main), roles, title)
    segments = _restore_captions(segments, roles.captions, positions)
    if roles.sapo and not any(s.kind == SegmentKind.LEAD for s in segments):
        # trafilatura left the sapo outside the article box: it still opens the text.
        segments.insert(0, Segment(SegmentKind.LEAD, strip_lead_tag(roles.sapo)))
    if source_line and not any(s.kind == SegmentKind.SOURCE for s in segments):
        segments.append(Segment(SegmentKind.SOURCE, source_line))
    segments = _repair_segments(segments, name, warnings)
    if not any(s.kind in (SegmentKind.BODY, SegmentKind.LEAD) for s in segments):
        raise InputError(f"{name} has a headline but no article text was found in the page")

    # htmldate's extensive search reads dates out of the prose ("tháng 9/2017"): only
    # dates the markup or the URL give are the publication date.
    metadata = (
        extract_metadata(tree, default_url=url, date_config=set_date_params(extensive=False))
        if not (published and author)
        else None
    )
    if metadata is not None:
        published = published or (metadata.date and iso_datetime(metadata.date))
        author = author or metadata.author
    if author and is_source_line(author):
        author = None  # "Theo Báo X" in a byline box names the source, not the writer
    source = next((s.text for s in segments if s.kind == SegmentKind.SOURCE), None)
    source_name = re.sub(r"^(?:Theo|Nguồn)\s*:?\s+", "", source).rstrip(".") if source else None
    article = Article(
        title=title,
        segments=(Segment(SegmentKind.TITLE, title), *segments),
        published=published,
        author=author or signed,
        url=page_url,
        image_url=_absolute_http(image, base) or _absolute_http(first_image, base),
        source_name=source_name or site_name,
    )
    return article, warnings


def parse_html(html: str | bytes, url: str | None = None) -> Article:
    """Parse a news web page into an article.

    Args:
        html: the page, as text or as bytes (decoded from its ``<meta>`` charset,
            else UTF-8, else a detected legacy encoding).
        url: where the page came from, if known.

    Returns:
        An article whose segments are the title, then the sapo as one LEAD segment
        (when the page marks one), body paragraphs, HEADING subheadings and CAPTION
        image captions in reading order, and a SOURCE line ("Theo ...") when the page
        has one. ``published`` is ISO 8601; ``author``, ``url`` and ``image_url``
        (the lead image, absolute http(s) only) are filled when the page says them.

    Raises:
        InputError: when the page is not HTML, has no headline or no article text.
    """
    return read_html_article(html, url)[0]


def looks_like_html(text: str) -> bool:
    """Whether decoded input is an HTML page or fragment rather than plain text."""
    head = text.lstrip()[:2000].lower()
    if head.startswith(("<!doctype html", "<html", "<?xml")) and "<html" in head:
        return True
    tags = re.findall(r"<(p|div|h1|h2|article|body|head|meta|figure|table|span|section|br)\b", text)
    return len(tags) >= 3 or bool(
        re.match(r"<(?:!--.*?-->\s*)*<(?:html|body|article|div)\b", text.lstrip(), re.S)
    )
