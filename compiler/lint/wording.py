"""One target, one wording: the body's sentence and the appendix's row say the same words.

A target is printed twice, as a sentence of the body (``text``) and as a
row of the appendix (``indicator``, when it is worded apart); a task too
(``text`` and ``appendix_text``). Rephrasing between the two is allowed,
a slipped diacritic is not: rule ``target-wording`` reports a word spelt
with the same letters but other marks in the two places («chuyên» in the
appendix, «chuyển» in the body).
"""

from __future__ import annotations

import difflib
import functools
from collections import Counter
from collections.abc import Iterator

from kehoach.lint.subject import Finding, Subject, Text
from kehoach.lint.syllables import in_style, strip_marks
from kehoach.lint.tokens import words

_PAIRS = {("targets", "text"): "indicator", ("tasks", "text"): "appendix_text"}


def check_wording(subject: Subject) -> Iterator[Finding]:
    """Rule ``target-wording``, reported on the spelling the plan uses less."""
    frequency: Counter[str] = Counter()  # counted at the first difference: most plans have none
    by_path = {text.string.path: text for text in subject.texts}
    for text in subject.texts:
        path = text.string.path
        if len(path) != 3 or (path[0], path[2]) not in _PAIRS:
            continue
        other = by_path.get((path[0], path[1], _PAIRS[(path[0], path[2])]))  # type: ignore[index]
        if other is None:
            continue
        yield from _differences(subject, text, other, frequency)


@functools.lru_cache(maxsize=16384)
def slipped(body: str, appendix: str) -> tuple[tuple[int, int], ...]:
    """(word of ``body``, word of ``appendix``) pairs aligned by a diff that differ by marks only.

    A word spelt the same in the other tone style is not counted (that is
    rule ``tone-style-mixed``'s). Remembered per pair: a cascade's children
    repeat their parent's targets.
    """
    a = [w.text.lower() for w in words(body)]
    b = [w.text.lower() for w in words(appendix)]
    found = []
    matcher = difflib.SequenceMatcher(a=a, b=b, autojunk=False)
    for op, i1, i2, j1, j2 in matcher.get_opcodes():
        if op != "replace" or i2 - i1 != j2 - j1:
            continue
        for i, j in zip(range(i1, i2), range(j1, j2), strict=True):
            if strip_marks(a[i]) == strip_marks(b[j]) and in_style(a[i], "hòa") != in_style(
                b[j], "hòa"
            ):
                found.append((i, j))
    return tuple(found)


def _differences(
    subject: Subject, body: Text, appendix: Text, frequency: Counter[str]
) -> Iterator[Finding]:
    for i, j in slipped(body.string.text, appendix.string.text):
        if not frequency:
            frequency.update(word.text.lower() for _, word in subject.words())
        body_word, appendix_word = body.words[i], appendix.words[j]
        rarer, where = (
            (body_word, body)
            if frequency[body_word.text.lower()] < frequency[appendix_word.text.lower()]
            else (appendix_word, appendix)
        )
        yield Finding(
            "target-wording",
            f"cùng một chỉ tiêu, nhiệm vụ: thân văn bản viết «{body_word.text}», Phụ lục "
            f"viết «{appendix_word.text}»",
            where.string,
            rarer.start,
            rarer.end,
        )
