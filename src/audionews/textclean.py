"""Turn raw bytes or pasted text into clean Unicode the parser can trust.

Copy-pasted news text carries byte-order marks, non-breaking and zero-width spaces,
decomposed diacritics and stray control characters. Everything downstream assumes
NFC text with plain spaces and ``\\n`` line ends, which is what this module returns.
"""

from __future__ import annotations

import re
import unicodedata

from .errors import InputError

# Zero-width and formatting characters that copy-paste leaves behind; they would
# split words for the tokenizer and are never spoken.
_INVISIBLE = dict.fromkeys(map(ord, "\u200b\u200c\u200d\u2060\ufeff\u00ad"), None)
# Every Unicode space (NBSP, thin space, ideographic space...) becomes a plain space.
_SPACES_RE = re.compile(r"[^\S\n]+")
_CONTROL_RE = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]")


def decode_bytes(data: bytes, *, name: str = "input") -> str:
    """Decode article bytes as UTF-8 (a BOM is tolerated).

    Raises:
        InputError: when the bytes are not UTF-8 text.
    """
    if data.startswith((b"\xff\xfe", b"\xfe\xff")):
        try:
            return data.decode("utf-16")
        except UnicodeDecodeError:
            pass
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        raise InputError(
            f"{name} is not UTF-8 text (undecodable byte at position {exc.start}); "
            "save the article as UTF-8"
        ) from None


def clean_text(text: str) -> str:
    """NFC-normalize and repair whitespace, keeping line structure."""
    text = unicodedata.normalize("NFC", text)
    text = text.replace("\r\n", "\n").replace("\r", "\n").replace("\u2028", "\n")
    text = text.translate(_INVISIBLE)
    text = _CONTROL_RE.sub("", text)
    lines = (_SPACES_RE.sub(" ", line).strip() for line in text.split("\n"))
    return "\n".join(lines).strip()
