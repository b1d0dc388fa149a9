"""``kehoach check``: every plan read, validated and placed in its cascade, one report.

Kept out of the CLI module so the command stays a thin shell and the report
can be tested without a terminal. Exit codes follow compilers and linters:
0 nothing wrong (warnings, i.e. recorded deviations, allowed), 1 at least
one error finding, 2 a plan could not be read at all (syntax, schema), which
wins because nothing after it could be trusted.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Literal

from kehoach.base.diagnostics import Diagnostic, PlanError, line_of
from kehoach.base.exits import Exit
from kehoach.base.findings import Finding, format_text, from_diagnostic, to_json
from kehoach.base.workspace import OutsideRepository
from kehoach.cascade.inheritance import load_cached
from kehoach.pipeline import Source, Stage, compile_plan

Format = Literal["text", "json"]


class _PlanTexts:
    """The lines a plan's findings point at, from texts a worker already holds.

    The plan's own text (or, for a plan that could not be read, the texts
    its diagnostics were measured against) and its ancestors', which the
    worker loaded to check it and keeps (:func:`~kehoach.cascade.inheritance.load_cached`):
    the report's excerpts cost no file reading and no parsing.
    """

    def __init__(self, root: Path, texts: Mapping[str, str]) -> None:
        self._root = root
        self._texts = texts

    def line(self, path: str, number: int) -> str | None:
        text = self._texts.get(path)
        if text is None:
            text = _ancestor_text(self._root, path)
        return None if text is None else line_of(text, number)


def _ancestor_text(root: Path, path: str) -> str | None:
    try:
        return load_cached(root, Path(path)).source
    except PlanError as error:
        return error.sources.get(path)
    except (OSError, OutsideRepository):
        return None


@dataclass
class Report:
    """What checking a set of plans found."""

    plans: int = 0
    findings: list[Finding] = field(default_factory=list)
    unreadable: list[PlanError] = field(default_factory=list)
    blocks: list[tuple[str, str]] = field(default_factory=list)
    """(file, its part of the text report), one per plan with findings."""

    @property
    def errors(self) -> int:
        return sum(1 for f in self.findings if f.is_error)

    @property
    def exit_code(self) -> int:
        if self.unreadable:
            return Exit.BAD_INPUT
        return Exit.FINDINGS if self.errors else Exit.OK

    def summary(self) -> str:
        warnings = len(self.findings) - self.errors
        if self.unreadable:
            return f"{len(self.unreadable)}/{self.plans} kế hoạch không đọc được."
        if self.errors:
            return f"{self.plans} kế hoạch: {self.errors} lỗi, {warnings} cảnh báo."
        tail = f", {warnings} cảnh báo (sai khác có chủ ý)" if warnings else ""
        return f"{self.plans} kế hoạch hợp lệ{tail}."


_Checked = tuple[list[Finding], list[Diagnostic] | None, dict[str, str], str]
"""One plan checked: its findings; for a plan that could not be read, its diagnostics and the
texts they were measured against; and its part of the text report ("" if none was asked).

Plain data rather than a PlanError, so it crosses a process boundary (an
exception with a custom constructor does not unpickle).
"""


def _check_one(root: Path, plan: Path, text: bool) -> _Checked:
    """Load one plan, resolve its ``extends`` chain and citations, and format its findings.

    The text is formatted here, in the worker, where the plan's and its
    ancestors' texts are at hand, and in parallel: the parent only joins.
    """
    source = Source.file(root, plan)
    try:
        compiled = compile_plan(source, until=Stage.RESOLVE)
    except PlanError as error:
        findings = [from_diagnostic(d) for d in error.diagnostics]
        block = format_text(findings, _PlanTexts(root, error.sources)) if text else ""
        return findings, error.diagnostics, error.sources, block
    findings = list(compiled.findings)
    block = ""
    if text and findings:
        block = format_text(findings, _PlanTexts(root, {source.shown: compiled.loaded.source}))
    return findings, None, {}, block


def check_plans(root: Path, plans: list[Path], jobs: int = 1, *, text: bool = True) -> Report:
    """Check every plan, with ``jobs`` worker processes; the report is the same for any ``jobs``.

    Each worker parses an ancestor once (:func:`~kehoach.cascade.inheritance.load_cached`),
    and results are gathered in the order of ``plans``, so the findings, their
    order and the exit code do not depend on the number of workers. ``text``:
    format the text report too (see :func:`render`).
    """
    from kehoach.cli.batch import ordered_map

    report = Report(plans=len(plans))
    checked = ordered_map(lambda plan: _check_one(root, plan, text), plans, jobs)
    for findings, unreadable, sources, block in checked:
        if unreadable is not None:
            report.unreadable.append(PlanError(unreadable, sources))
        report.findings.extend(findings)
        if block:
            report.blocks.append((findings[0].child.path, block))
    return report


def render(report: Report, fmt: Format) -> str:
    """The report as text (grouped by file, with source lines) or as JSON."""
    if fmt == "json":
        return to_json(report.findings, report.plans)
    # Each plan's findings name only its own file, so the blocks sorted by
    # that file are the findings of every plan sorted by file, line and column.
    body = "\n".join(block for _, block in sorted(report.blocks, key=lambda item: item[0]))
    return f"{body}\n{report.summary()}" if body else report.summary()
