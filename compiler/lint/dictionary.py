"""The Vietnamese syllable dictionary: Debian's hunspell-vi, read as the closed set it is.

Vietnamese has a closed set of some 6,600 written syllables, and the
hunspell dictionary for it (package ``hunspell-vi``) lists exactly those,
with no affix rules: its ``.aff`` only sets the encoding and suggestion
tables. Loading the ``.dic`` into a set is therefore the whole of what
hunspell would do for a syllable, at a fraction of the start-up cost of a
hunspell port, and leaves room for what hunspell does badly here: the tone
placement of «oa», «oe», «uy» (the dictionary knows «hoà» and not «hòa»,
see :mod:`kehoach.lint.syllables`) and suggestions for a wrong tone, ranked
by edit distance on decomposed letters.

A missing dictionary is an error (:class:`DictionaryMissing`), never a
silent pass: a lint that accepted every word would tell a clerk the plan
is clean.
"""

from __future__ import annotations

import functools
from dataclasses import dataclass
from pathlib import Path

from kehoach.lint.syllables import (
    decomposed,
    edit_distance,
    same_case,
    split_tone,
    strip_marks,
)

DICTIONARY = Path("/usr/share/hunspell/vi_VN.dic")
"""Where Debian's ``hunspell-vi`` installs the dictionary (``make`` installs the package)."""


class DictionaryMissing(Exception):
    """The hunspell-vi dictionary is not installed: lint cannot judge any word."""

    def __init__(self, path: Path) -> None:
        super().__init__(
            f"không tìm thấy từ điển tiếng Việt của hunspell ({path}): hãy cài gói hunspell-vi "
            "(sudo apt-get install hunspell-vi, hoặc chạy make với quyền root) rồi chạy lại"
        )


@dataclass(frozen=True, eq=False)
class Lexicon:
    """The syllables of the dictionary, indexed for lookup and suggestion.

    ``by_letters`` maps (letters without tone, lowercase; tone mark) to the
    dictionary's spelling; ``acronyms`` are its all-capital entries
    (UBND, HĐND, PDF…).
    """

    syllables: frozenset[str]
    by_letters: dict[tuple[str, str], str]
    acronyms: frozenset[str]
    proper: frozenset[str]
    """Its capitalised entries that are names (Nguyễn, Nẵng…), lowercased."""
    by_length: dict[int, tuple[tuple[str, str], ...]]
    """Length of the decomposed spelling → (decomposed spelling, syllable), for suggestions."""

    def spelled(self, syllable: str) -> str | None:
        """The dictionary's spelling of ``syllable`` (lowercase), whatever its tone placement.

        None when no syllable has these letters and this tone.
        """
        lower = syllable.lower()
        if lower in self.syllables:
            return lower
        return self.by_letters.get(split_tone(lower))

    @functools.lru_cache(maxsize=4096)  # noqa: B019 (one lexicon per process)
    def suggestions(self, word: str, limit: int = 3) -> list[str]:
        """Up to ``limit`` syllables nearest ``word``, nearest first, in ``word``'s case.

        Distances count decomposed letters (a tone or a hat is one edit);
        ties go to the candidate sharing ``word``'s bare letters, then its
        tone («dựg» → «dựng» before «dưng»), then its last letter (a dropped
        letter is a commoner slip than a wrong final: «dựng» before «dự»),
        then to alphabetical order, so the list is stable. Remembered per
        word: a cascade repeats its parents' words in every child.
        """
        lower = word.lower()
        target = decomposed(lower)
        bare = strip_marks(lower)
        tone = split_tone(lower)[1]
        ranked: list[tuple[int, bool, bool, bool, str]] = []
        near = (self.by_length.get(len(target) + d, ()) for d in range(-2, 3))
        for spelt, candidate in (pair for group in near for pair in group):
            distance = edit_distance(target, spelt, 2)
            if distance <= 2:
                keeps = (
                    strip_marks(candidate) != bare,
                    split_tone(candidate)[1] != tone,
                    candidate[-1] != lower[-1],
                )
                ranked.append((distance, *keeps, candidate))
        ranked.sort()
        return [same_case(word, c) for *_, c in ranked[:limit]]


def lexicon() -> Lexicon:
    """The dictionary at :data:`DICTIONARY`, read once per process; raises DictionaryMissing."""
    return read_lexicon(DICTIONARY)


@functools.cache
def read_lexicon(path: Path) -> Lexicon:
    """The hunspell ``.dic`` at ``path`` as a :class:`Lexicon`; raises DictionaryMissing."""
    try:
        text = path.read_text(encoding="utf-8")
    except OSError:
        raise DictionaryMissing(path) from None
    entries = [line.split("/", 1)[0].strip() for line in text.splitlines()[1:]]
    syllables: set[str] = set()
    acronyms: set[str] = set()
    proper: set[str] = set()
    for entry in filter(None, entries):
        if entry.islower():
            syllables.add(entry)
        elif entry.isupper():
            acronyms.add(entry)
        else:
            proper.add(entry.lower())
    by_letters = {split_tone(s): s for s in sorted(syllables)}
    by_length: dict[int, list[tuple[str, str]]] = {}
    for syllable in sorted(syllables):
        spelt = decomposed(syllable)
        by_length.setdefault(len(spelt), []).append((spelt, syllable))
    return Lexicon(
        frozenset(syllables),
        by_letters,
        frozenset(acronyms),
        frozenset(proper),
        {length: tuple(group) for length, group in by_length.items()},
    )
