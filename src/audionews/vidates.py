"""Dates read aloud in Vietnamese, for the bulletin's opening.

"thứ Sáu, ngày hai mươi bảy tháng mười một năm hai nghìn không trăm hai mươi sáu".
Numbers are read by the normalizer's reader (``numbers``), so the opening says a year
the way the articles' years are said; what is particular to spoken dates is here:
weekday names, "mùng" before days 1-10, and "tháng tư" for April.
"""

from __future__ import annotations

from datetime import date

from .numbers import read_integer, read_month

# date.weekday(): Monday is 0.
WEEKDAYS = ("thứ Hai", "thứ Ba", "thứ Tư", "thứ Năm", "thứ Sáu", "thứ Bảy", "Chủ nhật")


def number_words(n: int) -> str:
    """A cardinal number in Vietnamese words."""
    return read_integer(n)


def month_words(month: int) -> str:
    """The word(s) after "tháng": April is "tư", the rest are plain numbers."""
    return read_month(month)


def day_words(day: int) -> str:
    """The word(s) after "ngày": days 1-10 are said with "mùng" ("mùng một")."""
    return f"mùng {number_words(day)}" if day <= 10 else number_words(day)


def spoken_date(day: date, weekday: bool = True) -> str:
    """"thứ Sáu, ngày hai mươi bảy tháng mười một năm hai nghìn không trăm hai mươi sáu"."""
    text = (f"ngày {day_words(day.day)} tháng {month_words(day.month)} "
            f"năm {number_words(day.year)}")
    return f"{WEEKDAYS[day.weekday()]}, {text}" if weekday else text
