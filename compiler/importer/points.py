"""Lettered points whose dash items are records: «a) Mục tiêu», «b) Nhiệm vụ» (issue 15).

kehoach prints a point's ``tasks: {groups: [...]}`` as the dash items of the
groups' tasks printed in the body, and its ``targets: {groups: [...]}`` as the
groups' target sentences (the phase's value filled in). Read back, such a
point is a list of items; this module turns it into records again:

- a point whose items repeat the tasks of one appendix group, in order (by
  wording, :data:`TEXT_MATCH`, or an item that holds a task's words, as a body
  sentence joining two appendix tasks does), becomes ``tasks: {groups: [g]}``;
  each matched task takes the body's wording (the appendix's kept as
  ``appendix_text`` where they differ, reported), an item no task matches
  becomes a task ``in_appendix: false`` at its place, a task no item matches
  stays ``in_body: false``;
- in the same section, a point «Mục tiêu» (or one whose items read as targets:
  a figure, a commitment) becomes target records of a group named after the
  section and ``targets: {groups: [g]}``; each sentence's value is its figure,
  else the sentence itself (a guess, commented).

The ends of the items give the point's ``punctuation`` (all «.»: sentence; «;»
then «.»: list; else written, the text kept as typed).
"""

from __future__ import annotations

import re
from typing import Any

from kehoach.importer.records import slug
from kehoach.importer.referencing import short, walk
from kehoach.importer.report import Report
from kehoach.importer.targets import VALUE
from kehoach.importer.wording import alike, covers

TEXT_MATCH = 0.5
COVER_MATCH = 0.85
"""Share of a task's words an item must hold, in order, to be that task joined to more."""
TARGET_WORDS = re.compile(r"\b(?:phấn đấu|bảo đảm|đạt|tối thiểu|không có|hằng năm|100%)", re.I)
PHASE_OK = re.compile(r"^[0-9]{4}( ?- ?[0-9]{4})?$")


def reference_points(plan: dict[str, Any], report: Report) -> None:
    """Points listing task records become ``tasks:``, their sections' target points
    ``targets:`` with new target records."""
    tasks = plan.get("tasks") or []
    groups = plan.get("task_groups") or []
    if not tasks or not groups:
        return
    task_count = body_only = target_count = 0
    for section in walk(plan.get("body", [])):
        points = section.get("points") or []
        found = [(i, _task_point(p, groups, tasks)) for i, p in enumerate(points)]
        chosen = [(i, m) for i, m in found if m is not None]
        if len(chosen) != 1:
            continue
        index, (group_id, pairs, punctuation) = chosen[0]
        _apply_tasks(plan, report, group_id, pairs, punctuation)
        task_count += len(pairs)
        body_only += sum(1 for task, _ in pairs if task is None)
        points[index] = {"text": points[index]["text"],
                         "tasks": {"groups": [group_id], "punctuation": punctuation}}
        for other, point in enumerate(points):
            if other != index and _target_point(point):
                made = _apply_targets(plan, report, section, point, group_id)
                if made is not None:
                    points[other] = made[0]
                    target_count += made[1]
    if task_count:
        report.recognised.append(
            f"điểm có ý lấy từ bản ghi: {task_count} nhiệm vụ (tasks:; {body_only} chỉ có ở thân "
            f"văn bản, in_appendix: false), {target_count} chỉ tiêu (targets:)"
        )


def _task_point(
    point: Any, groups: list[dict[str, Any]], tasks: list[dict[str, Any]]
) -> tuple[str, list[tuple[dict[str, Any] | None, str]], str] | None:
    """(group, pairs, punctuation) when the point's items repeat one group's tasks: each
    item with its task, or None for an item only the body has."""
    items = _plain_items(point)
    if items is None:
        return None
    best: tuple[int, str, list[tuple[dict[str, Any] | None, str]]] | None = None
    for group in groups:
        own = [t for t in tasks if t["group"] == group["id"]]
        if not own or any(t.get("in_body", True) is not False for t in own):
            continue  # already printed in the body another way
        pairs = _pair(items, own)
        matched = sum(1 for task, _ in pairs if task is not None)
        if matched >= 2 and 2 * matched >= len(items) and (best is None or matched > best[0]):
            best = (matched, group["id"], pairs)
    if best is None:
        return None
    return best[1], best[2], _punctuation(items)


def _plain_items(point: Any) -> list[str] | None:
    if not isinstance(point, dict) or set(point) != {"text", "items"}:
        return None
    items = point["items"]
    if not items or any(not isinstance(i, str) for i in items):
        return None
    return list(items)


def _pair(
    items: list[str], own: list[dict[str, Any]]
) -> list[tuple[dict[str, Any] | None, str]]:
    """Each item with the next task of the group that reads like it (in order), or None."""
    out: list[tuple[dict[str, Any] | None, str]] = []
    start = 0
    for item in items:
        found = next(
            (i for i in range(start, len(own)) if alike(item, own[i]["text"], TEXT_MATCH)), None
        )
        if found is None:
            found = next(
                (i for i in range(start, len(own)) if covers(item, own[i]["text"], COVER_MATCH)),
                None,
            )
        if found is None:
            out.append((None, item))
            continue
        out.append((own[found], item))
        start = found + 1
    return out


def _punctuation(items: list[str]) -> str:
    ends = [item.rstrip()[-1:] for item in items]
    if all(end == "." for end in ends):
        return "sentence"
    if all(end == ";" for end in ends[:-1]) and ends[-1] == ".":
        return "list"
    return "written"


def _bare(text: str) -> str:
    return text.rstrip().rstrip(";.").rstrip()


def _apply_tasks(
    plan: dict[str, Any],
    report: Report,
    group_id: str,
    pairs: list[tuple[dict[str, Any] | None, str]],
    punctuation: str,
) -> None:
    """Set each matched task's body wording; insert the body-only tasks at their place."""
    tasks: list[dict[str, Any]] = plan["tasks"]
    taken = {t["id"] for t in tasks}
    previous: dict[str, Any] | None = None
    for task, item in pairs:
        if task is None:
            new = {"id": slug(item, taken), "group": group_id, "text": item,
                   "in_appendix": False}
            at = tasks.index(previous) + 1 if previous is not None else next(
                i for i, t in enumerate(tasks) if t["group"] == group_id)
            tasks.insert(at, new)
            previous = new
            continue
        task.pop("in_body", None)
        previous = task
        if punctuation != "written" and _bare(item) == _bare(task["text"]):
            continue  # the point's punctuation prints the same sentence
        if item != task["text"]:
            task["appendix_text"] = task["text"]
            task["text"] = item
            report.differences.append(
                f"nhiệm vụ {task['id']}: thân văn bản «{short(item)}», Phụ lục "
                f"«{short(task['appendix_text'])}»"
            )


def _target_point(point: Any) -> bool:
    """A point «Mục tiêu …», or one whose items mostly read as targets."""
    items = _plain_items(point)
    if items is None:
        return False
    if point["text"].strip().rstrip(":").lower().startswith(("mục tiêu", "chỉ tiêu")):
        return True
    alike = sum(1 for i in items if "%" in i or TARGET_WORDS.search(i))
    return 2 * alike > len(items)


def _apply_targets(
    plan: dict[str, Any], report: Report, section: dict[str, Any], point: dict[str, Any],
    group_id: str,
) -> tuple[dict[str, Any], int] | None:
    """The point as ``targets:`` and its sentences as records of a new group."""
    phases = plan.get("phases") or []
    phase = phases[0] if phases else str(plan["document"].get("period", ""))
    if not PHASE_OK.match(phase):
        return None
    target_groups = plan.setdefault("target_groups", [])
    targets = plan.setdefault("targets", [])
    taken_groups = {g["id"] for g in target_groups}
    ident = group_id if group_id not in taken_groups else slug(group_id, taken_groups)
    target_groups.append({"id": ident, "title": section.get("title") or point["text"]})
    punctuation = _punctuation(point["items"])
    taken = {t["id"] for t in targets}
    report.guess(("targets", len(targets)), f"chỉ tiêu suy từ điểm «{point['text']}» của mục "
                                            f"«{section.get('title', '')}»; hãy soát lại giá trị")
    for item in point["items"]:
        sentence = _bare(item) if punctuation != "written" else item
        match = VALUE.search(sentence)
        value = match.group(0) if match else sentence
        text = sentence.replace(value, "{value}", 1)
        targets.append({"id": slug(text.replace("{value}", ""), taken), "group": ident,
                        "text": text, "values": {phase: value}})
        if match is None:
            report.guess(("targets", len(targets) - 1, "values"),
                         "không thấy con số: giá trị là cả câu")
    if not phases:
        plan["phases"] = [phase]
        report.guess(("phases",), f"giai đoạn «{phase}» là thời kỳ của kế hoạch")
    made = {"text": point["text"], "targets": {"groups": [ident], "punctuation": punctuation}}
    return made, len(point["items"])

