"""Aligning two lists of things by content: equal runs first, then similar pairs.

Lines of a basis, untitled sections, recipients, appendix columns have no
id. Matching them by position turns «a line inserted on top» into «every
line rewritten»; matching them by content finds the one insertion. Equal
items are matched first (``difflib``); inside each changed block the items
are paired by similarity (a small dynamic programme maximising the total
similarity, order kept), the rest deleted or inserted.
"""

from __future__ import annotations

import difflib
import re
from collections.abc import Callable, Hashable, Iterator, Sequence
from typing import Literal

AlignOp = tuple[Literal["same", "pair", "del", "ins"], int | None, int | None]
"""(kind, index in old, index in new); None on the side an item is missing from."""

_WORD = re.compile(r"\w+")

MAX_CELLS = 250_000
"""Largest changed block paired by similarity; beyond it, items are paired in order."""


def word_similarity(a: str, b: str) -> float:
    """Shared words over all words (Jaccard), 1.0 for two texts without words."""
    wa, wb = set(_WORD.findall(a.lower())), set(_WORD.findall(b.lower()))
    if not wa and not wb:
        return 1.0
    return len(wa & wb) / max(len(wa | wb), 1)


def pair_block(
    n: int, m: int, similar: Callable[[int, int], float], enough: float
) -> Iterator[AlignOp]:
    """Indices 0..n-1 and 0..m-1 paired in order where similarity ≥ ``enough``."""
    if n * m > MAX_CELLS:
        for k in range(max(n, m)):
            if k < n and k < m:
                yield ("pair", k, k)
            elif k < n:
                yield ("del", k, None)
            else:
                yield ("ins", None, k)
        return
    sim = [[similar(i, j) for j in range(m)] for i in range(n)]
    score = [[0.0] * (m + 1) for _ in range(n + 1)]
    for i in range(n - 1, -1, -1):
        for j in range(m - 1, -1, -1):
            best = max(score[i + 1][j], score[i][j + 1])
            if sim[i][j] >= enough:
                best = max(best, score[i + 1][j + 1] + sim[i][j])
            score[i][j] = best
    i = j = 0
    while i < n or j < m:
        if (
            i < n
            and j < m
            and sim[i][j] >= enough
            and score[i][j] == score[i + 1][j + 1] + sim[i][j]
        ):
            yield ("pair", i, j)
            i, j = i + 1, j + 1
        elif i < n and (j == m or score[i][j] == score[i + 1][j]):
            yield ("del", i, None)
            i += 1
        else:
            yield ("ins", None, j)
            j += 1


def align_by_content(
    old: Sequence[Hashable],
    new: Sequence[Hashable],
    similar: Callable[[int, int], float],
    enough: float = 0.5,
) -> Iterator[AlignOp]:
    """Old and new items in order: ``same`` (equal keys), ``pair`` (similar), ``del``, ``ins``.

    ``old`` and ``new`` are the items' keys (equal keys: the same item);
    ``similar(i, j)`` rates old item ``i`` against new item ``j`` in [0, 1].
    """
    matcher = difflib.SequenceMatcher(None, list(old), list(new), autojunk=False)
    for tag, i1, i2, j1, j2 in matcher.get_opcodes():
        if tag == "equal":
            for k in range(i2 - i1):
                yield ("same", i1 + k, j1 + k)
            continue
        yield from _offset(pair_block(i2 - i1, j2 - j1, _shifted(similar, i1, j1), enough), i1, j1)


def _shifted(similar: Callable[[int, int], float], i0: int, j0: int) -> Callable[[int, int], float]:
    return lambda a, b: similar(i0 + a, j0 + b)


def _offset(ops: Iterator[AlignOp], i0: int, j0: int) -> Iterator[AlignOp]:
    for kind, i, j in ops:
        yield (kind, None if i is None else i0 + i, None if j is None else j0 + j)
