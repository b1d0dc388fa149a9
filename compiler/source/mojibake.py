"""Recognise UTF-8 text that was once read as Windows-1252 (or Latin-1): «Nguyá»…n» for «Nguyễn».

A Vietnamese letter outside ASCII is two or three bytes in UTF-8 («ễ» is
E1 BB 85). A program that takes those bytes for Windows-1252 shows each
byte as a character of its own («á», «»», «…»), and saving the result as
UTF-8 again makes the damage permanent: the file is valid UTF-8 and valid
NFC, so only the shape of the text tells. That shape is precise: a lead
character (U+00C2 to U+00EF, the bytes that start a multi-byte sequence)
followed by one or two characters that are the Windows-1252 or Latin-1
reading of a continuation byte (0x80 to 0xBF).

The verdict is per word, since a single misread name («Nguyá»…n» among
correct text) must be found: the word is read back (each such sequence
turned into its bytes and decoded as UTF-8) and must become a valid
Vietnamese syllable (:func:`kehoach.source.legacy_encoding.is_syllable`)
that it was not as written. One shape has an innocent reading: «á» then
«»» ends a quoted word in «…giá», and a no-break space may follow any
letter; so a word whose last sequence ends that way (after «á»: «giá»…»
reads back as «giễ») counts only when a second misread word confirms it.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass
from functools import lru_cache

from kehoach.source.legacy_encoding import is_syllable


def _continuations() -> dict[str, int]:
    """Each character a continuation byte (0x80-0xBF) shows as, with that byte.

    Windows-1252 draws most of 0x80-0x9F as punctuation («…», «‡», «€»);
    the five bytes it leaves undefined, and every byte under Latin-1, show
    as the C1 control of the same number.
    """
    shown: dict[str, int] = {}
    for byte in range(0x80, 0xC0):
        shown[chr(byte)] = byte
        try:
            shown[bytes([byte]).decode("cp1252")] = byte
        except UnicodeDecodeError:
            continue
    return shown


_CONTINUATION = _continuations()
_CONT = "".join(re.escape(ch) for ch in _CONTINUATION)
# Lead bytes of two-byte sequences (0xC2-0xDF) and of three-byte ones (0xE0-0xEF),
# which are the same characters in Windows-1252 and Latin-1.
_SEQUENCE = re.compile(f"[\u00c2-\u00df][{_CONT}]|[\u00e0-\u00ef][{_CONT}]{{2}}")
# A word: misread sequences and letters, as many as follow each other.
_WORD = re.compile(f"(?:{_SEQUENCE.pattern}|[^\\W\\d_])+")


@dataclass(frozen=True)
class Misread:
    """The first misread word of a text: where it starts, as written and as meant."""

    index: int
    found: str
    meant: str


def _read_back(sequence: re.Match[str]) -> str:
    """The character a misread sequence was, or the sequence itself if it was none."""
    text = sequence.group()
    raw = bytes(_CONTINUATION.get(ch, ord(ch)) for ch in text)
    try:
        return raw.decode("utf-8")
    except UnicodeDecodeError:
        return text


def find_misread(text: str, lines: Iterable[str] | None = None) -> Misread | None:
    """The first word of ``text`` that is Vietnamese UTF-8 read as Windows-1252, if any.

    ``lines``, the distinct lines of ``text``, let a text whose lines were
    all seen before (the plans of a cascade repeat their parents' lines) be
    judged by one lookup a line.
    """
    distinct = set(text.split("\n")) if lines is None else lines
    if not any(map(_misread_line, distinct)):
        return None
    doubtful: Misread | None = None
    for word in _WORD.finditer(text):
        judged = _judge(word.group())
        if judged is None:
            continue
        found = Misread(word.start(), word.group(), judged[0])
        if judged[1] or doubtful is not None:
            return doubtful or found
        doubtful = found
    return None


@lru_cache(maxsize=65536)
def _misread_line(line: str) -> bool:
    """Whether ``line`` holds a word that reads back (cached: lines repeat across a cascade)."""
    if line.isascii() or _SEQUENCE.search(line) is None:
        return False
    return any(_judge(word.group()) is not None for word in _WORD.finditer(line))


def _judge(word: str) -> tuple[str, bool] | None:
    """The syllable ``word`` was before the misreading and whether that is certain; None if
    it reads back as no syllable.

    Doubtful: the word ends in a sequence that real text can end a word with
    (a closing guillemet after «á», or a no-break space).
    """
    meant = _SEQUENCE.sub(_read_back, word)
    if meant == word or is_syllable(word) or not is_syllable(meant):
        return None
    *_, last = _SEQUENCE.finditer(word)
    sequence = last.group()
    doubtful = last.end() == len(word) and (sequence[1] == "\u00bb" or sequence[-1] == "\u00a0")
    return meant, not doubtful
