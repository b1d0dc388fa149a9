"""How alike two wordings of one task or target are (the body's and the appendix's, the
child's and the parent's): the share of words they have in common, in order."""

from __future__ import annotations

import difflib

from kehoach.base.text import word_tokens


def _words(text: str) -> list[str]:
    """The words of ``text``, lower case, punctuation left out."""
    return [w for w in word_tokens(text.lower()) if w.strip() and w.isalnum()]


def similarity(left: str, right: str) -> float:
    """0 to 1: difflib's ratio over word tokens, case and punctuation ignored."""
    a, b = _words(left), _words(right)
    if not a or not b:
        return 0.0
    return difflib.SequenceMatcher(None, a, b, autojunk=False).ratio()


def coverage(part: str, whole: str) -> float:
    """0 to 1: the share of ``part``'s words found in ``whole``, in order (a body sentence
    that joins two appendix tasks holds all of the first's words)."""
    a, b = _words(part), _words(whole)
    if not a or not b:
        return 0.0
    matcher = difflib.SequenceMatcher(None, a, b, autojunk=False)
    return sum(block.size for block in matcher.get_matching_blocks()) / len(a)
