"""A plan as one line per printed fact: what ``git log -p`` and ``git show`` compare.

git runs a *textconv* filter on each side of a plan file before its own line
diff (``diff.kehoach.textconv``, set up by ``make git-setup``). The YAML's
lines say little («+      2026: 95%»); these lines say what and where:
«chỉ tiêu dvctt, giá trị giai đoạn 2026: 95%», one per fact and in the
plan's reading order, so git's line diff of two listings reads as a review.
``git diff`` itself runs the full semantic comparison (``kehoach git-diff``).
"""

from __future__ import annotations

from typing import Any

from kehoach.review.names import AREA_NAMES, field_name
from kehoach.review.plandiff import AREAS, ORDER, PHASED, RECORDS
from kehoach.review.report import shown_value
from kehoach.schema.models import Plan


def _leaves(area: str, head: str, path: tuple[str, ...], value: Any) -> list[str]:
    if value in (None, "", [], {}):
        return []
    if isinstance(value, dict):
        lines = []
        for key, item in value.items():
            lines.extend(_leaves(area, head, (*path, str(key)), item))
        return lines
    if isinstance(value, list) and any(isinstance(v, dict) or len(str(v)) > 60 for v in value):
        lines = []
        for index, item in enumerate(value, start=1):
            lines.extend(_leaves(area, head, (*path, str(index)), item))
        return lines
    if len(path) >= 2 and path[-2] in PHASED:
        name = f"{field_name(area, '.'.join(path[:-1]))} giai đoạn {path[-1]}"
    else:
        name = field_name(area, ".".join(path)) if path else ""
    where = f"{head}, {name}" if name else head
    return [f"{where}: {shown_value(value, path[-1] if path else None, False, area)}"]


def listing(plan: Plan) -> str:
    """Every fact of ``plan``, one line each, records by id and sections by title."""
    data = plan.model_dump(mode="json", exclude_defaults=True)
    lines: list[str] = []
    for name in dict.fromkeys([*ORDER, *data]):
        value = data.get(name)
        if value in (None, [], {}):
            continue
        if name in RECORDS:
            area = RECORDS[name]
            for record in value:
                head = f"{AREA_NAMES[area]} {record['id']}"
                rest = {k: v for k, v in record.items() if k != "id"}
                lines.extend(_leaves(area, head, (), rest))
        elif name == "body":
            lines.extend(_sections(value, ()))
        elif name in ("basis", "intro", "recipients"):
            area = AREAS[name]
            for number, line in enumerate(value, start=1):
                lines.extend(_leaves(area, f"{AREA_NAMES[area]}, dòng {number}", (), line))
        else:
            area = AREAS.get(name, "plan")
            lines.extend(_leaves(area, AREA_NAMES[area], () if area != "plan" else (name,), value))
    return "\n".join(lines) + "\n"


def _sections(sections: list[dict[str, Any]], path: tuple[str, ...]) -> list[str]:
    lines = []
    for index, section in enumerate(sections, start=1):
        title = " ".join(str(section.get("title") or f"(mục không tên {index})").split())
        here = (*path, title)
        head = f"{AREA_NAMES['section']} {' › '.join(here)}"
        rest = {k: v for k, v in section.items() if k not in ("sections", "title")}
        lines.append(head)
        lines.extend(_leaves("section", head, (), rest))
        lines.extend(_sections(section.get("sections", []), here))
    return lines
