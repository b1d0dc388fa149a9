"""Findings: what ``kehoach check`` reports about a plan and its place in the cascade.

A :class:`~kehoach.base.diagnostics.Diagnostic` names one place in one file; an
inheritance finding is about two places at once, the child's value and the
parent's rule it breaks ("95% at child.yaml:40:7 is below the floor 100% set
at parent.yaml:88:7"). A reviewer needs both to decide who is wrong, so a
:class:`Finding` carries the child's position and, when a parent rule is
involved, the parent's. Findings are plain data: the text report (grouped by
file, with source lines and a caret, like a compiler) and the JSON report
(for editors and CI) are two views of the same list.

Severity is ``error`` or ``warning``: a deliberate deviation recorded in the
child (``deviation: {reason: …}``) turns an error into a warning that still
appears in every report, never silently.
"""

from __future__ import annotations

import json
from collections.abc import Iterable
from dataclasses import dataclass, replace
from typing import Literal, Protocol

from kehoach.base.diagnostics import Diagnostic, format_at_line

Severity = Literal["error", "warning"]

_SEVERITY_WORD = {"error": "lỗi", "warning": "cảnh báo"}


@dataclass(frozen=True)
class Location:
    """A 1-based line and column in a file shown by its repository-relative path."""

    path: str
    line: int
    column: int

    def __str__(self) -> str:
        return f"{self.path}:{self.line}:{self.column}"


@dataclass(frozen=True)
class Finding:
    """One problem (or accepted deviation) found in a plan.

    ``child`` is where the plan being checked says the offending thing (or
    where the missing thing belongs); ``parent`` is where the ancestor sets
    the rule, for inheritance findings. ``reason`` is the child's recorded
    deviation reason when the finding was downgraded to a warning.
    """

    severity: Severity
    code: str
    message: str
    child: Location
    parent: Location | None = None
    reason: str | None = None

    @property
    def is_error(self) -> bool:
        return self.severity == "error"


def accepted(finding: Finding, reason: str | None) -> Finding:
    """The finding as a warning when the child recorded a deviation ``reason`` for it."""
    if reason is None:
        return finding
    return replace(finding, severity="warning", reason=reason)


def from_diagnostic(d: Diagnostic) -> Finding:
    """A loader or schema diagnostic as a finding (no parent position)."""
    severity: Severity = "warning" if d.severity == "cảnh báo" else "error"
    return Finding(severity, d.code or "invalid", d.message, Location(d.path, d.line, d.column))


def to_diagnostic(finding: Finding) -> Diagnostic:
    """A finding as a one-place diagnostic (for the build's error output).

    The parent position and the deviation reason move into the message so
    nothing is lost where only one position can be shown.
    """
    return Diagnostic(
        finding.child.path,
        finding.child.line,
        finding.child.column,
        _full_message(finding),
        severity="lỗi" if finding.is_error else "cảnh báo",
        code=finding.code,
    )


def _full_message(finding: Finding) -> str:
    text = finding.message
    if finding.reason:
        text += f" (sai khác có chủ ý: {finding.reason})"
    if finding.parent is not None:
        text += f" [cấp trên: {finding.parent}]"
    return text


def sort_findings(findings: Iterable[Finding]) -> list[Finding]:
    """By child file, line, column, then code; exact repeats dropped."""
    unique = list(dict.fromkeys(findings))
    return sorted(
        unique, key=lambda f: (f.child.path, f.child.line, f.child.column, f.code, f.message)
    )


class SourceLines(Protocol):
    """Where excerpts come from: the text of one line of a file, None if it cannot be had."""

    def line(self, path: str, number: int) -> str | None: ...


def format_text(findings: Iterable[Finding], sources: SourceLines) -> str:
    """The human report: findings grouped by file, each with its source lines.

    Every finding prints as ``path:line:col: lỗi [code]: message`` with the
    source line and a caret; an inheritance finding adds a second
    ``path:line:col: cấp trên: …`` block at the parent's rule. ``sources``
    gives the lines by displayed path (a line it cannot give prints without
    excerpt).
    """
    blocks: list[str] = []
    current: str | None = None
    for finding in sort_findings(findings):
        if finding.child.path != current:
            current = finding.child.path
            blocks.append(f"── {current}")
        severity = _SEVERITY_WORD[finding.severity]
        message = f"[{finding.code}] {finding.message}"
        if finding.reason:
            message += f" — sai khác có chủ ý, lý do: {finding.reason}"
        blocks.append(_excerpt(finding.child, severity, message, sources))
        if finding.parent is not None:
            blocks.append(
                _excerpt(finding.parent, "cấp trên", "quy định của kế hoạch cấp trên", sources)
            )
    return "\n".join(blocks)


def _excerpt(where: Location, severity: str, message: str, sources: SourceLines) -> str:
    diagnostic = Diagnostic(where.path, where.line, where.column, message)
    text = format_at_line(diagnostic, sources.line(where.path, where.line))
    # format_at_line writes "lỗi"; put the severity this block stands for.
    head = f"{where}: lỗi: "
    return text.replace(head, f"{where}: {severity}: ", 1)


def to_json(findings: Iterable[Finding], plans: int) -> str:
    """The machine report: ``{"plans": n, "errors": e, "warnings": w, "findings": […]}``.

    Each finding has severity, code, message, child {path, line, column},
    parent (same shape, or null) and reason (or null). UTF-8, not escaped.
    """
    items = sort_findings(findings)
    errors = sum(1 for f in items if f.is_error)
    payload = {
        "plans": plans,
        "errors": errors,
        "warnings": len(items) - errors,
        "findings": [
            {
                "severity": f.severity,
                "code": f.code,
                "message": f.message,
                "child": _location_json(f.child),
                "parent": None if f.parent is None else _location_json(f.parent),
                "reason": f.reason,
            }
            for f in items
        ],
    }
    return json.dumps(payload, ensure_ascii=False, indent=2)


def _location_json(where: Location) -> dict[str, object]:
    return {"path": where.path, "line": where.line, "column": where.column}
