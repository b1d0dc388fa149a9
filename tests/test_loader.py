"""The loader reports every defect of a plan file at its exact line and column, in Vietnamese.

Each bad fixture is the minimal plan below with one defect; the tests pin the
position (a secretary's editor jumps there) and the key words of the message.
"""

from __future__ import annotations

import unicodedata
from pathlib import Path

import pytest

from kehoach.base.diagnostics import (
    Diagnostic,
    Location,
    PlanError,
    diagnostic_json,
    format_diagnostic,
)
from kehoach.source.loader import MAX_PLAN_BYTES, LoadedPlan, load_plan, read_tree

BAD = Path(__file__).parent / "fixtures" / "bad"

MINIMAL = """\
document:
  issuer:
    name: Ủy ban nhân dân phường Long Mỹ
  place: Cần Thơ
  date:
    year: 2026
  title: Kế hoạch thực hiện chuyển đổi số
  period: 2026-2030
body:
  - title: Mục đích, yêu cầu
    text: Bảo đảm triển khai đồng bộ.
"""


def errors_of(path: Path) -> list[Diagnostic]:
    """The diagnostics of loading ``path`` (which must fail), displayed by file name."""
    with pytest.raises(PlanError) as caught:
        load_plan(path, path.name)
    diagnostics = caught.value.diagnostics
    assert diagnostics, "PlanError without diagnostics"
    for d in diagnostics:
        assert d.at.path == path.name
        assert "\n" not in d.message
        assert unicodedata.is_normalized("NFC", d.message)
    return diagnostics


def only_error(path: Path) -> Diagnostic:
    diagnostics = errors_of(path)
    assert len(diagnostics) == 1, diagnostics
    return diagnostics[0]


def write(tmp_path: Path, text: str, name: str = "plan.yaml") -> Path:
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    return path


# --- a valid plan -------------------------------------------------------------


def test_minimal_plan_loads_with_positions(tmp_path: Path) -> None:
    loaded = load_plan(write(tmp_path, MINIMAL))
    assert isinstance(loaded, LoadedPlan)
    assert loaded.plan.document.place == "Cần Thơ"
    assert loaded.plan.document.date.year == 2026
    assert loaded.plan.body[0].text == ["Bảo đảm triển khai đồng bộ."]
    assert loaded.source == MINIMAL
    assert loaded.positions[()] == (1, 1)
    assert loaded.positions[("document",)] == (1, 1)
    assert loaded.positions[("document", "date", "year")] == (6, 5)
    assert loaded.positions[("body", 0)] == (10, 5)
    assert loaded.positions[("body", 0, "text")] == (11, 5)


def test_bom_is_dropped_and_crlf_accepted(tmp_path: Path) -> None:
    path = tmp_path / "bom.yaml"
    path.write_bytes(b"\xef\xbb\xbf" + MINIMAL.replace("\n", "\r\n").encode("utf-8"))
    loaded = load_plan(path)
    assert loaded.plan.document.title == "Kế hoạch thực hiện chuyển đổi số"
    assert loaded.positions[("document", "title")] == (7, 3)


def test_read_tree_gives_plain_data(tmp_path: Path) -> None:
    text = MINIMAL + "phases: [2026-2027, '2028']\nclosing: 2026-01-01\n"
    data, positions, source = read_tree(write(tmp_path, text), "x.yaml")
    assert isinstance(data, dict)
    assert data["document"]["date"] == {"year": 2026}
    assert data["phases"] == ["2026-2027", "2028"]
    assert data["closing"] == "2026-01-01"  # timestamps stay strings
    assert positions[("phases", 1)] == (12, 21)
    assert source == text


# --- bytes and characters ---------------------------------------------------


def test_empty_file() -> None:
    d = only_error(BAD / "empty.yaml")
    assert (d.at.line, d.at.column) == (1, 1)
    assert "tệp rỗng" in d.message


def test_oversize_file_is_refused_before_parsing(tmp_path: Path) -> None:
    path = tmp_path / "big.yaml"
    # Not even YAML: the size check must come first.
    path.write_bytes(b"[" * (MAX_PLAN_BYTES + 1))
    d = only_error(path)
    assert (d.at.line, d.at.column) == (1, 1)
    assert "quá lớn" in d.message and "2 MiB" in d.message
    assert d.code == "too-large"


def test_not_utf8_points_at_first_bad_byte(tmp_path: Path) -> None:
    path = tmp_path / "latin.yaml"
    path.write_bytes(MINIMAL.encode("utf-8").replace("Cần Thơ".encode(), b"C\xe2n Tho"))
    d = only_error(path)
    assert (d.at.line, d.at.column) == (4, 11)
    assert "không phải UTF-8" in d.message and "0xE2" in d.message


def test_non_nfc_text() -> None:
    path = BAD / "not_nfc.yaml"
    assert "ye\u0302u".encode() in path.read_bytes()  # the fixture keeps its defect
    d = only_error(path)
    # The caret sits on the base letter «e» of «yêu» on line 10.
    assert (d.at.line, d.at.column) == (10, 23)
    assert "NFC" in d.message and "dấu tổ hợp rời" in d.message
    assert d.code == "not-nfc"


def test_control_character() -> None:
    path = BAD / "control_char.yaml"
    assert b"\x0b" in path.read_bytes()
    d = only_error(path)
    assert (d.at.line, d.at.column) == (11, 18)
    assert "ký tự điều khiển U+000B" in d.message
    assert d.code == "control-char"


def test_unreadable_path(tmp_path: Path) -> None:
    d = only_error(tmp_path / "absent.yaml")
    assert (d.at.line, d.at.column) == (1, 1)
    assert "không tìm thấy tệp" in d.message


# --- YAML -------------------------------------------------------------------


def test_unclosed_quote() -> None:
    d = only_error(BAD / "unclosed_quote.yaml")
    # libyaml notices at the end of the file; the caret goes to where the quote opened.
    assert (d.at.line, d.at.column) == (4, 10)
    assert "ngoặc" in d.message and "đến hết tệp" in d.message
    assert d.code == "yaml-syntax"


def test_tab_indentation() -> None:
    path = BAD / "tab_indent.yaml"
    assert b"\n\tyear" in path.read_bytes()
    d = only_error(path)
    assert (d.at.line, d.at.column) == (6, 1)
    assert "Tab" in d.message and "dấu cách" in d.message


def test_colon_inside_plain_text(tmp_path: Path) -> None:
    text = MINIMAL.replace("title: Kế hoạch", "title: Kế hoạch: nội dung")
    d = only_error(write(tmp_path, text))
    assert (d.at.line, d.at.column) == (7, 18)
    assert "«:»" in d.message and "ngoặc kép" in d.message


def test_duplicate_key() -> None:
    d = only_error(BAD / "duplicate_key.yaml")
    assert (d.at.line, d.at.column) == (9, 3)
    assert "khóa «place» bị lặp (đã có ở dòng 4)" in d.message
    assert d.code == "duplicate-key"


def test_anchor_and_alias() -> None:
    anchor, alias = errors_of(BAD / "anchor_alias.yaml")
    assert (anchor.at.line, anchor.at.column, anchor.code) == (3, 11, "anchor")
    assert (alias.at.line, alias.at.column, alias.code) == (11, 11, "alias")
    for d in (anchor, alias):
        assert "không dùng neo (&)/bí danh (*)" in d.message


def test_explicit_tag() -> None:
    d = only_error(BAD / "explicit_tag.yaml")
    assert (d.at.line, d.at.column) == (7, 10)
    assert "«!!binary»" in d.message and "thẻ" in d.message


def test_second_document(tmp_path: Path) -> None:
    d = only_error(write(tmp_path, MINIMAL + "---\nx: 1\n"))
    assert (d.at.line, d.at.column) == (12, 1)
    assert "một tài liệu YAML" in d.message


# --- schema -----------------------------------------------------------------


def test_wrong_type() -> None:
    d = only_error(BAD / "wrong_type.yaml")
    assert (d.at.line, d.at.column) == (6, 5)
    assert "«year»" in d.message and "số nguyên" in d.message and "hai nghìn" in d.message
    assert d.code == "type"


def test_unknown_key_with_suggestion() -> None:
    missing, unknown = errors_of(BAD / "unknown_key.yaml")
    assert (unknown.at.line, unknown.at.column) == (7, 3)
    assert "khóa «titel» không được phép" in unknown.message
    assert "bạn có định viết «title» không?" in unknown.message
    assert unknown.code == "unknown-key"
    # The real field is now absent too: reported at the key of its mapping.
    assert (missing.at.line, missing.at.column) == (1, 1)
    assert "«title»" in missing.message


def test_missing_required_field() -> None:
    d = only_error(BAD / "missing_place.yaml")
    assert (d.at.line, d.at.column) == (1, 1)  # the key «document» that lacks it
    assert "thiếu trường bắt buộc «place»" in d.message
    assert d.code == "missing"


def test_missing_nested_field_points_at_parent_key(tmp_path: Path) -> None:
    d = only_error(
        write(
            tmp_path,
            MINIMAL.replace("    name: Ủy ban nhân dân phường Long Mỹ\n", "    abbr: UBND\n"),
        )
    )
    assert (d.at.line, d.at.column) == (2, 3)
    assert "thiếu trường bắt buộc «name» trong «issuer»" in d.message


def test_number_where_text_is_expected_suggests_quotes(tmp_path: Path) -> None:
    d = only_error(write(tmp_path, MINIMAL.replace("period: 2026-2030", "period: 2026")))
    assert d.message == (
        "«period» phải là chuỗi văn bản, không phải số 2026; "
        'nếu là chữ, hãy đặt trong ngoặc kép: "2026"'
    )


def test_literal_lists_allowed_values(tmp_path: Path) -> None:
    text = MINIMAL.replace("  place:", "  kind: kehoach\n  place:")
    d = only_error(write(tmp_path, text))
    assert (d.at.line, d.at.column) == (4, 3)
    assert "«ke-hoach», «ke-hoach-hanh-dong»" in d.message
    assert "bạn có định viết «ke-hoach» không?" in d.message


def test_union_of_text_and_point_reports_one_error(tmp_path: Path) -> None:
    text = MINIMAL + "    points:\n      - 5\n      - {text: a, itemz: [b]}\n      - ''\n"
    first, second, third = errors_of(write(tmp_path, text))
    assert (first.at.line, first.at.column) == (13, 9)
    assert "chuỗi văn bản hoặc bảng khóa" in first.message and "số 5" in first.message
    assert (second.at.line, second.at.column) == (14, 19)
    assert "khóa «itemz»" in second.message and "«items»" in second.message
    assert (third.at.line, third.at.column) == (15, 9)
    assert "không được để trống" in third.message


def test_plan_rule_error_keeps_its_position(tmp_path: Path) -> None:
    text = MINIMAL.replace("    year: 2026", "    day: 3\n    year: 2026")
    d = only_error(write(tmp_path, text))
    assert (d.at.line, d.at.column) == (5, 3)  # the key «date»
    assert d.message == "có ngày thì phải có tháng"


def test_root_must_be_a_mapping(tmp_path: Path) -> None:
    d = only_error(write(tmp_path, "- document\n- body\n"))
    assert (d.at.line, d.at.column) == (1, 1)
    assert "bảng khóa" in d.message and "danh sách" in d.message


# --- formatting ---------------------------------------------------------------


def test_format_diagnostic_places_caret_by_characters() -> None:
    source = "document:\n  title: Kế hoạch phát triển: xã hội\n"
    # «:» after «phát triển» is character 29 of line 2, byte 37 in UTF-8.
    line = source.splitlines()[1]
    assert line.index(": x") + 1 == 29
    d = Diagnostic(
        "error", "yaml-syntax", "không được có dấu «:» ở đây", Location("plans/x.yaml", 2, 29)
    )
    assert format_diagnostic(d, {"plans/x.yaml": source}) == (
        "plans/x.yaml:2:29: lỗi: không được có dấu «:» ở đây\n"
        "    2 |   title: Kế hoạch phát triển: xã hội\n"
        "      |                             ^"
    )


def test_format_diagnostic_without_source_and_plan_error_render() -> None:
    at = Location("plans/x.yaml", 12, 5)
    d = Diagnostic("error", "unknown-key", "khóa «titel» không được phép", at)
    assert format_diagnostic(d, {}) == "plans/x.yaml:12:5: lỗi: khóa «titel» không được phép"
    warning = Diagnostic("warning", "x", "chú ý", Location("plans/x.yaml", 1, 1))
    error = PlanError([d, warning], {"plans/x.yaml": "a: 1\n"})
    assert [x.at.line for x in error.diagnostics] == [1, 12]
    # Line 12 is not in the source: no excerpt, never an exception.
    assert error.render() == (
        "plans/x.yaml:1:1: cảnh báo: chú ý\n    1 | a: 1\n      | ^\n"
        "plans/x.yaml:12:5: lỗi: khóa «titel» không được phép"
    )


def test_format_diagnostic_with_code_reason_related_position_and_help() -> None:
    """Every part of a diagnostic in its place: the related position gets its own excerpt."""
    d = Diagnostic(
        "warning",
        "below-floor",
        "giá trị «90%» thấp hơn mức sàn 95%",
        Location("plans/con.yaml", 2, 5),
        related=Location("plans/cha.yaml", 3, 7),
        reason="đã báo cáo",
        help="nâng giá trị lên ít nhất 95%",
    )
    sources = {"plans/con.yaml": "a:\n    x: 90%\n", "plans/cha.yaml": "a:\n b:\n      x: 95%\n"}
    assert format_diagnostic(d, sources, show_code=True) == (
        "plans/con.yaml:2:5: cảnh báo: [below-floor] giá trị «90%» thấp hơn mức sàn 95%"
        " — sai khác có chủ ý, lý do: đã báo cáo\n"
        "    2 |     x: 90%\n"
        "      |     ^\n"
        "plans/cha.yaml:3:7: cấp trên: quy định của kế hoạch cấp trên\n"
        "    3 |       x: 95%\n"
        "      |       ^\n"
        "      = gợi ý: nâng giá trị lên ít nhất 95%"
    )
    assert diagnostic_json(d) == {
        "severity": "warning",
        "code": "below-floor",
        "message": "giá trị «90%» thấp hơn mức sàn 95%",
        "child": {"path": "plans/con.yaml", "line": 2, "column": 5},
        "parent": {"path": "plans/cha.yaml", "line": 3, "column": 7},
        "reason": "đã báo cáo",
        "help": "nâng giá trị lên ít nhất 95%",
    }
    # No help: no key, so reports without help keep their shape.
    assert "help" not in diagnostic_json(Diagnostic("error", "x", "y", d.at))
