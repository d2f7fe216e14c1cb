"""Split a plain-text article into title, body paragraphs, captions and source line.

The input is text as a person copies it from a news page: the headline first, then
paragraphs, with photo captions as their own paragraphs and site furniture (related
headlines, "Tin cùng chuyên mục") at the end. Each rule below is a small predicate on
one paragraph, so a new site's habit is one more pattern, not a new parser.
"""

from __future__ import annotations

import re

from .degraded import repair_paragraphs
from .errors import InputError
from .model import Article, Segment, SegmentKind
from .textclean import clean_text

# --- captions ---------------------------------------------------------------------
# A photo/video credit: "Ảnh: Quang Hòa", "Ảnh minh họa: ...", "Video: CGTN", "Nguồn ảnh: X".
_CREDIT_WORD = (
    r"(?:Ảnh|Hình|Hình ảnh|Ảnh minh (?:họa|hoạ)|Ảnh chụp màn hình|Nguồn ảnh|Ảnh tư liệu"
    r"|Video|Clip|Đồ (?:họa|hoạ)|Infographic|Photo)"
)
# Credit at the end: "... Ảnh: Quang Hòa.", "... - Ảnh: V.D", "... (Ảnh: TTXVN).".
_CREDIT_AT_END_RE = re.compile(
    rf"(?:^|[.!?…\-–—,)\s])\(?\s*{_CREDIT_WORD}\s*:\s*[^:()]{{1,80}}?\)?\s*[.)]?\s*$"
)
# Credit first: "Ảnh: Sở Tư pháp TP.HCM cung cấp ...", "Ảnh minh họa: ...".
_CREDIT_AT_START_RE = re.compile(rf"^{_CREDIT_WORD}\s*:\s*\S")
# An undated "(Ảnh minh họa)" / "(Ảnh chụp màn hình)" with no colon.
_CREDIT_BARE_RE = re.compile(
    r"\((?:Ảnh minh (?:họa|hoạ)|Ảnh chụp màn hình|Ảnh tư liệu|Ảnh minh họa AI)\)\s*\.?$"
)
_CAPTION_MAX_CHARS = 600

# --- source line ------------------------------------------------------------------
# "Theo Báo Tuyên Quang", "Theo MỘC LAN (VTC News)", "Nguồn: VnExpress". A short line
# with no clause after it: "Theo đó, ..." or "Theo số liệu thống kê, ..." are prose.
_SOURCE_RE = re.compile(r"^(?:Theo|Nguồn)\s*:?\s+[^,;:!?“”\"]{2,80}?\.?$")
_SOURCE_MAX_WORDS = 10

# --- boilerplate --------------------------------------------------------------------
# Headings after which everything is site furniture (related headlines, comments).
_TRAILER_RE = re.compile(
    r"^(?:Tin cùng chuyên mục|Tin liên quan|Bài liên quan|Tin bài liên quan|Tin khác"
    r"|Các tin khác|Tin mới nhất|Tin mới|Tin nổi bật|Xem thêm|Đọc thêm|Có thể bạn quan tâm"
    r"|Bạn có thể quan tâm|Bình luận|Ý kiến bạn đọc|Gửi bình luận|Chủ đề|Từ khóa|Tags?"
    r"|Tin đọc nhiều|Đọc nhiều nhất|Xem nhiều nhất|Video đang được xem nhiều"
    r"|Cùng chuyên mục|Tin cùng loại|Bài viết liên quan)\s*:?$",
    re.IGNORECASE,
)
# Single lines of page furniture that can sit anywhere in the copy.
_NOISE_RE = re.compile(
    r"^(?:ĐỌC NGAY|Đọc ngay|XEM NGAY|Xem ngay|Chia sẻ|Share|In bài|Gửi bài|Lưu bài|Quay lại"
    r"|Theo dõi .{1,40} trên Google News|A A|A\+ A-|Aa|Nghe bài viết|Nghe|Đọc bài|Thích"
    r"|Bình luận \(\d+\)|Copy link|Sao chép liên kết|Zalo|Facebook|Twitter|Email)"
    r"\s*(?::.*)?$"
)
# A line that only dates the article: "23/03/2015 08:06 GMT+7", "Thứ Hai, 23/3/2015 - 10:33".
_DATELINE_RE = re.compile(
    r"^(?:(?:Thứ (?:hai|ba|tư|năm|sáu|bảy)|Chủ nhật|Chủ Nhật|Thứ \w+)\s*,?\s*)?"
    r"(?P<d>\d{1,2})[/.-](?P<m>\d{1,2})[/.-](?P<y>\d{4})"
    r"(?:\s*[-,|]?\s*(?P<H>\d{1,2})[:h](?P<M>\d{2})(?:\s*\(?GMT\s*[+-]\s*\d+\)?)?)?\s*$",
    re.IGNORECASE,
)
# The agency tag news sites put before the lead: "TT - ", "(Dân trí) - ", "VOV.VN - ".
_LEAD_TAG_RE = re.compile(
    r"^(?:\([^()]{2,24}\)|[A-ZĐ][A-ZĐ0-9.]{1,15}(?:\s[A-ZĐ][A-ZĐ0-9.]{1,10})?)\s*[-–—]\s+"
)
# A byline: the author's name alone on a line, in capitals ("XUÂN LONG", "MỘC LAN").
_BYLINE_RE = re.compile(r"^[A-ZÀ-ỸĐ][A-ZÀ-ỸĐ.\s-]{2,40}$")
_TERMINAL = (".", "!", "?", "…", ":", ";", '"', "”", "’", ")", "»")


def is_caption(paragraph: str) -> bool:
    """Whether a paragraph is a photo or video caption (it carries a credit)."""
    if len(paragraph) > _CAPTION_MAX_CHARS:
        return False
    return bool(
        _CREDIT_AT_START_RE.search(paragraph)
        or _CREDIT_AT_END_RE.search(paragraph)
        or _CREDIT_BARE_RE.search(paragraph)
    )


def is_source_line(paragraph: str) -> bool:
    """Whether a paragraph names where the story comes from ("Theo Báo X")."""
    return (
        bool(_SOURCE_RE.match(paragraph))
        and len(paragraph.split()) <= _SOURCE_MAX_WORDS
        and not paragraph.startswith(("Theo đó", "Theo tôi", "Theo ông", "Theo bà"))
    )


def is_trailer_heading(paragraph: str) -> bool:
    """Whether a paragraph starts the site furniture that ends an article."""
    return bool(_TRAILER_RE.match(paragraph))


def is_noise(paragraph: str) -> bool:
    """Whether a paragraph is a stray widget label ("ĐỌC NGAY", "Chia sẻ")."""
    return bool(_NOISE_RE.match(paragraph))


def is_byline(paragraph: str) -> bool:
    """Whether a paragraph is an author's name in capitals."""
    words = paragraph.split()
    return 1 <= len(words) <= 5 and bool(_BYLINE_RE.match(paragraph)) and paragraph.isupper()


def is_heading(paragraph: str) -> bool:
    """Whether a short unpunctuated line is a subheading inside the article."""
    return len(paragraph.split()) <= 12 and not paragraph.endswith(_TERMINAL)


def iso_from_match(m: re.Match[str] | None) -> str | None:
    """ISO date (and time) from a match with groups d, m, y and optional H, M."""
    if not m:
        return None
    d, mo, y = int(m["d"]), int(m["m"]), int(m["y"])
    if not (1 <= d <= 31 and 1 <= mo <= 12):
        return None
    if m["H"] is not None:
        return f"{y:04d}-{mo:02d}-{d:02d}T{int(m['H']):02d}:{m['M']}:00"
    return f"{y:04d}-{mo:02d}-{d:02d}"


def parse_dateline(paragraph: str) -> str | None:
    """The ISO date (and time) of a line that only dates the article, else None."""
    return iso_from_match(_DATELINE_RE.match(paragraph))


def split_paragraphs(text: str) -> list[str]:
    """Split cleaned text into paragraphs.

    Every non-empty line is a paragraph, except that a hard-wrapped line (the previous
    line has no closing punctuation and this one starts in lower case) is joined back.
    """
    paragraphs: list[str] = []
    previous_blank = True
    for line in text.split("\n"):
        if not line:
            previous_blank = True
            continue
        if (
            paragraphs
            and not previous_blank
            and not paragraphs[-1].endswith(_TERMINAL)
            and line[:1].islower()
        ):
            paragraphs[-1] = f"{paragraphs[-1]} {line}"
        else:
            paragraphs.append(line)
        previous_blank = False
    return paragraphs


def strip_lead_tag(paragraph: str) -> str:
    """Remove an agency tag such as "TT - " or "(Dân trí) - " from a lead paragraph."""
    stripped = _LEAD_TAG_RE.sub("", paragraph, count=1)
    return stripped if len(stripped.split()) >= 4 else paragraph


def classify(paragraph: str) -> SegmentKind:
    """The kind of one body-area paragraph."""
    if is_caption(paragraph):
        return SegmentKind.CAPTION
    if is_source_line(paragraph):
        return SegmentKind.SOURCE
    if is_heading(paragraph):
        return SegmentKind.HEADING
    return SegmentKind.BODY


def parse_article(text: str) -> Article:
    """Parse a plain-text article.

    Args:
        text: the article, headline on the first line, paragraphs after it.

    Returns:
        The article with a title segment first, then body, heading, caption and
        source segments in reading order; boilerplate dropped.

    Raises:
        InputError: when no title or no readable paragraph is left after cleaning.
    """
    paragraphs = repair_paragraphs(split_paragraphs(clean_text(text)))
    if not paragraphs:
        raise InputError("the article is empty (no text after cleaning)")
    title, rest = paragraphs[0], paragraphs[1:]
    segments = [Segment(SegmentKind.TITLE, title)]
    published = author = source_name = None
    seen_body = False
    for paragraph in rest:
        if is_trailer_heading(paragraph):
            break
        if is_noise(paragraph):
            continue
        if (date := parse_dateline(paragraph)) is not None:
            published = published or date
            continue
        if is_byline(paragraph) and seen_body:
            author = author or paragraph.title()
            continue
        kind = classify(paragraph)
        if kind == SegmentKind.HEADING and not seen_body:
            kind = SegmentKind.BODY  # a subtitle/sapo right under the headline
        if kind == SegmentKind.BODY and not seen_body:
            paragraph = strip_lead_tag(paragraph)
        if kind == SegmentKind.SOURCE:
            source_name = re.sub(r"^(?:Theo|Nguồn)\s*:?\s+", "", paragraph).rstrip(".")
        seen_body = seen_body or kind == SegmentKind.BODY
        segments.append(Segment(kind, paragraph))
    if not any(s.kind == SegmentKind.BODY for s in segments) and len(segments) == 1:
        raise InputError("the article has a title but no paragraphs to read")
    return Article(
        title=title,
        segments=tuple(segments),
        published=published,
        author=author,
        source_name=source_name,
    )
