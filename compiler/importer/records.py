"""Appendix tables whose headers say what they hold become task or target records.

«Nhiệm vụ», «Sản phẩm», «Thời gian», «Chủ trì», «Phối hợp», «Theo dõi…»,
«Chỉ tiêu», «Đơn vị tính», «Ghi chú»: each header names a field of a record.
A table whose every column is named so (and that has a task or target
column) becomes records, its group rows («I | Cải cách thể chế») groups,
and its appendix a ``source: tasks`` table built from them: one source of
truth for the body and the appendix. A task printed on several rows (its
STT and Nhiệm vụ cells merged down) keeps one record with ``outputs``. Any
other table is kept as it is (:mod:`.tables`).
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass, field
from typing import Any

from kehoach.importer.blocks import Cell, Grid
from kehoach.importer.features import features
from kehoach.importer.tables import DIGITS, ROMAN_CELL, cell_lines, is_group_row, widths

FIELD_WORDS = (
    ("stt", ("stt", "tt", "số tt", "số thứ tự")),
    ("monitor", ("theo dõi",)),
    ("lead", ("chủ trì", "đơn vị thực hiện", "cơ quan thực hiện")),
    ("partners", ("phối hợp",)),
    ("deadline", ("thời gian", "thời hạn", "tiến độ")),
    ("result", ("sản phẩm", "kết quả")),
    ("note", ("ghi chú",)),
    ("unit", ("đơn vị tính",)),
    ("indicator", ("chỉ tiêu",)),
    ("text", ("nhiệm vụ", "nội dung")),
)
TASK_FIELDS = {"stt", "text", "result", "deadline", "lead", "partners", "monitor"}


def field_of(header: str) -> str | None:
    """The record field a column header names, or None."""
    text = " ".join(header.lower().replace("*", "").split())
    if text.strip(".") in ("stt", "tt", "số tt", "số thứ tự"):
        return "stt"
    for name, words in FIELD_WORDS[1:]:
        if any(word in text for word in words):
            return name
    return None


def slug(text: str, taken: set[str], limit: int = 5) -> str:
    """A stable id from the first words of ``text`` (ASCII, lower case, dashes), unique."""
    plain = unicodedata.normalize("NFD", text.replace("đ", "d").replace("Đ", "D"))
    plain = "".join(c for c in plain if not unicodedata.combining(c)).lower()
    words = re.findall(r"[a-z0-9]+", plain)[:limit] or ["muc"]
    base = "-".join(words)
    ident, n = base, 2
    while ident in taken:
        ident, n = f"{base}-{n}", n + 1
    taken.add(ident)
    return ident


@dataclass
class Records:
    """What a records table gave: groups, tasks, the appendix, and where rows were merged."""

    groups: list[dict[str, Any]] = field(default_factory=list)
    tasks: list[dict[str, Any]] = field(default_factory=list)
    appendix: dict[str, Any] = field(default_factory=dict)
    numbered_rows: int = 0
    kept_monitor: dict[str, str] = field(default_factory=dict)
    """Monitor cells by task id, kept in comments while the schema has no ``monitor``."""


def columns_of(grid: Grid) -> list[str] | None:
    """The field of each column, or None when the table is not a task table."""
    if not grid.rows:
        return None
    header = grid.rows[max(grid.header_rows, 1) - 1]
    found = [field_of(cell.plain) for cell in header]
    fields = [f for f in found if f is not None]
    if len(fields) != len(found) or len(set(fields)) != len(fields):
        return None
    if "text" not in fields or len(TASK_FIELDS & set(fields)) < 3:
        return None
    if not set(fields) <= TASK_FIELDS:
        return None
    return fields


def task_records(
    grid: Grid, fields: list[str], title: str, taken_ids: set[str], taken_groups: set[str]
) -> Records:
    """The records of a task table whose columns are ``fields``."""
    out = Records()
    text_column = fields.index("text")
    header_count = max(grid.header_rows, 1)
    current_group: dict[str, Any] | None = None
    previous_number = 0
    restarted = False
    group_numbering = "roman"
    monitor_ok = features().monitor
    for row in grid.rows[header_count:]:
        first = row[0].plain if row else ""
        if is_group_row(row, text_column):
            name = " ".join(cell_lines(row[text_column])).replace("**", "").strip()
            current_group = {"id": slug(name, taken_groups), "title": name}
            out.groups.append(current_group)
            if first and not ROMAN_CELL.match(first):
                group_numbering = "letter"
            continue
        if all(c.covered or not c.plain for c in row):
            continue
        if current_group is None:
            current_group = {"id": slug(title, taken_groups), "title": title}
            out.groups.append(current_group)
        continuation = row[text_column].covered and out.tasks
        values = {f: _cell_value(f, row[i]) for i, f in enumerate(fields) if not row[i].covered}
        if continuation:
            _add_output(out.tasks[-1], values)
            continue
        if DIGITS.match(first):
            number = int(first.rstrip("."))
            restarted = restarted or (number == 1 and previous_number > 0)
            previous_number = number
        out.numbered_rows += 1
        text = values.get("text") or ""
        task: dict[str, Any] = {
            "id": slug(text, taken_ids),
            "group": current_group["id"],
            "text": text,
        }
        for name in ("result", "deadline", "lead", "partners", "monitor"):
            value = values.get(name)
            if value:
                if name == "monitor" and not monitor_ok:
                    out.kept_monitor[task["id"]] = "; ".join(value)
                    continue
                task[name] = value
        task["in_body"] = False
        out.tasks.append(task)
    shown = [f for f in fields if f != "monitor" or monitor_ok]
    header = grid.rows[header_count - 1]
    width_of = dict(zip(fields, widths(grid), strict=False))
    out.appendix = {
        "title": title,
        "source": "tasks",
        "columns": [
            {"field": f, "header": " ".join(cell_lines(header[fields.index(f)])).replace("**", ""),
             "width": width_of[f]}
            for f in shown
        ],
    }
    if restarted:
        out.appendix["numbering"] = "per-group"
    if any(line.startswith("- ") for row in grid.rows for c in row for line in cell_lines(c)):
        out.appendix["bodies"] = "dashes"
    if len(out.groups) == 1 and out.groups[0]["title"] == title:
        out.appendix["group_rows"] = "none"
    if group_numbering != "roman":
        out.appendix["group_numbering"] = group_numbering
    return out


def _cell_value(name: str, cell: Cell) -> Any:
    lines = cell_lines(cell)
    if name in ("lead", "partners", "monitor"):
        return [body_name(line) for line in lines]
    return "\n".join(lines) if len(lines) > 1 else (lines[0] if lines else None)


def body_name(line: str) -> str:
    """A body of a «- Sở …;» list as a record holds it: without the dash and the «;»."""
    if not line.startswith("- "):
        return line
    return line[2:].rstrip().rstrip(";").rstrip(".").rstrip()


def _add_output(task: dict[str, Any], values: dict[str, Any]) -> None:
    """A row under a merged task: one more output (issue 13), or its values appended."""
    if features().outputs:
        outputs = task.setdefault("outputs", [])
        if not outputs:
            first = {k: task.pop(k) for k in ("result", "deadline", "lead", "partners", "monitor")
                     if k in task}
            outputs.append(first)
        outputs.append({k: v for k, v in values.items() if k not in ("stt", "text") and v})
        return
    for name, value in values.items():
        if name in ("stt", "text") or not value:
            continue
        if name in ("lead", "partners", "monitor"):
            if name == "monitor" and not features().monitor:
                continue
            task.setdefault(name, []).extend(v for v in value if v not in task.get(name, []))
        else:
            task[name] = f"{task[name]}\n{value}" if task.get(name) else value
