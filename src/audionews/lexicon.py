"""The pronunciation lexicon: abbreviations and names, and when to expand them.

A lexicon is a TSV file (the shipped one is ``audionews/data/lexicon.tsv``; its header
documents the format). Each entry says how a written form is spoken and in which
context: ``always``, ``name`` (a title such as "TS." only before a personal name) or
``place`` (an address prefix such as "Q." only before a name or a number). Radio staff
fix a pronunciation with a user file of the same format; user entries win.

A :class:`Lexicon` is immutable once built, so one instance is safely shared by threads.
"""

from __future__ import annotations

import hashlib
import re
from collections.abc import Iterable, Iterator, Mapping
from dataclasses import dataclass
from enum import StrEnum
from functools import lru_cache
from importlib import resources
from pathlib import Path
from types import MappingProxyType

from .errors import ConfigError

SHIPPED_LEXICON = "lexicon.tsv"


class Context(StrEnum):
    """Where an entry applies."""

    ALWAYS = "always"
    NAME = "name"  # before a capitalised word: "TS. Lê Thị Chiên", "HLV Park Hang-seo"
    PLACE = "place"  # before a capitalised word or a number: "Q.9", "P.Hiệp Phú"


@dataclass(frozen=True)
class LexiconEntry:
    """One written form and how it is spoken.

    Attributes:
        written: the form as printed, matched case-sensitively as a whole token.
        spoken: what the voice says instead.
        context: where the entry applies.
        origin: "file:line" it came from, for messages.
    """

    written: str
    spoken: str
    context: Context = Context.ALWAYS
    origin: str = ""


_CAPITALISED_WORD_RE = re.compile(r"\s*[^\W\d_]")


def _is_capitalised_at(text: str, pos: int) -> bool:
    m = _CAPITALISED_WORD_RE.match(text, pos)
    return m is not None and m[0][-1].isupper()


def _starts_name(rest: str, dotted: bool = False) -> bool:
    """Whether a name follows. After a dotted form and a space ("TP. ") the dot may
    also end a sentence ("... của TP. Qua đó"), so two capitalised words are required."""
    if not _is_capitalised_at(rest, 0):
        return False
    if not (dotted and rest[:1].isspace()):
        return True
    first_word_end = re.match(r"\s*\S+", rest)
    return first_word_end is not None and _is_capitalised_at(rest, first_word_end.end())


def _starts_name_or_number(rest: str, dotted: bool = False) -> bool:
    stripped = rest.lstrip()
    return _starts_name(rest, dotted) or (bool(stripped) and stripped[0].isdigit())


_CONTEXT_CHECKS = {
    Context.ALWAYS: lambda rest, dotted=False: True,
    Context.NAME: _starts_name,
    Context.PLACE: _starts_name_or_number,
}


class Lexicon:
    """An immutable set of entries and the compiled matcher that applies them.

    Args:
        entries: entries in priority order; a later entry for the same written form
            replaces an earlier one.
    """

    def __init__(self, entries: Iterable[LexiconEntry] = ()) -> None:
        by_written: dict[str, LexiconEntry] = {}
        for entry in entries:
            by_written[entry.written] = entry
        self._entries: Mapping[str, LexiconEntry] = MappingProxyType(by_written)
        self._pattern = _compile(by_written)

    def __len__(self) -> int:
        return len(self._entries)

    def __iter__(self) -> Iterator[LexiconEntry]:
        return iter(self._entries.values())

    def __contains__(self, written: object) -> bool:
        return written in self._entries

    def get(self, written: str) -> LexiconEntry | None:
        """The entry for a written form, or None."""
        return self._entries.get(written)

    def fingerprint(self) -> str:
        """A SHA-256 of the entries: changes whenever any reading would change, so a
        build can tell that an episode must be re-synthesized after a lexicon edit."""
        digest = hashlib.sha256()
        for entry in sorted(self, key=lambda e: e.written):
            digest.update(f"{entry.written}\t{entry.spoken}\t{entry.context}\n".encode())
        return digest.hexdigest()

    def merged(self, *others: Lexicon) -> Lexicon:
        """A new lexicon with the entries of ``others`` added; theirs win."""
        return Lexicon([*self, *(e for other in others for e in other)])

    def expand(self, text: str) -> str:
        """Replace every entry whose context fits by its spoken form.

        A form ending in a dot ("TP.") whose context does not fit falls back to the
        entry without the dot ("TP"), keeping the dot as the full stop it then is.
        """
        if self._pattern is None:
            return text
        return self._pattern.sub(lambda m: self._replace(m, text), text)

    def _replace(self, match: re.Match[str], text: str) -> str:
        written = match[0]
        rest = text[match.end() :]
        entry = self._entries[written]
        if _CONTEXT_CHECKS[entry.context](rest, written.endswith(".")):
            spoken = entry.spoken
            # "P.Hiệp Phú": the dot joined prefix and name; keep them apart when spoken.
            if written.endswith(".") and rest[:1].isalnum():
                spoken += " "
            return spoken
        if written.endswith("."):
            shorter = self._entries.get(written[:-1])
            if shorter is not None and _CONTEXT_CHECKS[shorter.context](rest):
                return shorter.spoken + "."
        return written


def _compile(entries: Mapping[str, LexiconEntry]) -> re.Pattern[str] | None:
    """One regex for all forms, built as a trie: a flat alternation of a few hundred
    literals is tried one by one at every position and was 30x slower."""
    if not entries:
        return None
    trie: dict[str, dict] = {}
    for written in entries:
        node = trie
        for char in written:
            node = node.setdefault(char, {})
        node[""] = {}  # end of a form
    word_start = [
        f"{re.escape(c)}{_trie_regex(n, c)}" for c, n in sorted(trie.items()) if c.isalnum()
    ]
    other_start = [
        f"{re.escape(c)}{_trie_regex(n, c)}" for c, n in sorted(trie.items()) if not c.isalnum()
    ]
    # A form starting with a letter or digit must start a token ("UBND" not in "XUBND").
    branches = [f"(?<![\\w.])(?:{'|'.join(word_start)})"] if word_start else []
    branches += other_start
    return re.compile("|".join(branches))


def _trie_regex(node: dict[str, dict], last: str) -> str:
    alternatives = [
        re.escape(char) + _trie_regex(child, char) for char, child in sorted(node.items()) if char
    ]
    if "" in node:
        # Ending here is tried last, so the longest form wins; a form ending in a letter
        # or digit must end a token ("TW" not in "TWO").
        alternatives.append(r"(?!\w)" if last.isalnum() else "")
    if len(alternatives) == 1:
        return alternatives[0]
    return f"(?:{'|'.join(alternatives)})"


def parse_lexicon(text: str, origin: str) -> list[LexiconEntry]:
    """Parse lexicon TSV text.

    Args:
        text: the file's content.
        origin: a name for messages (usually the path).

    Returns:
        The entries in file order.

    Raises:
        ConfigError: on a line that is not ``written<TAB>spoken[<TAB>context]`` or names
            an unknown context; the message names the file and line.
    """
    entries = []
    for number, raw in enumerate(text.splitlines(), start=1):
        line = raw.rstrip("\r\n")
        if not line.strip() or line.lstrip().startswith("#"):
            continue
        fields = [f.strip() for f in line.split("\t")]
        where = f"{origin}:{number}"
        if len(fields) not in (2, 3) or not fields[0] or not fields[1]:
            raise ConfigError(
                f"{where}: expected 'written<TAB>spoken[<TAB>context]' "
                f"(columns separated by tabs, not spaces), got {line.strip()!r}"
            )
        context = fields[2] if len(fields) == 3 and fields[2] else Context.ALWAYS.value
        try:
            parsed_context = Context(context)
        except ValueError:
            allowed = ", ".join(c.value for c in Context)
            raise ConfigError(
                f"{where}: unknown context {context!r}; use one of: {allowed}"
            ) from None
        entries.append(LexiconEntry(fields[0], fields[1], parsed_context, where))
    return entries


def _read_lexicon_file(path: Path) -> list[LexiconEntry]:
    try:
        text = path.read_text(encoding="utf-8-sig")
    except FileNotFoundError:
        raise ConfigError(f"lexicon file not found: {path}") from None
    except UnicodeDecodeError as exc:
        raise ConfigError(
            f"{path}: not UTF-8 text (byte {exc.start}); save the lexicon as UTF-8"
        ) from None
    except OSError as exc:
        raise ConfigError(f"cannot read lexicon {path}: {exc.strerror}") from None
    return parse_lexicon(text, str(path))


@lru_cache(maxsize=1)
def default_lexicon() -> Lexicon:
    """The lexicon shipped with audionews (read once, then cached)."""
    text = (resources.files("audionews") / "data" / SHIPPED_LEXICON).read_text("utf-8")
    return Lexicon(parse_lexicon(text, f"audionews/data/{SHIPPED_LEXICON}"))


def load_lexicon(*user_files: str | Path) -> Lexicon:
    """The shipped lexicon with user files layered on top.

    Args:
        user_files: lexicon TSV files, applied in order; later files win.

    Returns:
        The combined lexicon.

    Raises:
        ConfigError: when a file is missing, unreadable or malformed (file and line
            are named).
    """
    base = default_lexicon()
    if not user_files:
        return base
    return base.merged(*(Lexicon(_read_lexicon_file(Path(f))) for f in user_files))
