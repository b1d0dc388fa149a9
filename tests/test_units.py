"""Numbering, dates and inline emphasis: the small rules of FORMAT.md, checked one by one."""

from __future__ import annotations

import pytest

from kehoach.layout.dates import number_line, place_date_line
from kehoach.layout.inline import parse_inline
from kehoach.layout.numbering import heading_number, point_letter, roman
from kehoach.model.document import Span


@pytest.mark.parametrize(
    ("number", "expected"), [(1, "I"), (4, "IV"), (9, "IX"), (14, "XIV"), (40, "XL")]
)
def test_roman(number: int, expected: str) -> None:
    assert roman(number) == expected


def test_point_letters_skip_f_j_w_z_and_include_dd() -> None:
    letters = [point_letter(i) for i in range(23)]
    assert letters[:7] == ["a", "b", "c", "d", "đ", "e", "g"]
    assert not {"f", "j", "w", "z"} & set(letters)
    assert letters[-1] == "y"
    assert point_letter(23) == "aa"


def test_heading_numbers_by_depth() -> None:
    assert heading_number((3,)) == "III."
    assert heading_number((1, 2)) == "2."
    assert heading_number((1, 2, 1)) == "2.1."
    assert heading_number((1, 2, 1, 3)) == "2.1.3."


def test_place_and_date_padding_rules() -> None:
    assert place_date_line("Cần Thơ", 31, 12, 2025) == "Cần Thơ, ngày 31 tháng 12 năm 2025"
    assert place_date_line("Cần Thơ", 5, 1, 2026) == "Cần Thơ, ngày 05 tháng 01 năm 2026"
    assert place_date_line("Cần Thơ", 9, 2, 2026) == "Cần Thơ, ngày 09 tháng 02 năm 2026"
    assert place_date_line("Cần Thơ", 10, 3, 2026) == "Cần Thơ, ngày 10 tháng 3 năm 2026"
    draft = place_date_line("Cần Thơ", None, 1, 2026)
    assert draft.startswith("Cần Thơ, ngày ") and draft.endswith(" tháng 01 năm 2026")
    assert "ngày  " in draft  # room left for the day


def test_number_line() -> None:
    assert number_line(224, "KH-UBND") == "Số: 224/KH-UBND"
    assert number_line(7, "KH-UBND") == "Số: 07/KH-UBND"
    blank = number_line(None, "KH-VPUB")
    assert blank.startswith("Số:") and blank.endswith("/KH-VPUB")
    assert blank.replace(" ", "") == "Số:/KH-VPUB" and "      " in blank


def test_inline_bold_and_italic() -> None:
    assert parse_inline("dữ liệu “**đúng, đủ**” và (*Big Data*)") == (
        Span("dữ liệu “"),
        Span("đúng, đủ", bold=True),
        Span("” và ("),
        Span("Big Data", italic=True),
        Span(")"),
    )


def test_inline_leaves_unpaired_and_escaped_markers_literal() -> None:
    assert parse_inline("3 * 4 = 12") == (Span("3 * 4 = 12"),)
    assert parse_inline(r"a \*b\* c") == (Span("a *b* c"),)
    assert parse_inline("{{ x }} <b>y</b> & z") == (Span("{{ x }} <b>y</b> & z"),)
