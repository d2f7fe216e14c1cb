"""Turn raw bytes or pasted text into clean Unicode the parser can trust.

Copy-pasted news text carries byte-order marks, non-breaking and zero-width spaces,
decomposed diacritics and stray control characters; text files from older Windows
tools come in legacy encodings (Windows-1258, UTF-16); text that went through a
wrong decoder on its way carries mojibake ("Viá»‡t Nam"). Everything downstream
assumes NFC text with plain spaces and ``\\n`` line ends, which is what this module
returns. Every repair that changed the text is reported (returned as a warning, or
logged as one when the caller collects none), because a newsroom must know when the
words it publishes were guessed back.
"""

from __future__ import annotations

import functools
import logging
import re
import unicodedata
from collections.abc import Callable
from typing import NamedTuple

from .errors import InputError

logger = logging.getLogger(__name__)

# Zero-width and formatting characters that copy-paste leaves behind; they would
# split words for the tokenizer and are never spoken.
_INVISIBLE = dict.fromkeys(map(ord, "\u200b\u200c\u200d\u2060\ufeff\u00ad"), None)
# Every Unicode space (NBSP, thin space, ideographic space...) becomes a plain space.
_SPACES_RE = re.compile(r"[^\S\n]+")
# C0/C1 control characters except tab and line ends (tab is a space for us).
_CONTROL_RE = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f]")
# Windows-1252's reading of the bytes 0x80-0xBF: how a UTF-8 continuation byte looks
# after a wrong decoder (Latin-1 gives U+0080-U+00BF itself).
_CONTINUATION = ("\u0080-\u00bf\u0152\u0153\u0160\u0161\u0178\u017d\u017e\u0192\u02c6"
                 "\u02dc\u2013\u2014\u2018-\u201e\u2020-\u2022\u2026\u2030\u2039\u203a"
                 "\u20ac\u2122")
# Mojibake leaves traces: a UTF-8 lead byte read as Latin-1/Windows-1252 followed by
# as many continuation bytes as it announces, or a character outside Vietnamese news
# text and its copy-paste leftovers (zero-width spaces, BOMs), such as C1 controls or
# the symbols of other code pages. Text without either is what it says and is not
# handed to ftfy (whose import alone costs more than cleaning a whole article).
_MOJIBAKE_TRACE_RE = re.compile(
    "[^\t\n\r\x20-\x7e\u00a0-\u024f\u1e00-\u1eff\u200b-\u2027\u2030-\u2060\u20a0-\u20cf\ufeff]"
    f"|[\u00c2-\u00df][{_CONTINUATION}]"
    f"|[\u00e0-\u00ef][{_CONTINUATION}]{{2}}"
    f"|[\u00f0-\u00f4][{_CONTINUATION}]{{3}}"
)


class _Ftfy(NamedTuple):
    fix_text: Callable[[str], str]  # encoding damage only (see the config below)
    is_bad: Callable[[str], bool]  # whether text still looks like mojibake


@functools.cache
def _ftfy() -> _Ftfy:
    """ftfy's fixer and its mojibake detector, imported on first use."""
    import ftfy
    from ftfy.badness import is_bad

    # ftfy repairs encoding damage only: curly quotes, full-width forms and ligatures
    # are how the newspaper wrote it and stay as they are.
    config = ftfy.TextFixerConfig(
        unescape_html=False,
        uncurl_quotes=False,
        fix_character_width=False,
        fix_latin_ligatures=False,
        fix_line_breaks=False,
        remove_control_chars=False,  # removed by the caller, and reported as what they are
        normalization="NFC",
        explain=False,
    )
    return _Ftfy(functools.partial(ftfy.fix_text, config=config), is_bad)


def may_be_mojibake(text: str) -> bool:
    """Whether ``text`` (NFC) carries a trace of wrong-encoding damage (see above)."""
    return _MOJIBAKE_TRACE_RE.search(text) is not None


# Encodings a Vietnamese text file plausibly comes in when it is not UTF-8; limiting
# the detector to them keeps it from "finding" Cyrillic or CJK in a short file.
_LEGACY_ENCODINGS = ("cp1258", "cp1252", "latin_1", "utf_16", "utf_16_le", "utf_16_be", "cp1250")


def _report(warnings: list[str] | None, message: str) -> None:
    """Hand a repair note to the caller's list, or log it as a warning if there is none.

    One channel per note: a caller that collects warnings shows them itself, so the
    log gets them at INFO only and a CLI does not print each one twice.
    """
    if warnings is None:
        logger.warning(message)
    else:
        logger.info(message)
        warnings.append(message)


def _looks_like_utf16(data: bytes) -> str | None:
    """``utf-16-le``/``-be`` when every other byte is mostly NUL (BOM-less UTF-16)."""
    sample = data[:4000]
    if len(sample) < 4:
        return None
    even_nul = sample[0::2].count(0) / len(sample[0::2])
    odd_nul = sample[1::2].count(0) / len(sample[1::2])
    if odd_nul > 0.3 and even_nul < 0.05:
        return "utf-16-le"
    if even_nul > 0.3 and odd_nul < 0.05:
        return "utf-16-be"
    return None


def decode_bytes(data: bytes, *, name: str = "input", warnings: list[str] | None = None) -> str:
    """Decode article bytes: UTF-8 first, then UTF-16 and legacy encodings.

    Args:
        data: the raw bytes of a text or HTML file.
        name: what to call the input in messages (a path or URL).
        warnings: when given, a note is appended if the bytes were not UTF-8.

    Returns:
        The decoded text (not yet cleaned or normalized).

    Raises:
        InputError: when no plausible encoding decodes the bytes.
    """
    if data.startswith((b"\xff\xfe", b"\xfe\xff")):
        try:
            return data.decode("utf-16")
        except UnicodeDecodeError:
            pass
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        utf8_error = exc
    if (utf16 := _looks_like_utf16(data)) is not None:
        try:
            text = data.decode(utf16)
        except UnicodeDecodeError:
            pass
        else:
            _report(warnings, f"{name} is {utf16.upper()} without a byte-order mark; decoded so")
            return text
    import charset_normalizer  # only for bytes that are not UTF-8 (rare; slow to import)

    best = charset_normalizer.from_bytes(data, cp_isolation=list(_LEGACY_ENCODINGS)).best()
    if best is None:
        raise InputError(
            f"{name} is not UTF-8 text (undecodable byte at position {utf8_error.start}) and "
            "no legacy encoding fits; save the article as UTF-8"
        )
    _report(warnings, f"{name} is not UTF-8; decoded as {best.encoding} (detected), check the text")
    return str(best)


def repair_text(text: str, *, name: str = "input") -> tuple[str, list[str]]:
    """Repair encoding damage in decoded text and drop what cannot be repaired.

    Mojibake (UTF-8 read as Windows-1252 or Latin-1, also twice over) is undone with
    ftfy; the result is NFC; control characters are removed. A line that still holds
    replacement characters or mojibake afterwards is dropped rather than spoken.

    Args:
        text: decoded article text.
        name: what to call the input in warnings.

    Returns:
        The repaired text and the list of warnings describing every change made
        (empty when the text was already clean apart from Unicode normalization).
    """
    warnings: list[str] = []
    kept: list[str] = []
    repaired = controls = 0
    for line in text.split("\n"):
        nfc = unicodedata.normalize("NFC", line)
        suspect = may_be_mojibake(nfc)
        # C1 bytes are part of mojibake: fix before removing control characters.
        fixed = _ftfy().fix_text(nfc) if suspect else nfc
        repaired += fixed != nfc
        without_controls = _CONTROL_RE.sub("", fixed.replace("\t", " "))
        controls += without_controls != fixed.replace("\t", " ")
        if "\ufffd" in without_controls or (suspect and _ftfy().is_bad(without_controls)):
            _report(warnings, f"{name}: dropped an undecodable paragraph: {fixed[:60]!r}")
            continue
        kept.append(without_controls)
    if repaired:
        lines = "line" if repaired == 1 else "lines"
        _report(
            warnings, f"{name}: repaired mojibake (wrong-encoding damage) in {repaired} {lines}"
        )
    if controls:
        _report(warnings, f"{name}: removed control characters from {controls} line(s)")
    return "\n".join(kept), warnings


def repair_mojibake(text: str, *, name: str = "input") -> tuple[str, list[str]]:
    """Undo wrong-encoding damage in a whole document (HTML markup included), as NFC.

    Unlike :func:`repair_text` this drops nothing: markup lines are not paragraphs.
    Run it before any whitespace cleaning: mojibake hides bytes of the original
    text in no-break spaces and C1 control characters.

    Returns:
        The repaired text and a warning when it changed beyond Unicode normalization.
    """
    nfc = unicodedata.normalize("NFC", text)
    if not may_be_mojibake(nfc):
        return nfc, []
    fixed = _ftfy().fix_text(nfc)
    if fixed == nfc:
        return nfc, []
    changed = sum(a != b for a, b in zip(nfc.split("\n"), fixed.split("\n"), strict=False))
    lines = "line" if changed == 1 else "lines"
    message = f"{name}: repaired mojibake (wrong-encoding damage) in {changed} {lines}"
    logger.info(message)
    return fixed, [message]


def clean_text(text: str) -> str:
    """NFC-normalize and repair whitespace, keeping line structure."""
    text = unicodedata.normalize("NFC", text)
    text = text.replace("\r\n", "\n").replace("\r", "\n").replace("\u2028", "\n")
    text = text.translate(_INVISIBLE)
    text = _CONTROL_RE.sub("", text)
    lines = (_SPACES_RE.sub(" ", line).strip() for line in text.split("\n"))
    return "\n".join(lines).strip()
