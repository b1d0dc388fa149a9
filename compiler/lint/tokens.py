"""Words of a printed string, with their offsets and what a reader sees around them.

A plan's strings carry a little markup that is never printed as such:
``{value}`` (the target's value for the phase), ``**bold**``, ``*italic*``
and ``\\*`` (a printed star). Words are found in the text with that markup
blanked out (same length, so offsets stay those of the source value), and
each word knows whether it opens a sentence (the start of the string, or
after «.», «!», «?», «:» or a line break), since capitalisation is judged
differently there.
"""

from __future__ import annotations

import functools
import re
from dataclasses import dataclass

_MARKUP = re.compile(r"\{value\}|\\\*|\*\*|\*")
_WORD = re.compile(r"[^\W_]+")
_SENTENCE_END = re.compile(r"[.!?:\n]\s*$")
_ELLIPSIS_END = re.compile(r"(\.\.\.|…)\s*$")
_SHOWN = {"{value}": "0", "\\*": "*", "**": "", "*": ""}
"""What a reader sees of each markup: a number for the value, a star, nothing for emphasis."""


def printed(text: str) -> tuple[str, list[int]]:
    """``text`` as printed (value as «0», no emphasis marks) and each character's index in ``text``.

    The form rules read this: ``**01/12 hằng năm**.`` has no space before
    its full stop once printed, and ``{value} hồ sơ`` no double space. The
    list has one more entry than the text, for the end.
    """
    if "{" not in text and "*" not in text:
        return text, list(range(len(text) + 1))
    out: list[str] = []
    where: list[int] = []
    position = 0
    for m in _MARKUP.finditer(text):
        for i in range(position, m.start()):
            out.append(text[i])
            where.append(i)
        for ch in _SHOWN[m.group()]:
            out.append(ch)
            where.append(m.start())
        position = m.end()
    for i in range(position, len(text)):
        out.append(text[i])
        where.append(i)
    where.append(len(text))
    return "".join(out), where


@dataclass(frozen=True)
class Word:
    """A run of letters and digits: ``text`` at ``start``..``end`` of the string."""

    text: str
    start: int
    end: int
    opens_sentence: bool
    has_digit: bool

    @property
    def is_capitalised(self) -> bool:
        return self.text[:1].isupper()

    @property
    def is_all_caps(self) -> bool:
        """Two or more letters, all capitals (UBND, ỦY, BCĐ)."""
        letters = [ch for ch in self.text if ch.isalpha()]
        return len(letters) > 1 and all(ch.isupper() for ch in letters)


def _as_word_space(markup: re.Match[str]) -> str:
    """The value as a number (which breaks a run of words), emphasis as spaces, same length."""
    return ("0" if markup.group() == "{value}" else " ") * len(markup.group())


@functools.lru_cache(maxsize=65536)
def words(text: str) -> tuple[Word, ...]:
    """The words of ``text`` in order; offsets are those of ``text``, markup left out.

    Remembered: the plans of a cascade repeat their parents' strings.
    """
    plain = _MARKUP.sub(_as_word_space, text) if ("{" in text or "*" in text) else text
    found: list[Word] = []
    previous_end = 0
    for match in _WORD.finditer(plain):
        between = plain[previous_end : match.start()]
        if not found:
            opens = not plain[: match.start()].strip(" \t\"'“(") or bool(
                _SENTENCE_END.search(between)
            )
        else:
            opens = bool(_SENTENCE_END.search(between)) and not _ELLIPSIS_END.search(between)
        text_ = match.group()
        digit = not text_.isalpha()
        found.append(Word(text_, match.start(), match.end(), opens, digit))
        previous_end = match.end()
    return tuple(found)


def shouting(text: str) -> bool:
    """Whether ``text`` is written in capitals (a heading, a header line): no lowercase letter."""
    return not any(ch.islower() for ch in _MARKUP.sub("", text))
