"""Tables written row by row (body and appendix), text appendices, task outputs, the reference line.

Each test builds a made-up plan in the shapes of the Lâm Đồng plans (the
tuyên truyền schedule TT | Nội dung | Trách nhiệm thực hiện | Thời gian, the
kiểm tra units table and «ĐỀ CƯƠNG BÁO CÁO», the seven-column CCHC task
appendix) and reads the .docx it gives: the markup Word acts on
(w:tblHeader, w:cantSplit, w:vMerge, w:gridSpan, the sections' page size)
and the printed text.
"""

from __future__ import annotations

import zipfile
from pathlib import Path

import pytest
from conftest import run_kehoach
from lxml import etree

from kehoach.pipeline import build_plan

W = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"
NS = {"w": W}

HEAD = """\
document:
  status: {status}
  issuer:
    name: Ủy ban nhân dân tỉnh Lâm Đồng
    abbr: UBND
    header_lines: [ỦY BAN NHÂN DÂN, TỈNH LÂM ĐỒNG]
  {number}
  place: Lâm Đồng
  date: {{{day}month: 3, year: 2026}}
  title: Tuyên truyền cải cách hành chính năm 2026
  period: "2026"
  reference_lead: Ban hành kèm theo
  reference_name: Chủ tịch UBND tỉnh Lâm Đồng
"""

PLAN = """\
task_groups:
  - id: chi-dao
    title: Công tác chỉ đạo, điều hành
  - id: the-che
    title: Cải cách thể chế
tasks:
  - id: kiem-tra
    group: chi-dao
    text: Tham mưu ban hành Kế hoạch kiểm tra công tác cải cách hành chính
    outputs:
      - result: Kế hoạch kiểm tra của tỉnh
        deadline: Quý I
        lead: [Sở Nội vụ]
        monitor: [Sở Nội vụ]
      - result: Kế hoạch tự kiểm tra
        deadline: Quý II
        lead: ["Các cơ quan, đơn vị, địa phương"]
        monitor: [Văn phòng UBND tỉnh]
  - id: van-ban
    group: the-che
    text: Rà soát văn bản quy phạm pháp luật
    result: Báo cáo rà soát
    deadline: Hằng năm
    lead: [Sở Tư pháp]
    monitor: [Thanh tra tỉnh]
body:
  - title: Nội dung
    sections:
      - title: Tuyên truyền trên báo chí
        text: Lịch tuyên truyền như sau.
        table:
          columns:
            - {header: "TT", width: 1.2, numbered: true}
            - {header: "Nội dung", width: 8}
            - {header: "Trách nhiệm thực hiện", width: 4}
            - {header: "Thời gian", width: 3, align: center}
          numbering: per-group
          rows:
            - group: "Báo chí"
            - ["Chuyên mục cải cách hành chính", {text: "Sở Nội vụ", rowspan: 2}, "Quý I"]
            - cells: ["Phóng sự về dịch vụ công", "Quý II"]
              bold: true
            - group: "Phát thanh"
            - ["Bản tin hằng tuần", "Đài Phát thanh", {text: ["Tháng 3", "Tháng 9"]}]
      - title: Nhiệm vụ
        tasks: {}
appendix_numbering: @NUMBERING@
appendices:
  - title: PHÂN CÔNG NHIỆM VỤ
    source: tasks
    columns:
      - {field: stt, header: STT}
      - {field: text, header: Nhiệm vụ}
      - {field: result, header: Sản phẩm}
      - {field: deadline, header: Thời gian hoàn thành}
      - {field: lead, header: Chủ trì}
      - {field: monitor, header: "Theo dõi, kiểm tra, đôn đốc"}
  - title: THỜI GIAN, ĐƠN VỊ ĐƯỢC KIỂM TRA
    table:
      columns:
        - {header: STT, width: 1.5, numbered: true}
        - {header: Đơn vị được kiểm tra, width: 9}
        - {header: Thời gian kiểm tra, width: 4}
      header_rows:
        - [{text: STT, rowspan: 2}, {text: Kiểm tra, colspan: 2}]
        - [Đơn vị, Thời gian]
      row_height: 1
      rows:
        - group: Cơ quan chuyên môn cấp tỉnh
        - [Sở Xây dựng, Tháng 7/2026]
        - [Sở Y tế, Tháng 8/2026]
        - group: Ủy ban nhân dân cấp xã
        - [Phường Bắc Gia Nghĩa, Tháng 3/2026]
  - title: ĐỀ CƯƠNG BÁO CÁO
    body:
      - title: Kết quả thực hiện
        sections:
          - title: Công tác chỉ đạo
            points: [Ban hành kế hoạch, Tổ chức kiểm tra]
      - title: Đề xuất, kiến nghị
        text: Nêu các đề xuất.
"""


def _plan(*, draft: bool = False, numbering: str = "roman") -> str:
    head = HEAD.format(
        status="draft" if draft else "issued",
        number="" if draft else "number: 155",
        day="" if draft else "day: 15, ",
    )
    return head + PLAN.replace("@NUMBERING@", numbering)


def _build(root: Path, text: str, name: str = "bang.yaml") -> etree._Element:
    plan = root / "plans" / name
    plan.write_text(text, encoding="utf-8")
    built = build_plan(root, plan, root / "build")
    with zipfile.ZipFile(built) as archive:
        return etree.fromstring(archive.read("word/document.xml"))


def _text(element: etree._Element) -> str:
    return "".join(element.itertext())


def _paragraph_texts(element: etree._Element) -> list[str]:
    return [_text(p) for p in element.iter(f"{{{W}}}p")]


def _rows(table: etree._Element) -> list[list[etree._Element]]:
    return [tr.findall("w:tc", NS) for tr in table.findall("w:tr", NS)]


def _cell_text(tc: etree._Element) -> str:
    return "\n".join(_text(p) for p in tc.findall("w:p", NS))


def _table_with(root: etree._Element, heading: str) -> etree._Element:
    found = [t for t in root.iter(f"{{{W}}}tbl") if heading in _text(t.find("w:tr", NS))]
    assert len(found) == 1, heading
    return found[0]


def _merge(tc: etree._Element) -> str | None:
    """«restart», «continue» (a bare w:vMerge) or None for a cell that is not merged down."""
    found = tc.find("w:tcPr/w:vMerge", NS)
    if found is None:
        return None
    return found.get(f"{{{W}}}val") or "continue"


def _span(tc: etree._Element) -> int:
    found = tc.find("w:tcPr/w:gridSpan", NS)
    return 1 if found is None else int(found.get(f"{{{W}}}val"))


def _sections(root: etree._Element) -> list[etree._Element]:
    return list(root.iter(f"{{{W}}}sectPr"))


def _portrait(section: etree._Element) -> bool:
    size = section.find("w:pgSz", NS)
    return int(size.get(f"{{{W}}}w")) < int(size.get(f"{{{W}}}h"))


@pytest.fixture(scope="module")
def built(tmp_path_factory: pytest.TempPathFactory) -> etree._Element:
    from conftest import make_repository

    return _build(make_repository(tmp_path_factory.mktemp("tables")), _plan())


def test_body_table_stands_after_its_text_with_a_repeated_header(built: etree._Element) -> None:
    table = _table_with(built, "Trách nhiệm thực hiện")
    before = table.getprevious()
    assert _text(before) == "Lịch tuyên truyền như sau."
    assert _text(table.getnext()) == "2. Nhiệm vụ"
    trs = table.findall("w:tr", NS)
    assert trs[0].find("w:trPr/w:tblHeader", NS) is not None
    assert all(tr.find("w:trPr/w:tblHeader", NS) is None for tr in trs[1:])
    assert all(tr.find("w:trPr/w:cantSplit", NS) is not None for tr in trs)
    # In the portrait body: the grid fits between the margins of the body's page.
    body_section = _sections(built)[0]
    assert _portrait(body_section)
    size, margins = body_section.find("w:pgSz", NS), body_section.find("w:pgMar", NS)
    text_width = (
        int(size.get(f"{{{W}}}w"))
        - int(margins.get(f"{{{W}}}left"))
        - int(margins.get(f"{{{W}}}right"))
    )
    grid = [int(c.get(f"{{{W}}}w")) for c in table.findall("w:tblGrid/w:gridCol", NS)]
    assert len(grid) == 4
    assert text_width - 4 <= sum(grid) <= text_width


def test_body_table_numbers_rows_per_group_and_merges_cells(built: etree._Element) -> None:
    rows = _rows(_table_with(built, "Trách nhiệm thực hiện"))
    texts = [[_cell_text(tc) for tc in row] for row in rows]
    assert texts == [
        ["TT", "Nội dung", "Trách nhiệm thực hiện", "Thời gian"],
        ["I", "Báo chí"],
        ["1", "Chuyên mục cải cách hành chính", "Sở Nội vụ", "Quý I"],
        ["2", "Phóng sự về dịch vụ công", "", "Quý II"],
        ["II", "Phát thanh"],
        ["1", "Bản tin hằng tuần", "Đài Phát thanh", "Tháng 3\nTháng 9"],
    ]
    assert [_span(tc) for tc in rows[1]] == [1, 3]  # the group's title across the columns
    assert [_merge(tc) for tc in rows[2]] == [None, None, "restart", None]
    assert [_merge(tc) for tc in rows[3]] == [None, None, "continue", None]
    # A bold row: its written cells are bold; the group rows are bold.
    bold_row = rows[3][1].find(".//w:r/w:rPr/w:b", NS)
    assert bold_row is not None
    assert rows[1][1].find(".//w:r/w:rPr/w:b", NS) is not None
    assert rows[2][1].find(".//w:r/w:rPr/w:b", NS) is None


def test_appendix_table_with_two_header_rows(built: etree._Element) -> None:
    table = _table_with(built, "Kiểm tra")
    rows = _rows(table)
    trs = table.findall("w:tr", NS)
    assert [tr.find("w:trPr/w:tblHeader", NS) is not None for tr in trs[:3]] == [True, True, False]
    assert [_cell_text(tc) for tc in rows[0]] == ["STT", "Kiểm tra"]
    assert [(_span(tc), _merge(tc)) for tc in rows[0]] == [(1, "restart"), (2, None)]
    assert [(_cell_text(tc), _merge(tc)) for tc in rows[1]] == [
        ("", "continue"),
        ("Đơn vị", None),
        ("Thời gian", None),
    ]
    numbers = [_cell_text(row[0]) for row in rows[2:]]
    assert numbers == ["I", "1", "2", "II", "3"]  # continuous numbering by default


def test_row_height_is_a_least_height_of_rows_under_the_header(built: etree._Element) -> None:
    trs = _table_with(built, "Kiểm tra").findall("w:tr", NS)
    heights = [tr.find("w:trPr/w:trHeight", NS) for tr in trs]
    assert heights[:2] == [None, None]
    assert {(h.get(f"{{{W}}}val"), h.get(f"{{{W}}}hRule")) for h in heights[2:]} == {
        ("567", "atLeast")  # 1 cm
    }
    body_rows = _table_with(built, "Trách nhiệm thực hiện").findall("w:tr", NS)
    assert all(tr.find("w:trPr/w:trHeight", NS) is None for tr in body_rows)


def test_text_appendix_is_portrait_with_its_own_numbering(built: etree._Element) -> None:
    paragraphs = _paragraph_texts(built)
    start = paragraphs.index("ĐỀ CƯƠNG BÁO CÁO")
    assert paragraphs[start - 1] == "Phụ lục III"
    assert paragraphs[start + 2 : start + 8] == [
        "I. KẾT QUẢ THỰC HIỆN",
        "1. Công tác chỉ đạo",
        "a) Ban hành kế hoạch",
        "b) Tổ chức kiểm tra",
        "II. ĐỀ XUẤT, KIẾN NGHỊ",
        "Nêu các đề xuất.",
    ]
    sections = _sections(built)
    assert len(sections) == 4  # body, then one per appendix
    assert [_portrait(s) for s in sections] == [True, False, False, True]


def test_reference_line_names_the_chairman(built: etree._Element) -> None:
    line = (
        "(Ban hành kèm theo Kế hoạch số 155/KH-UBND ngày 15 tháng 3 năm 2026 "
        "của Chủ tịch UBND tỉnh Lâm Đồng)"
    )
    assert _paragraph_texts(built).count(line) == 3  # under each appendix's title


def test_draft_reference_line_keeps_its_blanks_and_single_unnumbered_label(
    tmp_path: Path,
) -> None:
    from conftest import make_repository

    root = _build(make_repository(tmp_path), _plan(draft=True, numbering="none"))
    texts = _paragraph_texts(root)
    assert texts.count("PHỤ LỤC") == 3
    lines = [t for t in texts if t.startswith("(Ban hành kèm theo Kế hoạch số")]
    assert len(lines) == 3
    for line in lines:
        assert line.endswith("của Chủ tịch UBND tỉnh Lâm Đồng)")
        number = line.removeprefix("(Ban hành kèm theo Kế hoạch số").split("/KH-UBND")[0]
        assert number and not number.strip()  # a blank to write the number in by hand


def test_task_outputs_are_rows_under_one_task_cell_with_monitor(built: etree._Element) -> None:
    rows = _rows(_table_with(built, "Theo dõi, kiểm tra, đôn đốc"))
    texts = [[_cell_text(tc) for tc in row] for row in rows]
    assert texts[1] == ["I", "Công tác chỉ đạo, điều hành"]
    assert texts[2] == [
        "1",
        "Tham mưu ban hành Kế hoạch kiểm tra công tác cải cách hành chính",
        "Kế hoạch kiểm tra của tỉnh",
        "Quý I",
        "Sở Nội vụ",
        "Sở Nội vụ",
    ]
    assert texts[3] == [
        "",
        "",
        "Kế hoạch tự kiểm tra",
        "Quý II",
        "Các cơ quan, đơn vị, địa phương",
        "Văn phòng UBND tỉnh",
    ]
    assert [_merge(tc) for tc in rows[2]] == ["restart", "restart", None, None, None, None]
    assert [_merge(tc) for tc in rows[3]] == ["continue", "continue", None, None, None, None]
    assert texts[5] == [
        "2",
        "Rà soát văn bản quy phạm pháp luật",
        "Báo cáo rà soát",
        "Hằng năm",
        "Sở Tư pháp",
        "Thanh tra tỉnh",
    ]


def test_body_task_list_is_unchanged_by_outputs(built: etree._Element) -> None:
    texts = _paragraph_texts(built)
    start = texts.index("2. Nhiệm vụ")
    assert texts[start + 1 : start + 5] == [
        "2.1. Công tác chỉ đạo, điều hành",
        "Tham mưu ban hành Kế hoạch kiểm tra công tác cải cách hành chính",
        "2.2. Cải cách thể chế",
        "Rà soát văn bản quy phạm pháp luật./.",
    ]


def test_decision_reference_lead_and_number_colon(sandbox: Path) -> None:
    text = """\
document:
  issuer: {name: Ủy ban nhân dân tỉnh Lâm Đồng, abbr: UBND}
  place: Lâm Đồng
  date: {year: 2026}
  title: Kế hoạch kèm quyết định
  period: "2026"
  header: bodies
  reference_number_colon: true
body:
  - title: Mục
    text: Nội dung.
decision:
  number: 12
  date: {day: 20, month: 1, year: 2026}
  title: Ban hành Kế hoạch
  reference_lead: Ban hành kèm theo
  articles: [{text: Ban hành kèm theo Quyết định này Kế hoạch.}]
  signature: {title: Chủ tịch, name: Nguyễn Văn A}
"""
    texts = _paragraph_texts(_build(sandbox, text))
    assert (
        "(Ban hành kèm theo Quyết định số: 12/QĐ-UBND ngày 20 tháng 01 năm 2026 của "
        "Ủy ban nhân dân tỉnh Lâm Đồng)"
    ) in texts


@pytest.mark.parametrize(
    ("old", "new", "at", "message"),
    [
        (
            '"Phóng sự về dịch vụ công", "Quý II"]',
            '"Phóng sự về dịch vụ công", "Quý II", "x"]',
            '"x"',
            "dòng 3 của bảng thừa ô: bảng có 3 cột (không kể cột đánh số",
        ),
        (
            '{text: "Sở Nội vụ", rowspan: 2}',
            '{text: "Sở Nội vụ", rowspan: 3}',
            "rowspan: 3",
            "ô gộp 3 dòng (rowspan) vượt quá cuối bảng hoặc qua một dòng nhóm (dòng 2)",
        ),
        (
            "[Sở Y tế, Tháng 8/2026]",
            "[Sở Y tế]",
            "[Sở Y tế]",
            "dòng 3 của bảng thiếu ô: các ô chiếm 1 cột, bảng có 2 cột",
        ),
        (
            "  - title: ĐỀ CƯƠNG BÁO CÁO\n    body:",
            "  - title: ĐỀ CƯƠNG BÁO CÁO\n    source: tasks\n    body:",
            "body:\n      - title: Kết quả",
            "mỗi phụ lục ghi đúng một trong ba: source (bảng từ targets, tasks), table (bảng ghi "
            "từng dòng) hoặc body (phụ lục văn bản); ở đây có source, body",
        ),
        (
            "  - title: ĐỀ CƯƠNG BÁO CÁO\n    body:\n      - title: Kết quả thực hiện\n"
            "        sections:\n          - title: Công tác chỉ đạo\n"
            "            points: [Ban hành kế hoạch, Tổ chức kiểm tra]\n"
            "      - title: Đề xuất, kiến nghị\n        text: Nêu các đề xuất.\n",
            "  - title: ĐỀ CƯƠNG BÁO CÁO\n",
            "title: ĐỀ CƯƠNG",
            "mỗi phụ lục ghi đúng một trong ba",
        ),
    ],
)
def test_a_table_that_does_not_fit_is_refused_at_its_line(
    sandbox: Path, old: str, new: str, at: str, message: str
) -> None:
    """The message points at the cell (or key) at fault: line and column of ``at``."""
    text = _plan()
    assert text.count(old) == 1
    text = text.replace(old, new)
    offset = text.index(at)
    line = text.count("\n", 0, offset) + 1
    column = offset - text.rfind("\n", 0, offset)
    (sandbox / "plans" / "bang.yaml").write_text(text, encoding="utf-8")
    result = run_kehoach(sandbox, "check", "plans/bang.yaml")
    assert result.returncode != 0
    errors = [line for line in result.stderr.splitlines() if "lỗi:" in line]
    assert errors[0].startswith(f"plans/bang.yaml:{line}:{column}: lỗi:"), result.stderr
    assert message in errors[0]


def test_lint_reads_the_cells_of_a_written_table(sandbox: Path) -> None:
    text = _plan().replace("Phóng sự về dịch vụ công", "Phóng sựu về dịch vụ công")
    (sandbox / "plans" / "bang.yaml").write_text(text, encoding="utf-8")
    result = run_kehoach(sandbox, "lint", "plans/bang.yaml")
    assert "«sựu»" in result.stderr + result.stdout
    (sandbox / "plans" / "bang.yaml").write_text(_plan(), encoding="utf-8")
    clean = run_kehoach(sandbox, "lint", "plans/bang.yaml")  # «center», «numbered» are no words
    assert clean.returncode == 0, clean.stderr


def test_diff_reports_a_written_table_row_by_row(sandbox: Path) -> None:
    old = _plan()
    new = old.replace(
        "[Sở Y tế, Tháng 8/2026]",
        "[Sở Y tế, Tháng 8/2026]\n        - [Sở Công Thương, Tháng 9/2026]",
    )
    new = new.replace("Chuyên mục cải cách hành chính", "Chuyên mục CCHC")
    (sandbox / "plans" / "cu.yaml").write_text(old, encoding="utf-8")
    (sandbox / "plans" / "moi.yaml").write_text(new, encoding="utf-8")
    result = run_kehoach(sandbox, "diff", "plans/cu.yaml", "plans/moi.yaml")
    lines = [line for line in result.stdout.splitlines() if line.startswith("- ")]
    assert lines == [
        "- mục Nội dung › Tuyên truyền trên báo chí, bảng, dòng 3: Chuyên mục "
        "[-cải cách hành chính-]{+CCHC+} | Sở Nội vụ | Quý I",
        "- phụ lục THỜI GIAN, ĐƠN VỊ ĐƯỢC KIỂM TRA › bảng, dòng 6: thêm mới: "
        "«Sở Công Thương | Tháng 9/2026»",
    ], result.stdout + result.stderr
