"""How alike two wordings of one task or target are (the body's and the appendix's, the
child's and the parent's): the share of words they have in common, in order."""

from __future__ import annotations

import difflib
from collections import Counter
from functools import lru_cache

from kehoach.base.text import word_tokens


@lru_cache(maxsize=4096)
def _words(text: str) -> tuple[str, ...]:
    """The words of ``text``, lower case, punctuation left out (cached: a point's items are
    compared with every task of every group)."""
    return tuple(w for w in word_tokens(text.lower()) if w.strip() and w.isalnum())


def similarity(left: str, right: str) -> float:
    """0 to 1: difflib's ratio over word tokens, case and punctuation ignored."""
    a, b = _words(left), _words(right)
    if not a or not b:
        return 0.0
    return difflib.SequenceMatcher(None, a, b, autojunk=False).ratio()


@lru_cache(maxsize=4096)
def _bag(words: tuple[str, ...]) -> Counter[str]:
    return Counter(words)


def _shared(a: tuple[str, ...], b: tuple[str, ...]) -> int:
    """Words common to both, in any order: a bound on the words common in order."""
    bag_a, bag_b = _bag(a), _bag(b)
    return sum(min(count, bag_b[word]) for word, count in bag_a.items() if word in bag_b)


def alike(left: str, right: str, threshold: float) -> bool:
    """``similarity(left, right) >= threshold``, without difflib when the words they share
    in any order already fall short (most pairs of a point's items and a plan's tasks)."""
    a, b = _words(left), _words(right)
    if not a or not b or 2 * _shared(a, b) < threshold * (len(a) + len(b)):
        return False
    return similarity(left, right) >= threshold


def covers(whole: str, part: str, threshold: float) -> bool:
    """At least ``threshold`` of ``part``'s words are found in ``whole``, in order (a body
    sentence that joins two appendix tasks holds all of the first's words)."""
    a, b = _words(part), _words(whole)
    if not a or not b or _shared(a, b) < threshold * len(a):
        return False
    matcher = difflib.SequenceMatcher(None, a, b, autojunk=False)
    return sum(block.size for block in matcher.get_matching_blocks()) >= threshold * len(a)
