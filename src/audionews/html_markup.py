"""What a news page's markup says that trafilatura flattens away.

Which texts are photo captions (and where they sat), which paragraph is the sapo,
where the source line is; and which boxes are page furniture (share bars, related
news, players, ads) to remove before extraction.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

import lxml.html

from .html_text import class_of, element_text, has_class, one_line, text_key
from .model import Segment, SegmentKind
from .parse import is_source_line, is_trailer_heading

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
# Classes Vietnamese CMSs put on photo captions: tuoitre ck_legend, thanhnien/nld
# PhotoCMS_Caption, vnexpress Image, znews pCaption, and the generic names.
_CAPTION_CLASSES = (
    "ck_legend", "PhotoCMS_Caption", "pCaption", "caption", "image-caption", "img-caption",
    "fig-caption", "figure-caption", "pic_caption", "photo-caption", "Image", "desc_image",
    "expNoEdit", "caption-text", "imgcaption", "image_caption", "img_caption",
)  # fmt: skip
# Classes of the sapo (lead) block: anything with "sapo" in it, and these.
_SAPO_CLASSES = (
    "txt-head", "description", "the-article-summary", "article-summary", "chapeau",
    "chappeau", "lead", "lead-text", "article-lead", "detail__summary", "summary",
    "short_intro", "intro", "news-sapo", "box-sapo",
)  # fmt: skip
_SAPO_TAGS = ("p", "h2", "h3", "div", "span", "strong", "section")
_SOURCE_CLASS_RE = re.compile(r"source|nguon", re.IGNORECASE)
_TEXT_TAGS = {"p", "h2", "h3", "h4", "h5", "h6", "li", "td", "figcaption", "blockquote", "div"}
# A caption line that is only the credit ("ẢNH: BQL DỰ ÁN") belongs to the line above.
CREDIT_ONLY_RE = re.compile(
    r"^\(?(?:ảnh|hình|video|clip|đồ họa|đồ hoạ|nguồn|photo)(?: minh (?:họa|hoạ))?"
    r"(?:\s*:\s*[^.!?]{1,60})?\)?\.?$",
    re.IGNORECASE,
)


# Inline tags that belong inside a paragraph made from a run of text between <br>s.
_INLINE_TAGS = {
    "a", "b", "strong", "i", "em", "span", "u", "sub", "sup", "img", "font", "small",
    "big", "abbr", "mark", "time", "q", "cite", "s", "code",
}  # fmt: skip
_BREAK_BOXES = ("div", "td", "section", "article", "center", "font", "body", "main")
_MIN_LOOSE_TEXT = 20


def _to_paragraph(pieces: list[str | lxml.html.HtmlElement]) -> lxml.html.HtmlElement | None:
    paragraph = lxml.html.Element("p")
    for piece in pieces:
        if isinstance(piece, str):
            if len(paragraph):
                paragraph[-1].tail = (paragraph[-1].tail or "") + piece
            else:
                paragraph.text = (paragraph.text or "") + piece
        else:
            paragraph.append(piece)
    has_content = (paragraph.text_content() or "").strip() or paragraph.xpath(".//img")
    return paragraph if has_content else None


def paragraphs_from_breaks(tree: lxml.html.HtmlElement) -> None:
    """Turn text separated by ``<br>`` into ``<p>`` paragraphs, in place.

    Older CMSs write an article as one ``<div>`` of text and ``<br><br>``;
    trafilatura then loses the bold lead, italic captions and the signature that
    sit between the breaks. Each run of inline content becomes a paragraph; block
    children stay where they are.
    """
    for box in tree.xpath("|".join(f"//{tag}[br]" for tag in _BREAK_BOXES)):
        loose = (box.text or "") + "".join(child.tail or "" for child in box)
        if len(box.findall("br")) >= 2 and len(loose.strip()) >= _MIN_LOOSE_TEXT:
            _rebuild_with_paragraphs(box)


def _rebuild_with_paragraphs(box: lxml.html.HtmlElement) -> None:
    children = list(box)
    pieces: list[str | lxml.html.HtmlElement] = [box.text or ""]
    rebuilt: list[lxml.html.HtmlElement] = []
    box.text = None
    for child in children:
        tail, child.tail = child.tail or "", None
        box.remove(child)
        if not isinstance(child.tag, str) or child.tag in _INLINE_TAGS:
            pieces.append(child)
        else:  # a <br> ends the paragraph; a block ends it and stays as it is
            if (paragraph := _to_paragraph(pieces)) is not None:
                rebuilt.append(paragraph)
            pieces = []
            if child.tag != "br":
                rebuilt.append(child)
        pieces.append(tail)
    if (paragraph := _to_paragraph(pieces)) is not None:
        rebuilt.append(paragraph)
    box.extend(rebuilt)


def _is_image_holder(element: lxml.html.HtmlElement) -> bool:
    """An element that shows an image and no text (``<p><img></p>``, a picture div)."""
    return (element.tag == "img" or bool(element.xpath(".//img"))) and not one_line(
        element.text_content()
    )


def _italic_text(element: lxml.html.HtmlElement) -> str | None:
    """The text of a block whose whole text is in ``<em>``/``<i>``, else None."""
    text = element_text(element)
    italic = one_line(" ".join(element_text(e) for e in element.xpath(".//em | .//i")))
    return text if text and italic == text else None


@dataclass(frozen=True)
class Caption:
    """A caption the markup shows: its text, page position and whether it is whole."""

    text: str
    position: int
    whole: bool  # False for one line of a several-line caption


def caption_texts(tree: lxml.html.HtmlElement) -> dict[str, Caption]:
    """Every text the markup shows as an image caption, by comparison key."""
    position = {element: index for index, element in enumerate(tree.iter())}
    captions: dict[str, Caption] = {}

    def add_text(text: str, element: lxml.html.HtmlElement, whole: bool = True) -> None:
        if text and len(text) <= 600 and not _is_in_furniture(element):
            captions.setdefault(text_key(text), Caption(text, position[element], whole))

    def add(element: lxml.html.HtmlElement) -> None:
        add_text(element_text(element), element)
        lines = element.xpath(".//p")
        if len(lines) > 1:  # a caption of several lines: each line is caption text too
            for line in lines:
                add_text(element_text(line), line, whole=False)

    for element in tree.xpath("//figcaption"):
        add(element)
    for element in tree.xpath("//*[@class]"):
        if has_class(element, _CAPTION_CLASSES):
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
            add_text(element_text(italic), italic)
    return captions


def restore_captions(
    segments: list[Segment], captions: dict[str, Caption], positions: dict[str, int]
) -> list[Segment]:
    """Put back captions trafilatura dropped from inside the article, in page order.

    Only captions that sit between the first and last extracted paragraph on the
    page are restored: one outside that span belongs to another story.
    """
    result = list(segments)
    present = {text_key(s.text) for s in result}

    def page_position(segment: Segment) -> int | None:
        key = text_key(segment.text)
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
        and not CREDIT_ONLY_RE.match(c.text)
    )
    for position, text in missing:
        if any(text_key(text) in key for key in present):
            continue  # already spoken as part of a longer caption
        # after the segment that precedes the caption most closely on the page
        preceding = [
            (p, i)
            for i, s in enumerate(result)
            if (p := page_position(s)) is not None and p < position
        ]
        after = max(preceding)[1] if preceding else -1
        result.insert(after + 1, Segment(SegmentKind.CAPTION, text))
        present.add(text_key(text))
    return result


def text_positions(tree: lxml.html.HtmlElement) -> dict[str, int]:
    """The page position of every paragraph-like text, by key (first occurrence)."""
    positions: dict[str, int] = {}
    for index, element in enumerate(tree.iter()):
        if isinstance(element.tag, str) and element.tag in _TEXT_TAGS:
            text = element_text(element)
            if text:
                positions.setdefault(text_key(text), index)
    return positions


def _is_in_furniture(element: lxml.html.HtmlElement) -> bool:
    return any(
        ancestor.tag == "aside" or re.search(r"related|lienquan", class_of(ancestor), re.I)
        for ancestor in element.iterancestors()
    )


def sapo_text(tree: lxml.html.HtmlElement) -> str | None:
    """The lead paragraph the page marks as such (sapo/summary/description)."""
    for element in tree.xpath("//*[@class]"):
        if element.tag not in _SAPO_TAGS or _is_in_furniture(element):
            continue
        classes = element.get("class", "")
        if "sapo" in classes.lower() or has_class(element, _SAPO_CLASSES):
            text = element_text(element)
            if len(text.split()) >= 8:
                return text
    return None


def find_source_line(tree: lxml.html.HtmlElement) -> str | None:
    """The "Theo <source>" line that closes the article, if the page has one."""
    for element in tree.xpath("//*[@class]"):
        if _SOURCE_CLASS_RE.search(element.get("class", "")) and not _is_in_furniture(element):
            text = element_text(element)
            if is_source_line(text):
                return text
    # Unmarked: the last short block that reads "Theo X" outside any related box.
    found = None
    for element in tree.xpath("//p | //div[not(*) or strong or b or em] | //span"):
        text = element_text(element)
        if (
            is_source_line(text)
            and not text.startswith("Theo dõi")
            and not _is_in_furniture(element)
        ):
            found = text
    return found


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


def remove_furniture(tree: lxml.html.HtmlElement) -> None:
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
            _FURNITURE_RE.search(class_of(element))
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
        if len(heading) == 0 and is_trailer_heading(element_text(heading)):
            box = heading.getparent()
            if box is not None and box.tag in ("p", "strong", "b") and len(box) == 1:
                box = box.getparent()  # <p><strong>Tin liên quan</strong></p>
            if box is not None and box.tag not in ("html", "body", "main") and removable(box):
                _drop(box)
