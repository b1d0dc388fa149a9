"""Helpers of the ``kehoach import`` tests: run the import, compare texts and records.

The text of two documents is compared with the project's own measure
(``../shared/tools/fidelity.py``: in-order word matches, case and
punctuation ignored); records are compared by what the documents print of
them (a field no appendix column shows cannot come back from Word).
"""

from __future__ import annotations

import importlib.util
import os
import re
import subprocess
from pathlib import Path
from types import ModuleType
from typing import Any

import docx
from conftest import KEHOACH, SHARED

from kehoach.schema.models import Plan, Point, Section

CORPUS = SHARED / "corpus" / "lam-dong"
FIDELITY = SHARED / "tools" / "fidelity.py"
CORPUS_FILES = sorted(p.name for p in CORPUS.glob("*.docx"))


def run_import(
    root: Path, source: Path, out: str, *extra: str, env: dict[str, str] | None = None
) -> subprocess.CompletedProcess[str]:
    """``kehoach import SOURCE -o OUT`` in a fresh process, in the repository ``root``."""
    return subprocess.run(
        [str(KEHOACH), "import", str(source), "-o", out, "--root", str(root), *extra],
        cwd=root,
        capture_output=True,
        text=True,
        env=env or dict(os.environ),
        timeout=300,
    )


def fidelity() -> ModuleType:
    """The fidelity tool as a module (its tokens and overlap functions)."""
    spec = importlib.util.spec_from_file_location("fidelity", FIDELITY)
    assert spec and spec.loader
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def text_overlap(reference: Path, document: Path) -> tuple[float, float]:
    """(recall, precision) of ``document``'s words against ``reference``'s (two .docx)."""
    tool = fidelity()
    ref = tool.tokens(tool.docx_text(reference))
    doc = tool.tokens(tool.docx_text(document))
    return tool.overlap(ref, doc)


def numbered_rows(path: Path) -> int:
    """Rows whose STT cell is a number, in the .docx table that has most of them (read with
    python-docx, not with the import)."""
    return max(_numbered(table) for table in docx.Document(str(path)).tables)


def _numbered(table: Any) -> int:
    count = 0
    seen: set[Any] = set()  # the elements themselves: lxml keeps one proxy per live element
    for row in table.rows:
        first = row.cells[0]
        if first._tc in seen:  # a cell merged down is the same cell on the next row
            continue
        seen.add(first._tc)
        if re.fullmatch(r"\d{1,3}\.?", first.text.strip()):
            count += 1
    return count


def _phase(text: str) -> str:
    return re.sub(r"\s*-\s*", "-", text)


def _walk(sections: list[Section]) -> list[Section]:
    out = []
    for section in sections:
        out.append(section)
        out.extend(_walk(section.sections))
    return out


def _selected_targets(plan: Plan) -> set[tuple[str, str | None]]:
    """(group, phase) pairs the body's target selections print; phase None: every phase."""
    everything = [g.id for g in plan.target_groups]
    chosen: set[tuple[str, str | None]] = set()
    for section in _walk(plan.body):
        selection = section.targets
        if selection is None:
            continue
        phase = selection.phase if selection.by == "phase" else None
        chosen.update((group, phase) for group in (selection.groups or everything))
    return chosen


def _points(plan: Plan) -> list[Point]:
    return [p for s in _walk(plan.body) for p in s.points if isinstance(p, Point)]


def _point_tasks(plan: Plan) -> dict[str, str]:
    """Task group → the punctuation of the point that prints its tasks as dash items."""
    return {g: p.tasks.punctuation for p in _points(plan) if p.tasks for g in p.tasks.groups}


def _point_targets(plan: Plan) -> dict[str, tuple[str, str]]:
    """Target group → (phase, punctuation) of the point that prints its targets."""
    return {
        g: (p.targets.phase or plan.phases[0], p.targets.punctuation)
        for p in _points(plan)
        if p.targets
        for g in p.targets.groups
    }


def _ended(text: str, punctuation: str) -> str:
    """A point's record item as printed (a sentence ends «.»; a list's «;» or «.» is
    compared without its mark, since the last item differs)."""
    if punctuation == "written":
        return text
    bare = text.rstrip().rstrip(";.")
    return bare + "." if punctuation == "sentence" else bare


def printed_records(plan: Plan) -> dict[str, list[Any]]:
    """Targets and tasks as the document prints them: the body's sentences when a section
    or a lettered point selects them, the appendix columns when an appendix lists them
    (a task ``in_appendix: false`` is in no appendix row)."""
    def shown(source: str) -> set[str]:
        return {c.field for a in plan.appendices if a.source == source for c in a.columns}

    def selects(key: str) -> bool:
        return any(getattr(s, key) is not None for s in _walk(plan.body))

    task_columns, task_body = shown("tasks"), selects("tasks")
    by_point = _point_tasks(plan)
    tasks = []
    for task in plan.tasks:
        in_body = task.in_body and (task_body or task.group in by_point)
        columns = task_columns if task.in_appendix else set()
        if not in_body and not columns:
            continue
        body = task.text
        if task.group in by_point and not task_body:
            body = _ended(task.text, by_point[task.group])
        tasks.append((
            body if in_body else "",
            (task.appendix_text or task.text) if columns else "",
            tuple(task.lead) if "lead" in columns else (),
            tuple(task.partners) if "partners" in columns else (),
            (task.result or "") if "result" in columns else "",
            (task.deadline or "") if "deadline" in columns else "",
        ))
    target_columns = shown("targets")
    chosen = _selected_targets(plan)
    target_points = _point_targets(plan)
    targets = []
    for target in plan.targets:
        target_body = (target.group, None) in chosen or any(
            (target.group, phase) in chosen for phase in target.values
        )
        pointed = target_points.get(target.group)
        if pointed and pointed[0] in target.values:
            phase, punctuation = pointed
            sentences: tuple[tuple[str, str], ...] = (("", _ended(  # a point prints no phase
                target.text.replace("{value}", target.values[phase]), punctuation)),)
        elif target_body:
            sentences = tuple(sorted(
                (_phase(phase), target.text.replace("{value}", value))
                for phase, value in target.values.items()
            ))
        else:
            sentences = ()
        if not sentences and not target_columns:
            continue  # a record the document never prints (its sentences typed as text)
        values = tuple(sorted(
            (_phase(phase), value) for phase, value in target.values.items()
        )) if "value" in target_columns else ()
        shown_indicator = target.indicator or (
            sentences[0][1] if sentences else target.text.replace(
                "{value}", next(iter(target.values.values())))
        )
        extra = tuple(
            shown_indicator if name == "indicator" else str(getattr(target, name))
            for name in ("unit", "lead", "partners", "note", "indicator", "category")
            if name in target_columns
        )
        targets.append((sentences, values, extra))
    return {"tasks": sorted(tasks), "targets": sorted(targets)}
