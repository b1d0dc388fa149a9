"""What every lint rule reads: one plan's printed strings, its words, and the word lists.

Built once per plan (:func:`subject`) so that the rules share one parse of
the file, one split into words and one reading of the dictionary; a rule
is then a function from a :class:`Subject` to :class:`Finding` values.
"""

from __future__ import annotations

import functools
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field, replace
from pathlib import Path

from kehoach.lint.dictionary import Lexicon
from kehoach.lint.prose import Prose, prose
from kehoach.lint.reviewed import Reviewed
from kehoach.lint.tokens import Word, words
from kehoach.source.loader import LoadedPlan


@dataclass(frozen=True)
class Finding:
    """A suspected mistake: characters ``start``..``end`` of ``string``, and what is wrong.

    ``code`` names the rule (and is what a plan's ``lint.ignore`` entry
    names); ``help`` says how to fix it when the message does not.
    """

    code: str
    message: str
    string: Prose
    start: int
    end: int
    help: str | None = None

    @property
    def text(self) -> str:
        """The characters found, as the plan spells them (what an ignore entry quotes)."""
        return self.string.text[self.start : self.end]


@dataclass(frozen=True)
class Text:
    """One printed string and its words."""

    string: Prose
    words: tuple[Word, ...]


@dataclass(frozen=True, eq=False)
class Subject:
    """One plan as the rules see it."""

    root: Path
    """The repository (paths of the cascade are shown relative to it)."""
    shown: str
    """The plan's path as printed in diagnostics."""
    loaded: LoadedPlan
    texts: list[Text]
    lexicon: Lexicon
    reviewed: Reviewed
    names: frozenset[str] = field(default=frozenset())
    """Lowercased words of the names the plan itself sets (place, bodies, signers)."""
    ancestors: tuple[LoadedPlan, ...] = ()
    """The plans above this one (nearest first), for what must agree across the cascade."""

    def words(self) -> Iterator[tuple[Text, Word]]:
        """Every word of every printed string, in file order."""
        for text in self.texts:
            for word in text.words:
                yield text, word


_MEMO_LIMIT = 100_000
"""Strings remembered by :func:`per_text` (a national cascade has far fewer distinct ones)."""


def per_text(check: Callable[[Text], Iterable[Finding]]) -> Callable[[Text], Iterator[Finding]]:
    """``check``, a rule that reads nothing but one string's text, run once per distinct text.

    A cascade's plans repeat their parents' sentences (3,400 communes copy
    one city plan's tasks): the findings of a text are remembered and only
    re-attached to each string that says it.
    """
    memo: dict[str, tuple[Finding, ...]] = {}

    @functools.wraps(check)
    def run(text: Text) -> Iterator[Finding]:
        found = memo.get(text.string.text)
        if found is None:
            if len(memo) >= _MEMO_LIMIT:
                memo.clear()
            found = memo[text.string.text] = tuple(check(text))
        for finding in found:
            yield finding if finding.string is text.string else replace(finding, string=text.string)

    return run


def texts_of(source: str) -> list[Text]:
    """The printed strings of a plan's text, each with its words."""
    return [Text(string, words(string.text)) for string in prose(source)]


def names_of(loaded: LoadedPlan) -> frozenset[str]:
    """The words of the proper names a plan sets itself: its place, bodies and signers.

    They are accepted as spelt when capitalised (a place name of a
    minority language, a person's name), since no dictionary can judge them.
    """
    document = loaded.plan.document
    found = [document.place, document.issuer.name]
    if document.parent_body is not None:
        found.append(document.parent_body.name)
    if document.attached_to is not None:
        found.append(document.attached_to.issuer)
    for signature in (loaded.plan.signature, getattr(loaded.plan.decision, "signature", None)):
        if signature is not None and signature.name:
            found.append(signature.name)
    return frozenset(w.text.lower() for name in found for w in words(name))
