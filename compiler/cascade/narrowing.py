"""The parent narrows the child (DESIGN §5): every rule a plan's ancestors impose on it.

A child plan repeats its parent's targets and tasks; this module says where
it silently lowers a value, drops a mandatory target or forgets a task the
parent assigned to it. Each check yields a :class:`~kehoach.base.diagnostics.Diagnostic`
with a stable code, a Vietnamese message, the child's position and the
position of the parent rule it breaks:

- ``unknown-target``: a target no ancestor defines (and not ``local``);
- ``local-target-not-allowed``: a ``local`` target the parent does not allow;
- ``unit-mismatch`` / ``direction-mismatch``: measured differently from the
  nearest ancestor defining it (the numbers are then not compared);
- ``below-floor``: a value under the strictest floor of any ancestor for an
  overlapping phase (over the ceiling when lower is better);
- ``period-outside`` / ``phase-outside``: outside the parent's period;
- ``missing-mandatory-target`` / ``missing-mandatory-task`` (any ancestor's
  ``mandatory_for`` naming the child's category), ``missing-mandatory-task-group``
  and ``missing-assigned-task`` (the direct parent's groups and the tasks whose
  lead or partners name the child's category: the parent's own tasks already
  implement the levels above); what is required is computed by
  :func:`~kehoach.cascade.requirements.requirements`, which ``kehoach new``
  reads too, so a skeleton carries exactly what is checked here;
- ``unknown-task``: ``implements`` naming no ancestor task;
- ``unused-omission`` (warning): an ``omitted`` entry that excuses nothing.

A ``deviation`` on the child's item, or an ``omitted`` entry for an item it
leaves out, turns that item's errors into warnings that keep the reason.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

from kehoach.base.diagnostics import Diagnostic, Location, accepted
from kehoach.cascade.floors import level, span, with_unit, within
from kehoach.cascade.inheritance import Catalogue, Rule, catalogue, chain, where
from kehoach.cascade.requirements import (
    Measure,
    Missing,
    RequiredGroup,
    RequiredTarget,
    RequiredTask,
    Requirements,
    requirements,
    unit_of,
)
from kehoach.schema.models import Category, Target
from kehoach.source.loader import KeyPath, LoadedPlan

CATEGORY_NAMES: dict[str, str] = {
    "bo": "bộ, ngành",
    "tinh": "tỉnh, thành phố",
    "so": "sở, ban, ngành",
    "van-phong": "văn phòng",
    "xa": "xã",
    "phuong": "phường",
    "dac-khu": "đặc khu",
}

Covered = set[tuple[int, str]]
"""(ancestor level, record id) pairs the child's records stand for."""


def check(root: Path, loaded: LoadedPlan) -> list[Diagnostic]:
    """Every inheritance finding of ``loaded`` (none when it extends nothing)."""
    if loaded.plan.extends is None:
        return []
    resolved = chain(root, loaded)
    if resolved.findings or not resolved.ancestors:
        return list(resolved.findings)
    return list(check_against(root, loaded, catalogue(resolved.ancestors)))


def check_against(root: Path, child: LoadedPlan, cat: Catalogue) -> Iterator[Diagnostic]:
    """The inheritance findings of ``child`` under the ancestors of ``cat``.

    For a chain other than the child's own: ``kehoach diff --with-children``
    checks a child against the old and the new version of an ancestor.
    """
    return _Checker(root, child, cat).run()


@dataclass
class _Checker:
    root: Path
    child: LoadedPlan
    cat: Catalogue

    def here(self, path: KeyPath) -> Location:
        return where(self.root, self.child, path)

    def there(self, owner: LoadedPlan, path: KeyPath) -> Location:
        return where(self.root, owner, path)

    def run(self) -> Iterator[Diagnostic]:
        yield from self.period_and_phases()
        targets: Covered = set()
        for i, target in enumerate(self.child.plan.targets):
            yield from self.target(i, target, targets)
        tasks: Covered = set()
        for i, task in enumerate(self.child.plan.tasks):
            if task.implements is None:
                continue
            rules = self.cat.task_rules(task.implements)
            tasks.update((r.level, r.plan.tasks[r.index].id) for r in rules)
            if not rules:
                message = (
                    f"nhiệm vụ «{task.id}» thực hiện (implements) «{task.implements}» nhưng kế "
                    "hoạch cấp trên không có nhiệm vụ mã này"
                )
                finding = Diagnostic(
                    "error",
                    "unknown-task",
                    message,
                    self.here(("tasks", i, "implements")),
                    self.there(self.cat.parent, ("tasks",)),
                )
                yield accepted(finding, task.deviation.reason if task.deviation else None)
        category = self.child.plan.document.category
        if category is None:
            yield from self.no_category()
            return
        required = requirements(self.cat, category, span(self.child.plan.document.period))
        omitted = self.omissions()
        used: set[int] = set()
        for item, finding in self.missing(required, category, targets, tasks):
            if item in omitted:
                used.add(omitted[item])
            yield self.excuse(item, finding, omitted)
        for (kind, ident), k in omitted.items():
            if k not in used:
                message = (
                    f"mục omitted «{ident}» ({kind}) không ứng với yêu cầu nào của kế hoạch cấp "
                    "trên còn thiếu: bỏ mục này hoặc sửa mã"
                )
                yield Diagnostic("warning", "unused-omission", message, self.here(("omitted", k)))

    # period and phases -------------------------------------------------------------

    def period_and_phases(self) -> Iterator[Diagnostic]:
        parent = self.cat.parent
        period = parent.plan.document.period
        outer = span(period)
        if outer is None:
            return
        parent_at = self.there(parent, ("document", "period"))
        inner = span(self.child.plan.document.period)
        if inner is not None and not within(inner, outer):
            message = (
                f"thời kỳ {self.child.plan.document.period} nằm ngoài thời kỳ {period} của "
                "kế hoạch cấp trên"
            )
            yield Diagnostic(
                "error", "period-outside", message, self.here(("document", "period")), parent_at
            )
        for i, phase in enumerate(self.child.plan.phases):
            phase_span = span(phase)
            if phase_span is not None and not within(phase_span, outer):
                message = f"giai đoạn {phase} nằm ngoài thời kỳ {period} của kế hoạch cấp trên"
                yield Diagnostic(
                    "error", "phase-outside", message, self.here(("phases", i)), parent_at
                )

    # one target ------------------------------------------------------------------

    def target(self, i: int, target: Target, covered: Covered) -> Iterator[Diagnostic]:
        reason = target.deviation.reason if target.deviation else None
        key = target.implements or target.id
        rules = self.cat.target_rules(key)
        covered.update((r.level, r.plan.targets[r.index].id) for r in rules)
        if not rules:
            finding = self.stranger(i, target, key)
            if finding is not None:
                yield accepted(finding, reason)
            return
        nearest = rules[0]
        theirs = nearest.plan.targets[nearest.index]
        mismatch = self.measure(i, target, nearest, theirs)
        if mismatch is not None:
            yield accepted(mismatch, reason)
            return
        for phase, value in target.values.items():
            finding = self.floor(i, target, phase, value, Measure(rules))
            if finding is not None:
                yield accepted(finding, reason)

    def stranger(self, i: int, target: Target, key: str) -> Diagnostic | None:
        """A target no ancestor defines: fine if local and allowed."""
        parent = self.cat.parent
        if not target.local:
            message = (
                f"chỉ tiêu «{key}» không có trong danh mục chỉ tiêu của kế hoạch cấp trên; "
                "chỉ tiêu riêng thì ghi «local: true»"
            )
            key_field = "implements" if target.implements else "id"
            return Diagnostic(
                "error",
                "unknown-target",
                message,
                self.here(("targets", i, key_field)),
                self.there(parent, ("targets",)),
            )
        rules = parent.plan.children
        if rules is not None and rules.allow_local_targets:
            return None
        message = (
            f"chỉ tiêu riêng «{target.id}»: kế hoạch cấp trên không cho phép chỉ tiêu riêng "
            "(children.allow_local_targets)"
        )
        # Point at the parent's refusal if written, else at its catalogue of targets.
        refusal: KeyPath = ("children", "allow_local_targets") if rules else ("targets",)
        return Diagnostic(
            "error",
            "local-target-not-allowed",
            message,
            self.here(("targets", i, "local")),
            self.there(parent, refusal),
        )

    def measure(self, i: int, target: Target, rule: Rule, theirs: Target) -> Diagnostic | None:
        """Unit and direction must be the nearest ancestor's, or numbers mean nothing."""
        mine, parents = unit_of(target), unit_of(theirs)
        if mine != parents:
            message = (
                f"chỉ tiêu «{target.id}»: đơn vị tính «{mine or 'không có'}» khác đơn vị "
                f"«{parents or 'không có'}» của kế hoạch cấp trên"
            )
            return Diagnostic(
                "error",
                "unit-mismatch",
                message,
                self.here(("targets", i, "unit" if target.unit else "values")),
                self.there(
                    rule.owner, ("targets", rule.index, "unit" if theirs.unit else "values")
                ),
            )
        if target.direction != theirs.direction:
            message = (
                f"chỉ tiêu «{target.id}»: chiều đánh giá «{target.direction}» khác "
                f"«{theirs.direction}» của kế hoạch cấp trên"
            )
            return Diagnostic(
                "error",
                "direction-mismatch",
                message,
                self.here(("targets", i, "direction")),
                self.there(rule.owner, ("targets", rule.index, "direction")),
            )
        return None

    def floor(
        self, i: int, target: Target, phase: str, value: str, ancestors: Measure
    ) -> Diagnostic | None:
        """The value of one phase against the strictest floor of every ancestor."""
        number, phase_span = level(value), span(phase)
        if number is None or phase_span is None:
            return None
        lower = target.direction == "lower"
        binding = ancestors.binding(phase_span)
        if binding is None:
            return None
        floor, rule, explicit = binding.level, binding.rule, binding.explicit
        their_phase = binding.phase
        if (number <= floor) if lower else (number >= floor):
            return None
        theirs = binding.target
        written = "mức ghi riêng" if explicit else f"«{theirs.values[their_phase]}»"
        message = (
            f"chỉ tiêu «{target.id}», giai đoạn {phase}: giá trị «{value}» "
            f"{'cao hơn mức trần' if lower else 'thấp hơn mức sàn'} "
            f"{with_unit(floor, unit_of(theirs))} của kế hoạch cấp trên "
            f"(giai đoạn {their_phase}: {written})"
        )
        return Diagnostic(
            "error",
            "below-floor",
            message,
            self.here(("targets", i, "values", phase)),
            self.there(
                rule.owner, ("targets", rule.index, "floor" if explicit else "values", their_phase)
            ),
        )

    # what must be present -----------------------------------------------------------

    def no_category(self) -> Iterator[Diagnostic]:
        """Without a category the mandatory and assigned items cannot be checked: say so."""
        message = (
            "kế hoạch không ghi document.category (sở, xã, phường…) nên chưa đối chiếu được "
            "chỉ tiêu, nhiệm vụ mà kế hoạch cấp trên bắt buộc hoặc giao theo loại cơ quan"
        )
        yield Diagnostic(
            "warning",
            "missing-category",
            message,
            self.here(("document",)),
            self.there(self.cat.parent, ("document",)),
        )

    def missing(
        self, required: Requirements, category: Category, targets: Covered, tasks: Covered
    ) -> Iterator[tuple[Missing, Diagnostic]]:
        """The required items the child does not carry, in the order they are required."""
        name = CATEGORY_NAMES.get(category, category)
        parent = self.cat.parent
        mine = {g.id for g in self.child.plan.task_groups}
        mine |= {g.implements for g in self.child.plan.task_groups if g.implements}
        index = self.cat.task_index[0]
        mine |= {parent.plan.tasks[index[ident]].group for lv, ident in tasks if lv == 0}
        for required_item in required.items:
            if isinstance(required_item, RequiredTarget):
                if required_item.key not in targets:
                    yield required_item.item, self.missing_target(required_item, name)
            elif isinstance(required_item, RequiredGroup):
                if required_item.group.id not in mine:
                    yield required_item.item, self.missing_group(required_item, name)
            elif required_item.key not in tasks:
                yield required_item.item, self.missing_task(required_item, name)

    def missing_target(self, required: RequiredTarget, name: str) -> Diagnostic:
        """A target an ancestor makes mandatory for the child's category."""
        theirs = required.target
        message = (
            f"thiếu chỉ tiêu «{theirs.id}» mà kế hoạch cấp trên bắt buộc đối với {name}: "
            f"{_gist(theirs.indicator or theirs.text)}"
        )
        return Diagnostic(
            "error",
            "missing-mandatory-target",
            message,
            self.here(("targets",)),
            self.there(required.rule.owner, ("targets", required.rule.index)),
        )

    def missing_group(self, required: RequiredGroup, name: str) -> Diagnostic:
        """A task group of the parent mandatory for the child's category."""
        group = required.group
        message = (
            f"thiếu nhóm nhiệm vụ «{group.title}» ({group.id}) mà kế hoạch cấp trên bắt "
            f"buộc đối với {name}"
        )
        return Diagnostic(
            "error",
            "missing-mandatory-task-group",
            message,
            self.here(("task_groups",)),
            self.there(required.owner, ("task_groups", required.index)),
        )

    def missing_task(self, required: RequiredTask, name: str) -> Diagnostic:
        """A task mandatory for the child's category, or one the parent addresses to it."""
        task, rule, assigned = required.task, required.rule, required.assigned
        if assigned is None:
            message = (
                f"thiếu nhiệm vụ thực hiện nhiệm vụ «{task.id}» mà kế hoạch cấp trên bắt buộc "
                f"đối với {name}: {_gist(task.text)}"
            )
            return Diagnostic(
                "error",
                "missing-mandatory-task",
                message,
                self.here(("tasks",)),
                self.there(rule.owner, ("tasks", rule.index)),
            )
        role = "chủ trì" if assigned.column == "lead" else "phối hợp"
        message = (
            f"kế hoạch cấp trên giao nhiệm vụ «{task.id}» cho «{assigned.body}» ({role}) nhưng "
            f"không có nhiệm vụ nào thực hiện nó (implements: {task.id}): {_gist(task.text)}"
        )
        return Diagnostic(
            "error",
            "missing-assigned-task",
            message,
            self.here(("tasks",)),
            self.there(rule.owner, ("tasks", rule.index, assigned.column)),
        )

    def omissions(self) -> dict[Missing, int]:
        """Index of each ``omitted`` entry by the (kind, parent id) it names."""
        out: dict[Missing, int] = {}
        for k, item in enumerate(self.child.plan.omitted):
            for kind in ("target", "task", "task_group"):
                ident = getattr(item, kind)
                if ident is not None:
                    out[(kind, ident)] = k
        return out

    def excuse(self, item: Missing, finding: Diagnostic, omitted: dict[Missing, int]) -> Diagnostic:
        """A missing item the child lists in ``omitted``: a warning at that entry."""
        k = omitted.get(item)
        if k is None:
            return finding
        moved = Diagnostic(
            finding.severity,
            finding.code,
            finding.message,
            self.here(("omitted", k)),
            finding.related,
        )
        return accepted(moved, self.child.plan.omitted[k].reason)


def _gist(text: str, limit: int = 90) -> str:
    """The start of a long sentence, for a one-line message."""
    words = " ".join(text.replace("{value}", "…").split())
    return words if len(words) <= limit else words[: limit - 1].rsplit(" ", 1)[0] + " …"
