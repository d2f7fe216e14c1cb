"""Write Vietnamese text the way Windows-1258 tools do, to build legacy-encoded fixtures."""

from __future__ import annotations

import unicodedata

# Windows-1258 has code points for â ê ô ơ ư ă đ and a few toned vowels; the five tone
# marks are separate combining characters written after the base letter.
TONE_MARKS = "\u0300\u0301\u0303\u0309\u0323"


def encode_cp1258(text: str) -> bytes:
    """Encode NFC Vietnamese text in Windows-1258 (base letter + combining tone)."""
    out = bytearray()
    for char in unicodedata.normalize("NFC", text):
        try:
            out += char.encode("cp1258")
        except UnicodeEncodeError:
            decomposed = unicodedata.normalize("NFD", char)
            tones = "".join(c for c in decomposed if c in TONE_MARKS)
            base = unicodedata.normalize(
                "NFC", "".join(c for c in decomposed if c not in TONE_MARKS)
            )
            out += base.encode("cp1258") + tones.encode("cp1258")
    return bytes(out)
