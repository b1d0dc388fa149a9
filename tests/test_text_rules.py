"""The plain text rules of kehoach.base.text, and the places of a document that apply them."""

from __future__ import annotations

import unicodedata
from typing import Any

from kehoach.base.exits import internal_error_line
from kehoach.base.text import caps, one_line, punctuate_list, title_lines
from kehoach.cascade.resolved import ResolvedPlan
from kehoach.layout.body import layout
from kehoach.model.document import LaidOutDocument, Spans, text_of
from kehoach.schema.models import Plan


def _plan(title: str = "Kế hoạch thử", **extra: Any) -> Plan:
    """A small valid plan entitled ``title``, with ``extra`` top-level fields."""
    return Plan.model_validate(
        {
            "document": {
                "issuer": {"name": "Ủy ban nhân dân phường Thử", "abbr": "UBND"},
                "place": "Cần Thơ",
                "date": {"year": 2026, "month": 3, "day": 5},
                "title": title,
                "period": "2026-2030",
            },
            "body": [{"title": "Mục tiêu", "text": ["Nội dung."]}],
            **extra,
        }
    )


def _laid_out(plan: Plan) -> LaidOutDocument:
    """``plan`` laid out as it stands (its basis cites no other plan)."""
    return layout(ResolvedPlan(plan, tuple(plan.basis)))


def _texts(lines: tuple[Spans, ...]) -> tuple[str, ...]:
    """The words of each line (a no-break space, where a title must not break, is a space)."""
    return tuple(text_of(line).replace("\u00a0", " ") for line in lines)


def test_a_list_ends_each_clause_with_a_semicolon_and_the_last_with_a_full_stop() -> None:
    assert punctuate_list(["a", "b", "c"]) == ["a;", "b;", "c."]
    assert punctuate_list(["chỉ một"]) == ["chỉ một."]
    assert punctuate_list([]) == []


def test_what_the_writer_typed_at_the_end_of_a_clause_is_replaced() -> None:
    assert punctuate_list(["a;", "b.", "c;."]) == ["a;", "b;", "c."]
    assert punctuate_list(["a ", "b ;  ", "c\t"]) == ["a;", "b ;", "c."]


def test_recipients_and_appendix_bodies_are_punctuated_alike() -> None:
    """Both print «- X;» … «- Y.»; a space typed before the end never stands before «;»."""
    written = ["Sở Nội vụ ", "- Sở Tài chính;", "Văn phòng UBND."]
    expected = ("- Sở Nội vụ;", "- Sở Tài chính;", "- Văn phòng UBND.")
    plan = _plan(
        recipients=written,
        task_groups=[{"id": "nhom", "title": "Nhóm"}],
        tasks=[
            {
                "id": "nv",
                "group": "nhom",
                "text": "Việc",
                "lead": [w.removeprefix("- ") for w in written],
            }
        ],
        appendices=[
            {
                "title": "DANH MỤC",
                "source": "tasks",
                "bodies": "dashes",
                "group_rows": "none",
                "columns": [{"field": "lead", "header": "Chủ trì"}],
            }
        ],
    )
    document = _laid_out(plan)
    closing = document.parts[-1].closing
    assert closing is not None and _texts(closing.recipients) == expected
    assert _texts(document.appendices[0].table.rows[0].cells[0].lines) == expected


def test_a_title_breaks_where_the_plan_breaks_it() -> None:
    assert title_lines("Kế hoạch thử") == ("Kế hoạch thử",)
    assert title_lines("\n  Phát triển  \n chính quyền số \n\n") == ("Phát triển", "chính quyền số")


def test_document_decision_and_appendix_titles_break_alike() -> None:
    title = "Về việc thử\n  nghiệm  \n"
    plan = _plan(
        title,
        task_groups=[{"id": "nhom", "title": "Nhóm"}],
        tasks=[{"id": "nv", "group": "nhom", "text": "Việc"}],
        appendices=[
            {"title": title, "source": "tasks", "columns": [{"field": "text", "header": "Việc"}]}
        ],
        decision={
            "date": {"year": 2026},
            "title": title,
            "articles": [{"text": "Ban hành."}],
            "signature": {"title": "Chủ tịch"},
        },
    )
    document = _laid_out(plan)
    lines = ("Về việc thử", "nghiệm")
    assert [_texts(part.title_lines) for part in document.parts] == [lines, lines]
    assert _texts(document.appendices[0].title_lines) == lines


def test_capitals_are_vietnamese_and_stay_nfc() -> None:
    assert caps("Chủ tịch Ủy ban nhân dân") == "CHỦ TỊCH ỦY BAN NHÂN DÂN"
    assert unicodedata.is_normalized("NFC", caps("Nhóm ΐ"))
    assert not unicodedata.is_normalized("NFC", "Nhóm ΐ".upper())


def test_appendix_group_rows_in_capitals_are_nfc_like_the_headings() -> None:
    title = "Về nhóm ΐ"
    plan = _plan(
        task_groups=[{"id": "nhom", "title": title}],
        tasks=[{"id": "nv", "group": "nhom", "text": "Việc"}],
        appendices=[
            {
                "title": "DANH MỤC",
                "source": "tasks",
                "group_caps": True,
                "columns": [
                    {"field": "stt", "header": "STT"},
                    {"field": "text", "header": "Việc"},
                ],
            }
        ],
    )
    group_row = _laid_out(plan).appendices[0].table.rows[0]
    assert _texts(group_row.cells[1].lines) == (caps(title),)
    assert unicodedata.is_normalized("NFC", text_of(group_row.cells[1].lines[0]))


def test_a_quotation_is_one_line_and_cut_with_an_ellipsis() -> None:
    assert one_line(" a\n  b\tc ") == "a b c"
    assert one_line("abcde", 5) == "abcde" and one_line("abcdef", 5) == "abcd…"
    line = internal_error_line(RuntimeError("dòng một\n" + "x" * 300))
    detail = line[line.index("(") + 1 : line.index(")")]
    assert "\n" not in line and len(detail) == 200
    assert detail.startswith("RuntimeError: dòng một xxx") and detail.endswith("x…")


def test_a_one_column_appendix_puts_the_group_number_and_title_in_its_cell() -> None:
    """Its group row has no other column for the title to span (found by the property tests:
    the row claimed a second cell the table does not have)."""
    plan = _plan(
        target_groups=[{"id": "nhom", "title": "Nhóm một"}],
        targets=[{"id": "t", "group": "nhom", "text": "Việc {value}", "values": {"2026": "1"}}],
        phases=["2026"],
        appendices=[
            {
                "title": "DANH MỤC",
                "source": "targets",
                "columns": [{"field": "stt", "header": "TT"}],
            }
        ],
    )
    rows = _laid_out(plan).appendices[0].table.rows
    assert [len(row.cells) for row in rows] == [1, 1]
    assert text_of(rows[0].cells[0].lines[0]) == "I Nhóm một"
