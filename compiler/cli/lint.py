"""``kehoach lint``: the language and form of every plan, one report like ``kehoach check``'s.

Each plan is read (a plan that cannot be read is reported as ``check``
reports it, exit 2) and handed to :func:`kehoach.lint.engine.lint_plan`;
the report has the same shape, text and JSON, as ``check``'s
(:mod:`kehoach.cli.check`): findings by file, line and column, each with
its source line. Exit codes: 0 nothing found (silenced findings allowed),
1 at least one finding, 2 a plan could not be read or the dictionary is
missing.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from kehoach.base.diagnostics import Diagnostic, PlanError
from kehoach.cli.check import Report, report_order, text_block
from kehoach.lint.engine import lint_plan
from kehoach.pipeline import Source, Stage, compile_plan


@dataclass
class LintReport(Report):
    """What linting a set of plans found; printed like :class:`~kehoach.cli.check.Report`."""

    def summary(self) -> str:
        silenced = len(self.findings) - self.errors
        if self.unreadable:
            return f"{self.unreadable}/{self.plans} kế hoạch không đọc được."
        tail = f" ({silenced} phát hiện được giữ nguyên có lý do)" if silenced else ""
        if self.errors:
            return f"{self.plans} kế hoạch: {self.errors} lỗi chính tả, thể thức{tail}."
        return f"{self.plans} kế hoạch: không có lỗi chính tả, thể thức{tail}."


_Linted = tuple[list[Diagnostic], bool, str]
"""One plan linted: its diagnostics in report order, whether it could be read, its text block."""


def _lint_one(root: Path, plan: Path, text: bool) -> _Linted:
    try:
        loaded = compile_plan(Source.file(root, plan), until=Stage.LOAD).loaded
    except PlanError as error:
        found = report_order(error.diagnostics)
        return found, False, text_block(found, error.sources) if text else ""
    found = report_order(lint_plan(root, loaded))
    block = text_block(found, {found[0].at.path: loaded.source}) if text and found else ""
    return found, True, block


def lint_plans(root: Path, plans: list[Path], jobs: int = 1, *, text: bool = True) -> LintReport:
    """Lint every plan with ``jobs`` workers; the report is the same for any ``jobs``.

    Raises :class:`~kehoach.lint.dictionary.DictionaryMissing` before any
    plan is read when the dictionary is not installed.
    """
    from kehoach.cli.batch import ordered_map
    from kehoach.lint.dictionary import lexicon

    lexicon()  # read once here, before the workers fork, and fail early
    report = LintReport(plans=len(plans))
    for found, readable, block in ordered_map(lambda p: _lint_one(root, p, text), plans, jobs):
        report.unreadable += not readable
        report.findings.extend(found)
        if block:
            report.blocks.append((found[0].at.path, block))
    return report
