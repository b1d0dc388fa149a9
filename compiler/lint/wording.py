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
from collections import Counter
from collections.abc import Iterator

from kehoach.lint.subject import Finding, Subject, Text
from kehoach.lint.syllables import in_style, strip_marks

_PAIRS = {("targets", "text"): "indicator", ("tasks", "text"): "appendix_text"}


def check_wording(subject: Subject) -> Iterator[Finding]:
    """Rule ``target-wording``, reported on the spelling the plan uses less."""
    frequency = Counter(word.text.lower() for _, word in subject.words())
    by_path = {text.string.path: text for text in subject.texts}
    for text in subject.texts:
        path = text.string.path
        if len(path) != 3 or (path[0], path[2]) not in _PAIRS:
            continue
        other = by_path.get((path[0], path[1], _PAIRS[(path[0], path[2])]))  # type: ignore[index]
        if other is None:
            continue
        yield from _differences(text, other, frequency)


def _differences(body: Text, appendix: Text, frequency: Counter[str]) -> Iterator[Finding]:
    a = [w.text.lower() for w in body.words]
    b = [w.text.lower() for w in appendix.words]
    matcher = difflib.SequenceMatcher(a=a, b=b, autojunk=False)
    for op, i1, i2, j1, j2 in matcher.get_opcodes():
        if op != "replace" or i2 - i1 != j2 - j1:
            continue
        for i, j in zip(range(i1, i2), range(j1, j2), strict=True):
            if strip_marks(a[i]) != strip_marks(b[j]) or in_style(a[i], "hòa") == in_style(
                b[j], "hòa"
            ):
                continue  # another word, or the same in the other tone style (a rule of its own)
            body_word, appendix_word = body.words[i], appendix.words[j]
            rarer, where = (
                (body_word, body)
                if frequency[a[i]] < frequency[b[j]]
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
