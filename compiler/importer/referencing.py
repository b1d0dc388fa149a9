"""A body list that repeats the appendix's task records is written once and referenced.

kehoach prints a section's ``tasks:`` selection as one numbered sub-section per
task group, its tasks as points a), b) (or «-» items), in record order. When
the first sub-sections of a body section are exactly that (their titles name
the groups, their points are the groups' tasks in order, in words close
enough to the appendix's), they are replaced by ``tasks: {}``: each task keeps
the body's wording as ``text`` and the appendix's, where it differs, as
``appendix_text`` (and the report says where). Tasks the body does not list
stay ``in_body: false``.
"""

from __future__ import annotations

from typing import Any

from kehoach.importer.records import slug
from kehoach.importer.report import Report
from kehoach.importer.wording import similarity

TEXT_MATCH = 0.5
TITLE_MATCH = 0.6


def reference_tasks(plan: dict[str, Any], report: Report) -> None:
    """Replace the first body section listing the task records by a ``tasks:`` selection."""
    groups = plan.get("task_groups") or []
    tasks = plan.get("tasks") or []
    if not groups or not tasks:
        return
    for section in walk(plan.get("body", [])):
        children = section.get("sections") or []
        _detach_note(children)
        plan_of = _match(children, groups, tasks)
        if plan_of is None:
            continue
        consumed, style, pairs = plan_of
        section["tasks"] = {"style": style} if style == "items" else {}
        rest = children[consumed:]
        last = children[consumed - 1]
        if last.get("after"):  # printed after the generated sub-sections: the section's own
            section["after"] = [*last.pop("after"), *section.get("after", [])]
        if rest:
            section["sections"] = rest
        else:
            section.pop("sections")
        for group_id, title in pairs["titles"]:
            group = next(g for g in groups if g["id"] == group_id)
            if title != group["title"]:
                group["appendix_title"] = group["title"]
                group["title"] = title
        differing = 0
        for task, wording in pairs["tasks"]:
            task.pop("in_body", None)
            if wording != task["text"]:
                task["appendix_text"] = task["text"]
                task["text"] = wording
                differing += 1
                report.differences.append(
                    f"nhiệm vụ {task['id']}: thân văn bản «{short(wording)}», Phụ lục "
                    f"«{short(task['appendix_text'])}»"
                )
        report.recognised.append(
            f"mục «{section.get('title', '')}»: {len(pairs['tasks'])} nhiệm vụ ở thân văn bản "
            f"là bản ghi của Phụ lục, viết một lần (tasks:); {differing} chỗ câu chữ khác"
        )
        _order(plan, section)
        return


def infer_tasks(plan: dict[str, Any], report: Report) -> None:
    """Task records from a body section «… nhiệm vụ …» whose sub-sections list them (a plan
    with no task table): one group per sub-section, one task per point."""
    if plan.get("tasks"):
        return
    for section in walk(plan.get("body", [])):
        if "nhiệm vụ" not in (section.get("title") or "").lower():
            continue
        children = section.get("sections") or []
        _detach_note(children)
        listed = []
        for child in children:
            entries = _entries(child)
            if entries is None:
                break
            listed.append((child["title"], entries[0]))
        if len(listed) < 2:  # one sub-section is no list of task groups
            continue
        taken: set[str] = set()
        taken_groups: set[str] = set()
        groups: list[dict[str, Any]] = []
        tasks: list[dict[str, Any]] = []
        for title, texts in listed:
            group = {"id": slug(title, taken_groups), "title": title}
            groups.append(group)
            tasks.extend(
                {"id": slug(text, taken), "group": group["id"], "text": text, "in_body": False}
                for text in texts
            )
        plan["task_groups"], plan["tasks"] = groups, tasks
        report.guess(("tasks",), f"nhiệm vụ suy từ các mục con của «{section.get('title')}»")
        return


def _order(plan: dict[str, Any], section: dict[str, Any]) -> None:
    """Keys of the section in the order a plan file writes them (tasks before sections)."""
    order = ("title", "text", "items", "points", "targets", "tasks", "table", "sections", "after")
    items = {k: section.pop(k) for k in list(section)}
    section.update({k: items[k] for k in order if k in items})
    section.update({k: v for k, v in items.items() if k not in order})


def _detach_note(children: list[dict[str, Any]]) -> None:
    """A closing «(Chi tiết tại các Phụ lục đính kèm)» read into the last sub-section's text
    belongs after the section (where kehoach prints a section's ``after``)."""
    if not children:
        return
    last = children[-1]
    text = last.get("text") or []
    if len(text) >= 2 and text[-1].strip("*").startswith("(") and text[-1].strip("*").endswith(
        ")"
    ) and not last.get("points") and not last.get("items"):
        last["after"] = [text.pop(), *last.get("after", [])]


def walk(sections: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """Every section of the tree, each before its sub-sections."""
    out = []
    for section in sections:
        out.append(section)
        out.extend(walk(section.get("sections") or []))
    return out


def _entries(child: dict[str, Any]) -> tuple[list[str], str] | None:
    """The texts a sub-section lists (its points, or its items, or its one paragraph)."""
    if child.get("sections") or child.get("table") or "title" not in child:
        return None
    points, items, text = child.get("points"), child.get("items"), child.get("text")
    if points and not items and not text:
        if any(isinstance(p, dict) and set(p) != {"text"} for p in points):
            return None
        return [p["text"] if isinstance(p, dict) else p for p in points], "points"
    if items and not points and not text:
        if any(not isinstance(i, str) for i in items):
            return None
        return list(items), "items"
    if text and len(text) == 1 and not points and not items:
        return list(text), "points"
    return None


def _match(
    children: list[dict[str, Any]], groups: list[dict[str, Any]], tasks: list[dict[str, Any]]
) -> tuple[int, str, dict[str, Any]] | None:
    """How many first children list the task groups (in order), their style, the pairs."""
    consumed = 0
    styles: set[str] = set()
    titles: list[tuple[str, str]] = []
    pairs: list[tuple[dict[str, Any], str]] = []
    for group in groups:
        if consumed >= len(children):
            break
        child = children[consumed]
        entries = _entries(child)
        if entries is None:
            break
        texts, style = entries
        own = [t for t in tasks if t["group"] == group["id"]]
        matched = _pair(texts, own)
        title_ok = similarity(child["title"], group["title"]) >= TITLE_MATCH
        if matched is None or not (title_ok or len(texts) >= 2):
            continue  # the group is not in the body: its tasks stay in the appendix only
        if child.get("after") and consumed + 1 < len(children):
            break  # a paragraph after a generated sub-section cannot be printed there
        consumed += 1
        if len(texts) > 1:
            styles.add(style)
        titles.append((group["id"], child["title"]))
        pairs.extend(matched)
    if consumed == 0 or len(styles) > 1:
        return None
    return consumed, (styles.pop() if styles else "points"), {"titles": titles, "tasks": pairs}


def _pair(texts: list[str], own: list[dict[str, Any]]) -> list[tuple[dict[str, Any], str]] | None:
    """Each body text matched to the next task of the group that reads like it, in order."""
    out = []
    start = 0
    for text in texts:
        for index in range(start, len(own)):
            if similarity(text, own[index]["text"]) >= TEXT_MATCH:
                out.append((own[index], text))
                start = index + 1
                break
        else:
            return None
    return out


def short(text: str) -> str:
    """A wording cut to one report line."""
    return text if len(text) <= 80 else text[:77] + "…"
