"""How alike two wordings of one task or target are (the body's and the appendix's, the
child's and the parent's): the share of words they have in common, in order."""

from __future__ import annotations

import difflib

from kehoach.base.text import word_tokens


def similarity(left: str, right: str) -> float:
    """0 to 1: difflib's ratio over word tokens, case and punctuation ignored."""
    a = [w for w in word_tokens(left.lower()) if w.strip() and w.isalnum()]
    b = [w for w in word_tokens(right.lower()) if w.strip() and w.isalnum()]
    if not a or not b:
        return 0.0
    return difflib.SequenceMatcher(None, a, b, autojunk=False).ratio()
