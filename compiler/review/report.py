"""A review report as a clerk reads it: Vietnamese text, Markdown for a merge request, or JSON.

Every change is one line that says where it is printed («mục II.2.a, gạch
đầu dòng thứ 3», «Phụ lục II, dòng 5»), which record it is, and what
changed, in the words of the printed document: field and value names come
from :mod:`kehoach.review.names`, never a raw path or code. An added or
removed record is shown whole, one field a line; the printed sentence
(``{value}`` filled in) follows the change on its own line.

Markdown marks deletions and insertions with ``<del>``/``<ins>`` rather than
``~~``/``**``: those break as soon as the marked phrase starts with a comma
or the text holds an asterisk, and plan text is escaped for the same reason.
"""

from __future__ import annotations

import json
import re
from collections.abc import Sequence
from dataclasses import dataclass, replace
from typing import Any, Literal

from kehoach.base.text import one_line
from kehoach.layout.inline import parse_inline
from kehoach.model.document import text_of
from kehoach.review.names import AREA_NAMES, field_name, value_name
from kehoach.review.plandiff import Change, WordOp

Format = Literal["text", "json", "markdown"]

SUMMARY_LIMIT = 160
"""Characters of a long text quoted on one line of the report."""

_MD_SPECIAL = re.compile(r"([\\`*_~\[\]<>#|])")
_LINE_AREAS = ("basis", "intro", "recipients")


def _escape(text: str, markdown: bool) -> str:
    return _MD_SPECIAL.sub(r"\\\1", text) if markdown else text


def shown_value(
    value: Any, field: str | None = None, markdown: bool = False, area: str = ""
) -> str:
    """A value as the clerk reads it: names for codes, «(trống)» for nothing, no JSON."""
    if value is None or value == "" or value == [] or value == {}:
        return "(trống)"
    if isinstance(value, bool):
        return "có" if value else "không"
    if isinstance(value, str):
        return _escape(one_line(value_name(field, value, area)), markdown)
    if isinstance(value, (int, float)):
        return str(value)
    if isinstance(value, list):
        return "; ".join(shown_value(v, field, markdown, area) for v in value)
    if isinstance(value, dict):
        pieces = []
        for key, item in value.items():
            if item in (None, "", [], {}, False):
                continue
            name = field_name(area, f"{field}.{key}" if field else str(key))
            pieces.append(f"{name}: {shown_value(item, str(key), markdown, area)}")
        return "; ".join(pieces) if pieces else "(trống)"
    return _escape(str(value), markdown)


def marked_words(words: Sequence[WordOp], markdown: bool) -> str:
    out = []
    for kind, text in words:
        shown = _escape(text.replace("\n", " ⏎ "), markdown)
        if kind == "=":
            out.append(shown)
            continue
        core = shown.strip()
        if not core:
            out.append(shown if kind == "+" else "")
            continue
        lead = shown[: len(shown) - len(shown.lstrip())]
        tail = shown[len(shown.rstrip()) :]
        if markdown:
            marked = f"<del>{core}</del>" if kind == "-" else f"<ins>{core}</ins>"
        else:
            marked = f"[-{core}-]" if kind == "-" else f"{{+{core}+}}"
        out.append(lead + marked + tail)
    return "".join(out)


def _emphasis(text: str) -> dict[int, tuple[bool, bool]]:
    """Character index → (bold, italic) of ``text`` as printed."""
    found: dict[int, tuple[bool, bool]] = {}
    at = 0
    for span in parse_inline(text):
        for _ in span.text:
            found[at] = (span.bold, span.italic)
            at += 1
    return found


def _formatting(old: str, new: str) -> str | None:
    """«in đậm «hàng năm»» when only the emphasis changed (same printed words), else None."""
    plain_old, plain_new = text_of(parse_inline(old)), text_of(parse_inline(new))
    if plain_old != plain_new:
        return None
    a, b = _emphasis(old), _emphasis(new)
    runs: list[tuple[str, str]] = []
    last = -2
    for index, char in enumerate(plain_new):
        was, now = a.get(index, (False, False)), b.get(index, (False, False))
        if was == now:
            continue
        kinds = []
        if now[0] != was[0]:
            kinds.append("in đậm" if now[0] else "bỏ in đậm")
        if now[1] != was[1]:
            kinds.append("in nghiêng" if now[1] else "bỏ in nghiêng")
        kind = ", ".join(kinds)
        if runs and runs[-1][0] == kind and last == index - 1:
            runs[-1] = (kind, runs[-1][1] + char)
        else:
            runs.append((kind, char))
        last = index
    if not runs:
        return None
    return "; ".join(f"{kind} «{text.strip()}»" for kind, text in runs)


def _head(change: Change, markdown: bool) -> str:
    area = AREA_NAMES.get(change.area, change.area)
    code = f"`{change.key}`" if markdown else change.key
    if change.area in _LINE_AREAS:
        head = f"{area}, dòng {change.key}"
    elif (
        change.area in ("metadata", "signature", "decision")
        or change.key == ((change.field or "").split(".")[0])
    ):
        head = area
    else:
        head = f"{area} {code}"
    if change.where and change.area not in _LINE_AREAS:
        head += f" ({change.where})"
    return head


def _record_lines(change: Change, markdown: bool) -> list[str]:
    """An added or removed record, whole: one line per field that holds something."""
    value = change.new if change.action == "added" else change.old
    if not isinstance(value, dict):
        return []
    lines = []
    for key, item in value.items():
        if key == "id" or item in (None, "", [], {}, False):
            continue
        if key == "sections" and isinstance(item, list):
            titles = [one_line(str(s.get("title") or "(không tên)")) for s in item]
            item = titles
        if isinstance(item, str) and "{value}" in item:
            item = item.replace("{value}", "(giá trị)")  # the values follow, one per phase
        if isinstance(item, dict) and key in ("values", "floor"):
            shown = "; ".join(f"{p}: {shown_value(v, key, markdown)}" for p, v in item.items())
        else:
            shown = shown_value(item, key, markdown, change.area)
        lines.append(f"{field_name(change.area, key)}: {shown}")
    return lines


def _file_line(change: Change, markdown: bool) -> str:
    """A plan file added, deleted, renamed (or unreadable) between the revisions."""
    if change.action == "renamed":
        return f"tệp kế hoạch: đổi tên «{change.old}» → «{change.new}»"
    verbs = {"added": "kế hoạch mới", "removed": "kế hoạch bị xóa"}
    path = f"`{change.key}`" if markdown else change.key
    if change.action in verbs:
        value = change.new if change.action == "added" else change.old
        return (
            f"tệp kế hoạch {path}: {verbs[change.action]}: «{shown_value(value, None, markdown)}»"
        )
    return f"tệp kế hoạch {path}: không đọc được: {shown_value(change.new, None, markdown)}"


def describe(change: Change, markdown: bool = False) -> str:
    """One Vietnamese line: «chỉ tiêu dvctt (mục II.2.a, …), giá trị giai đoạn 2026: 95% → 100%»."""
    if change.area == "file":
        return _file_line(change, markdown)
    head = _head(change, markdown)
    field = change.field or ""
    area = change.area
    if change.action in ("added", "removed"):
        verb = "thêm mới" if change.action == "added" else "bị xóa"
        value = change.new if change.action == "added" else change.old
        where = f"{head}, {field_name(area, field)}" if field and area not in _LINE_AREAS else head
        if isinstance(value, dict):
            return f"{where}: {verb}"
        return f"{where}: {verb}: «{shown_value(value, field, markdown, area)}»"
    if change.action == "renamed":
        return f"{head}: đổi mã «{change.old}» → «{change.new}»"
    if change.action == "relabelled":
        pairs = ", ".join(f"«{a}» → «{b}»" for a, b in zip(change.old, change.new, strict=True))
        return f"{AREA_NAMES['plan']}, các giai đoạn: đổi nhãn {pairs}"
    if change.action == "moved":
        if field == "group":
            return f"{head}: chuyển nhóm «{change.old}» → «{change.new}»"
        if field == "order":
            after = f"nay đứng sau «{change.new}»" if change.new else "nay đứng đầu"
            return f"{head}: đổi thứ tự, {after}"
        if change.area in _LINE_AREAS or field:
            name = field_name(area, field) if field and area not in _LINE_AREAS else ""
            target = f", {name}" if name else ""
            return f"{head}{target}: chuyển chỗ: «{shown_value(change.new, None, markdown, area)}»"
        after = f"nay đứng sau «{change.new}»" if change.new else "nay đứng đầu"
        return f"{head}: đổi thứ tự, {after}"
    name = field_name(area, field) if field else ""
    if change.phase is not None:
        where = f"{head}, {name} giai đoạn {change.phase}"
    elif area in _LINE_AREAS and field in ("", "text"):
        where = head
    elif change.key == field.split(".")[0] and area == "plan":
        where = f"{head}, {name}"
    else:
        where = f"{head}, {name}" if name else head
    old, new = change.old, change.new
    if isinstance(old, str) and isinstance(new, str):
        formatting = _formatting(old, new)
        if formatting is not None:
            return f"{where}: định dạng: {formatting}"
    if (
        isinstance(old, list)
        and isinstance(new, list)
        and all(isinstance(v, str) for v in [*old, *new])
    ):
        added = [v for v in new if v not in old]
        removed = [v for v in old if v not in new]
        pieces = [f"thêm «{shown_value(v, field, markdown)}»" for v in added]
        pieces += [f"bỏ «{shown_value(v, field, markdown)}»" for v in removed]
        return f"{where}: {'; '.join(pieces) if pieces else 'đổi thứ tự'}"
    if change.words is not None and (len(str(old)) > 40 or len(str(new)) > 40):
        return f"{where}: {marked_words(change.words, markdown)}"
    before, after = shown_value(old, field, markdown, area), shown_value(new, field, markdown, area)
    return f"{where}: {before} → {after}"


@dataclass(frozen=True)
class Report:
    """The comparison of two versions, the children's findings and NEW's own check findings."""

    old: str
    new: str
    changes: tuple[Change, ...]
    children: tuple[Any, ...] = ()
    findings: tuple[str, ...] = ()
    table: tuple[tuple[str, ...], ...] = ()

    @property
    def equal(self) -> bool:
        return not self.changes and not self.children


def _detail(change: Change, markdown: bool) -> list[str]:
    lines = _record_lines(change, markdown) if change.action in ("added", "removed") else []
    if change.sentence:
        label = "in" if change.action != "removed" else "đã in"
        lines.append(f"{label}: «{_escape(one_line(change.sentence), markdown)}»")
    return lines


TABLE_HEADER = (
    "Chỉ tiêu",
    "Kế hoạch cấp dưới",
    "Giai đoạn",
    "Sàn cũ",
    "Sàn mới",
    "Giá trị",
    "Tình trạng",
)


def render(report: Report, fmt: Format) -> str:
    """The report as Vietnamese text, Markdown or JSON."""
    if fmt == "json":
        data = {
            "old": report.old,
            "new": report.new,
            "equal": report.equal,
            "changes": [c.as_json() for c in report.changes],
            "children": [c.as_json() for c in report.children],
            "findings": list(report.findings),
            "table": [dict(zip(TABLE_HEADER, row, strict=True)) for row in report.table],
        }
        return json.dumps(data, ensure_ascii=False, indent=2)
    markdown = fmt == "markdown"
    lines: list[str] = []
    if markdown:
        lines += [f"### So sánh `{report.old}` → `{report.new}`", ""]
    else:
        lines.append(f"so sánh {report.old} → {report.new}")
    if not report.changes:
        lines.append("không có thay đổi nội dung.")
    else:
        lines.append(f"{len(report.changes)} thay đổi:")
        if markdown:
            lines.append("")
        previous: Change | None = None
        for change in report.changes:
            lines.append(f"- {describe(change, markdown)}")
            if previous is not None and (previous.area, previous.key) == (change.area, change.key):
                change = replace(change, sentence=None)  # the sentence is under the first line
            lines.extend(f"  - {d}" if markdown else f"    {d}" for d in _detail(change, markdown))
            previous = change
    if report.findings:
        lines += ["", "**Kiểm tra bản mới:**" if markdown else "kiểm tra bản mới:"]
        if markdown:
            lines.append("")
        lines.extend(f"- {_escape(f, markdown)}" for f in report.findings)
    if report.children:
        lines.append("")
        lines.append(
            "**Ảnh hưởng đến kế hoạch cấp dưới:**"
            if markdown
            else "ảnh hưởng đến kế hoạch cấp dưới:"
        )
        if markdown:
            lines.append("")
        lines.extend(f"- {c.describe(markdown)}" for c in report.children)
    if report.table:
        lines += ["", "**Đối chiếu mức sàn:**" if markdown else "đối chiếu mức sàn:", ""]
        if markdown:
            lines.append("| " + " | ".join(TABLE_HEADER) + " |")
            lines.append("|" + "---|" * len(TABLE_HEADER))
            lines.extend(
                "| " + " | ".join(_escape(c, True) for c in row) + " |" for row in report.table
            )
        else:
            lines.append(" | ".join(TABLE_HEADER))
            lines.extend(" | ".join(row) for row in report.table)
    return "\n".join(lines)
