"""Vietnamese word lists the text-repair heuristics key on (data only, no logic)."""

from __future__ import annotations

# Words that open a Vietnamese news sentence and are not part of a person's name:
# after a photo credit, the first of these starts the text again.
SENTENCE_STARTERS = frozenset((
    "Ông", "Bà", "Anh", "Chị", "Em", "Theo", "Trong", "Sau", "Trước", "Tại", "Ngày",
    "Hiện", "Năm", "Đây", "Với", "Khi", "Tuy", "Nhưng", "Các", "Những", "Một", "Người",
    "Từ", "Để", "Do", "Vì", "Nếu", "Còn", "Cũng", "Đến", "Hôm", "Sáng", "Chiều", "Tối",
    "Đêm", "Trưa", "Ngoài", "Bên", "Mới", "Này", "Đó", "Hai", "Ba", "Nhiều", "Tất", "Qua",
    "Cùng", "Lúc", "Hơn", "Riêng", "Thế", "Dù", "Ngay", "Vào", "Cả", "Đặc", "Việc",
    "Lực", "Chính", "Thời", "Tháng", "Tuần",
))  # fmt: skip

# Capitalised nouns that run inside Vietnamese sentences ("tổ chức Hội nghị", "của Sở
# Tư pháp"): a capital on one of them does not start a new sentence.
INSTITUTION_WORDS = frozenset((
    "Hội", "Ban", "Sở", "Bộ", "Ủy", "Uỷ", "Đảng", "Nhà", "Tỉnh", "Thành", "Quận", "Huyện",
    "Xã", "Phường", "Công", "Trung", "Viện", "Trường", "Đại", "Cục", "Tổng", "Văn",
    "Quốc", "Chính", "Nghị", "Luật", "Thủ", "Chủ", "Phó", "Giám", "Bí", "Ngân", "Tập",
    "Hiệp", "Liên", "Học", "Bệnh", "Tòa", "Toà", "Mặt", "Quân", "Đoàn", "Sư", "Lữ",
    "Cảng", "Sân", "Đường", "Cầu", "Sông", "Núi", "Chợ", "Khu", "Vịnh", "Đảo",
))  # fmt: skip
