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

from kehoach.diagnostics import Diagnostic, PlanError, source_lines
from kehoach.findings import Finding, format_text, from_diagnostic, to_json
from kehoach.loader import load_plan
from kehoach.resolve import findings as resolve_findings
from kehoach.workspace import display_path, real_path

EXIT_CLEAN = 0
EXIT_FINDINGS = 1
EXIT_UNREADABLE = 2

Format = Literal["text", "json"]


class FileLines:
    """The lines findings point at, read from the files when the text report prints them.

    Why not the texts carried with the results: workers would send every
    plan's text back through a pipe (some 60 MB for a national cascade), and
    the parent would parse each parent plan again only to print lines of it.
    A file is split once into lines of bytes, kept while its findings and
    its parents' alternate (the last :data:`KEPT_FILES` files), and only the
    lines printed are decoded. A file that cannot be read any more prints
    its findings without excerpt. The texts an unreadable plan's diagnostics
    were measured against (decoded with replacement characters, say) are
    given with :meth:`keep` and win.
    """

    KEPT_FILES = 8

    def __init__(self, root: Path) -> None:
        self._root = real_path(root)
        self._kept: dict[str, list[str]] = {}
        self._read: dict[str, list[str] | list[bytes] | None] = {}

    def keep(self, sources: Mapping[str, str]) -> None:
        self._kept.update((path, source_lines(text)) for path, text in sources.items())

    def line(self, path: str, number: int) -> str | None:
        lines = self._kept[path] if path in self._kept else self._lines(path)
        if lines is None or not 1 <= number <= len(lines):
            return None
        line = lines[number - 1]
        return line.decode("utf-8", errors="replace") if isinstance(line, bytes) else line

    def _lines(self, path: str) -> list[str] | list[bytes] | None:
        if path not in self._read:
            if len(self._read) >= self.KEPT_FILES:
                del self._read[next(iter(self._read))]  # the oldest
            self._read[path] = _split_file(self._root / path)
        return self._read[path]


_UTF8_BOM = b"\xef\xbb\xbf"


def _split_file(path: Path) -> list[str] | list[bytes] | None:
    """The lines of a plan file as the loader counts them (columns without a BOM), or None."""
    try:
        raw = path.read_bytes()
    except OSError:
        return None
    if raw.startswith(_UTF8_BOM):
        raw = raw[len(_UTF8_BOM) :]
    if b"\r" in raw:  # a lone \r breaks a line too: split the text as the loader does
        return source_lines(raw.decode("utf-8", errors="replace"))
    return raw.split(b"\n")


@dataclass
class Report:
    """What checking a set of plans found."""

    sources: FileLines
    plans: int = 0
    findings: list[Finding] = field(default_factory=list)
    unreadable: list[PlanError] = field(default_factory=list)

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
"""One plan checked: its findings, and for a plan that could not be read its diagnostics and
the texts they were measured against.

Plain data rather than a PlanError, so it crosses a process boundary (an
exception with a custom constructor does not unpickle).
"""


def _check_one(root: Path, plan: Path) -> _Checked:
    """Load one plan, then resolve its ``extends`` chain and citations."""
    try:
        loaded = load_plan(plan, display_path(root, plan))
    except PlanError as error:
        return [from_diagnostic(d) for d in error.diagnostics], error.diagnostics, error.sources
    return resolve_findings(root, loaded), None, {}


def check_plans(root: Path, plans: list[Path], jobs: int = 1) -> Report:
    """Check every plan, with ``jobs`` worker processes; the report is the same for any ``jobs``.

    Each worker parses an ancestor once (:func:`~kehoach.inheritance.load_cached`),
    and results are gathered in the order of ``plans``, so the findings, their
    order and the exit code do not depend on the number of workers.
    """
    from kehoach.batch import ordered_map

    report = Report(FileLines(root), plans=len(plans))
    checked = ordered_map(lambda plan: _check_one(root, plan), plans, jobs)
    for findings, unreadable, sources in checked:
        if unreadable is not None:
            report.unreadable.append(PlanError(unreadable, sources))
            report.sources.keep(sources)
        report.findings.extend(findings)
    return report


def render(report: Report, fmt: Format) -> str:
    """The report as text (grouped by file, with source lines) or as JSON."""
    if fmt == "json":
        return to_json(report.findings, report.plans)
    body = format_text(report.findings, report.sources)
    return f"{body}\n{report.summary()}" if body else report.summary()
