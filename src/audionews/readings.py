"""Word tables the normalizer reads from: digits, letter names, units, context words.

Data only, no logic: a new unit, a new date cue or a different letter name is a one-line
change here. Everything is a tuple or a read-only mapping so that the tables can be
shared between threads without copying.
"""

from __future__ import annotations

from types import MappingProxyType

# --- numbers ------------------------------------------------------------------------
DIGIT_WORDS = ("không", "một", "hai", "ba", "bốn", "năm", "sáu", "bảy", "tám", "chín")
# Northern broadcast usage: "một trăm linh năm", "hai mươi tư". Southern readers say
# "lẻ" and "bốn"; both are understood everywhere, one style is kept throughout.
ZERO_TENS_WORD = "linh"
FOUR_AFTER_TENS_WORD = "tư"
FIVE_AFTER_TENS_WORD = "lăm"
ONE_AFTER_TENS_WORD = "mốt"
HUNDRED_WORD = "trăm"
TEN_WORD = "mười"
TENS_WORD = "mươi"
# Scales below a billion; "tỷ" is applied recursively ("nghìn tỷ", "tỷ tỷ").
THOUSAND_WORD = "nghìn"
MILLION_WORD = "triệu"
BILLION_WORD = "tỷ"
DECIMAL_COMMA_WORD = "phẩy"
DECIMAL_POINT_WORD = "chấm"
MINUS_WORD = "âm"
RANGE_WORD = "đến"
PERCENT_WORD = "phần trăm"
FRACTION_WORD = "phần"
# Longer digit strings are identifiers (accounts, serials): read digit by digit.
MAX_CARDINAL_DIGITS = 15

# --- letters --------------------------------------------------------------------------
# How a newsreader spells an acronym letter by letter ("HĐND" -> "hát đê nờ đê").
LETTER_NAMES = MappingProxyType(
    {
        "A": "a", "Ă": "á", "Â": "ớ", "B": "bê", "C": "xê", "D": "dê", "Đ": "đê",
        "E": "e", "Ê": "ê", "F": "ép", "G": "giê", "H": "hát", "I": "i", "J": "gi",
        "K": "ca", "L": "lờ", "M": "mờ", "N": "nờ", "O": "o", "Ô": "ô", "Ơ": "ơ",
        "P": "pê", "Q": "quy", "R": "rờ", "S": "ét", "T": "tê", "U": "u", "Ư": "ư",
        "V": "vê", "W": "vê kép", "X": "ích", "Y": "i", "Z": "dét",
    }
)  # fmt: skip

# --- dates and times ------------------------------------------------------------------
# Words after which "7-3" / "27.9" is a day and month, not a range or a decimal.
DATE_CUE_WORDS = (
    "ngày", "hôm", "sáng", "trưa", "chiều", "tối", "đêm", "khuya", "mùng", "mồng",
    "rạng sáng", "sáng sớm", "chiều tối", "tối muộn", "đêm qua",
)  # fmt: skip
# Words that already say "day", so a full date after them does not get another "ngày".
DAY_WORDS = ("ngày", "mùng", "mồng")
MONTH_WORD = "tháng"
YEAR_WORD = "năm"
DAY_WORD = "ngày"
HOUR_WORD = "giờ"
MINUTE_WORD = "phút"
QUARTER_WORDS = ("quý", "Quý")
# Words before a numeral that make it an ordinal: "thứ 4" is "thứ tư", "thứ 1" "thứ nhất".
ORDINAL_CUE_WORDS = ("thứ", "Thứ")
ORDINAL_SPECIAL = MappingProxyType({1: "nhất", 4: "tư"})
# "tháng 4" is "tháng tư" (April), never "tháng bốn".
MONTH_SPECIAL = MappingProxyType({4: "tư"})
# Words before "2-1" that make it a score, read "hai một".
SCORE_CUE_WORDS = ("tỷ số", "tỉ số", "thắng", "thua", "hòa", "hoà", "cách biệt")

# --- Roman numerals -------------------------------------------------------------------
# A Roman numeral is read as a number only after one of these words ("thế kỷ XXI",
# "khóa XV", "quý II"); elsewhere "V" or "X" may be a letter.
ROMAN_CUE_WORDS = (
    "thế kỷ", "thế kỉ", "Thế kỷ", "Thế kỉ", "khóa", "khoá", "Khóa", "Khoá", "Đại hội",
    "đại hội", "quý", "Quý", "kỳ họp", "Kỳ họp", "lần thứ", "Lần thứ", "phần", "Phần",
    "chương", "Chương", "mục", "Mục", "tập", "Tập", "cấp", "Cấp", "thứ", "Thế chiến",
    "giai đoạn", "Giai đoạn", "đợt", "Đợt", "hạng", "Hạng", "loại", "Loại", "nhóm",
    "Nhóm", "vùng", "Vùng", "khu vực", "Khu vực", "tổ dân phố", "Tổ dân phố", "quân khu",
    "Quân khu", "phụ lục", "Phụ lục", "điều", "Điều", "bậc", "Bậc", "kỳ", "Kỳ",
)  # fmt: skip
# Numerals joined to a cued one: "tổ dân phố I và II", "khu vực I, II, III".
ROMAN_JOINERS = (",", "và", "đến", "-", "–")

# --- units and money --------------------------------------------------------------------
# Read after a number ("100-300mm", "1.545m", "25°C"); longest first is not needed:
# the matcher sorts them.
UNIT_WORDS = MappingProxyType(
    {
        "km/h": "ki lô mét trên giờ", "km2": "ki lô mét vuông", "km²": "ki lô mét vuông",
        "m2": "mét vuông", "m²": "mét vuông", "m3": "mét khối", "m³": "mét khối",
        "cm2": "xăng ti mét vuông", "cm": "xăng ti mét", "mm": "mi li mét", "km": "ki lô mét",
        "m": "mét", "ha": "héc ta", "kg": "ki lô gam", "g": "gam", "mg": "mi li gam",
        "ml": "mi li lít", "l": "lít", "°C": "độ xê", "ºC": "độ xê", "°F": "độ ép", "°": "độ",
        "%": "phần trăm", "đ": "đồng", "đồng": "đồng", "USD": "đô la Mỹ", "VNĐ": "đồng",
        "VND": "đồng", "kW": "ki lô oát", "kWh": "ki lô oát giờ", "MW": "mê ga oát",
        "GW": "gi ga oát", "kV": "ki lô vôn", "GB": "gi ga bai", "MB": "mê ga bai",
        "TB": "tê ra bai", "Hz": "héc", "MHz": "mê ga héc", "GHz": "gi ga héc",
        "mmHg": "mi li mét thủy ngân", "ppm": "pê pê em", "m/s": "mét trên giây",
    }
)  # fmt: skip
# Currency signs written before the amount ("$5", "€10").
CURRENCY_PREFIXES = MappingProxyType({"$": "đô la", "€": "ơ rô", "£": "bảng Anh", "¥": "yên"})
# "/năm", "/học sinh": what follows a slash that means "per".
PER_WORDS = (
    "năm", "tháng", "ngày", "tuần", "giờ", "phút", "giây", "người", "học sinh",
    "sinh viên", "hộ", "lượt", "khách", "suất", "con", "chiếc", "lít", "tấn", "sào",
    "căn", "cái", "lao động", "ca", "buổi", "tiết", "đêm", "bộ", "m2", "m²", "m3", "ha", "kg",
    "km2", "km²", "USD", "đô la Mỹ", "lượng", "chỉ", "thùng", "cổ phiếu",
    "km", "kWh", "trẻ", "xe", "vé", "phòng", "gói", "liều", "đầu người",
)  # fmt: skip
PER_WORD = "mỗi"

# --- phone numbers ------------------------------------------------------------------
PHONE_CUE_WORDS = (
    "điện thoại", "Điện thoại", "ĐT", "SĐT", "đt", "hotline", "Hotline", "đường dây nóng",
    "Đường dây nóng", "tổng đài", "Tổng đài", "gọi", "số máy", "fax", "Fax",
)  # fmt: skip

# --- symbols and web addresses ------------------------------------------------------
SYMBOL_WORDS = MappingProxyType(
    {"&": "và", "+": "cộng", "×": "nhân", "=": "bằng", "~": "khoảng", "≈": "khoảng", "@": "a còng",
     "±": "cộng trừ", "≥": "lớn hơn hoặc bằng", "≤": "nhỏ hơn hoặc bằng"}
)  # fmt: skip
DOMAIN_WORDS = MappingProxyType(
    {"vn": "vê nờ", "com": "com", "net": "nét", "org": "o rờ giê", "gov": "gờ o vê",
     "edu": "e đu", "info": "in phô", "io": "i o"}
)  # fmt: skip
DOT_WORD = "chấm"

# --- photo credits --------------------------------------------------------------------
CREDIT_WORDS = (
    "Ảnh", "Hình", "Hình ảnh", "Ảnh minh họa", "Ảnh minh hoạ", "Ảnh chụp màn hình",
    "Nguồn ảnh", "Ảnh tư liệu", "Video", "Clip", "Đồ họa", "Đồ hoạ", "Infographic", "Photo",
)  # fmt: skip

# Every uppercase letter of Vietnamese (for telling acronyms and shouted words apart).
VIETNAMESE_UPPER = (
    "AÀÁẢÃẠĂẰẮẲẴẶÂẦẤẨẪẬBCDĐEÈÉẺẼẸÊỀẾỂỄỆFGHIÌÍỈĨỊJKLMNOÒÓỎÕỌÔỒỐỔỖỘƠỜỚỞỠỢPQRSTUÙÚỦŨỤƯỪỨỬỮỰVWXYỲÝỶỸỴZ"
)

# "1/3 dân số" is a fraction ("một phần ba"), not the first of March.
FRACTION_CUE_AFTER = ("dân số", "số", "diện tích", "tổng", "lượng", "thời gian", "trong số")
# After these, "3/10" is a score or a share ("xếp hạng 3/10"), not a date.
OVER_CUE_BEFORE = ("hạng", "điểm", "tỷ lệ", "tỉ lệ", "đạt", "câu", "trúng", "kết quả")
# "3/40 tỉnh" (an invalid date) is read "ba trên bốn mươi".
OVER_WORD = "trên"
