"""The rules of the normalize stage: each reads one kind of written form aloud.

Every public function here is a pure ``str -> str`` rule (``read_codes`` also takes the
lexicon) that rewrites one kind of written form (dates, times, units, codes, acronyms) and
leaves the rest of the text alone. :func:`audionews.normalize.spoken_rules` puts them in
order. Regular expressions are compiled once at import and no rule keeps state, so the
rules are safe to call from several threads.
"""

from __future__ import annotations

import re
import unicodedata

from .lexicon import Lexicon
from .numbers import (
    is_valid_day_month,
    read_cardinal,
    read_date,
    read_digits,
    read_integer,
    read_month,
    read_number,
    read_ordinal,
    read_time,
    roman_to_int,
)
from .readings import (
    CREDIT_WORDS,
    CURRENCY_PREFIXES,
    DATE_CUE_WORDS,
    DAY_WORDS,
    DOMAIN_WORDS,
    DOT_WORD,
    FRACTION_CUE_AFTER,
    FRACTION_WORD,
    LETTER_NAMES,
    MINUS_WORD,
    MONTH_WORD,
    OVER_CUE_BEFORE,
    OVER_WORD,
    PER_WORD,
    PER_WORDS,
    PERCENT_WORD,
    PHONE_CUE_WORDS,
    QUARTER_WORDS,
    RANGE_WORD,
    ROMAN_CUE_WORDS,
    SCORE_CUE_WORDS,
    SYMBOL_WORDS,
    UNIT_WORDS,
    VIETNAMESE_UPPER,
    YEAR_WORD,
)


def _words(options: tuple[str, ...] | list[str]) -> str:
    """A regex alternation of literal words, longest first."""
    return "|".join(re.escape(o) for o in sorted(options, key=len, reverse=True))


# A written number: "5", "1.600", "2,5", "1.550.000".
_NUM = r"\d+(?:[.,]\d+)*"
_UPPER = f"[{VIETNAMESE_UPPER}]"
_ROMAN_IVX = r"(?=[IVX])X{0,3}(?:IX|IV|V?I{0,3})"

# --- characters -----------------------------------------------------------------------
_DASHES = str.maketrans({"\u2010": "-", "\u2011": "-", "\u2012": "-", "\u2212": "-"})
_SPACES_RE = re.compile(r"\s+")


def unify_characters(text: str) -> str:
    """NFC, one kind of hyphen and plain single spaces."""
    text = unicodedata.normalize("NFC", text).translate(_DASHES)
    return _SPACES_RE.sub(" ", text).strip()


# --- photo credits ----------------------------------------------------------------------
_CREDIT = f"(?:{_words(CREDIT_WORDS)})"
_CREDIT_AT_END_RE = re.compile(
    rf"(?P<lead>^|[.!?…]|\s[-–—]|\s\(|\s)\s*\(?\s*{_CREDIT}\s*:\s*[^:()]{{1,80}}?\s*\)?\s*"
    r"(?P<stop>[.!?…:]?)\s*$"
)
_CREDIT_BARE_RE = re.compile(r"\s*\((?:Ảnh minh (?:họa|hoạ)|Ảnh chụp màn hình|Ảnh tư liệu)\)")
# A credit written first: "Ảnh: Sở Tư pháp TP.HCM cung cấp <caption>" or "Ảnh: X. <caption>".
_CREDIT_AT_START_RE = re.compile(
    rf"^{_CREDIT}\s*:\s*(?:.{{1,80}}?\b(?:cung cấp|chụp|thực hiện|sưu tầm)\b\s*[.,:]?"
    r"|[^.]{1,60}\.(?=\s|$))\s*"
)


def drop_photo_credits(text: str) -> str:
    """Remove "Ảnh: Quang Hòa." style credits, which are not read on air.

    Handles credits at the end of a caption ("... tập huấn. Ảnh: Quang Hòa.",
    "... - Ảnh: V.D", "... (Video: CGTN).") and at its start ("Ảnh: X cung cấp ...").
    A caption that is only a credit becomes empty.
    """
    previous = None
    while previous != text:  # a caption may carry two credits
        previous = text
        text = _CREDIT_AT_START_RE.sub("", text)
        text = _CREDIT_BARE_RE.sub("", text)
        m = _CREDIT_AT_END_RE.search(text)
        if m:
            head = text[: m.start()].rstrip(" -–—")
            lead = m["lead"] if m["lead"] in ".!?…" else ""
            stop = lead or m["stop"].strip(":")
            text = f"{head}{stop}" if head and not head.endswith((".", "!", "?", "…")) else head
    return text.strip()


# --- web addresses ---------------------------------------------------------------------
_DOMAIN_RE = re.compile(rf"(?<=\w)\.({_words(list(DOMAIN_WORDS))})(?!\w)", re.IGNORECASE)


def read_web_addresses(text: str) -> str:
    """Web addresses: "Zing.vn" -> "Zing chấm vê nờ"."""
    return _DOMAIN_RE.sub(lambda m: f" {DOT_WORD} {DOMAIN_WORDS[m[1].lower()]}", text)


# --- phone numbers ---------------------------------------------------------------------
# "0912345678", "0912 345 678", "024.3825.1234", "+84 912 345 678": groups of 3-4 digits,
# so that "07-03-2024 08:06" (a date and a time) is not taken for a phone number.
_PHONE_RE = re.compile(r"(?<![\w.,])(\+84 ?|0)(\d{2,4}(?:[ .-]?\d{3,4}){1,3})(?![\w]|[.,]\d)")
_PHONE_DIGITS = range(9, 12)
# "(028) 3822 1234": an area code in brackets.
_AREA_PHONE_RE = re.compile(r"\((0\d{1,3})\)\s?(\d{3,4}(?:[ .-]?\d{3,4}){0,2})(?![\w]|[.,]\d)")
_CUED_PHONE_RE = re.compile(
    rf"(?<!\w)({_words(PHONE_CUE_WORDS)})(\s*:?\s*)(\d{{3,5}}(?:[ .-]?\d{{2,4}}){{1,3}})(?!\w)"
)


def _read_phone(number: str) -> str:
    groups = re.split(r"[ .-]", number)
    return " ".join(read_digits(g) for g in groups if g)


def read_phone_numbers(text: str) -> str:
    """Phone numbers digit by digit: "0912 345 678", "+84 912...", "hotline 1900 1234"."""

    def mobile(m: re.Match[str]) -> str:
        digits = sum(c.isdigit() for c in m[0])
        if m[1] == "0" and digits not in _PHONE_DIGITS:
            return m[0]
        prefix = read_digits(m[1])
        if m[1].startswith("+"):
            prefix = f"{SYMBOL_WORDS['+']} {prefix}"
        return f"{prefix} {_read_phone(m[2])}"

    text = _PHONE_RE.sub(mobile, text)
    text = _AREA_PHONE_RE.sub(lambda m: f"({read_digits(m[1])}) {_read_phone(m[2])}", text)
    return _CUED_PHONE_RE.sub(lambda m: f"{m[1]}{m[2]}{_read_phone(m[3])}", text)


# --- document codes --------------------------------------------------------------------
_DOC_CODE_RE = re.compile(
    r"(?<![\w/.,])(\d+(?:\.\d{3})*)(?:/(\d{4}))?[/-]"
    r"([A-ZĐ][A-ZĐa-z]+\d*(?:[-/&][A-ZĐ][A-ZĐa-z]*\d*)*)(?!\w)"
)


def spell_letters(letters: str) -> str:
    """Spell letters with their Vietnamese names: "HĐND" -> "hát đê nờ đê"."""
    return " ".join(LETTER_NAMES.get(c.upper(), c.lower()) for c in letters if c.isalpha())


def read_document_codes(text: str) -> str:
    """Legal document numbers: "35-NQ/TW", "11/2010/NĐ-CP", "209/QĐ-TTg".

    The number is read as a cardinal, the year after "năm", and the issuing code is
    spelled, which is how such codes are read aloud (expanding "NQ" would repeat the
    "Nghị quyết" that precedes the code).
    """

    def code(m: re.Match[str]) -> str:
        parts = [read_number(m[1])]
        if m[2]:
            parts += [YEAR_WORD, read_integer(int(m[2]))]
        for group in re.findall(r"[^\W\d_]+|\d+", m[3]):
            parts.append(read_cardinal(group) if group.isdigit() else spell_letters(group))
        return " ".join(parts)

    return _DOC_CODE_RE.sub(code, text)


# --- dates -----------------------------------------------------------------------------
_DAY_BEFORE_RE = re.compile(rf"(?:{_words(DAY_WORDS)})\s*$", re.IGNORECASE)
_FULL_DATE_RE = re.compile(r"(?<![\w.,/-])(\d{1,2})([/.-])(\d{1,2})\2(\d{4})(?![\w]|[.,/-]\d)")
_MONTH_YEAR_RE = re.compile(r"(?<!\w)([Tt]háng)\s+(\d{1,2})\s*[/.-]\s*(\d{4})(?![\w]|[.,/-]\d)")
_QUARTER_YEAR_RE = re.compile(
    rf"(?<!\w)([Qq]uý\s+|Q)({_ROMAN_IVX}|[1-4])\s*[/-]\s*(\d{{4}})(?![\w]|[.,/-]\d)"
)
_CUED_DATE_RE = re.compile(
    rf"(?<!\w)({_words(DATE_CUE_WORDS)})\s+(\d{{1,2}})([/.-])(\d{{1,2}})(?![\w]|[.,/-]\d)",
    re.IGNORECASE,
)
# A second date after a read one: "ngày 7-3 đến 9-3", "sáng 1-6 và 2-6".
_NEXT_DATE_RE = re.compile(
    rf"({MONTH_WORD} \w+(?: (?:một|hai))?\s*(?:,|đến|và|-|–)\s*)"
    r"(\d{1,2})[.-](\d{1,2})(?![\w]|[.,/-]\d)"
)
# A date in brackets: "hôm qua (7-3)".
_BRACKETED_DATE_RE = re.compile(r"\((\d{1,2})[.-](\d{1,2})\)")
_NUMBER_YEAR_RE = re.compile(r"(?<![\w.,/-])(\d{1,4})/(\d{4})(?![\w]|[.,/-]\d)")
_SLASH_DATE_RE = re.compile(r"(?<![\w.,/-])(\d{1,2})/(\d{1,2})(?![\w]|[.,/-]\d)")
_FRACTION_AFTER_RE = re.compile(rf"\s+(?:{_words(FRACTION_CUE_AFTER)})(?!\w)")
_OVER_BEFORE_RE = re.compile(rf"(?<!\w)(?:{_words(OVER_CUE_BEFORE)})\s*$", re.IGNORECASE)


def read_dates(text: str) -> str:
    """Dates: "7/3/2024", "07-03-2024", "Ngày 7-3", "sáng 22-3", "ngày 27.9",
    "tháng 3/2024", "quý I/2024", "số 12/2023", "30/4", "(7-3)", "ngày 7-3 đến 9-3".

    A day-month pair joined by "-" or "." is a date only after a cue word ("ngày",
    "sáng", "chiều"...); joined by "/" it is a date unless it cannot be one or reads
    as a fraction ("1/3 dân số").
    """

    def full(m: re.Match[str]) -> str:
        day, month, year = int(m[1]), int(m[3]), int(m[4])
        if not is_valid_day_month(day, month):
            return m[0]
        say_day = not _DAY_BEFORE_RE.search(m.string, 0, m.start())
        return read_date(day, month, year, say_day=say_day)

    def cued(m: re.Match[str]) -> str:
        day, month = int(m[2]), int(m[4])
        if not is_valid_day_month(day, month):
            return m[0]
        return f"{m[1]} {read_date(day, month, say_day=False)}"

    def slash(m: re.Match[str]) -> str:
        top, bottom = int(m[1]), int(m[2])
        if _FRACTION_AFTER_RE.match(m.string, m.end()) or bottom == 0:
            return f"{read_integer(top)} {FRACTION_WORD} {read_integer(bottom)}"
        if not is_valid_day_month(top, bottom) or _OVER_BEFORE_RE.search(m.string, 0, m.start()):
            return f"{read_integer(top)} {OVER_WORD} {read_integer(bottom)}"
        say_day = not _DAY_BEFORE_RE.search(m.string, 0, m.start())
        return read_date(top, bottom, say_day=say_day)

    def quarter(m: re.Match[str]) -> str:
        cue = QUARTER_WORDS[0] if m[1] == "Q" else m[1].strip()
        number = roman_to_int(m[2]) or int(m[2])
        return f"{cue} {read_month(number)} {YEAR_WORD} {read_integer(int(m[3]))}"

    text = _FULL_DATE_RE.sub(full, text)
    text = _MONTH_YEAR_RE.sub(
        lambda m: f"{m[1]} {read_month(int(m[2]))} {YEAR_WORD} {read_integer(int(m[3]))}", text
    )
    text = _QUARTER_YEAR_RE.sub(quarter, text)

    def next_date(m: re.Match[str]) -> str:
        day, month = int(m[2]), int(m[3])
        if not is_valid_day_month(day, month):
            return m[0]
        return f"{m[1]}{read_date(day, month, say_day=False)}"

    def bracketed(m: re.Match[str]) -> str:
        day, month = int(m[1]), int(m[2])
        return f"({read_date(day, month)})" if is_valid_day_month(day, month) else m[0]

    text = _CUED_DATE_RE.sub(cued, text)
    text = _NEXT_DATE_RE.sub(next_date, text)
    text = _BRACKETED_DATE_RE.sub(bracketed, text)
    text = _NUMBER_YEAR_RE.sub(
        lambda m: f"{read_cardinal(m[1])} {YEAR_WORD} {read_integer(int(m[2]))}", text
    )
    return _SLASH_DATE_RE.sub(slash, text)


# --- times -----------------------------------------------------------------------------
_CLOCK_RE = re.compile(r"(?<![\w.,:])(\d{1,2})(?:h|g|:)(\d{2})(?:'|’|ph|p)?(?![\w]|[.,:]\d)")
_HOUR_RE = re.compile(r"(?<![\w.,])(\d{1,2})h(?!\w)")
_HOUR_MINUTE_WORDS_RE = re.compile(r"(?<![\w.,])(\d{1,2})\s+giờ\s+(\d{1,2})(?!\s*phút)(?![\w.,])")


def read_times(text: str) -> str:
    """Clock times: "10h30", "7h", "08:06", "14 giờ 30" -> "... giờ ... phút"."""

    def clock(m: re.Match[str]) -> str:
        hour, minute = int(m[1]), int(m[2])
        return read_time(hour, minute) if hour <= 24 and minute < 60 else m[0]

    text = _CLOCK_RE.sub(clock, text)
    text = _HOUR_RE.sub(lambda m: read_time(int(m[1])), text)
    return _HOUR_MINUTE_WORDS_RE.sub(clock, text)


# --- Roman numerals ---------------------------------------------------------------------
_ROMAN_RUN_RE = re.compile(
    rf"(?<!\w)({_words(ROMAN_CUE_WORDS)})(\s+)({_ROMAN_IVX})(?!\w)"
    rf"((?:\s*(?:,|và|đến|-|–)\s*{_ROMAN_IVX}(?!\w))*)"
)
_ROMAN_TOKEN_RE = re.compile(rf"(?<!\w){_ROMAN_IVX}(?!\w)")


def read_roman_numerals(text: str) -> str:
    """Roman numerals after a cue word: "thế kỷ XXI", "khóa XV", "tổ dân phố I và II".

    After "thứ" the numeral is an ordinal ("lần thứ IV" -> "lần thứ tư"), after "quý"
    it is read like a month ("quý IV" -> "quý tư"). Only I, V and
    X are accepted, so "hạng C" or "nhóm D" stay letters.
    """

    def run(m: re.Match[str]) -> str:
        ordinal = m[1].endswith("thứ")
        quarter = m[1] in QUARTER_WORDS

        def one(n: re.Match[str]) -> str:
            value = roman_to_int(n[0]) or 0
            if ordinal:
                return read_ordinal(value)
            return read_month(value) if quarter else read_integer(value)

        numerals = _ROMAN_TOKEN_RE.sub(one, m[3] + m[4])
        return f"{m[1]}{m[2]}{numerals}"

    return _ROMAN_RUN_RE.sub(run, text)


# --- ordinals, months, scores -------------------------------------------------------------
_ORDINAL_RE = re.compile(r"(?<!\w)([Tt]hứ)\s+(\d{1,3})(?![\w]|[.,/-]\d)")
_MONTH_RE = re.compile(r"(?<!\w)([Tt]háng)\s+(\d{1,2})(?:\s*[-–]\s*(\d{1,2}))?(?![\w]|[.,/-]\d)")
_SCORE_RE = re.compile(
    rf"(?<!\w)({_words(SCORE_CUE_WORDS)})\s+(\d{{1,2}})\s*[-–]\s*(\d{{1,2}})(?![\w]|[.,/-]\d)"
)


def read_ordinals(text: str) -> str:
    """Ordinals, months and scores: "thứ 4" -> "thứ tư", "tháng 4" -> "tháng tư",
    "tháng 9 - 12", "thắng 2-1"."""

    def month(m: re.Match[str]) -> str:
        first, last = int(m[2]), m[3] and int(m[3])
        if not 1 <= first <= 12:
            return m[0]
        words = f"{m[1]} {read_month(first)}"
        if last:
            words += f" {RANGE_WORD} {MONTH_WORD} {read_month(last)}"
        return words

    text = _ORDINAL_RE.sub(lambda m: f"{m[1]} {read_ordinal(int(m[2]))}", text)
    text = _MONTH_RE.sub(month, text)
    return _SCORE_RE.sub(
        lambda m: f"{m[1]} {read_integer(int(m[2]))} {read_integer(int(m[3]))}", text
    )


# --- quantities with units and money -------------------------------------------------------
_UNIT_RE = re.compile(
    rf"(?<![\w.,])(-?{_NUM})(?:\s*[-–]\s*(-?{_NUM}))?\s?({_words(list(UNIT_WORDS))})(?![\w²³])"
)
_CURRENCY_RE = re.compile(
    rf"({'|'.join(map(re.escape, CURRENCY_PREFIXES))})\s?({_NUM})"
    r"(\s+(?:nghìn|ngàn|triệu|tỷ|tỉ)(?!\w))?"
)
# "1,2 x 3m": a multiplication sign between numbers.
_TIMES_RE = re.compile(r"(?<=\d)\s?[x×]\s?(?=\d)")
_PER_RE = re.compile(rf"(?<=[^\W\d_])\s?/\s?({_words(PER_WORDS)})(?!\w)")


def read_quantities(text: str) -> str:
    """Numbers with units or currency: "100-300mm", "1.545m", "25°C", "0,5%", "$5",
    and "per" slashes: "2 triệu đồng/ngày", "5%/năm", "100.000 đồng/học sinh"."""

    def quantity(m: re.Match[str]) -> str:
        words = read_number(m[1])
        if m[2]:
            words += f" {RANGE_WORD} {read_number(m[2])}"
        return f"{words} {UNIT_WORDS[m[3]]}"

    def money(m: re.Match[str]) -> str:
        scale = m[3] or ""
        return f"{read_number(m[2])}{scale} {CURRENCY_PREFIXES[m[1]]}"

    text = _TIMES_RE.sub(f" {SYMBOL_WORDS['×']} ", text)
    text = _UNIT_RE.sub(quantity, text)
    text = _CURRENCY_RE.sub(money, text)
    return _PER_RE.sub(lambda m: f" {PER_WORD} {UNIT_WORDS.get(m[1], m[1])}", text)


# --- ranges --------------------------------------------------------------------------------
_RANGE_RE = re.compile(rf"(?<![\w.,])(-?{_NUM})\s*[-–—]\s*(-?{_NUM})(?![\w]|[.,]\d)")
_RATIO_RE = re.compile(rf"(?<![\w.,:])({_NUM})\s?:\s?({_NUM})(?![\w]|[.,:]\d)")


def read_ranges(text: str) -> str:
    """Ranges and ratios: "2-3 người", "7.000 - 8.000", "2019-2024" -> "A đến B";
    "1:500" -> "một trên năm trăm"."""
    text = _RATIO_RE.sub(lambda m: f"{read_number(m[1])} {OVER_WORD} {read_number(m[2])}", text)
    return _RANGE_RE.sub(lambda m: f"{read_number(m[1])} {RANGE_WORD} {read_number(m[2])}", text)


# --- codes: U23, VJ356, H5N1, Covid-19 -------------------------------------------------------
_CODE_RE = re.compile(
    r"(?<![\w.,])(?=[A-Za-zĐđ]*\d)(?=\d*[A-ZĐ])[A-ZĐ\d]*[A-ZĐ\d](?:[.,]\d+)?(?!\w)"
)
_CODE_PART_RE = re.compile(r"[A-ZĐ]+|\d+(?:[.,]\d+)?")
# Vehicle plates: "29B-123.45", "51F1-12345".
_PLATE_RE = re.compile(r"(?<![\w.,])(\d{2}[A-ZĐ]{1,2}\d?)-(\d{3,5}(?:\.\d{2})?)(?![\w]|[.,]\d)")
# "Km15": a lexicon word glued to a number.
_LETTERS_DIGITS_RE = re.compile(r"(?<![\w.])([^\W\d_]+)(\d+)(?!\w)")
_WORD_NUMBER_RE = re.compile(r"(?<=[^\W\d_])-(\d+(?:[.,]\d+)?)(?!\w)")


def read_codes(text: str, lexicon: Lexicon | None = None) -> str:
    """Codes of letters and digits: "U23" -> "u hai mươi ba", "VJ356" -> "vê gi ba năm
    sáu", "QL1A" -> "quốc lộ một a"; "Covid-19" -> "Covid mười chín".

    Letter runs are looked up in the lexicon, else spelled; digit runs of one or two
    digits are read as numbers, longer ones digit by digit (flight and model numbers).
    """

    def part(p: str) -> str:
        if p[0].isdigit():
            if "," in p or "." in p:
                return read_number(p)
            return read_cardinal(p) if len(p) <= 2 else read_digits(p)
        entry = lexicon.get(p) if lexicon is not None else None
        return entry.spoken if entry is not None else spell_letters(p)

    def code(token: str) -> str:
        return " ".join(part(p) for p in _CODE_PART_RE.findall(token))

    def plate(m: re.Match[str]) -> str:
        serial = f" {DOT_WORD} ".join(read_digits(p) for p in m[2].split("."))
        return f"{code(m[1])} {serial}"

    def known_prefix(m: re.Match[str]) -> str:
        entry = lexicon.get(m[1]) if lexicon is not None else None
        if entry is None or entry.context != "always":
            return m[0]
        return f"{entry.spoken} {read_cardinal(m[2])}"

    text = _PLATE_RE.sub(plate, text)
    text = _LETTERS_DIGITS_RE.sub(known_prefix, text)
    text = _CODE_RE.sub(lambda m: code(m[0]), text)
    return _WORD_NUMBER_RE.sub(lambda m: f" {read_number(m[1])}", text)


# --- plain numbers ---------------------------------------------------------------------------
_NEGATIVE_RE = re.compile(rf"(?<![^\s(\[])-({_NUM})")
_NUMBER_RE = re.compile(_NUM)


def read_numbers(text: str) -> str:
    """Every number left: "1.600", "2,5", "-5", "2024". Reads any digit that remains."""
    text = _NEGATIVE_RE.sub(lambda m: f"{MINUS_WORD} {read_number(m[1])}", text)
    return _NUMBER_RE.sub(lambda m: f" {read_number(m[0])} ", text)


# --- acronyms ----------------------------------------------------------------------------
_CAPS_TOKEN_RE = re.compile(rf"(?<![\w]){_UPPER}{{2,}}(?!\w)")
_ASCII_CAPS = frozenset("ABCDEFGHIJKLMNOPQRSTUVWXYZĐ")
_SYLLABLE_RE = re.compile(
    r"(?:NGH|NG|NH|CH|GH|GI|KH|PH|QU|TH|TR|[BCDĐGHKLMNPRSTVX])?"
    r"[AEIOUY]{1,3}(?:NG|NH|CH|[CMNPTIOUY])?"
)
_PREVIOUS_WORD_RE = re.compile(r"(\S+)\s*$")
_NEXT_WORD_RE = re.compile(r"\s*(\S+)")


def _is_shouted_word(token: str) -> bool:
    """A Vietnamese word written in capitals ("XUÂN", "ĐỌC"), not an acronym."""
    letters = token.strip(".,;:!?…\"'“”()")
    return len(letters) >= 2 and letters.isupper() and any(c not in _ASCII_CAPS for c in letters)


def spell_acronyms(text: str) -> str:
    """Unknown all-caps tokens: spelled ("VPCC" -> "vê pê xê xê"), or, when they are
    words of a line written in capitals ("XUÂN LONG"), read as words."""

    def token(m: re.Match[str]) -> str:
        word = m[0]
        if any(c not in _ASCII_CAPS for c in word):
            return word.capitalize()
        if _SYLLABLE_RE.fullmatch(word):
            before = _PREVIOUS_WORD_RE.search(m.string, 0, m.start())
            after = _NEXT_WORD_RE.match(m.string, m.end())
            neighbours = [w[1] for w in (before, after) if w]
            if any(_is_shouted_word(n) or _SYLLABLE_RE.fullmatch(n) for n in neighbours):
                return word.capitalize()
        return spell_letters(word)

    return _CAPS_TOKEN_RE.sub(token, text)


# --- symbols ---------------------------------------------------------------------------------
_SYMBOL_RE = re.compile("|".join(map(re.escape, SYMBOL_WORDS)))
_WORD_SLASH_RE = re.compile(r"(?<=\w)\s*/\s*(?=\w)")


def read_symbols(text: str) -> str:
    """Symbols: "&" -> "và", "+" -> "cộng", "quận/huyện" -> "quận, huyện", "%" -> "phần trăm"."""
    text = _SYMBOL_RE.sub(lambda m: f" {SYMBOL_WORDS[m[0]]} ", text)
    text = text.replace("%", f" {PERCENT_WORD} ")
    return _WORD_SLASH_RE.sub(", ", text)


# --- tidy-up -----------------------------------------------------------------------------------
_SPACE_BEFORE_PUNCT_RE = re.compile(r"\s+([,.;:!?…)\]”’])")
_SPACE_AFTER_OPEN_RE = re.compile(r"([(\[“‘])\s+")
_TERMINAL_RE = re.compile(r"[.!?…][\"”’»)\]]*$")


def tidy_spaces(text: str) -> str:
    """One space between words, none before closing punctuation."""
    text = _SPACES_RE.sub(" ", text).strip()
    text = _SPACE_BEFORE_PUNCT_RE.sub(r"\1", text)
    return _SPACE_AFTER_OPEN_RE.sub(r"\1", text)


def end_sentence(text: str) -> str:
    """Give a headline a full stop so the voice pauses after it ("...: " becomes ".")."""
    text = text.rstrip(" :;,-–—")
    if text and not _TERMINAL_RE.search(text):
        text += "."
    return text
