"""Semantic diff of two versions of a plan (DESIGN §7): what a reviewer reads, by id.

A line diff of the YAML says «line 212 changed»; a reviewer wants «target
dvctt-toan-trinh, phase 2026-2027: 95% → 100%». Records that carry an id
(targets, tasks, their groups) are matched by id, so reordering the file or
moving a record to another group is reported as what it is, not as a
deletion plus an insertion. Wording is compared word by word (a tokenised
``difflib`` diff), which is how the office reads an amended sentence. Lists
of lines (basis, recipients, intro) are aligned line by line; body sections
are matched by their title path, since they have no ids.

The result is plain data (:class:`Change`) rendered as Vietnamese text, as
Markdown (for a merge request) or as JSON (for tools and tests).
"""

from __future__ import annotations

import difflib
import json
from collections.abc import Iterator, Sequence
from dataclasses import asdict, dataclass, replace
from typing import Any, Literal

from kehoach.base.text import one_line, word_tokens
from kehoach.schema.models import Plan, Section

Action = Literal["added", "removed", "changed", "moved"]
Format = Literal["text", "json", "markdown"]

WordOp = tuple[Literal["=", "-", "+"], str]


@dataclass(frozen=True)
class Change:
    """One difference between the versions.

    ``area`` says what kind of thing changed (``target``, ``task``,
    ``target_group``, ``task_group``, ``metadata``, ``signature``, ``basis``,
    ``intro``, ``recipients``, ``section``, ``organisation``, ``appendix``,
    ``decision``, ``plan``); ``key`` is the id, the line number or the
    section's title path; ``field`` the changed field (``None`` when the
    whole item is added, removed or moved); ``phase`` the phase of a value.
    ``words`` is the word-level diff of a changed text.
    """

    area: str
    action: Action
    key: str
    field: str | None = None
    phase: str | None = None
    old: Any = None
    new: Any = None
    words: tuple[WordOp, ...] | None = None

    def as_json(self) -> dict[str, Any]:
        data = asdict(self)
        data["words"] = [list(w) for w in self.words] if self.words is not None else None
        return data


# --- words -----------------------------------------------------------------------


def word_diff(old: str, new: str) -> tuple[WordOp, ...]:
    """The word-level diff of two texts, adjacent pieces of the same kind merged."""
    a, b = word_tokens(old), word_tokens(new)
    ops: list[WordOp] = []

    def push(kind: Literal["=", "-", "+"], text: str) -> None:
        if not text:
            return
        if ops and ops[-1][0] == kind:
            ops[-1] = (kind, ops[-1][1] + text)
        else:
            ops.append((kind, text))

    # Blocks: an equal text, or a change (deleted, inserted). A lone space
    # between two changes joins them, so «[-Phối hợp-]{+Chủ trì+}» reads as one
    # replacement instead of two words replaced around an unchanged space.
    blocks: list[tuple[str, str] | str] = []
    for tag, i1, i2, j1, j2 in difflib.SequenceMatcher(None, a, b, autojunk=False).get_opcodes():
        if tag == "equal":
            blocks.append("".join(a[i1:i2]))
            continue
        change = ("".join(a[i1:i2]), "".join(b[j1:j2]))
        if (
            len(blocks) >= 2
            and isinstance(blocks[-1], str)
            and not blocks[-1].strip()
            and isinstance(blocks[-2], tuple)
        ):
            space = blocks.pop()
            assert isinstance(space, str)
            before = blocks.pop()
            assert isinstance(before, tuple)
            change = (before[0] + space + change[0], before[1] + space + change[1])
        blocks.append(change)
    for block in blocks:
        if isinstance(block, str):
            push("=", block)
        else:
            push("-", block[0])
            push("+", block[1])
    return tuple(ops)


# --- comparing values ---------------------------------------------------------------


def _text_change(area: str, key: str, field: str, old: Any, new: Any, **extra: Any) -> Change:
    words = word_diff(old, new) if isinstance(old, str) and isinstance(new, str) else None
    return Change(area, "changed", key, field, old=old, new=new, words=words, **extra)


def _compare_fields(
    area: str, key: str, old: dict[str, Any], new: dict[str, Any]
) -> Iterator[Change]:
    """Field by field; mappings keyed by phase are compared phase by phase."""
    for field in dict.fromkeys([*old, *new]):
        a, b = old.get(field), new.get(field)
        if a == b:
            continue
        if (
            field in ("values", "floor", "phase_labels")
            and isinstance(a, dict)
            and isinstance(b, dict)
        ):
            for phase in dict.fromkeys([*a, *b]):
                if a.get(phase) != b.get(phase):
                    yield Change(
                        area, "changed", key, field, phase=phase, old=a.get(phase), new=b.get(phase)
                    )
            continue
        if field == "table":
            yield from _table_changes(area, key, a, b)
            continue
        if field == "outputs" and a and b:
            yield from _flat_changes(area, key, {field: a}, {field: b})
            continue
        yield _text_change(area, key, field, a, b)


def _table_lines(table: dict[str, Any] | None) -> list[str]:
    """A written table as lines of text: each heading row, then each row («a | b / c», a
    cell's lines joined by « / »), a group row as its title."""
    if not table:
        return []

    def line(cells: list[dict[str, Any]]) -> str:
        return " | ".join(" / ".join(cell["text"]) for cell in cells)

    headings = table.get("header_rows") or [
        [{"text": [column["header"]]} for column in table["columns"]]
    ]
    rows = [row["group"] if row["cells"] is None else line(row["cells"]) for row in table["rows"]]
    return [*map(line, headings), *rows]


def _table_changes(
    area: str, key: str, old: dict[str, Any] | None, new: dict[str, Any] | None
) -> Iterator[Change]:
    """A written table compared as its lines (a row added, removed or reworded, with its
    words), then its settings (widths, numbering, alignment) field by field."""
    if old is None or new is None:
        shown_old, shown_new = _table_lines(old), _table_lines(new)
        yield _text_change(
            area, key, "table", "\n".join(shown_old) or None, "\n".join(shown_new) or None
        )
        return
    for change in _lines(area, _table_lines(old), _table_lines(new)):
        if change.action == "changed":
            yield replace(change, key=key, field=f"bảng, dòng {change.key}")
        else:
            yield replace(change, key=f"{key} › bảng, dòng {change.key}")

    def settings(table: dict[str, Any]) -> dict[str, Any]:
        columns = [{k: v for k, v in c.items() if k != "header"} for c in table["columns"]]
        rest = {k: v for k, v in table.items() if k not in ("rows", "header_rows", "columns")}
        return {"columns": columns, **rest}

    yield from _flat_changes(area, key, {"table": settings(old)}, {"table": settings(new)})


def _records(area: str, old: Sequence[Any], new: Sequence[Any]) -> Iterator[Change]:
    """Records with ids: removed, added, moved to another group, changed field by field."""
    before = {r.id: r.model_dump(mode="json", exclude_defaults=False) for r in old}
    after = {r.id: r.model_dump(mode="json", exclude_defaults=False) for r in new}
    for ident, record in before.items():
        if ident not in after:
            yield Change(area, "removed", ident, old=record)
    for ident, record in after.items():
        if ident not in before:
            yield Change(area, "added", ident, new=record)
    for ident, a in before.items():
        b = after.get(ident)
        if b is None:
            continue
        if "group" in a and a.get("group") != b.get("group"):
            yield Change(area, "moved", ident, "group", old=a.get("group"), new=b.get("group"))
        rest_a = {k: v for k, v in a.items() if k not in ("id", "group")}
        rest_b = {k: v for k, v in b.items() if k not in ("id", "group")}
        yield from _compare_fields(area, ident, rest_a, rest_b)


def _lines(area: str, old: Sequence[str], new: Sequence[str]) -> Iterator[Change]:
    """Lists of lines aligned: a line reworded in place is «changed» with its word diff."""
    matcher = difflib.SequenceMatcher(None, list(old), list(new), autojunk=False)
    for tag, i1, i2, j1, j2 in matcher.get_opcodes():
        if tag == "equal":
            continue
        pairs = min(i2 - i1, j2 - j1) if tag == "replace" else 0
        for k in range(pairs):
            yield _text_change(area, str(j1 + k + 1), "text", old[i1 + k], new[j1 + k])
        for i in range(i1 + pairs, i2):
            yield Change(area, "removed", str(i + 1), old=old[i])
        for j in range(j1 + pairs, j2):
            yield Change(area, "added", str(j + 1), new=new[j])


def _flatten(data: Any, prefix: str = "") -> dict[str, Any]:
    """Nested mappings as dotted keys, lists of mappings by 1-based position; others are leaves.

    An appendix's column list thus reports «columns.1.width: 1.2 → 1.6»
    rather than the whole list twice.
    """
    if isinstance(data, list) and data and all(isinstance(d, dict) for d in data):
        flat_list: dict[str, Any] = {}
        for index, item in enumerate(data, start=1):
            flat_list.update(_flatten(item, f"{prefix}.{index}" if prefix else str(index)))
        return flat_list
    if isinstance(data, dict):
        flat: dict[str, Any] = {}
        for key, value in data.items():
            flat.update(_flatten(value, f"{prefix}.{key}" if prefix else str(key)))
        return flat
    return {prefix: data}


def _flat_changes(area: str, key: str, old: Any, new: Any) -> Iterator[Change]:
    a, b = _flatten(old), _flatten(new)
    for field in dict.fromkeys([*a, *b]):
        if a.get(field) != b.get(field):
            yield _text_change(area, key, field, a.get(field), b.get(field))


def _basis_line(entry: Any) -> str:
    if isinstance(entry, str):
        return entry
    return f"[trích dẫn {entry.cite}] {entry.before}…{entry.after}".strip()


def _section_map(sections: Sequence[Section], path: tuple[str, ...] = ()) -> dict[str, Any]:
    """Sections keyed by title path («Mục tiêu › Mục tiêu chung»); untitled ones by position."""
    found: dict[str, Any] = {}
    for index, section in enumerate(sections):
        name = section.title or f"(mục không tên {index + 1})"
        here = (*path, name)
        key = " › ".join(here)
        content = section.model_dump(mode="json", exclude={"sections", "title"})
        found[key] = content
        found.update(_section_map(section.sections, here))
    return found


def _texts(value: Any) -> Any:
    """Lists of paragraphs become one text per line, so a reworded one shows its words."""
    if isinstance(value, list) and all(isinstance(v, str) for v in value):
        return "\n".join(value)
    return value


def diff_plans(old: Plan, new: Plan) -> list[Change]:
    """Every difference between two plans, in reading order of the document."""
    changes: list[Change] = []
    doc_old = old.document.model_dump(mode="json")
    doc_new = new.document.model_dump(mode="json")
    changes.extend(_flat_changes("metadata", "document", doc_old, doc_new))
    for field in ("extends", "phases", "attachments_note", "appendix_numbering"):
        a, b = getattr(old, field), getattr(new, field)
        if a != b:
            changes.append(_text_change("plan", field, field, a, b))
    changes.extend(
        _lines("basis", [_basis_line(e) for e in old.basis], [_basis_line(e) for e in new.basis])
    )
    changes.extend(_lines("intro", old.intro, new.intro))
    changes.extend(_records("target_group", old.target_groups, new.target_groups))
    changes.extend(_records("target", old.targets, new.targets))
    changes.extend(_records("task_group", old.task_groups, new.task_groups))
    changes.extend(_records("task", old.tasks, new.tasks))
    sections_old, sections_new = _section_map(old.body), _section_map(new.body)
    for key in sections_old:
        if key not in sections_new:
            changes.append(Change("section", "removed", key, old=sections_old[key]))
    for key in sections_new:
        if key not in sections_old:
            changes.append(Change("section", "added", key, new=sections_new[key]))
            continue
        a = {k: _texts(v) for k, v in sections_old[key].items()}
        b = {k: _texts(v) for k, v in sections_new[key].items()}
        changes.extend(_compare_fields("section", key, a, b))
    duties_old = {d.body: d.model_dump(mode="json") for d in old.organisation}
    duties_new = {d.body: d.model_dump(mode="json") for d in new.organisation}
    changes.extend(_keyed("organisation", duties_old, duties_new))
    if old.closing != new.closing:
        changes.append(_text_change("plan", "closing", "closing", old.closing, new.closing))
    changes.extend(_lines("recipients", old.recipients, new.recipients))
    sig_old = old.signature.model_dump(mode="json") if old.signature else {}
    sig_new = new.signature.model_dump(mode="json") if new.signature else {}
    changes.extend(_flat_changes("signature", "signature", sig_old, sig_new))
    apps_old = {one_line(a.title): a.model_dump(mode="json") for a in old.appendices}
    apps_new = {one_line(a.title): a.model_dump(mode="json") for a in new.appendices}
    changes.extend(_keyed("appendix", apps_old, apps_new))
    dec_old = old.decision.model_dump(mode="json") if old.decision else {}
    dec_new = new.decision.model_dump(mode="json") if new.decision else {}
    changes.extend(_flat_changes("decision", "decision", dec_old, dec_new))
    for field in ("children", "omitted", "lint"):
        a = getattr(old, field)
        b = getattr(new, field)
        a_json = json.loads(json.dumps(a, default=lambda m: m.model_dump(mode="json")))
        b_json = json.loads(json.dumps(b, default=lambda m: m.model_dump(mode="json")))
        if a_json != b_json:
            changes.append(Change("plan", "changed", field, field, old=a_json, new=b_json))
    return changes


def _keyed(area: str, old: dict[str, Any], new: dict[str, Any]) -> Iterator[Change]:
    for key in old:
        if key not in new:
            yield Change(area, "removed", key, old=old[key])
    for key in new:
        if key not in old:
            yield Change(area, "added", key, new=new[key])
            continue
        a, b = dict(old[key]), dict(new[key])
        table_a, table_b = a.pop("table", None), b.pop("table", None)
        if table_a != table_b:  # an appendix's written table
            yield from _table_changes(area, key, table_a, table_b)
        yield from _flat_changes(area, key, a, b)


# --- reports ------------------------------------------------------------------------

AREA_NAMES = {
    "target": "chỉ tiêu",
    "task": "nhiệm vụ",
    "target_group": "nhóm chỉ tiêu",
    "task_group": "nhóm nhiệm vụ",
    "metadata": "thông tin văn bản",
    "signature": "chữ ký",
    "basis": "căn cứ",
    "intro": "đoạn mở đầu",
    "recipients": "nơi nhận",
    "section": "mục",
    "organisation": "tổ chức thực hiện",
    "appendix": "phụ lục",
    "decision": "quyết định",
    "plan": "kế hoạch",
}

FIELD_NAMES = {
    "text": "nội dung",
    "indicator": "chỉ số",
    "appendix_text": "nội dung trong phụ lục",
    "unit": "đơn vị tính",
    "values": "giá trị",
    "floor": "mức sàn",
    "lead": "chủ trì",
    "partners": "phối hợp",
    "result": "kết quả, sản phẩm",
    "deadline": "thời gian thực hiện",
    "note": "ghi chú",
    "title": "tiêu đề",
    "number": "số",
    "symbol": "ký hiệu",
    "date.day": "ngày",
    "date.month": "tháng",
    "date.year": "năm",
    "place": "địa danh",
    "status": "trạng thái",
    "period": "thời kỳ",
    "issuer.name": "cơ quan ban hành",
    "issuer.abbr": "chữ viết tắt",
    "parent_body.name": "cơ quan chủ quản",
    "name": "người ký",
    "collective": "thẩm quyền tập thể",
    "delegation.kind": "hình thức ký thay",
    "delegation.of": "chức danh thủ trưởng",
    "acting": "quyền",
    "items": "các ý",
    "points": "các điểm",
    "after": "đoạn cuối mục",
    "closing": "đoạn kết",
    "extends": "kế hoạch cấp trên",
    "phases": "các giai đoạn",
    "group": "nhóm",
    "mandatory_for": "bắt buộc với",
    "direction": "chiều tốt",
    "implements": "thực hiện chỉ tiêu/nhiệm vụ cấp trên",
    "in_body": "in trong thân văn bản",
    "deviation": "sai khác",
}

_ACTION_NAMES = {"added": "thêm mới", "removed": "bị xóa"}


def _value(value: Any) -> str:
    if value is None or value == "" or value == []:
        return "(trống)"
    if isinstance(value, bool):
        return "có" if value else "không"
    if isinstance(value, list) and all(isinstance(v, str) for v in value):
        return "; ".join(value)
    if isinstance(value, (dict, list)):
        return json.dumps(value, ensure_ascii=False, separators=(", ", ": "))
    return str(value).replace("\n", " ⏎ ")


SUMMARY_LIMIT = 120
"""Characters of an added or removed item's text quoted in its one-line summary."""


def _summary(change: Change) -> str:
    """A one-line gist of an added or removed item (its text when it has one)."""
    value = change.new if change.action == "added" else change.old
    if isinstance(value, dict):
        text = value.get("text") or value.get("title") or value.get("body")
        if isinstance(text, list):
            text = " ".join(text)
        group = value.get("group")
        parts = []
        if group:
            parts.append(f"nhóm {group}")
        if text:
            parts.append(f"«{one_line(str(text), SUMMARY_LIMIT)}»")
        return ", ".join(parts)
    return f"«{one_line(_value(value), SUMMARY_LIMIT)}»"


def _words(words: Sequence[WordOp], markdown: bool) -> str:
    out = []
    for kind, text in words:
        shown = text.replace("\n", " ⏎ ")
        if kind == "=":
            out.append(shown)
        elif not shown.strip():
            out.append(shown if kind == "+" else "")
        else:
            core = shown.strip()
            lead = shown[: len(shown) - len(shown.lstrip())]
            tail = shown[len(shown.rstrip()) :]
            if markdown:
                marked = f"~~{core}~~" if kind == "-" else f"**{core}**"
            else:
                marked = f"[-{core}-]" if kind == "-" else f"{{+{core}+}}"
            out.append(lead + marked + tail)
    return "".join(out)


def _list_delta(old: Any, new: Any) -> str | None:
    if not (isinstance(old, list) and isinstance(new, list)):
        return None
    if not all(isinstance(v, str) for v in [*old, *new]):
        return None
    added = [v for v in new if v not in old]
    removed = [v for v in old if v not in new]
    pieces = [f"thêm «{v}»" for v in added] + [f"bỏ «{v}»" for v in removed]
    return "; ".join(pieces) if pieces else "đổi thứ tự"


def describe(change: Change, markdown: bool = False) -> str:
    """One Vietnamese sentence: «chỉ tiêu dvctt, giai đoạn 2026-2027: 95% → 100%»."""
    area = AREA_NAMES.get(change.area, change.area)
    code = f"`{change.key}`" if markdown else change.key
    if change.area in ("basis", "intro", "recipients"):
        head = f"{area}, dòng {change.key}"
    elif change.area in ("metadata", "signature", "decision") or change.key == change.field:
        head = area
    else:
        head = f"{area} {code}"
    if change.action in _ACTION_NAMES:
        return f"{head}: {_ACTION_NAMES[change.action]}: {_summary(change)}"
    if change.action == "moved":
        return f"{head}: chuyển nhóm {change.old} → {change.new}"
    field = FIELD_NAMES.get(change.field or "", change.field or "")
    if change.phase is not None:
        where = (
            f"{head}, giai đoạn {change.phase}"
            if change.field == "values"
            else (f"{head}, {field} giai đoạn {change.phase}")
        )
    elif change.area in ("basis", "intro", "recipients") or change.key == change.field:
        where = head if change.key != change.field else f"{head} ({field})"
    else:
        where = f"{head}, {field}"
    delta = _list_delta(change.old, change.new)
    if delta is not None:
        return f"{where}: {delta}"
    if change.words is not None and (len(str(change.old)) > 40 or len(str(change.new)) > 40):
        return f"{where}: {_words(change.words, markdown)}"
    return f"{where}: {_value(change.old)} → {_value(change.new)}"


@dataclass(frozen=True)
class Report:
    """The comparison of two versions, with the children's findings when asked."""

    old: str
    new: str
    changes: tuple[Change, ...]
    children: tuple[Any, ...] = ()

    @property
    def equal(self) -> bool:
        return not self.changes and not self.children


def render(report: Report, fmt: Format) -> str:
    """The report as Vietnamese text, Markdown or JSON."""
    if fmt == "json":
        data = {
            "old": report.old,
            "new": report.new,
            "equal": report.equal,
            "changes": [c.as_json() for c in report.changes],
            "children": [c.as_json() for c in report.children],
        }
        return json.dumps(data, ensure_ascii=False, indent=2)
    markdown = fmt == "markdown"
    lines: list[str] = []
    if markdown:
        lines.append(f"### So sánh `{report.old}` → `{report.new}`")
        lines.append("")
    else:
        lines.append(f"so sánh {report.old} → {report.new}")
    if not report.changes:
        lines.append("không có thay đổi nội dung.")
    else:
        lines.append(f"{len(report.changes)} thay đổi:")
        if markdown:
            lines.append("")
        lines.extend(f"- {describe(c, markdown)}" for c in report.changes)
    if report.children:
        lines.append("")
        lines.append(
            "ảnh hưởng đến kế hoạch cấp dưới:"
            if not markdown
            else "**Ảnh hưởng đến kế hoạch cấp dưới:**"
        )
        if markdown:
            lines.append("")
        lines.extend(f"- {c.describe(markdown)}" for c in report.children)
    return "\n".join(lines)
