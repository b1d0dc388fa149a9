"""What a child plan must contain: the requirements its ancestors place on its category.

``kehoach check`` reports what a child lacks (:mod:`kehoach.cascade.narrowing`)
and ``kehoach new`` writes a child that lacks nothing
(:mod:`kehoach.cascade.skeleton`). Both read :func:`requirements`, so a
skeleton cannot be refused by the check: when each had its own copy of the
rules they drifted apart, and ``new`` left out a grandparent's mandatory task
that the parent carried under a task addressed to another category, which the
check then reported missing.

The rules, as the check applies them (DESIGN §5):

- a target or task is mandatory when an ancestor, at any level, names the
  category in its ``mandatory_for`` (a target's group may name it instead); a
  target binds only a child whose period meets one of the target's phases;
- one record covers every ancestor record its ``implements`` chain reaches,
  so a mandatory record already reached from a nearer mandatory one is not
  asked again;
- from the direct parent only: its task groups mandatory for the category and
  its tasks whose lead or partners address the category (the parent's own
  tasks already implement the levels above);
- an ancestor's ``omitted`` and ``deviation`` concern that ancestor alone:
  they never lift a requirement from the child. The child's own ``omitted``
  entries excuse a missing item by its :attr:`~RequiredTarget.item`.

What the child writes for a requirement is the NEAREST record reaching it:
the parent's own record when the parent carries it (under its id, its wording,
its unit), else the required record itself. A child record is measured against
every ancestor record its key reaches (:class:`Measure`), the parent's
included, so this is also the copy that meets every floor at once.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from functools import cached_property, lru_cache
from typing import Literal, NamedTuple

from kehoach.cascade.categories import addresses, phrases_for
from kehoach.cascade.floors import Span, is_percentage, level, overlaps, span
from kehoach.cascade.inheritance import Catalogue, Rule
from kehoach.schema.models import Category, Group, Target, Task
from kehoach.source.loader import LoadedPlan

Missing = tuple[str, str]
"""(kind, parent id) of a required item: kind is target, task or task_group as in ``omitted``."""

Key = tuple[int, str]
"""(ancestor level, record id): what a child's record stands for, level by level."""


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


class Floor(NamedTuple):
    """One ancestor phase's floor (a ceiling when lower is better) and where it is written.

    A tuple, not a dataclass: the check makes one per phase of every record of
    every child's target, thousands per second.
    """

    phase: str
    span: Span
    level: float
    rule: Rule
    explicit: bool
    """Written in the target's ``floor``, not read from its value."""

    @property
    def target(self) -> Target:
        return self.rule.plan.targets[self.rule.index]


@dataclass(frozen=True)
class Measure:
    """How the ancestors measure a child's target: every record its key reaches, nearest first.

    The unit and direction are the nearest record's (a parent may restate a
    grandparent's target in its own unit); the floors are every record's,
    since a grandparent's floor binds the grandchild as much as the parent's.
    """

    rules: tuple[Rule, ...]

    @property
    def nearest(self) -> Target:
        rule = self.rules[0]
        return rule.plan.targets[rule.index]

    @property
    def unit(self) -> str | None:
        return unit_of(self.nearest)

    @property
    def lower(self) -> bool:
        """Lower values are better: the floors are ceilings."""
        return self.nearest.direction == "lower"

    @cached_property
    def floors(self) -> tuple[Floor, ...]:
        """Each record's floor per phase, nearest record first (the order breaks ties)."""
        return tuple(
            Floor(phase, phase_span, number, rule, explicit)
            for rule in self.rules
            for phase, number, explicit in floors_of(rule.plan.targets[rule.index])
            if (phase_span := span(phase)) is not None
        )

    def binding(self, phase: Span) -> Floor | None:
        """The strictest floor of the phases meeting ``phase``; the first one on a tie."""
        found: Floor | None = None
        for floor in self.floors:
            if not overlaps(phase, floor.span):
                continue
            if found is None or (
                floor.level < found.level if self.lower else floor.level > found.level
            ):
                found = floor
        return found


@dataclass(frozen=True)
class RequiredTarget:
    """An ancestor target mandatory for the category, and the copy that meets it."""

    rule: Rule
    """The mandatory record (its owner and index give the position the check quotes)."""
    measure: Measure
    """What the child's copy is measured against; ``measure.rules[0]`` is the record copied."""

    @property
    def target(self) -> Target:
        return self.rule.plan.targets[self.rule.index]

    @property
    def key(self) -> Key:
        return (self.rule.level, self.target.id)

    @property
    def item(self) -> Missing:
        return ("target", self.target.id)


@dataclass(frozen=True)
class Assignment:
    """The parent's lead or partners cell that addresses the category."""

    body: str
    column: Literal["lead", "partners"]


@dataclass(frozen=True)
class RequiredTask:
    """An ancestor task the child must implement: mandatory, or assigned by the parent."""

    rule: Rule
    """The required record (mandatory at its level, or the parent's task addressed to us)."""
    via: Rule
    """The task the child's ``implements`` names: the nearest one reaching ``rule``."""
    assigned: Assignment | None = None
    """Where the parent addresses the task to the category; None for a mandatory task."""

    @property
    def task(self) -> Task:
        return self.rule.plan.tasks[self.rule.index]

    @property
    def key(self) -> Key:
        return (self.rule.level, self.task.id)

    @property
    def item(self) -> Missing:
        return ("task", self.task.id)


@dataclass(frozen=True)
class RequiredGroup:
    """A task group of the parent mandatory for the category."""

    owner: LoadedPlan
    index: int

    @property
    def group(self) -> Group:
        return self.owner.plan.task_groups[self.index]

    @property
    def item(self) -> Missing:
        return ("task_group", self.group.id)


Required = RequiredTarget | RequiredTask | RequiredGroup


@dataclass(frozen=True)
class Requirements:
    """Everything a child of one category must contain, in the order the check reports it:
    level by level the mandatory targets then tasks, then the parent's mandatory task groups,
    then the tasks the parent assigns."""

    items: tuple[Required, ...]

    @property
    def targets(self) -> tuple[RequiredTarget, ...]:
        return tuple(r for r in self.items if isinstance(r, RequiredTarget))

    @property
    def tasks(self) -> tuple[RequiredTask, ...]:
        return tuple(r for r in self.items if isinstance(r, RequiredTask))

    @property
    def task_groups(self) -> tuple[RequiredGroup, ...]:
        return tuple(r for r in self.items if isinstance(r, RequiredGroup))


@lru_cache(maxsize=256)
def requirements(cat: Catalogue, category: Category, period: Span | None) -> Requirements:
    """What a child of ``category`` whose period is ``period`` must contain under ``cat``.

    Remembered: every ward of a city asks the same question of the same
    catalogue, and the answer walks every record of every ancestor.
    """
    target_reach = _reach(cat, "targets")
    task_reach = _reach(cat, "tasks")
    items: list[Required] = []
    reached_targets: set[Key] = set()
    reached_tasks: set[Key] = set()
    for lv, owner in enumerate(cat.ancestors):
        groups = {g.id: g for g in owner.plan.target_groups}
        for j, target in enumerate(owner.plan.targets):
            group = groups.get(target.group)
            wanted = {*target.mandatory_for, *(group.mandatory_for if group else ())}
            if category not in wanted or (lv, target.id) in reached_targets:
                continue
            if not _applies(target, period):
                continue
            reached_targets.update(_keys(cat.target_rules(target.id, lv), "targets"))
            rule = Rule(lv, owner, j)
            items.append(RequiredTarget(rule, Measure(target_reach.get((lv, target.id), (rule,)))))
        for j, task in enumerate(owner.plan.tasks):
            if category not in task.mandatory_for or (lv, task.id) in reached_tasks:
                continue
            reached_tasks.update(_keys(cat.task_rules(task.id, lv), "tasks"))
            rule = Rule(lv, owner, j)
            items.append(RequiredTask(rule, task_reach.get((lv, task.id), (rule,))[0]))
    parent = cat.parent
    items.extend(
        RequiredGroup(parent, j)
        for j, group in enumerate(parent.plan.task_groups)
        if category in group.mandatory_for
    )
    rules = parent.plan.children
    phrases = phrases_for(category, rules.addressed if rules else None)
    for j, task in enumerate(parent.plan.tasks):
        if category in task.mandatory_for:
            continue  # required above, as mandatory
        lead = addresses(task.lead, phrases)
        body = lead or addresses(task.partners, phrases)
        if body is None:
            continue
        rule = Rule(0, parent, j)
        items.append(RequiredTask(rule, rule, Assignment(body, "lead" if lead else "partners")))
    return Requirements(tuple(items))


def _reach(cat: Catalogue, kind: Literal["targets", "tasks"]) -> dict[Key, tuple[Rule, ...]]:
    """For each ancestor record, the rules of the nearest record whose id reaches it.

    A child's record is resolved from the parent up (:meth:`Catalogue.target_rules`),
    so the id it writes reaches the records of that chain: the first such id,
    nearest level and first written, is what the child copies. A record no id
    reaches (a nearer plan gives its id to another record) is left out: the
    requirement then stands for itself, and only an ``omitted`` entry answers it.
    """
    reach: dict[Key, tuple[Rule, ...]] = {}
    resolve = cat.target_rules if kind == "targets" else cat.task_rules
    for owner in cat.ancestors:
        for record in getattr(owner.plan, kind):
            rules = resolve(record.id)
            for key in _keys(rules, kind):
                reach.setdefault(key, rules)
    return reach


def _keys(rules: tuple[Rule, ...], kind: Literal["targets", "tasks"]) -> list[Key]:
    return [(r.level, getattr(r.plan, kind)[r.index].id) for r in rules]


def _applies(target: Target, period: Span | None) -> bool:
    """A mandatory target binds a child whose period meets one of the target's phases."""
    spans = [s for s in (span(p) for p in [*target.values, *target.floor]) if s is not None]
    return period is None or not spans or any(overlaps(s, period) for s in spans)
