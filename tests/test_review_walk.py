"""The diff walk is generic: keys the schema gains (spec 13) are compared and named, never a crash.

Plans cannot carry unknown keys (the schema refuses them), so the walk is
given the JSON shapes the new keys will have: a task's ``outputs`` (a list
of records without ids), a literal table's rows and cells, a footnote in a
text, a number written as a string of digits.
"""

from __future__ import annotations

from kehoach.review.names import field_name
from kehoach.review.plandiff import walk
from kehoach.review.report import describe


def _lines(area: str, old: object, new: object) -> list[str]:
    return [describe(c) for c in walk(area, "kiem-tra", (), old, new)]


def test_outputs_of_a_task() -> None:
    old = {"outputs": [{"result": "Kế hoạch kiểm tra", "deadline": "Quý I"}]}
    new = {
        "outputs": [
            {"result": "Kế hoạch kiểm tra", "deadline": "Quý II"},
            {"result": "Kế hoạch tự kiểm tra", "lead": ["Sở Nội vụ"], "monitor": ["Sở Nội vụ"]},
        ]
    }
    assert _lines("task", old, new) == [
        "nhiệm vụ kiem-tra, sản phẩm 1, thời gian thực hiện: Quý I → Quý II",
        "nhiệm vụ kiem-tra, sản phẩm 2: thêm mới",
    ]


def test_literal_table_cells_and_footnotes() -> None:
    old = {"table": {"rows": [["Sở Xây dựng", "Tháng 7/2026"], {"group": "Cấp tỉnh"}]}}
    new = {
        "table": {
            "rows": [["Sở Xây dựng^[Theo Quyết định 12]", "Tháng 8/2026"], {"group": "Cấp tỉnh"}]
        }
    }
    assert _lines("section", old, new) == [
        "mục kiem-tra, bảng, dòng 1: bị xóa: «Sở Xây dựng | Tháng 7/2026»",
        "mục kiem-tra, bảng, dòng 1: thêm mới: «Sở Xây dựng^[Theo Quyết định 12] | Tháng 8/2026»",
    ]


def test_number_as_a_string_of_digits() -> None:
    assert _lines("metadata", {"number": 155}, {"number": "0155"}) == [
        "thông tin văn bản, số: 155 → 0155"
    ]


def test_unknown_key_is_named_by_itself() -> None:
    assert field_name("plan", "khoa_moi.2.ten") == "khoa_moi, thứ 2, ten"
    assert _lines("plan", {"khoa_moi": "a"}, {"khoa_moi": "b"}) == [
        "kế hoạch kiem-tra, khoa_moi: a → b"
    ]
