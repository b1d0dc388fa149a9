"""kehoach lint, rule by rule: a correct text passes, a wrong one is found at its exact place.

The texts are taken from the real plans of plans/ wherever one shows the
rule (the mistakes the signed documents kept, and the correct wording
elsewhere in the same documents). Each finding is checked by the words it
underlines in the file (line, column, width), so a test fails if the
position drifts by one character.
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from click.testing import CliRunner
from conftest import REPO, minimal_plan

from kehoach.base.diagnostics import Diagnostic, format_diagnostic
from kehoach.cli.commands import main
from kehoach.lint import dictionary
from kehoach.lint.engine import lint_plan
from kehoach.source.loader import load_plan

SHOWN = "plans/x.yaml"


def _lint(root: Path, text: str) -> tuple[list[Diagnostic], str]:
    plan = root / SHOWN
    plan.write_text(text, encoding="utf-8")
    loaded = load_plan(plan, SHOWN)
    return lint_plan(root, loaded), text


def underlined(diagnostic: Diagnostic, source: str) -> str:
    """The characters of ``source`` the diagnostic underlines."""
    line = source.split("\n")[diagnostic.at.line - 1]
    start = diagnostic.at.column - 1
    return line[start : start + (diagnostic.width or 1)]


def found(root: Path, body: str, tail: str = "") -> list[tuple[str, str]]:
    """(code, underlined text) of every error lint finds in a small plan saying ``body``."""
    diagnostics, source = _lint(root, minimal_plan(body=body, tail=tail))
    return [(d.code, underlined(d, source)) for d in diagnostics if d.is_error]


# --- spelling ---------------------------------------------------------------------------


def test_spelling_finds_a_word_that_is_no_syllable_and_suggests_by_decomposed_letters(
    sandbox: Path,
) -> None:
    assert found(sandbox, "Xây dựng nền tảng số dùng chung.") == []
    diagnostics, _ = _lint(sandbox, minimal_plan(body="Xây dựg nền tảng số dùng chung."))
    assert [(d.code, d.at.line, d.at.column, d.width) for d in diagnostics] == [
        ("spelling", 12, 14, 3)
    ]
    assert "«dựng»" in diagnostics[0].message


def test_tone_placement_is_found_and_both_styles_of_oa_oe_uy_are_words(sandbox: Path) -> None:
    spelling = {"spelling", "tone-placement"}
    for body in ("Ủy ban tỉnh hòa giải, thủy lợi, khỏe mạnh.", "Uỷ ban hoà giải, thuỷ, khoẻ."):
        assert [hit for hit in found(sandbox, body) if hit[0] in spelling] == []
    hits = found(sandbox, "Sớm hòan thành kế hoạch.")
    assert hits == [("tone-placement", "hòan")]


def test_a_plan_mixing_the_two_tone_styles_is_told_at_the_fewer(sandbox: Path) -> None:
    # KH 224 writes «sức khoẻ» once among «hóa», «hòa»…
    body = "Số hóa hồ sơ, chuẩn hóa dữ liệu, hòa mạng; hồ sơ sức khoẻ điện tử."
    assert found(sandbox, body) == [("tone-style-mixed", "khoẻ")]


def test_two_spellings_of_one_syllable_in_a_plan(sandbox: Path) -> None:
    # the Văn phòng's Phụ lục I: «Tỉ lệ» beside «Tỷ lệ»
    tail = 'intro:\n  - "Tỷ lệ hồ sơ được số hóa; tỷ lệ văn bản điện tử."\n'
    assert found(sandbox, "Tỷ lệ dịch vụ công trực tuyến.", tail) == []
    assert found(sandbox, "Tỉ lệ dịch vụ công trực tuyến.", tail) == [("variant-mixed", "Tỉ")]


def test_foreign_terms_in_brackets_addresses_and_reviewed_words_are_not_misspellings(
    sandbox: Path,
) -> None:
    body = (
        "Xây dựng Kho dữ liệu (Data Warehouse), “Cloud First”, cổng rdx.gov.vn, "
        "thư snv-cchc@lamdong.gov.vn, biểu mẫu e-form, lực lượng nòng cốt, video."
    )
    assert found(sandbox, body) == []


def test_a_name_the_plan_sets_itself_is_accepted(sandbox: Path) -> None:
    plan = minimal_plan(body="Ủy ban nhân dân xã Đắk Rlấp thực hiện.").replace(
        "place: Cần Thơ", "place: Đắk Rlấp"
    )
    diagnostics, _ = _lint(sandbox, plan)
    assert diagnostics == []


# --- confusions ----------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("body", "expected"),
    [
        ("Đẩy mạnh chuyên đổi số.", [("confused-word", "chuyên đổi")]),
        ("Đẩy mạnh chuyển đổi số, thu hút chuyên gia.", []),
        ("Phân đầu đạt mức độ 3.", [("confused-word", "Phân đầu")]),
        ("Phấn đấu đạt mức độ 3.", []),
        ("Phản hồi từ Công dịch vụ công quốc gia.", [("confused-word", "Công dịch vụ công")]),
        ("Nâng cấp công thông tin điện tử.", [("confused-word", "công thông tin")]),
        ("Làm cơ sở đề các cơ quan triển khai.", [("confused-word", "cơ sở đề")]),
        ("Làm cơ sở đề xuất giải pháp.", []),
        ("Tuyển dụng, chuyển ngành, nâng ngành.", []),
    ],
)
def test_confused_words(sandbox: Path, body: str, expected: list[tuple[str, str]]) -> None:
    assert found(sandbox, body) == expected


@pytest.mark.parametrize(
    ("body", "expected"),
    [
        ("Tập trung phát triển kinh số.", [("missing-word", "kinh")]),
        ("Tập trung phát triển kinh tế số, kinh phí.", []),
        ("Cán bộ, công chức cấp được bồi dưỡng.", [("missing-word", "công chức cấp")]),
        ("Cán bộ, công chức cấp xã được bồi dưỡng.", []),
        ("Trong đó với cần xác định rõ kết quả.", [("stray-word", "với cần")]),
        ("Trong đó cần xác định rõ kết quả.", []),
        ("Ví dụ: Bắc Kinh.", []),
    ],
)
def test_missing_and_stray_words(sandbox: Path, body: str, expected: list[tuple[str, str]]) -> None:
    assert found(sandbox, body) == expected


# --- capitals --------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("body", "expected"),
    [
        ("Chủ trì: Văn phòng UBND Tỉnh.", [("capital-admin-unit", "Tỉnh")]),
        ("Chủ trì: Văn phòng UBND tỉnh; Văn phòng Tỉnh ủy.", []),
        ("Triển khai tại Tỉnh Đồng Tháp.", [("capital-admin-unit", "Tỉnh")]),
        ("Triển khai tại tỉnh Đồng Tháp và Thành phố Hồ Chí Minh, Quận 1.", []),
        ("Dữ liệu của Thành phố được chia sẻ.", []),
        (
            "Theo hướng dẫn của Bộ Khoa học và công nghệ.",
            [("capital-agency", "Khoa học và công nghệ")],
        ),
        ("Theo hướng dẫn của Bộ Khoa học và Công nghệ, Sở Tài chính.", []),
        ("Báo cáo ủy ban nhân dân tỉnh.", [("capital-agency", "ủy ban nhân dân")]),
        ("Thái độ phục vụ nhân dân.", [("capital-special", "nhân dân")]),
        ("Thái độ phục vụ Nhân dân của Ủy ban nhân dân, Công an nhân dân.", []),
        ("Trình thủ tướng Chính phủ.", [("capital-title", "thủ tướng")]),
        ("Trình Thủ tướng Chính phủ.", []),
        ("Theo Khoản 2 Điều 5 của Luật.", [("capital-reference", "Khoản")]),
        ("Theo điều 5 của Luật.", [("capital-reference", "điều")]),
        ("Căn cứ điểm a khoản 2 Điều 103 của Bộ luật.", []),
    ],
)
def test_capitals(sandbox: Path, body: str, expected: list[tuple[str, str]]) -> None:
    assert found(sandbox, body) == expected


def test_a_heading_in_capitals_is_judged_by_its_syllables(sandbox: Path) -> None:
    assert found(sandbox, "ỦY BAN NHÂN DÂN TỈNH ĐỒNG THÁP") == []
    assert found(sandbox, "ỦY BAN NHÂN DÂN TỈNH ĐỒNG THẤPP") == [("spelling", "THẤPP")]


# --- citations ------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("body", "expected"),
    [
        ("Căn cứ Nghị quyết số 57-NQ/TW ngày 22/12/2024 của Bộ Chính trị.", []),
        (
            "Căn cứ Nghị quyết số 57/NQ-TW ngày 22/12/2024 của Bộ Chính trị.",
            [("citation-symbol", "57/NQ-TW")],
        ),
        (
            "Căn cứ Nghị quyết số 57-NQ/TW ngày 22 ngày 12 tháng 2024 của Bộ Chính trị.",
            [("date", "ngày 22 ngày 12 tháng 2024")],
        ),
        (
            "Căn cứ Nghị quyết số 71/NQ-CP ngày 31/4/2025 của Chính phủ.",
            [("date", "ngày 31/4/2025")],
        ),
        (
            "Căn cứ Nghị quyết số 749/QĐ-TTg ngày 03 tháng 6 năm 2020 của Thủ tướng Chính phủ.",
            [("citation-kind", "Nghị quyết")],
        ),
        (
            "Căn cứ Quyết định số 749/QĐ-TTg ngày 03 tháng 6 năm 2020 của Chính phủ.",
            [("citation-issuer", "Chính phủ")],
        ),
        ("Căn cứ Quyết định số 749/QĐ-TTg ngày 03 tháng 6 năm 2020 của Thủ tướng Chính phủ.", []),
        (
            "Căn cứ Nghị định số 30/2020/NĐ-CP ngày 05/3/2021 của Chính phủ.",
            [("date", "05/3/2021")],
        ),
    ],
)
def test_citations(sandbox: Path, body: str, expected: list[tuple[str, str]]) -> None:
    assert found(sandbox, body) == expected


def test_one_document_cited_with_two_dates_in_a_plan(sandbox: Path) -> None:
    tail = 'intro:\n  - "Thực hiện Kế hoạch số 54/KH-UBND ngày 17/3/2025 của UBND thành phố."\n'
    same = "Triển khai Kế hoạch số 54/KH-UBND ngày 17/3/2025 của Ủy ban nhân dân thành phố."
    assert found(sandbox, same, tail) == []
    other = "Triển khai Kế hoạch số 54/KH-UBND ngày 26/9/2025 của Ủy ban nhân dân thành phố."
    assert found(sandbox, other, tail) == [("citation-conflict", "54/KH-UBND")]


def test_one_document_cited_with_two_dates_across_the_cascade(sandbox: Path) -> None:
    parent = sandbox / "plans" / "cha.yaml"
    parent.write_text(
        minimal_plan(body="Căn cứ Nghị quyết số 57-NQ/TW ngày 22/12/2024 của Bộ Chính trị."),
        encoding="utf-8",
    )
    child = "extends: plans/cha.yaml\n" + minimal_plan(
        body="Căn cứ Nghị quyết số 57-NQ/TW ngày 12/12/2024 của Bộ Chính trị."
    )
    diagnostics, source = _lint(sandbox, child)
    assert [(d.code, underlined(d, source)) for d in diagnostics] == [
        ("citation-conflict", "57-NQ/TW")
    ]
    assert "plans/cha.yaml" in diagnostics[0].message


# --- abbreviations -------------------------------------------------------------------------


def test_an_abbreviation_never_defined_gets_the_nearest_known_one(sandbox: Path) -> None:
    assert found(sandbox, "Kiện toàn Ban Chỉ đạo (BCĐ); chỉ đạo của BCĐ.") == []
    assert found(sandbox, "Cải cách hành chính (sau đây viết tắt là CCHC); CCHC.") == []
    diagnostics, source = _lint(sandbox, minimal_plan(body="Rà soát, kiện toàn BCD."))
    assert [(d.code, underlined(d, source)) for d in diagnostics] == [
        ("abbreviation-undefined", "BCD")
    ]
    assert "«BCĐ» (Ban Chỉ đạo)" in diagnostics[0].message


def test_the_drafting_units_code_in_luu_is_judged_only_as_a_typo(sandbox: Path) -> None:
    # Long Mỹ signed «Lưu: VT, VHXX» for the Văn hóa - Xã hội unit (VHXH)
    assert found(sandbox, "Lưu: VT, NC.") == []
    assert found(sandbox, "Lưu: VT, VHXX.") == [("abbreviation-undefined", "VHXX")]


def test_symbols_and_known_abbreviations_need_no_definition(sandbox: Path) -> None:
    body = "Theo Quyết định số 2629/QĐ-TTg, Văn bản số /BKHCN-CĐSQG, UBND, CNTT và AI."
    assert found(sandbox, body) == []


def test_an_abbreviation_defined_twice_in_the_body(sandbox: Path) -> None:
    tail = 'intro:\n  - "Chỉ số chuyển đổi số cấp tỉnh (DTI) năm 2025."\n'
    assert found(sandbox, "Cải thiện Chỉ số chuyển đổi số cấp tỉnh (DTI).", tail) == [
        ("abbreviation-redefined", "DTI")
    ]


def test_an_abbreviation_used_before_it_is_written_out(sandbox: Path) -> None:
    later = 'intro:\n  - "Chỉ số chuyển đổi số cấp tỉnh (DTI) năm 2025."\n'
    assert found(sandbox, "Cải thiện chỉ số DTI.", later) == [("abbreviation-late", "DTI")]
    after = 'intro:\n  - "Cải thiện chỉ số DTI."\n'
    assert found(sandbox, "Chỉ số chuyển đổi số cấp tỉnh (DTI) năm 2025.", after) == []


# --- form ------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("body", "expected"),
    [
        ("Tham gia hoạt động trên môi trường số ;", [("space-before-punctuation", " ;")]),
        ("Tham gia hoạt động trên môi trường số; hộ kinh doanh ... với hệ sinh thái.", []),
        ("Được AI hỗ trợ “ cá thể hóa”.", [("space-inside-brackets", "“ ")]),
        ("Dữ liệu  mở.", [("double-space", "  ")]),
        ("Theo Kế hoạch số          /KH-UBND của UBND tỉnh.", []),
        ("(Đính kèm Phụ lục I)", []),
        ("Các điểm a), b) và (i), (ii) của mục 2.", []),
        ("(Đính kèm Phụ lục I", [("unbalanced", "(")]),
        ("Phát triển như dữ liệu, bán dẫn,", [("unfinished-sentence", ",")]),
        ("An toàn trên môi trường số. yêu cầu bám sát.", [("sentence-capital", "yêu")]),
        ("Kinh doanh ... với hệ sinh thái; v.v. các nội dung khác.", []),
        (
            "Nội dung: (i) đo lường; (ii) khảo sát; (iii) hỗ trợ; (IV) Phát triển.",
            [("enumeration-case", "(IV)")],
        ),
        ("Độc lập – Tự do – Hạnh phúc", [("tieu-ngu", "Độc lập – Tự do – Hạnh phúc")]),
        ("Độc lập - Tự do - Hạnh phúc", []),
    ],
)
def test_form(sandbox: Path, body: str, expected: list[tuple[str, str]]) -> None:
    assert found(sandbox, body) == expected


def test_markup_is_not_spacing(sandbox: Path) -> None:
    assert found(sandbox, "Trước ngày **01/12 hằng năm**. Đạt {value} hồ sơ.") == []


def test_list_items_ending_otherwise_than_the_rest(sandbox: Path) -> None:
    items = ["Tỷ lệ thứ nhất;", "Tỷ lệ thứ hai;", "Tỷ lệ thứ ba.", "Tỷ lệ thứ tư;", "Tỷ lệ cuối."]
    tail = "intro:\n" + "".join(f'  - "{item}"\n' for item in items)
    assert found(sandbox, "Nội dung.", tail) == [("list-punctuation", ".")]


def test_a_target_worded_differently_in_body_and_appendix(sandbox: Path) -> None:
    def plan(indicator: str) -> str:
        return minimal_plan(
            tail=(
                "phases: ['2026']\n"
                "target_groups: [{id: g, title: Nhóm}]\n"
                "targets:\n"
                "  - id: t\n    group: g\n"
                '    text: "{value} cơ quan được đánh giá hằng năm"\n'
                f'    indicator: "{indicator}"\n'
                "    values: {'2026': 100%}\n"
            )
        )

    # the Văn phòng's task: «hằng năm» in the body, «hàng năm» in Phụ lục II
    diagnostics, source = _lint(sandbox, plan("Tỷ lệ cơ quan được đánh giá hằng năm"))
    assert diagnostics == []
    diagnostics, source = _lint(sandbox, plan("Tỷ lệ cơ quan được đánh giá hàng năm"))
    assert [(d.code, underlined(d, source)) for d in diagnostics] == [("target-wording", "hàng")]


# --- positions ------------------------------------------------------------------------------


def test_positions_inside_folded_quoted_and_literal_scalars(sandbox: Path) -> None:
    text = minimal_plan(
        tail=(
            "intro:\n"
            "  - >-\n"
            "    Đẩy mạnh ứng dụng công nghệ số và\n"
            "      chuyên đổi số trong cơ quan.\n"
            "  - 'Nội dung ''trích'' chuyên đổi số.'\n"
            '  - "Nội dung \\"trích\\" và\n'
            '    chuyên đổi số."\n'
            "  - |-\n"
            "    Dòng một.\n"
            "    Dòng hai chuyên đổi số.\n"
        )
    )
    diagnostics, source = _lint(sandbox, text)
    places = [(d.at.line, d.at.column, underlined(d, source)) for d in diagnostics]
    assert places == [
        (16, 7, "chuyên đổi"),
        (17, 25, "chuyên đổi"),
        (19, 5, "chuyên đổi"),
        (22, 14, "chuyên đổi"),
    ]


# --- exceptions, CLI --------------------------------------------------------------------------


def test_a_finding_the_plan_means_is_kept_with_its_reason(sandbox: Path) -> None:
    tail = (
        "lint:\n  ignore:\n"
        "    - {code: confused-word, text: chuyên đổi, reason: trích nguyên văn bản gốc}\n"
        "    - {code: spelling, text: Zaloo, reason: tên ứng dụng}\n"
    )
    diagnostics, _ = _lint(sandbox, minimal_plan(body="Đẩy mạnh chuyên đổi số.", tail=tail))
    assert [(d.severity, d.code, d.reason) for d in diagnostics] == [
        ("warning", "confused-word", "trích nguyên văn bản gốc"),
        ("warning", "unused-lint-ignore", None),
    ]
    assert diagnostics[1].at.line == 16


def test_cli_exit_codes_text_and_json(sandbox: Path) -> None:
    (sandbox / "plans" / "a.yaml").write_text(minimal_plan(body="Phấn đấu đạt."), "utf-8")
    clean = CliRunner().invoke(main, ["lint", "--root", str(sandbox), "plans"])
    assert clean.exit_code == 0, clean.output
    assert "không có lỗi chính tả, thể thức" in clean.output
    (sandbox / "plans" / "b.yaml").write_text(minimal_plan(body="Phân đầu đạt."), "utf-8")
    dirty = CliRunner().invoke(main, ["lint", "--root", str(sandbox), "plans"])
    assert dirty.exit_code == 1
    assert "plans/b.yaml:12:10: lỗi: [confused-word] «Phân đầu» có lẽ là «Phấn đấu»" in dirty.stderr
    assert '   12 |       - "Phân đầu đạt."\n      |          ^^^^^^^^\n' in dirty.stderr
    as_json = CliRunner().invoke(
        main, ["lint", "--root", str(sandbox), "--format", "json", "plans/b.yaml"]
    )
    assert as_json.exit_code == 1
    payload = json.loads(as_json.stdout)
    assert payload["errors"] == 1
    assert payload["findings"][0]["child"] == {"path": "plans/b.yaml", "line": 12, "column": 10}
    assert payload["findings"][0]["width"] == 8
    (sandbox / "plans" / "c.yaml").write_text("document: [", "utf-8")
    unreadable = CliRunner().invoke(main, ["lint", "--root", str(sandbox), "plans"])
    assert unreadable.exit_code == 2


def test_a_missing_dictionary_is_an_error_never_a_pass(
    sandbox: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    (sandbox / "plans" / "a.yaml").write_text(minimal_plan(), "utf-8")
    monkeypatch.setattr(dictionary, "DICTIONARY", sandbox / "khong-co" / "vi_VN.dic")
    result = CliRunner().invoke(main, ["lint", "--root", str(sandbox), "plans"])
    assert result.exit_code == 2
    assert "không tìm thấy từ điển tiếng Việt" in result.stderr
    assert "apt-get install hunspell-vi" in result.stderr


# --- the seven plans -----------------------------------------------------------------------

LISTED = [
    # (plan, line, code, underlined): the mistakes the plans' comments list
    ("can-tho/long-my/kh-cqs-2026-2030.yaml", 191, "confused-word", "Phân đầu"),
    ("can-tho/long-my/kh-cqs-2026-2030.yaml", 277, "confused-word", "Phân đầu"),
    ("can-tho/long-my/kh-cqs-2026-2030.yaml", 516, "abbreviation-undefined", "VHXX"),
    ("can-tho/vpub/kh-cqs-2026-2030.yaml", 639, "confused-word", "chuyên đổi"),
    ("can-tho/vpub/kh-cqs-2026-2030.yaml", 468, "confused-word", "chuyên đổi"),
    ("can-tho/vpub/kh-cqs-2026-2030.yaml", 132, "variant-mixed", "Tỉ"),
    ("can-tho/kh-224-2025.yaml", 1353, "date", "ngày 22 ngày 12 tháng 2024"),
    ("can-tho/kh-224-2025.yaml", 430, "missing-word", "công chức cấp"),
    ("can-tho/kh-224-2025.yaml", 1652, "missing-word", "kinh"),
    ("can-tho/kh-224-2025.yaml", 1660, "space-before-punctuation", " ;"),
    ("trung-uong/khung-kh-cds-2026-2030.yaml", 513, "confused-word", "Phân đầu"),
    ("trung-uong/khung-kh-cds-2026-2030.yaml", 286, "confused-word", "Công dịch vụ công"),
    ("trung-uong/khung-kh-cds-2026-2030.yaml", 637, "confused-word", "công thông tin"),
    ("trung-uong/khung-kh-cds-2026-2030.yaml", 803, "confused-word", "chuyên đổi"),
    ("trung-uong/khung-kh-cds-2026-2030.yaml", 864, "stray-word", "với cần"),
    ("trung-uong/khung-kh-cds-2026-2030.yaml", 814, "abbreviation-undefined", "BCD"),
    ("trung-uong/khung-kh-cds-2026-2030.yaml", 778, "citation-symbol", "57/NQ-TW"),
    ("trung-uong/khung-kh-cds-2026-2030.yaml", 766, "enumeration-case", "(IV)"),
    ("trung-uong/khung-kh-cds-2026-2030.yaml", 804, "sentence-capital", "yêu"),
    ("trung-uong/khung-kh-cds-2026-2030.yaml", 834, "unfinished-sentence", ","),
    ("dong-thap/qd-3256-2025.yaml", 735, "confused-word", "chuyên đổi"),
    ("dong-thap/qd-3256-2025.yaml", 495, "confused-word", "cơ sở đề"),
    ("dong-thap/qd-3256-2025.yaml", 127, "capital-admin-unit", "Tỉnh"),
    ("dong-thap/qd-3256-2025.yaml", 104, "space-inside-brackets", "“ "),
]


@pytest.fixture(scope="module")
def plans_linted() -> dict[str, tuple[list[Diagnostic], str]]:
    linted = {}
    for plan in sorted((REPO / "plans").rglob("*.yaml")):
        shown = plan.relative_to(REPO).as_posix()
        loaded = load_plan(plan, shown)
        linted[shown] = (lint_plan(REPO, loaded), loaded.source)
    return linted


@pytest.mark.parametrize(("plan", "line", "code", "text"), LISTED, ids=lambda v: str(v))
def test_every_mistake_the_plans_list_is_found(
    plans_linted: dict[str, tuple[list[Diagnostic], str]],
    plan: str,
    line: int,
    code: str,
    text: str,
) -> None:
    diagnostics, source = plans_linted[f"plans/{plan}"]
    here = [(d.code, underlined(d, source)) for d in diagnostics if d.at.line == line]
    assert (code, text) in here, "\n".join(format_diagnostic(d, {}) for d in diagnostics)


def test_the_findings_on_the_plans_are_the_reviewed_ones(
    plans_linted: dict[str, tuple[list[Diagnostic], str]],
) -> None:
    """Every finding on plans/ is one of tests/golden/lint-plans.txt, where each has its
    verdict (real mistake or false alarm): a new finding, or a lost one, fails here."""
    reviewed = REPO / "tests" / "golden" / "lint-plans.txt"
    expected = [
        line.split("  #", 1)[0].rstrip()
        for line in reviewed.read_text(encoding="utf-8").splitlines()
        if line and not line.startswith("#")
    ]
    actual = [
        f"{d.at}: {d.code} «{underlined(d, source)}»"
        for diagnostics, source in plans_linted.values()
        for d in diagnostics
    ]
    assert actual == expected
