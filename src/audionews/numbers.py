"""Read numbers, dates and times the way a Vietnamese newsreader says them.

Pure functions from digits to words; the normalizer decides *which* reading a piece of
text needs (a date, a range, a phone number) and calls one of these. Rules followed:
groups of three with "không trăm"/"linh" inside a number ("2024" -> "hai nghìn không
trăm hai mươi tư"), "mười lăm"/"hai mươi lăm", "hai mươi mốt", "hai mươi tư", comma as
the decimal mark ("2,5" -> "hai phẩy năm") and dots as thousands ("1.600").
"""

from __future__ import annotations

import re

from .readings import (
    BILLION_WORD,
    DAY_WORD,
    DECIMAL_COMMA_WORD,
    DECIMAL_POINT_WORD,
    DIGIT_WORDS,
    FIVE_AFTER_TENS_WORD,
    FOUR_AFTER_TENS_WORD,
    HOUR_WORD,
    HUNDRED_WORD,
    MAX_CARDINAL_DIGITS,
    MILLION_WORD,
    MINUS_WORD,
    MINUTE_WORD,
    MONTH_SPECIAL,
    MONTH_WORD,
    ONE_AFTER_TENS_WORD,
    ORDINAL_SPECIAL,
    TEN_WORD,
    TENS_WORD,
    THOUSAND_WORD,
    YEAR_WORD,
    ZERO_TENS_WORD,
)

_BILLION = 10**9
_THOUSANDS_DOTS_RE = re.compile(r"\d{1,3}(?:\.\d{3})+")
_THOUSANDS_COMMAS_RE = re.compile(r"\d{1,3}(?:,\d{3}){2,}")
_DECIMAL_COMMA_RE = re.compile(r"(\d{1,3}(?:\.\d{3})+|\d+),(\d+)")
_ROMAN_VALUES = (
    ("M", 1000), ("CM", 900), ("D", 500), ("CD", 400), ("C", 100), ("XC", 90),
    ("L", 50), ("XL", 40), ("X", 10), ("IX", 9), ("V", 5), ("IV", 4), ("I", 1),
)  # fmt: skip
ROMAN_PATTERN = r"M{0,3}(?:CM|CD|D?C{0,3})(?:XC|XL|L?X{0,3})(?:IX|IV|V?I{0,3})"
_ROMAN_RE = re.compile(ROMAN_PATTERN)


def read_digits(digits: str) -> str:
    """Read a string of digits one by one ("0912" -> "không chín một hai").

    Non-digit characters are skipped.
    """
    return " ".join(DIGIT_WORDS[int(d)] for d in digits if d.isdigit())


def _read_under_100(n: int) -> str:
    tens, units = divmod(n, 10)
    if tens == 0:
        return DIGIT_WORDS[units]
    head = TEN_WORD if tens == 1 else f"{DIGIT_WORDS[tens]} {TENS_WORD}"
    if units == 0:
        return head
    if units == 5:
        return f"{head} {FIVE_AFTER_TENS_WORD}"
    if units == 1 and tens > 1:
        return f"{head} {ONE_AFTER_TENS_WORD}"
    if units == 4 and tens > 1:
        return f"{head} {FOUR_AFTER_TENS_WORD}"
    return f"{head} {DIGIT_WORDS[units]}"


def _read_group(n: int, *, inner: bool) -> str:
    """Read 1..999; ``inner`` when a larger group precedes (say "không trăm", "linh")."""
    hundreds, rest = divmod(n, 100)
    parts = []
    if hundreds or inner:
        parts.append(f"{DIGIT_WORDS[hundreds]} {HUNDRED_WORD}")
    if rest:
        if rest < 10 and parts:
            parts.append(ZERO_TENS_WORD)
        parts.append(_read_under_100(rest))
    return " ".join(parts)


def _read_below_billion(n: int, *, inner: bool) -> str:
    parts: list[str] = []
    groups = ((n // 10**6, MILLION_WORD), (n // 1000 % 1000, THOUSAND_WORD), (n % 1000, ""))
    for value, scale in groups:
        if value == 0:
            continue
        parts.append(_read_group(value, inner=inner))
        if scale:
            parts.append(scale)
        inner = True
    return " ".join(parts)


def read_integer(n: int) -> str:
    """Read a whole number as a Vietnamese cardinal.

    Args:
        n: any integer; negative numbers are read with "âm".

    Returns:
        The words, e.g. ``read_integer(1_550_000)`` is "một triệu năm trăm năm mươi nghìn".
    """
    if n < 0:
        return f"{MINUS_WORD} {read_integer(-n)}"
    if n == 0:
        return DIGIT_WORDS[0]
    if n >= _BILLION:
        high, low = divmod(n, _BILLION)
        words = f"{read_integer(high)} {BILLION_WORD}"
        return f"{words} {_read_below_billion(low, inner=True)}" if low else words
    return _read_below_billion(n, inner=False)


def read_cardinal(digits: str) -> str:
    """Read a plain digit string: a cardinal, or digit by digit for identifiers.

    "007" and strings longer than fifteen digits are codes, read one digit at a time.
    """
    if len(digits) > MAX_CARDINAL_DIGITS or (len(digits) > 1 and digits.startswith("0")):
        return read_digits(digits)
    return read_integer(int(digits))


def read_fraction_digits(digits: str) -> str:
    """Read the part after a decimal mark: leading zeros one by one, then a number.

    "05" -> "không năm", "5" -> "năm", "25" -> "hai mươi lăm"; four digits or more are
    read one by one.
    """
    stripped = digits.lstrip("0")
    zeros = [DIGIT_WORDS[0]] * (len(digits) - len(stripped))
    if not stripped:
        return " ".join(zeros)
    rest = read_cardinal(stripped) if len(stripped) <= 3 else read_digits(stripped)
    return " ".join([*zeros, rest])


def read_number(token: str) -> str:
    """Read one written number: "1.600", "1.550.000", "2,5", "0,05", "4.0", "1,2,3".

    Dots between groups of three digits are thousands separators; a comma is the
    decimal mark (Vietnamese convention); any other dot is read "chấm" (versions,
    "4.0"). An English-style "1,550,000" with two or more comma groups is thousands.

    Args:
        token: digits with ``.`` and ``,`` separators, optionally a leading ``-``.

    Returns:
        The words; the token unchanged when it holds no digit.
    """
    if token.startswith(("-", "−")):
        return f"{MINUS_WORD} {read_number(token[1:])}"
    if _THOUSANDS_DOTS_RE.fullmatch(token) and not token.startswith("0"):
        return read_cardinal(token.replace(".", ""))
    if _THOUSANDS_COMMAS_RE.fullmatch(token) and not token.startswith("0"):
        return read_cardinal(token.replace(",", ""))
    if m := _DECIMAL_COMMA_RE.fullmatch(token):
        whole = m[1].replace(".", "").lstrip("0") or "0"
        return f"{read_cardinal(whole)} {DECIMAL_COMMA_WORD} {read_fraction_digits(m[2])}"
    if token.isdigit():
        return read_cardinal(token)
    # Section numbers, versions and lists: read each part, say the separator.
    words = []
    for part in re.split(r"([.,])", token):
        if part == ".":
            words.append(DECIMAL_POINT_WORD)
        elif part == ",":
            words.append(DECIMAL_COMMA_WORD)
        elif part:
            words.append(read_cardinal(part) if part.isdigit() else part)
    return " ".join(words)


def read_ordinal(n: int) -> str:
    """The number after "thứ": 1 -> "nhất", 4 -> "tư", others as cardinals."""
    return ORDINAL_SPECIAL.get(n) or read_integer(n)


def read_month(month: int) -> str:
    """The number after "tháng": 4 -> "tư" (April is "tháng tư"), others as cardinals."""
    return MONTH_SPECIAL.get(month) or read_integer(month)


def is_valid_day_month(day: int, month: int) -> bool:
    """Whether ``day``/``month`` can be a calendar date (1-31, 1-12)."""
    return 1 <= day <= 31 and 1 <= month <= 12


def read_date(day: int | None, month: int, year: int | None = None, *, say_day: bool = True) -> str:
    """Read a date: "ngày bảy tháng ba năm hai nghìn không trăm hai mươi tư".

    Args:
        day: day of month, or None for a month (and year) only.
        month: 1-12.
        year: the year, or None.
        say_day: whether to start with "ngày" (False when the text already says it).

    Returns:
        The spoken date.
    """
    parts = []
    if day is not None:
        if say_day:
            parts.append(DAY_WORD)
        parts.append(read_integer(day))
    parts += [MONTH_WORD, read_month(month)]
    if year is not None:
        parts += [YEAR_WORD, read_integer(year)]
    return " ".join(parts)


def read_time(hour: int, minute: int | None = None) -> str:
    """Read a clock time: (10, 30) -> "mười giờ ba mươi phút", (7, None) -> "bảy giờ"."""
    words = f"{read_integer(hour)} {HOUR_WORD}"
    if minute:
        words += f" {read_integer(minute)} {MINUTE_WORD}"
    return words


def roman_to_int(numeral: str) -> int | None:
    """The value of a well-formed Roman numeral ("XXI" -> 21), else None."""
    if not numeral or not _ROMAN_RE.fullmatch(numeral):
        return None
    value, rest = 0, numeral
    for symbol, amount in _ROMAN_VALUES:
        while rest.startswith(symbol):
            value += amount
            rest = rest[len(symbol) :]
    return value
