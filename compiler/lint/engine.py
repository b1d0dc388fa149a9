"""Lint one plan: every rule over its printed strings, then the plan's own exceptions.

A finding the plan means (a quoted original, a name the dictionary cannot
know) is silenced in the plan itself, with the reason, the way a deviation
from a parent is recorded::

    lint:
      ignore:
        - {code: spelling, text: Zalo, reason: tên ứng dụng}

It then stays in the report as a warning with its reason (never printed
in the document) and does not fail the lint; an exception that silences
nothing is reported (``unused-lint-ignore``, a warning), so the list does
not outlive the text it was written for.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from pathlib import Path

from kehoach.base.diagnostics import Diagnostic, Location, accepted
from kehoach.cascade.inheritance import chain, shown, where
from kehoach.lint.abbreviations import check_abbreviations
from kehoach.lint.capitals import check_capitals
from kehoach.lint.citations import check_citations
from kehoach.lint.confusions import check_confusions
from kehoach.lint.dictionary import lexicon
from kehoach.lint.form import check_form
from kehoach.lint.reviewed import reviewed
from kehoach.lint.spelling import check_spelling, check_tone_style, check_variants
from kehoach.lint.subject import Finding, Subject, names_of, texts_of
from kehoach.lint.wording import check_wording
from kehoach.source.loader import LoadedPlan

Rule = Callable[[Subject], Iterable[Finding]]

RULES: tuple[Rule, ...] = (
    check_spelling,
    check_tone_style,
    check_variants,
    check_confusions,
    check_capitals,
    check_citations,
    check_abbreviations,
    check_form,
    check_wording,
)
"""Every rule, in the order their findings are gathered (the report sorts them by position)."""


def subject_of(root: Path, loaded: LoadedPlan) -> Subject:
    """The plan as the rules read it, with its ancestors (as far as ``extends`` can be followed).

    A broken ``extends`` is ``kehoach check``'s to report; lint compares
    with whatever part of the chain could be read.
    """
    return Subject(
        root=root,
        shown=shown(root, loaded),
        loaded=loaded,
        texts=texts_of(loaded.source),
        lexicon=lexicon(),
        reviewed=reviewed(),
        names=names_of(loaded),
        ancestors=chain(root, loaded).ancestors,
    )


def lint_plan(root: Path, loaded: LoadedPlan) -> list[Diagnostic]:
    """Every finding of every rule on ``loaded``, silenced ones as warnings, in file order.

    Raises :class:`~kehoach.lint.dictionary.DictionaryMissing` when the
    dictionary is not installed.
    """
    subject = subject_of(root, loaded)
    exceptions = loaded.plan.lint.ignore if loaded.plan.lint is not None else []
    used: set[int] = set()
    diagnostics: list[Diagnostic] = []
    spans: dict[object, list[tuple[int, int]]] = {}
    for rule in RULES:
        for finding in rule(subject):
            taken = spans.setdefault(finding.string.path, [])
            if any(a <= finding.start and finding.end <= b for a, b in taken):
                continue  # one mistake, one finding: the first rule to see it speaks
            taken.append((finding.start, finding.end))
            reason = None
            for i, exception in enumerate(exceptions):
                if exception.code == finding.code and exception.text == finding.text:
                    reason = exception.reason
                    used.add(i)
                    break
            diagnostics.append(accepted(diagnostic(subject.shown, finding), reason))
    for i, exception in enumerate(exceptions):
        if i not in used:
            diagnostics.append(
                Diagnostic(
                    "warning",
                    "unused-lint-ignore",
                    f"lint.ignore: không còn phát hiện «{exception.code}» nào với chữ "
                    f"«{exception.text}»; hãy xóa mục này",
                    where(root, loaded, ("lint", "ignore", i)),
                )
            )
    return sorted(diagnostics, key=lambda d: (d.at.line, d.at.column, d.code, d.message))


def diagnostic(path: str, finding: Finding) -> Diagnostic:
    """``finding`` as an error at the exact line and column of its first character.

    The span is underlined up to its last character when it ends on the
    same line of the file (a word folded over two lines is pointed at).
    """
    line, column = finding.string.position(finding.start)
    end_line, end_column = finding.string.position(max(finding.start, finding.end - 1))
    width = end_column - column + 1 if end_line == line else 1
    return Diagnostic(
        "error",
        finding.code,
        finding.message,
        Location(path, line, column),
        help=finding.help,
        width=width,
    )
