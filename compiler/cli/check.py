"""``kehoach check``: every plan read, validated, placed in its cascade, laid out and
rendered in memory (every stage of ``build`` but writing the file), one report.

Kept out of the CLI module so the command stays a thin shell and the report
can be tested without a terminal. Exit codes follow compilers and linters:
0 nothing wrong (warnings, i.e. recorded deviations, allowed), 1 at least
one error finding, 2 a plan could not be read at all (syntax, schema), which
wins because nothing after it could be trusted.
"""

from __future__ import annotations

import json
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Literal

from kehoach.base.diagnostics import Diagnostic, PlanError, diagnostic_json, format_diagnostic
from kehoach.base.exits import Exit
from kehoach.cascade.resolve import sources_of
from kehoach.cli.make_names import file_name_finding
from kehoach.pipeline import Source, Stage, compile_plan

Format = Literal["text", "json"]


@dataclass
class Report:
    """What checking a set of plans found."""

    plans: int = 0
    findings: list[Diagnostic] = field(default_factory=list)
    unreadable: int = 0
    """How many plans could not be read at all (syntax, schema)."""
    blocks: list[tuple[str, str]] = field(default_factory=list)
    """(file, its part of the text report), one per plan with findings."""
    template_fault: str | None = None
    """The Word template's fault, met while rendering: every plan would fail to build."""

    @property
    def errors(self) -> int:
        return sum(1 for f in self.findings if f.is_error)

    @property
    def exit_code(self) -> int:
        if self.unreadable or self.template_fault:
            return Exit.BAD_INPUT
        return Exit.FINDINGS if self.errors else Exit.OK

    def summary(self) -> str:
        warnings = len(self.findings) - self.errors
        if self.template_fault:
            return f"{self.template_fault}\nmẫu Word có lỗi: không kế hoạch nào tạo được văn bản."
        if self.unreadable:
            return f"{self.unreadable}/{self.plans} kế hoạch không đọc được."
        if self.errors:
            return f"{self.plans} kế hoạch: {self.errors} lỗi, {warnings} cảnh báo."
        tail = f", {warnings} cảnh báo (sai khác có chủ ý)" if warnings else ""
        return f"{self.plans} kế hoạch hợp lệ{tail}."


def report_order(diagnostics: Iterable[Diagnostic]) -> list[Diagnostic]:
    """By file, line, column, then code and message; exact repeats dropped.

    Code and message break ties so that the report does not depend on the
    order in which the checks ran (several missing targets all point at
    ``targets:``).
    """
    unique = list(dict.fromkeys(diagnostics))
    return sorted(unique, key=lambda d: (d.at.path, d.at.line, d.at.column, d.code, d.message))


def text_block(diagnostics: list[Diagnostic], sources: Mapping[str, str]) -> str:
    """One plan's part of the text report: its file's name, then each diagnostic with its code."""
    blocks = [f"── {diagnostics[0].at.path}"]
    blocks.extend(format_diagnostic(d, sources, show_code=True) for d in diagnostics)
    return "\n".join(blocks)


_Checked = tuple[list[Diagnostic], bool, str, str | None]
"""One plan checked: its diagnostics in report order, whether it could be read, its part
of the text report ("" if none was asked or nothing was found), and the template's fault
if rendering met one.

Plain data rather than a PlanError, so it crosses a process boundary (an
exception with a custom constructor does not unpickle).
"""


def _check_one(root: Path, plan: Path, text: bool) -> _Checked:
    """Load one plan, resolve its ``extends`` chain and citations, and format its findings
    (with its file name's, when make cannot handle it).

    The text is formatted here, in the worker, where the plan's and its
    ancestors' texts are at hand, and in parallel: the parent only joins.
    """
    source = Source.file(root, plan)
    named = file_name_finding(root, source.shown)
    extra = [named] if named is not None else []
    try:
        compiled = compile_plan(source, until=Stage.RESOLVE)
        if not any(finding.is_error for finding in compiled.findings):
            # Every stage of ``build`` short of writing: a plan that passes check builds.
            from kehoach.writers.template import TemplateError

            try:
                compiled = compile_plan(compiled, until=Stage.RENDER)
            except TemplateError as fault:
                return [], True, "", str(fault)
    except PlanError as error:
        found = report_order([*extra, *error.diagnostics])
        return found, False, text_block(found, error.sources) if text else "", None
    found = report_order([*extra, *compiled.findings])
    block = ""
    if text and found:
        block = text_block(found, sources_of(root, compiled.loaded, found))
    return found, True, block, None


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
    for found, readable, block, template_fault in checked:
        report.template_fault = report.template_fault or template_fault
        report.unreadable += not readable
        report.findings.extend(found)
        if block:
            report.blocks.append((found[0].at.path, block))
    return report


def render(report: Report, fmt: Format) -> str:
    """The report as text (grouped by file, with source lines) or as JSON."""
    if fmt == "json":
        return _json(report)
    # Each plan's findings name only its own file, so the blocks sorted by
    # that file are the findings of every plan sorted by file, line and column.
    body = "\n".join(block for _, block in sorted(report.blocks, key=lambda item: item[0]))
    return f"{body}\n{report.summary()}" if body else report.summary()


def _json(report: Report) -> str:
    """``{"plans": n, "errors": e, "warnings": w, "findings": […]}``, UTF-8, not escaped.

    Each finding is :func:`~kehoach.base.diagnostics.diagnostic_json`, in the
    order of the text report.
    """
    items = report_order(report.findings)
    errors = sum(1 for d in items if d.is_error)
    payload = {
        "plans": report.plans,
        "errors": errors,
        "warnings": len(items) - errors,
        "findings": [diagnostic_json(d) for d in items],
    }
    if report.template_fault:
        payload["template_error"] = report.template_fault
    return json.dumps(payload, ensure_ascii=False, indent=2)
