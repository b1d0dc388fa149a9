"""``kehoach new``: the skeleton of a child plan, pre-filled from what its parent requires.

A ward's clerk starting a plan under the city's KH 219 should not retype the
city's targets and tasks: every target the cascade makes mandatory for
wards, and every task the city assigns to "UBND xã, phường", is written out
with the parent's wording, its value at the floor, lead and partners from
the parent and ``implements`` pointing back. What only the clerk can decide
(title, place, signer, general objective) carries a «CẦN QUYẾT ĐỊNH» comment.
What is written is what :func:`~kehoach.cascade.requirements.requirements`
says the check asks, each record copied from the nearest ancestor carrying it.
The skeleton passes ``kehoach check`` and builds as written: a floor is a
legal value, and the basis line cites the parent from its metadata.

The YAML is written as text, not dumped, so the comments land where the
clerk needs them; every scalar is a JSON string (a valid YAML double-quoted
scalar), so no plan wording can break the file.
"""

from __future__ import annotations

import json
from collections.abc import Iterator
from pathlib import Path

from kehoach.base.diagnostics import PlanError
from kehoach.base.text import one_line
from kehoach.cascade.floors import is_percentage, level, overlaps, span, with_unit
from kehoach.cascade.inheritance import Rule, catalogue, chain, load_cached, shown
from kehoach.cascade.requirements import (
    Floor,
    Measure,
    RequiredTarget,
    Requirements,
    requirements,
)
from kehoach.schema.models import Category, Group
from kehoach.source.loader import LoadedPlan

DECIDE = "# CẦN QUYẾT ĐỊNH"

_SIGNATURES = {
    "xa": ("Ủy ban nhân dân", "Chủ tịch", "Phó Chủ tịch"),
    "phuong": ("Ủy ban nhân dân", "Chủ tịch", "Phó Chủ tịch"),
    "dac-khu": ("Ủy ban nhân dân", "Chủ tịch", "Phó Chủ tịch"),
    "tinh": ("Ủy ban nhân dân", "Chủ tịch", "Phó Chủ tịch"),
}


def q(text: str) -> str:
    """A YAML double-quoted scalar (JSON string syntax is a subset of it)."""
    return json.dumps(text, ensure_ascii=False)


def skeleton(
    root: Path,
    parent_path: Path,
    category: Category,
    issuer: str,
    *,
    abbr: str | None = None,
    place: str | None = None,
) -> str:
    """The YAML text of a new plan extending ``parent_path``; PlanError if the parent is bad."""
    parent = load_cached(root, parent_path)
    resolved = chain(root, parent)
    if resolved.findings:
        first = resolved.findings[0]
        raise PlanError([first], {first.at.path: parent.source})
    cat = catalogue((parent, *resolved.ancestors))
    required = requirements(cat, category, span(parent.plan.document.period))
    phases = _clipped_phases(parent)
    targets = [
        (target, values)
        for target in required.targets
        if (values := _floor_values(target.measure, phases))
    ]
    tasks = _implemented(required)
    return "\n".join(
        [
            *_head(root, parent, category, issuer, abbr, place),
            *_targets(targets, phases),
            *_tasks(_task_groups(parent, tasks, required), tasks),
            *_tail(parent, category, phases, bool(targets), bool(tasks)),
        ]
    )


def _clipped_phases(parent: LoadedPlan) -> list[str]:
    """The parent's phases cut to its period: a child may not reach outside the period.

    A framework may label a phase «2025-2027» while its period is 2026-2030;
    the child gets «2026-2027», still measured against the 2025-2027 floors.
    """
    period = span(parent.plan.document.period)
    phases: list[str] = []
    for phase in parent.plan.phases:
        years = span(phase)
        if years is None or period is None:
            phases.append(phase)
            continue
        start, end = max(years[0], period[0]), min(years[1], period[1])
        if start <= end:
            phases.append(f"{start}-{end}" if start < end else str(start))
    return list(dict.fromkeys(phases))


def _head(
    root: Path,
    parent: LoadedPlan,
    category: Category,
    issuer: str,
    abbr: str | None,
    place: str | None,
) -> Iterator[str]:
    doc = parent.plan.document
    parent_shown = shown(root, parent)
    first_year = (span(doc.period) or (doc.date.year, doc.date.year))[0]
    yield f"# Kế hoạch do «kehoach new» tạo từ {parent_shown} cho {issuer}."
    yield "# Chỉ tiêu, nhiệm vụ dưới đây là những gì kế hoạch cấp trên bắt buộc hoặc giao cho"
    yield f"# loại cơ quan «{category}»: giá trị đang ở mức sàn, có thể nâng lên, không được hạ."
    yield f"# Chỗ có «{DECIDE[2:]}» là chỗ người soạn phải xem lại. Kiểm tra: kehoach check."
    yield ""
    yield f"extends: {q(parent_shown)}"
    yield ""
    yield "document:"
    yield "  kind: ke-hoach"
    yield "  status: draft"
    yield f"  category: {category}"
    yield "  issuer:"
    yield f"    name: {q(issuer)}"
    if abbr:
        yield f"    abbr: {q(abbr)}"
    else:
        yield f"    # abbr: UBND  {DECIDE}: chữ viết tắt dùng trong ký hiệu (KH-UBND)"
    yield f"  place: {q(place or doc.place)}  {DECIDE}: địa danh"
    yield "  date:"
    yield f"    year: {first_year}"
    yield f"  title: {q(one_line(doc.title))}  {DECIDE}: trích yếu của kế hoạch này"
    if doc.period is not None:
        yield f"  period: {q(doc.period)}"
    yield ""
    yield "basis:"
    yield f"  - cite: {q(parent_shown)}  # in từ số, ngày, trích yếu của kế hoạch cấp trên"
    yield "    before: Thực hiện"
    yield '    after: "."'
    yield ""


def _targets(
    targets: list[tuple[RequiredTarget, dict[str, str]]], phases: list[str]
) -> Iterator[str]:
    """Each mandatory target as the nearest ancestor writes it, at the floor of every level."""
    yield f"phases: [{', '.join(q(p) for p in phases)}]"
    yield ""
    if not targets:
        yield "# Kế hoạch cấp trên không bắt buộc chỉ tiêu nào cho loại cơ quan này."
        return
    groups: dict[str, Group] = {}
    for required, _values in targets:
        copied = required.measure.rules[0]
        ident = required.measure.nearest.group
        groups.setdefault(ident, _group(copied.plan.target_groups, ident))
    yield "target_groups:"
    for group in groups.values():
        yield f"  - id: {group.id}"
        yield f"    title: {q(one_line(group.title))}"
    yield ""
    yield "targets:"
    for required, values in targets:
        measure = required.measure
        target = measure.nearest
        yield f"  - id: {target.id}"
        yield f"    group: {target.group}"
        yield f"    text: {q(one_line(target.text))}"
        if target.indicator:
            yield f"    indicator: {q(one_line(target.indicator))}"
        if measure.unit:
            yield f"    unit: {q(measure.unit)}"
        if measure.lower:
            yield "    direction: lower"
        yield "    values:  # mức sàn của cấp trên"
        for phase, value in values.items():
            yield f"      {q(phase)}: {q(value)}"
    yield ""


def _floor_values(measure: Measure, phases: list[str]) -> dict[str, str]:
    """The target's value in the child's phases, each at the strictest ancestor floor.

    Each ancestor phase lands in the child phase that covers most of it (the
    narrower on a tie), so a whole-period phase does not repeat every target;
    that phase then gets the strictest floor of all ancestor phases it meets,
    which is what ``kehoach check`` compares it with.
    """
    spans = {p: s for p in phases if (s := span(p)) is not None}
    used: set[str] = set()
    for floor in measure.floors:
        meeting = [p for p, s in spans.items() if overlaps(s, floor.span)]
        if meeting:
            used.add(max(meeting, key=lambda p: (_shared(spans[p], floor.span), -_width(spans[p]))))
    copied, nearest = measure.nearest, measure.rules[0]
    values: dict[str, str] = {}
    for phase in phases:
        if phase not in used:
            if (
                phase in copied.values
                and nearest.level == 0
                and level(copied.values[phase]) is None
            ):
                values[phase] = copied.values[phase]  # «nhóm tốt»: no number to floor
            continue
        binding = measure.binding(spans[phase])
        if binding is not None:
            values[phase] = _wording(binding, measure.unit)
    return values


def _wording(floor: Floor, unit: str | None) -> str:
    """A floor as its ancestor wrote it when that wording states it ("Duy trì 100%"), else
    the bare number and unit. A child without a unit must not borrow a percentage: it would
    be measured in «%» (:func:`~kehoach.cascade.requirements.unit_of`), unlike its parent."""
    written = floor.target.values.get(floor.phase, "")
    if level(written) == floor.level and (unit is not None or not is_percentage(written)):
        return written
    return with_unit(floor.level, unit)


def _shared(a: tuple[int, int], b: tuple[int, int]) -> int:
    """Years two spans share."""
    return max(0, min(a[1], b[1]) - max(a[0], b[0]) + 1)


def _width(a: tuple[int, int]) -> int:
    return a[1] - a[0] + 1


def _group(groups: list[Group], ident: str) -> Group:
    """The group ``ident`` among a plan's groups (the schema checks that it is there)."""
    return next(g for g in groups if g.id == ident)


def _implemented(required: Requirements) -> list[Rule]:
    """The tasks the child implements, once each, in the order their plans write them.

    A parent task may be required twice (assigned to the category and carrying
    a grandparent's mandatory task): one child task implementing it answers both.
    """
    tasks = {(r.via.level, r.via.index): r.via for r in required.tasks}
    return [tasks[k] for k in sorted(tasks)]


def _task_groups(parent: LoadedPlan, tasks: list[Rule], required: Requirements) -> list[Group]:
    """The groups of the implemented tasks and the mandatory groups, in the parent's order."""
    groups: dict[str, Group] = {}
    for rule in tasks:
        ident = rule.plan.tasks[rule.index].group
        groups.setdefault(ident, _group(rule.plan.task_groups, ident))
    for group in required.task_groups:
        groups.setdefault(group.group.id, group.group)
    order = [g.id for g in parent.plan.task_groups]
    return sorted(groups.values(), key=lambda g: order.index(g.id) if g.id in order else len(order))


def _tasks(groups: list[Group], tasks: list[Rule]) -> Iterator[str]:
    if not groups:
        yield "# Kế hoạch cấp trên không giao nhiệm vụ nào cho loại cơ quan này."
        return
    yield "task_groups:"
    for group in groups:
        yield f"  - id: {group.id}"
        yield f"    title: {q(one_line(group.title))}"
    yield ""
    if not tasks:
        return
    yield "tasks:"
    for rule in tasks:
        task = rule.plan.tasks[rule.index]
        yield f"  - id: {task.id}"
        yield f"    group: {task.group}"
        yield f"    implements: {task.id}"
        yield f"    text: {q(one_line(task.text))}  {DECIDE}: cách làm của đơn vị"
        for name in ("lead", "partners"):
            bodies = getattr(task, name)
            if bodies:
                yield f"    {name}: [{', '.join(q(b) for b in bodies)}]"
        if task.result:
            yield f"    result: {q(task.result)}"
        if task.deadline:
            yield f"    deadline: {q(task.deadline)}"
    yield ""


def _tail(
    parent: LoadedPlan, category: Category, phases: list[str], targets: bool, tasks: bool
) -> Iterator[str]:
    yield "body:"
    yield "  - title: Mục tiêu"
    yield "    sections:"
    yield "      - title: Mục tiêu chung"
    general = "Cụ thể hóa và tổ chức thực hiện các mục tiêu của kế hoạch cấp trên."
    yield f"        text: {q(general)}"
    yield f"        {DECIDE}: viết mục tiêu chung của đơn vị"
    if targets:
        yield "      - title: Mục tiêu cụ thể"
        yield "        sections:"
        for phase in phases:
            yield f"          - title: {q('Giai đoạn ' + phase.replace('-', ' - '))}"
            yield f"            targets: {{phase: {q(phase)}}}"
    yield "  - title: Nhiệm vụ, giải pháp"
    if tasks:
        yield "    tasks: {}"
    else:
        yield f"    text: {q('Thực hiện các nhiệm vụ được giao tại kế hoạch cấp trên.')}"
    yield "  - title: Tổ chức thực hiện"
    text = "Các cơ quan, đơn vị căn cứ Kế hoạch này tổ chức triển khai thực hiện."
    yield f"    text: {q(text)}  {DECIDE}: phân công cụ thể"
    yield ""
    yield "recipients:"
    yield f"  - {q(parent.plan.document.issuer.name + ' (để báo cáo)')}"
    yield '  - "Lưu: VT"'
    yield ""
    collective, head, signer = _SIGNATURES.get(category, (None, None, "Thủ trưởng"))
    yield f"signature:  {DECIDE}: thẩm quyền ký, chức vụ, họ tên"
    if collective:
        yield f"  collective: {q(collective)}"
        yield f"  delegation: {{kind: KT, of: {q(head or '')}}}"
    yield f"  title: {q(signer)}"
    yield ""
