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

Helpers live beside it: :mod:`.html_meta` (encoding, headline, date, author),
:mod:`.html_markup` (captions, sapo, source line, furniture removal) and
:mod:`.html_text` (element text and comparison keys).
"""

from __future__ import annotations

import logging
import re
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from urllib.parse import urljoin, urlparse

import lxml.etree
import lxml.html
import trafilatura
from trafilatura.metadata import extract_metadata
from trafilatura.settings import set_date_params

from .errors import InputError
from .html_markup import (
    CREDIT_ONLY_RE,
    Caption,
    caption_texts,
    find_source_line,
    paragraphs_from_breaks,
    remove_furniture,
    restore_captions,
    sapo_text,
    text_positions,
)
from .html_meta import (
    author_name,
    decode_html,
    headline,
    html_charset,
    iso_datetime,
    json_ld_articles,
    ld_url,
    meta_content,
    published_date,
)
from .html_text import element_text, one_line, text_key
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
from .sniff import looks_like_html
from .textclean import repair_mojibake, repair_text

# Re-exported: fetch.py and callers decode and date pages through this module.
__all__ = [
    "decode_html",
    "html_charset",
    "iso_datetime",
    "looks_like_html",
    "parse_html",
    "read_html_article",
]

logger = logging.getLogger(__name__)

# After a "Tin liên quan" label, lines up to this long are the related headlines.
_RELATED_TEASER_WORDS = 25
_TERMINAL = (".", "!", "?", "…", ":", ";", '"', "”", "’", ")", "»")
_HEADING_MAX_WORDS = 14
_LABEL_MAX_WORDS = 3
# How many page elements after the last paragraph may hold the signature.
_SIGNATURE_LOOKAHEAD = 12


@dataclass
class _Roles:
    """What the page's markup says about roles, as comparison keys."""

    captions: dict[str, Caption]
    sapo: str | None
    source_line: str | None = None


def _block_text(element: lxml.etree._Element) -> str:
    return one_line("".join(element.itertext()))


def _all_bold(element: lxml.etree._Element) -> bool:
    """Whether a trafilatura ``<p>`` is entirely in ``<hi rend="#b">``."""
    text = _block_text(element)
    bold = one_line(
        " ".join("".join(h.itertext()) for h in element.iter("hi") if h.get("rend") in ("#b", "#u"))
    )
    return bool(text) and bold == text


def _italic_only(element: lxml.etree._Element) -> bool:
    text = _block_text(element)
    italic = one_line(
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
        text = element_text(element)
        if not text:
            continue
        child = lxml.etree.SubElement(main, "head" if element.tag.startswith("h") else "p")
        child.text = text
    return main


def _classify(block: _Block, roles: _Roles, seen_body: bool, after_image: bool) -> SegmentKind:
    key = text_key(block.text)
    if roles.source_line and text_key(roles.source_line).endswith(key):
        return SegmentKind.SOURCE  # the marked source line, maybe without its "Theo"
    if key in roles.captions:
        return SegmentKind.CAPTION
    if roles.sapo and (key == text_key(roles.sapo) or text_key(roles.sapo).startswith(key)):
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
        if is_noise(text) or text_key(text) == text_key(title) or parse_dateline(text):
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
        if kind == SegmentKind.CAPTION and CREDIT_ONLY_RE.match(text):
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


def _signature_after_text(
    elements: list[lxml.html.HtmlElement], positions: dict[str, int], segments: list[Segment]
) -> str | None:
    """A bold name alone in its block right after the last paragraph (the signature).

    trafilatura often leaves a right-aligned ``<b>Minh Hải</b>`` out of the article.
    """
    last_body = next((s for s in reversed(segments) if s.kind == SegmentKind.BODY), None)
    start = positions.get(text_key(last_body.text)) if last_body else None
    if start is None:
        return None
    for element in elements[start + 1 : start + 1 + _SIGNATURE_LOOKAHEAD]:
        if not isinstance(element.tag, str) or element.tag not in ("b", "strong"):
            continue
        text = element_text(element)
        parent = element.getparent()
        alone = parent is not None and element_text(parent) == text
        if alone and (is_byline(text) or _is_signature(text)):
            return text.title() if text.isupper() else text
    return None


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
        text = one_line(text)
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

    paragraphs_from_breaks(tree)
    ld = json_ld_articles(tree)
    title = headline(tree, ld)
    if not title:
        raise InputError(f"{name} has no headline (no <h1>, og:title or <title>)")
    title = one_line(repair_text(title, name=name)[0])
    base = url or meta_content(tree, "og:url")
    canonical = tree.xpath("//link[@rel='canonical']/@href")
    page_url = url or (canonical[0] if canonical else None) or meta_content(tree, "og:url")
    published = published_date(tree, ld)
    author = author_name(tree, ld)
    image = meta_content(tree, "og:image", "twitter:image") or next(
        (u for u in (ld_url(a.get("image")) for a in ld) if u), None
    )
    source_line = find_source_line(tree)
    roles = _Roles(captions=caption_texts(tree), sapo=sapo_text(tree), source_line=source_line)
    site_name = meta_content(tree, "og:site_name")

    positions = text_positions(tree)
    page_elements = list(tree.iter())  # page order, kept past furniture removal
    remove_furniture(tree)
    main = _trafilatura_main(tree, url)
    if main is None:
        logger.info("%s: trafilatura found no article; reading every paragraph", name)
        main = _fallback_main(tree)
    segments, first_image, signed = _segments(_blocks(main), roles, title)
    segments = restore_captions(segments, roles.captions, positions)
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
        author=author or signed or _signature_after_text(page_elements, positions, segments),
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
