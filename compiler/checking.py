"""``kehoach check``: every plan read, validated and placed in its cascade, one report.

Kept out of the CLI module so the command stays a thin shell and the report
can be tested without a terminal. Exit codes follow compilers and linters:
0 nothing wrong (warnings, i.e. recorded deviations, allowed), 1 at least
one error finding, 2 a plan could not be read at all (syntax, schema), which
wins because nothing after it could be trusted.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import Literal

from kehoach.diagnostics import Diagnostic, PlanError
from kehoach.findings import Finding, format_text, from_diagnostic, to_json
from kehoach.inheritance import load_cached
from kehoach.loader import load_plan
from kehoach.resolve import findings as resolve_findings
from kehoach.workspace import OutsideRepository, display_path

EXIT_CLEAN = 0
EXIT_FINDINGS = 1
EXIT_UNREADABLE = 2

Format = Literal["text", "json"]


@dataclass
class Report:
    """What checking a set of plans found."""

    plans: int = 0
    findings: list[Finding] = field(default_factory=list)
    unreadable: list[PlanError] = field(default_factory=list)
    sources: dict[str, str] = field(default_factory=dict)

    @property
    def errors(self) -> int:
        return sum(1 for f in self.findings if f.is_error)

    @property
    def exit_code(self) -> int:
        if self.unreadable:
            return EXIT_UNREADABLE
        return EXIT_FINDINGS if self.errors else EXIT_CLEAN

    def summary(self) -> str:
        warnings = len(self.findings) - self.errors
        if self.unreadable:
            return f"{len(self.unreadable)}/{self.plans} kế hoạch không đọc được."
        if self.errors:
            return f"{self.plans} kế hoạch: {self.errors} lỗi, {warnings} cảnh báo."
        tail = f", {warnings} cảnh báo (sai khác có chủ ý)" if warnings else ""
        return f"{self.plans} kế hoạch hợp lệ{tail}."


_Checked = tuple[list[Finding], list[Diagnostic] | None, dict[str, str]]
"""One plan checked: its findings, its diagnostics if it could not be read, its source texts.

Plain data rather than a PlanError, so it crosses a process boundary (an
exception with a custom constructor does not unpickle).
"""


def _check_one(root: Path, plan: Path) -> _Checked:
    """Load one plan, then resolve its ``extends`` chain and citations."""
    shown = display_path(root, plan)
    try:
        loaded = load_plan(plan, shown)
    except PlanError as error:
        return [from_diagnostic(d) for d in error.diagnostics], error.diagnostics, error.sources
    return resolve_findings(root, loaded), None, {shown: loaded.source}


def check_plans(root: Path, plans: list[Path], jobs: int = 1) -> Report:
    """Check every plan, with ``jobs`` worker processes; the report is the same for any ``jobs``.

    Each worker parses an ancestor once (:func:`~kehoach.inheritance.load_cached`),
    and results are gathered in the order of ``plans``, so the findings, their
    order and the exit code do not depend on the number of workers.
    """
    from kehoach.batch import ordered_map

    report = Report(plans=len(plans))
    for findings, unreadable, sources in ordered_map(
        lambda plan: _check_one(root, plan), plans, jobs
    ):
        if unreadable is not None:
            report.unreadable.append(PlanError(unreadable, sources))
        report.findings.extend(findings)
        report.sources.update(sources)
    _add_parent_sources(root, report)
    return report


def _add_parent_sources(root: Path, report: Report) -> None:
    """Source texts of the parents findings point at, for their excerpts (from the cache)."""
    for finding in report.findings:
        parent = finding.parent
        if parent is None or parent.path in report.sources:
            continue
        try:
            report.sources[parent.path] = load_cached(root, Path(parent.path)).source
        except (OSError, OutsideRepository):
            continue
        except PlanError as error:
            report.sources.update(error.sources)


def render(report: Report, fmt: Format) -> str:
    """The report as text (grouped by file, with source lines) or as JSON."""
    if fmt == "json":
        return to_json(report.findings, report.plans)
    body = format_text(report.findings, report.sources)
    return f"{body}\n{report.summary()}" if body else report.summary()
