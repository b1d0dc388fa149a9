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
  implement the levels above);
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
from kehoach.cascade.categories import addresses, phrases_for
from kehoach.cascade.floors import Span, is_percentage, level, overlaps, span, with_unit, within
from kehoach.cascade.inheritance import Catalogue, Rule, catalogue, chain, where
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

Missing = tuple[str, str]
"""(kind, parent id) of a required item: kind is target, task or task_group as in ``omitted``."""


def check(root: Path, loaded: LoadedPlan) -> list[Diagnostic]:
    """Every inheritance finding of ``loaded`` (none when it extends nothing)."""
    if loaded.plan.extends is None:
        return []
    resolved = chain(root, loaded)
    if resolved.findings or not resolved.ancestors:
        return list(resolved.findings)
    return list(_Checker(root, loaded, catalogue(resolved.ancestors)).run())


def unit_of(target: Target) -> str | None:
    """The unit a target is measured in: as stated, or «%» when its values are percentages.

    Documents without a unit column still write «100%»: inferring the unit
    lets them be compared with a parent that states it, while "01" against
    "100%" (a count against a share of agencies) is still told apart.
    """
    if target.unit and target.unit.strip():
        return target.unit.strip()
    if any(is_percentage(value) for value in target.values.values()):
        return "%"
    return None


def floors_of(target: Target) -> Iterator[tuple[str, float, bool]]:
    """(phase, floor, explicit) per phase: the stated ``floor``, else the value's number."""
    for phase in dict.fromkeys([*target.values, *target.floor]):
        if phase in target.floor:
            yield phase, target.floor[phase], True
            continue
        number = level(target.values[phase])
        if number is not None:
            yield phase, number, False


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
        omitted = self.omissions()
        used: set[int] = set()
        for item, finding in [
            *self.mandatory(category, targets, tasks),
            *self.assigned(category, tasks),
        ]:
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
            finding = self.floor(i, target, phase, value, rules)
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
        self, i: int, target: Target, phase: str, value: str, rules: tuple[Rule, ...]
    ) -> Diagnostic | None:
        """The value of one phase against the strictest floor of every ancestor."""
        number, phase_span = level(value), span(phase)
        if number is None or phase_span is None:
            return None
        lower = target.direction == "lower"
        binding: tuple[float, Rule, str, bool] | None = None
        for rule in rules:
            for their_phase, floor, explicit in floors_of(rule.plan.targets[rule.index]):
                other = span(their_phase)
                if other is None or not overlaps(phase_span, other):
                    continue
                if binding is None or (floor < binding[0] if lower else floor > binding[0]):
                    binding = (floor, rule, their_phase, explicit)
        if binding is None:
            return None
        floor, rule, their_phase, explicit = binding
        if (number <= floor) if lower else (number >= floor):
            return None
        theirs = rule.plan.targets[rule.index]
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

    def mandatory(
        self, category: Category, targets: Covered, tasks: Covered
    ) -> Iterator[tuple[Missing, Diagnostic]]:
        """Targets and tasks any ancestor makes mandatory for ``category``."""
        name = CATEGORY_NAMES.get(category, category)
        period = span(self.child.plan.document.period)
        # A missing record stands for what it implements higher up: report it once.
        reported: Covered = set()
        reported_tasks: Covered = set()
        for lv, owner in enumerate(self.cat.ancestors):
            groups = {g.id: g for g in owner.plan.target_groups}
            for j, theirs in enumerate(owner.plan.targets):
                group = groups.get(theirs.group)
                wanted = {*theirs.mandatory_for, *(group.mandatory_for if group else ())}
                if (
                    category not in wanted
                    or (lv, theirs.id) in targets
                    or (lv, theirs.id) in reported
                ):
                    continue
                if not _applies(theirs, period):
                    continue
                rules = self.cat.target_rules(theirs.id, lv)
                reported.update((r.level, r.plan.targets[r.index].id) for r in rules)
                message = (
                    f"thiếu chỉ tiêu «{theirs.id}» mà kế hoạch cấp trên bắt buộc đối với {name}: "
                    f"{_gist(theirs.indicator or theirs.text)}"
                )
                yield (
                    ("target", theirs.id),
                    Diagnostic(
                        "error",
                        "missing-mandatory-target",
                        message,
                        self.here(("targets",)),
                        self.there(owner, ("targets", j)),
                    ),
                )
            for j, task in enumerate(owner.plan.tasks):
                if (
                    category not in task.mandatory_for
                    or (lv, task.id) in tasks
                    or (lv, task.id) in reported_tasks
                ):
                    continue
                rules = self.cat.task_rules(task.id, lv)
                reported_tasks.update((r.level, r.plan.tasks[r.index].id) for r in rules)
                message = (
                    f"thiếu nhiệm vụ thực hiện nhiệm vụ «{task.id}» mà kế hoạch cấp trên bắt buộc "
                    f"đối với {name}: {_gist(task.text)}"
                )
                yield (
                    ("task", task.id),
                    Diagnostic(
                        "error",
                        "missing-mandatory-task",
                        message,
                        self.here(("tasks",)),
                        self.there(owner, ("tasks", j)),
                    ),
                )

    def assigned(self, category: Category, tasks: Covered) -> Iterator[tuple[Missing, Diagnostic]]:
        """The direct parent's task groups mandatory for us and its tasks addressed to us."""
        parent = self.cat.parent
        name = CATEGORY_NAMES.get(category, category)
        mine = {g.id for g in self.child.plan.task_groups}
        mine |= {g.implements for g in self.child.plan.task_groups if g.implements}
        index = self.cat.task_index[0]
        mine |= {parent.plan.tasks[index[ident]].group for lv, ident in tasks if lv == 0}
        for j, group in enumerate(parent.plan.task_groups):
            if category in group.mandatory_for and group.id not in mine:
                message = (
                    f"thiếu nhóm nhiệm vụ «{group.title}» ({group.id}) mà kế hoạch cấp trên bắt "
                    f"buộc đối với {name}"
                )
                yield (
                    ("task_group", group.id),
                    Diagnostic(
                        "error",
                        "missing-mandatory-task-group",
                        message,
                        self.here(("task_groups",)),
                        self.there(parent, ("task_groups", j)),
                    ),
                )
        rules = parent.plan.children
        phrases = phrases_for(category, rules.addressed if rules else None)
        for j, task in enumerate(parent.plan.tasks):
            if (0, task.id) in tasks or category in task.mandatory_for:
                continue
            lead = addresses(task.lead, phrases)
            body = lead or addresses(task.partners, phrases)
            if body is None:
                continue
            role, column = ("chủ trì", "lead") if lead else ("phối hợp", "partners")
            message = (
                f"kế hoạch cấp trên giao nhiệm vụ «{task.id}» cho «{body}» ({role}) nhưng không "
                f"có nhiệm vụ nào thực hiện nó (implements: {task.id}): {_gist(task.text)}"
            )
            yield (
                ("task", task.id),
                Diagnostic(
                    "error",
                    "missing-assigned-task",
                    message,
                    self.here(("tasks",)),
                    self.there(parent, ("tasks", j, column)),
                ),
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


def _applies(target: Target, period: Span | None) -> bool:
    """A mandatory target binds a child whose period meets one of the target's phases."""
    spans = [s for s in (span(p) for p in [*target.values, *target.floor]) if s is not None]
    return period is None or not spans or any(overlaps(s, period) for s in spans)


def _gist(text: str, limit: int = 90) -> str:
    """The start of a long sentence, for a one-line message."""
    words = " ".join(text.replace("{value}", "…").split())
    return words if len(words) <= limit else words[: limit - 1].rsplit(" ", 1)[0] + " …"
