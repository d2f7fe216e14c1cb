"""Undo the damage crawlers and careless copy-paste do to an article's paragraphs.

Real crawled text is not always one paragraph per line. This module works on the
list of paragraphs before they are classified and repairs the habits seen in
practice:

* a photo caption flattened into the text around it ("… tối 7/4/2025. Ảnh:
  Gekisaka Việt Nam hiếm khi …"): the caption sentence and its credit become a
  paragraph of their own, the text after the credit another;
* a credit written first inside a flattened paragraph ("… làm rõ. Ảnh: Sở Tư pháp
  TP.HCM cung cấp Hình thức …"): the credit opens the caption paragraph;
* the unaccented alt text of an image left as a line ("… hinh anh 1");
* font-size widget remnants ("A A", "A- A+");
* a related-news headline run straight into its summary sentence.

Each repair is a small pure function; ``repair_paragraphs`` applies them in order.
"""

from __future__ import annotations

import re
import unicodedata

from .wordlists import INSTITUTION_WORDS, SENTENCE_STARTERS

# "Ảnh", "Ảnh minh họa", "Video", ... followed by a colon: where a credit starts.
CREDIT_MARKER = (
    r"(?:Ảnh|ẢNH|Hình|Ảnh minh (?:họa|hoạ)|Ảnh chụp màn hình|Nguồn ảnh|Ảnh tư liệu"
    r"|Video|Clip|Đồ (?:họa|hoạ)|Photo)\s*:\s*"
)
# A credit in the middle of a paragraph: after a sentence end, or inside brackets.
_MID_CREDIT_RE = re.compile(rf"(?:(?<=[.!?…”\"])\s+|\s*\()(?={CREDIT_MARKER})")
_CREDIT_START_RE = re.compile(CREDIT_MARKER)
# A credit that ends the paragraph: "... sự kiện. Ảnh: Lưu Quý." or "... (Ảnh: TTXVN)."
_FINAL_CREDIT_RE = re.compile(
    rf"(?:(?<=[.!?…”\"])\s+{CREDIT_MARKER}[^.!?()]{{1,60}}|\s*\({CREDIT_MARKER}[^()]{{1,60}}\))\.?$"
)
_MIN_SENTENCES_BEFORE_CAPTION = 3
_MIN_GLUED_CHARS = 200
# Where one sentence ends and the next begins (upper-case start).
_SENTENCE_END_RE = re.compile(r"[.!?…][”\"’)]?\s+(?=[A-ZÀ-ỸĐ“\"])")
_CREDIT_MAX_WORDS = 8
# A Vietnamese syllable (accents removed): a name word. "Gekisaka", "Reuters" are not.
_VIETNAMESE_SYLLABLE_RE = re.compile(
    r"^(?:ngh|ng|nh|ch|gh|gi|kh|ph|qu|th|tr|[bcdghklmnpqrstvx])?"
    r"[aeiouy]{1,3}(?:ng|nh|ch|[cmnpt])?$"
)
# The alt text of a Zing/Znews image copied as a line: "... hinh anh 1".
_ALT_TEXT_RE = re.compile(r"\bhinh anh \d+$", re.IGNORECASE)
# Font-size and reading widgets: "A A", "A- A+", "A A A", "Cỡ chữ".
_WIDGET_RE = re.compile(r"^(?:[-+]?A[-+]?\s*){2,3}$|^Cỡ chữ\s*:?$|^Aa$", re.IGNORECASE)
_HEADLINE_MIN_WORDS, _HEADLINE_MAX_WORDS = 6, 25
_RELATED_MAX_WORDS = 120


def strip_accents(text: str) -> str:
    """Text without Vietnamese diacritics (``đ`` becomes ``d``)."""
    decomposed = unicodedata.normalize("NFD", text)
    plain = "".join(c for c in decomposed if not unicodedata.combining(c))
    return plain.replace("đ", "d").replace("Đ", "D")


def _is_vietnamese_word(word: str) -> bool:
    return bool(_VIETNAMESE_SYLLABLE_RE.match(strip_accents(word).lower()))


def _is_capitalised(word: str) -> bool:
    return word[:1].isupper() and not word.isupper()


def _credit_word_count(words: list[str]) -> int | None:
    """How many of ``words`` (the text after "Ảnh:") are the credit, or None if unclear.

    The credit ends where the next sentence starts: at a word that opens sentences
    ("Ông", "Theo"...), after a foreign or abbreviated source ("Gekisaka", "TTXVN"),
    at a capitalised word between two lower-case ones ("… cung cấp Hình thức …"),
    at the last capitalised word of a long run of names ("Quang Hòa Đại biểu …"),
    or at the credit's own closing punctuation.
    """
    window = words[:_CREDIT_MAX_WORDS]
    for k in range(1, len(window)):
        word = window[k]
        if not _is_capitalised(word):
            continue
        previous, following = window[k - 1], words[k + 1] if k + 1 < len(words) else ""
        if word in SENTENCE_STARTERS and not previous.endswith(("ố", ",")):
            return k
        if k == 1 and not _is_vietnamese_word(window[0].rstrip(".,)")):
            return k
        if previous[:1].islower() and following[:1].islower() and word not in INSTITUTION_WORDS:
            return k
    run = 0
    while run < len(window) and window[run][:1].isupper():
        run += 1
    if run >= 3 and run < len(words) and words[run][:1].islower():
        return run - 1
    for index, word in enumerate(window):
        if word.endswith((".", ")", "!", "?")):
            return index + 1
    return None


def split_merged_captions(paragraph: str) -> list[str]:
    """Split a caption (sentence + credit) out of the paragraph it was merged into.

    Returns the paragraph unchanged (as a one-item list) when its only credit is at
    its end, which is how a caption paragraph normally looks.
    """
    for match in _MID_CREDIT_RE.finditer(paragraph):
        credit_start = match.end()
        bracketed = paragraph[match.start() : credit_start].strip() == "("
        after_marker = paragraph[credit_start:]
        marker = _CREDIT_START_RE.match(after_marker)
        if marker is None:
            continue
        words = after_marker[marker.end() :].split()
        if bracketed:
            closing = after_marker.find(")")
            if closing < 0:
                continue
            credit_end = credit_start + closing + 1
            if paragraph[credit_end : credit_end + 1] == ".":
                credit_end += 1
            credit_start -= 1  # keep the "("
        else:
            count = _credit_word_count(words)
            if count is None or count >= len(words):
                continue  # the credit ends the paragraph: a normal caption
            credit_text = after_marker[: marker.end()] + " ".join(words[:count])
            credit_end = credit_start + len(credit_text)
        rest = paragraph[credit_end:].strip()
        if not rest:
            continue
        before = paragraph[: match.start()].rstrip()
        credit = paragraph[credit_start:credit_end].strip()
        if credit.rstrip(".").endswith("cung cấp") and not bracketed:
            # credit first: the caption is the sentence after the credit
            caption_end = _SENTENCE_END_RE.search(rest)
            caption = rest[: caption_end.end()].strip() if caption_end else rest
            remainder = rest[caption_end.end() :].strip() if caption_end else ""
            pieces = [before, f"{credit} {caption}", *split_merged_captions(remainder)]
            return [p for p in pieces if p]
        # credit last: the caption is the sentence before the credit
        boundaries = list(_SENTENCE_END_RE.finditer(before))
        cut = boundaries[-1].end() if boundaries else 0
        body_before, caption = before[:cut].strip(), before[cut:].strip()
        pieces = [body_before, f"{caption} {credit}".strip(), *split_merged_captions(rest)]
        return [p for p in pieces if p]
    return _split_final_caption(paragraph)


def _split_final_caption(paragraph: str) -> list[str]:
    """Split off a caption that ends a long paragraph of several sentences.

    A caption paragraph is short; a paragraph of three or more sentences and
    over 200 characters that ends with a credit is body text with the caption of
    the next photo glued to its end.
    """
    match = _FINAL_CREDIT_RE.search(paragraph)
    if match is None:
        return [paragraph]
    before = paragraph[: match.start()].rstrip()
    boundaries = list(_SENTENCE_END_RE.finditer(before))
    if len(boundaries) < _MIN_SENTENCES_BEFORE_CAPTION - 1 or len(before) < _MIN_GLUED_CHARS:
        return [paragraph]
    cut = boundaries[-1].end()
    return [before[:cut].strip(), paragraph[cut:].strip()]


def is_alt_text(paragraph: str) -> bool:
    """Whether a line is an image's unaccented alt text ("... hinh anh 1")."""
    return bool(_ALT_TEXT_RE.search(paragraph)) and strip_accents(paragraph) == paragraph


def is_widget_remnant(paragraph: str) -> bool:
    """Whether a line is left over from a font-size or reading widget ("A A")."""
    return bool(_WIDGET_RE.match(paragraph.strip()))


def _bigrams(words: list[str]) -> set[tuple[str, str]]:
    plain = [re.sub(r"\W", "", w.lower()) for w in words]
    return {(a, b) for a, b in zip(plain, plain[1:], strict=False) if a and b}


def is_related_headline(paragraph: str) -> bool:
    """Whether a paragraph is a related-news headline run into its summary.

    Such a paragraph opens with a headline (no punctuation, 6-25 words) glued to a
    summary sentence starting with a capital ("… ý tưởng mới Đề xuất cải tiến …"),
    and the summary repeats at least two word pairs of the headline.
    """
    words = paragraph.split()
    if len(words) > _RELATED_MAX_WORDS:
        return False
    limit = min(len(words) - 3, _HEADLINE_MAX_WORDS + 1)
    for k in range(_HEADLINE_MIN_WORDS, max(limit, _HEADLINE_MIN_WORDS)):
        previous, word, following = words[k - 1], words[k], words[k + 1]
        headline = " ".join(words[:k])
        if re.search(r"[.!?;,…]", headline):
            return False  # a sentence or clause ended before: prose, not a headline
        glued = previous[-1:].isalnum() or previous[-1:] in "'’\"”"
        if not (glued and previous[:1].islower() and word[:1].isupper()):
            continue
        if word in INSTITUTION_WORDS:
            continue
        if not (following[:1].islower() or following[:1].isupper() and word.isupper()):
            continue
        if len(_bigrams(words[:k]) & _bigrams(words[k:])) >= 2:
            return True
    return False


def repair_paragraphs(paragraphs: list[str]) -> list[str]:
    """Apply every repair to a list of paragraphs (the first one, the title, is kept)."""
    if not paragraphs:
        return []
    repaired = [paragraphs[0]]
    for paragraph in paragraphs[1:]:
        if is_alt_text(paragraph) or is_widget_remnant(paragraph):
            continue
        if is_related_headline(paragraph):
            continue
        repaired.extend(split_merged_captions(paragraph))
    return repaired
