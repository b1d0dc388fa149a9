"""What a parent's change does to its children: inheritance findings created or cleared.

Raising a floor in the city's plan can put a ward below it; dropping a
mandatory task can clear a ward's «missing task» error. ``kehoach diff
--with-children`` answers this before the change is merged: every plan of
the repository whose ``extends`` chain passes through the changed plan is
checked twice by :mod:`kehoach.cascade.narrowing`, once against the OLD version of
that ancestor and once against the NEW one (the rest of the chain as it is
in the working tree), and the two sets of findings are compared.

Findings are matched by severity, code and the child's position, not by
message: a message quotes the parent's value, so «below 90%» becoming
«below 95%» is the same finding, still there, not one cleared and one new.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import Any, Literal

from kehoach.base.diagnostics import SEVERITY_WORD, Diagnostic, PlanError
from kehoach.base.workspace import OutsideRepository, display_path, find_plans
from kehoach.cascade import floors
from kehoach.cascade.floors import overlaps, span, with_unit
from kehoach.cascade.inheritance import Catalogue, chain, load_cached
from kehoach.cascade.narrowing import check_against
from kehoach.source.loader import LoadedPlan


@dataclass(frozen=True)
class ChildChange:
    """A finding of ``child`` that the parent's change creates or clears."""

    child: str
    action: Literal["created", "cleared"]
    finding: Diagnostic

    def as_json(self) -> dict[str, Any]:
        f = self.finding
        return {
            "child": self.child,
            "action": self.action,
            "severity": f.severity,
            "code": f.code,
            "message": f.message,
            "line": f.at.line,
            "column": f.at.column,
        }

    def describe(self, markdown: bool = False) -> str:
        f = self.finding
        what = "phát sinh" if self.action == "created" else "hết"
        level = SEVERITY_WORD[f.severity]
        place = str(f.at)
        if markdown:
            place = f"`{place}`"
        return f"{place}: {what} {level} [{f.code}]: {f.message}"


def _ancestors_with(
    root: Path, child: LoadedPlan, target: Path, version: LoadedPlan
) -> tuple[LoadedPlan, ...] | None:
    """The child's ancestors with ``version`` standing for the plan at ``target``.

    None when the child's chain does not pass through ``target``. Above the
    substituted plan the chain is followed from that version's own
    ``extends``, which may itself have changed.
    """
    resolved = chain(root, child)
    for level, ancestor in enumerate(resolved.ancestors):
        if ancestor.path.resolve() == target:
            above = chain(root, version).ancestors
            return (*resolved.ancestors[:level], version, *above)
    return None


def _key(finding: Diagnostic) -> tuple[str, str, str, int, int]:
    c = finding.at
    return (finding.severity, finding.code, c.path, c.line, c.column)


def child_impact(
    root: Path, parent_path: str, old: LoadedPlan, new: LoadedPlan
) -> list[ChildChange]:
    """Findings created or cleared in every descendant of ``parent_path`` by OLD → NEW."""
    target = (root / parent_path).resolve()
    changes: list[ChildChange] = []
    for plan_path in find_plans(root, [Path("plans")]):
        try:
            if plan_path.resolve() == target:
                continue
            child = load_cached(root, plan_path)
        except (OSError, RuntimeError, OutsideRepository, PlanError):  # RuntimeError: a link loop
            continue  # an unreadable child is `kehoach check`'s business, not the diff's
        if child.plan.extends is None:
            continue
        with_old = _ancestors_with(root, child, target, old)
        with_new = _ancestors_with(root, child, target, new)
        if with_old is None or with_new is None:
            continue
        before = {_key(f): f for f in check_against(root, child, Catalogue.of(with_old))}
        after = {_key(f): f for f in check_against(root, child, Catalogue.of(with_new))}
        shown = display_path(root, plan_path.resolve())
        changes.extend(
            ChildChange(shown, "cleared", f) for k, f in before.items() if k not in after
        )
        changes.extend(
            ChildChange(shown, "created", f) for k, f in after.items() if k not in before
        )
    return changes


@dataclass(frozen=True)
class FloorRow:
    """One line of the reviewer's page for a parent's change: a target, a child, a phase."""

    target: str
    child: str
    phase: str
    old_floor: str
    new_floor: str
    value: str
    status: str

    def cells(self) -> tuple[str, ...]:
        return (
            self.target,
            self.child,
            self.phase,
            self.old_floor,
            self.new_floor,
            self.value,
            self.status,
        )


def _floors(target: Any) -> dict[str, float]:
    """The floor of each phase of a parent's target: its explicit floor, else its value."""
    found: dict[str, float] = {}
    for phase, value in target.values.items():
        number = floors.level(value)
        if number is not None:
            found[phase] = number
    for phase, number in target.floor.items():
        found[phase] = float(number)
    return found


def _floor_at(floors: dict[str, float], phase: str) -> float | None:
    """The strictest floor among the parent's phases overlapping the child's ``phase``."""
    mine = span(phase)
    if mine is None:
        return None
    hits = [n for p, n in floors.items() if (s := span(p)) is not None and overlaps(s, mine)]
    return max(hits) if hits else None


def floor_table(root: Path, parent_path: str, old: LoadedPlan, new: LoadedPlan) -> list[FloorRow]:
    """Target × child × phase for every target of ``parent_path`` whose floors changed.

    What a provincial reviewer signs off: for each child implementing the
    target, its value in each phase against the old and the new floor, and
    whether it reaches the new one («đạt»), falls below («dưới mức sàn») or
    departs from it with a reason written in the child («sai khác có lý do»).
    """
    before = {t.id: t for t in old.plan.targets}
    after = {t.id: t for t in new.plan.targets}
    changed = {
        ident
        for ident in after
        if ident in before and _floors(before[ident]) != _floors(after[ident])
    }
    if not changed:
        return []
    target = (root / parent_path).resolve()
    rows: list[FloorRow] = []
    for plan_path in find_plans(root, [Path("plans")]):
        try:
            if plan_path.resolve() == target:
                continue
            child = load_cached(root, plan_path)
        except (OSError, RuntimeError, OutsideRepository, PlanError):
            continue
        if child.plan.extends is None or _ancestors_with(root, child, target, new) is None:
            continue
        shown = display_path(root, plan_path.resolve())
        for record in child.plan.targets:
            key = record.implements or record.id
            if key not in changed:
                continue
            old_floors, new_floors = _floors(before[key]), _floors(after[key])
            unit = after[key].unit
            for phase, value in record.values.items():
                floor_old, floor_new = _floor_at(old_floors, phase), _floor_at(new_floors, phase)
                number = floors.level(value)
                lower = after[key].direction == "lower"
                if record.deviation is not None:
                    status = "sai khác có lý do"
                elif number is None or floor_new is None:
                    status = "không so được"
                elif (number <= floor_new) if lower else (number >= floor_new):
                    status = "đạt"
                else:
                    status = "trên mức trần" if lower else "dưới mức sàn"
                rows.append(
                    FloorRow(
                        key,
                        shown,
                        phase,
                        "" if floor_old is None else with_unit(floor_old, unit),
                        "" if floor_new is None else with_unit(floor_new, unit),
                        value,
                        status,
                    )
                )
    return rows
