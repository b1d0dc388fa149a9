"""Real words in the wrong place: a slipped tone, a dropped syllable, a stray preposition.

The dictionary accepts «chuyên», «đổi», «Phân», «đầu», «kinh»: each is a
syllable. What is wrong is the run of syllables, so these rules read runs
(words with only spaces between them) against the reviewed compounds
(``compounds.txt``):

- ``confused-word``: a run spelt like a compound but for its diacritics
  («chuyên đổi» for «chuyển đổi», «Phân đầu» for «Phấn đấu», «công thông
  tin» for «cổng thông tin»). A differing syllable that is itself part of
  another compound spelt exactly («cơ sở đề xuất» holds «đề xuất») is not
  reported: the run is then two words, not a slip.
- ``missing-word``: a head that does not stand alone followed by something
  its list does not allow: «kinh số» (for «kinh tế số»), «công chức cấp
  được» (a level, xã or tỉnh, is missing after «cấp»).
- ``stray-word``: a preposition directly before a modal verb («trong đó
  với cần xác định»): a word too many, or one missing between them.
"""

from __future__ import annotations

import itertools
from collections.abc import Iterator

from kehoach.lint.reviewed import reviewed
from kehoach.lint.subject import Finding, Subject, Text, per_text
from kehoach.lint.syllables import same_case, strip_marks
from kehoach.lint.tokens import Word

PREPOSITIONS = frozenset({"với", "của", "tại", "bởi"})
"""Prepositions that must be followed by what they govern (a noun phrase)."""
MODALS = frozenset({"cần", "phải", "nên", "sẽ", "đang"})
"""Modal and aspect words, which open a verb phrase and cannot be governed by a preposition."""


def runs(text: Text) -> Iterator[list[Word]]:
    """Maximal runs of words separated only by spaces (no punctuation, no line break)."""
    current: list[Word] = []
    source = text.string.text
    for word in text.words:
        if current and source[current[-1].end : word.start].strip(" ") != "":
            yield current
            current = []
        if word.has_digit:
            if current:
                yield current
            current = []
            continue
        current.append(word)
    if current:
        yield current


def check_confusions(subject: Subject) -> Iterator[Finding]:
    """Rules ``confused-word``, ``missing-word`` and ``stray-word`` (module docstring)."""
    for text in subject.texts:
        yield from _run_checks(text)


@per_text
def _run_checks(text: Text) -> Iterator[Finding]:
    """The three rules on one string (they read the reviewed lists, fixed for the process)."""
    lists = reviewed()
    for run in runs(text):
        lower = [w.text.lower() for w in run]
        bare = [strip_marks(w) for w in lower]
        exact = _exact_cover(lower, bare, lists.compounds, lists.longest)
        yield from _confused(text, run, lower, bare, exact, lists.compounds, lists.longest)
        yield from _unbound(text, run, lower, lists.bound)
        for a, b in itertools.pairwise(run):
            if a.text.lower() in PREPOSITIONS and b.text.lower() in MODALS:
                yield Finding(
                    "stray-word",
                    f"giới từ «{a.text}» đứng ngay trước «{b.text}»: thừa một chữ, hoặc "
                    "thiếu chữ giữa hai chữ này",
                    text.string,
                    a.start,
                    b.end,
                )


def _exact_cover(
    lower: list[str],
    bare: list[str],
    compounds: dict[tuple[str, ...], frozenset[tuple[str, ...]]],
    longest: int,
) -> set[int]:
    """Indexes of the syllables that belong to a compound spelt exactly."""
    covered: set[int] = set()
    for i in range(len(lower)):
        for n in range(2, longest + 1):
            if i + n > len(lower):
                break
            spellings = compounds.get(tuple(bare[i : i + n]))
            if spellings is not None and tuple(lower[i : i + n]) in spellings:
                covered.update(range(i, i + n))
    return covered


def _confused(
    text: Text,
    run: list[Word],
    lower: list[str],
    bare: list[str],
    exact: set[int],
    compounds: dict[tuple[str, ...], frozenset[tuple[str, ...]]],
    longest: int,
) -> Iterator[Finding]:
    i = 0
    while i < len(run):
        hit = None
        for n in range(min(longest, len(run) - i), 1, -1):
            spellings = compounds.get(tuple(bare[i : i + n]))
            if spellings is None:
                continue
            found = tuple(lower[i : i + n])
            if found in spellings:
                break
            differing = [i + k for k in range(n) if all(found[k] != s[k] for s in spellings)]
            if differing and not all(d in exact for d in differing):
                hit = (n, sorted(spellings)[0])
                break
        if hit is None:
            i += 1
            continue
        n, spelling = hit
        words = run[i : i + n]
        found_text = text.string.text[words[0].start : words[-1].end]
        right = same_case(words[0].text, " ".join(spelling))
        yield Finding(
            "confused-word",
            f"«{found_text}» có lẽ là «{right}» (sai dấu)",
            text.string,
            words[0].start,
            words[-1].end,
        )
        i += n


def _unbound(
    text: Text,
    run: list[Word],
    lower: list[str],
    bound: dict[str, tuple[tuple[str, frozenset[str]], ...]],
) -> Iterator[Finding]:
    for i in range(len(run)):
        for head, followers in bound.get(lower[i], ()):
            size = len(head.split())
            if " ".join(lower[i : i + size]) != head:
                continue
            if run[i].is_capitalised and not run[i].opens_sentence:
                continue  # part of a name («Bắc Kinh»)
            after = lower[i + size] if i + size < len(run) else None
            if after in followers:
                continue
            examples = ", ".join(f"«{head} {f}»" for f in sorted(followers)[:4])
            yield Finding(
                "missing-word",
                f"«{text.string.text[run[i].start : run[i + size - 1].end]}» không đứng một "
                f"mình: có lẽ thiếu chữ (ví dụ {examples})",
                text.string,
                run[i].start,
                run[i + size - 1].end,
            )
