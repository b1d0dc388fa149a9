"""One inline-markup reader for every printed text (issue 18, item 3).

``**…**`` and ``*…*`` used to apply in body paragraphs only: appendix cells,
headings, Nơi nhận and the signature printed them raw, ``\\*`` printed a
backslash in appendices, «(*)» … «(*)» paired into italics, and markers
paired across a target's ``{value}``. Here every text field of the schema is
classified (printed, or deliberately not), every printed one is filled with
``**đậm…** \\*…`` in generated plans, and the built .docx must show «đậm…»
bold and «*…» literal in every place.
"""

from __future__ import annotations

import io
import json
import zipfile
from dataclasses import dataclass, field
from pathlib import Path
from typing import Annotated, Any, Literal, get_args, get_origin

from click.testing import CliRunner
from conftest import make_repository
from lxml import etree
from pydantic import BaseModel

from kehoach.cli.commands import main
from kehoach.layout.inline import parse_inline
from kehoach.model.document import Span
from kehoach.schema.models import Plan

W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"

NOT_PRINTED = {
    "Plan.extends": "đường dẫn tới kế hoạch cấp trên",
    "PlanCitation.cite": "đường dẫn tới kế hoạch được trích",
    "Document.note": "ghi chú nội bộ, không in",
    "Deviation.reason": "lý do sai khác, chỉ hiện trong báo cáo kiểm tra",
    "Omission.reason": "lý do bỏ, chỉ hiện trong báo cáo kiểm tra",
    "ChildRules.addressed": "cụm từ dùng để đối chiếu, không in",
    "Task.implements": "mã nhiệm vụ cấp trên",
    "LintException.code": "mã phát hiện của kehoach lint được bỏ qua, không in",
    "LintException.text": "đoạn chữ được bỏ qua khi soát lỗi, không in",
    "LintException.reason": "lý do bỏ qua, chỉ hiện trong báo cáo soát lỗi",
}
"""Free-text fields that never reach the document; every other one must be printed."""


# --- the reader --------------------------------------------------------------------------------


def test_footnote_marks_in_brackets_stay_marks() -> None:
    """«(*)» … «(*)» used to pair into italics and vanish."""
    text = "Chỉ tiêu (*) và chỉ tiêu (*) khác"
    assert parse_inline(text) == (Span(text),)
    assert parse_inline("Ghi chú “*”, [*], (**) và (*,") == (Span("Ghi chú “*”, [*], (**) và (*,"),)


def test_escapes_print_what_they_escape() -> None:
    assert parse_inline(r"a \*b\* c") == (Span("a *b* c"),)
    assert parse_inline(r"C:\\dữ liệu \\*đậm*") == (
        Span("C:\\dữ liệu \\"),
        Span("đậm", italic=True),
    )
    assert parse_inline(r"đường \dẫn") == (Span(r"đường \dẫn"),)  # no escape: kept


def test_markers_open_and_close_where_commonmark_says() -> None:
    assert parse_inline("3 * 4 * 5") == (Span("3 * 4 * 5"),)
    assert parse_inline("**“Năm dữ liệu”** số") == (
        Span("“Năm dữ liệu”", bold=True),
        Span(" số"),
    )
    assert parse_inline("trước **đính kèm.** Sau") == (
        Span("trước "),
        Span("đính kèm.", bold=True),
        Span(" Sau"),
    )
    assert parse_inline("**-nt-**") == (Span("-nt-", bold=True),)
    assert parse_inline("***cả hai***") == (Span("cả hai", bold=True, italic=True),)


def test_markers_never_pair_across_the_value() -> None:
    """The sentence is read with ``{value}`` as a slot; the value is read on its own."""
    value = parse_inline("100%*")
    spans = parse_inline("Tỉ lệ *{value} dịch vụ", slots={"{value}": value})
    assert spans == (Span("Tỉ lệ *100%* dịch vụ"),)
    bold_value = parse_inline("**100%**")
    assert parse_inline("Đạt *{value}*", slots={"{value}": bold_value}) == (
        Span("Đạt "),
        Span("100%", bold=True, italic=True),
    )


def test_marks_and_values_print_as_written_in_body_and_appendix(tmp_path: Path) -> None:
    """«(*)» in a paragraph and in values, a value ending in «*», a note with ``*…*``."""
    root = _repository(tmp_path)
    plan = _small_plan(
        intro="Chỉ tiêu có dấu (*) là chỉ tiêu bắt buộc (*) của tỉnh.",
        targets=[
            {
                "id": "t1",
                "group": "g",
                "text": "Tỉ lệ đạt {value}",
                "values": {"2026-2027": "90% (*)", "2028-2030": "95% (*)"},
                "note": "(*) *Theo* Kế hoạch",
            },
            {
                "id": "t2",
                "group": "g",
                "text": "Tỉ lệ *hồ sơ {value}",
                "values": {"2026-2027": "80%*"},
            },
        ],
        appendices=[
            {
                "title": "DANH MỤC",
                "source": "targets",
                "columns": [
                    {"field": "text", "header": "Chỉ tiêu"},
                    {"field": "value", "header": "2026", "phase": "2026-2027"},
                    {"field": "value", "header": "2028", "phase": "2028-2030"},
                    {"field": "note", "header": "Ghi chú"},
                ],
            }
        ],
    )
    _write(root, "plans/a.yaml", plan)
    runs = _runs(_build(root)["a.docx"])
    text = "".join(run.text for run in runs)
    assert "Chỉ tiêu có dấu (*) là chỉ tiêu bắt buộc (*) của tỉnh." in text
    assert text.count("Tỉ lệ đạt 90% (*)") == 2  # body and appendix
    assert text.count("Tỉ lệ *hồ sơ 80%*") == 2
    assert "95% (*)" in text
    assert [run.text for run in runs if run.italic] == ["Theo"]


# --- every field ----------------------------------------------------------------------------


def _restricted(metadata: Any) -> bool:
    """An anchored pattern (ids, phases) leaves no room for an asterisk; an unanchored one
    (printed text must hold a letter, or something other than space) restricts nothing."""
    for item in metadata:
        pattern = getattr(item, "pattern", None)
        if (pattern and pattern.startswith("^")) or _restricted(
            getattr(item, "metadata", None) or ()
        ):
            return True
    return False


def _free_text(annotation: Any, metadata: tuple[Any, ...] = ()) -> tuple[bool, list[type]]:
    """Whether ``annotation`` holds free text somewhere, and the models it holds."""
    origin = get_origin(annotation)
    if origin is Annotated:
        inner, *more = get_args(annotation)
        return _free_text(inner, (*metadata, *more))
    if annotation is str:
        return not _restricted(metadata), []
    if origin is Literal:
        return False, []
    if isinstance(annotation, type) and issubclass(annotation, BaseModel):
        return False, [annotation]
    found, models = False, []
    for argument in get_args(annotation):
        inner_found, inner_models = _free_text(argument)
        found = found or inner_found
        models.extend(inner_models)
    return found, models


def text_fields() -> set[str]:
    """«Model.field» for every field of the plan schema that holds free text."""
    seen: set[type] = set()
    todo: list[type] = [Plan]
    out: set[str] = set()
    while todo:
        model = todo.pop()
        if model in seen:
            continue
        seen.add(model)
        for name, info in model.model_fields.items():  # type: ignore[attr-defined]
            found, models = _free_text(info.annotation, tuple(info.metadata))
            if found:
                out.add(f"{model.__name__}.{name}")
            todo.extend(models)
    return out


@dataclass
class Marks:
    """A distinct ``**đậmNNN** \\*NNN`` for each field; the fields the plans used."""

    numbers: dict[str, int] = field(default_factory=dict)

    def __call__(self, name: str) -> str:
        number = self.numbers.setdefault(name, len(self.numbers) + 1)
        return f"**đậm{number:03d}** \\*{number:03d}"


def _marked_plans(m: Marks) -> dict[str, dict[str, Any]]:
    """Three plans that print every printed field, each holding its field's mark."""
    cited = {
        "document": {
            "issuer": {
                "name": "Sở Thử",
                "abbr": m("Agency.abbr"),
                "header_lines": [m("Agency.header_lines")],
            },
            "status": "draft",
            "place": "Cần Thơ",
            "date": {"year": 2026},
            "title": m("Document.title"),
            "period": "2026-2030",
            "attached_to": {
                "kind": m("Attachment.kind"),
                "symbol": m("Attachment.symbol"),
                "date": {"year": 2025},
                "issuer": m("Attachment.issuer"),
            },
        },
        "body": [{"title": "Mục", "text": "Nội dung."}],
    }
    point = {
        "text": m("Point.text"),
        "paragraphs": [m("Point.paragraphs")],
        "items": [m("Point.items")],
    }
    item = {"text": m("Item.text"), "items": [m("Item.items")]}
    signature = {
        "collective": m("Signature.collective"),
        "delegation": {"kind": "KT", "of": m("Delegation.of")},
        "title": m("Signature.title"),
        "name": m("Signature.name"),
    }
    unit = m("Target.unit")
    target = {
        "group": "g1",
        "text": m("Target.text") + " {value}",
        "indicator": m("Target.indicator"),
        "category": m("Target.category"),
        "unit": unit,
        "values": {"2026-2027": m("Target.values")},
        "lead": [m("Target.lead")],
        "partners": [m("Target.partners")],
        "note": m("Target.note"),
    }
    full = {
        "document": {
            "parent_body": {"name": m("Agency.name")},
            "issuer": {"name": m("Agency.name")},
            "symbol": m("Document.symbol"),
            "number": 7,
            "place": m("Document.place"),
            "date": {"year": 2026, "month": 1, "day": 5},
            "title": m("Document.title"),
            "period": "2026-2030",
            "reference_name": m("Document.reference_name"),
            "reference_lead": m("Document.reference_lead"),
        },
        "basis": [
            m("Plan.basis"),
            {
                "cite": "plans/b.yaml",
                "before": m("PlanCitation.before"),
                "after": ", " + m("PlanCitation.after"),
                "issuer": m("PlanCitation.issuer"),
            },
        ],
        "intro": m("Plan.intro"),
        "phases": ["2026-2027"],
        "target_groups": [
            {
                "id": "g1",
                "title": m("Group.title"),
                "intro": m("Group.intro"),
                "phase_labels": {"2026-2027": m("Group.phase_labels")},
            }
        ],
        "targets": [{"id": "t1", **target}, {"id": "t2", **target, "unit": unit}],
        "task_groups": [
            {"id": "n1", "title": m("Group.title")},
            {"id": "n2", "title": "Nhóm hai", "appendix_title": m("Group.appendix_title")},
        ],
        "tasks": [
            {
                "id": "v1",
                "group": "n1",
                "text": m("Task.text"),
                "lead": [m("Task.lead")],
                "partners": [m("Task.partners")],
                "result": m("Task.result"),
                "deadline": m("Task.deadline"),
                "monitor": [m("Task.monitor")],
            },
            {
                "id": "v2",
                "group": "n2",
                "text": "Việc hai",
                "appendix_text": m("Task.appendix_text"),
                "outputs": [
                    {
                        "result": m("TaskOutput.result"),
                        "deadline": m("TaskOutput.deadline"),
                        "lead": [m("TaskOutput.lead")],
                        "partners": [m("TaskOutput.partners")],
                        "monitor": [m("TaskOutput.monitor")],
                        "note": m("TaskOutput.note"),
                    },
                    {"result": "Sản phẩm hai"},
                ],
            },
        ],
        "organisation": [
            {"body": m("Duty.body"), "text": m("Duty.text"), "points": [m("Duty.points"), "Điểm"]}
        ],
        "body": [
            {
                "title": m("Section.title"),
                "text": m("Section.text"),
                "items": [m("Section.items"), item],
                "points": [m("Section.points"), point],
                "sections": [
                    {"title": m("Section.title"), "targets": {"by": "group"}},
                    {"title": "Nhiệm vụ", "tasks": {}},
                    {"title": "Tổ chức", "organisation": True},
                ],
                "after": m("Section.after"),
                "table": {
                    "columns": [
                        {"header": "TT", "numbered": True},
                        {"header": m("TableColumn.header")},
                    ],
                    "rows": [{"group": m("TableRow.group")}, [m("TableCell.text")]],
                },
            },
            {
                "part": True,
                "label": m("Section.label"),
                "title": "Phần",
                "sections": [{"title": "Mục", "text": "Nội dung."}],
            },
        ],
        "closing": m("Plan.closing"),
        "recipients": [m("Plan.recipients"), "Lưu: VT"],
        "signature": signature,
        "appendices": [
            {
                "title": m("Appendix.title"),
                "source": "targets",
                "group_prefix": m("Appendix.group_prefix"),
                "phase_header": m("Appendix.phase_header"),
                "columns": [
                    {"field": "stt", "header": m("AppendixColumn.header")},
                    {"field": "category", "header": "Lĩnh vực"},
                    {"field": "indicator", "header": "Chỉ tiêu"},
                    {"field": "text", "header": "Câu"},
                    {
                        "field": "unit",
                        "header": "Đơn vị",
                        "repeat_marker": m("AppendixColumn.repeat_marker"),
                    },
                    {"field": "value", "header": "2026", "phase": "2026-2027"},
                    {"field": "lead", "header": "Chủ trì"},
                    {"field": "partners", "header": "Phối hợp"},
                    {"field": "note", "header": "Ghi chú"},
                ],
            },
            {
                "title": "NHIỆM VỤ",
                "source": "tasks",
                "columns": [
                    {"field": "text", "header": "Nhiệm vụ"},
                    {"field": "lead", "header": "Chủ trì"},
                    {"field": "partners", "header": "Phối hợp"},
                    {"field": "result", "header": "Kết quả"},
                    {"field": "deadline", "header": "Thời gian"},
                    {"field": "monitor", "header": "Theo dõi"},
                    {"field": "note", "header": "Ghi chú"},
                ],
            },
            {
                "title": "ĐỀ CƯƠNG",
                "label": m("Appendix.label"),
                "body": [{"title": "Mục", "text": "Nội dung."}],
            },
        ],
    }
    decided = {
        "document": {
            "issuer": {"name": "Ủy ban nhân dân tỉnh Thử", "abbr": "UBND"},
            "place": "Cần Thơ",
            "date": {"year": 2026},
            "title": "Kế hoạch kèm quyết định",
            "period": "2026-2030",
        },
        "body": [{"title": "Mục", "text": "Nội dung."}],
        "decision": {
            "number": 12,
            "symbol": m("Decision.symbol"),
            "reference_lead": m("Decision.reference_lead"),
            "date": {"year": 2026, "month": 2, "day": 3},
            "title": m("Decision.title"),
            "authority": m("Decision.authority"),
            "basis": [m("Decision.basis")],
            "proposal": m("Decision.proposal"),
            "articles": [{"text": m("Article.text"), "points": [m("Article.points"), "Điểm"]}],
            "recipients": [m("Decision.recipients")],
            "signature": {"title": "Chủ tịch", "name": "Nguyễn Văn A"},
        },
    }
    return {"a.yaml": full, "b.yaml": cited, "c.yaml": decided}


def test_every_text_field_is_printed_or_deliberately_not() -> None:
    """A new text field must be placed in the generated plans below, or listed in NOT_PRINTED."""
    marks = Marks()
    _marked_plans(marks)
    printed = set(marks.numbers)
    assert not printed & set(NOT_PRINTED)
    assert text_fields() == printed | set(NOT_PRINTED)


def test_markup_prints_alike_in_every_printed_field(tmp_path: Path) -> None:
    """Each printed field holds ``**đậmNNN** \\*NNN``: «đậmNNN» bold, «*NNN» literal, everywhere."""
    root = _repository(tmp_path)
    marks = Marks()
    for name, plan in _marked_plans(marks).items():
        _write(root, f"plans/{name}", plan)
    built = _build(root)
    runs = [run for name in ("a.docx", "b.docx", "c.docx") for run in _runs(built[name])]
    text = "".join(run.text for run in runs)
    wrong: list[str] = []
    for name, number in sorted(marks.numbers.items(), key=lambda item: item[1]):
        word = f"ĐẬM{number:03d}"
        holding = [run for run in runs if word in run.text.upper()]
        if not holding or not all(run.bold for run in holding):
            wrong.append(f"{name}: «đậm{number:03d}» không in đậm ({[r.text for r in holding]})")
        if f"*{number:03d}" not in text or f"\\*{number:03d}" in text:
            wrong.append(f"{name}: «\\*{number:03d}» không in thành «*{number:03d}»")
    assert not wrong, "\n".join(wrong)
    assert "**" not in text


# --- helpers ----------------------------------------------------------------------------------


@dataclass(frozen=True)
class Run:
    text: str
    bold: bool
    italic: bool


def _runs(data: bytes) -> list[Run]:
    """Every run of the document's body, tables included, with its own bold and italic."""
    with zipfile.ZipFile(io.BytesIO(data)) as archive:
        root = etree.fromstring(archive.read("word/document.xml"))
    out = []
    for run in root.iter(f"{W}r"):
        text = "".join(t.text or "" for t in run.iter(f"{W}t"))
        out.append(Run(text, _on(run, "b"), _on(run, "i")))
    return out


def _on(run: Any, tag: str) -> bool:
    element = run.find(f"{W}rPr/{W}{tag}")
    return element is not None and element.get(f"{W}val", "true") not in ("0", "false")


def _repository(tmp_path: Path) -> Path:
    return make_repository(tmp_path / "kho")


def _write(root: Path, name: str, plan: dict[str, Any]) -> None:
    (root / name).write_text(
        json.dumps(plan, ensure_ascii=False, indent=1) + "\n", encoding="utf-8"
    )


def _build(root: Path) -> dict[str, bytes]:
    result = CliRunner().invoke(main, ["build", "--root", str(root), "plans"])
    assert result.exit_code == 0, result.output
    return {path.name: path.read_bytes() for path in (root / "build").rglob("*.docx")}


def _small_plan(**extra: Any) -> dict[str, Any]:
    return {
        "document": {
            "issuer": {"name": "Ủy ban nhân dân phường Thử", "abbr": "UBND"},
            "place": "Cần Thơ",
            "date": {"year": 2026, "month": 3, "day": 5},
            "title": "Kế hoạch thử",
            "period": "2026-2030",
        },
        "phases": ["2026-2027", "2028-2030"],
        "target_groups": [{"id": "g", "title": "Nhóm"}],
        "body": [{"title": "Mục tiêu", "targets": {"phase": "2026-2027"}}],
        **extra,
    }
