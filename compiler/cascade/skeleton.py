"""``kehoach new``: the skeleton of a child plan, pre-filled from what its parent requires.

A ward's clerk starting a plan under the city's KH 219 should not retype the
city's targets and tasks: every target the cascade makes mandatory for
wards, and every task the city assigns to "UBND xã, phường", is written out
with the parent's wording, its value at the floor, lead and partners from
the parent and ``implements`` pointing back. What only the clerk can decide
(title, place, signer, general objective) carries a «CẦN QUYẾT ĐỊNH» comment.
The skeleton passes ``kehoach check`` and builds as written: a floor is a
legal value, and the basis line cites the parent from its metadata.

The YAML is written as text, not dumped, so the comments land where the
clerk needs them; every scalar is a JSON string (a valid YAML double-quoted
scalar), so no plan wording can break the file.
"""

from __future__ import annotations

import json
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path

from kehoach.base.diagnostics import PlanError
from kehoach.cascade.categories import addresses, phrases_for
from kehoach.cascade.floors import level, overlaps, span, with_unit
from kehoach.cascade.inheritance import Catalogue, catalogue, chain, load_cached, shown
from kehoach.cascade.narrowing import floors_of, unit_of
from kehoach.schema.models import Category, Group, Target, Task
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


@dataclass
class _Picked:
    """The records copied into the skeleton, each with the ancestor it came from."""

    targets: list[tuple[int, Target]] = field(default_factory=list)
    tasks: list[tuple[LoadedPlan, Task]] = field(default_factory=list)
    target_groups: dict[str, Group] = field(default_factory=dict)
    task_groups: dict[str, Group] = field(default_factory=dict)


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
    picked = _pick(cat, category)
    phases = _clipped_phases(parent)
    return "\n".join(
        [
            *_head(root, parent, category, issuer, abbr, place),
            *_targets(cat, picked, phases),
            *_tasks(picked),
            *_tail(parent, category, phases, picked),
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


def _pick(cat: Catalogue, category: Category) -> _Picked:
    """Mandatory targets of every level (once each) and the parent's tasks for ``category``."""
    picked = _Picked()
    covered: set[tuple[int, str]] = set()
    period = span(cat.parent.plan.document.period)
    for lv, owner in enumerate(cat.ancestors):
        groups = {g.id: g for g in owner.plan.target_groups}
        for target in owner.plan.targets:
            group = groups[target.group]
            wanted = {*target.mandatory_for, *group.mandatory_for}
            if category not in wanted or (lv, target.id) in covered:
                continue
            spans = [s for s in map(span, target.values) if s is not None]
            if period is not None and spans and not any(overlaps(s, period) for s in spans):
                continue
            picked.targets.append((lv, target))
            picked.target_groups.setdefault(group.id, group)
            rules = cat.target_rules(target.id, lv)
            covered.update((r.level, r.plan.targets[r.index].id) for r in rules)
    parent = cat.parent
    rules_of_parent = parent.plan.children
    phrases = phrases_for(category, rules_of_parent.addressed if rules_of_parent else None)
    groups = {g.id: g for g in parent.plan.task_groups}
    for task in parent.plan.tasks:
        named = addresses([*task.lead, *task.partners], phrases) is not None
        if named or category in task.mandatory_for:
            picked.tasks.append((parent, task))
            picked.task_groups.setdefault(task.group, groups[task.group])
    for group in parent.plan.task_groups:
        if category in group.mandatory_for:
            picked.task_groups.setdefault(group.id, group)
    order = [g.id for g in parent.plan.task_groups]
    picked.task_groups = dict(sorted(picked.task_groups.items(), key=lambda i: order.index(i[0])))
    return picked


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
    yield f"  title: {q(' '.join(doc.title.split()))}  {DECIDE}: trích yếu của kế hoạch này"
    yield f"  period: {q(doc.period)}"
    yield ""
    yield "basis:"
    yield f"  - cite: {q(parent_shown)}  # in từ số, ngày, trích yếu của kế hoạch cấp trên"
    yield "    before: Thực hiện"
    yield '    after: "."'
    yield ""


def _targets(cat: Catalogue, picked: _Picked, phases: list[str]) -> Iterator[str]:
    yield f"phases: [{', '.join(q(p) for p in phases)}]"
    yield ""
    if not picked.targets:
        yield "# Kế hoạch cấp trên không bắt buộc chỉ tiêu nào cho loại cơ quan này."
        return
    yield "target_groups:"
    for group in picked.target_groups.values():
        yield f"  - id: {group.id}"
        yield f"    title: {q(' '.join(group.title.split()))}"
    yield ""
    yield "targets:"
    for lv, target in picked.targets:
        values = _floor_values(cat, lv, target, phases)
        if not values:
            continue
        yield f"  - id: {target.id}"
        yield f"    group: {target.group}"
        yield f"    text: {q(' '.join(target.text.split()))}"
        if target.indicator:
            yield f"    indicator: {q(' '.join(target.indicator.split()))}"
        if target.unit:
            yield f"    unit: {q(target.unit)}"
        if target.direction == "lower":
            yield "    direction: lower"
        yield "    values:  # mức sàn của cấp trên"
        for phase, value in values.items():
            yield f"      {q(phase)}: {q(value)}"
    yield ""


def _floor_values(cat: Catalogue, lv: int, target: Target, phases: list[str]) -> dict[str, str]:
    """The target's value in the child's phases, each at the strictest ancestor floor.

    Each ancestor phase lands in the child phase that covers most of it (the
    narrower on a tie), so a whole-period phase does not repeat every target;
    that phase then gets the strictest floor of all ancestor phases it meets,
    which is what ``kehoach check`` compares it with. A value is written as the
    ancestor wrote it when that wording states the floor ("Duy trì 100%"),
    else as the bare number and unit.
    """
    rules = cat.target_rules(target.id, lv)
    records = [rule.plan.targets[rule.index] for rule in rules]
    spans = {p: s for p in phases if (s := span(p)) is not None}
    used: set[str] = set()
    for theirs in records:
        for their_phase, _floor, _explicit in floors_of(theirs):
            other = span(their_phase)
            meeting = [p for p, s in spans.items() if other is not None and overlaps(s, other)]
            if meeting:
                used.add(max(meeting, key=lambda p: (_shared(spans[p], other), -_width(spans[p]))))
    lower = target.direction == "lower"
    values: dict[str, str] = {}
    for phase in phases:
        if phase not in used:
            if phase in target.values and lv == 0 and level(target.values[phase]) is None:
                values[phase] = target.values[phase]  # «nhóm tốt»: no number to floor
            continue
        best: tuple[float, str] | None = None
        for theirs in records:
            for their_phase, floor, _explicit in floors_of(theirs):
                other = span(their_phase)
                if other is None or not overlaps(spans[phase], other):
                    continue
                written = theirs.values.get(their_phase)
                text = written if written is not None and level(written) == floor else None
                text = text or with_unit(floor, unit_of(theirs))
                if best is None or (floor < best[0] if lower else floor > best[0]):
                    best = (floor, text)
        if best is not None:
            values[phase] = best[1]
    return values


def _shared(a: tuple[int, int], b: tuple[int, int] | None) -> int:
    """Years two spans share."""
    return 0 if b is None else max(0, min(a[1], b[1]) - max(a[0], b[0]) + 1)


def _width(a: tuple[int, int]) -> int:
    return a[1] - a[0] + 1


def _tasks(picked: _Picked) -> Iterator[str]:
    if not picked.task_groups:
        yield "# Kế hoạch cấp trên không giao nhiệm vụ nào cho loại cơ quan này."
        return
    yield "task_groups:"
    for group in picked.task_groups.values():
        yield f"  - id: {group.id}"
        yield f"    title: {q(' '.join(group.title.split()))}"
    yield ""
    if not picked.tasks:
        return
    yield "tasks:"
    for _owner, task in picked.tasks:
        yield f"  - id: {task.id}"
        yield f"    group: {task.group}"
        yield f"    implements: {task.id}"
        yield f"    text: {q(' '.join(task.text.split()))}  {DECIDE}: cách làm của đơn vị"
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
    parent: LoadedPlan, category: Category, phases: list[str], picked: _Picked
) -> Iterator[str]:
    yield "body:"
    yield "  - title: Mục tiêu"
    yield "    sections:"
    yield "      - title: Mục tiêu chung"
    general = "Cụ thể hóa và tổ chức thực hiện các mục tiêu của kế hoạch cấp trên."
    yield f"        text: {q(general)}"
    yield f"        {DECIDE}: viết mục tiêu chung của đơn vị"
    if picked.targets:
        yield "      - title: Mục tiêu cụ thể"
        yield "        sections:"
        for phase in phases:
            yield f"          - title: {q('Giai đoạn ' + phase.replace('-', ' - '))}"
            yield f"            targets: {{phase: {q(phase)}}}"
    yield "  - title: Nhiệm vụ, giải pháp"
    if picked.tasks:
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
