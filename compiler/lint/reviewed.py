"""The reviewed word lists of the repository (``compiler/lint/*.txt``), read once.

The dictionary knows syllables; it does not know the foreign terms of
digital-government plans (Internet, camera), the abbreviations every reader
of an administrative text knows (UBND, CNTT), or which syllables belong
together (a «chuyên đổi số» is a «chuyển đổi số» with a slipped tone). Those
are kept as plain text files a person reviews in ``git diff``, each line
one entry, ``#`` starting a comment:

- ``words.txt``: words accepted as spelt (one per line, any case);
- ``abbreviations.txt``: ``ABBR<TAB>meaning``, abbreviations a plan may
  use without defining them (its meaning is shown in suggestions);
- ``compounds.txt``: words of two or more syllables (``chuyển đổi``); a run
  of syllables spelt like one of them but for its diacritics is reported.
  A line ``kinh → tế doanh phí …`` names a syllable that does not stand
  alone in administrative prose and the syllables that may follow it.
"""

from __future__ import annotations

import functools
from dataclasses import dataclass
from pathlib import Path

from kehoach.base.text import one_line
from kehoach.lint.syllables import strip_marks

DATA = Path(__file__).parent


@dataclass(frozen=True)
class Reviewed:
    """The contents of the reviewed lists."""

    words: frozenset[str]
    """Accepted words, lowercased."""
    abbreviations: dict[str, str]
    """Abbreviation → its meaning."""
    compounds: dict[tuple[str, ...], frozenset[tuple[str, ...]]]
    """Bare key (syllables without diacritics, lowercased) → the compounds spelt so."""
    longest: int
    """Syllables of the longest compound."""
    bound: dict[str, tuple[tuple[str, frozenset[str]], ...]]
    """First syllable → (head that never stands alone, the syllables that may follow it)."""


def _lines(name: str) -> list[str]:
    text = (DATA / name).read_text(encoding="utf-8")
    kept = (line.split("#", 1)[0].strip() for line in text.splitlines())
    return [line for line in kept if line]


@functools.cache
def reviewed() -> Reviewed:
    """The reviewed lists, read once per process."""
    abbreviations = {}
    for line in _lines("abbreviations.txt"):
        abbr, _, meaning = line.partition("\t")
        abbreviations[abbr.strip()] = meaning.strip()
    compounds: dict[tuple[str, ...], set[tuple[str, ...]]] = {}
    bound: dict[str, tuple[tuple[str, frozenset[str]], ...]] = {}
    for line in _lines("compounds.txt"):
        if "→" in line:
            head, _, followers = line.partition("→")
            head = one_line(head.lower())
            entry = (head, frozenset(followers.lower().split()))
            bound[head.split()[0]] = (*bound.get(head.split()[0], ()), entry)
            continue
        syllables = tuple(line.lower().split())
        compounds.setdefault(tuple(map(strip_marks, syllables)), set()).add(syllables)
    return Reviewed(
        words=frozenset(w.lower() for w in _lines("words.txt")),
        abbreviations=abbreviations,
        compounds={key: frozenset(spellings) for key, spellings in compounds.items()},
        longest=max((len(k) for k in compounds), default=0),
        bound=bound,
    )
